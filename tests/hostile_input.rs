//! Hostile and careless input against the real server, on SQLite and PostgreSQL: malformed,
//! oversized, out-of-range, cross-site and foreign requests to every server function the sources
//! declare and to the other routes. Every answer must be a 4xx (never a 5xx, never a dropped
//! connection) carrying a typed `AppError`, and nothing in the database may change.

mod common;

use common::*;
use restock::error::AppError;
use serde_json::{json, Value};

/// Every server function in the sources: (endpoint, whether it is a GET).
fn server_functions() -> Vec<(String, bool)> {
    let files = source_files();
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for line in text.lines().filter(|l| l.trim_start().starts_with("#[server(")) {
            let Some(i) = line.find("endpoint = \"") else { continue };
            let rest = &line[i + "endpoint = \"".len()..];
            found.push((rest[..rest.find('"').unwrap()].to_owned(), line.contains("GetUrl")));
        }
    }
    found.sort();
    // Signing out ends the callers' sessions: last.
    found.sort_by_key(|(e, _)| e == "v1/account/sign-out");
    found
}

/// What the database holds that a refused request must not change.
async fn snapshot(db: &TestDb) -> Vec<(String, i64)> {
    let queries = [
        "SELECT COUNT(*) FROM orders",
        "SELECT COUNT(*) FROM order_lines",
        "SELECT CAST(COALESCE(SUM(stock_cases), 0) AS BIGINT) FROM products",
        "SELECT COUNT(*) FROM claims",
        "SELECT CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) FROM claims",
        "SELECT COUNT(*) FROM ledger",
        "SELECT CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) FROM ledger",
        "SELECT COUNT(*) FROM evidence",
        "SELECT COUNT(*) FROM visits",
        "SELECT COUNT(*) FROM audit",
        "SELECT COUNT(*) FROM featured",
        "SELECT COUNT(*) FROM order_events",
        "SELECT COUNT(*) FROM promotions",
        "SELECT COUNT(*) FROM salesperson_shops",
        "SELECT COUNT(*) FROM stock_requests",
        "SELECT COUNT(*) FROM users",
    ];
    let mut out = Vec::new();
    for q in queries {
        out.push((q.to_owned(), sql_i64(db, q).await));
    }
    out
}

/// Bodies no server function can read: not JSON, broken JSON, not UTF-8, nested past any limit.
fn unreadable_bodies() -> Vec<(&'static str, Vec<u8>)> {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    vec![
        ("not json", b"not json".to_vec()),
        ("empty", Vec::new()),
        ("truncated", b"{\"id\": ".to_vec()),
        ("not utf-8", b"\xff\xfe{}".to_vec()),
        ("nested 10000 deep", deep.into_bytes()),
        ("a NUL", b"\0".to_vec()),
    ]
}

/// JSON that has the wrong shape or types, or numbers no i64 holds.
fn wrong_bodies() -> Vec<(&'static str, Value)> {
    let wrong_types = json!({
        "id": "x", "shop_id": "x", "order_id": {}, "line_no": [], "lines": "x", "req": 5, "key": [],
        "phone": 1, "password": 2, "status": "Nope", "to": "Nope", "facts": "x", "received": "x",
        "approve": "x", "reason": 5, "note": 7, "push": "x", "ids": "x", "code": 5, "q": 5,
        "salesperson_id": "x", "assigned": "x", "use_balance": "x", "driver": 5
    });
    vec![
        ("an array", json!([1, 2, 3])),
        ("a string", json!("x")),
        ("a number", json!(42)),
        ("wrong types", wrong_types),
        ("null ids", json!({"id": null, "shop_id": 2, "order_id": null, "line_no": null, "lines": null, "req": null})),
    ]
}

/// Numbers past i64, raw (serde_json would not write them).
fn huge_number_bodies() -> Vec<(&'static str, String)> {
    ["1e400", "18446744073709551616", "-9223372036854775809", "1.5", "NaN"]
        .into_iter()
        .map(|n| ("a number no i64 holds", format!("{{\"id\": {n}, \"order_id\": {n}, \"line_no\": {n}, \"shop_id\": {n}, \"salesperson_id\": {n}, \"req\": {{\"key\": \"k\", \"order_id\": {n}, \"line_no\": {n}, \"shop_id\": {n}, \"lines\": [{{\"product_id\": {n}, \"cases\": {n}, \"seen_case_price\": {n}}}], \"use_balance\": false, \"facts\": {{\"Quality\": {{\"units\": {n}, \"what\": \"x\"}}}}, \"evidence\": [{n}]}}}}")))
        .collect()
}

/// Requests that parse but carry values out of any sane range, or another shop's ids. Each must
/// be refused by the rules (or be a read that changes nothing).
fn out_of_range_bodies(endpoint: &str, foreign_order: i64) -> Vec<Value> {
    let max = i64::MAX;
    let min = i64::MIN;
    let line = |id: i64, cases: i64| json!([{"product_id": id, "cases": cases, "seen_case_price": max}]);
    let long = "长".repeat(5_000);
    let lines_30k: Vec<Value> =
        (1..=30_000).map(|i| json!({"product_id": i, "cases": 1, "seen_case_price": 1})).collect();
    let key = |k: &str| json!({"req": {"key": k, "shop_id": null, "lines": line(20, 1), "use_balance": false}});
    match endpoint {
        "v1/orders/quote" => vec![
            json!({"shop_id": null, "lines": line(20, max), "use_balance": true}),
            json!({"shop_id": null, "lines": line(20, min), "use_balance": true}),
            json!({"shop_id": null, "lines": lines_30k[..1_000], "use_balance": true}),
            json!({"shop_id": 2, "lines": line(20, 1), "use_balance": true}),
        ],
        "v1/orders/place" => vec![
            json!({"req": {"key": "h1", "shop_id": null, "lines": line(20, max), "use_balance": true}}),
            json!({"req": {"key": "h2", "shop_id": null, "lines": line(20, 0), "use_balance": true}}),
            json!({"req": {"key": "h3", "shop_id": null, "lines": line(max, 1), "use_balance": true}}),
            json!({"req": {"key": "h4", "shop_id": null, "lines": [], "use_balance": true}}),
            json!({"req": {"key": "h5", "shop_id": 2, "lines": line(20, 1), "use_balance": false}}),
            json!({"req": {"key": "h6", "shop_id": null, "lines": lines_30k[..1_000], "use_balance": false}}),
            key(""),
            key(&"k".repeat(101)),
            key("line\nbreak\0nul"),
        ],
        "v1/orders/get" | "v1/orders/cancel" | "v1/claims/detail" | "v1/claims/collected" => {
            vec![json!({"id": max}), json!({"id": min}), json!({"id": -1}), json!({"id": foreign_order})]
        }
        "v1/orders/advance" => vec![
            json!({"id": foreign_order, "to": "Delivered", "driver": null}),
            json!({"id": max, "to": "Dispatched", "driver": long}),
        ],
        "v1/delivery/sign" => vec![
            json!({"id": foreign_order, "received": []}),
            json!({"id": max, "received": [{"line_no": max, "units": min}]}),
        ],
        "v1/claims/context" => {
            vec![json!({"order_id": max, "line_no": min}), json!({"order_id": foreign_order, "line_no": 1})]
        }
        "v1/claims/file" => {
            let facts = [
                json!({"PriceMatch": {"platform": "x", "competitor_unit_price": max, "seen_on": min}}),
                json!({"PriceMatch": {"platform": long, "competitor_unit_price": -5, "seen_on": max}}),
                json!({"Expiry": {"expired_on": min, "units": max}}),
                json!({"SlowSeller": {"units": min, "pickup_on": max}}),
                json!({"Quality": {"units": max, "what": long}}),
            ];
            facts
                .into_iter()
                .enumerate()
                .map(|(i, f)| json!({"req": {"key": format!("hc{i}"), "order_id": foreign_order, "line_no": 1, "facts": f, "evidence": [max, min]}}))
                .collect()
        }
        "v1/claims/decide" => vec![json!({"id": max, "approve": true, "reason": long})],
        "v1/catalogue/cards" => vec![json!({"ids": (0..30_000).collect::<Vec<i64>>()[..5_000]})],
        "v1/catalogue/request-stocking" => {
            vec![json!({"code": long, "shop_id": null}), json!({"code": "12345", "shop_id": 2})]
        }
        "v1/sales/check-in" => vec![json!({"shop_id": max})],
        "v1/sales/check-out" => vec![json!({"shop_id": max, "note": long})],
        "v1/sales/push" => vec![
            json!({"push": {"product_id": max, "shop_ids": [1, 2], "offer": "NewProduct", "starts_on": min, "ends_on": max}}),
        ],
        "v1/sales/assign" => vec![json!({"salesperson_id": max, "shop_id": min, "assigned": true})],
        "v1/account/sign-in" => vec![
            json!({"phone": long, "password": long}),
            json!({"phone": "138\u{0}00000001", "password": "x\u{0}"}),
            json!({"phone": "13800000001", "password": ""}),
        ],
        _ => vec![],
    }
}

/// Query strings a GET server function cannot read, or values out of range.
fn bad_queries() -> Vec<String> {
    vec![
        String::new(),
        "id=abc".into(),
        "shop_id=1.5".into(),
        "%zz=%zz".into(),
        "id=99999999999999999999".into(),
        "q=&category=&flag=&brand=&in_stock=maybe&sort=&offset=0".into(),
        format!("q={}&category=&flag=&brand=&in_stock=false&sort=popular&offset=0", "a".repeat(5_000)),
        "q=&category=&flag=&brand=&in_stock=false&sort=popular&offset=-9223372036854775808".into(),
        format!("code={}", "9".repeat(5_000)),
        "code=%00%0a".into(),
        "shop_id=-1".into(),
    ]
}

struct Outcome {
    what: String,
    status: u16,
    body: String,
}

impl Outcome {
    /// A refusal the app can show: a 4xx whose body is an `AppError`.
    fn typed_refusal(&self) -> bool {
        (400..500).contains(&self.status) && serde_json::from_str::<AppError>(&self.body).is_ok()
    }
}

async fn send(req: reqwest::RequestBuilder, what: String) -> Outcome {
    match req.send().await {
        Ok(res) => {
            let status = res.status().as_u16();
            let body = res.text().await.unwrap_or_default();
            Outcome { what, status, body: body.chars().take(300).collect() }
        }
        Err(e) => Outcome { what, status: 0, body: format!("no answer: {e}") },
    }
}

#[tokio::test]
async fn hostile_input_to_every_endpoint_gets_a_typed_4xx_and_changes_nothing() {
    let functions = server_functions();
    assert!(functions.len() > 30, "found too few server functions: {functions:?}");
    for db in backends("hostile").await {
        let app = TestApp::spawn(&db, 60).await;
        let base = &app.base;
        app.sql("UPDATE products SET stock_cases = 10000, case_price_fen = 25000, min_cases = 1, max_cases = 1000 WHERE id = 20; DELETE FROM price_breaks WHERE product_id = 20; DELETE FROM promotions WHERE product_id = 20;
             -- Shop B is nobody's here but its owner's: its ids are foreign to every caller below.
             DELETE FROM salesperson_shops WHERE shop_id = 2").await;
        // Shop B's order: a foreign id for everyone below.
        let owner_b = app.signed_in(SHOP_B_OWNER).await;
        let foreign_order = owner_b.placed(&Order::new("hostile-b").line(20, 1)).await;
        let callers = [
            ("anonymous", app.anonymous().http),
            ("owner A", app.signed_in(SHOP_A_OWNER).await.http),
            ("salesperson", app.signed_in(SALESPERSON).await.http),
            ("dispatcher", app.signed_in(DISPATCHER).await.http),
            ("reviewer", app.signed_in(REVIEWER).await.http),
        ];
        let before = snapshot(&db).await;

        let mut outcomes = Vec::new();
        // Requests nothing can read must be refused as such: 400, 413 or 415, and 403 cross-site.
        let mut strict = Vec::new();
        for (endpoint, get) in &functions {
            let url = format!("{base}/api/{endpoint}");
            for (who, client) in &callers {
                if *get {
                    for q in bad_queries() {
                        let what = format!("{who} GET {endpoint}?{}", q.chars().take(60).collect::<String>());
                        outcomes.push(send(client.get(format!("{url}?{q}")), what).await);
                    }
                    continue;
                }
                for (name, body) in unreadable_bodies() {
                    let what = format!("{who} {endpoint} {name}");
                    strict.push((
                        400,
                        send(client.post(&url).header("content-type", "application/json").body(body), what).await,
                    ));
                }
                for (name, body) in wrong_bodies() {
                    outcomes.push(send(client.post(&url).json(&body), format!("{who} {endpoint} {name}")).await);
                }
                for (name, body) in huge_number_bodies() {
                    let what = format!("{who} {endpoint} {name}");
                    outcomes.push(
                        send(client.post(&url).header("content-type", "application/json").body(body), what).await,
                    );
                }
                for body in out_of_range_bodies(endpoint, foreign_order) {
                    let what = format!("{who} {endpoint} {}", body.to_string().chars().take(80).collect::<String>());
                    outcomes.push(send(client.post(&url).json(&body), what).await);
                }
                let big = json!({ "q": "x".repeat(100 * 1024) });
                strict.push((413, send(client.post(&url).json(&big), format!("{who} {endpoint} 100 KB body")).await));
                strict.push((
                    415,
                    send(
                        client.post(&url).header("content-type", "text/plain").body("{}"),
                        format!("{who} {endpoint} as text/plain"),
                    )
                    .await,
                ));
                strict.push((
                    415,
                    send(client.post(&url).body("{}"), format!("{who} {endpoint} without a content type")).await,
                ));
                let cross = client.post(&url).header("origin", "https://evil.example").json(&json!({}));
                strict.push((403, send(cross, format!("{who} {endpoint} from another site")).await));
                let cross = client.post(&url).header("sec-fetch-site", "cross-site").json(&json!({}));
                strict.push((403, send(cross, format!("{who} {endpoint} cross-site without Origin")).await));
            }
        }
        // The other routes.
        let owner = &callers[1].1;
        let long = "a".repeat(10_000);
        let mut plain_wrong = Vec::new();
        for path in [
            format!("/api/{long}"),
            format!("/{long}"),
            format!("/{long}.js"),
            format!("/img/p/{long}.svg"),
            "/img/p/abc.svg".into(),
            "/img/p/99999999999999999999.svg".into(),
            "/api/v1/claims/evidence/abc".into(),
            "/api/v1/claims/evidence/99999999999999999999".into(),
            "/api/v1/nope".into(),
            "/api/v1/orders/place".into(), // a POST function asked with GET
        ] {
            let o =
                send(owner.get(format!("{base}{path}")), format!("GET {}", path.chars().take(60).collect::<String>()))
                    .await;
            if path.starts_with("/api/") {
                strict.push((
                    if path.len() > 1000 {
                        414
                    } else if path.ends_with("/abc") || path.ends_with("99999") {
                        400
                    } else {
                        404
                    },
                    o,
                ));
            } else if !(o.status == 200 || (400..500).contains(&o.status)) {
                // Pages and pictures: the app for a client route, else a plain 4xx.
                plain_wrong.push(format!("{} → {} {}", o.what, o.status, o.body));
            }
        }
        let upload = format!("{base}/api/v1/claims/evidence");
        for (q, body, what) in [
            ("", b"x".to_vec(), "no query"),
            ("?order_id=abc&key=k", b"x".to_vec(), "a bad order id"),
            (&format!("?order_id={foreign_order}&key=k")[..], jpeg(), "another shop's order"),
            (&format!("?order_id={foreign_order}&key={}", "k".repeat(5_000))[..], jpeg(), "a long key"),
            (&format!("?order_id={foreign_order}&key=k")[..], vec![0u8; 5 * 1024 * 1024], "5 MB"),
        ] {
            let o = send(
                owner.post(format!("{upload}{q}")).header("content-type", "image/jpeg").body(body),
                format!("upload {what}"),
            )
            .await;
            outcomes.push(o);
        }
        let cross = owner
            .post(format!("{upload}?order_id={foreign_order}&key=k"))
            .header("origin", "https://evil.example")
            .body(jpeg());
        strict.push((403, send(cross, "upload from another site".into()).await));

        let mut wrong = plain_wrong;
        for o in &outcomes {
            if !o.typed_refusal() && !(200..300).contains(&o.status) {
                wrong.push(format!("{} → {} {}", o.what, o.status, o.body));
            }
            if o.status >= 500 || o.status == 0 {
                wrong.push(format!("SERVER ERROR {} → {} {}", o.what, o.status, o.body));
            }
        }
        for (expected, o) in &strict {
            if o.status != *expected || !o.typed_refusal() {
                wrong.push(format!("{} → {} {} (expected a typed {expected})", o.what, o.status, o.body));
            }
        }
        wrong.dedup();
        let sent = outcomes.len() + strict.len();
        assert!(wrong.is_empty(), "{}: {} of {sent} answers are wrong:\n{}", db.backend, wrong.len(), wrong.join("\n"));
        let after = snapshot(&db).await;
        let changed: Vec<_> = before
            .iter()
            .zip(&after)
            .filter(|(b, a)| b != a)
            .map(|(b, a)| format!("{}: {} → {}", b.0, b.1, a.1))
            .collect();
        assert!(changed.is_empty(), "{}: refused requests changed the database:\n{}", db.backend, changed.join("\n"));
        eprintln!("{}: {sent} hostile requests, every one a typed refusal or a harmless read", db.backend);
    }
}

#[tokio::test]
async fn a_bad_order_key_or_an_oversized_cart_is_refused_with_its_own_reason() {
    use restock::error::Invalid;
    for db in backends("hostile_keys").await {
        let app = TestApp::spawn(&db, 300).await;
        let owner = app.signed_in(SHOP_A_OWNER).await;
        let place = |order: Order| {
            let owner = &owner;
            async move {
                let (status, answer) = owner.call("orders/place", order.body()).await;
                (status, serde_json::from_value::<AppError>(answer).unwrap())
            }
        };
        // Each line seen at 1 fen a case.
        let lines =
            |key: &str, ids: std::ops::RangeInclusive<i64>| ids.fold(Order::new(key), |o, id| o.line_seen(id, 1, 1));
        for key in [String::new(), "k".repeat(101), "new\nline".into(), "空格 key".into()] {
            assert_eq!(
                place(lines(&key, 20..=20)).await,
                (422, AppError::Invalid(Invalid::Key)),
                "{}: key {key:?}",
                db.backend
            );
        }
        assert_eq!(place(lines("k-201", 1..=201)).await, (422, AppError::Invalid(Invalid::TooMany)));
        // 30,000 distinct ids is over the body limit before anything is parsed.
        assert_eq!(place(lines("k-huge", 1..=30_000)).await, (413, AppError::TooLarge));
        assert_eq!(sql_i64(&db, "SELECT COUNT(*) FROM orders").await, 0, "{}", db.backend);
    }
}
