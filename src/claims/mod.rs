//! Claims: the guarantees' rules (shared and pure, so the app shows the shop exactly what the server
//! will decide), the automatic late-delivery compensation, the shop's claims and balance.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod draft;
#[cfg(feature = "ssr")]
pub mod evidence;
#[cfg(feature = "csr")]
pub mod outbox;
#[cfg(all(feature = "csr", feature = "staff"))]
pub mod review_views;
pub mod rules;
#[cfg(feature = "csr")]
pub mod views;

/// What other features may use of the claims' database code: the short-delivery claim filed at
/// signing (inside the signing's write transaction) and a shop's claims for its overview.
#[cfg(feature = "ssr")]
pub(crate) use db::{
    delivered_lines, file_short_delivery, keep_for_delivery, late_credits, list_for_shop, paid_by_kind,
};

use crate::dates::Date;
use crate::i18n::K;
use crate::money::Fen;
use rules::Guarantee;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ClaimStatus {
    Submitted,
    InReview,
    PickupScheduled,
    Collected,
    Approved,
    Rejected,
    Paid,
}

impl ClaimStatus {
    pub const ALL: [ClaimStatus; 7] = [
        ClaimStatus::Submitted,
        ClaimStatus::InReview,
        ClaimStatus::PickupScheduled,
        ClaimStatus::Collected,
        ClaimStatus::Approved,
        ClaimStatus::Rejected,
        ClaimStatus::Paid,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ClaimStatus::Submitted => "submitted",
            ClaimStatus::InReview => "in_review",
            ClaimStatus::PickupScheduled => "pickup_scheduled",
            ClaimStatus::Collected => "collected",
            ClaimStatus::Approved => "approved",
            ClaimStatus::Rejected => "rejected",
            ClaimStatus::Paid => "paid",
        }
    }

    pub fn from_code(code: &str) -> Option<ClaimStatus> {
        ClaimStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> K {
        match self {
            ClaimStatus::Submitted => K::ClaimSubmitted,
            ClaimStatus::InReview => K::ClaimInReview,
            ClaimStatus::PickupScheduled => K::ClaimPickup,
            ClaimStatus::Collected => K::ClaimCollected,
            ClaimStatus::Approved => K::ClaimApproved,
            ClaimStatus::Rejected => K::ClaimRejected,
            ClaimStatus::Paid => K::ClaimPaid,
        }
    }
}

/// The guarantee's name in the database and in the page (`data-kind`).
pub fn kind_code(g: Guarantee) -> &'static str {
    match g {
        Guarantee::PriceMatch => "price_match",
        Guarantee::LateDelivery => "late_delivery",
        Guarantee::Expiry => "expiry",
        Guarantee::SlowSeller => "slow_seller",
        Guarantee::Quality => "quality",
        Guarantee::ShortDelivery => "short_delivery",
    }
}

/// The guarantee a `kind_code` names.
pub fn kind_of_code(code: &str) -> Option<Guarantee> {
    [
        Guarantee::PriceMatch,
        Guarantee::LateDelivery,
        Guarantee::Expiry,
        Guarantee::SlowSeller,
        Guarantee::Quality,
        Guarantee::ShortDelivery,
    ]
    .into_iter()
    .find(|g| kind_code(*g) == code)
}

pub fn kind_label(g: Guarantee) -> K {
    match g {
        Guarantee::PriceMatch => K::ClaimKindPriceMatch,
        Guarantee::LateDelivery => K::ClaimKindLate,
        Guarantee::Expiry => K::ClaimKindExpiry,
        Guarantee::SlowSeller => K::ClaimKindSlow,
        Guarantee::Quality => K::ClaimKindQuality,
        Guarantee::ShortDelivery => K::ClaimKindShort,
    }
}

/// What a guarantee promises, in a sentence (the product page's badges that explain themselves).
pub fn explanation(g: Guarantee) -> K {
    match g {
        Guarantee::PriceMatch => K::GuaranteePrice,
        Guarantee::LateDelivery => K::GuaranteeLate,
        Guarantee::Expiry => K::GuaranteeExpiry,
        Guarantee::SlowSeller => K::GuaranteeSlow,
        Guarantee::Quality | Guarantee::ShortDelivery => K::GuaranteeQuality,
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimSummary {
    #[serde(with = "crate::id")]
    pub id: i64,
    #[serde(with = "crate::id")]
    pub order_id: i64,
    pub kind: Guarantee,
    pub status: ClaimStatus,
    pub units: i64,
    pub amount: Fen,
    pub reason: String,
    pub created_ms: i64,
    /// The order's short number, for people (`OrderSummary::number`).
    pub order_number: i64,
    /// The product of the line claimed for; empty for a claim on the whole order (迟就赔).
    pub product_zh: String,
    pub product_en: String,
    pub shop_name: String,
    /// The first evidence photo, if any (the reviewer's queue shows it).
    #[serde(default, with = "crate::id::opt")]
    pub photo: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct LedgerEntry {
    pub amount: Fen,
    /// 'opening', 'checkout', 'refund', 'claim'
    pub kind: String,
    #[serde(default, with = "crate::id::opt")]
    pub order_id: Option<i64>,
    /// The order's short number, for people.
    pub order_number: Option<i64>,
    pub at_ms: i64,
}

impl LedgerEntry {
    pub fn label(&self) -> K {
        match self.kind.as_str() {
            "checkout" => K::LedgerCheckout,
            "refund" => K::LedgerRefund,
            "claim" => K::LedgerClaim,
            _ => K::LedgerOpening,
        }
    }
}

/// The shop's balance and how it came to be: the balance is the ledger's sum.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub balance: Fen,
    pub ledger: Vec<LedgerEntry>,
    pub claims: Vec<ClaimSummary>,
}

/// What the app needs to offer claims on one order line, and what the server decides with: the
/// line as the rules see it, when it was delivered, and the server's today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimContext {
    #[serde(with = "crate::id")]
    pub order_id: i64,
    pub shop_id: i64,
    pub line_no: i64,
    pub product_id: i64,
    pub name_zh: String,
    pub name_en: String,
    pub line: rules::Line,
    /// None while the order is not delivered.
    pub delivered_on: Option<Date>,
    pub today: Date,
}

impl ClaimContext {
    /// The guarantees open on this line today: the only ones the app offers.
    pub fn open(&self) -> Vec<Guarantee> {
        match self.delivered_on {
            Some(d) => rules::open_today(&self.line, d, self.today),
            None => Vec::new(),
        }
    }
}

/// What each kind of claim needs from the shop, and nothing more.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClaimFacts {
    PriceMatch { platform: String, competitor_unit_price: Fen, seen_on: Date },
    Expiry { expired_on: Date, units: i64 },
    SlowSeller { units: i64, pickup_on: Date },
    Quality { units: i64, what: String },
}

impl ClaimFacts {
    pub fn kind(&self) -> Guarantee {
        match self {
            ClaimFacts::PriceMatch { .. } => Guarantee::PriceMatch,
            ClaimFacts::Expiry { .. } => Guarantee::Expiry,
            ClaimFacts::SlowSeller { .. } => Guarantee::SlowSeller,
            ClaimFacts::Quality { .. } => Guarantee::Quality,
        }
    }

    /// The facts that matter to the money, for the rules (`rules::assess`).
    pub fn ask(&self) -> rules::Ask {
        match self {
            ClaimFacts::PriceMatch { competitor_unit_price, seen_on, .. } => {
                rules::Ask::PriceMatch { competitor_unit_price: *competitor_unit_price, seen_on: *seen_on }
            }
            ClaimFacts::Expiry { expired_on, units } => rules::Ask::Expiry { expired_on: *expired_on, units: *units },
            ClaimFacts::SlowSeller { units, pickup_on } => {
                rules::Ask::SlowSeller { units: *units, pickup_on: *pickup_on }
            }
            ClaimFacts::Quality { units, .. } => rules::Ask::Quality { units: *units },
        }
    }

    /// Claims that need a photo: of the competitor's price, of the date, of the fault.
    pub fn needs_photo(&self) -> bool {
        !matches!(self, ClaimFacts::SlowSeller { .. })
    }

    /// The text the shop must write, where the claim has one.
    pub fn missing_text(&self) -> bool {
        self.text().is_some_and(|t| t.trim().is_empty())
    }

    /// The text the shop wrote, where the claim has one.
    pub fn text(&self) -> Option<&str> {
        match self {
            ClaimFacts::PriceMatch { platform, .. } => Some(platform),
            ClaimFacts::Quality { what, .. } => Some(what),
            _ => None,
        }
    }
}

/// What these facts take from this line today, by the rules: the units they cover and what they
/// pay.
pub fn assess(ctx: &ClaimContext, facts: &ClaimFacts) -> Result<rules::Taken, rules::Refusal> {
    let delivered = ctx.delivered_on.ok_or(rules::Refusal::NotDelivered)?;
    rules::assess(&ctx.line, delivered, ctx.today, &facts.ask())
}

/// The compensation these facts give on this line today, by the rules: what the app shows while
/// the shop writes the claim and exactly what the server files.
pub fn amount(ctx: &ClaimContext, facts: &ClaimFacts) -> Result<Fen, rules::Refusal> {
    assess(ctx, facts).map(|t| t.amount)
}

/// The longest text a claim field takes (the competitor platform, what is wrong), in characters.
pub const TEXT_MAX_CHARS: usize = 500;
/// The most evidence photos one claim carries.
pub const PHOTOS_MAX: usize = 6;

/// A claim the shop files (or its outbox sends again): `key` is made on the device, so sending
/// the same claim twice files it once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimRequest {
    pub key: String,
    #[serde(with = "crate::id")]
    pub order_id: i64,
    pub line_no: i64,
    pub facts: ClaimFacts,
    /// Evidence photos uploaded for this claim (ids from the upload).
    #[serde(with = "crate::id::list")]
    pub evidence: Vec<i64>,
}

impl ClaimRequest {
    /// The limits every claim is held to before anything else looks at it: a device key of a safe
    /// alphabet and length, text no longer than `TEXT_MAX_CHARS`, at most `PHOTOS_MAX` photos,
    /// each once.
    pub fn check_limits(&self) -> Result<(), crate::error::Invalid> {
        use crate::error::Invalid;
        if !crate::error::is_device_key(&self.key) {
            return Err(Invalid::ClaimKey);
        }
        if self.facts.text().is_some_and(|t| t.chars().count() > TEXT_MAX_CHARS) {
            return Err(Invalid::ClaimTextTooLong);
        }
        let mut photos = self.evidence.clone();
        photos.sort_unstable();
        photos.dedup();
        if self.evidence.len() > PHOTOS_MAX || photos.len() != self.evidence.len() {
            return Err(Invalid::TooManyPhotos);
        }
        Ok(())
    }

    /// What the shop must give besides what the rules check: the claim's text, and a photo where
    /// the claim needs one.
    pub fn check_complete(&self) -> Result<(), crate::error::Invalid> {
        use crate::error::Invalid;
        if self.facts.missing_text() {
            return Err(Invalid::ClaimText);
        }
        if self.facts.needs_photo() && self.evidence.is_empty() {
            return Err(Invalid::PhotoMissing);
        }
        Ok(())
    }
}

/// One claim with everything a reviewer (or the shop) needs to see.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimDetail {
    pub summary: ClaimSummary,
    pub shop_id: i64,
    pub shop_name: String,
    pub line_no: Option<i64>,
    pub product_name_zh: String,
    pub product_name_en: String,
    pub facts: Option<ClaimFacts>,
    #[serde(with = "crate::id::list")]
    pub evidence: Vec<i64>,
    pub pickup_on: Option<Date>,
    pub decided_ms: Option<i64>,
    /// The order's proof of delivery (the photo taken at the door when the shop signed), if any.
    #[serde(default, with = "crate::id::opt")]
    pub delivery_photo: Option<i64>,
}

/// Why the rules refuse, in the user's language, with the date or number that matters.
pub fn refusal_text(r: rules::Refusal, lang: crate::i18n::Lang) -> String {
    use rules::Refusal as R;
    match r {
        R::NotCovered => K::RefuseNotCovered.text(lang).to_owned(),
        R::NotDelivered => K::RefuseNotDelivered.text(lang).to_owned(),
        R::TooEarly { opens } => format!("{} {opens}", K::RefuseTooEarly.text(lang)),
        R::TooLate { closed } => format!("{} {closed}", K::RefuseTooLate.text(lang)),
        R::Units { max } => format!("{} {max}", K::RefuseUnits.text(lang)),
        R::NotCheaper => K::RefuseNotCheaper.text(lang).to_owned(),
        R::BadDate => K::RefuseBadDate.text(lang).to_owned(),
        R::BadPrice => K::RefuseBadPrice.text(lang).to_owned(),
        R::AlreadyMatched => K::RefuseAlreadyMatched.text(lang).to_owned(),
        R::OutOfRange => K::RefuseOutOfRange.text(lang).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Invalid;

    fn request(key: &str, what: &str, evidence: Vec<i64>) -> ClaimRequest {
        ClaimRequest {
            key: key.into(),
            order_id: 1,
            line_no: 1,
            facts: ClaimFacts::Quality { units: 1, what: what.into() },
            evidence,
        }
    }

    #[test]
    fn claim_keys_texts_and_photos_have_limits() {
        assert_eq!(request("0b6c-UUID_like", "破了", vec![1]).check_limits(), Ok(()));
        assert_eq!(request(&"k".repeat(64), &"破".repeat(500), vec![1, 2, 3, 4, 5, 6]).check_limits(), Ok(()));
        for key in ["", "a b", "a/b", "钥匙", "x\n"] {
            assert_eq!(request(key, "x", vec![1]).check_limits(), Err(Invalid::ClaimKey), "{key:?}");
        }
        assert_eq!(request(&"k".repeat(65), "x", vec![1]).check_limits(), Err(Invalid::ClaimKey));
        assert_eq!(request("k", &"破".repeat(501), vec![1]).check_limits(), Err(Invalid::ClaimTextTooLong));
        assert_eq!(request("k", "x", vec![1, 2, 3, 4, 5, 6, 7]).check_limits(), Err(Invalid::TooManyPhotos));
        assert_eq!(request("k", "x", vec![4, 4]).check_limits(), Err(Invalid::TooManyPhotos));
        let platform = ClaimRequest {
            facts: ClaimFacts::PriceMatch {
                platform: "p".repeat(501),
                competitor_unit_price: Fen(1),
                seen_on: Date::MIN,
            },
            ..request("k", "x", vec![1])
        };
        assert_eq!(platform.check_limits(), Err(Invalid::ClaimTextTooLong));
        assert_eq!(request("k", " ", vec![1]).check_complete(), Err(Invalid::ClaimText));
        assert_eq!(request("k", "x", vec![]).check_complete(), Err(Invalid::PhotoMissing));
    }
}
