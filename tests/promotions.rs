//! A brand's storefront on both databases. A launch aimed at county towns or kinds of shop
//! reaches exactly the shops it names (their home screens show it), once per key. A promotion
//! with a budget: shops racing for the last of it never
//! overspend it (the orders it cannot pay for go back with the plain price, changing nothing),
//! a spent promotion stops for every shop, a cancellation gives its part back, and bad requests
//! are refused with a 4xx.

mod common;

use common::*;
use serde_json::{json, Value};

/// 周涛, the demo's 康师傅 brand operator; product 14 is 康师傅's, 15 another brand's.
const OPERATOR: &str = "13400000001";
const BRAND_PRODUCT: i64 = 14;
const OTHER_BRAND_PRODUCT: i64 = 15;

fn promotion(key: &str, product: i64, off: i64, days: i64, budget: i64) -> Value {
    json!({"req": {"key": key, "product_id": product, "off_per_case": off, "days": days, "budget": budget}})
}

/// Product 14 is 康师傅's, 15 农夫山泉's, at ¥250 a case.
async fn arrange(app: &TestApp) {
    app.plain_product(BRAND_PRODUCT, 1000).await;
    app.sql(&format!(
        "UPDATE products SET brand_zh = '康师傅' WHERE id = {BRAND_PRODUCT};
         UPDATE products SET brand_zh = '农夫山泉' WHERE id = {OTHER_BRAND_PRODUCT};"
    ))
    .await;
}

async fn case_price_quoted(shop: &Api) -> i64 {
    let q = shop.post("orders/quote", Order::new("q").line(BRAND_PRODUCT, 2).quote_body()).await;
    q["lines"][0]["result"]["Ok"]["case_price"].as_i64().unwrap_or_else(|| panic!("{q}"))
}

#[tokio::test]
async fn a_budget_is_never_overspent_a_spent_promotion_stops_and_a_cancellation_gives_back() {
    for db in backends("promotions").await {
        let app = TestApp::spawn(&db, 50).await;
        let b = &db.backend;
        arrange(&app).await;
        let operator = app.signed_in(OPERATOR).await;
        // ¥50 off a ¥250 case, for a week, ¥300 of budget: six cases' worth.
        let (status, id) = operator.call("brands/promote", promotion("bp-1", BRAND_PRODUCT, 5_000, 7, 30_000)).await;
        assert_eq!(status, 200, "{b}: {id}");
        // Sent twice (a double tap): one promotion.
        assert_eq!(
            operator.post("brands/promote", promotion("bp-1", BRAND_PRODUCT, 5_000, 7, 30_000)).await,
            id,
            "{b}"
        );
        assert_eq!(app.sql_i64("SELECT COUNT(*) FROM promotions WHERE budget_fen IS NOT NULL").await, 1, "{b}");

        let a = app.signed_in(SHOP_A_OWNER).await;
        let shop_b = app.signed_in(SHOP_B_OWNER).await;
        assert_eq!(case_price_quoted(&a).await, 20_000, "{b}");
        let first = a.placed(&Order::new("p-a1").line_seen(BRAND_PRODUCT, 2, 20_000)).await;
        // Six orders of 2 cases race for the ¥200 left (two orders' worth): exactly two get it.
        let racers: Vec<(Api, Order)> = (0..6)
            .map(|n| {
                let shop = if n % 2 == 0 { a.clone() } else { shop_b.clone() };
                (shop, Order::new(&format!("p-race-{n}")).line_seen(BRAND_PRODUCT, 2, 20_000))
            })
            .collect();
        let answers = join_all(
            racers.into_iter().map(|(shop, order)| async move { shop.call("orders/place", order.body()).await }),
        )
        .await;
        let placed = answers.iter().filter(|(s, _)| *s == 200).count();
        assert_eq!(placed, 2, "{b}: {answers:?}");
        for (status, answer) in answers.iter().filter(|(s, _)| *s != 200) {
            // Back to the shop with the plain price, as a price that rose.
            assert_eq!(
                (*status, answer.clone()),
                (409, json!({"OrderRejected": [[BRAND_PRODUCT, {"PriceRose": {"seen": 20_000, "now": 25_000}}]]})),
                "{b}"
            );
        }
        assert_eq!(app.sql_i64("SELECT spent_fen FROM promotions WHERE budget_fen IS NOT NULL").await, 30_000, "{b}");
        assert_eq!(app.sql_i64("SELECT COUNT(*) FROM orders WHERE status = 'confirmed'").await, 3, "{b}");
        // The refused orders took no stock: 3 orders of 2 cases.
        assert_eq!(
            app.sql_i64(&format!("SELECT stock_cases FROM products WHERE id = {BRAND_PRODUCT}")).await,
            994,
            "{b}"
        );
        // Spent: it stops for every shop (the catalogue's tag, the price).
        assert_eq!(case_price_quoted(&shop_b).await, 25_000, "{b}");
        let (_, card) = a.get("catalogue/product", &[("id", &BRAND_PRODUCT.to_string())]).await;
        assert_eq!(card["card"]["promo"], Value::Null, "{b}: {card}");
        let (status, list) = operator.get("brands/promotions", &[]).await;
        assert_eq!(status, 200, "{b}: {list}");
        assert_eq!((list[0]["spent"].clone(), list[0]["live"].clone()), (json!(30_000), json!(false)), "{b}");

        // A cancelled order gives its ¥100 back: the promotion runs again.
        assert_eq!(a.post("orders/cancel", json!({"id": first.to_string()})).await["status"], "Cancelled", "{b}");
        assert_eq!(app.sql_i64("SELECT spent_fen FROM promotions WHERE budget_fen IS NOT NULL").await, 20_000, "{b}");
        assert_eq!(case_price_quoted(&shop_b).await, 20_000, "{b}");
        let (_, list) = operator.get("brands/promotions", &[]).await;
        assert_eq!(list[0]["live"], true, "{b}");
    }
}

#[tokio::test]
async fn bad_promotions_are_refused_and_only_a_brands_own_products_can_be_promoted() {
    for db in backends("promotions_hostile").await {
        let app = TestApp::spawn(&db, 50).await;
        let b = &db.backend;
        arrange(&app).await;
        let operator = app.signed_in(OPERATOR).await;
        for (body, status) in [
            (promotion("h-1", BRAND_PRODUCT, 0, 7, 30_000), 422),
            (promotion("h-2", BRAND_PRODUCT, -5_000, 7, 30_000), 422),
            (promotion("h-3", BRAND_PRODUCT, 25_000, 7, 30_000), 422),
            (promotion("h-4", BRAND_PRODUCT, 5_000, 0, 30_000), 422),
            (promotion("h-5", BRAND_PRODUCT, 5_000, 31, 30_000), 422),
            (promotion("h-6", BRAND_PRODUCT, 5_000, 7, 4_999), 422),
            (promotion("h-7", BRAND_PRODUCT, 5_000, 7, 1_000_000_000_000), 422),
            (promotion("h-8", BRAND_PRODUCT, i64::MAX, i64::MAX, i64::MAX), 422),
            (promotion("h 9", BRAND_PRODUCT, 5_000, 7, 30_000), 422),
            (promotion("h-10", OTHER_BRAND_PRODUCT, 5_000, 7, 30_000), 404),
            (promotion("h-11", 999_999, 5_000, 7, 30_000), 404),
            (
                json!({"req": {"key": "h-12", "product_id": BRAND_PRODUCT, "off_per_case": "lots", "days": 7, "budget": 1}}),
                400,
            ),
        ] {
            let (got, answer) = operator.call("brands/promote", body.clone()).await;
            assert_eq!(got, status, "{b}: {body} → {answer}");
        }
        let shop = app.signed_in(SHOP_A_OWNER).await;
        assert_eq!(shop.call("brands/promote", promotion("h-13", BRAND_PRODUCT, 5_000, 7, 30_000)).await.0, 403, "{b}");
        assert_eq!(app.sql_i64("SELECT COUNT(*) FROM promotions WHERE budget_fen IS NOT NULL").await, 0, "{b}");
    }
}

#[tokio::test]
async fn a_launch_reaches_the_shops_its_target_names_once() {
    for db in backends("launches").await {
        let app = TestApp::spawn(&db, 50).await;
        let b = &db.backend;
        arrange(&app).await;
        // Shops 1–3 placed: 1 a district kiosk in 成都, 2 a county kiosk in 成都, 3 a county grocery in 绵阳.
        app.sql(
            "UPDATE shops SET city = '成都', town = '锦江区', town_kind = 'district', kind = 'kiosk' WHERE id = 1;
             UPDATE shops SET city = '成都', town = '金堂县', town_kind = 'county', kind = 'kiosk' WHERE id = 2;
             UPDATE shops SET city = '绵阳', town = '三台县', town_kind = 'county', kind = 'grocery' WHERE id = 3;",
        )
        .await;
        let operator = app.signed_in(OPERATOR).await;
        let launch = |key: &str, target: Value| json!({"req": {"key": key, "product_id": BRAND_PRODUCT, "days": 14, "target": target}});
        let county = launch("l-1", json!({"city": null, "town_kind": "County", "shop_kind": null}));
        let (status, reached) = operator.call("brands/start-launch", county.clone()).await;
        assert_eq!((status, reached.clone()), (200, json!({"shops": 2, "county_shops": 2})), "{b}");
        // Sent again: the same answer, no second entry on any shop's strip.
        assert_eq!(operator.post("brands/start-launch", county).await, reached, "{b}");
        let featured = format!("SELECT COUNT(*) FROM featured WHERE product_id = {BRAND_PRODUCT}");
        assert_eq!(app.sql_i64(&featured).await, 2, "{b}");
        assert_eq!(app.sql_i64(&format!("{featured} AND shop_id IN (2, 3)")).await, 2, "{b}");
        // Kiosks in 成都 only: shops 1 and 2.
        let kiosks = launch("l-2", json!({"city": "成都", "town_kind": null, "shop_kind": "Kiosk"}));
        assert_eq!(operator.post("brands/start-launch", kiosks).await, json!({"shops": 2, "county_shops": 1}), "{b}");
        // Shop 2's home screen shows it (the featured strip).
        let shop_b = app.signed_in(SHOP_B_OWNER).await;
        let (status, strip) = shop_b.call("sales/featured", json!({"shop_id": 2})).await;
        assert_eq!(status, 200, "{b}: {strip}");
        assert!(strip.to_string().contains(&format!("\"id\":{BRAND_PRODUCT}")), "{b}: {strip}");
        // Bad launches and other brands' products are refused.
        for (body, status) in [
            (json!({"req": {"key": "l-3", "product_id": BRAND_PRODUCT, "days": 0, "target": {}}}), 422),
            (json!({"req": {"key": "l-4", "product_id": BRAND_PRODUCT, "days": 31, "target": {}}}), 422),
            (
                json!({"req": {"key": "l-5", "product_id": BRAND_PRODUCT, "days": 3, "target": {"city": "城".repeat(41)}}}),
                422,
            ),
            (json!({"req": {"key": "l-6", "product_id": OTHER_BRAND_PRODUCT, "days": 3, "target": {}}}), 404),
            (
                json!({"req": {"key": "l-7", "product_id": BRAND_PRODUCT, "days": 3, "target": {"town_kind": "Moon"}}}),
                400,
            ),
        ] {
            assert_eq!(operator.call("brands/start-launch", body.clone()).await.0, status, "{b}: {body}");
        }
        assert_eq!(app.sql_i64("SELECT COUNT(*) FROM brand_launches").await, 2, "{b}");
    }
}

#[tokio::test]
async fn a_brand_sees_its_own_salespeople_and_the_shops_each_serves() {
    for db in backends("brand_team").await {
        let app = TestApp::spawn(&db, 50).await;
        let b = &db.backend;
        let (status, team) = app.signed_in(OPERATOR).await.get("brands/team", &[]).await;
        assert_eq!(status, 200, "{b}: {team}");
        // 孙丽 represents 康师傅 and serves shops 1 and 3; the other salespeople are not the brand's.
        let people = team.as_array().unwrap();
        assert_eq!(people.len(), 1, "{b}: {team}");
        assert_eq!((people[0]["name"].clone(), people[0]["brand"].clone()), (json!("孙丽"), json!("康师傅")), "{b}");
        let shops: Vec<i64> =
            people[0]["shops"].as_array().unwrap().iter().map(|s| s["id"].as_i64().unwrap()).collect();
        assert_eq!(shops, vec![1, 3], "{b}");
        // 农夫山泉's operator does not see 康师傅's.
        let (_, other) = app.signed_in("13400000002").await.get("brands/team", &[]).await;
        assert!(other.as_array().unwrap().iter().all(|p| p["brand"] != "康师傅"), "{b}: {other}");
    }
}
