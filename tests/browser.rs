//! Browser-side tests, compiled to WebAssembly and run in headless Chromium by
//! wasm-bindgen-test-runner (./test runs them): code that needs a real browser.
#![cfg(target_arch = "wasm32")]

use restock::device;
use restock::i18n::Lang;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_device_store_keeps_values_between_reads_and_forgets_them_on_request() {
    device::remove("test.key");
    assert_eq!(device::get::<Lang>("test.key"), None);
    device::set("test.key", &Lang::En);
    assert_eq!(device::get::<Lang>("test.key"), Some(Lang::En));
    // What another tab or a reload would read: the raw storage.
    let raw = web_sys::window().unwrap().local_storage().unwrap().unwrap().get_item("test.key").unwrap();
    assert_eq!(raw.as_deref(), Some("\"En\""));
    device::remove("test.key");
    assert_eq!(device::get::<Lang>("test.key"), None);
}

#[wasm_bindgen_test]
fn a_corrupt_stored_value_reads_as_missing_instead_of_crashing() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.set_item("test.corrupt", "{not json").unwrap();
    assert_eq!(device::get::<Lang>("test.corrupt"), None);
    storage.remove_item("test.corrupt").unwrap();
}

#[wasm_bindgen_test]
fn the_language_follows_this_chinese_browser() {
    let langs = device::browser_languages();
    assert!(!langs.is_empty());
    assert_eq!(langs[0].to_lowercase(), "zh-cn", "{langs:?} (tests/webdriver.json sets zh-CN)");
    assert_eq!(Lang::for_browser(&langs), Lang::Zh);
}

#[wasm_bindgen_test]
async fn the_app_mounts_and_shows_sign_in_when_nobody_is_signed_in() {
    device::remove(device::USER_KEY);
    device::remove(device::LANG_KEY);
    restock::app::start();
    let doc = web_sys::window().unwrap().document().unwrap();
    // The first render is synchronous; the sign-in form is there at once, in Chinese.
    let button = doc.query_selector(".sign-in button[type=submit]").unwrap().expect("the sign-in form");
    assert_eq!(button.text_content().unwrap().trim(), "登录");
    // Effects (the page's language) run once the current task yields.
    gloo_timers::future::TimeoutFuture::new(10).await;
    assert_eq!(doc.document_element().unwrap().get_attribute("lang").as_deref(), Some("zh-CN"));
}

#[wasm_bindgen_test]
async fn indexeddb_keeps_a_cart_and_reads_it_back_whole() {
    use restock::cart::Cart;
    use restock::device::idb;
    let mut cart = Cart { shop_id: 7, lines: vec![] };
    for id in 1..=200 {
        cart.add(&card(id), 3, 0);
    }
    idb::put("test:cart", &cart).await.unwrap();
    let back: Cart = idb::get("test:cart").await.unwrap().expect("stored");
    assert_eq!(back, cart);
    idb::delete("test:cart").await.unwrap();
    assert_eq!(idb::get::<Cart>("test:cart").await.unwrap(), None);
}

#[wasm_bindgen_test]
async fn an_order_leaves_the_cart_for_the_outbox_in_one_transaction() {
    use restock::cart::Cart;
    use restock::device::idb;
    let mut cart = Cart { shop_id: 7, lines: vec![] };
    cart.add(&card(1), 2, 0);
    idb::put("test:c", &cart).await.unwrap();
    idb::put("test:o", &Vec::<Cart>::new()).await.unwrap();
    let n = idb::update_two("test:c", "test:o", |c: Option<Cart>, o: Option<Vec<Cart>>| {
        let mut outbox = o.unwrap();
        outbox.push(c.unwrap());
        (Cart { shop_id: 7, lines: vec![] }, outbox, 1)
    })
    .await
    .unwrap();
    assert_eq!(n, 1);
    assert!(idb::get::<Cart>("test:c").await.unwrap().unwrap().lines.is_empty());
    assert_eq!(idb::get::<Vec<Cart>>("test:o").await.unwrap().unwrap()[0].cases_of(1), 2);
}

#[wasm_bindgen_test]
async fn a_receipt_check_is_kept_per_account_and_order_and_an_account_is_forgotten_whole() {
    use restock::delivery::receipt::ReceiptCheck;
    use restock::delivery::receipt_store::{account_prefix, receipt_key};
    use restock::device::idb;
    let lines = vec![restock::orders::OrderLine {
        product_id: 5,
        name_zh: "薯片".into(),
        name_en: "Crisps".into(),
        pack_size: 12,
        cases: 2,
        free_cases: 0,
        case_price: restock::money::Fen(4800),
        total: restock::money::Fen(9600),
    }];
    // Account 1 counted order 70 short (one case, and 3 units in the other); it has another
    // order's check, and account 12 (whose key starts like account 1's) has one of order 70 too.
    let mut short = ReceiptCheck::new(70, &lines, 0);
    short.set_cases(1, 1);
    short.set_short_units(1, 3);
    idb::put(&receipt_key(1, 70), &short).await.unwrap();
    idb::put(&receipt_key(1, 71), &ReceiptCheck::new(71, &lines, 0)).await.unwrap();
    idb::put(&receipt_key(12, 70), &ReceiptCheck::new(70, &lines, 0)).await.unwrap();
    let back: ReceiptCheck = idb::get(&receipt_key(1, 70)).await.unwrap().expect("kept");
    assert_eq!(back, short);
    assert_eq!(back.received()[0].units, 9);
    assert!(back.fits(70, &lines));
    assert_eq!(
        idb::get::<ReceiptCheck>(&receipt_key(12, 70)).await.unwrap().unwrap().received()[0].units,
        24,
        "per account"
    );
    // Account 1 signs out: all of its checks go, nobody else's.
    idb::delete_prefix(&account_prefix(1)).await.unwrap();
    assert_eq!(idb::get::<ReceiptCheck>(&receipt_key(1, 70)).await.unwrap(), None);
    assert_eq!(idb::get::<ReceiptCheck>(&receipt_key(1, 71)).await.unwrap(), None);
    assert!(idb::get::<ReceiptCheck>(&receipt_key(12, 70)).await.unwrap().is_some());
    idb::delete(&receipt_key(12, 70)).await.unwrap();
}

fn card(id: i64) -> restock::catalogue::ProductCard {
    restock::catalogue::ProductCard {
        id,
        name_zh: format!("商品{id}"),
        name_en: format!("Product {id}"),
        brand_zh: "牌".into(),
        brand_en: "Brand".into(),
        category: restock::catalogue::Category::Snacks,
        spec: "60g×24".into(),
        pack_size: 24,
        case_price: restock::money::Fen(4800),
        stock_cases: 100,
        min_cases: 1,
        max_cases: 50,
        flags: vec![],
        promo: None,
    }
}

/// An outbox of named items for the sending loop (`device::outbox`): an item named `net…` is not
/// reached on its first try, `bad…` is refused, anything else is taken (answer: its name's length).
#[derive(Clone, Copy)]
struct Named {
    items: leptos::prelude::RwSignal<Vec<(String, u32)>>,
    delivered: leptos::prelude::StoredValue<Vec<String>>,
    settled: leptos::prelude::StoredValue<Vec<(String, device::outbox::Outcome<usize>)>>,
    sender: device::outbox::Sender,
}

impl device::outbox::Outbox for Named {
    type Item = (String, u32);
    type Answer = usize;
    fn sender(self) -> device::outbox::Sender {
        self.sender
    }
    fn waiting(self) -> Option<Vec<(String, u32)>> {
        use leptos::prelude::*;
        Some(self.items.get_untracked())
    }
    fn key(item: &(String, u32)) -> String {
        item.0.clone()
    }
    fn attempts(item: &(String, u32)) -> u32 {
        item.1
    }
    async fn deliver(self, item: &(String, u32)) -> Result<usize, restock::error::AppError> {
        use leptos::prelude::*;
        self.delivered.update_value(|d| d.push(item.0.clone()));
        gloo_timers::future::TimeoutFuture::new(30).await;
        match item.0.as_str() {
            n if n.starts_with("net") && item.1 == 0 => Err(restock::error::AppError::Network("offline".into())),
            n if n.starts_with("bad") => Err(restock::error::AppError::NotFound),
            n => Ok(n.len()),
        }
    }
    async fn settle(self, item: (String, u32), outcome: device::outbox::Outcome<usize>) {
        use device::outbox::Outcome;
        use leptos::prelude::*;
        self.items.update(|all| match outcome {
            Outcome::Later { attempts } => all.iter_mut().filter(|x| x.0 == item.0).for_each(|x| x.1 = attempts),
            _ => all.retain(|x| x.0 != item.0),
        });
        self.settled.update_value(|s| s.push((item.0, outcome)));
    }
}

#[wasm_bindgen_test]
async fn the_outbox_sends_each_item_once_a_pass_retries_only_what_was_not_reached_and_takes_late_items() {
    use device::outbox::{self, Outcome};
    use leptos::prelude::*;
    // Mounting sets up the executor that spawn_local needs, as the app's start does.
    let host = web_sys::window().unwrap().document().unwrap().create_element("div").unwrap();
    leptos::mount::mount_to(wasm_bindgen::JsCast::unchecked_into(host), || ()).forget();
    let o = Named {
        items: RwSignal::new(vec![("order-a".into(), 0), ("net-b".into(), 0), ("bad-c".into(), 0)]),
        delivered: StoredValue::new(vec![]),
        settled: StoredValue::new(vec![]),
        sender: outbox::Sender::new(),
    };
    outbox::send(o);
    // A second send while the pass runs (a double tap, the network coming back) starts nothing new;
    // an item queued once the pass has read what waits (a second checkout) goes in the same run.
    outbox::send(o);
    gloo_timers::future::TimeoutFuture::new(10).await;
    assert_eq!(o.delivered.get_value(), ["order-a"], "the pass has started");
    o.items.update(|all| all.push(("late-d".into(), 0)));
    outbox::send(o);
    assert!(o.sender.first_answer("late-d", 3_000).await, "the late item was sent in the same run");
    assert_eq!(o.delivered.get_value(), ["order-a", "net-b", "bad-c", "late-d"], "each once, oldest first");
    assert_eq!(
        o.settled.get_value(),
        [
            ("order-a".to_owned(), Outcome::Sent(7)),
            ("net-b".to_owned(), Outcome::Later { attempts: 1 }),
            ("bad-c".to_owned(), Outcome::Refused(restock::error::AppError::NotFound)),
            ("late-d".to_owned(), Outcome::Sent(6)),
        ]
    );
    assert_eq!(o.items.get_untracked(), [("net-b".to_owned(), 1)], "only the unreached one waits");
    // It goes again by itself after the back-off (4 s after a first failure), with the same key.
    assert!(o.sender.first_answer("net-b", 6_000).await, "retried after the back-off");
    assert_eq!(o.delivered.get_value().iter().filter(|k| *k == "net-b").count(), 2);
    assert_eq!(o.settled.get_value().last().unwrap(), &("net-b".to_owned(), Outcome::Sent(5)));
    assert!(o.items.get_untracked().is_empty());
    // Nothing answered within the time given: false, and nothing waits for it any more.
    assert!(!o.sender.first_answer("never-queued", 50).await);
}

#[wasm_bindgen_test]
fn an_answer_is_sent_taken_retried_later_or_refused_and_retries_back_off_to_a_minute() {
    use device::outbox::{backoff_ms, Outcome};
    use restock::error::AppError;
    assert_eq!(Outcome::of(Ok::<_, AppError>(1), 0), Outcome::Sent(1));
    assert_eq!(Outcome::<()>::of(Err(AppError::Network("x".into())), 0), Outcome::Later { attempts: 1 });
    assert_eq!(Outcome::<()>::of(Err(AppError::Internal), u32::MAX), Outcome::Later { attempts: u32::MAX });
    assert_eq!(Outcome::<()>::of(Err(AppError::Forbidden), 3), Outcome::Refused(AppError::Forbidden));
    assert_eq!(Outcome::<()>::of(Err(AppError::NotSignedIn), 3), Outcome::Refused(AppError::NotSignedIn));
    assert_eq!(backoff_ms(0), 2_000);
    assert_eq!(backoff_ms(1), 4_000);
    assert_eq!(backoff_ms(4), 32_000);
    assert_eq!(backoff_ms(5), 60_000);
    assert_eq!(backoff_ms(u32::MAX), 60_000);
}
