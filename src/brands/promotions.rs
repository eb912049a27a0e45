//! A brand's own promotions: a price cut per case on one of its products, for every shop, for a
//! few days, paid from a budget the brand sets. Checkout charges each discounted line to the
//! budget in the order's transaction (`orders::rules::promo_cost`, `fits_budget`); once the budget
//! cannot pay for a line the promotion stops, for every shop at once, and a cancelled order gives
//! its part back.

use crate::dates::Date;
use crate::error::{AppError, Invalid};
use crate::money::Fen;
use serde::{Deserialize, Serialize};

/// A promotion runs at most this many days.
pub const MAX_DAYS: i64 = 30;
/// The largest budget one promotion may have: ¥1,000,000.
pub const MAX_BUDGET: Fen = Fen(100_000_000);
/// At most this many promotions listed (the newest).
pub const MAX_LISTED: i64 = 50;

/// What the brand's screen sends to start a promotion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromotionRequest {
    /// Made by the screen: the same request sent twice starts one promotion.
    pub key: String,
    pub product_id: i64,
    pub off_per_case: Fen,
    pub days: i64,
    pub budget: Fen,
}

/// Checks a promotion against the product's case price: a cut of at least 1 fen that leaves the
/// case costing something, 1 to `MAX_DAYS` days, a budget that pays for at least one case and at
/// most `MAX_BUDGET`. Any input gives an answer.
pub fn check(req: &PromotionRequest, case_price: Fen) -> Result<(), AppError> {
    crate::error::check_key(&req.key)?;
    let cut_ok = req.off_per_case.0 >= 1 && req.off_per_case.0 < case_price.0;
    let days_ok = (1..=MAX_DAYS).contains(&req.days);
    let budget_ok = req.budget.0 >= req.off_per_case.0 && req.budget <= MAX_BUDGET;
    if cut_ok && days_ok && budget_ok {
        Ok(())
    } else {
        Err(AppError::Invalid(Invalid::Promotion))
    }
}

/// A brand's promotion as its screen lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrandPromotion {
    #[serde(with = "crate::id")]
    pub id: i64,
    pub product_id: i64,
    pub name_zh: String,
    pub name_en: String,
    pub off_per_case: Fen,
    pub starts_on: Date,
    pub ends_on: Date,
    pub budget: Fen,
    pub spent: Fen,
    /// Running today with budget left.
    pub live: bool,
}

impl BrandPromotion {
    /// What is left of the budget (0 to the budget, whatever the figures hold).
    pub fn left(&self) -> Fen {
        let budget = self.budget.0.max(0);
        Fen((budget - self.spent.0.clamp(0, budget)).max(0))
    }

    /// The share of the budget spent, per thousand (0 to 1,000).
    pub fn spent_permille(&self) -> i64 {
        if self.budget.0 <= 0 {
            return 1000;
        }
        (i128::from(self.spent.0.clamp(0, self.budget.0)) * 1000 / i128::from(self.budget.0)) as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn req(off: i64, days: i64, budget: i64) -> PromotionRequest {
        PromotionRequest { key: "p-1".into(), product_id: 14, off_per_case: Fen(off), days, budget: Fen(budget) }
    }

    #[test]
    fn a_promotion_cuts_something_leaves_a_price_and_pays_for_a_case() {
        assert_eq!(check(&req(300, 7, 30_000), Fen(5_000)), Ok(()));
        assert!(check(&req(0, 7, 30_000), Fen(5_000)).is_err(), "no cut");
        assert!(check(&req(5_000, 7, 30_000), Fen(5_000)).is_err(), "free goods");
        assert!(check(&req(300, 0, 30_000), Fen(5_000)).is_err());
        assert!(check(&req(300, 31, 30_000), Fen(5_000)).is_err());
        assert!(check(&req(300, 7, 299), Fen(5_000)).is_err(), "not even one case");
        assert!(check(&req(300, 7, MAX_BUDGET.0 + 1), Fen(5_000)).is_err());
        let mut bad_key = req(300, 7, 30_000);
        bad_key.key = "a b".into();
        assert!(check(&bad_key, Fen(5_000)).is_err());
    }

    proptest! {
        #[test]
        fn what_passes_is_in_range_and_the_budget_shown_adds_up(
            off in any::<i64>(), days in any::<i64>(), budget in any::<i64>(), price in any::<i64>(), spent in any::<i64>(),
        ) {
            if check(&req(off, days, budget), Fen(price)).is_ok() {
                prop_assert!(off >= 1 && off < price && (1..=MAX_DAYS).contains(&days));
                prop_assert!(budget >= off && budget <= MAX_BUDGET.0);
            }
            let p = BrandPromotion {
                id: 1, product_id: 1, name_zh: String::new(), name_en: String::new(), off_per_case: Fen(off),
                starts_on: Date(0), ends_on: Date(0), budget: Fen(budget), spent: Fen(spent), live: false,
            };
            prop_assert!(p.left().0 >= 0 && p.left().0 <= budget.max(0));
            prop_assert!((0..=1000).contains(&p.spent_permille()));
            if budget > 0 && (0..=budget).contains(&spent) {
                prop_assert_eq!(p.left().0, budget - spent);
            }
        }
    }
}
