//! The cart and the order outbox: what they hold and the rules for changing them (shared, pure,
//! tested natively). The device store and the views live in `store.rs` and `views.rs` (client).

#[cfg(feature = "csr")]
pub mod state;
#[cfg(feature = "csr")]
pub mod views;

use crate::catalogue::ProductCard;
use crate::error::AppError;
use crate::money::Fen;
use crate::orders::LineRequest;
use serde::{Deserialize, Serialize};

/// A cart line, with what the shop saw when adding it (to say what changed since).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub product: ProductCard,
    pub cases: i64,
    pub added_case_price: Fen,
    pub added_ms: i64,
}

/// One shop's cart on this device.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    pub shop_id: i64,
    pub lines: Vec<CartLine>,
}

/// The nearest quantity the product allows: at least its minimum, at most its maximum (and never
/// less than one case).
pub fn clamp_cases(p: &ProductCard, cases: i64) -> i64 {
    cases.clamp(p.min_cases.max(1), p.max_cases.max(p.min_cases.max(1)))
}

impl Cart {
    pub fn cases_of(&self, product_id: i64) -> i64 {
        self.lines.iter().find(|l| l.product.id == product_id).map(|l| l.cases).unwrap_or(0)
    }

    /// Adds `cases` of a product (its minimum if the cart had none), keeping the price seen now.
    pub fn add(&mut self, product: &ProductCard, cases: i64, now_ms: i64) {
        match self.lines.iter_mut().find(|l| l.product.id == product.id) {
            Some(line) => line.cases = clamp_cases(&line.product, line.cases + cases),
            None => self.lines.push(CartLine {
                product: product.clone(),
                cases: clamp_cases(product, cases),
                added_case_price: product.case_price,
                added_ms: now_ms,
            }),
        }
    }

    /// Sets a line's quantity; zero or less removes it.
    pub fn set_cases(&mut self, product_id: i64, cases: i64) {
        if cases <= 0 {
            self.remove(product_id);
        } else if let Some(line) = self.lines.iter_mut().find(|l| l.product.id == product_id) {
            line.cases = clamp_cases(&line.product, cases);
        }
    }

    pub fn remove(&mut self, product_id: i64) {
        self.lines.retain(|l| l.product.id != product_id);
    }

    /// The total at the prices last seen (the server prices it again at checkout).
    pub fn seen_total(&self) -> Fen {
        self.lines.iter().fold(Fen::ZERO, |a, l| a + l.product.case_price * l.cases)
    }

    pub fn requests(&self) -> Vec<LineRequest> {
        self.lines
            .iter()
            .map(|l| LineRequest { product_id: l.product.id, cases: l.cases, seen_case_price: l.product.case_price })
            .collect()
    }
}

/// Where an order waiting on the device stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutboxState {
    /// Not yet answered by the server; sent by itself when the network allows.
    Waiting,
    /// The server refused it as it is (a price or stock change, the minimum): the shop decides.
    NeedsLook(AppError),
}

/// An order placed on this device that the server has not confirmed yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// The idempotency key: the server makes one order per key, however often it is sent.
    pub key: String,
    pub shop_id: i64,
    /// The shop as the request names it: `None` for an owner, the shop for a salesperson.
    pub for_shop: Option<i64>,
    pub cart: Cart,
    pub use_balance: bool,
    pub created_ms: i64,
    pub attempts: u32,
    pub state: OutboxState,
}

/// Adjusts a refused order to what the server said is possible: fewer cases where stock is
/// short (none left: the line goes), the new price where it rose, the minimum where it was under,
/// and lines no longer sold removed.
pub fn apply_problems(cart: &mut Cart, problems: &[(i64, crate::orders::rules::LineProblem)]) {
    use crate::orders::rules::LineProblem;
    for (id, problem) in problems {
        match *problem {
            LineProblem::Unavailable | LineProblem::NotEnoughStock { available: 0 } => cart.remove(*id),
            LineProblem::NotEnoughStock { available } => {
                if let Some(l) = cart.lines.iter_mut().find(|l| l.product.id == *id) {
                    l.cases = available;
                    l.product.stock_cases = available;
                }
            }
            LineProblem::BelowMinimum { min } => {
                if let Some(l) = cart.lines.iter_mut().find(|l| l.product.id == *id) {
                    l.cases = min;
                }
            }
            LineProblem::AboveMaximum { max } => {
                if let Some(l) = cart.lines.iter_mut().find(|l| l.product.id == *id) {
                    l.cases = max;
                }
            }
            LineProblem::PriceRose { now, .. } => {
                if let Some(l) = cart.lines.iter_mut().find(|l| l.product.id == *id) {
                    l.product.case_price = now;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Category;

    fn card(id: i64, min: i64, max: i64) -> ProductCard {
        ProductCard {
            id,
            name_zh: "测试".into(),
            name_en: "Test".into(),
            brand_zh: "牌".into(),
            brand_en: "Brand".into(),
            category: Category::Drinks,
            spec: "500ml×24".into(),
            pack_size: 24,
            case_price: Fen(4800),
            stock_cases: 10,
            min_cases: min,
            max_cases: max,
            flags: vec![],
            promo: None,
        }
    }

    #[test]
    fn adding_respects_minimum_and_maximum_and_merges_lines() {
        let mut cart = Cart::default();
        cart.add(&card(1, 2, 5), 1, 0);
        assert_eq!(cart.cases_of(1), 2, "the minimum, not one");
        cart.add(&card(1, 2, 5), 1, 0);
        assert_eq!(cart.cases_of(1), 3);
        cart.add(&card(1, 2, 5), 10, 0);
        assert_eq!(cart.cases_of(1), 5, "capped at the maximum");
        assert_eq!(cart.lines.len(), 1);
        cart.set_cases(1, 1);
        assert_eq!(cart.cases_of(1), 2);
        cart.set_cases(1, 0);
        assert!(cart.lines.is_empty());
    }

    #[test]
    fn requests_carry_the_price_the_shop_saw() {
        let mut cart = Cart::default();
        cart.add(&card(7, 1, 50), 3, 0);
        assert_eq!(cart.requests(), vec![LineRequest { product_id: 7, cases: 3, seen_case_price: Fen(4800) }]);
        assert_eq!(cart.seen_total(), Fen(14_400));
    }

    #[test]
    fn accepting_the_servers_changes_fixes_each_line() {
        use crate::orders::rules::LineProblem;
        let mut cart = Cart::default();
        for id in 1..=4 {
            cart.add(&card(id, 1, 50), 5, 0);
        }
        apply_problems(
            &mut cart,
            &[
                (1, LineProblem::NotEnoughStock { available: 2 }),
                (2, LineProblem::NotEnoughStock { available: 0 }),
                (3, LineProblem::PriceRose { seen: Fen(4800), now: Fen(5100) }),
                (4, LineProblem::Unavailable),
            ],
        );
        assert_eq!(cart.cases_of(1), 2);
        assert_eq!(cart.cases_of(2), 0);
        assert_eq!(cart.lines.iter().find(|l| l.product.id == 3).unwrap().product.case_price, Fen(5100));
        assert_eq!(cart.lines.len(), 2);
    }
}
