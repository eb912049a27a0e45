//! Counter sales and the shelf on both databases: a sale recorded once however often the phone
//! sends it, the shelf worked out by hand from deliveries, sales and a count, batches taken oldest
//! first, a reorder when the rate says the shelf runs out, an expired batch with its claim, and
//! every bad input refused with a 4xx that changes nothing.

mod common;

use common::*;
use restock::dates::DAY_MS;
use serde_json::{json, Value};

fn sale(key: &str, sold_ms: i64, lines: &[(i64, i64)]) -> Value {
    let lines: Vec<Value> = lines.iter().map(|(p, u)| json!({"product_id": p, "units": u})).collect();
    json!({"req": {"key": key, "sold_ms": sold_ms, "lines": lines}})
}

async fn shelf(shop: &Api) -> Value {
    let (status, s) = shop.get("counter/shelf", &[]).await;
    assert_eq!(status, 200, "{s}");
    s
}

fn item(shelf: &Value, product: i64) -> Value {
    shelf["items"].as_array().unwrap().iter().find(|i| i["product_id"] == product).cloned().unwrap_or(Value::Null)
}

async fn ten_name(app: &TestApp) -> String {
    sqlx_text(app, "SELECT name_zh FROM products WHERE id = 10").await
}

async fn ten_name_en(app: &TestApp) -> String {
    sqlx_text(app, "SELECT name_en FROM products WHERE id = 10").await
}

async fn sqlx_text(app: &TestApp, query: &str) -> String {
    use sqlx::Row;
    sqlx::any::install_default_drivers();
    let mut c = <sqlx::AnyConnection as sqlx::Connection>::connect(&app.db.url).await.unwrap();
    sqlx::query(query).fetch_one(&mut c).await.unwrap().get(0)
}

/// Places `order` and marks it delivered `days_ago` days ago.
async fn delivered(app: &TestApp, shop: &Api, order: Order, days_ago: i64) -> i64 {
    let id = shop.placed(&order).await;
    app.mark_delivered(id, days_ago).await;
    id
}

#[tokio::test]
async fn a_sale_is_recorded_once_and_the_shelf_is_what_came_in_less_what_went_out() {
    for db in backends("counter").await {
        let app = TestApp::spawn(&db, 50).await;
        let b = &db.backend;
        for id in [10, 11] {
            app.plain_product(id, 1000).await;
        }
        // 10: 6 a case, ¥3.00 a unit, keeps 20 days. 11: 12 a case, ¥2.50, does not expire.
        app.sql(
            "UPDATE products SET pack_size = 6, retail_fen = 300, shelf_life_days = 20 WHERE id = 10;
             UPDATE products SET pack_size = 12, retail_fen = 250, shelf_life_days = NULL WHERE id = 11;",
        )
        .await;
        let shop = app.signed_in(SHOP_A_OWNER).await;
        // 10: 12 units delivered 10 days ago, 6 units 2 days ago; 11: 12 units 3 days ago.
        let old = delivered(&app, &shop, Order::new("c1").line(10, 2).line(11, 1), 10).await;
        delivered(&app, &shop, Order::new("c2").line(10, 1), 2).await;
        let now = restock::server::db::now_ms();

        // 10 scanned twice (3 + 2) and 11 once: one sale of 6 units, ¥15.00 + ¥2.50.
        let req = sale("s-1", now, &[(10, 3), (11, 1), (10, 2)]);
        let (status, receipt) = shop.call("counter/sale", req.clone()).await;
        assert_eq!(status, 200, "{b}: {receipt}");
        assert_eq!(receipt, json!({"key": "s-1", "units": 6, "retail": 1750}), "{b}");
        // Sent again (the outbox did not hear the answer): the same receipt, recorded once.
        let again = join_all((0..4).map(|_| {
            let (shop, req) = (shop.clone(), req.clone());
            async move { shop.call("counter/sale", req).await }
        }))
        .await;
        assert!(again.iter().all(|(s, r)| *s == 200 && *r == receipt), "{b}: {again:?}");
        assert_eq!(app.sql_i64("SELECT COUNT(*) FROM counter_sales").await, 1, "{b}");
        assert_eq!(app.sql_i64("SELECT CAST(SUM(units) AS BIGINT) FROM counter_sale_lines").await, 6, "{b}");
        // Another sale under the same key is refused, and changes nothing.
        let (status, e) = shop.call("counter/sale", sale("s-1", now, &[(10, 1)])).await;
        assert_eq!((status, e.clone()), (409, json!("KeyReused")), "{b}");
        assert_eq!(app.sql_i64("SELECT CAST(SUM(units) AS BIGINT) FROM counter_sale_lines").await, 6, "{b}");

        let s = shelf(&shop).await;
        assert_eq!(
            (s["sales_today"].as_i64(), s["units_today"].as_i64(), s["retail_today"].as_i64()),
            (Some(1), Some(6), Some(1750)),
            "{b}"
        );
        let ten = item(&s, 10);
        // 18 in, 5 out: 13 left; 5 of 18 is 277‰; 5 in 28 days is 178 a thousand days, 73 days' worth.
        assert_eq!(
            ten["stock"],
            json!({"on_shelf": 13, "oversold": 0, "sell_through_permille": 277, "per_kday": 178, "days_left": 73}),
            "{b}"
        );
        assert_eq!(ten["unit_codes"].as_array().map(|c| !c.is_empty()), Some(true), "{b}: {ten}");
        assert_eq!(ten["reorder_cases"], 0, "{b}");
        // The 5 came from the older batch (7 of 12 left), which keeps until 10 days from now.
        let near = ten["near_expiry"].as_array().unwrap();
        assert_eq!(near.len(), 1, "{b}: {ten}");
        assert_eq!(
            (near[0]["delivery"]["order_id"].clone(), near[0]["left"].clone()),
            (json!(old.to_string()), json!(7)),
            "{b}"
        );
        assert_eq!(item(&s, 11)["stock"]["on_shelf"], 11, "{b}");
        assert_eq!(item(&s, 11)["near_expiry"], json!([]), "{b}");

        // Counted 4 of 10 on the shelf: that is the stock now; a sale after it takes one.
        assert_eq!(shop.call("counter/count", json!({"product_id": 10, "units": 4})).await.0, 200, "{b}");
        assert_eq!(item(&shelf(&shop).await, 10)["stock"]["on_shelf"], 4, "{b}");
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let later = restock::server::db::now_ms();
        assert_eq!(shop.call("counter/sale", sale("s-2", later, &[(10, 1)])).await.0, 200, "{b}");
        let ten = item(&shelf(&shop).await, 10);
        assert_eq!(ten["stock"]["on_shelf"], 3, "{b}: {ten}");
        // Counted units are the oldest: the sale took one of them, both batches stay whole.
        assert_eq!(ten["near_expiry"].as_array().map(Vec::len), Some(0), "{b}: {ten}");

        // The shop's numbers: two sales, 7 units, ¥20.50; 10 sold most (6 units, ¥18.00 at ¥3.00).
        let (status, n) = shop.get("numbers/shop", &[("days", "7")]).await;
        assert_eq!(status, 200, "{b}: {n}");
        assert_eq!(
            (n["counter"]["sales"].clone(), n["counter"]["units"].clone(), n["counter"]["takings"].clone()),
            (json!(2), json!(7), json!(2050)),
            "{b}"
        );
        assert_eq!(
            n["counter"]["best"][0],
            json!({"product_id": 10, "name_zh": ten_name(&app).await, "name_en": ten_name_en(&app).await, "units": 6, "takings": 1800}),
            "{b}"
        );
        // Shop B sees none of it.
        let other = app.signed_in(SHOP_B_OWNER).await;
        assert_eq!(shelf(&other).await["items"], json!([]), "{b}");
        assert_eq!(shelf(&other).await["sales_today"], 0, "{b}");
    }
}

#[tokio::test]
async fn a_fast_seller_is_reordered_and_an_expired_batch_offers_its_claim() {
    for db in backends("counter_reorder").await {
        let app = TestApp::spawn(&db, 50).await;
        let b = &db.backend;
        for id in [10, 11] {
            app.plain_product(id, 1000).await;
        }
        app.sql(
            "UPDATE products SET pack_size = 6, retail_fen = 300, shelf_life_days = NULL, min_cases = 1 WHERE id = 10;
             UPDATE products SET pack_size = 6, retail_fen = 300, shelf_life_days = 5 WHERE id = 11;",
        )
        .await;
        let shop = app.signed_in(SHOP_A_OWNER).await;
        delivered(&app, &shop, Order::new("r1").line(10, 2), 20).await;
        let food = delivered(&app, &shop, Order::new("r2").line(11, 1), 9).await;
        let now = restock::server::db::now_ms();
        // 10 sold 2 a day for the last 4 days (8 of 12) : 2 × 28 = 56 over 28 days is 285 a thousand
        // days; lead 1 day + 7: 2.28 units needed... but the rate is read over 28 days, so 8 units
        // in 28 days: 285/kday × 8 days = 2.28 → 3 units needed, 4 left: no reorder yet.
        for d in 0..4 {
            let key = format!("r-{d}");
            assert_eq!(shop.call("counter/sale", sale(&key, now - d * DAY_MS, &[(10, 2)])).await.0, 200, "{b}");
        }
        let ten = item(&shelf(&shop).await, 10);
        assert_eq!(ten["stock"]["on_shelf"], 4, "{b}: {ten}");
        assert_eq!(ten["reorder_cases"], 0, "{b}: {ten}");
        // Then a busy day: 3 more → 1 left, and 11 sold in 28 days → 392/kday, ~3.1 needed: 1 case.
        assert_eq!(shop.call("counter/sale", sale("r-busy", now, &[(10, 3)])).await.0, 200, "{b}");
        let s = shelf(&shop).await;
        let ten = item(&s, 10);
        assert_eq!(
            (ten["stock"]["on_shelf"].clone(), ten["reorder_cases"].clone()),
            (json!(1), json!(1)),
            "{b}: {ten}"
        );
        assert_eq!(s["items"][0]["product_id"], 10, "{b}: what to reorder comes first");
        // The cart's suggested order says the same, with the shelf's reason (one order is no habit).
        let suggested = shop.post("orders/suggested", json!({"shop_id": null})).await;
        assert_eq!(
            suggested,
            json!([{"product_id": 10, "cases": 1, "every_days": 0, "last_days_ago": 0, "shelf": {"on_shelf": 1, "days_left": 2}}]),
            "{b}"
        );

        // 11 keeps 5 days and came 9 days ago: expired 4 days ago with all 6 units, 过期赔 is open
        // for 26 more days.
        let eleven = item(&s, 11);
        assert_eq!(eleven["near_expiry"][0]["left"], 6, "{b}: {eleven}");
        let claim = &eleven["claim"];
        assert_eq!(
            (claim["order_id"].clone(), claim["kind"].clone(), claim["units"].clone()),
            (json!(food.to_string()), json!("expiry"), json!(6)),
            "{b}: {eleven}"
        );
        let today = s["today"].as_i64().unwrap();
        assert_eq!(claim["closes_on"].as_i64(), Some(today - 4 + 30), "{b}");
    }
}

#[tokio::test]
async fn bad_sales_and_counts_are_refused_with_a_4xx_and_change_nothing() {
    for db in backends("counter_hostile").await {
        let app = TestApp::spawn(&db, 50).await;
        let b = &db.backend;
        let shop = app.signed_in(SHOP_A_OWNER).await;
        let now = restock::server::db::now_ms();
        let cases: Vec<(Value, u16, Value)> = vec![
            (sale("h-1", now, &[]), 422, json!({"Invalid": "EmptySale"})),
            (sale("h-2", now, &[(10, 0)]), 422, json!({"Invalid": "Quantity"})),
            (sale("h-3", now, &[(10, -5)]), 422, json!({"Invalid": "Quantity"})),
            (sale("h-4", now, &[(10, 1000)]), 422, json!({"Invalid": "SaleTooBig"})),
            (sale("h-5", now, &[(10, i64::MAX), (10, i64::MAX)]), 422, json!({"Invalid": "SaleTooBig"})),
            (sale("h-6", now, &(1..=61).map(|p| (p, 1)).collect::<Vec<_>>()), 422, json!({"Invalid": "SaleTooBig"})),
            (sale("h-7", now + 3_600_000, &[(10, 1)]), 422, json!({"Invalid": "SaleTime"})),
            (sale("h-8", now - 31 * DAY_MS, &[(10, 1)]), 422, json!({"Invalid": "SaleTime"})),
            (sale("h-9", i64::MIN, &[(10, 1)]), 422, json!({"Invalid": "SaleTime"})),
            (sale("h 10; DROP TABLE counter_sales", now, &[(10, 1)]), 422, json!({"Invalid": "Key"})),
            (sale(&"k".repeat(10_000), now, &[(10, 1)]), 422, json!({"Invalid": "Key"})),
            (sale("h-11", now, &[(999_999, 1)]), 404, json!("NotFound")),
        ];
        for (body, status, error) in cases {
            let (got, answer) = shop.call("counter/sale", body.clone()).await;
            assert_eq!((got, answer.clone()), (status, error), "{b}: {body}");
        }
        // Wrong types and shapes: 400, never 500.
        for body in [
            json!({"req": {"key": "h-12", "sold_ms": "now", "lines": []}}),
            json!({"req": {"key": "h-13", "sold_ms": now, "lines": [{"product_id": "ten", "units": 1}]}}),
            json!({"req": {"key": "h-14", "sold_ms": now, "lines": [{"product_id": 10, "units": 1.5}]}}),
            json!({"req": {"key": "h-15", "sold_ms": now, "lines": [{"product_id": 10, "units": 1e30}]}}),
            json!({"req": null}),
            json!([1, 2, 3]),
        ] {
            let (got, answer) = shop.call("counter/sale", body.clone()).await;
            assert_eq!(got, 400, "{b}: {body} → {answer}");
        }
        for (body, status) in [
            (json!({"product_id": 10, "units": -1}), 422),
            (json!({"product_id": 10, "units": 100_000}), 422),
            (json!({"product_id": 10, "units": i64::MAX}), 422),
            (json!({"product_id": 999_999, "units": 1}), 404),
            (json!({"product_id": 10, "units": "many"}), 400),
        ] {
            assert_eq!(shop.call("counter/count", body.clone()).await.0, status, "{b}: {body}");
        }
        assert_eq!(app.sql_i64("SELECT COUNT(*) FROM counter_sales").await, 0, "{b}");
        assert_eq!(app.sql_i64("SELECT COUNT(*) FROM shelf_counts").await, 0, "{b}");
        // Another shop's shelf is out of reach, as is recording for it.
        assert_eq!(shop.get("counter/shelf", &[("shop_id", "2")]).await.0, 403, "{b}");
        let sales = app.signed_in(SALESPERSON).await;
        assert_eq!(sales.call("counter/sale", sale("h-16", now, &[(10, 1)])).await.0, 403, "{b}");
        assert_eq!(app.sql_i64("SELECT COUNT(*) FROM counter_sales").await, 0, "{b}");
    }
}
