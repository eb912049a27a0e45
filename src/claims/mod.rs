//! Claims: the guarantees' rules (shared and pure, so the app shows the shop exactly what the server
//! will decide), the automatic late-delivery compensation, the shop's claims and balance.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod rules;
#[cfg(feature = "csr")]
pub mod views;

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
    pub id: i64,
    pub order_id: i64,
    pub kind: Guarantee,
    pub status: ClaimStatus,
    pub units: i64,
    pub amount: Fen,
    pub reason: String,
    pub created_ms: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub amount: Fen,
    /// 'opening', 'checkout', 'refund', 'claim'
    pub kind: String,
    pub order_id: Option<i64>,
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
