//! The server's API, started for real on a free port, against a fresh SQLite file and a fresh
//! PostgreSQL database per test.

mod common;

use common::*;
use serde_json::{json, Value};

const SHOP_OWNER: (&str, &str) = ("13800000001", "demo1234");

async fn sign_in(client: &reqwest::Client, base: &str, phone: &str, password: &str) -> reqwest::Response {
    client
        .post(format!("{base}/api/v1/account/sign-in"))
        .json(&json!({ "phone": phone, "password": password }))
        .send()
        .await
        .unwrap()
}

async fn list(client: &reqwest::Client, base: &str, q: &str, category: &str, flag: &str, offset: i64) -> reqwest::Response {
    list_with(client, base, &[("q", q), ("category", category), ("flag", flag), ("offset", &offset.to_string())]).await
}

/// The listing with any parameters; the rest take their neutral values.
async fn list_with(client: &reqwest::Client, base: &str, params: &[(&str, &str)]) -> reqwest::Response {
    let mut all: Vec<(&str, &str)> = vec![("q", ""), ("category", ""), ("flag", ""), ("brand", ""), ("in_stock", "false"), ("sort", "popular"), ("offset", "0")];
    for (k, v) in params {
        all.retain(|(a, _)| a != k);
        all.push((k, v));
    }
    client.get(format!("{base}/api/v1/catalogue/list")).query(&all).send().await.unwrap()
}

async fn page(client: &reqwest::Client, base: &str, params: &[(&str, &str)]) -> Value {
    let res = list_with(client, base, params).await;
    assert!(res.status().is_success(), "{}", res.status());
    res.json().await.unwrap()
}

async fn list_ok(client: &reqwest::Client, base: &str, q: &str, category: &str, flag: &str) -> Value {
    let res = list(client, base, q, category, flag, 0).await;
    assert!(res.status().is_success(), "{}", res.status());
    res.json().await.unwrap()
}

#[tokio::test]
async fn a_shop_owner_signs_in_with_an_http_only_cookie_and_the_server_knows_their_shop() {
    for db in backends("sign_in").await {
        let base = spawn_app(config(&db, 50)).await;
        let client = browser_like_client();
        let res = sign_in(&client, &base, "+86 138-0000-0001", SHOP_OWNER.1).await;
        assert_eq!(res.status(), 200, "{}", db.backend);
        let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
        assert!(cookie.starts_with("restock_session="), "{cookie}");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"), "{cookie}");
        let user: Value = res.json().await.unwrap();
        assert_eq!(user["role"], "ShopOwner");
        assert_eq!(user["shop"]["name"], "芳芳便利店");

        let me: Value = client.post(format!("{base}/api/v1/account/me")).json(&json!({})).send().await.unwrap().json().await.unwrap();
        assert_eq!(me["phone"], "13800000001", "{}", db.backend);
    }
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_number_are_refused_alike() {
    for db in backends("bad_login").await {
        let base = spawn_app(config(&db, 10)).await;
        let client = browser_like_client();
        for (phone, password) in [(SHOP_OWNER.0, "wrong"), ("13999999999", "demo1234")] {
            let res = sign_in(&client, &base, phone, password).await;
            assert!(res.headers().get("set-cookie").is_none());
            let body: Value = res.json().await.unwrap();
            assert_eq!(body, json!("BadCredentials"), "{} {phone}", db.backend);
        }
        let body: Value = sign_in(&client, &base, "12345", "x").await.json().await.unwrap();
        assert_eq!(body, json!({ "Invalid": "Phone" }));
        let body: Value = sign_in(&client, &base, SHOP_OWNER.0, "").await.json().await.unwrap();
        assert_eq!(body, json!({ "Invalid": "PasswordEmpty" }));
    }
}

#[tokio::test]
async fn the_catalogue_is_for_signed_in_users_only() {
    for db in backends("anon").await {
        let base = spawn_app(config(&db, 10)).await;
        let res = list(&reqwest::Client::new(), &base, "", "", "", 0).await;
        assert!(!res.status().is_success());
        assert_eq!(res.json::<Value>().await.unwrap(), json!("NotSignedIn"), "{}", db.backend);
        // A made-up cookie is no session either.
        let res = reqwest::Client::new()
            .get(format!("{base}/api/v1/catalogue/list?q=&category=&flag=&brand=&in_stock=false&sort=popular&offset=0"))
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
        let base = spawn_app(config(&db, 10)).await;
        let client = browser_like_client();
        let res = sign_in(&client, &base, SHOP_OWNER.0, SHOP_OWNER.1).await;
        let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap().split(';').next().unwrap().to_owned();
        client.post(format!("{base}/api/v1/account/sign-out")).json(&json!({})).send().await.unwrap();
        // Even someone who kept a copy of the old cookie is no longer signed in.
        let res = reqwest::Client::new()
            .get(format!("{base}/api/v1/catalogue/list?q=&category=&flag=&brand=&in_stock=false&sort=popular&offset=0"))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(res.json::<Value>().await.unwrap(), json!("NotSignedIn"), "{}", db.backend);
        let me: Value = client.post(format!("{base}/api/v1/account/me")).json(&json!({})).send().await.unwrap().json().await.unwrap();
        assert_eq!(me, Value::Null);
    }
}

#[tokio::test]
async fn the_demo_catalogue_has_2000_products_in_12_categories_and_is_seeded_once() {
    for db in backends("demo").await {
        let cfg = config(&db, 2000);
        let base = spawn_app(cfg.clone()).await;
        let client = browser_like_client();
        sign_in(&client, &base, SHOP_OWNER.0, SHOP_OWNER.1).await;
        let all = list_ok(&client, &base, "", "", "").await;
        assert_eq!(all["total"], 2000, "{}", db.backend);
        assert_eq!(all["items"].as_array().unwrap().len(), 40);
        for c in restock::catalogue::Category::ALL {
            let page = list_ok(&client, &base, "", c.code(), "").await;
            assert!(page["total"].as_i64().unwrap() >= 150, "{c:?}");
            assert!(page["items"].as_array().unwrap().iter().all(|p| p["category"] == json!(format!("{c:?}"))));
        }
        // A second start on the same database migrates nothing and seeds nothing more.
        let base2 = spawn_app(cfg).await;
        sign_in(&client, &base2, SHOP_OWNER.0, SHOP_OWNER.1).await;
        assert_eq!(list_ok(&client, &base2, "", "", "").await["total"], 2000);
    }
}

#[tokio::test]
async fn search_finds_products_by_pinyin_initials_english_brand_and_barcode_digits() {
    for db in backends("search").await {
        let base = spawn_app(config(&db, 2000)).await;
        let client = browser_like_client();
        sign_in(&client, &base, SHOP_OWNER.0, SHOP_OWNER.1).await;
        let names = |v: &Value| v["items"].as_array().unwrap().iter().map(|p| p["name_zh"].as_str().unwrap().to_owned()).collect::<Vec<_>>();

        let ksf = list_ok(&client, &base, "ksf", "", "").await;
        assert!(!names(&ksf).is_empty() && names(&ksf).iter().all(|n| n.contains("康师傅")), "{:?}", names(&ksf));
        let full = list_ok(&client, &base, "kangshifu", "", "").await;
        assert_eq!(full["total"], ksf["total"]);

        let coke = list_ok(&client, &base, "Coca-Cola", "", "").await;
        assert!(coke["total"].as_i64().unwrap() > 0 && names(&coke).iter().all(|n| n.contains("可口可乐")));

        let products = restock::demo::catalogue(2000, 42);
        let target = &products[1234];
        let code = target.unit_barcode.as_str();
        let by_code = list_ok(&client, &base, code, "", "").await;
        assert_eq!(by_code["total"], 1);
        assert_eq!(by_code["items"][0]["id"], target.id);
        let tail = &code[code.len() - 6..];
        let by_tail = list_ok(&client, &base, tail, "", "").await;
        assert!(by_tail["items"].as_array().unwrap().iter().any(|p| p["id"] == target.id), "{}", db.backend);

        let nothing = list_ok(&client, &base, "完全不存在的商品", "", "").await;
        assert_eq!(nothing["total"], 0);
        // Wildcards typed by a user are text, not patterns: "%" finds the 42% spirits only.
        let percent = list_ok(&client, &base, "%", "", "").await;
        let items = percent["items"].as_array().unwrap();
        assert!(!items.is_empty() && items.iter().all(|p| p["name_en"].as_str().unwrap().contains('%')), "{percent}");
    }
}

#[tokio::test]
async fn flags_filter_the_catalogue() {
    for db in backends("flags").await {
        let base = spawn_app(config(&db, 600)).await;
        let client = browser_like_client();
        sign_in(&client, &base, SHOP_OWNER.0, SHOP_OWNER.1).await;
        let expected = restock::demo::catalogue(600, 42).iter().filter(|p| p.is_new).count() as i64;
        let new = list_ok(&client, &base, "", "", "new").await;
        assert_eq!(new["total"], expected, "{}", db.backend);
        assert!(new["items"].as_array().unwrap().iter().all(|p| p["flags"].as_array().unwrap().contains(&json!("New"))));
        let own = list_ok(&client, &base, "", "", "own_brand").await;
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
    let base = spawn_app(cfg).await;
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
    let base = spawn_app(config(db, 20)).await;
    let res = reqwest::get(format!("{base}/img/p/7.svg")).await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/svg+xml; charset=utf-8");
    assert!(res.text().await.unwrap().starts_with("<svg"));
    assert_eq!(reqwest::get(format!("{base}/img/p/999999.svg")).await.unwrap().status(), 404);
    assert_eq!(reqwest::get(format!("{base}/img/p/x.svg")).await.unwrap().status(), 404);
}

#[tokio::test]
async fn an_exact_barcode_comes_first_then_names_that_start_with_the_query() {
    for db in backends("rank").await {
        let base = spawn_app(config(&db, 2000)).await;
        let client = browser_like_client();
        sign_in(&client, &base, SHOP_OWNER.0, SHOP_OWNER.1).await;
        let products = restock::demo::catalogue(2000, 42);
        // The unit code of one product is also the tail of nothing else; its case code ends with
        // the same 13 digits but is another product's? No: case codes are 1 + the same body, so a
        // search for the unit code finds the product by its exact code first.
        let target = &products[77];
        let by_code = page(&client, &base, &[("q", target.unit_barcode.as_str())]).await;
        assert_eq!(by_code["items"][0]["id"], target.id, "{}", db.backend);
        // 康师傅 products whose name starts with the brand come before others mentioning it.
        let ksf = page(&client, &base, &[("q", "康师傅")]).await;
        assert!(ksf["items"][0]["name_zh"].as_str().unwrap().starts_with("康师傅"));
        // Several words: all must match.
        let two = page(&client, &base, &[("q", "coca-cola 330")]).await;
        let names: Vec<&str> = two["items"].as_array().unwrap().iter().map(|p| p["name_en"].as_str().unwrap()).collect();
        assert!(!names.is_empty() && names.iter().all(|n| n.contains("Coca-Cola") && n.contains("330")), "{names:?}");
    }
}

#[tokio::test]
async fn listings_sort_by_price_and_filter_by_stock_brand_and_promotion() {
    for db in backends("sort").await {
        let base = spawn_app(config(&db, 600)).await;
        let client = browser_like_client();
        sign_in(&client, &base, SHOP_OWNER.0, SHOP_OWNER.1).await;
        for q in ["", "水"] {
            let asc = page(&client, &base, &[("q", q), ("sort", "price_asc")]).await;
            let prices: Vec<i64> = asc["items"].as_array().unwrap().iter().map(|p| p["case_price"].as_i64().unwrap()).collect();
            assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{q:?} {prices:?}");
            let desc = page(&client, &base, &[("q", q), ("sort", "price_desc")]).await;
            let prices: Vec<i64> = desc["items"].as_array().unwrap().iter().map(|p| p["case_price"].as_i64().unwrap()).collect();
            assert!(prices.windows(2).all(|w| w[0] >= w[1]), "{q:?} {prices:?}");
            let stocked = page(&client, &base, &[("q", q), ("in_stock", "true")]).await;
            assert!(stocked["items"].as_array().unwrap().iter().all(|p| p["stock_cases"].as_i64().unwrap() > 0));
        }
        let all = page(&client, &base, &[]).await["total"].as_i64().unwrap();
        let stocked = page(&client, &base, &[("in_stock", "true")]).await["total"].as_i64().unwrap();
        let expected_out = restock::demo::catalogue(600, 42).iter().filter(|p| p.stock_cases == 0).count() as i64;
        assert_eq!(all - stocked, expected_out, "{}", db.backend);
        let brand = page(&client, &base, &[("brand", "农夫山泉")]).await;
        assert!(brand["total"].as_i64().unwrap() > 0 && brand["items"].as_array().unwrap().iter().all(|p| p["brand_zh"] == "农夫山泉"));
        let promo = page(&client, &base, &[("flag", "promotion")]).await;
        let items = promo["items"].as_array().unwrap();
        assert!(!items.is_empty() && items.iter().all(|p| p["promo"]["title_zh"].is_string()), "{promo}");
    }
}
