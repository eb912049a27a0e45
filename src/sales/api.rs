//! Server functions for salespeople, for the shops' view of what salespeople did and featured, and
//! for the admin's assignments. Every call reads the caller from the session and the assignment
//! from the database, so a shop taken away from a salesperson is out of reach at their next call.

// The server functions' own structs are named after them (ShopOverview, Recommendations, Featured):
// those shared types are written with `super::`.
use super::{Assignment, AuditEntry, Push, ShopCard, Visit};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

#[cfg(feature = "ssr")]
use crate::{
    account::Role,
    server::session::{ActingShop, Caller},
};

/// The caller, if a salesperson.
#[cfg(feature = "ssr")]
async fn salesperson() -> Result<Caller, AppError> {
    Caller::from_request().await?.require(&[Role::Salesperson])
}

/// The caller, if an admin.
#[cfg(feature = "ssr")]
async fn admin() -> Result<Caller, AppError> {
    Caller::from_request().await?.require(&[Role::Admin])
}

/// A salesperson's shop: one assigned to them right now.
#[cfg(feature = "ssr")]
async fn salespersons_shop(shop_id: i64) -> Result<(Caller, ActingShop), AppError> {
    let caller = salesperson().await?;
    let shop = caller.acting_shop(&crate::server::state::db(), Some(shop_id)).await?;
    Ok((caller, shop))
}

/// The shop whose records the caller may read: the owner's own, a salesperson's assigned one, any
/// existing shop for an admin (`None` for an admin: every shop).
#[cfg(feature = "ssr")]
async fn readable_shop(
    db: &crate::server::db::Db,
    caller: &Caller,
    requested: Option<i64>,
) -> Result<Option<i64>, AppError> {
    match (caller.role(), requested) {
        (Role::Admin, None) => Ok(None),
        (Role::Admin, Some(id)) if super::db::shop_exists(db, id).await? => Ok(Some(id)),
        (Role::Admin, Some(_)) => Err(AppError::NotFound),
        _ => caller.acting_shop(db, requested).await.map(|s| Some(s.id())),
    }
}

// The reads a salesperson needs on the road (shops, today's visits, a shop's overview and
// recommendations) are GETs: the service worker keeps their last answer, so they open offline.

/// The salesperson's assigned shops in route order, with their last order, this month's spend,
/// open claims and whether they went quiet; `q` narrows them by name or address.
#[server(prefix = "/api", endpoint = "v1/sales/shops", input = GetUrl)]
pub async fn my_shops(q: String) -> Result<Vec<ShopCard>, AppError> {
    crate::server::answer(
        async move {
            let caller = salesperson().await?;
            crate::error::check_text(&q, crate::catalogue::QUERY_MAX_CHARS)?;
            let cards = super::db::assigned_cards(&crate::server::state::db(), caller.id()).await?;
            Ok(cards.into_iter().filter(|c| super::matches_search(c, &q)).collect())
        }
        .await,
    )
}

/// Today's visits: every assigned shop in route order, with today's check-in, check-out and note.
#[server(prefix = "/api", endpoint = "v1/sales/today", input = GetUrl)]
pub async fn today_visits() -> Result<Vec<Visit>, AppError> {
    crate::server::answer(
        async move {
            let caller = salesperson().await?;
            super::db::route(&crate::server::state::db(), caller.id(), super::visit_day(crate::server::db::now_ms()))
                .await
        }
        .await,
    )
}

/// The salesperson arrives at an assigned shop (checking in again keeps the first time).
#[server(prefix = "/api", endpoint = "v1/sales/check-in", input = Json)]
pub async fn check_in(shop_id: i64) -> Result<Visit, AppError> {
    crate::server::answer(
        async move {
            let (caller, shop) = salespersons_shop(shop_id).await?;
            super::db::check_in(&crate::server::state::db(), caller.id(), shop).await
        }
        .await,
    )
}

/// The salesperson leaves the shop, with a short note (at most `NOTE_MAX_CHARS` characters).
#[server(prefix = "/api", endpoint = "v1/sales/check-out", input = Json)]
pub async fn check_out(shop_id: i64, note: String) -> Result<Visit, AppError> {
    crate::server::answer(
        async move {
            let (caller, shop) = salespersons_shop(shop_id).await?;
            let note = super::visit_note(&note).ok_or(AppError::Invalid(crate::error::Invalid::Note))?;
            super::db::check_out(&crate::server::state::db(), caller.id(), shop, &note).await
        }
        .await,
    )
}

/// A shop opened on the tablet: its card, recent orders (deliveries among them), claims, what it
/// usually buys and the latest of its audit trail. For its salesperson, its owner and admins.
#[server(prefix = "/api", endpoint = "v1/sales/shop", input = GetUrl)]
pub async fn shop_overview(shop_id: i64) -> Result<super::ShopOverview, AppError> {
    crate::server::answer(
        async move {
            let caller = Caller::from_request().await?;
            let db = crate::server::state::db();
            let shop = readable_shop(&db, &caller, Some(shop_id)).await?.ok_or(AppError::NotFound)?;
            let salesperson = (caller.role() == Role::Salesperson).then_some(caller.id());
            Ok(super::ShopOverview {
                card: super::db::card(&db, shop, salesperson).await?,
                orders: crate::orders::list(&db, shop, 30).await?,
                claims: crate::claims::list_for_shop(&db, shop).await?,
                usual: super::db::usual(&db, shop, crate::server::state::today(), 12).await?,
                audit: super::audit_for(caller.role(), super::db::audit_trail(&db, Some(shop), 50).await?),
            })
        }
        .await,
    )
}

/// What to suggest while ordering for the shop: new products, its running promotions, and what
/// it bought before and has not reordered. For the shop and its salesperson.
#[server(prefix = "/api", endpoint = "v1/sales/recommendations", input = GetUrl)]
pub async fn recommendations(shop_id: i64) -> Result<super::Recommendations, AppError> {
    crate::server::answer(
        async move {
            let db = crate::server::state::db();
            let shop = Caller::from_request().await?.acting_shop(&db, Some(shop_id)).await?;
            super::db::recommendations(&db, shop, crate::server::state::today()).await
        }
        .await,
    )
}

/// A brand's salesperson sends a promotion (price cut, free cases) or a new product of their brand
/// to some of their assigned shops, for its dates. All the shops or none; returns how many.
#[server(prefix = "/api", endpoint = "v1/sales/push", input = Json)]
pub async fn push_to_shops(push: Push) -> Result<i64, AppError> {
    crate::server::answer(
        async move {
            let caller = salesperson().await?;
            let db = crate::server::state::db();
            let brand = super::db::brand_of(&db, caller.id()).await?.ok_or(AppError::Forbidden)?;
            let (product_brand, case_price, name) =
                super::db::product_for_push(&db, push.product_id).await?.ok_or(AppError::NotFound)?;
            if product_brand != brand {
                return Err(AppError::Forbidden);
            }
            let mut push = push;
            push.shop_ids.sort_unstable();
            push.shop_ids.dedup();
            for shop in push.shop_ids.iter().take(super::PUSH_MAX_SHOPS + 1) {
                caller.acting_shop(&db, Some(*shop)).await?;
            }
            super::check_push(&push, crate::server::state::today(), case_price)
                .map_err(|p| AppError::Invalid(crate::error::Invalid::Push(p)))?;
            super::db::push(&db, caller.id(), &name, &push).await?;
            Ok(push.shop_ids.len() as i64)
        }
        .await,
    )
}

/// What salespeople featured for the shop today (their promotions and new products), for the
/// shop's home screen: the owner's own shop, or a salesperson's assigned one.
#[server(prefix = "/api", endpoint = "v1/sales/featured", input = Json)]
pub async fn featured(shop_id: Option<i64>) -> Result<Vec<super::Featured>, AppError> {
    crate::server::answer(
        async move {
            let db = crate::server::state::db();
            let shop = Caller::from_request().await?.acting_shop(&db, shop_id).await?;
            super::db::featured(&db, shop, crate::server::state::today()).await
        }
        .await,
    )
}

/// Everything salespeople (and admins, assigning) did for a shop, newest first: the owner reads
/// their own shop's, a salesperson an assigned shop's, an admin any shop's (or, with `None`,
/// every shop's).
#[server(prefix = "/api", endpoint = "v1/sales/audit", input = Json)]
pub async fn audit_trail(shop_id: Option<i64>) -> Result<Vec<AuditEntry>, AppError> {
    crate::server::answer(
        async move {
            let caller = Caller::from_request().await?;
            let db = crate::server::state::db();
            let shop = readable_shop(&db, &caller, shop_id).await?;
            Ok(super::audit_for(caller.role(), super::db::audit_trail(&db, shop, 200).await?))
        }
        .await,
    )
}

/// Every salesperson with their shops (admins only).
#[server(prefix = "/api", endpoint = "v1/sales/assignments", input = Json)]
pub async fn assignments() -> Result<Vec<Assignment>, AppError> {
    crate::server::answer(
        async move {
            admin().await?;
            super::db::assignments(&crate::server::state::db(), None).await
        }
        .await,
    )
}

/// Assigns a shop to a salesperson or takes it away (admins only); effective at the salesperson's
/// next call, even if they are signed in. Returns the salesperson's assignment.
#[server(prefix = "/api", endpoint = "v1/sales/assign", input = Json)]
pub async fn set_assignment(salesperson_id: i64, shop_id: i64, assigned: bool) -> Result<Assignment, AppError> {
    crate::server::answer(
        async move {
            let caller = admin().await?;
            super::db::set_assignment(&crate::server::state::db(), caller.id(), salesperson_id, shop_id, assigned).await
        }
        .await,
    )
}

/// Every shop with its figures (admins only: the assignment screen's list).
#[server(prefix = "/api", endpoint = "v1/sales/all-shops", input = Json)]
pub async fn all_shops() -> Result<Vec<ShopCard>, AppError> {
    crate::server::answer(
        async move {
            admin().await?;
            super::db::all_cards(&crate::server::state::db()).await
        }
        .await,
    )
}
