//! A claim being written: what the shop has typed so far, kept on the device (IndexedDB) at every
//! change, so closing the app or losing the network loses nothing. Submitting queues it like an
//! order: photos are uploaded, then the claim is filed with the draft's key (filed once).

use super::rules::Guarantee;
use super::{ClaimContext, ClaimFacts, ClaimRequest};
use crate::dates::Date;
use crate::error::AppError;
use crate::i18n::K;
use crate::money::Fen;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DraftState {
    Editing,
    /// Submitted by the shop: waiting for the network (or sending).
    Queued,
    /// The server refused it: back to the shop, with why.
    NeedsLook(AppError),
}

/// A photo of a draft: its bytes are a separate record on the device (`key`), uploaded once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftPhoto {
    pub key: String,
    pub bytes: i64,
    /// The server's id once uploaded.
    #[serde(default, with = "crate::id::opt")]
    pub uploaded: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The claim's key, made on the device when the draft began.
    pub key: String,
    #[serde(with = "crate::id")]
    pub order_id: i64,
    pub line_no: i64,
    /// The line as last read from the server, so the draft opens offline.
    pub context: Option<ClaimContext>,
    pub kind: Option<Guarantee>,
    pub units: String,
    pub platform: String,
    pub price_yuan: String,
    pub seen_on: String,
    pub expired_on: String,
    pub pickup_on: String,
    pub what: String,
    pub photos: Vec<DraftPhoto>,
    pub state: DraftState,
    pub updated_ms: i64,
    pub attempts: u32,
}

/// What stops a draft from being filed, field by field (shown next to the field).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    Kind,
    Units,
    Platform,
    Price,
    SeenOn,
    ExpiredOn,
    Pickup,
    What,
    Photo,
}

impl Missing {
    pub fn label(self) -> K {
        match self {
            Missing::Kind => K::FileClaim,
            Missing::Units => K::UnitsField,
            Missing::Platform => K::CompetitorPlatform,
            Missing::Price => K::CompetitorUnitPrice,
            Missing::SeenOn => K::SeenOn,
            Missing::ExpiredOn => K::ExpiredOn,
            Missing::Pickup => K::PickupSlot,
            Missing::What => K::WhatIsWrong,
            Missing::Photo => K::AddPhoto,
        }
    }
}

impl Draft {
    pub fn new(key: String, order_id: i64, line_no: i64, now_ms: i64) -> Draft {
        Draft {
            key,
            order_id,
            line_no,
            context: None,
            kind: None,
            units: String::new(),
            platform: String::new(),
            price_yuan: String::new(),
            seen_on: String::new(),
            expired_on: String::new(),
            pickup_on: String::new(),
            what: String::new(),
            photos: Vec::new(),
            state: DraftState::Editing,
            updated_ms: now_ms,
            attempts: 0,
        }
    }

    /// The facts this draft states, or the first field still missing or unreadable.
    pub fn facts(&self) -> Result<ClaimFacts, Missing> {
        let units = || self.units.trim().parse::<i64>().ok().filter(|u| *u > 0).ok_or(Missing::Units);
        let date = |s: &str, m: Missing| Date::parse(s.trim()).ok_or(m);
        let facts = match self.kind.ok_or(Missing::Kind)? {
            Guarantee::PriceMatch => {
                if self.platform.trim().is_empty() {
                    return Err(Missing::Platform);
                }
                ClaimFacts::PriceMatch {
                    platform: self.platform.trim().to_owned(),
                    competitor_unit_price: Fen::parse_yuan(&self.price_yuan).ok_or(Missing::Price)?,
                    seen_on: date(&self.seen_on, Missing::SeenOn)?,
                }
            }
            Guarantee::Expiry => {
                ClaimFacts::Expiry { expired_on: date(&self.expired_on, Missing::ExpiredOn)?, units: units()? }
            }
            Guarantee::SlowSeller => {
                ClaimFacts::SlowSeller { units: units()?, pickup_on: date(&self.pickup_on, Missing::Pickup)? }
            }
            Guarantee::Quality => {
                let units = units()?;
                if self.what.trim().is_empty() {
                    return Err(Missing::What);
                }
                ClaimFacts::Quality { units, what: self.what.trim().to_owned() }
            }
            Guarantee::LateDelivery | Guarantee::ShortDelivery => return Err(Missing::Kind),
        };
        if facts.needs_photo() && self.photos.is_empty() {
            return Err(Missing::Photo);
        }
        Ok(facts)
    }

    /// The compensation the rules give for this draft as it stands (what the server will file).
    pub fn amount(&self) -> Option<Result<Fen, super::rules::Refusal>> {
        let ctx = self.context.as_ref()?;
        let facts = self.facts().ok()?;
        Some(super::amount(ctx, &facts))
    }

    /// The request to file, once every photo is uploaded.
    pub fn request(&self) -> Option<ClaimRequest> {
        let evidence = self.photos.iter().map(|p| p.uploaded).collect::<Option<Vec<i64>>>()?;
        Some(ClaimRequest {
            key: self.key.clone(),
            order_id: self.order_id,
            line_no: self.line_no,
            facts: self.facts().ok()?,
            evidence,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::rules::Line;

    fn ctx() -> ClaimContext {
        ClaimContext {
            order_id: 1,
            shop_id: 1,
            line_no: 1,
            product_id: 5,
            name_zh: "薯片".into(),
            name_en: "Crisps".into(),
            line: Line {
                pack_size: 12,
                cases_delivered: 2,
                total: Fen(24_000),
                price_guaranteed: true,
                food: true,
                snack: true,
                units_claimed: 0,
                claimed: Fen::ZERO,
                price_matched: None,
            },
            delivered_on: Some(Date::from_ymd(2026, 11, 20)),
            today: Date::from_ymd(2026, 11, 22),
        }
    }

    #[test]
    fn a_draft_names_the_first_missing_field_and_then_its_amount() {
        let mut d = Draft::new("k".into(), 1, 1, 0);
        d.context = Some(ctx());
        assert_eq!(d.facts(), Err(Missing::Kind));
        d.kind = Some(Guarantee::Quality);
        assert_eq!(d.facts(), Err(Missing::Units));
        d.units = "3".into();
        assert_eq!(d.facts(), Err(Missing::What));
        d.what = "漏气 leaking".into();
        assert_eq!(d.facts(), Err(Missing::Photo));
        assert_eq!(d.amount(), None);
        d.photos.push(DraftPhoto { key: "p".into(), bytes: 10, uploaded: None });
        assert_eq!(d.amount(), Some(Ok(Fen(3_000))));
        assert_eq!(d.request(), None, "photos are uploaded first");
        d.photos[0].uploaded = Some(77);
        assert_eq!(d.request().unwrap().evidence, vec![77]);
    }

    #[test]
    fn prices_dates_and_units_are_read_strictly() {
        let mut d = Draft::new("k".into(), 1, 1, 0);
        d.context = Some(ctx());
        d.kind = Some(Guarantee::PriceMatch);
        d.platform = "某平台".into();
        d.price_yuan = "9.555".into();
        assert_eq!(d.facts(), Err(Missing::Price));
        d.price_yuan = "9.5".into();
        d.seen_on = "2026-13-01".into();
        assert_eq!(d.facts(), Err(Missing::SeenOn));
        d.seen_on = "2026-11-21".into();
        d.photos.push(DraftPhoto { key: "p".into(), bytes: 10, uploaded: Some(1) });
        // Paid ¥10 a unit, ¥9.50 elsewhere: 50 fen on each of 24 units.
        assert_eq!(d.amount(), Some(Ok(Fen(1_200))));
        d.kind = Some(Guarantee::SlowSeller);
        d.units = "-2".into();
        assert_eq!(d.facts(), Err(Missing::Units));
        d.units = "2".into();
        d.pickup_on = "2026-11-25".into();
        // A slow seller needs no photo; day 2 is too early.
        assert!(matches!(d.amount(), Some(Err(crate::claims::rules::Refusal::TooEarly { .. }))));
    }
}
