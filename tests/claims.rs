//! Delivery steps and late-delivery compensation against the real server, on SQLite and
//! PostgreSQL.

mod common;

use common::*;
use restock::claims::db::file_late_claims;
use restock::claims::rules::late_delivery;
use restock::money::Fen;
use serde_json::{json, Value};

/// Places an order of `cases` cases at ¥250 of product `id` for the client's shop.
async fn place(app: &TestApp, client: &Api, id: i64, cases: i64, key: &str) -> Value {
    app.plain_product(id, 1000).await;
    let order = client.place(&Order::new(key).line(id, cases)).await;
    assert!(order["id"].as_id().is_some(), "{order}");
    order
}

fn now() -> i64 {
    restock::server::db::now_ms()
}

#[tokio::test]
async fn a_late_order_is_compensated_once_even_with_two_servers_sweeping() {
    for db in backends("late").await {
        let app = TestApp::spawn(&db, 50).await;
        let shop = app.signed_in(SHOP_A_OWNER).await;
        let order = place(&app, &shop, 10, 4, "late-1").await;
        let id = order["id"].as_id().unwrap();
        // Promised yesterday, still not delivered: its day has ended.
        let yesterday = restock::server::state::today().plus_days(-1).to_string();
        sql(&db, &format!("UPDATE orders SET promised_on = '{yesterday}' WHERE id = {id}")).await;
        let before = sql_i64(&db, "SELECT CAST(SUM(amount_fen) AS BIGINT) FROM ledger WHERE shop_id = 1").await;

        // Two server instances notice at the same moment.
        let (a, b) = (
            restock::server::db::connect(&db.url, 4).await.unwrap(),
            restock::server::db::connect(&db.url, 4).await.unwrap(),
        );
        let (fa, fb) = tokio::join!(file_late_claims(&a, now()), file_late_claims(&b, now()));
        assert_eq!(fa.unwrap() + fb.unwrap(), 1, "{}", db.backend);
        // A restart, another sweep: nothing more.
        assert_eq!(file_late_claims(&a, now()).await.unwrap(), 0);

        let expected = late_delivery(Fen(100_000)).0; // 4 × ¥250: 5% is ¥50, the cap
        assert_eq!(expected, 5_000);
        assert_eq!(sql_i64(&db, &format!("SELECT COUNT(*) FROM claims WHERE order_id = {id}")).await, 1);
        assert_eq!(
            sql_i64(&db, "SELECT CAST(SUM(amount_fen) AS BIGINT) FROM ledger WHERE shop_id = 1").await,
            before + expected
        );
        let account = shop.post("claims/mine", json!({"shop_id": null})).await;
        assert_eq!(account["balance"], before + expected, "the balance shown is the ledger's sum");
        assert_eq!(account["claims"][0]["kind"], "LateDelivery");
        assert_eq!(account["claims"][0]["status"], "Paid");
        assert_eq!(account["claims"][0]["amount"], expected);
        // Shop B sees none of it.
        let other = app.signed_in(SHOP_B_OWNER).await;
        assert_eq!(other.post("claims/mine", json!({"shop_id": null})).await["claims"], json!([]));
    }
}

#[tokio::test]
async fn orders_on_time_cancelled_or_delivered_in_time_are_not_compensated() {
    for db in backends("not_late").await {
        let app = TestApp::spawn(&db, 50).await;
        let shop = app.signed_in(SHOP_A_OWNER).await;
        let yesterday = restock::server::state::today().plus_days(-1);
        let on_time = place(&app, &shop, 11, 1, "k1").await["id"].as_id().unwrap();
        let cancelled = place(&app, &shop, 12, 1, "k2").await["id"].as_id().unwrap();
        let delivered_in_time = place(&app, &shop, 13, 1, "k3").await["id"].as_id().unwrap();
        let delivered_late = place(&app, &shop, 14, 1, "k4").await["id"].as_id().unwrap();
        shop.post("orders/cancel", json!({"id": cancelled})).await;
        let deadline = yesterday.end_utc_ms(480);
        sql(&db, &format!(
            "UPDATE orders SET promised_on = '{yesterday}' WHERE id IN ({cancelled}, {delivered_in_time}, {delivered_late});
             UPDATE orders SET status = 'delivered', delivered_ms = {} WHERE id = {delivered_in_time};
             UPDATE orders SET status = 'delivered', delivered_ms = {} WHERE id = {delivered_late};",
            deadline - 1,
            deadline + 1
        ))
        .await;
        let pool = restock::server::db::connect(&db.url, 2).await.unwrap();
        assert_eq!(file_late_claims(&pool, now()).await.unwrap(), 1, "{}", db.backend);
        assert_eq!(sql_i64(&db, &format!("SELECT COUNT(*) FROM claims WHERE order_id = {delivered_late}")).await, 1);
        assert_eq!(
            sql_i64(
                &db,
                &format!("SELECT COUNT(*) FROM claims WHERE order_id IN ({on_time}, {cancelled}, {delivered_in_time})")
            )
            .await,
            0
        );
        // ¥250 × 5% = ¥12.50.
        assert_eq!(sql_i64(&db, "SELECT amount_fen FROM claims").await, 1_250);
    }
}

#[tokio::test]
async fn orders_move_only_through_legal_steps_taken_by_the_right_people() {
    for db in backends("steps").await {
        let app = TestApp::spawn(&db, 50).await;
        let shop = app.signed_in(SHOP_A_OWNER).await;
        let other = app.signed_in(SHOP_B_OWNER).await;
        let dispatcher = app.signed_in(DISPATCHER).await;
        let id = place(&app, &shop, 15, 1, "s1").await["id"].as_id().unwrap();
        let step = |to: &str| json!({"id": id, "to": to, "driver": null});

        assert_eq!(
            shop.post("orders/advance", step("Picking")).await,
            json!({"Step": {"NotYours": {"role": "ShopOwner", "to": "Picking"}}}),
            "{}",
            db.backend
        );
        assert_eq!(
            dispatcher.post("orders/advance", step("Dispatched")).await,
            json!({"Step": {"Illegal": {"from": "Confirmed", "to": "Dispatched"}}})
        );
        let queue = dispatcher.post("orders/queue", json!({"status": "Confirmed"})).await;
        assert!(queue.as_array().unwrap().iter().any(|o| o["id"].as_id() == Some(id)));
        assert_eq!(shop.post("orders/queue", json!({"status": "Confirmed"})).await, json!("Forbidden"));

        assert_eq!(dispatcher.post("orders/advance", step("Picking")).await["status"], "Picking");
        let dispatched = dispatcher
            .post("orders/advance", json!({"id": id, "to": "Dispatched", "driver": "刘师傅 13912345678"}))
            .await;
        assert_eq!(dispatched["status"], "Dispatched");
        // Once dispatched, the shop can no longer cancel.
        assert_eq!(shop.post("orders/cancel", json!({"id": id})).await, json!("CannotCancel"));
        assert_eq!(dispatcher.post("orders/advance", step("OutForDelivery")).await["status"], "OutForDelivery");
        // Another shop cannot sign for it (and cannot tell it exists).
        assert_eq!(other.post("orders/advance", step("Delivered")).await, json!("NotFound"));
        assert_eq!(shop.post("orders/advance", step("Delivered")).await["status"], "Delivered");
        assert_eq!(
            dispatcher.post("orders/advance", step("Picking")).await,
            json!({"Step": {"Illegal": {"from": "Delivered", "to": "Picking"}}})
        );

        let detail = shop.post("orders/get", json!({"id": id})).await;
        let steps: Vec<(&str, &str)> = detail["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["status"].as_str().unwrap(), e["actor"].as_str().unwrap()))
            .collect();
        assert_eq!(
            steps,
            [
                ("Placed", "王芳"),
                ("Confirmed", "王芳"),
                ("Picking", "陈静"),
                ("Dispatched", "陈静"),
                ("OutForDelivery", "陈静"),
                ("Delivered", "王芳")
            ]
        );
        assert!(sql_i64(&db, &format!("SELECT delivered_ms FROM orders WHERE id = {id}")).await > 0);
    }
}

#[tokio::test]
async fn signing_for_a_short_delivery_files_a_claim_for_what_is_missing() {
    for db in backends("sign").await {
        let app = TestApp::spawn(&db, 50).await;
        let shop = app.signed_in(SHOP_A_OWNER).await;
        let dispatcher = app.signed_in(DISPATCHER).await;
        sql(&db, "UPDATE products SET pack_size = 24 WHERE id = 16").await;
        let id = place(&app, &shop, 16, 2, "short-1").await["id"].as_id().unwrap();
        // Not yet out for delivery: nothing to sign.
        let early = shop.post("delivery/sign", json!({"id": id, "received": []})).await;
        assert_eq!(early, json!({"Step": {"Illegal": {"from": "Confirmed", "to": "Delivered"}}}), "{}", db.backend);
        for to in ["Picking", "Dispatched", "OutForDelivery"] {
            assert_eq!(
                dispatcher.post("orders/advance", json!({"id": id, "to": to, "driver": null})).await["status"],
                to
            );
        }
        // Another shop cannot sign it.
        let other = app.signed_in(SHOP_B_OWNER).await;
        assert_eq!(other.post("delivery/sign", json!({"id": id, "received": []})).await, json!("NotFound"));
        // 48 units delivered (2 cases of 24 at ¥250): 40 arrived in good order.
        let (order, claims) = serde_json::from_value::<(Value, Vec<restock::id::Id>)>(
            shop.post("delivery/sign", json!({"id": id, "received": [{"line_no": 1, "units": 40}]})).await,
        )
        .unwrap();
        assert_eq!(order["status"], "Delivered");
        assert_eq!(claims.len(), 1);
        let account = shop.post("claims/mine", json!({"shop_id": null})).await;
        let claim = &account["claims"][0];
        assert_eq!(claim["kind"], "ShortDelivery");
        assert_eq!(claim["status"], "Submitted");
        assert_eq!(claim["units"], 8);
        // ¥500 over 48 units: 8 units are ⌊8 × 50000 / 48⌋ = 8333 fen.
        assert_eq!(claim["amount"], 8_333);
        // Signing twice is refused.
        let again = shop.post("delivery/sign", json!({"id": id, "received": []})).await;
        assert_eq!(again, json!({"Step": {"Illegal": {"from": "Delivered", "to": "Delivered"}}}));
        // The missing units count against the line as any claim's do: 40 are left to claim, and
        // all of them pay exactly the rest of the line.
        let ctx = shop.post("claims/context", json!({"order_id": id, "line_no": 1})).await;
        assert_eq!(
            (ctx["line"]["units_claimed"].as_id(), ctx["line"]["claimed"].as_id()),
            (Some(8), Some(8_333)),
            "{ctx}"
        );
        let ctx: restock::claims::ClaimContext = serde_json::from_value(ctx).unwrap();
        let quality = |units: i64| serde_json::from_value(json!({"Quality": {"units": units, "what": "x"}})).unwrap();
        assert_eq!(
            restock::claims::amount(&ctx, &quality(41)),
            Err(restock::claims::rules::Refusal::Units { max: 40 })
        );
        assert_eq!(restock::claims::amount(&ctx, &quality(40)), Ok(Fen(50_000 - 8_333)));
    }
}

#[tokio::test]
async fn a_reviewer_pays_exactly_the_computed_amount_once_or_rejects_with_a_reason() {
    for db in backends("review").await {
        let app = TestApp::spawn(&db, 50).await;
        let shop = app.signed_in(SHOP_A_OWNER).await;
        let reviewer = app.signed_in("13600000001").await;
        sql(&db, "UPDATE products SET pack_size = 24 WHERE id IN (17, 18)").await;
        let mut claims = Vec::new();
        for (product, key) in [(17, "r-a"), (18, "r-b")] {
            let id = place(&app, &shop, product, 2, key).await["id"].as_id().unwrap();
            // The simulation moves it to the door (three steps), then the shop signs 8 short.
            let pool = restock::server::db::connect(&db.url, 2).await.unwrap();
            for _ in 0..3 {
                restock::delivery::db::simulate_step(&pool).await.unwrap();
            }
            let signed = shop.post("delivery/sign", json!({"id": id, "received": [{"line_no": 1, "units": 40}]})).await;
            assert_eq!(signed[0]["status"], "Delivered", "{} {signed}", db.backend);
            claims.push(signed[1][0].as_id().unwrap());
        }
        let queue = reviewer.post("claims/review-queue", json!({})).await;
        assert_eq!(queue.as_array().unwrap().len(), 2);
        // The shop cannot decide its own claims, and a reviewer is not a shop.
        assert_eq!(
            shop.post("claims/decide", json!({"id": claims[0], "approve": true, "reason": ""})).await,
            json!("Forbidden")
        );
        assert_eq!(reviewer.post("claims/mine", json!({"shop_id": null})).await, json!("Forbidden"));
        let before = sql_i64(&db, "SELECT CAST(SUM(amount_fen) AS BIGINT) FROM ledger WHERE shop_id = 1").await;
        let paid = reviewer.post("claims/decide", json!({"id": claims[0], "approve": true, "reason": ""})).await;
        assert_eq!(paid["status"], "Paid");
        assert_eq!(paid["amount"], 8_333);
        assert_eq!(
            reviewer.post("claims/decide", json!({"id": claims[0], "approve": true, "reason": ""})).await,
            json!("AlreadyDecided")
        );
        assert_eq!(
            sql_i64(&db, "SELECT CAST(SUM(amount_fen) AS BIGINT) FROM ledger WHERE shop_id = 1").await,
            before + 8_333
        );
        // Rejecting says why.
        assert_eq!(
            reviewer.post("claims/decide", json!({"id": claims[1], "approve": false, "reason": "  "})).await,
            json!({"Invalid": "Reason"})
        );
        let rejected = reviewer
            .post("claims/decide", json!({"id": claims[1], "approve": false, "reason": "司机签收单显示足量"}))
            .await;
        assert_eq!(rejected["status"], "Rejected");
        let mine = shop.post("claims/mine", json!({"shop_id": null})).await;
        let reasons: Vec<&str> =
            mine["claims"].as_array().unwrap().iter().map(|c| c["reason"].as_str().unwrap()).collect();
        assert!(reasons.contains(&"司机签收单显示足量"));
        assert_eq!(mine["balance"], before + 8_333, "the balance is the ledger's sum");
        assert_eq!(
            reviewer.post("claims/decide", json!({"id": 424242, "approve": true, "reason": ""})).await,
            json!("NotFound")
        );
    }
}

#[tokio::test]
async fn the_dispatcher_sees_what_is_late_or_due_today() {
    for db in backends("late_view").await {
        let app = TestApp::spawn(&db, 50).await;
        let shop = app.signed_in(SHOP_A_OWNER).await;
        let dispatcher = app.signed_in(DISPATCHER).await;
        let overdue = place(&app, &shop, 21, 1, "lv1").await["id"].as_id().unwrap();
        let tomorrow = place(&app, &shop, 22, 1, "lv2").await["id"].as_id().unwrap();
        let done = place(&app, &shop, 23, 1, "lv3").await["id"].as_id().unwrap();
        let today = restock::server::state::today();
        sql(
            &db,
            &format!(
                "UPDATE orders SET promised_on = '{}' WHERE id IN ({overdue}, {done});
             UPDATE orders SET promised_on = '{}' WHERE id = {tomorrow};
             UPDATE orders SET status = 'delivered' WHERE id = {done};",
                today.plus_days(-2),
                today.plus_days(1)
            ),
        )
        .await;
        let late = dispatcher.post("delivery/late", json!({})).await;
        let ids: Vec<i64> = late.as_array().unwrap().iter().map(|o| o["id"].as_id().unwrap()).collect();
        assert_eq!(ids, vec![overdue], "{}", db.backend);
        assert_eq!(shop.post("delivery/late", json!({})).await, json!("Forbidden"));
    }
}

#[tokio::test]
async fn a_photo_taken_at_the_door_is_kept_as_the_proof_of_delivery() {
    for db in backends("pod").await {
        let app = TestApp::spawn(&db, 50).await;
        let shop = app.signed_in(SHOP_A_OWNER).await;
        let other = app.signed_in(SHOP_B_OWNER).await;
        let dispatcher = app.signed_in(DISPATCHER).await;
        let reviewer = app.signed_in(REVIEWER).await;
        sql(&db, "UPDATE products SET pack_size = 24 WHERE id = 16").await;
        let id = place(&app, &shop, 16, 2, "pod-1").await["id"].as_id().unwrap();
        for to in ["Picking", "Dispatched", "OutForDelivery"] {
            dispatcher.post("orders/advance", json!({"id": id, "to": to, "driver": null})).await;
        }
        let (status, photo) = shop.upload(id, "pod-photo-1", jpeg_sized(64, 48, 7)).await;
        assert_eq!(status, 200, "{photo} {}", db.backend);
        let photo = photo.as_id().unwrap();
        // Another shop's photo is not this delivery's proof, and nothing is signed by trying.
        let theirs = place(&app, &other, 17, 1, "pod-b").await["id"].as_id().unwrap();
        let their_photo = other.upload(theirs, "pod-photo-b", jpeg_sized(64, 48, 8)).await.1.as_id().unwrap();
        let (status, refused) =
            shop.call("delivery/sign", json!({"id": id, "received": [], "photo": their_photo})).await;
        assert_eq!((status, refused), (422, json!({"Invalid": "Photo"})), "{}", db.backend);
        assert_eq!(shop.post("orders/get", json!({"id": id})).await["summary"]["status"], "OutForDelivery");

        // Signed short with the photo: the order keeps it, the claim's reviewer sees it.
        let (order, claims) = serde_json::from_value::<(Value, Vec<restock::id::Id>)>(
            shop.post("delivery/sign", json!({"id": id, "received": [{"line_no": 1, "units": 40}], "photo": photo}))
                .await,
        )
        .unwrap();
        assert_eq!((order["status"].as_str(), order["delivery_photo"].as_id()), (Some("Delivered"), Some(photo)));
        let detail = reviewer.post("claims/detail", json!({"id": claims[0]})).await;
        assert_eq!(detail["delivery_photo"].as_id(), Some(photo), "{detail}");
        // The shop, the dispatcher and the reviewer may look at it; another shop may not.
        for (who, expected) in [(&shop, 200), (&dispatcher, 200), (&reviewer, 200), (&other, 404)] {
            let res = who.photo(photo).await;
            assert_eq!(res.status().as_u16(), expected, "{}", db.backend);
        }
        // Kept: a day later the sweep of stray uploads leaves it, and it serves no other order.
        let pool = restock::server::db::connect(&db.url, 2).await.unwrap();
        let later = now() + 2 * 86_400_000;
        restock::claims::db::sweep_unattached_evidence(&pool, &app.evidence_dir, later).await.unwrap();
        assert_eq!(app.sql_i64(&format!("SELECT COUNT(*) FROM evidence WHERE id = {photo}")).await, 1);
        let second = place(&app, &shop, 18, 1, "pod-2").await["id"].as_id().unwrap();
        for to in ["Picking", "Dispatched", "OutForDelivery"] {
            dispatcher.post("orders/advance", json!({"id": second, "to": to, "driver": null})).await;
        }
        let again = shop.call("delivery/sign", json!({"id": second, "received": [], "photo": photo})).await;
        assert_eq!(again, (422, json!({"Invalid": "Photo"})));
        // Signing without a photo still works, as before.
        let plain = shop.post("delivery/sign", json!({"id": second, "received": []})).await;
        assert_eq!(plain[0]["delivery_photo"], Value::Null, "{plain}");
    }
}
