//! Server functions for brand operators. Every call reads the caller from the session and their
//! brands from the database, and answers for those brands' products only: no parameter names a
//! brand, so no other brand's numbers can be asked for. Reads, as GETs (the service worker keeps
//! the last answer for offline). The four insights go through `cache`: kept a minute per operator
//! and question, computed one at a time, so that they do not slow checkout.

use super::{ActiveShops, CityTop, LaunchSpread, RegionLevel, RegionReach};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

#[cfg(feature = "ssr")]
use crate::{account::Role, server::session::Caller};

/// The caller, if a brand operator carrying at least one brand, and the period asked for.
#[cfg(feature = "ssr")]
async fn operator(days: i64) -> Result<(Caller, super::Period), AppError> {
    let caller = Caller::from_request().await?.require(&[Role::BrandOperator])?;
    let period = super::Period::parse(days, crate::server::state::today())?;
    if super::db::brands_of(&crate::server::state::db(), caller.id()).await?.is_empty() {
        return Err(AppError::Forbidden);
    }
    Ok((caller, period))
}

/// The answer to one of the caller's insight questions (`what`: every parameter but the caller),
/// kept or computed in its turn (`cache`).
#[cfg(feature = "ssr")]
async fn insight<T, F, Fut>(caller: &Caller, what: String, compute: F) -> Result<T, AppError>
where
    T: Clone + Send + Sync + 'static,
    F: FnOnce(crate::server::db::Db, i64) -> Fut,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    let cache = expect_context::<super::cache::InsightCache>();
    let (db, id) = (crate::server::state::db(), caller.id());
    cache.answer(format!("{id}:{what}"), move || compute(db, id)).await
}

/// 动销店: the shops that bought the caller's brands in the last `days` days (1–90), those that
/// reordered (two or more orders), the reorder rate and the county towns' share.
#[server(prefix = "/api", endpoint = "v1/brands/active-shops", input = GetUrl)]
pub async fn active_shops_of_brand(days: i64) -> Result<ActiveShops, AppError> {
    crate::server::answer(
        async move {
            let (caller, period) = operator(days).await?;
            insight(&caller, format!("active:{}:{}", period.first, period.days), |db, id| async move {
                super::db::active_shops(&db, id, period).await
            })
            .await
        }
        .await,
    )
}

/// Reach by city or by county town / city district over the last `days` days: the region's
/// shops, those the brand reached, and what they bought.
#[server(prefix = "/api", endpoint = "v1/brands/reach", input = GetUrl)]
pub async fn reach(days: i64, level: RegionLevel) -> Result<Vec<RegionReach>, AppError> {
    crate::server::answer(
        async move {
            let (caller, period) = operator(days).await?;
            insight(&caller, format!("reach:{}:{}:{level:?}", period.first, period.days), |db, id| async move {
                super::db::reach(&db, id, period, level).await
            })
            .await
        }
        .await,
    )
}

/// A product's (a launch's) spread over the last `days` days: new shops and shops reached, day by
/// day. Only the caller's brands' products; any other is not found.
#[server(prefix = "/api", endpoint = "v1/brands/launch", input = GetUrl)]
pub async fn launch(product_id: i64, days: i64) -> Result<LaunchSpread, AppError> {
    crate::server::answer(
        async move {
            let (caller, period) = operator(days).await?;
            insight(&caller, format!("launch:{product_id}:{}:{}", period.first, period.days), |db, id| async move {
                super::db::launch(&db, id, product_id, period).await
            })
            .await
        }
        .await,
    )
}

/// What sells where: per city, the caller's `top` (1–20) best products of the last `days` days.
#[server(prefix = "/api", endpoint = "v1/brands/by-city", input = GetUrl)]
pub async fn top_by_city(days: i64, top: i64) -> Result<Vec<CityTop>, AppError> {
    crate::server::answer(
        async move {
            let top = super::check_top(top)?;
            let (caller, period) = operator(days).await?;
            insight(&caller, format!("by-city:{top}:{}:{}", period.first, period.days), |db, id| async move {
                Ok(super::rank_by_city(super::db::sales_by_city(&db, id, period).await?, top))
            })
            .await
        }
        .await,
    )
}

/// Starts a promotion with a budget on one of the caller's brands' products (any other product is
/// not found); its id.
#[server(prefix = "/api", endpoint = "v1/brands/promote", input = Json)]
pub async fn promote(req: super::promotions::PromotionRequest) -> Result<crate::id::Id, AppError> {
    crate::server::answer(
        async move {
            let (caller, _) = operator(super::ACTIVE_DAYS).await?;
            let db = crate::server::state::db();
            let today = crate::server::state::today();
            super::db::promote(&db, caller.id(), &req, today, crate::server::db::now_ms()).await.map(crate::id::Id)
        }
        .await,
    )
}

/// The caller's brands' promotions with a budget: what each has spent and whether it still runs.
#[server(prefix = "/api", endpoint = "v1/brands/promotions", input = GetUrl)]
pub async fn brand_promotions() -> Result<Vec<super::promotions::BrandPromotion>, AppError> {
    crate::server::answer(
        async move {
            let (caller, _) = operator(super::ACTIVE_DAYS).await?;
            super::db::promotions(&crate::server::state::db(), caller.id(), crate::server::state::today()).await
        }
        .await,
    )
}

/// Launches one of the caller's brands' products to the shops a target picks: how many it reached.
#[server(prefix = "/api", endpoint = "v1/brands/start-launch", input = Json)]
pub async fn start_launch(req: super::launches::LaunchRequest) -> Result<super::launches::Launched, AppError> {
    crate::server::answer(
        async move {
            let (caller, _) = operator(super::ACTIVE_DAYS).await?;
            let db = crate::server::state::db();
            let today = crate::server::state::today();
            super::db::start_launch(&db, caller.id(), &req, today, crate::server::db::now_ms()).await
        }
        .await,
    )
}

/// The caller's brands' salespeople and the shops each serves.
#[server(prefix = "/api", endpoint = "v1/brands/team", input = GetUrl)]
pub async fn brand_team() -> Result<Vec<super::team::BrandSalesperson>, AppError> {
    crate::server::answer(
        async move {
            let (caller, _) = operator(super::ACTIVE_DAYS).await?;
            super::db::team(&crate::server::state::db(), caller.id(), crate::server::state::today()).await
        }
        .await,
    )
}
