//! Counter sales on the phone: the sale being rung up and the sales waiting to be sent, both kept
//! in IndexedDB (written before anything is said to be saved), and the outbox that sends them
//! (the rules are `device::outbox`'s: once per key, retried with back-off, refusals handed back).
//!
//! The state and its decoder are needed only by a shop that uses the counter: the shop app's
//! first screen carries just `start`, which counts the waiting sales without decoding them and,
//! only when there are some, fetches the module `counter_outbox` to send them.

use super::api::record_sale;
use super::{SaleLine, SaleReceipt, SaleRequest};
use crate::device::outbox::{self, Outbox, Outcome, Sender};
use crate::device::{idb, now_ms, random_id};
use crate::error::AppError;
use crate::ui::LoadFailed;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A line of the sale being rung up, with what the page shows of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RungLine {
    pub product_id: i64,
    pub name_zh: String,
    pub name_en: String,
    pub units: i64,
    pub retail_unit: crate::money::Fen,
}

/// A sale recorded on the phone and not yet answered by the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueuedSale {
    pub key: String,
    pub sold_ms: i64,
    pub lines: Vec<SaleLine>,
    pub units: i64,
    #[serde(default)]
    pub attempts: u32,
    /// The server's refusal: shown with the sale, never sent again as it is.
    #[serde(default)]
    pub refused: Option<AppError>,
}

fn queue_key(user: i64) -> String {
    format!("counter:{user}:queue")
}

/// The last shelf answer for `shop` (None: the owner's own), kept under the user's prefix so that
/// it leaves the phone at sign-out.
pub fn shelf_key(user: i64, shop: Option<i64>) -> String {
    format!("counter:{user}:shelf:{}", shop.unwrap_or(0))
}

fn rung_key(user: i64) -> String {
    format!("counter:{user}:rung")
}

/// The counter's state on this phone, for the shop owner signed in.
#[derive(Clone, Copy)]
pub struct CounterSales {
    pub rung: RwSignal<Vec<RungLine>>,
    pub queue: RwSignal<Vec<QueuedSale>>,
    pub loaded: RwSignal<bool>,
    /// The sale the outbox recorded most recently.
    pub last: RwSignal<Option<SaleReceipt>>,
    /// Bumped when a sale reached the server: the shelf refetches.
    pub version: RwSignal<u32>,
    user: StoredValue<Option<i64>>,
    sender: Sender,
}

thread_local! {
    static STATE: std::cell::Cell<Option<CounterSales>> = const { std::cell::Cell::new(None) };
}

impl CounterSales {
    /// The one state of this page's lifetime (made on first use, outside any view, so that it
    /// outlives the counter page).
    pub fn get() -> CounterSales {
        STATE.with(|s| {
            if let Some(state) = s.get() {
                return state;
            }
            let state = CounterSales {
                rung: RwSignal::new(Vec::new()),
                queue: RwSignal::new(Vec::new()),
                loaded: RwSignal::new(false),
                last: RwSignal::new(None),
                version: RwSignal::new(0),
                user: StoredValue::new(None),
                sender: Sender::new(),
            };
            s.set(Some(state));
            state
        })
    }

    /// Reads `user`'s sale in progress and waiting sales from the phone (once per user), then
    /// sends the waiting ones.
    pub fn load_and_send(user: i64) {
        let state = CounterSales::get();
        if state.user.get_value() == Some(user) {
            if state.loaded.get_untracked() {
                state.send();
            }
            return;
        }
        state.user.set_value(Some(user));
        state.loaded.set(false);
        state.rung.set(Vec::new());
        state.queue.set(Vec::new());
        state.last.set(None);
        leptos::task::spawn_local(async move {
            let queue = idb::get::<Vec<QueuedSale>>(&queue_key(user)).await.ok().flatten().unwrap_or_default();
            let rung = idb::get::<Vec<RungLine>>(&rung_key(user)).await.ok().flatten().unwrap_or_default();
            if state.user.get_value() != Some(user) {
                return;
            }
            // Refused only because the session had lapsed: signed in again, they go again.
            let queue = queue
                .into_iter()
                .map(|mut s| {
                    if s.refused == Some(AppError::NotSignedIn) {
                        s.refused = None;
                        s.attempts = 0;
                    }
                    s
                })
                .collect();
            state.queue.set(queue);
            state.rung.set(rung);
            state.loaded.set(true);
            state.send();
        });
    }

    pub fn send(self) {
        outbox::send(self);
    }

    async fn persist_queue(self) -> Result<(), String> {
        let Some(user) = self.user.get_value() else { return Ok(()) };
        idb::put(&queue_key(user), &self.queue.get_untracked()).await
    }

    /// Changes the sale being rung up and keeps it on the phone.
    pub fn change_rung(self, f: impl FnOnce(&mut Vec<RungLine>)) {
        self.rung.update(|r| {
            f(r);
            r.retain(|l| l.units > 0);
        });
        let Some(user) = self.user.get_value() else { return };
        let rung = self.rung.get_untracked();
        leptos::task::spawn_local(async move {
            if let Err(e) = idb::put(&rung_key(user), &rung).await {
                leptos::logging::error!("the sale being rung up could not be kept on this phone: {e}");
            }
        });
    }

    /// Adds `units` of a product to the sale being rung up (a second scan adds to its line).
    pub fn add(self, line: RungLine) {
        self.change_rung(|r| match r.iter_mut().find(|l| l.product_id == line.product_id) {
            Some(l) => l.units = (l.units + line.units).min(super::MAX_UNITS),
            None => r.push(RungLine { units: line.units.min(super::MAX_UNITS), ..line }),
        });
    }

    /// Moves the sale being rung up to the outbox in one step on the phone (both records change
    /// together, or neither), then sends it: its key, or why it could not be kept.
    pub async fn record(self) -> Result<String, AppError> {
        let Some(user) = self.user.get_value() else { return Err(AppError::NotSignedIn) };
        let rung = self.rung.get_untracked();
        let lines: Vec<SaleLine> = rung.iter().map(|l| SaleLine { product_id: l.product_id, units: l.units }).collect();
        let sale = QueuedSale {
            key: random_id(),
            sold_ms: now_ms(),
            units: lines.iter().map(|l| l.units).sum(),
            lines,
            attempts: 0,
            refused: None,
        };
        // The same checks as the server's, before it is kept: a sale that could never be recorded
        // stays on the counter to be fixed.
        super::check_sale(
            &SaleRequest { key: sale.key.clone(), sold_ms: sale.sold_ms, lines: sale.lines.clone() },
            sale.sold_ms,
        )?;
        let mut queue = self.queue.get_untracked();
        queue.push(sale.clone());
        let empty: Vec<RungLine> = Vec::new();
        idb::update_two(
            &queue_key(user),
            &rung_key(user),
            move |_: Option<Vec<QueuedSale>>, _: Option<Vec<RungLine>>| (queue.clone(), empty.clone(), ()),
        )
        .await
        .map_err(AppError::Network)?;
        if self.user.get_value() != Some(user) {
            return Err(AppError::NotSignedIn);
        }
        self.queue.update(|q| q.push(sale.clone()));
        self.rung.set(Vec::new());
        self.send();
        Ok(sale.key)
    }

    /// Waits up to `ms` for the sale's first answer: true when it was answered.
    pub async fn first_answer(self, key: &str, ms: i32) -> bool {
        self.sender.first_answer(key, ms).await
    }

    /// Gives up on a refused sale (the owner looked at it).
    pub async fn discard(self, key: &str) {
        self.queue.update(|q| q.retain(|s| s.key != key));
        if let Err(e) = self.persist_queue().await {
            leptos::logging::error!("counter sales could not be saved on this phone: {e}");
        }
    }

    /// Units of each product in sales not yet recorded by the server (the shelf shows them gone).
    pub fn pending_units(self, product_id: i64) -> i64 {
        self.queue.with(|q| {
            q.iter()
                .filter(|s| s.refused.is_none())
                .flat_map(|s| s.lines.iter())
                .filter(|l| l.product_id == product_id)
                .map(|l| l.units)
                .sum()
        })
    }
}

impl Outbox for CounterSales {
    type Item = QueuedSale;
    type Answer = SaleReceipt;

    fn sender(self) -> Sender {
        self.sender
    }

    fn waiting(self) -> Option<Vec<QueuedSale>> {
        self.user.get_value()?;
        Some(self.queue.get_untracked().into_iter().filter(|s| s.refused.is_none()).collect())
    }

    fn key(sale: &QueuedSale) -> String {
        sale.key.clone()
    }

    fn attempts(sale: &QueuedSale) -> u32 {
        sale.attempts
    }

    async fn deliver(self, sale: &QueuedSale) -> Result<SaleReceipt, AppError> {
        record_sale(SaleRequest { key: sale.key.clone(), sold_ms: sale.sold_ms, lines: sale.lines.clone() }).await
    }

    async fn settle(self, sale: QueuedSale, outcome: Outcome<SaleReceipt>) {
        match outcome {
            Outcome::Sent(receipt) => {
                self.queue.update(|q| q.retain(|s| s.key != sale.key));
                self.last.set(Some(receipt));
                self.version.update(|v| *v += 1);
            }
            Outcome::Later { attempts } => self.queue.update(|q| {
                if let Some(s) = q.iter_mut().find(|s| s.key == sale.key) {
                    s.attempts = attempts;
                }
            }),
            Outcome::Refused(e) => self.queue.update(|q| {
                if let Some(s) = q.iter_mut().find(|s| s.key == sale.key) {
                    s.refused = Some(e);
                }
            }),
        }
        if let Err(e) = self.persist_queue().await {
            leptos::logging::error!("counter sales could not be saved on this phone: {e}");
        }
    }
}

/// Whether `user`'s phone holds counter sales not yet recorded (signing out would lose them).
/// Counted without decoding them.
pub async fn queued(user: i64) -> bool {
    idb::holds_items(&queue_key(user)).await
}

/// Forgets `user`'s counter data on this phone and in memory (at sign-out, once nothing waits):
/// the next account on the phone, or this one signing in again, starts from what the phone holds.
pub async fn forget_device_data(user: i64) -> Result<(), String> {
    if let Some(state) = STATE.with(std::cell::Cell::get) {
        state.user.set_value(None);
        state.loaded.set(false);
        state.rung.set(Vec::new());
        state.queue.set(Vec::new());
        state.last.set(None);
    }
    idb::delete_prefix(&format!("counter:{user}:")).await
}

/// At start-up, for a shop owner: sends the counter sales the phone still holds. Fetches the
/// module `counter_outbox` only when there are some (after the first screen's own requests).
pub async fn start(user: i64) {
    if !queued(user).await {
        return;
    }
    gloo_timers::future::TimeoutFuture::new(1_000).await;
    for attempts in 0u32..8 {
        match counter_outbox().await {
            Err(LoadFailed) => gloo_timers::future::TimeoutFuture::new(outbox::backoff_ms(attempts)).await,
            Ok(load_and_send) => return load_and_send(user),
        }
    }
}

#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(counter_outbox, wasm_split_path = ::leptos::wasm_split, fallible)]
fn counter_outbox() -> Result<fn(i64), LoadFailed> {
    Ok(CounterSales::load_and_send)
}

/// Not split (a build without `--features split`): in the one module.
#[cfg(not(feature = "split"))]
async fn counter_outbox() -> Result<fn(i64), LoadFailed> {
    Ok(CounterSales::load_and_send)
}
