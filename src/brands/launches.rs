//! A brand's new-product launch aimed at a set of shops: a city (or every city), county towns or
//! city districts (or both), kinds of shop (or every kind). Every shop the target matches gets the
//! product on its home screen's featured strip for the launch's days; the launch's spread (the
//! insights' chart) then shows how many of them buy it.

use super::{ShopKind, TownKind};
use crate::error::{AppError, Invalid};
use serde::{Deserialize, Serialize};

/// A launch runs at most this many days.
pub const MAX_DAYS: i64 = 30;
/// A launch reaches at most this many shops (the platform's launches reach about 10,000).
pub const MAX_SHOPS: i64 = 20_000;
/// The longest city name a target may carry.
pub const CITY_MAX_CHARS: usize = 40;

/// Which shops a launch is for; `None` is "any".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub city: Option<String>,
    pub town_kind: Option<TownKind>,
    pub shop_kind: Option<ShopKind>,
}

impl Target {
    /// Whether a shop placed in `city`, a town of `town_kind`, of `shop_kind`, is in the target.
    pub fn matches(&self, city: &str, town_kind: Option<TownKind>, shop_kind: Option<ShopKind>) -> bool {
        self.city.as_deref().is_none_or(|c| c == city)
            && self.town_kind.is_none_or(|k| town_kind == Some(k))
            && self.shop_kind.is_none_or(|k| shop_kind == Some(k))
    }
}

/// What the brand's screen sends to launch a product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaunchRequest {
    /// Made by the screen: the same launch sent twice is made once.
    pub key: String,
    pub product_id: i64,
    pub target: Target,
    pub days: i64,
}

/// Checks a launch: a device key, 1 to `MAX_DAYS` days, a city name that is not empty and not
/// longer than `CITY_MAX_CHARS`.
pub fn check(req: &LaunchRequest) -> Result<(), AppError> {
    crate::error::check_key(&req.key)?;
    let city_ok =
        req.target.city.as_deref().is_none_or(|c| !c.trim().is_empty() && c.chars().count() <= CITY_MAX_CHARS);
    if (1..=MAX_DAYS).contains(&req.days) && city_ok {
        Ok(())
    } else {
        Err(AppError::Invalid(Invalid::Launch))
    }
}

/// What a launch came to: the shops it reached, and of them those in county towns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Launched {
    pub shops: i64,
    pub county_shops: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_target_matches_what_it_names_and_anything_it_leaves_open() {
        let any = Target::default();
        assert!(any.matches("上海", None, None));
        let county_kiosks = Target { city: None, town_kind: Some(TownKind::County), shop_kind: Some(ShopKind::Kiosk) };
        assert!(county_kiosks.matches("成都", Some(TownKind::County), Some(ShopKind::Kiosk)));
        assert!(!county_kiosks.matches("成都", Some(TownKind::District), Some(ShopKind::Kiosk)));
        assert!(
            !county_kiosks.matches("成都", None, Some(ShopKind::Kiosk)),
            "an unplaced shop is not in a county town"
        );
        let chengdu = Target { city: Some("成都".into()), ..Target::default() };
        assert!(!chengdu.matches("上海", Some(TownKind::County), None));
    }

    #[test]
    fn a_launch_has_a_key_a_sane_city_and_one_to_thirty_days() {
        let ok = LaunchRequest { key: "l-1".into(), product_id: 14, target: Target::default(), days: 14 };
        assert_eq!(check(&ok), Ok(()));
        assert!(check(&LaunchRequest { days: 0, ..ok.clone() }).is_err());
        assert!(check(&LaunchRequest { days: 31, ..ok.clone() }).is_err());
        let long = Target { city: Some("城".repeat(41)), ..Target::default() };
        assert!(check(&LaunchRequest { target: long, ..ok.clone() }).is_err());
        let blank = Target { city: Some("  ".into()), ..Target::default() };
        assert!(check(&LaunchRequest { target: blank, ..ok.clone() }).is_err());
        assert!(check(&LaunchRequest { key: String::new(), ..ok }).is_err());
    }

    proptest! {
        #[test]
        fn an_open_target_matches_every_shop_and_a_named_one_only_its_own(
            city in "[a-c]{1,2}", shop_city in "[a-c]{1,2}", county in any::<bool>(), kind in 0usize..5,
        ) {
            let tk = Some(if county { TownKind::County } else { TownKind::District });
            let sk = Some(ShopKind::ALL[kind]);
            prop_assert!(Target::default().matches(&shop_city, tk, sk));
            let t = Target { city: Some(city.clone()), town_kind: tk, shop_kind: sk };
            prop_assert_eq!(t.matches(&shop_city, tk, sk), city == shop_city);
        }
    }
}
