//! The order lifecycle as a state machine: which steps are legal, and who may take each.
//! placed → confirmed → picking → dispatched → out for delivery → delivered, or cancelled by the
//! shop before dispatch. Shared, so the app offers only what the server will accept.

use super::OrderStatus;
use crate::account::Role;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TransitionError {
    /// No such step from here (e.g. delivered → picking, or cancelling a dispatched order).
    Illegal { from: OrderStatus, to: OrderStatus },
    /// A legal step, but not this role's to take.
    NotYours { role: Role, to: OrderStatus },
}

/// Whether `to` directly follows `from`.
pub fn is_legal(from: OrderStatus, to: OrderStatus) -> bool {
    use OrderStatus::*;
    matches!(
        (from, to),
        (Placed, Confirmed)
            | (Confirmed, Picking)
            | (Picking, Dispatched)
            | (Dispatched, OutForDelivery)
            | (OutForDelivery, Delivered)
            | (Placed | Confirmed | Picking, Cancelled)
    )
}

/// Who takes a step: the warehouse side (dispatcher, admin) moves orders through picking and
/// delivery; the shop (its owner, or its salesperson on its behalf) cancels and signs for delivery;
/// confirming is the server's own step at placement, which an admin may also take.
pub fn may_take(role: Role, to: OrderStatus) -> bool {
    use OrderStatus::*;
    match to {
        Placed => false,
        Confirmed => role == Role::Admin,
        Picking | Dispatched | OutForDelivery => matches!(role, Role::Dispatcher | Role::Admin),
        Delivered => matches!(role, Role::ShopOwner | Role::Salesperson | Role::Dispatcher | Role::Admin),
        Cancelled => matches!(role, Role::ShopOwner | Role::Salesperson | Role::Admin),
    }
}

pub fn check(from: OrderStatus, to: OrderStatus, role: Role) -> Result<(), TransitionError> {
    if !is_legal(from, to) {
        return Err(TransitionError::Illegal { from, to });
    }
    if !may_take(role, to) {
        return Err(TransitionError::NotYours { role, to });
    }
    Ok(())
}

/// The step a dispatcher's "advance" takes from here, if any.
pub fn next_for_warehouse(from: OrderStatus) -> Option<OrderStatus> {
    use OrderStatus::*;
    match from {
        Confirmed => Some(Picking),
        Picking => Some(Dispatched),
        Dispatched => Some(OutForDelivery),
        _ => None,
    }
}

/// The steps an order in `now` has still to go through, in order (none once delivered or
/// cancelled): the timeline shows them greyed.
pub fn upcoming(now: OrderStatus) -> Vec<OrderStatus> {
    use OrderStatus::*;
    const PATH: [OrderStatus; 6] = [Placed, Confirmed, Picking, Dispatched, OutForDelivery, Delivered];
    match PATH.iter().position(|s| *s == now) {
        Some(i) => PATH[i + 1..].to_vec(),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderStatus::*;

    #[test]
    fn the_timeline_shows_what_is_still_to_come_and_each_step_is_legal() {
        assert_eq!(upcoming(Confirmed), vec![Picking, Dispatched, OutForDelivery, Delivered]);
        assert_eq!(upcoming(Delivered), vec![]);
        assert_eq!(upcoming(Cancelled), vec![]);
        for s in OrderStatus::ALL {
            let mut at = s;
            for next in upcoming(s) {
                assert!(is_legal(at, next), "{at:?} → {next:?}");
                at = next;
            }
        }
    }

    #[test]
    fn exactly_the_lifecycle_steps_are_legal() {
        let legal = [
            (Placed, Confirmed),
            (Confirmed, Picking),
            (Picking, Dispatched),
            (Dispatched, OutForDelivery),
            (OutForDelivery, Delivered),
            (Placed, Cancelled),
            (Confirmed, Cancelled),
            (Picking, Cancelled),
        ];
        for from in OrderStatus::ALL {
            for to in OrderStatus::ALL {
                assert_eq!(is_legal(from, to), legal.contains(&(from, to)), "{from:?} → {to:?}");
            }
        }
    }

    #[test]
    fn nothing_leaves_delivered_or_cancelled_and_nothing_is_skipped() {
        for to in OrderStatus::ALL {
            assert!(!is_legal(Delivered, to) && !is_legal(Cancelled, to));
        }
        assert!(!is_legal(Confirmed, Dispatched));
        assert!(!is_legal(Picking, Delivered));
        assert_eq!(
            check(Dispatched, Cancelled, Role::ShopOwner),
            Err(TransitionError::Illegal { from: Dispatched, to: Cancelled })
        );
    }

    #[test]
    fn each_role_takes_only_its_own_steps() {
        assert!(check(Confirmed, Picking, Role::Dispatcher).is_ok());
        assert_eq!(
            check(Confirmed, Picking, Role::ShopOwner),
            Err(TransitionError::NotYours { role: Role::ShopOwner, to: Picking })
        );
        assert_eq!(
            check(Picking, Cancelled, Role::Dispatcher),
            Err(TransitionError::NotYours { role: Role::Dispatcher, to: Cancelled })
        );
        assert!(check(Picking, Cancelled, Role::ShopOwner).is_ok());
        assert!(check(OutForDelivery, Delivered, Role::ShopOwner).is_ok());
        assert!(check(OutForDelivery, Delivered, Role::Reviewer).is_err());
        for to in OrderStatus::ALL {
            assert!(!may_take(Role::Reviewer, to), "a reviewer moves no orders");
        }
        assert_eq!(next_for_warehouse(Confirmed), Some(Picking));
        assert_eq!(next_for_warehouse(OutForDelivery), None);
    }
}
