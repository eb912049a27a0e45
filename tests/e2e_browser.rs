//! End to end, as a shop owner sees it: the real server (the `restock` binary) serving the real
//! WebAssembly build (`dist/`, made by ./test), driven in headless Chromium through chromedriver.
//! Screenshots of what the user saw are written to test-output/screenshots/.
//!
//! The steps are written with the fixtures in tests/e2e/: `find` (where things are on the page),
//! `action` (what a user does), `browser` (the server, Chromium, waits, screenshots).

mod common;
mod e2e;

use common::*;
use e2e::action::*;
use e2e::arrange::*;
use e2e::browser::*;
use e2e::camera::*;
use e2e::find;
use serde_json::json;
use std::time::{Duration, Instant};

fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shop_owner_signs_in_browses_in_both_languages_offline_too_and_signs_out() {
    let work = scratch_dir("e2e");
    let db_url = format!("sqlite://{}/restock.db", work.display());
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start_server(port, &db_url).await;
    let (_driver, c) = start_browser("zh-CN,zh", &work.join("profile")).await;

    // A Chinese browser gets the Chinese sign-in page.
    c.goto(&base).await.unwrap();
    wait_for(&c, find::PHONE).await;
    assert_eq!(text(&c, find::SIGN_IN).await, "登录");
    shot(&c, "phone-sign-in-zh").await;

    // A bad number is refused on the spot, in Chinese, and nothing typed is lost.
    fill_sign_in(&c, "1380000").await;
    assert_eq!(text(&c, find::FORM_ERROR).await, "请输入 11 位手机号");
    assert_eq!(value_of(&c, find::PASSWORD).await.as_deref(), Some("demo1234"));

    type_into(&c, find::PHONE, "0001").await;
    submit_sign_in(&c).await;
    let greeting = text(&c, find::GREETING).await;
    assert!(greeting.contains("芳芳便利店"), "{greeting}");
    wait_for(&c, find::STRIP_ITEM).await;
    shot(&c, "phone-home-zh").await;

    // The catalogue, rendered by the WebAssembly app from the server's data.
    open_tab(&c, "/catalogue").await;
    wait_for(&c, find::PRODUCT).await;
    let names = find::product_names(&c).await;
    assert!(names.len() >= 5 && names.iter().all(|n| has_chinese(n)), "{names:?}");
    // Only what is on screen is rendered: a page of 40 products, far fewer rows in the document.
    let list_height = c
        .execute(
            &format!("return document.querySelector('{}').getBoundingClientRect().height", find::PRODUCT_LIST),
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(list_height.as_f64().unwrap(), 40.0 * 148.0);
    assert!(names.len() < 20, "{} rows rendered", names.len());
    assert!(text(&c, find::PRODUCT_CASE_PRICE).await.starts_with('¥'));
    shot(&c, "phone-catalogue-zh").await;

    // Search as you type: pinyin initials.
    type_into(&c, find::SEARCH, "ksf").await;
    wait_until(
        &c,
        "the list shows only 康师傅",
        &format!(
            r#"const n=[...document.querySelectorAll('{}')].map(e=>e.textContent);
        return n.length>0 && n.every(t=>t.includes('康师傅'));"#,
            find::PRODUCT_NAME
        ),
    )
    .await;
    c.goto(&format!("{base}/catalogue")).await.unwrap();
    wait_for(&c, find::PRODUCT).await;

    // The service worker takes over; from then on the catalogue's answers are kept for offline.
    wait_for_service_worker(&c).await;
    c.refresh().await.unwrap();
    wait_for(&c, find::PRODUCT).await;
    let online_names = find::product_names(&c).await;

    // Tablet: the navigation becomes a side rail and the list uses the width.
    tablet(&c).await;
    wait_until(
        &c,
        "the tablet layout applies",
        &format!("return getComputedStyle(document.querySelector('{}')).width === '96px'", find::NAV),
    )
    .await;
    shot(&c, "tablet-catalogue-zh").await;
    c.set_window_size(390, 844).await.unwrap();

    // The network goes: the server is gone. A reload still opens the app, signed in, with the
    // last catalogue.
    drop(server);
    c.refresh().await.unwrap();
    wait_for(&c, find::PRODUCT).await;
    assert_eq!(find::product_names(&c).await, online_names);
    shot(&c, "phone-catalogue-offline-zh").await;

    // …and in English too.
    click_xpath(&c, find::HEADER_ENGLISH).await;
    wait_until(
        &c,
        "the names are English",
        &format!(
            r#"const n=[...document.querySelectorAll('{}')].map(e=>e.textContent);
        return n.length>0 && n.every(t=>!/[\u4e00-\u9fff]/.test(t));"#,
            find::PRODUCT_NAME
        ),
    )
    .await;
    assert_eq!(text(&c, &find::nav_label("/catalogue")).await, "Catalogue");
    assert_eq!(document_lang(&c).await, json!("en"));
    shot(&c, "phone-catalogue-offline-en").await;

    // The network is back; signing out ends the session and shows the sign-in page, in the
    // language the user chose.
    server = start_server(port, &db_url).await;
    open_tab(&c, "/account").await;
    click(&c, find::SIGN_OUT_BUTTON).await;
    wait_for(&c, find::PHONE).await;
    assert_eq!(text(&c, find::SIGN_IN).await, "Sign in");
    c.refresh().await.unwrap();
    wait_for(&c, find::PHONE).await;
    let me = c
        .execute_async(
            "const done = arguments[0]; fetch('/api/v1/account/me', {method:'POST', headers:{'content-type':'application/json'}, body:'{}'}).then(r=>r.json()).then(done)",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(me, serde_json::Value::Null);
    c.close().await.unwrap();
    drop(server);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_english_browser_gets_english() {
    let work = scratch_dir("e2e_en");
    let port = free_port();
    let _server = start_server(port, &format!("sqlite://{}/restock.db", work.display())).await;
    let (_driver, c) = start_browser("en-US,en", &work.join("profile")).await;
    c.goto(&format!("http://127.0.0.1:{port}/")).await.unwrap();
    wait_for(&c, find::PHONE).await;
    assert_eq!(text(&c, find::SIGN_IN).await, "Sign in");
    assert_eq!(document_lang(&c).await, json!("en"));
    shot(&c, "phone-sign-in-en").await;
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cart_survives_reloads_and_an_order_placed_offline_is_sent_exactly_once() {
    let work = scratch_dir("e2e_cart");
    let db = TestDb { url: format!("sqlite://{}/restock.db", work.display()), backend: "sqlite" };
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start_server(port, &db.url).await;
    // The most popular product (first in the list) costs ¥250 a case, plenty in stock.
    let top = sql_i64(&db, "SELECT id FROM products ORDER BY popularity DESC, id LIMIT 1").await;
    sql(&db, &format!("UPDATE products SET case_price_fen = 25000, stock_cases = 100, min_cases = 1, max_cases = 50 WHERE id = {top}")).await;
    let (_driver, c) = start_browser("zh-CN,zh", &work.join("profile")).await;

    sign_in_as(&c, &base, SHOP_A_OWNER).await;
    c.goto(&format!("{base}/catalogue")).await.unwrap();
    click(&c, &find::product_add(top)).await;
    click(&c, &find::product_plus(top)).await;
    click(&c, &find::product_plus(top)).await;
    assert_eq!(text(&c, find::NAV_BADGE).await, "1");
    assert_eq!(value_of(&c, &find::product_qty(top)).await.as_deref(), Some("3"), "the stepper counts up");
    tokio::time::sleep(Duration::from_millis(300)).await;

    // A reload keeps the cart: it comes from the device, before any network answer.
    c.refresh().await.unwrap();
    open_tab(&c, "/cart").await;
    assert_eq!(value_of(&c, &find::cart_line_qty(top)).await.as_deref(), Some("3"));
    wait_until_priced(&c).await;
    shot(&c, "phone-cart-zh").await;

    // The network goes. Placing the order keeps it on the phone and says so.
    wait_for_service_worker(&c).await;
    drop(server);
    c.refresh().await.unwrap();
    wait_for(&c, &find::cart_line(top)).await;
    wait_until_offline_shown(&c).await;
    click(&c, find::PLACE_ORDER).await;
    wait_for(&c, find::OUTBOX_ENTRY).await;
    assert_eq!(text(&c, find::NOTICE).await, "网络不通，订单已保存在手机上，联网后自动提交");
    shot(&c, "phone-outbox-offline-zh").await;

    // Still there after a reload, and the cart is empty (the order is not in two places).
    c.refresh().await.unwrap();
    wait_for(&c, find::OUTBOX_ENTRY).await;
    assert!(absent(&c, find::NAV_BADGE).await);
    assert_eq!(sql_i64(&db, "SELECT COUNT(*) FROM orders").await, 0);

    // The network returns: the outbox sends itself, once.
    server = start_server(port, &db.url).await;
    wait_until_outbox_empty(&c).await;
    c.refresh().await.unwrap();
    wait_for(&c, find::ORDER_ROW).await;
    assert_eq!(count(&c, find::ORDER_ROW).await, 1);
    assert_eq!(sql_i64(&db, "SELECT COUNT(*) FROM orders").await, 1);
    assert_eq!(sql_i64(&db, &format!("SELECT stock_cases FROM products WHERE id = {top}")).await, 97);
    assert!(absent(&c, find::OUTBOX_ENTRY).await);

    // The order's page: lines, promise, timeline; cancelling puts the stock back.
    click(&c, find::ORDER_ROW_LINK).await;
    wait_for(&c, find::TIMELINE_EVENT).await;
    shot(&c, "phone-order-zh").await;
    // The first tap only asks; "no" leaves the order as it was.
    tap(&c, find::CANCEL_ORDER).await;
    assert!(text(&c, find::CONFIRM_ASK).await.contains("库存和余额会退回"));
    tap(&c, find::CONFIRM_NO).await;
    wait_for(&c, find::CANCEL_ORDER).await;
    assert_eq!(sql_i64(&db, &format!("SELECT stock_cases FROM products WHERE id = {top}")).await, 97);
    tap_and_confirm(&c, find::CANCEL_ORDER).await;
    wait_for(&c, find::STATUS_CANCELLED).await;
    assert_eq!(sql_i64(&db, &format!("SELECT stock_cases FROM products WHERE id = {top}")).await, 100);
    c.close().await.unwrap();
    drop(server);
}

/// Not a pass/fail on time (these machines are shared): measures how long a 200-line cart takes
/// from app start to on screen, read from the app's own performance marks, and writes it to
/// test-output/bench-cart.txt for BENCHMARKS.md. It does fail if the 200 lines are not all shown.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_200_line_cart_comes_back_from_the_device() {
    let work = scratch_dir("e2e_cart200");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _server = start_server(port, &format!("sqlite://{}/restock.db", work.display())).await;
    let (_driver, c) = start_browser("zh-CN,zh", &work.join("profile")).await;
    sign_in_as(&c, &base, SHOP_A_OWNER).await;
    // Fill the cart through the app's own store: 200 real products, written as the app writes them.
    let filled = c
        .execute_async(
            r#"const done = arguments[0];
            const ids = Array.from({length: 200}, (_, i) => i + 1);
            fetch('/api/v1/catalogue/cards', {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({ids})})
              .then(r => r.json())
              .then(cards => {
                const lines = cards.map(p => ({product: p, cases: Math.max(1, p.min_cases), added_case_price: p.case_price, added_ms: Date.now()}));
                const open = indexedDB.open('restock');
                open.onsuccess = () => {
                  const tx = open.result.transaction('kv', 'readwrite');
                  tx.objectStore('kv').put(JSON.stringify({shop_id: 1, lines}), 'cart:1:1');
                  tx.oncomplete = () => done(lines.length);
                };
              });"#,
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(filled, json!(200));
    let mut samples = Vec::new();
    for _ in 0..5 {
        c.goto(&format!("{base}/cart")).await.unwrap();
        wait_until(
            &c,
            "200 cart lines are on screen",
            &format!("return document.querySelectorAll('{}').length === 200", find::CART_LINES),
        )
        .await;
        let ms = c
            .execute(
                "const s = performance.getEntriesByName('restock:app-start')[0], e = performance.getEntriesByName('restock:cart-on-screen')[0];
                 return [s.startTime, e.startTime];",
                vec![],
            )
            .await
            .unwrap();
        samples.push((ms[0].as_f64().unwrap(), ms[1].as_f64().unwrap()));
    }
    let mut spans: Vec<f64> = samples.iter().map(|(s, e)| e - s).collect();
    spans.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let mut from_nav: Vec<f64> = samples.iter().map(|(_, e)| *e).collect();
    from_nav.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let report = format!(
        "200-line cart, headless Chromium, 5 loads: app start → cart on screen median {:.0} ms (min {:.0}, max {:.0}); navigation start → cart on screen median {:.0} ms\n",
        spans[2], spans[0], spans[4], from_nav[2]
    );
    eprint!("{report}");
    std::fs::create_dir_all(project_dir().join("test-output")).unwrap();
    std::fs::write(project_dir().join("test-output/bench-cart.txt"), report).unwrap();
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_is_delivered_short_then_a_quality_claim_with_a_photo_survives_a_reload_is_paid_and_spent() {
    let work = scratch_dir("e2e_delivery");
    let db = TestDb { url: format!("sqlite://{}/restock.db", work.display()), backend: "sqlite" };
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _server = start_server(port, &db.url).await;
    sql(&db, "UPDATE products SET case_price_fen = 25000, stock_cases = 100, min_cases = 1, max_cases = 50, pack_size = 12 WHERE id = 20").await;

    // The shop orders (through the API: the ordering screens have their own test).
    let shop = reqwest::Client::builder().cookie_store(true).build().unwrap();
    shop.post(format!("{base}/api/v1/account/sign-in"))
        .json(&json!({"phone": SHOP_A_OWNER, "password": "demo1234"}))
        .send()
        .await
        .unwrap();
    let order: serde_json::Value = shop
        .post(format!("{base}/api/v1/orders/place"))
        .json(&json!({"req": {"key": "e2e-d", "shop_id": null, "lines": [{"product_id": 20, "cases": 2, "seen_case_price": 25000}], "use_balance": false}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = order["id"].as_id().unwrap();

    // The dispatcher, on a tablet, advances it three steps from the queue.
    let (_d1, c) = start_browser("zh-CN,zh", &work.join("dispatcher")).await;
    tablet(&c).await;
    sign_in_staff(&c, &base, DISPATCHER, "/dispatch").await;
    let advance = find::dispatch_advance(id);
    click(&c, &advance).await;
    click_xpath(&c, &find::dispatch_tab(2)).await;
    // The driver is one of the warehouse's, chosen from a list.
    wait_for(&c, &find::driver_option("王师傅")).await;
    wait_for(&c, find::DRIVER_SELECT).await.select_by_value("王师傅").await.unwrap();
    click(&c, &advance).await;
    click_xpath(&c, &find::dispatch_tab(3)).await;
    shot(&c, "tablet-dispatch-zh").await;
    click(&c, &advance).await;
    click_xpath(&c, &find::dispatch_tab(4)).await;
    // Out for delivery the next step is the shop's: no button that does nothing, and the row says so.
    wait_for(&c, &find::dispatch_waiting(id)).await;
    assert!(absent(&c, &advance).await);
    switch_language(&c, find::EN).await;
    wait_until(
        &c,
        "the dispatcher's rows are in English",
        &format!(
            "return document.querySelector(\"{}\")?.textContent === 'Waiting for the shop to sign'",
            find::dispatch_waiting(id)
        ),
    )
    .await;
    shot(&c, "tablet-dispatch-en").await;
    switch_language(&c, find::ZH).await;
    assert!(text(&c, &find::dispatch_address(id)).await.contains("张杨路"));
    c.close().await.unwrap();

    // The shop checks the delivery: one case of twelve is short by 5 units.
    let (_d2, c) = start_browser("zh-CN,zh", &work.join("shop")).await;
    sign_in_as(&c, &base, SHOP_A_OWNER).await;
    c.goto(&format!("{base}/orders/{id}")).await.unwrap();
    assert!(text(&c, find::DRIVER).await.starts_with("王师傅"));
    assert_eq!(wait_for(&c, find::CALL_DRIVER).await.attr("href").await.unwrap().as_deref(), Some("tel:13900001002"));
    // Both cases came; 5 units in them are missing or damaged: the exception opens a units field.
    tap(&c, &find::receipt_some_units(1)).await;
    type_into(&c, &find::receipt_short_units(1), "5").await;
    wait_until(
        &c,
        "19 of 24 units are counted",
        &format!("return document.querySelector(\"{}\")?.textContent.includes('19')", find::receipt_received(1)),
    )
    .await;
    assert_eq!(value_of(&c, &find::receipt_cases(1)).await.as_deref(), Some("2"));
    shot(&c, "phone-receipt-check-zh").await;
    tap_and_confirm(&c, find::SIGN_DELIVERY).await;
    wait_for(&c, find::STATUS_DELIVERED).await;
    open_tab(&c, "/claims").await;
    wait_for(&c, find::CLAIM).await;
    assert!(text(&c, find::CLAIM_HEAD).await.contains("少货/破损"));
    // ¥500 over 24 units, 5 missing: ⌊5 × 50000 / 24⌋ = 10416 fen.
    assert_eq!(text(&c, find::CLAIM_AMOUNT).await, "¥104.16");
    shot(&c, "phone-claims-zh").await;
    assert_eq!(sql_i64(&db, "SELECT COUNT(*) FROM claims WHERE kind = 'short_delivery'").await, 1);

    // A quality claim on the same line, with a photo (any real picture: a screenshot).
    let photo = work.join("torn-pack.png");
    std::fs::write(&photo, c.screenshot().await.unwrap()).unwrap();
    c.goto(&format!("{base}/orders/{id}")).await.unwrap();
    click(&c, find::FILE_CLAIM).await;
    // Delivered today: price guarantee (not for this product), expiry (not food)... only what is open.
    click(&c, &find::claim_kind("quality")).await;
    assert!(absent(&c, &find::claim_kind("slow_seller")).await, "slow seller opens on day 60");
    type_into(&c, find::CLAIM_UNITS, "2").await;
    type_into(&c, find::CLAIM_WHAT, "包装破损").await;
    type_into(&c, find::CLAIM_PHOTO_INPUT, &photo.display().to_string()).await;
    wait_for(&c, find::CLAIM_PHOTO).await;
    // 5 units already claimed as short: ⌊7 × 50000 / 24⌋ − ⌊5 × 50000 / 24⌋ = 4167 fen.
    wait_until(
        &c,
        "the rules' amount is shown",
        &format!("return document.querySelector('{}')?.textContent === '¥41.67'", find::CLAIM_AMOUNT),
    )
    .await;
    shot(&c, "phone-claim-form-zh").await;

    // The app closes mid-draft: nothing is lost.
    tokio::time::sleep(Duration::from_millis(300)).await;
    c.goto(&format!("{base}/catalogue")).await.unwrap();
    c.goto(&format!("{base}/orders/{id}/claim/1")).await.unwrap();
    wait_for(&c, find::CLAIM_PHOTO).await;
    assert_eq!(value_of(&c, find::CLAIM_UNITS).await.as_deref(), Some("2"));
    assert_eq!(value_of(&c, find::CLAIM_WHAT).await.as_deref(), Some("包装破损"));
    wait_until(
        &c,
        "the chosen guarantee is still chosen",
        &format!("return !!document.querySelector(\"{}\")", find::claim_kind_active("quality")),
    )
    .await;
    // The photo was downscaled and compressed on the phone before it is sent.
    wait_until(
        &c,
        "the draft photo is a JPEG",
        &format!("return document.querySelector('{}')?.naturalWidth > 0", find::CLAIM_PHOTO),
    )
    .await;
    tap(&c, find::SUBMIT_CLAIM).await;
    wait_for(&c, find::CLAIMS_LISTED).await;
    wait_until(
        &c,
        "the quality claim is listed",
        &format!(
            "return [...document.querySelectorAll('{}')].some(e => e.textContent.includes('先行赔付'))",
            find::CLAIM_HEAD
        ),
    )
    .await;
    c.close().await.unwrap();
    let quality = sql_i64(&db, "SELECT id FROM claims WHERE kind = 'quality'").await;
    assert_eq!(sql_i64(&db, &format!("SELECT amount_fen FROM claims WHERE id = {quality}")).await, 4_167);
    assert_eq!(
        sql_i64(
            &db,
            &format!("SELECT COUNT(*) FROM evidence WHERE claim_id = {quality} AND content_type = 'image/jpeg'")
        )
        .await,
        1
    );

    // The reviewer sees the photo and the computed amount, and approves.
    let (_d3, c) = start_browser("zh-CN,zh", &work.join("reviewer")).await;
    c.set_window_size(1280, 900).await.unwrap();
    sign_in_staff(&c, &base, REVIEWER, "/review").await;
    // The queue says what each claim is about without opening it: shop, product, photo.
    assert_eq!(text(&c, &find::review_shop(quality)).await, "芳芳便利店");
    assert!(!text(&c, &find::review_product(quality)).await.is_empty());
    wait_until(
        &c,
        "the queue shows the photo",
        &format!("return document.querySelector(\"{}\")?.naturalWidth > 0", find::review_thumb(quality)),
    )
    .await;
    // …in English too, switched in place.
    switch_language(&c, find::EN).await;
    wait_until(
        &c,
        "the queue is in English",
        &format!(
            "return document.querySelector(\"{}\")?.textContent === 'Approve and pay'",
            find::review_approve(quality)
        ),
    )
    .await;
    shot(&c, "desktop-review-queue-en").await;
    switch_language(&c, find::ZH).await;
    c.goto(&format!("{base}/claims/{quality}")).await.unwrap();
    wait_until(
        &c,
        "the evidence photo is shown",
        &format!("return document.querySelector('{}')?.naturalWidth > 0", find::EVIDENCE_PHOTO),
    )
    .await;
    assert_eq!(text(&c, find::CLAIM_AMOUNT).await, "¥41.67");
    assert_eq!(text(&c, find::FACT).await, "包装破损");
    shot(&c, "desktop-claim-review-zh").await;
    tap_and_confirm(&c, find::APPROVE).await;
    wait_for(&c, find::CLAIM_PAID).await;
    c.close().await.unwrap();

    // The shop sees its balance rise (¥12.50 opening + ¥41.67) and spends it at checkout.
    let (_d4, c) = start_browser("zh-CN,zh", &work.join("shop2")).await;
    sign_in_as(&c, &base, SHOP_A_OWNER).await;
    c.goto(&format!("{base}/claims")).await.unwrap();
    assert_eq!(text(&c, find::BALANCE).await, "¥54.17");
    add_a_case_and_open_the_cart(&c, &base, 20).await;
    wait_until(
        &c,
        "the balance is applied",
        &format!("return document.querySelector('{}')?.textContent === '-¥54.17'", find::BALANCE_USED),
    )
    .await;
    place_order(&c).await;
    wait_until(&c, "the order went through", "return location.pathname.startsWith('/orders')").await;
    c.close().await.unwrap();
    assert_eq!(sql_i64(&db, "SELECT balance_used_fen FROM orders ORDER BY created_ms DESC LIMIT 1").await, 5_417);
    assert_eq!(sql_i64(&db, "SELECT CAST(SUM(amount_fen) AS BIGINT) FROM ledger WHERE shop_id = 1").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_camera_reads_a_barcode_and_the_product_is_opened_and_added_to_the_cart() {
    let work = scratch_dir("e2e_scan");
    let db = TestDb { url: format!("sqlite://{}/restock.db", work.display()), backend: "sqlite" };
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _server = start_server(port, &db.url).await;
    sql(&db, "UPDATE products SET stock_cases = 100, min_cases = 1, max_cases = 50 WHERE id = 42").await;
    let code = unit_barcode(&db, 42).await;
    let video = work.join("shelf.y4m");
    barcode_video(&code, &video);
    let (_driver, c) = start_browser_with("zh-CN,zh", &work.join("profile"), &fake_camera(&video)).await;
    sign_in_as(&c, &base, SHOP_A_OWNER).await;

    // From the search: the code opens its product.
    c.goto(&format!("{base}/catalogue")).await.unwrap();
    tap(&c, find::SCAN_BUTTON).await;
    wait_until(
        &c,
        "the scanned product is open",
        &format!(
            "return location.pathname === '/product/42' && !!document.querySelector('{}')",
            find::PRODUCT_PAGE_TITLE
        ),
    )
    .await;
    let ms = c
        .execute(
            "return performance.now() - performance.getEntriesByName('restock:scanner-open').slice(-1)[0].startTime;",
            vec![],
        )
        .await
        .unwrap();
    let dir = project_dir().join("test-output");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("bench-scan.txt"),
        format!("scanner open to product on screen (fake camera, worker decoder): {:.0} ms\n", ms.as_f64().unwrap()),
    )
    .unwrap();

    // Restock mode: each scan adds one case, with an undo.
    c.goto(&format!("{base}/scan?mode=restock")).await.unwrap();
    wait_for(&c, find::SCAN_ADDED).await;
    shot(&c, "phone-scan-restock-zh").await;
    assert_eq!(text(&c, find::NAV_BADGE).await, "1");
    tap(&c, find::SCAN_UNDO).await;
    wait_until(&c, "the undo emptied the cart", &format!("return !document.querySelector('{}')", find::NAV_BADGE))
        .await;

    // Typed by hand, the check digit is checked as it is typed.
    let wrong = format!("{}{}", &code[..12], (code.as_bytes()[12] - b'0' + 1) % 10);
    type_into(&c, find::MANUAL_CODE, &wrong).await;
    wait_for(&c, find::TYPED_HINT_BAD).await;
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_salesperson_checks_in_and_orders_for_a_shop_which_sees_who_placed_it() {
    let work = scratch_dir("e2e_sales");
    let db = TestDb { url: format!("sqlite://{}/restock.db", work.display()), backend: "sqlite" };
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _server = start_server(port, &db.url).await;
    sql(
        &db,
        "UPDATE products SET case_price_fen = 25000, stock_cases = 100, min_cases = 1, max_cases = 50 WHERE id = 30",
    )
    .await;

    // The salesperson, on a tablet in landscape.
    let (_d1, c) = start_browser("zh-CN,zh", &work.join("sales")).await;
    tablet(&c).await;
    sign_in_staff(&c, &base, SALESPERSON, "/sales").await;
    tap(&c, &find::visit_check_in(1)).await;
    wait_for(&c, &find::visit_check_out(1)).await;
    // At one shop at a time: checking in at the next one first is refused, in words.
    tap(&c, &find::visit_check_in(2)).await;
    assert!(text(&c, &find::visit_error(2)).await.contains("另一家店"));
    // The language changes in place, buttons and all.
    switch_language(&c, find::EN).await;
    wait_until(
        &c,
        "the visit list is in English",
        &format!("return document.querySelector(\"{}\")?.textContent === 'Check in'", find::visit_check_in(2)),
    )
    .await;
    assert_eq!(text(&c, &find::visit_check_out(1)).await, "Check out");
    shot(&c, "tablet-sales-home-en").await;
    switch_language(&c, find::ZH).await;
    type_into(&c, &find::visit_note(1), "推荐了新品饮料").await;
    shot(&c, "tablet-sales-home-zh").await;
    tap(&c, &find::visit_check_out(1)).await;
    wait_for(&c, &find::visit_done(1)).await;

    // Shop A's page, then an order for it.
    tap(&c, &find::shop_card_link(1)).await;
    wait_for(&c, find::ORDER_FOR_SHOP).await;
    shot(&c, "tablet-sales-shop-zh").await;
    tap(&c, find::ORDER_FOR_SHOP).await;
    wait_until(
        &c,
        "ordering for shop A",
        &format!("return document.querySelector('{}')?.textContent.includes('芳芳便利店')", find::ACTING_FOR),
    )
    .await;
    add_a_case_and_open_the_cart(&c, &base, 30).await;
    wait_until_priced(&c).await;
    place_order(&c).await;
    wait_until(
        &c,
        "the order went through",
        &format!("return location.pathname.startsWith('/orders/') && !!document.querySelector('{}')", find::PLACED_BY),
    )
    .await;
    shot(&c, "tablet-order-for-shop-zh").await;
    c.close().await.unwrap();
    let order = sql_i64(&db, "SELECT id FROM orders ORDER BY created_ms DESC LIMIT 1").await;
    assert_eq!(sql_i64(&db, &format!("SELECT shop_id FROM orders WHERE id = {order}")).await, 1);
    assert_eq!(sql_i64(&db, &format!("SELECT placed_by FROM orders WHERE id = {order}")).await, 3);
    assert!(
        sql_i64(&db, "SELECT COUNT(*) FROM audit WHERE shop_id = 1").await >= 3,
        "check-in, check-out and the order are in the audit trail"
    );

    // Shop A's owner sees it, marked as placed by the salesperson.
    let (_d2, c) = start_browser("zh-CN,zh", &work.join("owner-a")).await;
    sign_in_as(&c, &base, SHOP_A_OWNER).await;
    c.goto(&format!("{base}/orders/{order}")).await.unwrap();
    wait_until(
        &c,
        "placed by the salesperson",
        &format!("return document.querySelector('{}')?.textContent.includes('张伟')", find::PLACED_BY),
    )
    .await;
    assert!(text(&c, find::PLACED_BY).await.contains("代下单") || text(&c, find::PLACED_BY).await.contains("·"));
    shot(&c, "phone-order-by-salesperson-zh").await;
    c.goto(&format!("{base}/account")).await.unwrap();
    wait_for(&c, find::AUDIT_ENTRY).await;
    // The audit trail names the order by its short number, in the reader's language.
    switch_language(&c, find::EN).await;
    wait_until(
        &c,
        "the audit trail is in English",
        &format!(
            "return [...document.querySelectorAll('{}')].some(d => d.textContent.startsWith('Order no. 1 · ') && d.textContent.endsWith('case'))",
            find::AUDIT_DETAIL
        ),
    )
    .await;
    let details: Vec<String> = c
        .execute(
            &format!("return [...document.querySelectorAll('{}')].map(d => d.textContent)", find::AUDIT_DETAIL),
            vec![],
        )
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(details.iter().all(|d| !d.contains('箱') && !d.contains('#')), "{details:?}");
    shot(&c, "phone-audit-en").await;
    c.close().await.unwrap();

    // Shop B never sees it.
    let (_d3, c) = start_browser("zh-CN,zh", &work.join("owner-b")).await;
    sign_in_as(&c, &base, SHOP_B_OWNER).await;
    c.goto(&format!("{base}/orders/{order}")).await.unwrap();
    wait_for(&c, find::LOAD_ERROR).await;
    c.goto(&format!("{base}/orders")).await.unwrap();
    wait_for(&c, find::ORDERS_EMPTY_OR_LIST).await;
    assert!(absent(&c, &find::order_link(order)).await);
    c.close().await.unwrap();
}

/// Screenshots of the main pages of every role at phone (390×844, emulated) and tablet (1180×820)
/// sizes, in Chinese and English, for a reviewer to look at: test-output/screenshots/.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn screenshots_of_the_main_pages_at_phone_and_tablet_sizes() {
    let work = scratch_dir("e2e_shots");
    let db = TestDb { url: format!("sqlite://{}/restock.db", work.display()), backend: "sqlite" };
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _server = start_server(port, &db.url).await;
    // (who signs in, where they start, the (name, path) of each page to shoot).
    type Walk<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);
    let pages: [Walk; 5] = [
        (
            SHOP_A_OWNER,
            "/",
            &[
                ("home", "/"),
                ("catalogue", "/catalogue"),
                ("product", "/product/12"),
                ("cart", "/cart"),
                ("orders", "/orders"),
                ("claims", "/claims"),
                ("scan", "/scan"),
                ("account", "/account"),
            ],
        ),
        (SALESPERSON, "/sales", &[("sales-home", "/sales"), ("sales-shop", "/sales/shop/1")]),
        (DISPATCHER, "/dispatch", &[("dispatch", "/dispatch")]),
        (REVIEWER, "/review", &[("review", "/review")]),
        (ADMIN, "/admin", &[("admin-assignments", "/admin")]),
    ];
    let loaded = format!(
        "return !!document.querySelector('{}') && !document.querySelector('{}')",
        find::MAIN_SECTION,
        find::MAIN_LOADING
    );
    for (size, extra) in [("phone", emulated_phone().to_vec()), ("tablet", vec![])] {
        for (lang, tag) in [("zh-CN,zh", "zh"), ("en-US,en", "en")] {
            for (n, (phone, first, list)) in pages.iter().enumerate() {
                let (_d, c) = start_browser_with(lang, &work.join(format!("{size}-{tag}-{n}")), &extra).await;
                if size == "tablet" {
                    tablet(&c).await;
                }
                if *phone == SHOP_A_OWNER {
                    sign_in_as(&c, &base, phone).await;
                } else {
                    sign_in_staff(&c, &base, phone, first).await;
                }
                for (name, path) in list.iter() {
                    c.goto(&format!("{base}{path}")).await.unwrap();
                    wait_until(&c, "the page has loaded", &loaded).await;
                    tokio::time::sleep(Duration::from_millis(400)).await;
                    shot(&c, &format!("{size}-{name}-{tag}")).await;
                }
                c.close().await.unwrap();
            }
        }
    }
    let dir = project_dir().join("test-output/screenshots");
    assert!(dir.join("phone-home-zh.png").exists() && dir.join("tablet-sales-home-en.png").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shortage_typed_at_the_door_survives_the_refresh_and_a_reload_and_signing_claims_it() {
    let work = scratch_dir("e2e_receipt");
    let db = TestDb { url: format!("sqlite://{}/restock.db", work.display()), backend: "sqlite" };
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _server = start_server(port, &db.url).await;
    sql(&db, "UPDATE products SET case_price_fen = 12000, stock_cases = 100, min_cases = 1, max_cases = 50, pack_size = 12 WHERE id IN (20, 21)").await;
    let id = order_out_for_delivery(
        &base,
        "e2e-receipt",
        json!([{"product_id": 20, "cases": 3, "seen_case_price": 12000}, {"product_id": 21, "cases": 2, "seen_case_price": 12000}]),
    )
    .await;
    let delivered =
        sql_i64(&db, &format!("SELECT cases + free_cases FROM order_lines WHERE order_id = {id} AND line_no = 1"))
            .await;

    let (_driver, c) = start_browser_with("zh-CN,zh", &work.join("profile"), &emulated_phone()).await;
    sign_in_as(&c, &base, SHOP_A_OWNER).await;
    c.goto(&format!("{base}/orders/{id}")).await.unwrap();
    // Counted in cases: everything arrived until the shop says otherwise.
    assert_eq!(value_of(&c, &find::receipt_cases(1)).await, Some(delivered.to_string()));
    // One case short, and 2 units in the others damaged: 12 + 2 missing.
    tap(&c, &find::receipt_fewer(1)).await;
    wait_until(
        &c,
        "one case fewer",
        &format!("return document.querySelector(\"{}\")?.value === '{}'", find::receipt_cases(1), delivered - 1),
    )
    .await;
    tap(&c, &find::receipt_some_units(1)).await;
    type_into(&c, &find::receipt_short_units(1), "2").await;
    wait_until(
        &c,
        "14 units are short",
        &format!("return document.querySelector('{}')?.textContent.includes('14')", find::RECEIPT_SHORT),
    )
    .await;

    // The order page asks the server again every 15 seconds: wait for that answer to arrive.
    let asked =
        "return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/v1/orders/get')).length";
    let before = c.execute(asked, vec![]).await.unwrap().as_u64().unwrap();
    let start = Instant::now();
    while c.execute(asked, vec![]).await.unwrap().as_u64().unwrap() <= before {
        assert!(start.elapsed() < Duration::from_secs(40), "the order page did not refresh");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        value_of(&c, &find::receipt_cases(1)).await,
        Some((delivered - 1).to_string()),
        "the refresh kept the case count"
    );
    assert_eq!(value_of(&c, &find::receipt_short_units(1)).await.as_deref(), Some("2"), "the refresh kept the units");

    // A reload (the app closed and opened again): the count comes back from the phone.
    c.refresh().await.unwrap();
    assert_eq!(value_of(&c, &find::receipt_short_units(1)).await.as_deref(), Some("2"));
    assert_eq!(value_of(&c, &find::receipt_cases(1)).await, Some((delivered - 1).to_string()));
    let line2 =
        sql_i64(&db, &format!("SELECT cases + free_cases FROM order_lines WHERE order_id = {id} AND line_no = 2"))
            .await;
    assert_eq!(value_of(&c, &find::receipt_cases(2)).await, Some(line2.to_string()));
    assert!(text(&c, find::RECEIPT_SHORT).await.contains("14"));
    shot(&c, "phone-receipt-check-kept-zh").await;

    // A photo of the goods at the door (the proof of delivery): downscaled, uploaded, and kept
    // with the count through a reload.
    let photo = work.join("at-the-door.png");
    std::fs::write(&photo, c.screenshot().await.unwrap()).unwrap();
    type_into(&c, find::DELIVERY_PHOTO_INPUT, &photo.display().to_string()).await;
    wait_for(&c, find::DELIVERY_PHOTO_DRAFT).await;
    c.refresh().await.unwrap();
    wait_for(&c, find::DELIVERY_PHOTO_DRAFT).await;
    assert_eq!(value_of(&c, &find::receipt_short_units(1)).await.as_deref(), Some("2"));

    // Signing files the short-delivery claim for the 14 units, and the count leaves the phone.
    tap_and_confirm(&c, find::SIGN_DELIVERY_ENABLED).await;
    wait_for(&c, find::STATUS_DELIVERED).await;
    assert_eq!(
        sql_i64(&db, &format!("SELECT COUNT(*) FROM claims WHERE kind = 'short_delivery' AND order_id = {id}")).await,
        1
    );
    assert_eq!(
        sql_i64(
            &db,
            &format!("SELECT units FROM claims WHERE kind = 'short_delivery' AND order_id = {id} AND line_no = 1")
        )
        .await,
        14
    );
    // The order page shows the photo as the proof of delivery.
    wait_for(&c, find::DELIVERY_PROOF).await;
    let photo_id = sql_i64(&db, &format!("SELECT COALESCE(delivery_photo_id, 0) FROM orders WHERE id = {id}")).await;
    assert_eq!(
        sql_i64(&db, &format!("SELECT COUNT(*) FROM evidence WHERE id = {photo_id} AND order_id = {id}")).await,
        1,
        "the photo is kept for this order"
    );
    shot(&c, "phone-order-delivered-proof-zh").await;
    let kept = c
        .execute_async(
            &format!(
                "const done = arguments[0]; const open = indexedDB.open('restock');
                 open.onsuccess = () => {{ const r = open.result.transaction('kv').objectStore('kv').get('receipt:1:{id}'); r.onsuccess = () => done(r.result === undefined); }};"
            ),
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(kept, json!(true), "the signed delivery's count is removed from the phone");
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_shared_phone_the_next_shop_sees_nothing_of_the_one_that_signed_out() {
    let work = scratch_dir("e2e_shared");
    let db = TestDb { url: format!("sqlite://{}/restock.db", work.display()), backend: "sqlite" };
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _server = start_server(port, &db.url).await;
    let top = sql_i64(&db, "SELECT id FROM products ORDER BY popularity DESC, id LIMIT 1").await;
    sql(&db, &format!("UPDATE products SET case_price_fen = 25000, stock_cases = 100, min_cases = 1, max_cases = 50 WHERE id = {top}")).await;
    let (_driver, c) = start_browser("zh-CN,zh", &work.join("profile")).await;

    // Shop A browses (the service worker keeps the catalogue's answers) and orders.
    sign_in_as(&c, &base, SHOP_A_OWNER).await;
    c.goto(&format!("{base}/catalogue")).await.unwrap();
    wait_for(&c, find::PRODUCT).await;
    wait_for_service_worker(&c).await;
    c.refresh().await.unwrap();
    wait_for(&c, find::PRODUCT).await;
    let start = Instant::now();
    while kept_answers(&c).await.iter().map(|(_, n)| n).sum::<u64>() == 0 {
        assert!(start.elapsed() < Duration::from_secs(30), "the service worker kept no answer");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    add_a_case_and_open_the_cart(&c, &base, top).await;
    wait_until_priced(&c).await;
    place_order(&c).await;
    wait_until(&c, "the order went through", "return /^\\/orders\\/\\d+$/.test(location.pathname)").await;
    let order = sql_i64(&db, "SELECT id FROM orders ORDER BY created_ms DESC LIMIT 1").await;
    let number = sql_i64(&db, &format!("SELECT number FROM orders WHERE id = {order}")).await;
    open_tab(&c, "/orders").await;
    wait_until(
        &c,
        "the orders page announces A's order",
        &format!("return document.querySelector('{}')?.textContent.includes('订单号 {number}')", find::SENT_NOTE),
    )
    .await;

    // A signs out; everything of A's leaves: the kept answers too.
    open_tab(&c, "/account").await;
    tap(&c, find::SIGN_OUT).await;
    wait_for(&c, find::PHONE).await;
    let start = Instant::now();
    while !kept_answers(&c).await.iter().all(|(_, n)| *n == 0) {
        assert!(start.elapsed() < Duration::from_secs(10), "A's answers are still kept: {:?}", kept_answers(&c).await);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // Shop B signs in on the same phone, in the same page (no reload), and looks around.
    fill_sign_in(&c, SHOP_B_OWNER).await;
    let greeting = text(&c, find::GREETING).await;
    assert!(greeting.contains("强哥小卖部"), "{greeting}");
    open_tab(&c, "/orders").await;
    wait_for(&c, find::ORDERS_PAGE_EMPTY_OR_LIST).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    shot(&c, "phone-orders-next-shop-zh").await;
    assert!(absent(&c, find::SENT_NOTE).await, "B is shown A's last order");
    assert!(absent(&c, find::ORDERS_PAGE_NOTICE).await);
    let page = c.execute("return document.body.innerText", vec![]).await.unwrap();
    let page = page.as_str().unwrap();
    assert!(!page.contains(&order.to_string()) && !page.contains("下单成功"), "B sees A's order: {page}");
    c.goto(&format!("{base}/catalogue")).await.unwrap();
    wait_for(&c, find::PRODUCT).await;
    // Answers are kept for B alone, never under A's name or under no name.
    let kept = kept_answers(&c).await;
    let names: std::collections::BTreeSet<&str> =
        kept.iter().filter(|(_, n)| *n > 0).map(|(k, _)| k.as_str()).collect();
    assert!(names.len() <= 1 && !names.contains("restock-api") && !names.contains("restock-api-1"), "{kept:?}");
    let user = c.execute("return localStorage.getItem('restock.user')", vec![]).await.unwrap();
    assert!(user.as_str().unwrap().contains(SHOP_B_OWNER));
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scanners_receipt_count_is_kept_on_the_phone_and_signing_claims_what_was_not_scanned() {
    let work = scratch_dir("e2e_scan_receipt");
    let db = TestDb { url: format!("sqlite://{}/restock.db", work.display()), backend: "sqlite" };
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _server = start_server(port, &db.url).await;
    sql(&db, "UPDATE products SET case_price_fen = 25000, stock_cases = 100, min_cases = 1, max_cases = 50, pack_size = 12 WHERE id = 42").await;
    let code = unit_barcode(&db, 42).await;
    let id = order_out_for_delivery(
        &base,
        "e2e-scan-receipt",
        json!([{"product_id": 42, "cases": 1, "seen_case_price": 25000}]),
    )
    .await;
    let delivered = 12
        * sql_i64(&db, &format!("SELECT cases + free_cases FROM order_lines WHERE order_id = {id} AND line_no = 1"))
            .await;
    let video = work.join("unit.y4m");
    barcode_video(&code, &video);
    let (_driver, c) = start_browser_with("zh-CN,zh", &work.join("profile"), &fake_camera(&video)).await;
    sign_in_as(&c, &base, SHOP_A_OWNER).await;
    c.goto(&format!("{base}/orders/{id}")).await.unwrap();
    // Scanning counts from zero: each read of the unit's code ticks one unit off.
    tap(&c, find::SCAN_RECEIPT).await;
    wait_for(&c, find::SCAN_TICKED).await;
    let received = format!(
        "const t = document.querySelector(\"{}\")?.textContent || ''; return parseInt(t.replace(/[^0-9]/g, ''), 10)",
        find::receipt_received(1)
    );
    wait_until(&c, "two units are ticked off", &received.replace("return parseInt", "return 2 <= parseInt")).await;
    tap(&c, find::CLOSE_SCANNER).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let counted = c.execute(&received, vec![]).await.unwrap().as_id().unwrap();
    assert!(counted >= 2 && counted < delivered, "{counted}");
    shot(&c, "phone-receipt-scanned-zh").await;

    // A reload: the scanned count comes back from the phone (not "all arrived", not zero).
    c.refresh().await.unwrap();
    wait_for(&c, &find::receipt_received(1)).await;
    assert_eq!(c.execute(&received, vec![]).await.unwrap().as_id().unwrap(), counted);
    // In cases, with the units short of the last one as the exception.
    assert_eq!(value_of(&c, &find::receipt_cases(1)).await, Some(((counted + 11) / 12).to_string()));
    tap_and_confirm(&c, find::SIGN_DELIVERY_ENABLED).await;
    wait_for(&c, find::STATUS_DELIVERED).await;
    assert_eq!(
        sql_i64(&db, &format!("SELECT units FROM claims WHERE kind = 'short_delivery' AND order_id = {id}")).await,
        delivered - counted
    );
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_the_server_refuses_from_the_outbox_is_handed_back_with_the_reason_and_the_choices() {
    let work = scratch_dir("e2e_refused");
    let db = TestDb { url: format!("sqlite://{}/restock.db", work.display()), backend: "sqlite" };
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start_server(port, &db.url).await;
    let top = sql_i64(&db, "SELECT id FROM products ORDER BY popularity DESC, id LIMIT 1").await;
    sql(&db, &format!("UPDATE products SET case_price_fen = 25000, stock_cases = 100, min_cases = 1, max_cases = 50 WHERE id = {top}")).await;
    let (_driver, c) = start_browser("zh-CN,zh", &work.join("profile")).await;
    sign_in_as(&c, &base, SHOP_A_OWNER).await;
    add_a_case_and_open_the_cart(&c, &base, top).await;
    wait_until_priced(&c).await;
    wait_for_service_worker(&c).await;

    // Placed without a network; meanwhile the price rises. When the server answers, it refuses.
    drop(server);
    c.refresh().await.unwrap();
    wait_until_offline_shown(&c).await;
    place_order(&c).await;
    wait_for(&c, find::OUTBOX_ENTRY).await;
    sql(&db, &format!("UPDATE products SET case_price_fen = 26000 WHERE id = {top}")).await;
    server = start_server(port, &db.url).await;
    wait_for(&c, find::OUTBOX_NEEDS_LOOK).await;
    let state = text(&c, find::OUTBOX_STATE).await;
    assert!(state.starts_with("这笔订单没有被接受"), "{state}");
    for choice in [find::OUTBOX_ACCEPT, find::OUTBOX_BACK_TO_CART, find::OUTBOX_DISCARD] {
        wait_for(&c, choice).await;
    }
    // It is not sent again by itself, and the shop is told on every screen.
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_eq!(sql_i64(&db, "SELECT COUNT(*) FROM orders").await, 0);
    open_tab(&c, "/catalogue").await;
    wait_for(&c, find::NEEDS_YOU_BANNER).await;
    shot(&c, "phone-order-refused-zh").await;
    // Accepting the new price sends it again, and it goes through.
    click(&c, find::NEEDS_YOU_BANNER).await;
    tap(&c, find::OUTBOX_ACCEPT).await;
    wait_until_outbox_empty(&c).await;
    assert_eq!(sql_i64(&db, "SELECT COUNT(*) FROM orders").await, 1);
    assert!(absent(&c, find::NEEDS_YOU_BANNER).await);
    c.close().await.unwrap();
    drop(server);
}

#[tokio::test]
async fn the_cart_suggests_what_the_shop_is_due_to_reorder_and_adds_it_in_one_tap() {
    let work = scratch_dir("e2e_suggested");
    let db = TestDb { url: format!("sqlite://{}/restock.db", work.display()), backend: "sqlite" };
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _server = start_server(port, &db.url).await;
    sql(
        &db,
        "UPDATE products SET case_price_fen = 25000, stock_cases = 100, min_cases = 1, max_cases = 50 WHERE id = 30",
    )
    .await;
    // Shop A ordered product 30 every 7 days, 3 cases each time, the last a week ago.
    let shop = signed_in(&base, SHOP_A_OWNER).await;
    let now = restock::server::db::now_ms();
    for (n, days_ago) in [21, 14, 7].into_iter().enumerate() {
        let res = shop
            .post(format!("{base}/api/v1/orders/place"))
            .json(&json!({"req": {"key": format!("e2e-habit-{n}"), "shop_id": null,
                "lines": [{"product_id": 30, "cases": 3, "seen_case_price": 25000}], "use_balance": false}}))
            .send()
            .await
            .unwrap();
        let id = res.json::<serde_json::Value>().await.unwrap()["id"].as_id().unwrap();
        sql(&db, &format!("UPDATE orders SET created_ms = {} WHERE id = {id}", now - days_ago * 86_400_000)).await;
    }
    let (_driver, c) = start_browser_with("zh-CN,zh", &work.join("profile"), &emulated_phone()).await;
    sign_in_as(&c, &base, SHOP_A_OWNER).await;
    c.goto(&format!("{base}/cart")).await.unwrap();
    wait_for(&c, &find::suggested_line(30)).await;
    let why = text(&c, &find::suggested_why(30)).await;
    assert!(why.contains("约每 7 天") && why.contains("3 箱"), "{why}");
    switch_language(&c, find::EN).await;
    wait_until(
        &c,
        "the reason in English",
        &format!(
            "return document.querySelector(\"{}\")?.textContent.includes('every 7 days')",
            find::suggested_why(30)
        ),
    )
    .await;
    assert!(text(&c, find::SUGGESTED_TITLE).await.contains("Suggested order"));
    shot(&c, "phone-cart-suggested-en").await;
    // One tap: the usual 3 cases go into the cart, and the suggestion leaves the list.
    tap(&c, find::ADD_SUGGESTED).await;
    wait_for(&c, &find::cart_line(30)).await;
    assert_eq!(value_of(&c, &find::cart_line_qty(30)).await.as_deref(), Some("3"));
    wait_until(
        &c,
        "the suggestion is gone",
        &format!("return document.querySelector('{}') === null", find::SUGGESTED_ORDER),
    )
    .await;
    switch_language(&c, find::ZH).await;
    c.close().await.unwrap();
}

/// 周涛, the demo's brand operator for 康师傅.
const BRAND_OPERATOR: &str = "13400000001";

#[tokio::test]
async fn a_brand_operator_sees_its_active_shops_reach_and_launch_in_both_languages() {
    let work = scratch_dir("e2e_brand");
    let db = TestDb { url: format!("sqlite://{}/restock.db", work.display()), backend: "sqlite" };
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    // The demo as `./run` starts it, with its 90 days of order history (for 100 shops beyond the
    // demo's ten rather than `./run`'s 300: the same data, seeded faster by the test's debug build).
    let _server = start_server_with(port, &db.url, &[("RESTOCK_DEMO_HISTORY_SHOPS", "100")]).await;
    // What the page must show, from the API the same session reads (the figures themselves are
    // tested against the rows in tests/brands.rs).
    let api = signed_in(&base, BRAND_OPERATOR).await;
    let active: serde_json::Value =
        api.get(format!("{base}/api/v1/brands/active-shops?days=30")).send().await.unwrap().json().await.unwrap();
    let shops = active["active_shops"].as_id().unwrap();
    assert!(shops > 0, "the demo's history gives the brand active shops: {active}");

    let (_driver, c) = start_browser("zh-CN,zh", &work.join("profile")).await;
    tablet(&c).await;
    sign_in_staff(&c, &base, BRAND_OPERATOR, "/brand").await;
    wait_for(&c, find::ACTIVE_SHOPS).await;
    assert_eq!(text(&c, find::ACTIVE_SHOPS).await, shops.to_string());
    assert!(text(&c, find::ACTIVE_SHOPS_LABEL).await.contains("动销店"));
    assert!(text(&c, find::BRAND_NAMES).await.contains("康师傅"));
    wait_for(&c, find::REACH_BAR).await;
    wait_for(&c, find::SPREAD_CHART).await;
    wait_for(&c, find::CITY_TOP).await;
    shot(&c, "tablet-brand-zh").await;
    // A promotion with a budget: ¥2.50 off a case for a week, ¥500 to spend; a double tap starts
    // one.
    type_into(&c, find::PROMOTION_OFF, "2.5").await;
    type_into(&c, find::PROMOTION_BUDGET, "500").await;
    let start = c.find(fantoccini::Locator::Css(find::START_PROMOTION)).await.unwrap();
    start.click().await.unwrap();
    let _ = start.click().await;
    wait_for(&c, find::PROMOTION_STARTED).await;
    wait_for(&c, find::LIVE_PROMOTION).await;
    assert!(text(&c, find::PROMOTION_FIGURE).await.contains("¥500.00"), "{}", text(&c, find::PROMOTION_FIGURE).await);
    assert_eq!(sql_i64(&db, "SELECT COUNT(*) FROM promotions WHERE budget_fen = 50000 AND off_fen = 250").await, 1);
    // A launch to the county towns' shops: the page says how many it reached, as the database does.
    let county = c.find(fantoccini::Locator::Css(find::LAUNCH_TOWN)).await.unwrap();
    county.select_by_value("county").await.unwrap();
    tap(&c, find::START_LAUNCH).await;
    wait_for(&c, find::LAUNCHED).await;
    let reached = sql_i64(&db, "SELECT shops FROM brand_launches").await;
    assert!(reached > 0);
    assert!(text(&c, find::LAUNCHED).await.contains(&format!("{reached} 家店")), "{}", text(&c, find::LAUNCHED).await);
    assert_eq!(sql_i64(&db, "SELECT county_shops FROM brand_launches").await, reached);
    // By county town and city district, and over 90 days.
    tap(&c, find::REACH_BY_TOWN).await;
    wait_until(
        &c,
        "reach by town",
        &format!(
            "return [...document.querySelectorAll('{}')].some(e => e.textContent.includes(' '))",
            find::REACH_BAR_LABEL
        ),
    )
    .await;
    tap(&c, &find::period_chip(90)).await;
    let active90: serde_json::Value =
        api.get(format!("{base}/api/v1/brands/active-shops?days=90")).send().await.unwrap().json().await.unwrap();
    wait_until(
        &c,
        "the 90-day figure",
        &format!(
            "return document.querySelector('{}')?.textContent === '{}'",
            find::ACTIVE_SHOPS,
            active90["active_shops"]
        ),
    )
    .await;
    // In English, in place.
    switch_language(&c, find::EN).await;
    wait_until(
        &c,
        "English labels",
        &format!("return document.querySelector('{}')?.textContent.includes('Active shops')", find::ACTIVE_SHOPS_LABEL),
    )
    .await;
    assert!(text(&c, find::SPREAD_SUMMARY).await.contains("shops reached"));
    shot(&c, "tablet-brand-en").await;
    // On a phone, the same screen stays readable (no sideways scrolling).
    c.set_window_size(390, 844).await.unwrap();
    let wide = c.execute("return document.documentElement.scrollWidth <= window.innerWidth + 1", vec![]).await.unwrap();
    assert_eq!(wide, json!(true), "the brand screen fits a phone");
    shot(&c, "phone-brand-en").await;
    switch_language(&c, find::ZH).await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn with_the_demo_history_the_cart_suggests_a_reorder_and_what_shops_like_it_sell() {
    let work = scratch_dir("e2e_history");
    let db = TestDb { url: format!("sqlite://{}/restock.db", work.display()), backend: "sqlite" };
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _server = start_server_with(port, &db.url, &[("RESTOCK_DEMO_HISTORY_SHOPS", "100")]).await;
    let (_driver, c) = start_browser_with("zh-CN,zh", &work.join("profile"), &emulated_phone()).await;
    sign_in_as(&c, &base, SHOP_A_OWNER).await;
    // The cart: the suggested order from its counter sales (the shelf runs out first) and 90 days
    // of its own orders, and what the shops buying most like it stock and it does not, each
    // saying why.
    c.goto(&format!("{base}/cart")).await.unwrap();
    wait_for(&c, find::OWN_SUGGESTION_LINE_WHY).await;
    assert!(text(&c, find::OWN_SUGGESTION_WHY).await.contains("天卖完"));
    wait_for(&c, find::PEERS_LINE_WHY).await;
    assert!(text(&c, find::PEERS_WHY).await.contains("家和你进货相似的店在卖"));
    shot(&c, "phone-cart-history-zh").await;
    switch_language(&c, find::EN).await;
    wait_until(
        &c,
        "the reasons in English",
        &format!(
            "return document.querySelector('{}')?.textContent.includes('shops that buy like yours')",
            find::PEERS_WHY
        ),
    )
    .await;
    assert!(text(&c, find::OWN_SUGGESTION_WHY).await.contains("on the shelf"));
    shot(&c, "phone-cart-history-en").await;
    switch_language(&c, find::ZH).await;

    // The shop's numbers, from the home screen (and the account page): spent, the estimated
    // margin, paid back, what it restocks most, and the slow snacks it can still send back, a tap
    // from the claim.
    c.goto(&format!("{base}/account")).await.unwrap();
    wait_for(&c, find::MY_NUMBERS).await;
    c.goto(&format!("{base}/")).await.unwrap();
    tap(&c, find::NUMBERS_LINK).await;
    wait_for(&c, find::NUMBERS_SPENT).await;
    assert!(text(&c, find::NUMBERS_SPENT).await.starts_with('¥'));
    assert!(text(&c, find::NUMBERS_MARGIN).await.contains('%'));
    wait_for(&c, find::RESTOCKED_FIGURE).await;
    assert!(text(&c, find::RESTOCKED_FIGURE).await.contains("进货"));
    // Its counter sales: what sold most there.
    assert!(text(&c, find::COUNTER_SOLD).await.contains("件"));
    tap(&c, &find::numbers_period_chip(90)).await;
    wait_for(&c, find::SLOW_SELLER_CLAIM).await;
    assert!(text(&c, find::SLOW_SELLER_FIGURE).await.contains("可退"));
    shot(&c, "phone-numbers-zh").await;
    switch_language(&c, find::EN).await;
    wait_until(
        &c,
        "the numbers in English",
        &format!("return document.querySelector('{}')?.textContent === 'My numbers'", find::NUMBERS_TITLE),
    )
    .await;
    assert!(text(&c, find::SLOW_SELLER_FIGURE).await.contains("back"));
    shot(&c, "phone-numbers-en").await;
    switch_language(&c, find::ZH).await;
    // The claim opens with 滞销赔 chosen.
    tap(&c, find::SLOW_SELLER_CLAIM).await;
    wait_for(&c, &find::chosen_claim_kind("slow_seller")).await;
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sale_rung_up_at_the_counter_offline_survives_a_reload_and_is_recorded_once() {
    let work = scratch_dir("e2e_counter");
    let db = TestDb { url: format!("sqlite://{}/restock.db", work.display()), backend: "sqlite" };
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start_server(port, &db.url).await;
    sql(
        &db,
        "UPDATE products SET stock_cases = 100, min_cases = 1, max_cases = 50, retail_fen = 350, case_price_fen = 25000 WHERE id = 42;
         DELETE FROM price_breaks WHERE product_id = 42; DELETE FROM promotions WHERE product_id = 42;",
    )
    .await;
    let price = sql_i64(&db, "SELECT case_price_fen FROM products WHERE id = 42").await;
    let pack = sql_i64(&db, "SELECT pack_size FROM products WHERE id = 42").await;
    let order =
        order_out_for_delivery(&base, "counter-1", json!([{"product_id": 42, "cases": 2, "seen_case_price": price}]))
            .await;
    sql(
        &db,
        &format!(
            "UPDATE orders SET status = 'delivered', delivered_ms = {} WHERE id = {order}",
            restock::server::db::now_ms()
        ),
    )
    .await;
    let code = unit_barcode(&db, 42).await;
    // No camera here: the code is typed, as at a counter whose camera is refused.
    let (_driver, c) = start_browser("zh-CN,zh", &work.join("profile")).await;
    sign_in_as(&c, &base, SHOP_A_OWNER).await;

    c.goto(&format!("{base}/counter")).await.unwrap();
    wait_for(&c, &find::shelf_item(42)).await;
    assert!(text(&c, &find::shelf_on_shelf(42)).await.contains(&format!("{} 件", 2 * pack)));
    type_into(&c, find::MANUAL_CODE, &code).await;
    tap(&c, find::MANUAL_SUBMIT).await;
    wait_for(&c, &find::sale_line(42)).await;
    assert_eq!(text(&c, &find::sale_line_qty(42)).await, "1");
    tap(&c, &find::sale_line_more(42)).await;
    wait_until(
        &c,
        "two units rung up",
        &format!("return document.querySelector(\"{}\")?.textContent === '2'", find::sale_line_qty(42)),
    )
    .await;
    assert_eq!(text(&c, find::SALE_TOTAL).await, "¥7.00");

    // The network goes; the sale being rung up comes back after a reload, and is kept when recorded.
    wait_for_service_worker(&c).await;
    drop(server);
    c.refresh().await.unwrap();
    wait_for(&c, &find::sale_line(42)).await;
    assert_eq!(text(&c, &find::sale_line_qty(42)).await, "2");
    // Offline, the shelf (and so the scanner's lookups) comes from the phone.
    wait_for(&c, &find::shelf_item(42)).await;
    tap(&c, find::RECORD_SALE).await;
    wait_for(&c, find::SALES_WAITING).await;
    assert_eq!(text(&c, find::COUNTER_NOTICE).await, "已存在本机，联网后自动发送");
    assert!(absent(&c, &find::sale_line(42)).await, "the sale left the counter for the outbox");
    shot(&c, "phone-counter-offline-zh").await;
    c.refresh().await.unwrap();
    wait_for(&c, find::SALES_WAITING).await;
    assert!(text(&c, find::SALES_WAITING).await.starts_with('1'));
    assert_eq!(sql_i64(&db, "SELECT COUNT(*) FROM counter_sales").await, 0);
    // Signing out now would lose the sale on a shared phone: it is refused until the sale is sent.
    open_tab(&c, "/account").await;
    tap(&c, find::SIGN_OUT).await;
    wait_until(
        &c,
        "sign-out refused while a sale waits",
        &format!(
            "return [...document.querySelectorAll('{}')].some(e => e.textContent.includes('收银记录没发送'))",
            find::FORM_ERROR
        ),
    )
    .await;
    c.goto(&format!("{base}/counter")).await.unwrap();
    wait_for(&c, find::SALES_WAITING).await;

    // Back online: it is sent at start-up, once, and the shelf counts it.
    server = start_server(port, &db.url).await;
    c.refresh().await.unwrap();
    let start = Instant::now();
    while sql_i64(&db, "SELECT COUNT(*) FROM counter_sales").await == 0 && start.elapsed() < Duration::from_secs(30) {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    wait_for(&c, &find::shelf_item(42)).await;
    wait_until(&c, "the sale was sent", &format!("return !document.querySelector('{}')", find::SALES_WAITING)).await;
    assert_eq!(sql_i64(&db, "SELECT COUNT(*) FROM counter_sales").await, 1);
    assert_eq!(
        sql_i64(&db, "SELECT CAST(SUM(units) AS BIGINT) FROM counter_sale_lines WHERE product_id = 42").await,
        2
    );
    let left = format!("{} 件", 2 * pack - 2);
    wait_until(
        &c,
        "the shelf counts the sale",
        &format!(
            "return (document.querySelector(\"{}\")?.textContent || '').includes('{left}')",
            find::shelf_on_shelf(42)
        ),
    )
    .await;
    shot(&c, "phone-counter-zh").await;
    switch_language(&c, find::EN).await;
    tablet(&c).await;
    shot(&c, "tablet-counter-en").await;
    c.close().await.unwrap();
    drop(server);
}
