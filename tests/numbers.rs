//! The shop's numbers page on both databases: what it spent, the estimated margin on what was
//! delivered, what the guarantees paid back, what it restocks most and the slow sellers it can
//! still send back, each figure worked out by hand from orders placed through the API.

mod common;

use common::*;
use restock::dates::DAY_MS;
use serde_json::{json, Value};

/// Places `order` and moves it `placed` days back; `delivered` days ago if given.
async fn order_back(app: &TestApp, shop: &Api, order: Order, placed: i64, delivered: Option<i64>) -> i64 {
    let now = restock::server::db::now_ms();
    let id = shop.placed(&order).await;
    let delivered = match delivered {
        Some(d) => format!(", status = 'delivered', delivered_ms = {}", now - d * DAY_MS),
        None => String::new(),
    };
    app.sql(&format!("UPDATE orders SET created_ms = {}{delivered} WHERE id = {id}", now - placed * DAY_MS)).await;
    id
}

async fn numbers(shop: &Api, days: &str) -> Value {
    let (status, n) = shop.get("numbers/shop", &[("days", days)]).await;
    assert_eq!(status, 200, "{n}");
    n
}

#[tokio::test]
async fn a_shop_sees_what_it_spent_its_margin_what_was_paid_back_and_what_to_send_back() {
    for db in backends("numbers").await {
        let app = TestApp::spawn(&db, 50).await;
        for id in [10, 11, 12] {
            app.plain_product(id, 1000).await;
        }
        // 10: a snack, 24 a case, sold at ¥13.00 a unit; 11: not a snack, 12 a case at ¥25.00;
        // 12: no suggested retail price.
        app.sql(
            "UPDATE products SET is_snack = 1, pack_size = 24, retail_fen = 1300 WHERE id = 10;
             UPDATE products SET is_snack = 0, pack_size = 12, retail_fen = 2500 WHERE id = 11;
             UPDATE products SET is_snack = 0, pack_size = 6, retail_fen = 0 WHERE id = 12;",
        )
        .await;
        let shop = app.signed_in(SHOP_A_OWNER).await;
        let slow = order_back(&app, &shop, Order::new("n1").line(10, 2), 80, Some(75)).await;
        order_back(&app, &shop, Order::new("n2").line(11, 1), 80, Some(75)).await;
        let o3 = order_back(&app, &shop, Order::new("n3").line(11, 2), 20, Some(19)).await;
        let o4 = order_back(&app, &shop, Order::new("n4").line(11, 1).line(12, 1), 5, Some(4)).await;
        order_back(&app, &shop, Order::new("n5").line(12, 3), 2, None).await;
        // A cancelled order is neither spending nor a reorder of the slow snack.
        let gone = shop.placed(&Order::new("n6").line(10, 1)).await;
        assert_eq!(shop.post("orders/cancel", json!({"id": gone.to_string()})).await["status"], "Cancelled");
        // Paid back: a quality claim on o3 and 迟就赔 on o4; a rejected claim pays nothing.
        let now = restock::server::db::now_ms();
        app.sql(&format!(
            "INSERT INTO claims (id, shop_id, order_id, line_no, kind, status, units, amount_fen, created_ms, decided_ms) VALUES
               (9001, 1, {o3}, 1, 'quality', 'paid', 1, 1234, {now}, {now}),
               (9002, 1, {o4}, NULL, 'late_delivery', 'paid', 0, 500, {now}, {now}),
               (9003, 1, {o4}, 1, 'quality', 'rejected', 1, 2083, {now}, {now});"
        ))
        .await;

        let n = numbers(&shop, "30").await;
        let backend = &db.backend;
        // Placed in 30 days: n3, n4, n5 (7 cases at ¥250).
        assert_eq!(
            (n["orders"].as_i64(), n["cases"].as_i64(), n["spent"].as_i64()),
            (Some(3), Some(7), Some(175_000)),
            "{backend}: {n}"
        );
        // Delivered in 30 days: 11 × 3 cases (36 units at ¥25.00 = ¥900.00 for ¥750.00) and 12 × 1
        // (¥250.00, no retail price): ¥150.00 on ¥900.00 is 166‰.
        assert_eq!(
            n["margin"],
            json!({"goods": 100_000, "priced_goods": 75_000, "retail": 90_000, "margin": 15_000, "margin_permille": 166}),
            "{backend}"
        );
        assert_eq!(
            n["returned"],
            json!([{"kind": "LateDelivery", "claims": 1, "amount": 500}, {"kind": "Quality", "claims": 1, "amount": 1234}]),
            "{backend}"
        );
        assert_eq!(n["returned_total"], 1734, "{backend}");
        // Restocked on two days each: 12 (4 cases, 3 days apart) before 11 (3 cases, 15 apart).
        let restocked: Vec<(i64, i64, i64, Option<i64>)> = n["most_restocked"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["product_id"].as_i64().unwrap(),
                    r["order_days"].as_i64().unwrap(),
                    r["cases"].as_i64().unwrap(),
                    r["every_days"].as_i64(),
                )
            })
            .collect();
        assert_eq!(restocked, vec![(12, 2, 4, Some(3)), (11, 2, 3, Some(15))], "{backend}");
        // The snack delivered 75 days ago and never reordered: all 48 units, its ¥500.00 back.
        let s = &n["slow"];
        assert_eq!(s.as_array().unwrap().len(), 1, "{backend}: {s}");
        assert_eq!(s[0]["order_id"], json!(slow.to_string()), "ids are strings in JSON");
        assert_eq!((s[0]["product_id"].as_i64(), s[0]["line_no"].as_i64()), (Some(10), Some(1)));
        assert_eq!(
            (s[0]["units_left"].as_i64(), s[0]["refund"].as_i64(), s[0]["days_since"].as_i64()),
            (Some(48), Some(50_000), Some(75))
        );
        let delivered_on = s[0]["delivered_on"].as_i64().unwrap();
        assert_eq!(s[0]["closes_on"].as_i64(), Some(delivered_on + 180));

        // Over 90 days the first two orders count too.
        assert_eq!(numbers(&shop, "90").await["orders"], 5, "{backend}");
        // Reordered since: no longer a slow seller.
        order_back(&app, &shop, Order::new("n7").line(10, 1), 1, None).await;
        assert_eq!(numbers(&shop, "30").await["slow"], json!([]), "{backend}");

        // Another shop's numbers are its own; periods outside 1–90 days are refused.
        let other = app.signed_in(SHOP_B_OWNER).await;
        let theirs = numbers(&other, "90").await;
        assert_eq!((theirs["orders"].as_i64(), theirs["returned_total"].as_i64()), (Some(0), Some(0)), "{backend}");
        for days in ["0", "91", "-5", "x"] {
            let (status, _) = shop.get("numbers/shop", &[("days", days)]).await;
            assert!((400..500).contains(&status), "days={days}: {status}");
        }
    }
}
