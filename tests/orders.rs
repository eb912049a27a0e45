//! Ordering against the real server, on SQLite and on PostgreSQL: racing checkouts never oversell,
//! a key makes one order however often it is sent, and every refusal says which line and why.

mod common;

use common::*;
use serde_json::{json, Value};

/// An order of these (product, cases, seen price) lines.
fn order(key: &str, lines: &[(i64, i64, i64)]) -> Order {
    lines.iter().fold(Order::new(key), |o, (p, c, seen)| o.line_seen(*p, *c, *seen))
}

#[tokio::test]
async fn two_shops_racing_for_scarce_stock_never_get_more_than_there_is() {
    for db in backends("race").await {
        let app = TestApp::spawn(&db, 50).await;
        app.plain_product(1, 5).await;
        app.plain_product(2, 12).await;
        let shops = [app.signed_in(SHOP_A_OWNER).await, app.signed_in(SHOP_B_OWNER).await];
        // 40 checkouts at once, from both shops, each wanting one case of product 1 and one of 2.
        let mut tasks = Vec::new();
        for i in 0..40 {
            let client = shops[i % 2].clone();
            tasks.push(tokio::spawn(async move {
                client.place(&order(&format!("race-{i}"), &[(1, 1, 25000), (2, 1, 25000)])).await
            }));
        }
        let mut placed = 0;
        for t in tasks {
            let res = t.await.unwrap();
            if res.get("id").is_some() {
                placed += 1;
            } else {
                assert_eq!(
                    res,
                    json!({"OrderRejected": [[1, {"NotEnoughStock": {"available": 0}}]]}),
                    "{}",
                    db.backend
                );
            }
        }
        assert_eq!(placed, 5, "{}", db.backend);
        assert_eq!(app.sql_i64("SELECT stock_cases FROM products WHERE id = 1").await, 0);
        assert_eq!(app.sql_i64("SELECT stock_cases FROM products WHERE id = 2").await, 12 - 5);
        // Sold exactly what was held: the order lines add up to the stock that left.
        assert_eq!(app.sql_i64("SELECT CAST(SUM(cases) AS BIGINT) FROM order_lines WHERE product_id = 1").await, 5);
        assert_eq!(app.sql_i64("SELECT CAST(SUM(cases) AS BIGINT) FROM order_lines WHERE product_id = 2").await, 5);
        assert_eq!(app.sql_i64("SELECT COUNT(*) FROM products WHERE stock_cases < 0").await, 0);
        // No half-made order is left behind by the refused ones.
        assert_eq!(app.sql_i64("SELECT COUNT(*) FROM orders").await, 5);
    }
}

#[tokio::test]
async fn the_same_key_sent_again_and_again_makes_one_order() {
    for db in backends("idem").await {
        let app = TestApp::spawn(&db, 50).await;
        app.plain_product(3, 100).await;
        let client = app.signed_in(SHOP_A_OWNER).await;
        let body = order("device-key-1", &[(3, 2, 25000)]);
        let first = client.place(&body).await;
        let id = first["id"].as_id().expect("an order");
        // Sequentially…
        for _ in 0..3 {
            assert_eq!(client.place(&body).await["id"].as_id(), Some(id));
        }
        // …and all at once, as a flaky network and an impatient thumb would.
        let again = order("device-key-2", &[(3, 1, 25000)]);
        let tasks: Vec<_> = (0..12)
            .map(|_| {
                let (c, body) = (client.clone(), again.clone());
                tokio::spawn(async move { c.place(&body).await })
            })
            .collect();
        let mut ids = std::collections::HashSet::new();
        for t in tasks {
            ids.insert(t.await.unwrap()["id"].as_id().expect("an order, not an error"));
        }
        assert_eq!(ids.len(), 1, "{}", db.backend);
        assert_eq!(app.sql_i64("SELECT COUNT(*) FROM orders").await, 2);
        assert_eq!(app.sql_i64("SELECT stock_cases FROM products WHERE id = 3").await, 100 - 2 - 1);
    }
}

#[tokio::test]
async fn the_same_key_with_another_cart_is_refused() {
    for db in backends("reuse").await {
        let app = TestApp::spawn(&db, 50).await;
        app.plain_product(4, 100).await;
        let client = app.signed_in(SHOP_A_OWNER).await;
        assert!(client.place(&order("k", &[(4, 1, 25000)])).await["id"].as_id().is_some());
        assert_eq!(client.place(&order("k", &[(4, 2, 25000)])).await, json!("KeyReused"), "{}", db.backend);
        assert_eq!(client.place(&order("k", &[(4, 1, 25000)]).using_balance()).await, json!("KeyReused"));
        // Another shop's key space is its own.
        let other = app.signed_in(SHOP_B_OWNER).await;
        assert!(other.place(&order("k", &[(4, 1, 25000)])).await["id"].as_id().is_some());
    }
}

#[tokio::test]
async fn refusals_name_each_line_and_reason_and_change_nothing() {
    for db in backends("refuse").await {
        let app = TestApp::spawn(&db, 50).await;
        app.plain_product(5, 3).await;
        app.plain_product(6, 100).await;
        app.sql("UPDATE products SET min_cases = 2 WHERE id = 6").await;
        let client = app.signed_in(SHOP_A_OWNER).await;
        let res = client.place(&order("r1", &[(5, 4, 25000), (6, 1, 25000), (999_999, 1, 100)])).await;
        assert_eq!(
            res,
            json!({"OrderRejected": [[5, {"NotEnoughStock": {"available": 3}}], [6, {"BelowMinimum": {"min": 2}}], [999_999, "Unavailable"]]}),
            "{}",
            db.backend
        );
        // A price that rose since the shop saw it is not charged silently.
        app.sql("UPDATE products SET case_price_fen = 26000 WHERE id = 5").await;
        let res = client.place(&order("r2", &[(5, 1, 25000)])).await;
        assert_eq!(res, json!({"OrderRejected": [[5, {"PriceRose": {"seen": 25000, "now": 26000}}]]}));
        // Under the ¥200 minimum.
        app.sql("UPDATE products SET case_price_fen = 1500 WHERE id = 6").await;
        let res = client.place(&order("r3", &[(6, 2, 1500)])).await;
        assert_eq!(res, json!({"BelowMinimum": 17000}));
        assert_eq!(client.place(&order("r4", &[])).await, json!("EmptyOrder"));
        assert_eq!(client.place(&order("r5", &[(6, 0, 1500)])).await, json!({"Invalid": "Quantity"}));
        assert_eq!(app.sql_i64("SELECT COUNT(*) FROM orders").await, 0);
        assert_eq!(app.sql_i64("SELECT stock_cases FROM products WHERE id = 5").await, 3);
    }
}

#[tokio::test]
async fn the_balance_pays_part_of_an_order_and_cancelling_returns_it_with_the_stock() {
    for db in backends("balance").await {
        let app = TestApp::spawn(&db, 50).await;
        app.plain_product(7, 10).await;
        // Exactly ¥12.50 of balance (the demo's opening credit is replaced).
        app.sql("DELETE FROM ledger; INSERT INTO ledger (id, shop_id, amount_fen, kind, note, created_ms) VALUES (9001, 1, 1250, 'opening', '', 0)").await;
        let client = app.signed_in(SHOP_A_OWNER).await;
        let quote = client.post("orders/quote", Order::new("q").line(7, 2).using_balance().quote_body()).await;
        assert_eq!(quote["goods"], 50000);
        assert_eq!(quote["balance"], 1250);
        assert_eq!(quote["balance_used"], 1250);
        assert_eq!(quote["payable"], 48750);
        assert_eq!(quote["shortfall"], Value::Null);

        let placed = client.place(&order("b1", &[(7, 2, 25000)]).using_balance()).await;
        assert_eq!(placed["balance_used"], 1250, "{}", db.backend);
        assert_eq!(placed["payable"], 48750);
        assert_eq!(placed["status"], "Confirmed");
        assert_eq!(app.sql_i64("SELECT CAST(SUM(amount_fen) AS BIGINT) FROM ledger WHERE shop_id = 1").await, 0);
        assert_eq!(app.sql_i64("SELECT stock_cases FROM products WHERE id = 7").await, 8);

        let cancelled = client.post("orders/cancel", json!({"id": placed["id"]})).await;
        assert_eq!(cancelled["status"], "Cancelled");
        assert_eq!(app.sql_i64("SELECT stock_cases FROM products WHERE id = 7").await, 10);
        assert_eq!(app.sql_i64("SELECT CAST(SUM(amount_fen) AS BIGINT) FROM ledger WHERE shop_id = 1").await, 1250);
        // Twice is not twice the refund.
        assert_eq!(client.post("orders/cancel", json!({"id": placed["id"]})).await, json!("CannotCancel"));
        assert_eq!(app.sql_i64("SELECT CAST(SUM(amount_fen) AS BIGINT) FROM ledger WHERE shop_id = 1").await, 1250);

        let detail = client.post("orders/get", json!({"id": placed["id"]})).await;
        let timeline: Vec<&str> =
            detail["events"].as_array().unwrap().iter().map(|e| e["status"].as_str().unwrap()).collect();
        assert_eq!(timeline, ["Placed", "Confirmed", "Cancelled"]);
    }
}

#[tokio::test]
async fn a_shop_never_sees_or_cancels_another_shops_orders() {
    for db in backends("authz").await {
        let app = TestApp::spawn(&db, 50).await;
        app.plain_product(8, 10).await;
        let a = app.signed_in(SHOP_A_OWNER).await;
        let b = app.signed_in(SHOP_B_OWNER).await;
        let id = a.place(&order("a1", &[(8, 1, 25000)])).await["id"].clone();
        assert_eq!(b.post("orders/get", json!({"id": id})).await, json!("NotFound"), "{}", db.backend);
        assert_eq!(b.post("orders/cancel", json!({"id": id})).await, json!("NotFound"));
        assert_eq!(b.post("orders/list", json!({"shop_id": null})).await, json!([]));
        // Asking for another shop by id is refused, not obeyed.
        assert_eq!(b.post("orders/list", json!({"shop_id": 1})).await, json!("Forbidden"));
        // A dispatcher is not a shop and places nothing.
        let d = app.signed_in(DISPATCHER).await;
        assert_eq!(d.place(&order("d1", &[(8, 1, 25000)])).await, json!("Forbidden"));
        // The salesperson can act for an assigned shop, and the order says who placed it.
        let s = app.signed_in(SALESPERSON).await;
        let placed = s.place(&order("s1", &[(8, 1, 25000)]).for_shop(2)).await;
        assert_eq!(placed["shop_id"], 2);
        assert_eq!(placed["placed_by_salesperson"], true);
        assert_eq!(a.post("orders/list", json!({"shop_id": null})).await.as_array().unwrap().len(), 1);
    }
}

#[tokio::test]
async fn quantity_breaks_and_promotions_price_the_order() {
    for db in backends("pricing").await {
        let app = TestApp::spawn(&db, 50).await;
        app.plain_product(9, 100).await;
        app.sql("INSERT INTO price_breaks (product_id, min_cases, case_price_fen) VALUES (9, 5, 24000);
                  INSERT INTO promotions (id, product_id, kind, off_fen, buy_n, free_n, starts_on, ends_on, shop_id, title_zh, title_en, created_ms)
                  VALUES (9001, 9, 'free_cases', 0, 5, 1, '2000-01-01', '2999-12-31', NULL, '买五赠一', 'Buy 5 get 1 free', 0)").await;
        let client = app.signed_in(SHOP_A_OWNER).await;
        let placed = client.place(&order("p1", &[(9, 5, 24000)])).await;
        assert_eq!(placed["goods"], 5 * 24000, "{}", db.backend);
        let detail = client.post("orders/get", json!({"id": placed["id"]})).await;
        assert_eq!(detail["lines"][0]["free_cases"], 1);
        // The free case left the warehouse too.
        assert_eq!(app.sql_i64("SELECT stock_cases FROM products WHERE id = 9").await, 94);
    }
}

#[tokio::test]
async fn cancelling_through_either_endpoint_returns_the_stock_and_the_balance() {
    for db in backends("cancel_paths").await {
        let app = TestApp::spawn(&db, 50).await;
        app.plain_product(8, 10).await;
        app.sql("DELETE FROM ledger; INSERT INTO ledger (id, shop_id, amount_fen, kind, note, created_ms) VALUES (9002, 1, 1250, 'opening', '', 0)").await;
        let client = app.signed_in(SHOP_A_OWNER).await;
        let balance = || app.sql_i64("SELECT CAST(SUM(amount_fen) AS BIGINT) FROM ledger WHERE shop_id = 1");
        let stock = || app.sql_i64("SELECT stock_cases FROM products WHERE id = 8");
        let cancel_by_advance = |id: Value| json!({"id": id, "to": "Cancelled", "driver": null});
        let cancel_by_cancel = |id: Value| json!({"id": id});
        for (n, (endpoint, body)) in
            [("orders/advance", &cancel_by_advance as &dyn Fn(Value) -> Value), ("orders/cancel", &cancel_by_cancel)]
                .into_iter()
                .enumerate()
        {
            let placed = client.place(&order(&format!("c{n}"), &[(8, 3, 25000)]).using_balance()).await;
            assert_eq!(placed["balance_used"], 1250, "{} {endpoint} {placed}", db.backend);
            assert_eq!((stock().await, balance().await), (7, 0));

            let cancelled = client.post(endpoint, body(placed["id"].clone())).await;
            assert_eq!(cancelled["status"], "Cancelled", "{} {endpoint} {cancelled}", db.backend);
            assert_eq!(
                (stock().await, balance().await),
                (10, 1250),
                "{} {endpoint}: stock and balance back",
                db.backend
            );
            // Again, by either door: refused, nothing returned twice.
            assert!(client.post("orders/advance", cancel_by_advance(placed["id"].clone())).await["Step"].is_object());
            assert_eq!(
                client.post("orders/cancel", cancel_by_cancel(placed["id"].clone())).await,
                json!("CannotCancel")
            );
            assert_eq!((stock().await, balance().await), (10, 1250));
            let detail = client.post("orders/get", json!({"id": placed["id"]})).await;
            let timeline: Vec<&str> =
                detail["events"].as_array().unwrap().iter().map(|e| e["status"].as_str().unwrap()).collect();
            assert_eq!(timeline, ["Placed", "Confirmed", "Cancelled"], "{endpoint}");
        }
    }
}

/// People read orders by a short number: each shop's orders are 1, 2, 3… in the order placed, a
/// refused checkout uses none, and checkouts racing in one shop never share one.
#[tokio::test]
async fn each_shop_numbers_its_orders_1_2_3_even_when_checkouts_race() {
    for db in backends("numbers").await {
        let app = TestApp::spawn(&db, 50).await;
        app.plain_product(1, 1000).await;
        let (a, b) = (app.signed_in(SHOP_A_OWNER).await, app.signed_in(SHOP_B_OWNER).await);
        let first = a.place(&order("n-1", &[(1, 1, 25000)])).await;
        assert_eq!(first["number"], 1, "{} {first}", db.backend);
        // Refused (no cases): no number taken.
        let refused = a.place(&order("n-small", &[(1, 0, 25000)])).await;
        assert!(refused.get("number").is_none(), "{refused}");
        // Ten at once from shop A, five from shop B.
        let mut tasks = Vec::new();
        for i in 0..15 {
            let client = if i < 10 { a.clone() } else { b.clone() };
            tasks.push(tokio::spawn(
                async move { client.place(&order(&format!("n-race-{i}"), &[(1, 1, 25000)])).await },
            ));
        }
        let (mut in_a, mut in_b) = (vec![1], vec![]);
        for (i, t) in tasks.into_iter().enumerate() {
            let n = t.await.unwrap()["number"].as_id().unwrap();
            if i < 10 {
                in_a.push(n)
            } else {
                in_b.push(n)
            }
        }
        in_a.sort();
        in_b.sort();
        assert_eq!(in_a, (1..=11).collect::<Vec<_>>(), "{}", db.backend);
        assert_eq!(in_b, (1..=5).collect::<Vec<_>>(), "{}", db.backend);
        // The same key again is the same order, with its number.
        assert_eq!(a.place(&order("n-1", &[(1, 1, 25000)])).await["number"], 1);
        // The list says the numbers too, and where each order goes.
        let list = a.post("orders/list", json!({"shop_id": null})).await;
        let first_listed = list.as_array().unwrap().last().unwrap();
        assert_eq!(first_listed["number"], 1);
        assert!(!first_listed["shop_address"].as_str().unwrap().is_empty(), "{first_listed}");
        assert!(first_listed["shop_phone"].as_str().unwrap().starts_with('1'), "{first_listed}");
    }
}

/// The dispatcher picks one of the warehouse's drivers; the order then carries the driver's phone
/// for the shop to call. A name the warehouse does not list is kept without a phone.
#[tokio::test]
async fn a_dispatched_order_carries_the_chosen_drivers_phone() {
    for db in backends("drivers").await {
        let app = TestApp::spawn(&db, 50).await;
        app.plain_product(1, 100).await;
        let shop = app.signed_in(SHOP_A_OWNER).await;
        let dispatcher = app.signed_in(DISPATCHER).await;
        let crew = dispatcher.post("delivery/drivers", json!({})).await;
        let wang =
            crew.as_array().unwrap().iter().find(|d| d["name"] == "王师傅").unwrap_or_else(|| panic!("{crew}")).clone();
        let id = shop.placed(&order("d-1", &[(1, 1, 25000)])).await;
        let other = shop.placed(&order("d-2", &[(1, 1, 25000)])).await;
        for (order, driver) in [(id, "王师傅"), (other, "临时工 小周")] {
            dispatcher.post("orders/advance", json!({"id": order, "to": "Picking", "driver": null})).await;
            let moved =
                dispatcher.post("orders/advance", json!({"id": order, "to": "Dispatched", "driver": driver})).await;
            assert_eq!(moved["driver"], driver, "{} {moved}", db.backend);
        }
        let seen = shop.post("orders/get", json!({"id": id})).await;
        assert_eq!(seen["summary"]["driver_phone"], wang["phone"], "{seen}");
        assert_eq!(shop.post("orders/get", json!({"id": other})).await["summary"]["driver_phone"], "");
        assert_eq!(shop.post("delivery/drivers", json!({})).await, json!("Forbidden"));
    }
}

#[tokio::test]
async fn the_suggested_order_is_what_the_shop_reorders_when_it_is_due() {
    for db in backends("suggested").await {
        let app = TestApp::spawn(&db, 50).await;
        let shop = app.signed_in(SHOP_A_OWNER).await;
        for id in [10, 11, 12] {
            app.plain_product(id, 1000).await;
        }
        let day = restock::dates::DAY_MS;
        let now = restock::server::db::now_ms();
        // Product 10 every 7 days (2, 3, 2 cases), last a week ago: due, 2 cases.
        // Product 11 every 10 days, last 3 days ago: not yet. Product 12 once: no habit.
        // A cancelled order of product 11 yesterday counts for nothing.
        let placed = [(10, 2, 21), (10, 3, 14), (10, 2, 7), (11, 1, 23), (11, 1, 13), (11, 4, 3), (12, 5, 6)];
        for (n, (product, cases, days_ago)) in placed.iter().enumerate() {
            let id = shop.placed(&Order::new(&format!("sugg-{n}")).line(*product, *cases)).await;
            app.sql(&format!("UPDATE orders SET created_ms = {} WHERE id = {id}", now - days_ago * day)).await;
        }
        let cancelled = shop.placed(&Order::new("sugg-cancelled").line(11, 9)).await;
        assert_eq!(shop.post("orders/cancel", json!({"id": cancelled})).await["status"], "Cancelled");

        let (status, suggested) = shop.call("orders/suggested", json!({"shop_id": null})).await;
        assert_eq!(status, 200, "{suggested}");
        assert_eq!(
            suggested,
            json!([{"product_id": 10, "cases": 2, "every_days": 7, "last_days_ago": 7, "shelf": null}]),
            "{}",
            db.backend
        );
        // Another shop's history is its own.
        let other = app.signed_in(SHOP_B_OWNER).await;
        assert_eq!(other.post("orders/suggested", json!({"shop_id": null})).await, json!([]));
    }
}

#[tokio::test]
async fn shops_like_yours_suggest_what_they_stock_and_you_do_not() {
    for db in backends("peers").await {
        let app = TestApp::spawn(&db, 50).await;
        for id in [10, 11, 12, 13] {
            app.plain_product(id, 1000).await;
        }
        let a = app.signed_in(SHOP_A_OWNER).await;
        let b = app.signed_in(SHOP_B_OWNER).await;
        let sales = app.signed_in(SALESPERSON).await;
        // A buys 10 and 11; B buys 10, 11 and 12; shop 3 (through its salesperson) 10 and 12;
        // shop 4 only 13, nothing in common with A.
        a.placed(&Order::new("peer-a").line(10, 1).line(11, 1)).await;
        b.placed(&Order::new("peer-b").line(10, 1).line(11, 1).line(12, 1)).await;
        sales.placed(&Order::new("peer-3").line(10, 1).line(12, 1).for_shop(3)).await;
        sales.placed(&Order::new("peer-4").line(13, 2).for_shop(4)).await;
        // A cancelled order is not what a shop stocks.
        let gone = a.placed(&Order::new("peer-a-cancelled").line(13, 1)).await;
        a.post("orders/cancel", json!({"id": gone})).await;

        let (status, peers) = a.call("orders/peers-stock", json!({"shop_id": null})).await;
        assert_eq!(status, 200, "{peers}");
        assert_eq!(peers, json!([{"product_id": 12, "shops": 2, "of": 2}]), "{}", db.backend);
        // B's peers are A and shop 3 (10 in common with both): 12 is B's own, 13 is no peer's.
        assert_eq!(b.post("orders/peers-stock", json!({"shop_id": null})).await, json!([]));
    }
}
