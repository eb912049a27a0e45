//! The one sending loop behind everything the shop hands to the app to deliver and must not lose:
//! orders (`cart::state`) and claims (`claims::outbox`). Each keeps its own items on the device;
//! this module decides when they go and what an answer means.
//!
//! - One pass at a time, items one by one, oldest first. A send asked for while a pass runs (a
//!   second checkout, the network coming back) is not dropped: the pass goes round again for what
//!   it has not tried yet.
//! - No answer or a server hiccup (`AppError::is_transient`) leaves the item waiting with one more
//!   attempt counted, and the outbox tries again after `backoff_ms`. Any other answer is the
//!   server's refusal: the item goes back to the shop with the reason, never retried as it is.
//! - Sends start at start-up (when the items have been read from the device), when the browser
//!   says it is online again (listened for from the first send on), and on the back-off timer.

use crate::error::AppError;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Retry delay after `attempts` failed sends: 2 s doubling to at most a minute.
pub fn backoff_ms(attempts: u32) -> u32 {
    2_000u32.saturating_mul(1 << attempts.min(5)).min(60_000)
}

/// What one attempt at sending an item came to.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome<A> {
    /// The server took it and answered this.
    Sent(A),
    /// Not reached, or the server failed: it waits; `attempts` counts this one.
    Later { attempts: u32 },
    /// The server refused it as it is.
    Refused(AppError),
}

impl<A> Outcome<A> {
    /// The meaning of the server's answer to an item already tried `attempts` times.
    pub fn of(answer: Result<A, AppError>, attempts: u32) -> Outcome<A> {
        match answer {
            Ok(a) => Outcome::Sent(a),
            Err(e) if e.is_transient() => Outcome::Later { attempts: attempts.saturating_add(1) },
            Err(e) => Outcome::Refused(e),
        }
    }
}

/// Something the shop queued on this device for the server. Implemented by the order outbox and the
/// claim outbox; `send` drives it.
#[allow(async_fn_in_trait)] // run on the page's one thread (spawn_local): no Send bound wanted
pub trait Outbox: Copy + 'static {
    type Item: 'static;
    type Answer: 'static;
    /// The loop's own state for this outbox (made once, with the outbox).
    fn sender(self) -> Sender;
    /// What waits to be sent now, oldest first; `None` when nobody is signed in to send for.
    fn waiting(self) -> Option<Vec<Self::Item>>;
    /// The item's key on the server (its idempotency key: sent twice, taken once).
    fn key(item: &Self::Item) -> String;
    fn attempts(item: &Self::Item) -> u32;
    /// Sends one item.
    async fn deliver(self, item: &Self::Item) -> Result<Self::Answer, AppError>;
    /// Records what the attempt came to, on the device and in memory.
    async fn settle(self, item: Self::Item, outcome: Outcome<Self::Answer>);
    /// After a pass (progress bars go).
    fn pass_ended(self) {}
}

/// The loop's state for one outbox: whether a pass runs, whether another was asked for, and who
/// waits for an item's first answer.
#[derive(Clone, Copy)]
pub struct Sender {
    busy: StoredValue<bool>,
    again: StoredValue<bool>,
    /// Whether the `online` listener is registered (at the first send).
    listening: StoredValue<bool>,
    waiters: StoredValue<Vec<(String, js_sys::Function)>, LocalStorage>,
}

impl Sender {
    pub fn new() -> Sender {
        Sender {
            busy: StoredValue::new(false),
            listening: StoredValue::new(false),
            again: StoredValue::new(false),
            waiters: StoredValue::new_local(vec![]),
        }
    }

    /// Waits until the item with this key has had its first answer (or `timeout_ms` passed);
    /// true when it was answered. The caller reads what happened from its own state.
    pub async fn first_answer(self, key: &str, timeout_ms: i32) -> bool {
        let key = key.to_owned();
        let waiters = self.waiters;
        let done = js_sys::Promise::new(&mut |resolve, _| {
            let _ =
                window().set_timeout_with_callback_and_timeout_and_arguments_1(&resolve, timeout_ms, &JsValue::FALSE);
            waiters.update_value(|w| w.push((key.clone(), resolve)));
        });
        let answered = wasm_bindgen_futures::JsFuture::from(done).await.ok().and_then(|v| v.as_bool()) == Some(true);
        self.waiters.update_value(|w| w.retain(|(k, _)| *k != key));
        answered
    }

    fn answered(self, key: &str) {
        self.waiters.update_value(|w| {
            w.retain(|(k, resolve)| {
                if k == key {
                    let _ = resolve.call1(&JsValue::NULL, &JsValue::TRUE);
                }
                k != key
            })
        });
    }
}

impl Default for Sender {
    fn default() -> Self {
        Sender::new()
    }
}

/// Sends everything waiting (see the module's comment for the rules).
pub fn send<O: Outbox>(outbox: O) {
    let s = outbox.sender();
    if !s.listening.get_value() {
        s.listening.set_value(true);
        send_when_online(outbox);
    }
    if s.busy.get_value() {
        s.again.set_value(true);
        return;
    }
    if outbox.waiting().is_none() {
        return;
    }
    s.busy.set_value(true);
    leptos::task::spawn_local(async move {
        let mut retry_in: Option<u32> = None;
        let mut tried: Vec<String> = Vec::new();
        loop {
            s.again.set_value(false);
            let waiting = outbox.waiting().unwrap_or_default();
            for item in waiting {
                let key = O::key(&item);
                if tried.contains(&key) {
                    continue;
                }
                tried.push(key.clone());
                let outcome = Outcome::of(outbox.deliver(&item).await, O::attempts(&item));
                if let Outcome::Later { attempts } = outcome {
                    let ms = backoff_ms(attempts);
                    retry_in = Some(retry_in.map_or(ms, |r| r.min(ms)));
                }
                outbox.settle(item, outcome).await;
                s.answered(&key);
            }
            if !s.again.get_value() {
                break;
            }
        }
        outbox.pass_ended();
        s.busy.set_value(false);
        if let Some(ms) = retry_in {
            leptos::task::spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(ms).await;
                send(outbox);
            });
        }
    });
}

/// Sends whenever the browser says the network is back.
fn send_when_online<O: Outbox>(outbox: O) {
    let online = Closure::<dyn Fn()>::new(move || send(outbox));
    let _ = window().add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
    online.forget();
}
