//! Salespeople on tablets against the real server, on SQLite and PostgreSQL: their shops and
//! today's route, visits, a shop's overview and recommendations, a brand's pushes, the audit
//! trail the shop and the admin read, orders on a shop's behalf, and assignments that take effect
//! at once.

mod common;

use common::*;
use restock::dates::DAY_MS;
use serde_json::{json, Value};

/// 孙丽, the demo's 康师傅 salesperson, assigned to shops 1 and 3.
const BRAND_SALESPERSON: &str = "13900000002";

/// Product `id` costs ¥250 a case (over the ¥200 minimum alone), any quantity from 1, plenty in
/// stock, no breaks or promotions.
async fn arrange(app: &TestApp, id: i64) {
    app.plain_product(id, 1000).await;
    app.sql(&format!("UPDATE products SET is_new = 0 WHERE id = {id}")).await;
}

fn ids(list: &Value, field: &str) -> Vec<i64> {
    list.as_array().unwrap_or_else(|| panic!("not a list: {list}")).iter().map(|v| v[field].as_id().unwrap()).collect()
}

fn actions(trail: &Value) -> Vec<String> {
    trail
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {trail}"))
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_salespersons_home_lists_their_shops_in_route_order_with_spend_claims_and_dormancy() {
    for db in backends("sales_home").await {
        let app = TestApp::spawn(&db, 60).await;
        let b = db.backend;
        arrange(&app, 8).await;
        let owner_a = app.signed_in(SHOP_A_OWNER).await;
        let owner_b = app.signed_in(SHOP_B_OWNER).await;
        let placed = owner_a.place(&Order::new("h1").line(8, 2)).await;
        let order_a = placed["id"].as_id().unwrap_or_else(|| panic!("{b} {placed}"));
        app.sql(&format!(
            "INSERT INTO claims (id, shop_id, order_id, kind, status, units, amount_fen, created_ms) VALUES (7001, 1, {order_a}, 'quality', 'submitted', 1, 100, 0);
             INSERT INTO claims (id, shop_id, order_id, kind, status, units, amount_fen, created_ms) VALUES (7002, 1, {order_a}, 'quality', 'rejected', 1, 100, 0);"
        ))
        .await;
        // Shop B last ordered 40 days ago: dormant, and nothing spent this month.
        let old = owner_b.place(&Order::new("h2").line(8, 1)).await["id"].as_id().unwrap();
        let long_ago = restock::server::db::now_ms() - 40 * DAY_MS;
        app.sql(&format!("UPDATE orders SET created_ms = {long_ago} WHERE id = {old}")).await;

        let sales = app.signed_in(SALESPERSON).await;
        let shops = sales.get("sales/shops", &[("q", "")]).await.1;
        assert_eq!(ids(&shops, "shop_id"), (1..=8).collect::<Vec<_>>(), "{b} {shops}");
        let card = |id: i64| shops.as_array().unwrap().iter().find(|c| c["shop_id"] == id).unwrap().clone();
        let a = card(1);
        assert_eq!(
            (a["month_spend"].as_id(), a["open_claims"].as_id(), a["dormant"].as_bool()),
            (Some(50_000), Some(1), Some(false)),
            "{a}"
        );
        assert!(a["last_order_ms"].as_id().unwrap() > restock::server::db::now_ms() - 60_000);
        assert_eq!(a["route_order"], 1);
        let shop_b = card(2);
        assert_eq!(
            (shop_b["last_order_ms"].as_id(), shop_b["month_spend"].as_id(), shop_b["dormant"].as_bool()),
            (Some(long_ago), Some(0), Some(true))
        );
        // Never ordered: dormant only once the shop has been with us for two weeks.
        assert_eq!(card(5)["dormant"], true, "joined 90 days ago");
        assert_eq!(card(4)["dormant"], false, "joined 3 days ago");
        assert_eq!(card(4)["last_order_ms"], Value::Null);

        // Searchable by name or address.
        assert_eq!(ids(&sales.get("sales/shops", &[("q", "崂山路")]).await.1, "shop_id"), vec![3]);
        assert_eq!(ids(&sales.get("sales/shops", &[("q", " 芳芳 ")]).await.1, "shop_id"), vec![1]);
        assert_eq!(sales.get("sales/shops", &[("q", "北京")]).await.1, json!([]));
        // The brand's salesperson has their own shops; an owner has no salesperson's home.
        let brand = app.signed_in(BRAND_SALESPERSON).await;
        assert_eq!(ids(&brand.get("sales/shops", &[("q", "")]).await.1, "shop_id"), vec![1, 3]);
        assert_eq!(owner_a.get("sales/shops", &[("q", "")]).await, (403, json!("Forbidden")));
        // The admin sees every shop.
        let admin = app.signed_in(ADMIN).await;
        assert_eq!(ids(&admin.post("sales/all-shops", json!({})).await, "shop_id").len(), 10);
    }
}

#[tokio::test]
async fn todays_visits_follow_the_route_with_check_in_check_out_and_a_note() {
    for db in backends("sales_visits").await {
        let app = TestApp::spawn(&db, 60).await;
        let b = db.backend;
        let sales = app.signed_in(SALESPERSON).await;
        let today = sales.get("sales/today", &[]).await.1;
        assert_eq!(ids(&today, "shop_id"), (1..=8).collect::<Vec<_>>(), "{b} {today}");
        assert!(today
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v["checked_in_ms"].is_null() && v["checked_out_ms"].is_null()));

        assert_eq!(
            sales.call("sales/check-out", json!({"shop_id": 2, "note": ""})).await,
            (409, json!("NotCheckedIn"))
        );
        let visit = sales.post("sales/check-in", json!({"shop_id": 2})).await;
        let at = visit["checked_in_ms"].as_id().unwrap_or_else(|| panic!("{visit}"));
        assert_eq!(visit["shop_name"], "强哥小卖部");
        // Tapping check-in again keeps the first time.
        assert_eq!(sales.post("sales/check-in", json!({"shop_id": 2})).await["checked_in_ms"], at);
        let long = "货".repeat(501);
        assert_eq!(
            sales.call("sales/check-out", json!({"shop_id": 2, "note": long})).await,
            (422, json!({"Invalid": "Note"}))
        );
        let out = sales.post("sales/check-out", json!({"shop_id": 2, "note": " 补了货架，老板想试新口味 "})).await;
        assert!(out["checked_out_ms"].as_id().unwrap() >= at, "{out}");
        assert_eq!(out["note"], "补了货架，老板想试新口味");
        let today = sales.get("sales/today", &[]).await.1;
        assert_eq!(today[1]["shop_id"], 2);
        assert_eq!(today[1]["checked_in_ms"], at);
        assert_eq!(today[1]["note"], "补了货架，老板想试新口味");
        assert!(today[0]["checked_in_ms"].is_null());

        // Only at assigned shops, and only salespeople check in.
        assert_eq!(sales.call("sales/check-in", json!({"shop_id": 9})).await, (403, json!("Forbidden")));
        let owner_b = app.signed_in(SHOP_B_OWNER).await;
        assert_eq!(owner_b.call("sales/check-in", json!({"shop_id": 2})).await, (403, json!("Forbidden")));

        // The shop reads the visit in its audit trail: one check-in, one check-out; the note is the
        // salesperson's, not the shop's to read (`the_visit_note_is_private_to_the_salesperson_and_admins`).
        let trail = owner_b.post("sales/audit", json!({"shop_id": null})).await;
        assert_eq!(actions(&trail), vec!["CheckOut", "CheckIn"], "{trail}");
        assert_eq!(trail[0]["actor"], "张伟");
        assert_eq!(trail[0]["actor_role"], "Salesperson");
        assert_eq!(trail[0]["detail"], "");
    }
}

#[tokio::test]
async fn a_shops_overview_and_recommendations_show_what_it_buys_and_what_it_could() {
    for db in backends("sales_overview").await {
        let app = TestApp::spawn(&db, 60).await;
        let b = db.backend;
        for id in [8, 9, 11, 12, 13] {
            arrange(&app, id).await;
        }
        let owner_a = app.signed_in(SHOP_A_OWNER).await;
        owner_a.place(&Order::new("o1").line(8, 1)).await;
        owner_a.place(&Order::new("o2").line(8, 1)).await;
        let with_9 = owner_a.place(&Order::new("o3").line(9, 1)).await["id"].as_id().unwrap();
        // Product 9 was last bought three weeks ago.
        app.sql(&format!("UPDATE orders SET created_ms = created_ms - {} WHERE id = {with_9}", 21 * DAY_MS)).await;
        app.sql("UPDATE products SET is_new = 1, popularity = 999999999 WHERE id IN (8, 11);
                  INSERT INTO promotions (id, product_id, kind, off_fen, buy_n, free_n, starts_on, ends_on, shop_id, title_zh, title_en, created_ms)
                  VALUES (9101, 12, 'price_cut', 1000, 0, 0, '2000-01-01', '2999-12-31', 2, '直降', 'Cut', 0),
                         (9102, 13, 'price_cut', 1000, 0, 0, '2000-01-01', '2999-12-31', 1, '直降', 'Cut', 0)").await;

        let sales = app.signed_in(SALESPERSON).await;
        let overview = sales.get("sales/shop", &[("shop_id", "1")]).await.1;
        assert_eq!(overview["card"]["shop_id"], 1, "{b} {overview}");
        assert_eq!(overview["card"]["route_order"], 1);
        assert_eq!(overview["orders"].as_array().unwrap().len(), 3);
        assert_eq!(ids(&overview["usual"], "id"), vec![8, 9], "most orders first");
        assert_eq!(overview["claims"], json!([]));

        let rec = sales.get("sales/recommendations", &[("shop_id", "1")]).await.1;
        assert_eq!(ids(&rec["not_reordered"], "id"), vec![9], "{rec}");
        let new = ids(&rec["new"], "id");
        assert_eq!(new.first(), Some(&11), "new and not bought yet: {new:?}");
        assert!(!new.contains(&8), "already bought");
        let promoted = ids(&rec["promoted"], "id");
        assert_eq!(promoted.first(), Some(&13), "the shop's own promotion first: {promoted:?}");
        assert!(!promoted.contains(&12), "shop 2's promotion");
        assert!(rec["promoted"][0]["promo"].is_object());

        // The shop itself and the admin may open it; another shop and staff may not.
        let owner_b = app.signed_in(SHOP_B_OWNER).await;
        let admin = app.signed_in(ADMIN).await;
        assert_eq!(owner_a.get("sales/shop", &[("shop_id", "1")]).await.1["card"]["shop_id"], 1);
        assert_eq!(admin.get("sales/shop", &[("shop_id", "1")]).await.1["card"]["shop_id"], 1);
        assert_eq!(admin.get("sales/shop", &[("shop_id", "424242")]).await, (404, json!("NotFound")));
        assert_eq!(owner_b.get("sales/shop", &[("shop_id", "1")]).await, (403, json!("Forbidden")));
        assert_eq!(owner_b.get("sales/recommendations", &[("shop_id", "1")]).await, (403, json!("Forbidden")));
        assert_eq!(sales.get("sales/shop", &[("shop_id", "9")]).await, (403, json!("Forbidden")));
    }
}

#[tokio::test]
async fn a_brand_salesperson_pushes_their_brands_offers_to_their_shops_only() {
    for db in backends("sales_push").await {
        let app = TestApp::spawn(&db, 60).await;
        let b = db.backend;
        arrange(&app, 14).await;
        arrange(&app, 15).await;
        app.sql("UPDATE products SET brand_zh = '康师傅' WHERE id = 14; UPDATE products SET brand_zh = '可口可乐' WHERE id = 15;").await;
        let today = restock::server::state::today().0;
        let push = |product: i64, shops: Vec<i64>, offer: Value, days: i64| json!({"push": {"product_id": product, "shop_ids": shops, "offer": offer, "starts_on": today, "ends_on": today + days}});
        let cut = json!({"PriceCut": {"off_fen": 2000}});
        let brand = app.signed_in(BRAND_SALESPERSON).await;
        let owner_a = app.signed_in(SHOP_A_OWNER).await;
        let owner_b = app.signed_in(SHOP_B_OWNER).await;
        let promos = || app.sql_i64("SELECT COUNT(*) FROM promotions WHERE product_id = 14");

        // Refused: another brand's product, a shop not theirs (nothing written, not even for the
        // shop that is), a salesperson without a brand, an owner, bad dates or offers.
        assert_eq!(brand.call("sales/push", push(15, vec![1], cut.clone(), 7)).await, (403, json!("Forbidden")), "{b}");
        assert_eq!(brand.call("sales/push", push(14, vec![1, 2], cut.clone(), 7)).await, (403, json!("Forbidden")));
        assert_eq!(promos().await, 0);
        let platform = app.signed_in(SALESPERSON).await;
        assert_eq!(platform.call("sales/push", push(14, vec![1], cut.clone(), 7)).await, (403, json!("Forbidden")));
        assert_eq!(owner_a.call("sales/push", push(14, vec![1], cut.clone(), 7)).await, (403, json!("Forbidden")));
        assert_eq!(brand.call("sales/push", push(424242, vec![1], cut.clone(), 7)).await, (404, json!("NotFound")));
        assert_eq!(
            brand.call("sales/push", push(14, vec![1], cut.clone(), 91)).await,
            (422, json!({"Invalid": {"Push": "Dates"}}))
        );
        let too_much = json!({"PriceCut": {"off_fen": 25000}});
        assert_eq!(
            brand.call("sales/push", push(14, vec![1], too_much, 7)).await,
            (422, json!({"Invalid": {"Push": "Offer"}}))
        );
        assert_eq!(promos().await, 0);

        // A price cut to shops 1 and 3: a promotion for each, none for shop 2.
        assert_eq!(brand.call("sales/push", push(14, vec![1, 3], cut.clone(), 7)).await, (200, json!(2)));
        assert_eq!(
            app.sql_i64(
                "SELECT COUNT(*) FROM promotions WHERE product_id = 14 AND shop_id IN (1, 3) AND created_by = 7"
            )
            .await,
            2
        );
        let card_a = owner_a.post("catalogue/cards", json!({"ids": [14]})).await;
        assert_eq!(card_a[0]["promo"]["title_zh"], "直降¥20.00/箱", "{card_a}");
        assert_eq!(owner_b.post("catalogue/cards", json!({"ids": [14]})).await[0]["promo"], Value::Null);
        // The shop pays the promoted price.
        let quote = owner_a.post("orders/quote", Order::new("q").line_seen(14, 1, 23_000).quote_body()).await;
        assert_eq!(quote["goods"], 23_000, "{quote}");
        // It is on shop A's home screen, not on shop B's.
        let featured = owner_a.post("sales/featured", json!({"shop_id": null})).await;
        assert_eq!(featured.as_array().unwrap().len(), 1, "{featured}");
        assert_eq!(featured[0]["card"]["id"], 14);
        assert_eq!(featured[0]["by"], "孙丽");
        assert_eq!(featured[0]["offer"], json!({"PriceCut": {"off_fen": 2000}}));
        assert_eq!(featured[0]["ends_on"], today + 7);
        assert_eq!(owner_b.post("sales/featured", json!({"shop_id": null})).await, json!([]));

        // A new product featured for shop 3: on its home screen and first among its new products.
        assert_eq!(brand.post("sales/push", push(14, vec![3], json!("NewProduct"), 30)).await, json!(2 - 1));
        let featured = brand.post("sales/featured", json!({"shop_id": 3})).await;
        assert_eq!(featured[0]["offer"], "NewProduct", "{featured}");
        assert_eq!(brand.get("sales/recommendations", &[("shop_id", "3")]).await.1["new"][0]["id"], 14);
        assert_eq!(brand.call("sales/featured", json!({"shop_id": 2})).await.0, 403);

        // Both shops read the pushes in their audit trails; shop B reads nothing of them.
        let trail = owner_a.post("sales/audit", json!({"shop_id": null})).await;
        assert_eq!(actions(&trail), vec!["PromotionSent"], "{trail}");
        assert_eq!(trail[0]["actor"], "孙丽");
        let admin = app.signed_in(ADMIN).await;
        assert_eq!(
            actions(&admin.post("sales/audit", json!({"shop_id": 3})).await),
            vec!["ProductFeatured", "PromotionSent"]
        );
        assert_eq!(owner_b.post("sales/audit", json!({"shop_id": null})).await, json!([]));
    }
}

#[tokio::test]
async fn what_a_salesperson_does_for_shop_a_is_theirs_on_its_record_and_never_reaches_shop_b() {
    for db in backends("sales_order").await {
        let app = TestApp::spawn(&db, 60).await;
        let b = db.backend;
        arrange(&app, 16).await;
        app.sql("UPDATE products SET is_price_guaranteed = 0, pack_size = 12 WHERE id = 16").await;
        let sales = app.signed_in(SALESPERSON).await;
        let owner_a = app.signed_in(SHOP_A_OWNER).await;
        let owner_b = app.signed_in(SHOP_B_OWNER).await;
        let admin = app.signed_in(ADMIN).await;

        let placed = sales.place(&Order::new("s1").line(16, 1).for_shop(1)).await;
        assert_eq!(
            (placed["placed_by"].as_str(), placed["placed_by_salesperson"].as_bool()),
            (Some("张伟"), Some(true)),
            "{b} {placed}"
        );
        let id = placed["id"].as_id().unwrap();
        // Sent again from the outbox: the same order, recorded once.
        assert_eq!(sales.place(&Order::new("s1").line(16, 1).for_shop(1)).await["id"].as_id(), Some(id));
        let trail = owner_a.post("sales/audit", json!({"shop_id": null})).await;
        assert_eq!(actions(&trail), vec!["OrderPlaced"], "{trail}");
        assert_eq!(trail[0]["order_id"].as_id(), Some(id));
        assert_eq!(trail[0]["actor"], "张伟");
        let mine = owner_a.post("orders/list", json!({"shop_id": null})).await;
        assert_eq!(mine[0]["placed_by"], "张伟");
        assert_eq!(mine[0]["placed_by_salesperson"], true);

        // Shop B never sees it, nor the trail.
        assert_eq!(owner_b.post("orders/list", json!({"shop_id": null})).await, json!([]));
        assert_eq!(owner_b.call("orders/get", json!({"id": id})).await, (404, json!("NotFound")));
        assert_eq!(owner_b.call("sales/audit", json!({"shop_id": 1})).await, (403, json!("Forbidden")));
        assert_eq!(owner_b.post("sales/audit", json!({"shop_id": null})).await, json!([]));
        // The admin reads it, for the shop and across shops.
        assert_eq!(actions(&admin.post("sales/audit", json!({"shop_id": 1})).await), vec!["OrderPlaced"]);
        let all = admin.post("sales/audit", json!({"shop_id": null})).await;
        assert!(
            all.as_array().unwrap().iter().any(|e| e["order_id"].as_id() == Some(id) && e["shop_name"] == "芳芳便利店"),
            "{all}"
        );

        // Cancelled by the salesperson: on the record too. The owner's own actions are not.
        assert_eq!(sales.post("orders/cancel", json!({"id": id})).await["status"], "Cancelled");
        owner_a.place(&Order::new("own").line(16, 1)).await;
        assert_eq!(
            actions(&owner_a.post("sales/audit", json!({"shop_id": null})).await),
            vec!["OrderCancelled", "OrderPlaced"]
        );

        // A claim the salesperson files for the shop, with a photo they took.
        let delivered = sales.place(&Order::new("s2").line(16, 1).for_shop(1)).await["id"].as_id().unwrap();
        app.mark_delivered(delivered, 1).await;
        let (status, photo) = sales.upload(delivered, "ph1", jpeg()).await;
        assert_eq!(status, 200, "{photo}");
        let claim = json!({"req": {"key": "c1", "order_id": delivered, "line_no": 1, "facts": {"Quality": {"units": 2, "what": "漏气 leaking"}}, "evidence": [photo]}});
        let filed = sales.post("claims/file", claim.clone()).await;
        assert_eq!(filed["status"], "Submitted", "{filed}");
        sales.post("claims/file", claim).await;
        let trail = owner_a.post("sales/audit", json!({"shop_id": null})).await;
        assert_eq!(actions(&trail).iter().filter(|a| *a == "ClaimFiled").count(), 1, "{trail}");
        assert_eq!(trail[0]["order_id"].as_id(), Some(delivered));
    }
}

#[tokio::test]
async fn taking_a_shop_away_from_a_signed_in_salesperson_takes_effect_at_once() {
    for db in backends("sales_unassign").await {
        let app = TestApp::spawn(&db, 60).await;
        let b = db.backend;
        arrange(&app, 17).await;
        let sales = app.signed_in(SALESPERSON).await;
        let admin = app.signed_in(ADMIN).await;
        assert_eq!(sales.get("sales/shop", &[("shop_id", "2")]).await.1["card"]["shop_id"], 2, "{b}");

        let after = admin.post("sales/assign", json!({"salesperson_id": 3, "shop_id": 2, "assigned": false})).await;
        assert_eq!(ids(&after["shops"], "id"), vec![1, 3, 4, 5, 6, 7, 8], "{after}");
        // The same session, its very next calls.
        assert_eq!(sales.get("sales/shop", &[("shop_id", "2")]).await, (403, json!("Forbidden")));
        assert_eq!(
            sales.call("orders/place", Order::new("late").line(17, 1).for_shop(2).body()).await,
            (403, json!("Forbidden"))
        );
        assert_eq!(sales.call("orders/list", json!({"shop_id": 2})).await, (403, json!("Forbidden")));
        assert_eq!(sales.call("sales/check-in", json!({"shop_id": 2})).await, (403, json!("Forbidden")));
        assert_eq!(sales.call("sales/audit", json!({"shop_id": 2})).await, (403, json!("Forbidden")));
        assert!(!ids(&sales.get("sales/shops", &[("q", "")]).await.1, "shop_id").contains(&2));
        assert!(!ids(&sales.get("sales/today", &[]).await.1, "shop_id").contains(&2));
        assert_eq!(app.sql_i64("SELECT COUNT(*) FROM orders WHERE shop_id = 2").await, 0);

        // On the shop's record, by the admin.
        let owner_b = app.signed_in(SHOP_B_OWNER).await;
        let trail = owner_b.post("sales/audit", json!({"shop_id": null})).await;
        assert_eq!(actions(&trail), vec!["Unassigned"], "{trail}");
        assert_eq!(
            (trail[0]["actor"].as_str(), trail[0]["actor_role"].as_str(), trail[0]["detail"].as_str()),
            (Some("赵敏"), Some("Admin"), Some("张伟"))
        );

        // Given back: at the end of the route, and reachable again at once. Asking twice changes nothing.
        admin.post("sales/assign", json!({"salesperson_id": 3, "shop_id": 2, "assigned": true})).await;
        let again = admin.post("sales/assign", json!({"salesperson_id": 3, "shop_id": 2, "assigned": true})).await;
        assert_eq!(ids(&again["shops"], "id"), vec![1, 3, 4, 5, 6, 7, 8, 2]);
        assert_eq!(sales.get("sales/shop", &[("shop_id", "2")]).await.1["card"]["route_order"], 9);
        assert_eq!(
            actions(&owner_b.post("sales/audit", json!({"shop_id": null})).await),
            vec!["Assigned", "Unassigned"]
        );

        // The admin's screen: every salesperson, their brand and shops. Only admins assign, only
        // salespeople and real shops.
        let all = admin.post("sales/assignments", json!({})).await;
        assert_eq!(ids(&all, "salesperson_id"), vec![3, 7], "{all}");
        assert_eq!(all[1]["brand"], "康师傅");
        assert_eq!(ids(&all[1]["shops"], "id"), vec![1, 3]);
        assert_eq!(all[0]["brand"], Value::Null);
        assert_eq!(
            admin.call("sales/assign", json!({"salesperson_id": 1, "shop_id": 2, "assigned": true})).await,
            (404, json!("NotFound"))
        );
        assert_eq!(
            admin.call("sales/assign", json!({"salesperson_id": 3, "shop_id": 424242, "assigned": true})).await,
            (404, json!("NotFound"))
        );
        assert_eq!(
            sales.call("sales/assign", json!({"salesperson_id": 3, "shop_id": 9, "assigned": true})).await,
            (403, json!("Forbidden"))
        );
        assert_eq!(sales.call("sales/assignments", json!({})).await, (403, json!("Forbidden")));
    }
}

/// A salesperson's visit note is private: the shop's owner sees in the audit trail (and in the
/// shop overview) that the visit ended, never what was written; the salesperson and admins read it.
#[tokio::test]
async fn the_visit_note_is_private_to_the_salesperson_and_admins() {
    for db in backends("sales_note_private").await {
        let app = TestApp::spawn(&db, 60).await;
        let b = db.backend;
        let sales = app.signed_in(SALESPERSON).await;
        let owner = app.signed_in(SHOP_B_OWNER).await;
        let admin = app.signed_in(ADMIN).await;
        let note = "老板有点难说话，下次找老板娘";
        sales.post("sales/check-in", json!({"shop_id": 2})).await;
        assert_eq!(sales.post("sales/check-out", json!({"shop_id": 2, "note": note})).await["note"], note);

        let detail_of_checkout = |trail: &Value| {
            trail
                .as_array()
                .unwrap_or_else(|| panic!("{trail}"))
                .iter()
                .find(|e| e["action"] == "CheckOut")
                .map(|e| e["detail"].clone())
        };
        let owners = owner.post("sales/audit", json!({"shop_id": null})).await;
        assert_eq!(detail_of_checkout(&owners), Some(json!("")), "{b} {owners}");
        assert!(!owners.to_string().contains("老板娘"), "{b} {owners}");
        let (status, overview) = owner.get("sales/shop", &[("shop_id", "2")]).await;
        assert_eq!(status, 200, "{b} {overview}");
        assert!(!overview.to_string().contains("老板娘"), "{b} {overview}");

        assert_eq!(
            detail_of_checkout(&sales.post("sales/audit", json!({"shop_id": 2})).await),
            Some(json!(note)),
            "{b}"
        );
        assert_eq!(
            detail_of_checkout(&admin.post("sales/audit", json!({"shop_id": 2})).await),
            Some(json!(note)),
            "{b}"
        );
        let overview = sales.get("sales/shop", &[("shop_id", "2")]).await.1;
        assert!(overview.to_string().contains("老板娘"), "{b}");
    }
}

/// A salesperson is at one shop at a time: checking in at a second one while the first visit is
/// open is refused with its own reason, and works once the first is checked out.
#[tokio::test]
async fn a_salesperson_checks_in_at_one_shop_at_a_time() {
    for db in backends("sales_one_visit").await {
        let app = TestApp::spawn(&db, 60).await;
        let sales = app.signed_in(SALESPERSON).await;
        sales.post("sales/check-in", json!({"shop_id": 1})).await;
        assert_eq!(
            sales.call("sales/check-in", json!({"shop_id": 2})).await,
            (409, json!("CheckedInElsewhere")),
            "{}",
            db.backend
        );
        // Tapping check-in again where they are is still fine.
        assert!(sales.post("sales/check-in", json!({"shop_id": 1})).await["checked_in_ms"].is_i64());
        sales.post("sales/check-out", json!({"shop_id": 1, "note": ""})).await;
        let second = sales.post("sales/check-in", json!({"shop_id": 2})).await;
        assert!(second["checked_in_ms"].is_i64(), "{second}");
    }
}
