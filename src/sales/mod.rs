//! Salespeople on tablets: their assigned shops (with the signs that a shop needs a visit), the
//! day's visits in route order, a shop's overview and what to recommend to it, promotions and new
//! products a brand's salesperson pushes to its shops, the audit trail of everything done for a
//! shop, and the admin's assignment of shops to salespeople.
//!
//! The types and rules here are shared: the tablet shows exactly what the server will decide
//! (which shops are dormant, whether a push is acceptable).

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "csr")]
pub mod owner_views;
#[cfg(feature = "staff")]
pub mod views;

/// What other features may use of the sales database code: the audit entry of something a
/// salesperson did for a shop, written inside the write transaction of what they did.
#[cfg(feature = "ssr")]
pub(crate) use db::record_salesperson_once;

use crate::account::{Role, ShopRef};
use crate::catalogue::ProductCard;
use crate::claims::ClaimSummary;
use crate::dates::{Date, DAY_MS};
use crate::money::Fen;
use crate::orders::OrderSummary;
use serde::{Deserialize, Serialize};

/// A shop that has not ordered for this many days (or, never having ordered, joined this long
/// ago) is flagged on the salesperson's home: it needs a visit.
pub const DORMANT_DAYS: i64 = 14;

/// A product last bought this many days ago or more, and not since, is "not reordered".
pub const REORDER_DAYS: i64 = 14;

/// The longest a visit note may be, in characters.
pub const NOTE_MAX_CHARS: usize = 500;

/// A push may end at most this many days after today.
pub const PUSH_MAX_DAYS: i64 = 90;

/// The most shops one push may go to.
pub const PUSH_MAX_SHOPS: usize = 200;

/// The platform's dates are China's (UTC+8, no daylight saving).
pub const CHINA_UTC_OFFSET_MINUTES: i64 = 480;

/// One assigned shop on the salesperson's home screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopCard {
    pub shop_id: i64,
    pub name: String,
    pub address: String,
    /// When the shop last placed an order (not counting cancelled ones); None: never.
    pub last_order_ms: Option<i64>,
    /// Goods ordered this calendar month (China time), cancelled orders left out.
    pub month_spend: Fen,
    /// Claims not yet paid or rejected.
    pub open_claims: i64,
    /// No order for `DORMANT_DAYS` or more (`is_dormant`).
    pub dormant: bool,
    /// The shop's place in the salesperson's route (0 where there is no route, e.g. for admins).
    pub route_order: i64,
}

/// Whether a shop is dormant at `now_ms`: its last order (or, if it never ordered, its joining) is
/// `DORMANT_DAYS` or more ago.
pub fn is_dormant(last_order_ms: Option<i64>, joined_ms: i64, now_ms: i64) -> bool {
    now_ms - last_order_ms.unwrap_or(joined_ms) >= DORMANT_DAYS * DAY_MS
}

/// The UTC instant the current calendar month began in China (for "this month's spend").
pub fn month_start_ms(now_ms: i64) -> i64 {
    let (y, m, _) = visit_day(now_ms).ymd();
    Date::from_ymd(y, m, 1).0 * DAY_MS - CHINA_UTC_OFFSET_MINUTES * 60_000
}

/// The day a visit at `now_ms` belongs to: the local date in China.
pub fn visit_day(now_ms: i64) -> Date {
    Date::local_of(now_ms, CHINA_UTC_OFFSET_MINUTES)
}

/// Whether a shop matches what the salesperson typed in the search box: its name or address
/// contains it (ignoring case and surrounding spaces). Empty matches every shop.
pub fn matches_search(card: &ShopCard, q: &str) -> bool {
    let q = q.trim().to_lowercase();
    q.is_empty() || card.name.to_lowercase().contains(&q) || card.address.to_lowercase().contains(&q)
}

/// One stop of today's route: an assigned shop, with today's visit if there is one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub shop_id: i64,
    pub shop_name: String,
    pub address: String,
    pub route_order: i64,
    pub checked_in_ms: Option<i64>,
    pub checked_out_ms: Option<i64>,
    pub note: String,
}

impl Visit {
    /// Checked in and not yet out: the salesperson is at this shop.
    pub fn in_progress(&self) -> bool {
        self.checked_in_ms.is_some() && self.checked_out_ms.is_none()
    }
}

/// Today's route: the assigned stops in route order (then by shop id, so that equal route numbers
/// keep a stable order), each with today's visit facts when there are some. Visits to shops no
/// longer assigned are left out.
pub fn route_of(mut stops: Vec<Visit>, today: &[Visit]) -> Vec<Visit> {
    for stop in &mut stops {
        if let Some(v) = today.iter().find(|v| v.shop_id == stop.shop_id) {
            stop.checked_in_ms = v.checked_in_ms;
            stop.checked_out_ms = v.checked_out_ms;
            stop.note = v.note.clone();
        }
    }
    stops.sort_by_key(|s| (s.route_order, s.shop_id));
    stops
}

/// A visit note as it is kept: trimmed, at most `NOTE_MAX_CHARS` characters; None if longer.
pub fn visit_note(note: &str) -> Option<String> {
    let note = note.trim();
    (note.chars().count() <= NOTE_MAX_CHARS).then(|| note.to_owned())
}

/// What a salesperson did for a shop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    OrderPlaced,
    OrderCancelled,
    ClaimFiled,
    CheckIn,
    CheckOut,
    PromotionSent,
    ProductFeatured,
    Assigned,
    Unassigned,
    DeliverySigned,
}

impl AuditAction {
    pub const ALL: [AuditAction; 10] = [
        AuditAction::OrderPlaced,
        AuditAction::OrderCancelled,
        AuditAction::ClaimFiled,
        AuditAction::CheckIn,
        AuditAction::CheckOut,
        AuditAction::PromotionSent,
        AuditAction::ProductFeatured,
        AuditAction::Assigned,
        AuditAction::Unassigned,
        AuditAction::DeliverySigned,
    ];

    /// How the action is stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            AuditAction::OrderPlaced => "order_placed",
            AuditAction::OrderCancelled => "order_cancelled",
            AuditAction::ClaimFiled => "claim_filed",
            AuditAction::CheckIn => "check_in",
            AuditAction::CheckOut => "check_out",
            AuditAction::PromotionSent => "promotion_sent",
            AuditAction::ProductFeatured => "product_featured",
            AuditAction::Assigned => "assigned",
            AuditAction::Unassigned => "unassigned",
            AuditAction::DeliverySigned => "delivery_signed",
        }
    }

    /// The action stored as `code`, if it is one.
    pub fn from_code(code: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// One line of a shop's audit trail: who did what for the shop, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at_ms: i64,
    pub shop_id: i64,
    pub shop_name: String,
    /// The name of who did it (a salesperson, or the admin for assignments).
    pub actor: String,
    pub actor_role: Role,
    pub action: AuditAction,
    /// A short description in the platform's words (the order's value, the product, the note).
    pub detail: String,
    #[serde(default, with = "crate::id::opt")]
    pub order_id: Option<i64>,
    /// The order it was about, as people read it (shown in the reader's language, not `detail`).
    pub order: Option<AuditOrder>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditOrder {
    pub number: i64,
    pub goods: crate::money::Fen,
    pub cases: i64,
}

/// What `viewer` may read of a shop's audit trail. A visit's note (the detail of a check-out) is
/// the salesperson's private note about the shop: the shop's owner sees that the visit ended, not
/// what was written; salespeople and admins read it.
pub fn audit_for(viewer: Role, mut entries: Vec<AuditEntry>) -> Vec<AuditEntry> {
    if viewer == Role::ShopOwner {
        for e in entries.iter_mut().filter(|e| e.action == AuditAction::CheckOut) {
            e.detail.clear();
        }
    }
    entries
}

/// Everything a salesperson needs to see when they open a shop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopOverview {
    pub card: ShopCard,
    /// Recent orders, newest first; deliveries are the ones under way.
    pub orders: Vec<OrderSummary>,
    pub claims: Vec<ClaimSummary>,
    /// What the shop usually buys: the products in most of its orders.
    pub usual: Vec<ProductCard>,
    /// The newest entries of the shop's audit trail.
    pub audit: Vec<AuditEntry>,
}

/// What to suggest while ordering for a shop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommendations {
    /// New products the shop has not bought yet.
    pub new: Vec<ProductCard>,
    /// Products with a promotion running for this shop today (its own first).
    pub promoted: Vec<ProductCard>,
    /// Products the shop bought before and has not reordered for `REORDER_DAYS`.
    pub not_reordered: Vec<ProductCard>,
}

/// Of the products a shop bought, with when it last bought each, those not reordered for
/// `REORDER_DAYS` at `now_ms`, most recently bought first.
pub fn not_reordered(history: &[(i64, i64)], now_ms: i64) -> Vec<i64> {
    let mut due: Vec<(i64, i64)> =
        history.iter().copied().filter(|(_, last)| now_ms - last >= REORDER_DAYS * DAY_MS).collect();
    due.sort_by_key(|(id, last)| (std::cmp::Reverse(*last), *id));
    due.into_iter().map(|(id, _)| id).collect()
}

/// A salesperson and the shops they look after (the admin's assignment screen).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub salesperson_id: i64,
    pub name: String,
    pub phone: String,
    /// The brand they represent; None for the platform's own salespeople.
    pub brand: Option<String>,
    /// In route order.
    pub shops: Vec<ShopRef>,
}

/// What a push offers the shops.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Offer {
    /// So much off each case.
    PriceCut { off_fen: Fen },
    /// `free_n` free cases with every `buy_n`.
    FreeCases { buy_n: i64, free_n: i64 },
    /// No discount: the product is shown on the shops' home screens as new.
    NewProduct,
}

/// A promotion or a new product a brand's salesperson sends to some of their shops, shown on
/// those shops' home screens from `starts_on` to `ends_on` (inclusive, China dates).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Push {
    pub product_id: i64,
    pub shop_ids: Vec<i64>,
    pub offer: Offer,
    pub starts_on: Date,
    pub ends_on: Date,
}

/// Why a push is not acceptable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PushProblem {
    NoShops,
    TooManyShops,
    /// Starts before today, ends before it starts, or ends more than `PUSH_MAX_DAYS` from today.
    Dates,
    /// A price cut of nothing, or of the whole case price or more; free cases that are not fewer
    /// than (or as many as) the cases bought.
    Offer,
}

/// Checks a push against today and the product's case price (its own rules; who may send it to
/// which shops is the server's check).
pub fn check_push(push: &Push, today: Date, case_price: Fen) -> Result<(), PushProblem> {
    if push.shop_ids.is_empty() {
        return Err(PushProblem::NoShops);
    }
    if push.shop_ids.len() > PUSH_MAX_SHOPS {
        return Err(PushProblem::TooManyShops);
    }
    if push.starts_on < today || push.ends_on < push.starts_on || push.ends_on > today.plus_days(PUSH_MAX_DAYS) {
        return Err(PushProblem::Dates);
    }
    let ok = match push.offer {
        // Strictly below the case price: a case sold for (almost) nothing is a typing mistake.
        Offer::PriceCut { off_fen } => off_fen > Fen::ZERO && off_fen < case_price,
        Offer::FreeCases { buy_n, free_n } => buy_n >= 1 && free_n >= 1 && free_n <= buy_n && buy_n <= 1000,
        Offer::NewProduct => true,
    };
    if ok {
        Ok(())
    } else {
        Err(PushProblem::Offer)
    }
}

/// The promotion's title as the shop reads it, in Chinese and English.
pub fn offer_titles(offer: Offer) -> (String, String) {
    match offer {
        Offer::PriceCut { off_fen } => (format!("直降{off_fen}/箱"), format!("{off_fen} off a case")),
        Offer::FreeCases { buy_n, free_n } => {
            (format!("买{buy_n}箱赠{free_n}箱"), format!("Buy {buy_n} cases, get {free_n} free"))
        }
        Offer::NewProduct => ("新品推荐".to_owned(), "New product".to_owned()),
    }
}

/// Something a salesperson put on a shop's home screen: a product with the offer, until when and
/// by whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Featured {
    /// Tagged with the promotion running for the shop today, if any.
    pub card: ProductCard,
    pub offer: Offer,
    pub ends_on: Date,
    /// The salesperson's name.
    pub by: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_780_000_000_000;

    fn stop(shop_id: i64, route_order: i64) -> Visit {
        Visit {
            shop_id,
            shop_name: format!("店{shop_id}"),
            address: String::new(),
            route_order,
            checked_in_ms: None,
            checked_out_ms: None,
            note: String::new(),
        }
    }

    #[test]
    fn a_shop_is_dormant_after_fourteen_days_without_an_order() {
        assert!(!is_dormant(Some(NOW - 13 * DAY_MS), 0, NOW));
        assert!(is_dormant(Some(NOW - 14 * DAY_MS), 0, NOW));
        // Never ordered: counted from when the shop joined.
        assert!(!is_dormant(None, NOW - DAY_MS, NOW));
        assert!(is_dormant(None, NOW - 30 * DAY_MS, NOW));
    }

    #[test]
    fn the_month_starts_at_midnight_in_china() {
        // 2026-03-01 00:00 in China is 2026-02-28 16:00 UTC.
        let start = Date::from_ymd(2026, 3, 1).0 * DAY_MS - 8 * 3_600_000;
        assert_eq!(month_start_ms(start), start);
        assert_eq!(month_start_ms(start + 20 * DAY_MS), start);
        // One minute before, it is still February in China.
        assert_eq!(visit_day(start - 60_000), Date::from_ymd(2026, 2, 28));
        assert!(month_start_ms(start - 60_000) < start);
    }

    #[test]
    fn todays_route_is_every_assigned_shop_once_in_route_order_with_todays_visits() {
        let mut visited = stop(2, 0);
        visited.checked_in_ms = Some(NOW);
        visited.note = "进了两箱".into();
        let route = route_of(vec![stop(3, 2), stop(1, 1), stop(2, 1)], &[visited, stop(9, 0)]);
        assert_eq!(route.iter().map(|v| v.shop_id).collect::<Vec<_>>(), vec![1, 2, 3]);
        assert_eq!(route[1].checked_in_ms, Some(NOW));
        assert!(route[1].in_progress());
        assert_eq!(route[1].note, "进了两箱");
        assert!(!route[0].in_progress());
    }

    #[test]
    fn a_visit_note_is_at_most_500_characters() {
        assert_eq!(visit_note("  好  ").as_deref(), Some("好"));
        assert!(visit_note(&"货".repeat(500)).is_some());
        assert!(visit_note(&"货".repeat(501)).is_none());
    }

    #[test]
    fn shops_are_found_by_name_or_address() {
        let card = ShopCard {
            shop_id: 1,
            name: "芳芳便利店".into(),
            address: "上海市浦东新区张杨路".into(),
            last_order_ms: None,
            month_spend: Fen::ZERO,
            open_claims: 0,
            dormant: false,
            route_order: 0,
        };
        assert!(matches_search(&card, ""));
        assert!(matches_search(&card, " 芳芳 "));
        assert!(matches_search(&card, "张杨路"));
        assert!(!matches_search(&card, "源深路"));
    }

    #[test]
    fn products_not_reordered_for_two_weeks_come_most_recent_first() {
        let history = [(1, NOW - DAY_MS), (2, NOW - 20 * DAY_MS), (3, NOW - 15 * DAY_MS), (4, NOW - 14 * DAY_MS)];
        assert_eq!(not_reordered(&history, NOW), vec![4, 3, 2]);
    }

    #[test]
    fn a_push_runs_within_ninety_days_with_a_sensible_offer() {
        let today = Date::from_ymd(2026, 5, 10);
        let push = |offer, start: i64, end: i64| Push {
            product_id: 1,
            shop_ids: vec![1],
            offer,
            starts_on: today.plus_days(start),
            ends_on: today.plus_days(end),
        };
        let cut = |f| Offer::PriceCut { off_fen: Fen(f) };
        let price = Fen(5_000);
        assert_eq!(check_push(&push(cut(500), 0, 14), today, price), Ok(()));
        assert_eq!(check_push(&push(Offer::NewProduct, 0, 90), today, price), Ok(()));
        assert_eq!(check_push(&push(Offer::NewProduct, 0, 91), today, price), Err(PushProblem::Dates));
        assert_eq!(check_push(&push(Offer::NewProduct, -1, 5), today, price), Err(PushProblem::Dates));
        assert_eq!(check_push(&push(Offer::NewProduct, 5, 4), today, price), Err(PushProblem::Dates));
        assert_eq!(check_push(&push(cut(0), 0, 1), today, price), Err(PushProblem::Offer));
        assert_eq!(check_push(&push(cut(5_000), 0, 1), today, price), Err(PushProblem::Offer));
        assert_eq!(check_push(&push(cut(4_999), 0, 1), today, price), Ok(()));
        assert_eq!(check_push(&push(Offer::FreeCases { buy_n: 10, free_n: 1 }, 0, 1), today, price), Ok(()));
        assert_eq!(
            check_push(&push(Offer::FreeCases { buy_n: 1, free_n: 2 }, 0, 1), today, price),
            Err(PushProblem::Offer)
        );
        assert_eq!(
            check_push(&push(Offer::FreeCases { buy_n: 0, free_n: 0 }, 0, 1), today, price),
            Err(PushProblem::Offer)
        );
        let mut none = push(Offer::NewProduct, 0, 1);
        none.shop_ids.clear();
        assert_eq!(check_push(&none, today, price), Err(PushProblem::NoShops));
        none.shop_ids = (0..201).collect();
        assert_eq!(check_push(&none, today, price), Err(PushProblem::TooManyShops));
    }

    #[test]
    fn audit_actions_round_trip_through_their_codes() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::from_code(a.code()), Some(a));
        }
        assert_eq!(AuditAction::from_code("deleted"), None);
    }
}
