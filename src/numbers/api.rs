//! The shop's numbers, for its owner or a salesperson acting for it. A read, as a GET (the service
//! worker keeps the last answer for offline).

use super::ShopNumbers;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use crate::server::session::Caller;

/// The shop's numbers over the last `days` days (1–90), and today's 滞销赔 candidates.
#[server(prefix = "/api", endpoint = "v1/numbers/shop", input = GetUrl)]
pub async fn my_numbers(shop_id: Option<i64>, days: i64) -> Result<ShopNumbers, AppError> {
    crate::server::answer(
        async move {
            use crate::claims::rules::SLOW_SELLER_LAST_DAY;
            use crate::dates::DAY_MS;
            // The same periods as the brand insights: 1 to 90 whole local days ending today.
            let period = crate::brands::Period::parse(days, crate::server::state::today())?;
            let db = crate::server::state::db();
            let shop = Caller::from_request().await?.acting_shop(&db, shop_id).await?;
            let now = crate::server::db::now_ms();
            let since = period.since_ms();
            let (orders, cases, spent) = super::db::spent(&db, shop, since).await?;
            let margin = super::margin(&super::db::delivered(&db, shop, since).await?);
            let returned: Vec<super::Returned> = crate::claims::paid_by_kind(&db, shop.id(), since)
                .await?
                .into_iter()
                .filter_map(|(code, claims, amount)| {
                    Some(super::Returned { kind: crate::claims::kind_of_code(&code)?, claims, amount })
                })
                .collect();
            let returned_total = crate::money::Fen(returned.iter().map(|r| r.amount.0).sum());
            let history = crate::orders::history(&db, shop, since).await?;
            let top = super::most_restocked(&history, super::MOST_RESTOCKED);
            let ids: Vec<i64> = top.iter().map(|r| r.0).collect();
            let cards = crate::catalogue::cards_by_ids(&db, &ids).await?;
            let most_restocked = top
                .into_iter()
                .map(|(product_id, order_days, cases, every_days)| {
                    let card = cards.iter().find(|c| c.id == product_id);
                    let (name_zh, name_en) = card.map(|c| (c.name_zh.clone(), c.name_en.clone())).unwrap_or_default();
                    super::Restocked { product_id, name_zh, name_en, order_days, cases, every_days }
                })
                .collect();
            // 滞销赔 looks at every delivery still in its window, and at orders since the oldest.
            let window = now - (SLOW_SELLER_LAST_DAY + 1) * DAY_MS;
            let lines = crate::claims::delivered_lines(&db, shop.id(), window, now).await?;
            let last = super::db::last_ordered(&db, shop, window).await?;
            let with_reorders: Vec<_> = lines
                .into_iter()
                .map(|c| {
                    let delivered_day = c.delivered_on;
                    let reordered = last
                        .get(&c.product_id)
                        .is_some_and(|ms| delivered_day.is_some_and(|d| crate::dates::Date::local_of(*ms, 480) > d));
                    (c, reordered)
                })
                .collect();
            let (sales, units, takings, best) =
                crate::counter::sold_in(&db, shop, since, super::MOST_RESTOCKED as i64).await?;
            Ok(ShopNumbers {
                days: period.days,
                first_day: period.first,
                orders,
                cases,
                spent,
                margin,
                returned,
                returned_total,
                most_restocked,
                slow: super::slow_sellers(&with_reorders),
                counter: super::CounterNumbers { sales, units, takings, best },
            })
        }
        .await,
    )
}
