//! The server's API, started for real on a free port, against a fresh SQLite file and a fresh
//! PostgreSQL database per test.

mod common;

use common::*;
use serde_json::{json, Value};

const SHOP_OWNER: (&str, &str) = ("13800000001", "demo1234");

/// The listing with any parameters; the rest take their neutral values.
async fn list_with(client: &Api, params: &[(&str, &str)]) -> (u16, Value) {
    let mut all: Vec<(&str, &str)> = vec![
        ("q", ""),
        ("category", ""),
        ("flag", ""),
        ("brand", ""),
        ("in_stock", "false"),
        ("sort", "popular"),
        ("offset", "0"),
    ];
    for (k, v) in params {
        all.retain(|(a, _)| a != k);
        all.push((k, v));
    }
    client.get("catalogue/list", &all).await
}

async fn page(client: &Api, params: &[(&str, &str)]) -> Value {
    let (status, page) = list_with(client, params).await;
    assert!((200..300).contains(&status), "{status} {page}");
    page
}

async fn list_ok(client: &Api, q: &str, category: &str, flag: &str) -> Value {
    page(client, &[("q", q), ("category", category), ("flag", flag)]).await
}

#[tokio::test]
async fn a_shop_owner_signs_in_with_an_http_only_cookie_and_the_server_knows_their_shop() {
    for db in backends("sign_in").await {
        let app = TestApp::spawn(&db, 50).await;
        let client = app.anonymous();
        let res = client.sign_in("+86 138-0000-0001", SHOP_OWNER.1).await;
        assert_eq!(res.status(), 200, "{}", db.backend);
        let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
        assert!(cookie.starts_with("restock_session="), "{cookie}");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
            "{cookie}"
        );
        let user: Value = res.json().await.unwrap();
        assert_eq!(user["role"], "ShopOwner");
        assert_eq!(user["shop"]["name"], "芳芳便利店");

        let me = client.post("account/me", json!({})).await;
        assert_eq!(me["phone"], "13800000001", "{}", db.backend);
    }
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_number_are_refused_alike() {
    for db in backends("bad_login").await {
        let client = TestApp::spawn(&db, 10).await.anonymous();
        for (phone, password) in [(SHOP_OWNER.0, "wrong"), ("13999999999", "demo1234")] {
            let res = client.sign_in(phone, password).await;
            assert!(res.headers().get("set-cookie").is_none());
            let body: Value = res.json().await.unwrap();
            assert_eq!(body, json!("BadCredentials"), "{} {phone}", db.backend);
        }
        let body: Value = client.sign_in("12345", "x").await.json().await.unwrap();
        assert_eq!(body, json!({ "Invalid": "Phone" }));
        let body: Value = client.sign_in(SHOP_OWNER.0, "").await.json().await.unwrap();
        assert_eq!(body, json!({ "Invalid": "PasswordEmpty" }));
    }
}

#[tokio::test]
async fn the_catalogue_is_for_signed_in_users_only() {
    for db in backends("anon").await {
        let app = TestApp::spawn(&db, 10).await;
        let (status, answer) = list_with(&app.anonymous(), &[]).await;
        assert!(!(200..300).contains(&status));
        assert_eq!(answer, json!("NotSignedIn"), "{}", db.backend);
        // A made-up cookie is no session either.
        let res = reqwest::Client::new()
            .get(format!(
                "{}/api/v1/catalogue/list?q=&category=&flag=&brand=&in_stock=false&sort=popular&offset=0",
                app.base
            ))
            .header("cookie", "restock_session=forged")
            .send()
            .await
            .unwrap();
        assert_eq!(res.json::<Value>().await.unwrap(), json!("NotSignedIn"));
    }
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    for db in backends("sign_out").await {
        let app = TestApp::spawn(&db, 10).await;
        let client = app.anonymous();
        let res = client.sign_in(SHOP_OWNER.0, SHOP_OWNER.1).await;
        let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap().split(';').next().unwrap().to_owned();
        client.call("account/sign-out", json!({})).await;
        // Even someone who kept a copy of the old cookie is no longer signed in.
        let res = reqwest::Client::new()
            .get(format!(
                "{}/api/v1/catalogue/list?q=&category=&flag=&brand=&in_stock=false&sort=popular&offset=0",
                app.base
            ))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(res.json::<Value>().await.unwrap(), json!("NotSignedIn"), "{}", db.backend);
        assert_eq!(client.call("account/me", json!({})).await, (200, Value::Null));
    }
}

#[tokio::test]
async fn the_demo_catalogue_has_2000_products_in_12_categories_and_is_seeded_once() {
    for db in backends("demo").await {
        let cfg = config(&db, 2000);
        let client = TestApp::spawn_with(&db, cfg.clone()).await.signed_in(SHOP_A_OWNER).await;
        let all = list_ok(&client, "", "", "").await;
        assert_eq!(all["total"], 2000, "{}", db.backend);
        assert_eq!(all["items"].as_array().unwrap().len(), 40);
        for c in restock::catalogue::Category::ALL {
            let page = list_ok(&client, "", c.code(), "").await;
            assert!(page["total"].as_id().unwrap() >= 150, "{c:?}");
            assert!(page["items"].as_array().unwrap().iter().all(|p| p["category"] == json!(format!("{c:?}"))));
        }
        // A second start on the same database migrates nothing and seeds nothing more.
        let again = TestApp::spawn_with(&db, cfg).await.signed_in(SHOP_A_OWNER).await;
        assert_eq!(list_ok(&again, "", "", "").await["total"], 2000);
    }
}

#[tokio::test]
async fn search_finds_products_by_pinyin_initials_english_brand_and_barcode_digits() {
    for db in backends("search").await {
        let client = TestApp::spawn(&db, 2000).await.signed_in(SHOP_A_OWNER).await;
        let names = |v: &Value| {
            v["items"].as_array().unwrap().iter().map(|p| p["name_zh"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
        };

        let ksf = list_ok(&client, "ksf", "", "").await;
        assert!(!names(&ksf).is_empty() && names(&ksf).iter().all(|n| n.contains("康师傅")), "{:?}", names(&ksf));
        let full = list_ok(&client, "kangshifu", "", "").await;
        assert_eq!(full["total"], ksf["total"]);

        let coke = list_ok(&client, "Coca-Cola", "", "").await;
        assert!(coke["total"].as_id().unwrap() > 0 && names(&coke).iter().all(|n| n.contains("可口可乐")));

        let products = restock::demo::catalogue(2000, 42);
        let target = &products[1234];
        let code = target.unit_barcode.as_str();
        let by_code = list_ok(&client, code, "", "").await;
        assert_eq!(by_code["total"], 1);
        assert_eq!(by_code["items"][0]["id"], target.id);
        let tail = &code[code.len() - 6..];
        let by_tail = list_ok(&client, tail, "", "").await;
        assert!(by_tail["items"].as_array().unwrap().iter().any(|p| p["id"] == target.id), "{}", db.backend);

        let nothing = list_ok(&client, "完全不存在的商品", "", "").await;
        assert_eq!(nothing["total"], 0);
        // Wildcards typed by a user are text, not patterns: "%" finds the 42% spirits only.
        let percent = list_ok(&client, "%", "", "").await;
        let items = percent["items"].as_array().unwrap();
        assert!(!items.is_empty() && items.iter().all(|p| p["name_en"].as_str().unwrap().contains('%')), "{percent}");
    }
}

#[tokio::test]
async fn flags_filter_the_catalogue() {
    for db in backends("flags").await {
        let client = TestApp::spawn(&db, 600).await.signed_in(SHOP_A_OWNER).await;
        let expected = restock::demo::catalogue(600, 42).iter().filter(|p| p.is_new).count() as i64;
        let new = list_ok(&client, "", "", "new").await;
        assert_eq!(new["total"], expected, "{}", db.backend);
        assert!(new["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["flags"].as_array().unwrap().contains(&json!("New"))));
        let own = list_ok(&client, "", "", "own_brand").await;
        assert!(own["items"].as_array().unwrap().iter().all(|p| p["brand_zh"] == "惠选"));
    }
}

#[tokio::test]
async fn the_app_is_served_for_every_client_route_with_security_and_cache_headers() {
    let db = &backends("static").await[0];
    let cfg = config(db, 10);
    std::fs::write(
        cfg.dist.join("index.html"),
        "<html><head><script type=\"module\">import init from '/restock-app-0123456789abcdef.js';</script></head></html>",
    )
    .unwrap();
    std::fs::write(cfg.dist.join("restock-app-0123456789abcdef.js"), "export default 1;").unwrap();
    std::fs::write(cfg.dist.join("sw.js"), "// sw").unwrap();
    let base = TestApp::spawn_with(db, cfg).await.base;
    let client = reqwest::Client::new();

    for path in ["/", "/catalogue", "/orders/123"] {
        let res = client.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        let csp = res.headers()["content-security-policy"].to_str().unwrap().to_owned();
        let script_src = csp.split(';').find(|d| d.trim().starts_with("script-src")).unwrap();
        assert!(script_src.contains("'sha256-") && !script_src.contains("unsafe-inline"), "{csp}");
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
        assert_eq!(res.headers()["cache-control"], "no-cache");
        assert!(res.text().await.unwrap().contains("import init"));
    }
    let js = client.get(format!("{base}/restock-app-0123456789abcdef.js")).send().await.unwrap();
    assert_eq!(js.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(client.get(format!("{base}/sw.js")).send().await.unwrap().headers()["cache-control"], "no-cache");
    assert_eq!(client.get(format!("{base}/missing-0123456789abcdef.wasm")).send().await.unwrap().status(), 404);

    // Compression for clients that ask for it.
    let res = client.get(format!("{base}/")).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(res.headers().get("content-encoding").map(|v| v.to_str().unwrap()), Some("gzip"));
}

#[tokio::test]
async fn every_product_has_a_generated_packshot() {
    let db = &backends("packshot").await[0];
    let base = TestApp::spawn(db, 20).await.base;
    let res = reqwest::get(format!("{base}/img/p/7.svg")).await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/svg+xml; charset=utf-8");
    assert!(res.text().await.unwrap().starts_with("<svg"));
    assert_eq!(reqwest::get(format!("{base}/img/p/999999.svg")).await.unwrap().status(), 404);
    assert_eq!(reqwest::get(format!("{base}/img/p/x.svg")).await.unwrap().status(), 404);
}

/// The app draws a card's packshot in the page from the card alone (`catalogue::views::packshot`):
/// it is the same picture the server draws at `/img/p/{id}.svg`.
#[tokio::test]
async fn a_card_carries_what_its_packshot_is_drawn_from() {
    for db in backends("packshot_card").await {
        let app = TestApp::spawn(&db, 20).await;
        let client = app.signed_in(SHOP_A_OWNER).await;
        let items = page(&client, &[]).await["items"].clone();
        let cards: Vec<restock::catalogue::ProductCard> = serde_json::from_value(items).unwrap();
        assert!(!cards.is_empty());
        for card in &cards {
            assert!(!card.spec.is_empty(), "{}: card {} has no spec", db.backend, card.id);
            let drawn = restock::catalogue::packshot::svg(card);
            let served = reqwest::get(format!("{}/img/p/{}.svg", app.base, card.id)).await.unwrap();
            assert_eq!(served.text().await.unwrap(), drawn, "{}: card {}", db.backend, card.id);
        }
    }
}

#[tokio::test]
async fn an_exact_barcode_comes_first_then_names_that_start_with_the_query() {
    for db in backends("rank").await {
        let client = TestApp::spawn(&db, 2000).await.signed_in(SHOP_A_OWNER).await;
        let products = restock::demo::catalogue(2000, 42);
        // The unit code of one product is also the tail of nothing else; its case code ends with
        // the same 13 digits but is another product's? No: case codes are 1 + the same body, so a
        // search for the unit code finds the product by its exact code first.
        let target = &products[77];
        let by_code = page(&client, &[("q", target.unit_barcode.as_str())]).await;
        assert_eq!(by_code["items"][0]["id"], target.id, "{}", db.backend);
        // 康师傅 products whose name starts with the brand come before others mentioning it.
        let ksf = page(&client, &[("q", "康师傅")]).await;
        assert!(ksf["items"][0]["name_zh"].as_str().unwrap().starts_with("康师傅"));
        // Several words: all must match.
        let two = page(&client, &[("q", "coca-cola 330")]).await;
        let names: Vec<&str> =
            two["items"].as_array().unwrap().iter().map(|p| p["name_en"].as_str().unwrap()).collect();
        assert!(!names.is_empty() && names.iter().all(|n| n.contains("Coca-Cola") && n.contains("330")), "{names:?}");
    }
}

#[tokio::test]
async fn listings_sort_by_price_and_filter_by_stock_brand_and_promotion() {
    for db in backends("sort").await {
        let client = TestApp::spawn(&db, 600).await.signed_in(SHOP_A_OWNER).await;
        for q in ["", "水"] {
            let asc = page(&client, &[("q", q), ("sort", "price_asc")]).await;
            let prices: Vec<i64> =
                asc["items"].as_array().unwrap().iter().map(|p| p["case_price"].as_id().unwrap()).collect();
            assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{q:?} {prices:?}");
            let desc = page(&client, &[("q", q), ("sort", "price_desc")]).await;
            let prices: Vec<i64> =
                desc["items"].as_array().unwrap().iter().map(|p| p["case_price"].as_id().unwrap()).collect();
            assert!(prices.windows(2).all(|w| w[0] >= w[1]), "{q:?} {prices:?}");
            let stocked = page(&client, &[("q", q), ("in_stock", "true")]).await;
            assert!(stocked["items"].as_array().unwrap().iter().all(|p| p["stock_cases"].as_id().unwrap() > 0));
        }
        let all = page(&client, &[]).await["total"].as_id().unwrap();
        let stocked = page(&client, &[("in_stock", "true")]).await["total"].as_id().unwrap();
        let expected_out = restock::demo::catalogue(600, 42).iter().filter(|p| p.stock_cases == 0).count() as i64;
        assert_eq!(all - stocked, expected_out, "{}", db.backend);
        let brand = page(&client, &[("brand", "农夫山泉")]).await;
        assert!(
            brand["total"].as_id().unwrap() > 0
                && brand["items"].as_array().unwrap().iter().all(|p| p["brand_zh"] == "农夫山泉")
        );
        let promo = page(&client, &[("flag", "promotion")]).await;
        let items = promo["items"].as_array().unwrap();
        assert!(!items.is_empty() && items.iter().all(|p| p["promo"]["title_zh"].is_string()), "{promo}");
    }
}

/// Failed sign-ins of one phone number answered with 429 once past the limit, before any password
/// is checked: even the right password is refused while the limit holds.
#[tokio::test]
async fn wrong_passwords_for_one_number_are_limited_with_429() {
    for db in backends("limit_phone").await {
        let mut c = config(&db, 10);
        c.sign_in_max_per_phone = 5;
        let client = TestApp::spawn_with(&db, c).await.anonymous();
        for i in 0..5 {
            assert_eq!(client.sign_in(SHOP_OWNER.0, "wrong").await.status(), 401, "{} attempt {i}", db.backend);
        }
        let res = client.sign_in(SHOP_OWNER.0, "wrong").await;
        assert_eq!(res.status(), 429, "{}", db.backend);
        assert_eq!(res.json::<Value>().await.unwrap(), json!("TooManyAttempts"));
        assert_eq!(client.sign_in(SHOP_OWNER.0, SHOP_OWNER.1).await.status(), 429);
        // Other numbers are not affected.
        assert_eq!(client.sign_in(SHOP_B_OWNER, "demo1234").await.status(), 200);
        // Once the window has passed (the counters moved back in time), the owner signs in.
        sql(&db, "UPDATE sign_in_failures SET minute = minute - 16").await;
        assert_eq!(client.sign_in(SHOP_OWNER.0, SHOP_OWNER.1).await.status(), 200, "{}", db.backend);
    }
}

/// Many numbers tried from one address hit the address's limit; a right password resets the
/// number's count, not the address's.
#[tokio::test]
async fn wrong_passwords_from_one_address_are_limited_across_numbers() {
    for db in backends("limit_addr").await {
        let mut c = config(&db, 10);
        c.sign_in_max_per_address = 6;
        let client = TestApp::spawn_with(&db, c).await.anonymous();
        for i in 0..6 {
            let phone = format!("1390000{:04}", 100 + i);
            assert_eq!(client.sign_in(&phone, "guess").await.status(), 401, "{} {phone}", db.backend);
        }
        assert_eq!(client.sign_in("13900009999", "guess").await.status(), 429, "{}", db.backend);
        assert_eq!(client.sign_in(SHOP_OWNER.0, SHOP_OWNER.1).await.status(), 429);
        // X-Forwarded-For is anyone's to write: without --trust-proxy it changes nothing.
        let res = client
            .http
            .post(client.url("/api/v1/account/sign-in"))
            .header("x-forwarded-for", "203.0.113.9")
            .json(&json!({ "phone": SHOP_OWNER.0, "password": SHOP_OWNER.1 }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 429);
    }
}

/// Behind a trusted proxy the client is the address it appended; each client has its own count.
#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_is_counted_on_its_own() {
    for db in backends("limit_proxy").await {
        let mut c = config(&db, 10);
        c.sign_in_max_per_address = 3;
        c.trust_proxy = true;
        let client = TestApp::spawn_with(&db, c).await.anonymous();
        let attempt = |forwarded: &'static str, phone: String| {
            let client = client.clone();
            async move {
                client
                    .http
                    .post(client.url("/api/v1/account/sign-in"))
                    .header("x-forwarded-for", forwarded)
                    .json(&json!({ "phone": phone, "password": "guess" }))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }
        };
        for i in 0..3 {
            assert_eq!(attempt("198.51.100.1, 203.0.113.1", format!("1390000{:04}", 200 + i)).await, 401);
        }
        // The same proxied client, whatever it writes in front: limited.
        assert_eq!(attempt("6.6.6.6, 203.0.113.1", "13900000300".into()).await, 429, "{}", db.backend);
        // Another client through the same proxy: its own count.
        assert_eq!(attempt("203.0.113.2", "13900000301".into()).await, 401, "{}", db.backend);
    }
}

/// The counts live in the database: attempts spread over two server instances add up.
#[tokio::test]
async fn sign_in_failures_are_counted_across_server_instances() {
    for db in backends("limit_two").await {
        let mut c = config(&db, 10);
        c.sign_in_max_per_phone = 4;
        let first = TestApp::spawn_with(&db, c.clone()).await;
        let mut c2 = c.clone();
        c2.demo_products = 0;
        let second = TestApp::spawn_with(&db, c2).await;
        // One client, speaking to either instance.
        let client = browser_like_client();
        let (first, second) = (first.client(client.clone()), second.client(client));
        for api in [&first, &second, &first, &second] {
            assert_eq!(api.sign_in(SHOP_OWNER.0, "wrong").await.status(), 401);
        }
        assert_eq!(second.sign_in(SHOP_OWNER.0, SHOP_OWNER.1).await.status(), 429, "{}", db.backend);
        assert_eq!(first.sign_in(SHOP_OWNER.0, SHOP_OWNER.1).await.status(), 429, "{}", db.backend);
    }
}

/// Concurrent wrong guesses cannot together get past the limit.
#[tokio::test]
async fn concurrent_wrong_passwords_get_no_more_tries_than_the_limit() {
    for db in backends("limit_race").await {
        let mut c = config(&db, 10);
        c.sign_in_max_per_phone = 5;
        let client = TestApp::spawn_with(&db, c).await.anonymous();
        let tries = (0..20).map(|_| {
            let client = client.clone();
            async move { client.sign_in(SHOP_OWNER.0, "wrong").await.status().as_u16() }
        });
        let statuses: Vec<u16> = join_all(tries).await;
        let checked = statuses.iter().filter(|s| **s == 401).count();
        assert!(checked <= 5, "{}: {checked} passwords checked: {statuses:?}", db.backend);
        assert!(statuses.iter().all(|s| *s == 401 || *s == 429), "{statuses:?}");
    }
}

/// A session unused for 14 days has ended, although its 30 days have not.
#[tokio::test]
async fn a_session_unused_for_two_weeks_has_ended() {
    for db in backends("idle").await {
        let client = TestApp::spawn(&db, 10).await.anonymous();
        assert_eq!(client.sign_in(SHOP_OWNER.0, SHOP_OWNER.1).await.status(), 200);
        let me = || client.call("account/me", json!({}));
        let day = 86_400_000i64;
        sql(&db, &format!("UPDATE sessions SET last_seen_ms = last_seen_ms - {}", 13 * day)).await;
        assert_eq!(me().await.1["phone"], "13800000001", "{}", db.backend);
        // Using it moved last-seen on: another 13 days later it is still alive.
        sql(&db, &format!("UPDATE sessions SET last_seen_ms = last_seen_ms - {}", 13 * day)).await;
        assert_eq!(me().await.1["phone"], "13800000001", "{}", db.backend);
        sql(&db, &format!("UPDATE sessions SET last_seen_ms = last_seen_ms - {}", 15 * day)).await;
        assert_eq!(me().await, (200, Value::Null), "{}", db.backend);
    }
}

/// Last-seen is written when it is minutes old, not on every request.
#[tokio::test]
async fn last_seen_is_written_at_most_every_few_minutes() {
    for db in backends("touch").await {
        let client = TestApp::spawn(&db, 10).await.anonymous();
        assert_eq!(client.sign_in(SHOP_OWNER.0, SHOP_OWNER.1).await.status(), 200);
        let me = || client.call("account/me", json!({}));
        sql(&db, "UPDATE sessions SET last_seen_ms = last_seen_ms - 60000").await;
        let before = sql_i64(&db, "SELECT last_seen_ms FROM sessions").await;
        me().await;
        assert_eq!(
            sql_i64(&db, "SELECT last_seen_ms FROM sessions").await,
            before,
            "{}: written a minute after",
            db.backend
        );
        sql(&db, "UPDATE sessions SET last_seen_ms = last_seen_ms - 600000").await;
        let stale = sql_i64(&db, "SELECT last_seen_ms FROM sessions").await;
        me().await;
        let after = sql_i64(&db, "SELECT last_seen_ms FROM sessions").await;
        assert!(
            after >= restock::server::db::now_ms() - 60_000 && after > stale,
            "{}: not moved on after 11 minutes",
            db.backend
        );
    }
}

/// The account lists its devices (this one marked, by its user agent) and can sign the others
/// out; this device stays signed in.
#[tokio::test]
async fn the_account_lists_its_devices_and_signs_the_others_out() {
    for db in backends("devices").await {
        let app = TestApp::spawn(&db, 10).await;
        let phone = app.client(
            reqwest::Client::builder()
            .cookie_store(true)
            .user_agent("Mozilla/5.0 (Linux; Android 13; M2101K9C) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36 MicroMessenger/8.0.40")
            .build()
            .unwrap(),
        );
        let tablet = app.client(
            reqwest::Client::builder()
                .cookie_store(true)
                .user_agent(
                    "Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Version/17.1 Safari/604.1",
                )
                .build()
                .unwrap(),
        );
        let someone_else = app.signed_in(SHOP_B_OWNER).await;
        assert_eq!(phone.sign_in(SHOP_OWNER.0, SHOP_OWNER.1).await.status(), 200);
        assert_eq!(tablet.sign_in(SHOP_OWNER.0, SHOP_OWNER.1).await.status(), 200);
        let list = phone.post("account/sessions", json!({})).await;
        let list = list.as_array().unwrap_or_else(|| panic!("{list}"));
        assert_eq!(list.len(), 2, "{} {list:?}", db.backend);
        let mine: Vec<_> = list.iter().filter(|s| s["current"] == true).collect();
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0]["device"], "WeChat · Android");
        assert!(list.iter().any(|s| s["device"] == "Safari · iOS" && s["current"] == false), "{list:?}");
        assert!(list.iter().all(|s| s["created_ms"].as_id().unwrap() <= s["last_seen_ms"].as_id().unwrap()));

        assert_eq!(phone.post("account/sign-out-others", json!({})).await, json!(1), "{}", db.backend);
        assert_eq!(tablet.call("account/me", json!({})).await, (200, Value::Null));
        assert_eq!(phone.post("account/me", json!({})).await["phone"], "13800000001");
        // Another account's sessions are untouched.
        assert_eq!(someone_else.post("account/me", json!({})).await["phone"], SHOP_B_OWNER);
        assert_eq!(tablet.call("account/sessions", json!({})).await.0, 401);
    }
}

/// With secure cookies the cookie is `__Host-` prefixed, and only that name is read.
#[tokio::test]
async fn with_secure_cookies_the_session_cookie_has_the_host_prefix() {
    for db in backends("host_prefix").await {
        let mut c = config(&db, 10);
        c.secure_cookies = true;
        let app = TestApp::spawn_with(&db, c).await;
        // Plain HTTP in the test: the cookie jar would keep a Secure cookie back, so by hand.
        let client = app.client(reqwest::Client::new());
        let res = client.sign_in(SHOP_OWNER.0, SHOP_OWNER.1).await;
        let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
        assert!(cookie.starts_with("__Host-restock_session="), "{cookie}");
        assert!(cookie.contains("; Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"), "{cookie}");
        let token = cookie.split(';').next().unwrap().split_once('=').unwrap().1.to_owned();
        let me = |cookie: String| {
            client.http.post(client.url("/api/v1/account/me")).header("cookie", cookie).json(&json!({})).send()
        };
        assert_eq!(
            me(format!("__Host-restock_session={token}")).await.unwrap().json::<Value>().await.unwrap()["phone"],
            "13800000001"
        );
        assert_eq!(
            me(format!("restock_session={token}")).await.unwrap().json::<Value>().await.unwrap(),
            Value::Null,
            "{}",
            db.backend
        );
    }
}

/// SQLite commits are synced (`synchronous = FULL`): an acknowledged order survives power loss;
/// temporary tables and sorts never touch the disk.
#[tokio::test]
async fn sqlite_syncs_every_commit() {
    let dir = scratch_dir("sync");
    let pool = restock::server::db::connect(&format!("sqlite://{}/s.db", dir.display()), 2).await.unwrap();
    use sqlx::Row;
    let sync: i64 = sqlx::query("PRAGMA synchronous").fetch_one(&pool).await.unwrap().try_get(0).unwrap();
    assert_eq!(sync, 2, "2 is FULL, 1 NORMAL");
    // Sorts and groupings stay in memory on every connection, reader and writer: a temporary
    // file's writes made the next commit's fsync wait on ext4 (BENCHMARKS: insights beside checkout).
    let temp: i64 = sqlx::query("PRAGMA temp_store").fetch_one(&pool).await.unwrap().try_get(0).unwrap();
    assert_eq!(temp, 2, "2 is MEMORY");
    let mut tx = pool.write().await.unwrap();
    let temp: i64 = sqlx::query("PRAGMA temp_store").fetch_one(&mut *tx).await.unwrap().try_get(0).unwrap();
    assert_eq!(temp, 2, "the writer's too");
}

/// The housekeeping sweep deletes sessions that ended and sign-in counters past any window.
#[tokio::test]
async fn housekeeping_deletes_ended_sessions_and_old_counters() {
    for db in backends("housekeeping").await {
        let app = TestApp::spawn(&db, 10).await;
        let dir = app.evidence_dir.clone();
        let client = app.anonymous();
        assert_eq!(client.sign_in(SHOP_OWNER.0, SHOP_OWNER.1).await.status(), 200);
        assert_eq!(client.sign_in(SHOP_B_OWNER, "wrong").await.status(), 401);
        let pool = restock::server::db::connect(&db.url, 2).await.unwrap();
        restock::root::housekeeping(&pool, &dir, restock::server::db::now_ms()).await.unwrap();
        assert_eq!(sql_i64(&db, "SELECT COUNT(*) FROM sessions").await, 1);
        assert_eq!(sql_i64(&db, "SELECT COUNT(*) FROM sign_in_failures WHERE bucket LIKE 'phone:%'").await, 1);
        let later = restock::server::db::now_ms() + 15 * 86_400_000;
        restock::root::housekeeping(&pool, &dir, later).await.unwrap();
        assert_eq!(sql_i64(&db, "SELECT COUNT(*) FROM sessions").await, 0, "{}", db.backend);
        assert_eq!(sql_i64(&db, "SELECT COUNT(*) FROM sign_in_failures").await, 0, "{}", db.backend);
    }
}
