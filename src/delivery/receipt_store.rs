//! The receipt checks being counted on this device (client): in memory for the pages, and in
//! IndexedDB at every change (`receipt:<account>:<order>`), so that the order page's refresh, a
//! reload or closing the app loses nothing the shop typed. Removed once the delivery is signed,
//! and with the account's other data at sign-out.

use super::receipt::ReceiptCheck;
use crate::account::SessionUser;
use crate::device::{idb, now_ms};
use crate::orders::OrderLine;
use leptos::prelude::*;
use std::collections::HashMap;

#[derive(Clone, Copy)]
pub struct ReceiptChecks {
    checks: RwSignal<HashMap<i64, ReceiptCheck>>,
    user: StoredValue<Option<i64>>,
}

pub fn receipt_checks() -> ReceiptChecks {
    expect_context::<ReceiptChecks>()
}

pub fn receipt_key(user: i64, order_id: i64) -> String {
    format!("receipt:{user}:{order_id}")
}

/// Every receipt check of an account on the device.
pub fn account_prefix(user: i64) -> String {
    format!("receipt:{user}:")
}

impl ReceiptChecks {
    /// Follows the session: another account (or nobody) starts with nothing in memory.
    pub fn provide(session: RwSignal<Option<SessionUser>>) -> ReceiptChecks {
        let state = ReceiptChecks {
            checks: RwSignal::new(HashMap::new()),
            user: StoredValue::new(session.with_untracked(|u| u.as_ref().map(|u| u.user_id))),
        };
        provide_context(state);
        Effect::new(move |_| {
            let user = session.with(|u| u.as_ref().map(|u| u.user_id));
            if user != state.user.get_value() {
                state.user.set_value(user);
                state.checks.set(HashMap::new());
            }
        });
        state
    }

    /// This order's check as it stands (None until `load` has read the device). Tracked.
    pub fn get(self, order_id: i64) -> Option<ReceiptCheck> {
        self.checks.with(|m| m.get(&order_id).cloned())
    }

    /// Reads this order's check from the device, or starts one (everything arrived).
    pub async fn load(self, order_id: i64, lines: Vec<OrderLine>) {
        if self.checks.with_untracked(|m| m.get(&order_id).is_some_and(|c| c.fits(order_id, &lines))) {
            return;
        }
        let Some(user) = self.user.get_value() else { return };
        let stored = match idb::get::<ReceiptCheck>(&receipt_key(user, order_id)).await {
            Ok(found) => found.filter(|c| c.fits(order_id, &lines)),
            Err(e) => {
                leptos::logging::error!("the receipt check could not be read on this device: {e}");
                None
            }
        };
        if self.user.get_value() != Some(user) {
            return;
        }
        self.checks.update(|m| {
            // A change made while the device was read is newer than what it held.
            if !m.get(&order_id).is_some_and(|c| c.fits(order_id, &lines)) {
                m.insert(order_id, stored.unwrap_or_else(|| ReceiptCheck::new(order_id, &lines, now_ms())));
            }
        });
    }

    /// Changes this order's check and writes it to the device before returning.
    pub async fn change<R>(self, order_id: i64, f: impl FnOnce(&mut ReceiptCheck) -> R) -> Option<R> {
        let mut out = None;
        self.checks.update(|m| {
            if let Some(c) = m.get_mut(&order_id) {
                out = Some(f(c));
                c.updated_ms = now_ms();
            }
        });
        let (Some(user), Some(check)) =
            (self.user.get_value(), self.checks.with_untracked(|m| m.get(&order_id).cloned()))
        else {
            return out;
        };
        if let Err(e) = idb::put(&receipt_key(user, order_id), &check).await {
            leptos::logging::error!("the receipt check could not be saved on this device: {e}");
        }
        out
    }

    /// The delivery is signed: its check leaves memory and the device.
    pub async fn forget(self, order_id: i64) {
        self.checks.update(|m| {
            m.remove(&order_id);
        });
        if let Some(user) = self.user.get_value() {
            let _ = idb::delete(&receipt_key(user, order_id)).await;
        }
    }

    /// Sign-out: every check of this account leaves the device.
    pub async fn forget_device_data(self) -> Result<(), String> {
        self.checks.set(HashMap::new());
        if let Some(user) = self.user.get_value() {
            idb::delete_prefix(&account_prefix(user)).await?;
        }
        Ok(())
    }
}
