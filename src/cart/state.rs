//! The cart and the outbox on the device, as the app's shared state. Every change is written to
//! IndexedDB at once; an order leaves the cart for the outbox in one transaction; the outbox sends
//! itself at start-up, when the network returns, and on a back-off timer, exactly once per order
//! (the server keys orders by the idempotency key made here).

use super::{Cart, OutboxEntry, OutboxState};
use crate::account::SessionUser;
use crate::catalogue::ProductCard;
use crate::device::outbox::{self, Outbox, Outcome, Sender};
use crate::device::{idb, now_ms, random_id};
use crate::error::AppError;
use crate::orders::api::place_order;
use crate::orders::{OrderRequest, OrderSummary};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct CartState {
    pub cart: RwSignal<Cart>,
    /// False until the cart has been read from the device.
    pub loaded: RwSignal<bool>,
    pub outbox: RwSignal<Vec<OutboxEntry>>,
    /// The order the outbox (or checkout) placed most recently, to announce it.
    pub last_placed: RwSignal<Option<OrderSummary>>,
    /// Bumped whenever an order reached the server: order lists refetch.
    pub orders_version: RwSignal<u32>,
    /// A message for the next page (checkout → orders): "saved on this phone".
    pub flash: RwSignal<Option<crate::i18n::K>>,
    /// The shop a salesperson is ordering for (chosen on their shop page; kept on the device).
    /// Each shop has its own cart on the device.
    pub acting: RwSignal<Option<crate::account::ShopRef>>,
    /// True when the signed-in user orders for shops rather than for their own.
    pub for_others: RwSignal<bool>,
    /// The shop's balance as the server last said (kept with the cart): offline, the cart shows
    /// what checkout will charge with it, as the server will.
    pub known_balance: RwSignal<Option<crate::money::Fen>>,
    owner: StoredValue<Option<(i64, i64)>>,
    /// The account whatever is in memory belongs to.
    account: StoredValue<Option<i64>>,
    sender: Sender,
}

pub fn cart_state() -> CartState {
    expect_context::<CartState>()
}

fn cart_key(user_id: i64, shop_id: i64) -> String {
    format!("cart:{user_id}:{shop_id}")
}

/// Under the cart's prefix, so that it leaves the device with the carts.
fn balance_key(user_id: i64, shop_id: i64) -> String {
    format!("cart:{user_id}:{shop_id}:balance")
}

fn acting_key(user_id: i64) -> String {
    format!("acting-shop:{user_id}")
}

fn outbox_key(user_id: i64) -> String {
    format!("outbox:{user_id}")
}

impl CartState {
    /// Creates the state and follows the session: a signed-in shop's cart and outbox are read from
    /// the device, and the outbox starts sending.
    pub fn provide(session: RwSignal<Option<SessionUser>>) -> CartState {
        let state = CartState {
            cart: RwSignal::new(Cart::default()),
            loaded: RwSignal::new(false),
            outbox: RwSignal::new(Vec::new()),
            last_placed: RwSignal::new(None),
            orders_version: RwSignal::new(0),
            flash: RwSignal::new(None),
            acting: RwSignal::new(None),
            for_others: RwSignal::new(false),
            known_balance: RwSignal::new(None),
            owner: StoredValue::new(None),
            account: StoredValue::new(None),
            sender: Sender::new(),
        };
        provide_context(state);
        // Another account (or nobody) on this phone: nothing of the previous one stays in memory,
        // not even the announcement of its last order. Then a salesperson's last chosen shop, restored.
        Effect::new(move |_| {
            let account = session.with(|u| u.as_ref().map(|u| u.user_id));
            if account != state.account.get_value() {
                state.account.set_value(account);
                state.last_placed.set(None);
                state.flash.set(None);
                state.acting.set(None);
            }
            let sales =
                session.with(|u| u.as_ref().filter(|u| u.role == crate::account::Role::Salesperson).map(|u| u.user_id));
            state.for_others.set(sales.is_some());
            if let Some(user) = sales {
                if state.acting.get_untracked().is_none() {
                    state.acting.set(crate::device::get(&acting_key(user)));
                }
            } else {
                state.acting.set(None);
            }
        });
        Effect::new(move |_| {
            let acting = state.acting.get();
            let owner = session.get().and_then(|u| match u.role {
                crate::account::Role::Salesperson => acting.map(|s| (u.user_id, s.id)),
                _ => u.shop.map(|s| (u.user_id, s.id)),
            });
            if owner == state.owner.get_value() {
                return;
            }
            state.owner.set_value(owner);
            state.loaded.set(false);
            state.cart.set(Cart::default());
            state.outbox.set(Vec::new());
            state.known_balance.set(None);
            if let Some((user, shop)) = owner {
                leptos::task::spawn_local(async move {
                    let cart = idb::get::<Cart>(&cart_key(user, shop)).await.ok().flatten();
                    let outbox = idb::get::<Vec<OutboxEntry>>(&outbox_key(user)).await.ok().flatten();
                    let balance = idb::get::<crate::money::Fen>(&balance_key(user, shop)).await.ok().flatten();
                    if state.owner.get_value() != Some((user, shop)) {
                        return;
                    }
                    state.known_balance.set(balance);
                    state.cart.set(cart.unwrap_or(Cart { shop_id: shop, lines: vec![] }));
                    // Refused only because the session had lapsed: signed in again, they go again.
                    let mut outbox = outbox.unwrap_or_default();
                    for e in &mut outbox {
                        if e.state == OutboxState::NeedsLook(AppError::NotSignedIn) {
                            e.state = OutboxState::Waiting;
                            e.attempts = 0;
                        }
                    }
                    state.outbox.set(outbox);
                    state.loaded.set(true);
                    // For the benchmark: when the cart from the device is on screen (after the
                    // render this set triggers).
                    leptos::task::spawn_local(async {
                        gloo_timers::future::TimeoutFuture::new(0).await;
                        crate::device::mark("restock:cart-on-screen");
                    });
                    state.send_outbox();
                });
            }
        });
        state
    }

    fn persist_cart(self) {
        let Some((user, shop)) = self.owner.get_value() else { return };
        let cart = self.cart.get_untracked();
        leptos::task::spawn_local(async move {
            if let Err(e) = idb::put(&cart_key(user, shop), &cart).await {
                leptos::logging::error!("the cart could not be saved on this device: {e}");
            }
        });
    }

    fn persist_outbox(self) {
        let Some((user, _)) = self.owner.get_value() else { return };
        let outbox = self.outbox.get_untracked();
        leptos::task::spawn_local(async move {
            if let Err(e) = idb::put(&outbox_key(user), &outbox).await {
                leptos::logging::error!("the outbox could not be saved on this device: {e}");
            }
        });
    }

    /// The shop to name in calls made for a shop: the acting shop for a salesperson; None for an
    /// owner (the server knows their shop). Tracked.
    pub fn for_shop(self) -> Option<i64> {
        if self.for_others.get() {
            self.acting.get().map(|s| s.id)
        } else {
            None
        }
    }

    /// A salesperson starts ordering for this shop (its own cart on the device).
    pub fn act_for(self, shop: crate::account::ShopRef) {
        if let Some(user) = crate::ui::session().0.get_untracked().map(|u| u.user_id) {
            crate::device::set(&acting_key(user), &shop);
        }
        self.acting.set(Some(shop));
    }

    /// The balance the server's latest quote reported, kept for the next offline visit.
    pub fn saw_balance(self, balance: crate::money::Fen) {
        if self.known_balance.get_untracked() == Some(balance) {
            return;
        }
        self.known_balance.set(Some(balance));
        let Some((user, shop)) = self.owner.get_value() else { return };
        leptos::task::spawn_local(async move {
            if let Err(e) = idb::put(&balance_key(user, shop), &balance).await {
                leptos::logging::error!("the balance could not be kept on this device: {e}");
            }
        });
    }

    /// A salesperson adds a product for `shop` from its page: they start ordering for it (its own
    /// cart, read from the device first) and the product goes into that cart.
    pub async fn add_for(self, shop: crate::account::ShopRef, product: ProductCard, cases: i64) {
        let id = shop.id;
        self.act_for(shop);
        for _ in 0..100 {
            if self.loaded.get_untracked() && self.owner.get_value().is_some_and(|(_, s)| s == id) {
                self.add(&product, cases);
                return;
            }
            gloo_timers::future::TimeoutFuture::new(20).await;
        }
        leptos::logging::error!("the cart of shop {id} did not load; nothing was added");
    }

    pub fn change(self, f: impl FnOnce(&mut Cart)) {
        self.cart.update(f);
        self.persist_cart();
    }

    pub fn add(self, product: &ProductCard, cases: i64) {
        // A salesperson with no shop chosen has no cart: nothing would be kept or sent.
        if self.owner.get_value().is_none() {
            return;
        }
        let now = now_ms();
        self.change(|c| c.add(product, cases, now));
    }

    /// Moves the cart into the outbox (one transaction: the order is on the device before the
    /// cart empties) and starts sending. Returns the entry's key.
    pub async fn checkout(self, use_balance: bool) -> Result<String, CheckoutError> {
        let Some((user, shop)) = self.owner.get_value() else {
            return Err(if self.for_others.get_untracked() { CheckoutError::NoShop } else { CheckoutError::SignedOut });
        };
        let cart = self.cart.get_untracked();
        let entry = OutboxEntry {
            key: random_id(),
            shop_id: shop,
            for_shop: self.for_shop_untracked(),
            cart: cart.clone(),
            use_balance,
            created_ms: now_ms(),
            attempts: 0,
            state: OutboxState::Waiting,
        };
        let key = entry.key.clone();
        let pushed = entry.clone();
        idb::update_two(
            &cart_key(user, shop),
            &outbox_key(user),
            move |_: Option<Cart>, outbox: Option<Vec<OutboxEntry>>| {
                let mut outbox = outbox.unwrap_or_default();
                outbox.push(pushed);
                (Cart { shop_id: shop, lines: vec![] }, outbox, ())
            },
        )
        .await
        .map_err(CheckoutError::NotKept)?;
        self.cart.set(Cart { shop_id: shop, lines: vec![] });
        self.outbox.update(|o| o.push(entry));
        self.send_outbox();
        Ok(key)
    }

    fn for_shop_untracked(self) -> Option<i64> {
        untrack(move || self.for_shop())
    }

    /// Sends every waiting order (the rules are `device::outbox`'s).
    pub fn send_outbox(self) {
        outbox::send(self);
    }

    /// Waits (at most `timeout_ms`) for the server's first answer to the order under `key`: true
    /// when it came. What it was is in `outbox` and `last_placed`.
    pub async fn first_answer(self, key: &str, timeout_ms: i32) -> bool {
        self.sender.first_answer(key, timeout_ms).await
    }

    /// The shop accepts what the server said (less stock, a new price) or sends a refused order
    /// again as it is: the entry is adjusted and sent again under a new key (the refused one made
    /// no order). Nothing is dropped: an order left with no lines stays, for the shop to discard.
    pub fn accept_changes(self, key: &str) {
        self.outbox.update(|o| {
            if let Some(x) = o.iter_mut().find(|x| x.key == key) {
                if let OutboxState::NeedsLook(AppError::OrderRejected(problems)) = &x.state {
                    super::apply_problems(&mut x.cart, problems);
                }
                x.key = random_id();
                x.attempts = 0;
                x.state = if x.cart.lines.is_empty() {
                    OutboxState::NeedsLook(AppError::EmptyOrder)
                } else {
                    OutboxState::Waiting
                };
            }
        });
        self.persist_outbox();
        self.send_outbox();
    }

    /// Puts an entry's lines back into the cart to edit them.
    pub fn back_to_cart(self, key: &str) {
        let Some(entry) = self.outbox.get_untracked().into_iter().find(|x| x.key == key) else { return };
        let now = now_ms();
        self.change(|c| {
            for l in &entry.cart.lines {
                c.add(&l.product, l.cases, now);
            }
        });
        self.discard(key);
    }

    pub fn discard(self, key: &str) {
        self.outbox.update(|o| o.retain(|x| x.key != key));
        self.persist_outbox();
    }

    /// Forgets this account's carts (every shop's, for a salesperson), outbox and chosen shop on
    /// the device, and what is in memory (at sign-out).
    pub async fn forget_device_data(self) -> Result<(), String> {
        if let Some(user) = self.account.get_value().or(self.owner.get_value().map(|(u, _)| u)) {
            idb::delete_prefix(&format!("cart:{user}:")).await?;
            idb::delete(&outbox_key(user)).await?;
            crate::device::remove(&acting_key(user));
        }
        self.last_placed.set(None);
        self.flash.set(None);
        Ok(())
    }
}

/// The order outbox: sent one order at a time, each under its own idempotency key.
impl Outbox for CartState {
    type Item = OutboxEntry;
    type Answer = OrderSummary;

    fn sender(self) -> Sender {
        self.sender
    }

    fn waiting(self) -> Option<Vec<OutboxEntry>> {
        self.owner.get_value()?;
        Some(self.outbox.get_untracked().into_iter().filter(|e| e.state == OutboxState::Waiting).collect())
    }

    fn key(entry: &OutboxEntry) -> String {
        entry.key.clone()
    }

    fn attempts(entry: &OutboxEntry) -> u32 {
        entry.attempts
    }

    async fn deliver(self, entry: &OutboxEntry) -> Result<OrderSummary, AppError> {
        place_order(OrderRequest {
            key: entry.key.clone(),
            shop_id: entry.for_shop,
            lines: entry.cart.requests(),
            use_balance: entry.use_balance,
        })
        .await
    }

    async fn settle(self, entry: OutboxEntry, outcome: Outcome<OrderSummary>) {
        match outcome {
            Outcome::Sent(order) => {
                self.outbox.update(|o| o.retain(|e| e.key != entry.key));
                self.last_placed.set(Some(order));
                self.orders_version.update(|v| *v += 1);
            }
            // Sent again later with the same key.
            Outcome::Later { attempts } => self.outbox.update(|o| {
                if let Some(x) = o.iter_mut().find(|x| x.key == entry.key) {
                    x.attempts = attempts;
                }
            }),
            Outcome::Refused(e) => self.outbox.update(|o| {
                if let Some(x) = o.iter_mut().find(|x| x.key == entry.key) {
                    x.state = OutboxState::NeedsLook(e);
                }
            }),
        }
        self.persist_outbox();
    }
}

/// Why "place order" did nothing: the cart is still there in every case.
#[derive(Clone, Debug, PartialEq)]
pub enum CheckoutError {
    /// A salesperson who has not chosen the shop to order for.
    NoShop,
    /// The session went while the cart page was open.
    SignedOut,
    /// The device would not keep the order (storage full, private mode): the browser's words.
    NotKept(String),
}

impl CheckoutError {
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::K;
        match self {
            CheckoutError::NoShop => K::ChooseShopFirst.text(lang).to_owned(),
            CheckoutError::SignedOut => K::ErrNotSignedIn.text(lang).to_owned(),
            CheckoutError::NotKept(why) => format!("{} ({why})", K::ErrNotKeptOnDevice.text(lang)),
        }
    }
}
