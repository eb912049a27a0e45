//! Filing claims against delivered order lines, their evidence photos, slow-seller pickups and
//! who may reach what, against the real server on SQLite and PostgreSQL.

mod common;

use common::*;
use serde_json::{json, Value};

/// An order of 2 cases (12 units a case) of product `id` at ¥120 a case, for shop A, delivered
/// `days_ago` days ago. The product's guarantee flags are set as asked.
async fn delivered(app: &TestApp, shop: &Api, id: i64, key: &str, days_ago: i64, flags: &str) -> i64 {
    app.sql(&format!(
        "UPDATE products SET stock_cases = 1000, case_price_fen = 12000, pack_size = 12, min_cases = 1, max_cases = 1000, {flags} WHERE id = {id};
         DELETE FROM price_breaks WHERE product_id = {id}; DELETE FROM promotions WHERE product_id = {id};"
    ))
    .await;
    let order = shop.placed(&Order::new(key).line_seen(id, 2, 12000)).await;
    app.mark_delivered(order, days_ago).await;
    order
}

fn quality(key: &str, order: i64, units: i64, evidence: Vec<i64>) -> Value {
    json!({"req": {"key": key, "order_id": order, "line_no": 1, "facts": {"Quality": {"units": units, "what": "包装破了 torn packs"}}, "evidence": evidence}})
}

#[tokio::test]
async fn a_quality_claim_with_a_photo_is_filed_once_reviewed_and_paid_by_the_rules() {
    for db in backends("file_quality").await {
        let app = TestApp::spawn(&db, 60).await;
        let shop = app.signed_in(SHOP_A_OWNER).await;
        let other = app.signed_in(SHOP_B_OWNER).await;
        let reviewer = app.signed_in(REVIEWER).await;
        let order = delivered(&app, &shop, 20, "q1", 2, "is_price_guaranteed = 0").await;

        // The app is told the line and the day, and offers what is open.
        let ctx = shop.post("claims/context", json!({"order_id": order, "line_no": 1})).await;
        assert_eq!(ctx["line"]["total"], 24_000, "{} {ctx}", db.backend);
        assert_eq!(ctx["line"]["units_claimed"], 0);
        let ctx: restock::claims::ClaimContext = serde_json::from_value(ctx).unwrap();
        assert!(ctx.open().contains(&restock::claims::rules::Guarantee::Quality));

        // A picture by its bytes: a "JPEG" that is really SVG is refused.
        let (status, err) = shop.upload(order, "p-bad", b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec()).await;
        assert_eq!((status, err), (422, json!({"Invalid": "Photo"})));
        let (status, photo) = shop.upload(order, "p1", jpeg()).await;
        assert_eq!(status, 200, "{photo}");
        // Sent again (a retry): the same photo, stored once.
        assert_eq!(shop.upload(order, "p1", jpeg()).await.1, photo);
        let photo = photo.as_id().unwrap();
        assert_eq!(sql_i64(&db, "SELECT COUNT(*) FROM evidence").await, 1);
        // Stored outside the served app under a generated name.
        let name: String = {
            use sqlx::Row;
            let mut c = <sqlx::AnyConnection as sqlx::Connection>::connect(&db.url).await.unwrap();
            sqlx::query("SELECT file_name FROM evidence").fetch_one(&mut c).await.unwrap().get(0)
        };
        assert!(!name.contains("p1") && name.ends_with(".jpeg"), "{name}");

        // Without a photo, or for more units than arrived: refused, nothing filed.
        assert_eq!(shop.post("claims/file", quality("c0", order, 3, vec![])).await, json!({"Invalid": "PhotoMissing"}));
        assert_eq!(
            shop.post("claims/file", quality("c0", order, 25, vec![photo])).await,
            json!({"ClaimRefused": {"Units": {"max": 24}}})
        );
        // Shop B cannot use shop A's photo or file on its order.
        assert_eq!(other.post("claims/file", quality("cx", order, 3, vec![photo])).await, json!("NotFound"));

        let expected = restock::claims::amount(
            &ctx,
            &serde_json::from_value(json!({"Quality": {"units": 3, "what": "x"}})).unwrap(),
        )
        .unwrap();
        assert_eq!(expected.0, 3_000, "3 of 24 units of a ¥240 line");
        let filed = shop.post("claims/file", quality("c1", order, 3, vec![photo])).await;
        assert_eq!(filed["amount"], 3_000, "{filed}");
        assert_eq!(filed["status"], "Submitted");
        // The outbox sends it again: the same claim.
        assert_eq!(shop.post("claims/file", quality("c1", order, 3, vec![photo])).await["id"], filed["id"]);
        assert_eq!(sql_i64(&db, "SELECT COUNT(*) FROM claims").await, 1);
        // The photo belongs to that claim now: another claim cannot reuse it.
        assert_eq!(shop.post("claims/file", quality("c2", order, 1, vec![photo])).await, json!({"Invalid": "Photo"}));
        // Units already claimed count against the line.
        let ctx = shop.post("claims/context", json!({"order_id": order, "line_no": 1})).await;
        assert_eq!(ctx["line"]["units_claimed"], 3);

        // The reviewer sees the facts and the photo; shop B cannot see the photo.
        let claim = filed["id"].as_id().unwrap();
        let detail = reviewer.post("claims/detail", json!({"id": claim})).await;
        assert_eq!(detail["evidence"], json!([photo.to_string()]), "{detail}");
        assert_eq!(detail["facts"]["Quality"]["units"], 3);
        let got = reviewer.photo(photo).await;
        assert_eq!(got.status(), 200);
        assert_eq!(got.headers()["content-type"], "image/jpeg");
        assert_eq!(got.bytes().await.unwrap().to_vec(), jpeg());
        assert_eq!(other.photo(photo).await.status(), 404);
        assert_eq!(app.anonymous().photo(photo).await.status(), 401);

        let before = shop.post("claims/mine", json!({"shop_id": null})).await["balance"].as_id().unwrap();
        let paid = reviewer.post("claims/decide", json!({"id": claim, "approve": true, "reason": ""})).await;
        assert_eq!(paid["status"], "Paid");
        let after = shop.post("claims/mine", json!({"shop_id": null})).await["balance"].as_id().unwrap();
        assert_eq!(after - before, 3_000);
    }
}

#[tokio::test]
async fn each_guarantee_asks_for_its_own_facts_and_refuses_outside_its_rules() {
    for db in backends("file_rules").await {
        let app = TestApp::spawn(&db, 60).await;
        let shop = app.signed_in(SHOP_A_OWNER).await;
        let plain =
            delivered(&app, &shop, 21, "r1", 1, "is_price_guaranteed = 0, is_snack = 0, shelf_life_days = NULL").await;
        let guaranteed = delivered(&app, &shop, 22, "r2", 1, "is_price_guaranteed = 1").await;
        let food = delivered(&app, &shop, 23, "r3", 40, "shelf_life_days = 180").await;
        let (status, photo) = shop.upload(guaranteed, "ph", jpeg()).await;
        assert_eq!(status, 200);
        let today = restock::server::state::today();
        let claim = |key: &str, order: i64, facts: Value, ev: Vec<Value>| json!({"req": {"key": key, "order_id": order, "line_no": 1, "facts": facts, "evidence": ev}});
        let price =
            |p: i64| json!({"PriceMatch": {"platform": "某批发平台", "competitor_unit_price": p, "seen_on": today.0}});

        assert_eq!(
            shop.post("claims/file", claim("a", plain, price(500), vec![photo.clone()])).await,
            json!({"ClaimRefused": "NotCovered"}),
            "{}",
            db.backend
        );
        // Paid ¥10 a unit: ¥10 elsewhere is not cheaper; ¥9.50 pays 50 fen on each of 24 units.
        assert_eq!(
            shop.post("claims/file", claim("b", guaranteed, price(1000), vec![photo.clone()])).await,
            json!({"ClaimRefused": "NotCheaper"})
        );
        let filed = shop.post("claims/file", claim("c", guaranteed, price(950), vec![photo.clone()])).await;
        assert_eq!((filed["amount"].as_id(), filed["units"].as_id()), (Some(1_200), Some(24)), "{filed}");

        let expiry = |d: i64| json!({"Expiry": {"expired_on": today.0 - d, "units": 5}});
        assert_eq!(
            shop.post("claims/file", claim("d", plain, expiry(1), vec![])).await,
            json!({"ClaimRefused": "NotCovered"})
        );
        let closed = today.plus_days(-31).plus_days(30);
        assert_eq!(
            shop.post("claims/file", claim("e", food, expiry(31), vec![])).await,
            json!({"ClaimRefused": {"TooLate": {"closed": closed.0}}})
        );
        assert_eq!(
            shop.post("claims/file", claim("f", food, expiry(3), vec![])).await,
            json!({"Invalid": "PhotoMissing"})
        );
        let quality_late = claim("g", food, json!({"Quality": {"units": 1, "what": "x"}}), vec![]);
        assert!(shop.post("claims/file", quality_late).await["ClaimRefused"]["TooLate"].is_object());
        let no_text = claim("h", plain, json!({"Quality": {"units": 1, "what": "  "}}), vec![]);
        assert_eq!(shop.post("claims/file", no_text).await, json!({"Invalid": "ClaimText"}));
    }
}

#[tokio::test]
async fn a_slow_seller_is_paid_after_the_courier_collects_it() {
    for db in backends("file_slow").await {
        let app = TestApp::spawn(&db, 60).await;
        let shop = app.signed_in(SHOP_A_OWNER).await;
        let dispatcher = app.signed_in(DISPATCHER).await;
        let reviewer = app.signed_in(REVIEWER).await;
        let early = delivered(&app, &shop, 24, "s0", 59, "is_snack = 1").await;
        let order = delivered(&app, &shop, 25, "s1", 70, "is_snack = 1").await;
        let today = restock::server::state::today();
        let slow = |key: &str, order: i64, pickup: i64| json!({"req": {"key": key, "order_id": order, "line_no": 1, "facts": {"SlowSeller": {"units": 10, "pickup_on": today.0 + pickup}}, "evidence": []}});

        let refused = shop.post("claims/file", slow("a", early, 2)).await;
        assert!(refused["ClaimRefused"]["TooEarly"].is_object(), "{} {refused}", db.backend);
        assert_eq!(shop.post("claims/file", slow("b", order, 8)).await, json!({"ClaimRefused": "BadDate"}));
        let filed = shop.post("claims/file", slow("c", order, 3)).await;
        assert_eq!(filed["status"], "PickupScheduled", "{filed}");
        assert_eq!(filed["amount"], 10_000);
        let id = filed["id"].as_id().unwrap();
        // Not for review before the courier has it, and not for the shop to mark collected.
        assert!(!reviewer
            .post("claims/review-queue", json!({}))
            .await
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"].as_id() == Some(id)));
        assert_eq!(shop.post("claims/collected", json!({"id": id})).await, json!("Forbidden"));
        let pickups = dispatcher.post("claims/pickups", json!({})).await;
        assert_eq!(pickups[0]["pickup_on"], today.0 + 3, "{pickups}");
        assert_eq!(dispatcher.post("claims/collected", json!({"id": id})).await["status"], "Collected");
        assert_eq!(dispatcher.post("claims/collected", json!({"id": id})).await, json!("AlreadyDecided"));
        assert!(reviewer
            .post("claims/review-queue", json!({}))
            .await
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"].as_id() == Some(id)));
        assert_eq!(
            reviewer.post("claims/decide", json!({"id": id, "approve": true, "reason": ""})).await["status"],
            "Paid"
        );
        assert_eq!(
            sql_i64(&db, &format!("SELECT CAST(SUM(amount_fen) AS BIGINT) FROM ledger WHERE claim_id = {id}")).await,
            10_000
        );
    }
}

#[tokio::test]
async fn two_claims_at_once_never_claim_more_units_than_arrived() {
    for db in backends("file_race").await {
        let app = TestApp::spawn(&db, 60).await;
        let shop = app.signed_in(SHOP_A_OWNER).await;
        let order = delivered(&app, &shop, 26, "x1", 1, "is_snack = 0").await;
        let mut photos = vec![];
        for k in 0..6 {
            photos.push(shop.upload(order, &format!("ph{k}"), jpeg()).await.1.as_id().unwrap());
        }
        // Six claims of 10 units each on a line of 24: at most two can be filed.
        let tries = photos.iter().enumerate().map(|(k, p)| {
            let shop = shop.clone();
            let body = quality(&format!("k{k}"), order, 10, vec![*p]);
            async move { shop.post("claims/file", body).await }
        });
        let results = join_all(tries).await;
        let filed = results.iter().filter(|r| r["id"].as_id().is_some()).count();
        assert_eq!(filed, 2, "{} {results:?}", db.backend);
        assert_eq!(
            sql_i64(&db, &format!("SELECT CAST(SUM(units) AS BIGINT) FROM claims WHERE order_id = {order}")).await,
            20
        );
    }
}

/// Every claim endpoint, tried with another shop's ids and by roles it is not for.
#[tokio::test]
async fn no_claim_endpoint_reaches_another_shops_claims_or_evidence() {
    for db in backends("file_authz").await {
        let app = TestApp::spawn(&db, 60).await;
        let shop = app.signed_in(SHOP_A_OWNER).await;
        let other = app.signed_in(SHOP_B_OWNER).await;
        let reviewer = app.signed_in(REVIEWER).await;
        let dispatcher = app.signed_in(DISPATCHER).await;
        let order = delivered(&app, &shop, 27, "z1", 1, "is_snack = 0").await;
        let photo = shop.upload(order, "ph", jpeg()).await.1.as_id().unwrap();
        let claim = shop.post("claims/file", quality("c", order, 1, vec![photo])).await["id"].as_id().unwrap();
        let stray = shop.upload(order, "stray", jpeg()).await.1.as_id().unwrap();
        let b = db.backend;

        // Shop B, with shop A's ids: nothing exists.
        assert_eq!(
            other.post("claims/context", json!({"order_id": order, "line_no": 1})).await,
            json!("NotFound"),
            "{b}"
        );
        assert_eq!(other.post("claims/file", quality("b", order, 1, vec![photo])).await, json!("NotFound"));
        assert_eq!(other.post("claims/detail", json!({"id": claim})).await, json!("NotFound"));
        assert_eq!(other.post("claims/mine", json!({"shop_id": 1})).await, json!("Forbidden"));
        assert_eq!(other.upload(order, "b1", jpeg()).await.0, 404);
        for id in [photo, stray] {
            assert_eq!(other.photo(id).await.status(), 404);
        }
        // Shop-only and staff-only doors.
        for (endpoint, body) in [
            ("claims/review-queue", json!({})),
            ("claims/decide", json!({"id": claim, "approve": true, "reason": ""})),
            ("claims/pickups", json!({})),
            ("claims/collected", json!({"id": claim})),
        ] {
            assert_eq!(shop.post(endpoint, body).await, json!("Forbidden"), "{endpoint}");
        }
        assert_eq!(
            dispatcher.post("claims/decide", json!({"id": claim, "approve": true, "reason": ""})).await,
            json!("Forbidden")
        );
        // A reviewer is not a shop: no claims of their own, cannot file or upload, cannot see a photo
        // not yet part of a claim; a dispatcher cannot see evidence at all.
        assert_eq!(reviewer.post("claims/mine", json!({"shop_id": null})).await, json!("Forbidden"));
        assert_eq!(reviewer.post("claims/file", quality("r", order, 1, vec![stray])).await, json!("NotFound"));
        assert_eq!(reviewer.upload(order, "r1", jpeg()).await.0, 404);
        assert_eq!(reviewer.photo(stray).await.status(), 404);
        assert_eq!(reviewer.photo(photo).await.status(), 200);
        assert_eq!(dispatcher.photo(photo).await.status(), 404);
        assert_eq!(dispatcher.post("claims/detail", json!({"id": claim})).await, json!("NotFound"));
        // The shop's salesperson reaches it; once unassigned, at once, no longer.
        let sales = app.signed_in(SALESPERSON).await;
        assert_eq!(sales.post("claims/detail", json!({"id": claim})).await["summary"]["id"].as_id(), Some(claim));
        sql(&db, "DELETE FROM salesperson_shops WHERE shop_id = 1").await;
        assert_eq!(sales.post("claims/detail", json!({"id": claim})).await, json!("NotFound"));
        assert_eq!(sales.photo(photo).await.status(), 404);
        // Signed out: nothing.
        let anon = app.anonymous();
        assert_eq!(anon.post("claims/context", json!({"order_id": order, "line_no": 1})).await, json!("NotSignedIn"));
    }
}

fn claim(key: &str, order: i64, facts: Value, evidence: Vec<i64>) -> Value {
    json!({"req": {"key": key, "order_id": order, "line_no": 1, "facts": facts, "evidence": evidence}})
}

#[tokio::test]
async fn a_price_match_is_paid_once_per_line_and_later_refunds_get_only_the_rest() {
    for db in backends("file_once").await {
        let app = TestApp::spawn(&db, 60).await;
        let shop = app.signed_in(SHOP_A_OWNER).await;
        let reviewer = app.signed_in(REVIEWER).await;
        // 24 units for ¥240: ¥10 a unit.
        let order =
            delivered(&app, &shop, 28, "o1", 1, "is_price_guaranteed = 1, is_snack = 0, shelf_life_days = NULL").await;
        let mut photos = vec![];
        for k in 0..4 {
            photos.push(shop.upload(order, &format!("ph{k}"), jpeg()).await.1.as_id().unwrap());
        }
        let today = restock::server::state::today();
        let price = |p: i64, seen: i64| json!({"PriceMatch": {"platform": "某批发平台", "competitor_unit_price": p, "seen_on": seen}});
        let b = db.backend;

        // The reported overflow: a competitor price so large that × 24 wrapped to a fortune.
        assert_eq!(
            shop.post("claims/file", claim("huge", order, price(192_153_584_090_724_799, today.0), vec![photos[0]]))
                .await,
            json!({"ClaimRefused": "NotCheaper"}),
            "{b}"
        );
        assert_eq!(
            shop.post("claims/file", claim("zero", order, price(0, today.0), vec![photos[0]])).await,
            json!({"ClaimRefused": "BadPrice"})
        );
        // Seen 400 days ago, or before the delivery: not this delivery's price.
        assert_eq!(
            shop.post("claims/file", claim("old", order, price(950, today.0 - 400), vec![photos[0]])).await,
            json!({"ClaimRefused": "BadDate"})
        );
        assert_eq!(
            shop.post("claims/file", claim("pre", order, price(950, today.0 - 2), vec![photos[0]])).await,
            json!({"ClaimRefused": "BadDate"})
        );

        let first = shop.post("claims/file", claim("m1", order, price(950, today.0), vec![photos[0]])).await;
        assert_eq!((first["amount"].as_id(), first["units"].as_id()), (Some(1_200), Some(24)), "{b} {first}");
        // The same price match again, under another key: refused, nothing filed.
        assert_eq!(
            shop.post("claims/file", claim("m2", order, price(900, today.0), vec![photos[1]])).await,
            json!({"ClaimRefused": "AlreadyMatched"})
        );
        assert_eq!(sql_i64(&db, &format!("SELECT COUNT(*) FROM claims WHERE order_id = {order}")).await, 1);

        // The price match refunded no unit: quality is still offered for all 24, price match no longer.
        let ctx = shop.post("claims/context", json!({"order_id": order, "line_no": 1})).await;
        assert_eq!(ctx["line"]["units_claimed"], 0, "{ctx}");
        let ctx: restock::claims::ClaimContext = serde_json::from_value(ctx).unwrap();
        use restock::claims::rules::Guarantee;
        assert_eq!(ctx.open(), vec![Guarantee::Quality]);
        // 3 units refunded after the match get what is left of their price: ¥9.50 each, not ¥10.
        let quality = json!({"Quality": {"units": 3, "what": "包装破了"}});
        assert_eq!(restock::claims::amount(&ctx, &serde_json::from_value(quality.clone()).unwrap()).unwrap().0, 2_850);
        let q = shop.post("claims/file", claim("q1", order, quality, vec![photos[2]])).await;
        assert_eq!(q["amount"], 2_850, "{q}");

        for c in [&first, &q] {
            assert_eq!(
                reviewer.post("claims/decide", json!({"id": c["id"], "approve": true, "reason": ""})).await["status"],
                "Paid"
            );
        }
        // The rest of the line, 21 units, pays exactly what is left of ¥240.
        let rest = shop
            .post("claims/file", claim("q2", order, json!({"Quality": {"units": 21, "what": "x"}}), vec![photos[3]]))
            .await;
        assert_eq!(rest["amount"], 24_000 - 1_200 - 2_850, "{rest}");
        assert_eq!(
            sql_i64(&db, &format!("SELECT CAST(SUM(amount_fen) AS BIGINT) FROM claims WHERE order_id = {order}")).await,
            24_000
        );

        // Once the price match is rejected it no longer counts: a new one may be filed.
        let order2 = delivered(&app, &shop, 29, "o2", 1, "is_price_guaranteed = 1").await;
        let photo = shop.upload(order2, "ph-o2", jpeg()).await.1.as_id().unwrap();
        let photo2 = shop.upload(order2, "ph-o2b", jpeg()).await.1.as_id().unwrap();
        let m = shop.post("claims/file", claim("n1", order2, price(950, today.0), vec![photo])).await;
        let long =
            reviewer.call("claims/decide", json!({"id": m["id"], "approve": false, "reason": "糊".repeat(501)})).await;
        assert_eq!(long, (422, json!({"Invalid": "ClaimTextTooLong"})));
        assert_eq!(
            reviewer.post("claims/decide", json!({"id": m["id"], "approve": false, "reason": "照片看不清"})).await
                ["status"],
            "Rejected"
        );
        assert_eq!(
            shop.post("claims/file", claim("n2", order2, price(900, today.0), vec![photo2])).await["amount"],
            2_400
        );
    }
}

#[tokio::test]
async fn an_expiry_before_the_delivery_or_far_out_of_range_is_refused() {
    for db in backends("file_expiry").await {
        let app = TestApp::spawn(&db, 60).await;
        let shop = app.signed_in(SHOP_A_OWNER).await;
        let food = delivered(&app, &shop, 30, "e1", 10, "shelf_life_days = 180").await;
        let photo = shop.upload(food, "ph", jpeg()).await.1.as_id().unwrap();
        let today = restock::server::state::today();
        let expiry = |d: i64| json!({"Expiry": {"expired_on": d, "units": 5}});
        // Delivered 10 days ago: a batch that expired 11 days ago was not delivered fresh.
        assert_eq!(
            shop.post("claims/file", claim("a", food, expiry(today.0 - 11), vec![photo])).await,
            json!({"ClaimRefused": "BadDate"}),
            "{}",
            db.backend
        );
        // i64::MIN overflowed `today − expired_on` and was paid.
        assert_eq!(
            shop.post("claims/file", claim("b", food, expiry(i64::MIN), vec![photo])).await,
            json!({"ClaimRefused": "BadDate"})
        );
        assert_eq!(
            shop.post("claims/file", claim("c", food, expiry(i64::MAX), vec![photo])).await,
            json!({"ClaimRefused": "BadDate"})
        );
        assert_eq!(sql_i64(&db, "SELECT COUNT(*) FROM claims").await, 0);
        // Expired on the delivery day: claimable (10 days after, within 30).
        assert_eq!(
            shop.post("claims/file", claim("d", food, expiry(today.0 - 10), vec![photo])).await["amount"],
            5_000
        );
    }
}

#[tokio::test]
async fn claim_keys_texts_and_photos_are_held_to_their_limits() {
    for db in backends("file_limits").await {
        let app = TestApp::spawn(&db, 60).await;
        let shop = app.signed_in(SHOP_A_OWNER).await;
        let order = delivered(&app, &shop, 31, "l1", 1, "is_price_guaranteed = 0").await;
        let photo = shop.upload(order, "ph", jpeg()).await.1.as_id().unwrap();
        let what = |n: usize| json!({"Quality": {"units": 1, "what": "破".repeat(n)}});
        let b = db.backend;
        for key in [String::new(), "k".repeat(65), "a/b".into(), "a b".into(), "钥匙".into()] {
            assert_eq!(
                shop.call("claims/file", claim(&key, order, what(3), vec![photo])).await,
                (422, json!({"Invalid": "ClaimKey"})),
                "{b} {key:?}"
            );
        }
        assert_eq!(
            shop.call("claims/file", claim("t", order, what(501), vec![photo])).await,
            (422, json!({"Invalid": "ClaimTextTooLong"})),
            "{b}"
        );
        let long_platform = json!({"PriceMatch": {"platform": "x".repeat(501), "competitor_unit_price": 1, "seen_on": restock::server::state::today().0}});
        assert_eq!(
            shop.post("claims/file", claim("p", order, long_platform, vec![photo])).await,
            json!({"Invalid": "ClaimTextTooLong"})
        );
        assert_eq!(
            shop.post("claims/file", claim("m", order, what(3), vec![1, 2, 3, 4, 5, 6, 7])).await,
            json!({"Invalid": "TooManyPhotos"})
        );
        assert_eq!(
            shop.post("claims/file", claim("d", order, what(3), vec![photo, photo])).await,
            json!({"Invalid": "TooManyPhotos"})
        );
        assert_eq!(sql_i64(&db, "SELECT COUNT(*) FROM claims").await, 0);
        // At the limits: filed.
        let key = format!("{}-_", "K9".repeat(31));
        assert_eq!(key.len(), 64);
        let filed = shop.post("claims/file", claim(&key, order, what(500), vec![photo])).await;
        assert_eq!(filed["amount"], 1_000, "{filed}");
    }
}

#[tokio::test]
async fn a_claim_key_sent_again_with_other_contents_is_refused() {
    for db in backends("file_key").await {
        let app = TestApp::spawn(&db, 60).await;
        let shop = app.signed_in(SHOP_A_OWNER).await;
        let order = delivered(&app, &shop, 32, "k1", 1, "is_price_guaranteed = 0").await;
        let other_order = delivered(&app, &shop, 33, "k2", 1, "is_price_guaranteed = 0").await;
        let photo = shop.upload(order, "ph", jpeg()).await.1.as_id().unwrap();
        let filed = shop.post("claims/file", quality("same", order, 3, vec![photo])).await;
        assert_eq!(filed["amount"], 3_000, "{} {filed}", db.backend);
        // The same claim again (the outbox retrying): the same claim.
        assert_eq!(shop.post("claims/file", quality("same", order, 3, vec![photo])).await, filed);
        // The same key with other facts, or on another order: refused, nothing changes.
        assert_eq!(
            shop.call("claims/file", quality("same", order, 4, vec![photo])).await,
            (409, json!("ClaimKeyReused"))
        );
        assert_eq!(
            shop.call("claims/file", quality("same", other_order, 3, vec![photo])).await,
            (409, json!("ClaimKeyReused"))
        );
        assert_eq!(sql_i64(&db, "SELECT COUNT(*) FROM claims").await, 1);
        assert_eq!(sql_i64(&db, "SELECT units FROM claims").await, 3);
    }
}

/// Photos are checked past their first bytes: the header must decode to a sensible size and the
/// file must be whole. Keys are short and plain.
#[tokio::test]
async fn photos_with_a_broken_or_absurd_header_and_odd_keys_are_refused() {
    for db in backends("evidence_header").await {
        let app = TestApp::spawn(&db, 60).await;
        let shop = app.signed_in(SHOP_A_OWNER).await;
        let order = delivered(&app, &shop, 20, "h1", 1, "is_price_guaranteed = 0").await;
        let b = db.backend;
        // The JPEG signature and nothing a decoder could use: no frame header.
        let mut headerless = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0];
        headerless.extend(std::iter::repeat_n(0x55, 2_000));
        headerless.extend([0xFF, 0xD9]);
        assert_eq!(shop.upload(order, "k1", headerless).await, (422, json!({"Invalid": "Photo"})), "{b}");
        let whole = jpeg();
        assert_eq!(
            shop.upload(order, "k2", whole[..whole.len() - 500].to_vec()).await,
            (422, json!({"Invalid": "Photo"}))
        );
        assert_eq!(shop.upload(order, "k3", jpeg_sized(60_000, 60_000, 1)).await, (422, json!({"Invalid": "Photo"})));
        assert_eq!(shop.upload(order, "k4", jpeg_sized(0, 10, 1)).await, (422, json!({"Invalid": "Photo"})));
        for key in ["a%0Ab", "a%00b", &"k".repeat(65), "%E9%94%AE"] {
            assert_eq!(shop.upload(order, key, jpeg()).await, (422, json!({"Invalid": "EvidenceKey"})), "{b} {key}");
        }
        assert_eq!(sql_i64(&db, "SELECT COUNT(*) FROM evidence").await, 0);
        assert_eq!(shop.upload(order, "k5", jpeg_sized(4_000, 3_000, 1)).await.0, 200);
    }
}

/// A device key names one picture: sent again with the same bytes it is the same photo, with
/// other bytes it is refused with 409.
#[tokio::test]
async fn an_evidence_key_reused_for_other_bytes_is_refused() {
    for db in backends("evidence_reuse").await {
        let app = TestApp::spawn(&db, 60).await;
        let shop = app.signed_in(SHOP_A_OWNER).await;
        let order = delivered(&app, &shop, 20, "r1", 1, "is_price_guaranteed = 0").await;
        let (status, first) = shop.upload(order, "same", jpeg_sized(64, 48, 1)).await;
        assert_eq!(status, 200, "{first}");
        assert_eq!(shop.upload(order, "same", jpeg_sized(64, 48, 1)).await, (200, first.clone()));
        assert_eq!(
            shop.upload(order, "same", jpeg_sized(64, 48, 2)).await,
            (409, json!("EvidenceKeyReused")),
            "{}",
            db.backend
        );
        // What is stored is still the first picture.
        let first = first.as_id().expect("a photo id");
        let got = shop.photo(first).await.bytes().await.unwrap();
        assert_eq!(got.to_vec(), jpeg_sized(64, 48, 1));
    }
}

/// A shop may keep at most 30 photos waiting for a claim and upload at most 100 MB a day; past
/// that, 429 with a typed error. A retry of a stored photo is not a new upload.
#[tokio::test]
async fn uploads_past_the_shops_daily_quota_are_refused() {
    for db in backends("evidence_quota").await {
        let app = TestApp::spawn(&db, 60).await;
        let shop = app.signed_in(SHOP_A_OWNER).await;
        let other = app.signed_in(SHOP_B_OWNER).await;
        let order = delivered(&app, &shop, 20, "q1", 1, "is_price_guaranteed = 0").await;
        let b = db.backend;
        for k in 0..30u8 {
            let (status, body) = shop.upload(order, &format!("w{k}"), jpeg_sized(64, 48, k)).await;
            assert_eq!(status, 200, "{b} {k} {body}");
        }
        assert_eq!(shop.upload(order, "w30", jpeg_sized(64, 48, 30)).await, (429, json!("PhotoQuota")), "{b}");
        assert_eq!(shop.upload(order, "w3", jpeg_sized(64, 48, 3)).await.0, 200, "a retry");
        // Attached to a claim, photos no longer wait: room again.
        let photos: Vec<i64> = {
            use sqlx::Row;
            let mut c = <sqlx::AnyConnection as sqlx::Connection>::connect(&db.url).await.unwrap();
            sqlx::query("SELECT id FROM evidence ORDER BY id LIMIT 2")
                .fetch_all(&mut c)
                .await
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect()
        };
        let filed = shop.post("claims/file", quality("c1", order, 1, photos)).await;
        assert_eq!(filed["status"], "Submitted", "{filed}");
        assert_eq!(shop.upload(order, "w30", jpeg_sized(64, 48, 30)).await.0, 200, "{b}");

        // Bytes: 100 MB uploaded today (arranged) leaves no room for even a small photo.
        let now = restock::server::db::now_ms();
        sql(&db, &format!(
            "DELETE FROM evidence WHERE claim_id IS NULL;
             INSERT INTO evidence (id, shop_id, claim_id, client_key, file_name, content_type, bytes, created_by, created_ms)
             VALUES (7, 1, NULL, 'big', 'big.jpeg', 'image/jpeg', {}, 1, {now})", 100 * 1024 * 1024 - 1000
        ))
        .await;
        assert_eq!(shop.upload(order, "small", jpeg()).await, (429, json!("PhotoQuota")), "{b}");
        // Another shop's quota is its own.
        let order_b = delivered(&app, &other, 21, "qb", 1, "is_price_guaranteed = 0").await;
        assert_eq!(other.upload(order_b, "small", jpeg()).await.0, 200);
        // A day later the bytes count no more.
        sql(&db, &format!("UPDATE evidence SET created_ms = {} WHERE id = 7", now - 86_400_001)).await;
        assert_eq!(shop.upload(order, "small", jpeg()).await.0, 200, "{b}");
    }
}

/// Photos never attached to a claim are removed after a day, file and row; attached ones stay.
/// Two sweeps at once (two instances) remove each once.
#[tokio::test]
async fn photos_never_attached_to_a_claim_are_swept_after_a_day() {
    for db in backends("evidence_sweep").await {
        let app = TestApp::spawn(&db, 60).await;
        let dir = app.evidence_dir.clone();
        let shop = app.signed_in(SHOP_A_OWNER).await;
        let order = delivered(&app, &shop, 20, "s1", 1, "is_price_guaranteed = 0").await;
        let kept = shop.upload(order, "kept", jpeg_sized(64, 48, 1)).await.1.as_id().unwrap();
        let stray = shop.upload(order, "stray", jpeg_sized(64, 48, 2)).await.1.as_id().unwrap();
        let fresh = shop.upload(order, "fresh", jpeg_sized(64, 48, 3)).await.1.as_id().unwrap();
        assert_eq!(shop.post("claims/file", quality("c1", order, 1, vec![kept])).await["status"], "Submitted");
        let day_ago = restock::server::db::now_ms() - 86_400_000 - 1;
        sql(&db, &format!("UPDATE evidence SET created_ms = {day_ago} WHERE id IN ({kept}, {stray})")).await;
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 3);

        let (a, b) = (
            restock::server::db::connect(&db.url, 2).await.unwrap(),
            restock::server::db::connect(&db.url, 2).await.unwrap(),
        );
        let now = restock::server::db::now_ms();
        let (ra, rb) = tokio::join!(
            restock::claims::db::sweep_unattached_evidence(&a, &dir, now),
            restock::claims::db::sweep_unattached_evidence(&b, &dir, now)
        );
        assert_eq!(ra.unwrap() + rb.unwrap(), 1, "{}: the stray photo, once", db.backend);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
        assert_eq!(sql_i64(&db, &format!("SELECT COUNT(*) FROM evidence WHERE id = {stray}")).await, 0);
        for (id, status) in [(kept, 200), (fresh, 200), (stray, 404)] {
            assert_eq!(shop.photo(id).await.status(), status, "{id}");
        }
    }
}
