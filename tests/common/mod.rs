//! Helpers shared by the native test suites: a fresh database per test (SQLite, and PostgreSQL when
//! `TEST_POSTGRES_URL` is set), and the real server started on a free port.
#![allow(dead_code)]

use restock::server::config::Config;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

/// A database a test may use: a new SQLite file, or a new PostgreSQL database.
#[derive(Clone, Debug)]
pub struct TestDb {
    pub url: String,
    pub backend: &'static str,
}

fn unique(prefix: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed),
        restock::server::db::new_id() & 0xffff
    )
}

pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join("restock-tests").join(unique(name));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every backend the tests must pass on. The test command always sets `TEST_POSTGRES_URL`; with
/// `REQUIRE_POSTGRES=1` (set by ./test) a missing one is a failure, never a silent skip.
pub async fn backends(name: &str) -> Vec<TestDb> {
    let mut out =
        vec![TestDb { url: format!("sqlite://{}/restock.db", scratch_dir(name).display()), backend: "sqlite" }];
    match std::env::var("TEST_POSTGRES_URL") {
        Ok(admin) => {
            let db = unique(&format!("t_{name}")).to_lowercase();
            sqlx::any::install_default_drivers();
            let mut conn =
                <sqlx::AnyConnection as sqlx::Connection>::connect(&admin).await.expect("connect to TEST_POSTGRES_URL");
            sqlx::query(&format!("CREATE DATABASE {db}")).execute(&mut conn).await.unwrap();
            let base = admin.rsplit_once('/').unwrap().0;
            out.push(TestDb { url: format!("{base}/{db}"), backend: "postgres" });
        }
        Err(_) if std::env::var("REQUIRE_POSTGRES").as_deref() == Ok("1") => {
            panic!("REQUIRE_POSTGRES=1 but TEST_POSTGRES_URL is not set")
        }
        Err(_) => {}
    }
    out
}

pub fn config(db: &TestDb, demo_products: usize) -> Config {
    let mut c = Config::defaults();
    c.database_url = db.url.clone();
    c.demo_products = demo_products;
    // No order history: the suites arrange the orders they test (the e2e tests of the demo turn it on).
    c.demo_history_shops = 0;
    c.listen = "127.0.0.1:0".parse().unwrap();
    c.dist = scratch_dir("dist");
    c.evidence_dir = scratch_dir("evidence");
    // Tests sweep for late orders themselves, when they choose.
    c.late_sweep_seconds = 0;
    // And housekeeping (expired sessions, stray photos).
    c.housekeeping_seconds = 0;
    // Brand insights computed at every ask: the suites change orders between asks and count by
    // hand (tests/brands.rs turns the keeping on to test it).
    c.insight_cache_seconds = 0;
    c
}

/// The real router on a free port, in this process. Returns its base URL.
pub async fn spawn_app(config: Config) -> String {
    let listener = tokio::net::TcpListener::bind(config.listen).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = restock::root::build(config).await.expect("server starts");
    tokio::spawn(async move { axum_serve(listener, app).await });
    format!("http://{addr}")
}

async fn axum_serve(listener: tokio::net::TcpListener, app: axum::Router) {
    // As `root::run` serves: with the peer's address in each request.
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await.unwrap();
}

/// A client that keeps cookies, like a browser.
pub fn browser_like_client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).build().unwrap()
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub fn project_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every Rust source file under `src/` (for tests that check what the sources declare).
pub fn source_files() -> Vec<PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&project_dir().join("src"), &mut files);
    files
}

/// Runs SQL directly against a test database (to arrange stock, prices, balances).
pub async fn sql(db: &TestDb, statement: &str) {
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&db.url).await.unwrap();
    sqlx::raw_sql(statement).execute(&mut conn).await.unwrap();
}

pub async fn sql_i64(db: &TestDb, query: &str) -> i64 {
    use sqlx::Row;
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&db.url).await.unwrap();
    sqlx::query(query).fetch_one(&mut conn).await.unwrap().try_get::<i64, _>(0).unwrap()
}

/// A signed-in client for a demo account (all use the demo password).
pub async fn signed_in(base: &str, phone: &str) -> reqwest::Client {
    let client = browser_like_client();
    let res = client
        .post(format!("{base}/api/v1/account/sign-in"))
        .json(&serde_json::json!({ "phone": phone, "password": "demo1234" }))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "sign in {phone}");
    client
}

pub const SHOP_A_OWNER: &str = "13800000001";
pub const SHOP_B_OWNER: &str = "13800000002";
pub const SALESPERSON: &str = "13900000001";
pub const DISPATCHER: &str = "13700000001";
pub const REVIEWER: &str = "13600000001";
pub const ADMIN: &str = "13500000001";

/// A small picture that is a JPEG by its bytes and header (what the server checks), for evidence
/// uploads: SOI, APP0, a 64×48 baseline frame header, a scan, EOI.
pub fn jpeg() -> Vec<u8> {
    jpeg_sized(64, 48, 0x55)
}

/// A JPEG header of `width`×`height` whose scan is 2,000 bytes of `fill` (different fills,
/// different pictures).
pub fn jpeg_sized(width: u16, height: u16, fill: u8) -> Vec<u8> {
    let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
    b.extend([0xFF, 0xC0, 0x00, 0x11, 8]);
    b.extend(height.to_be_bytes());
    b.extend(width.to_be_bytes());
    b.extend([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    b.extend([0xFF, 0xDA, 0x00, 0x0C, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3F, 0]);
    b.extend(std::iter::repeat_n(fill, 2_000));
    b.extend([0xFF, 0xD9]);
    b
}

/// The real server for one test (zero2prod's `TestApp`): its base URL and database, and typed
/// clients that speak the API, so a test says what it does (`shop.place(&Order::new("k").line(3, 2))`)
/// rather than how a request is built.
pub struct TestApp {
    pub base: String,
    pub db: TestDb,
    pub evidence_dir: PathBuf,
}

impl TestApp {
    /// The server on `db` with `demo_products` demo products (sweeps and housekeeping off).
    pub async fn spawn(db: &TestDb, demo_products: usize) -> TestApp {
        TestApp::spawn_with(db, config(db, demo_products)).await
    }

    /// The server with a configuration the test adjusted (`config(db, n)` and changes).
    pub async fn spawn_with(db: &TestDb, config: Config) -> TestApp {
        let evidence_dir = config.evidence_dir.clone();
        TestApp { base: spawn_app(config).await, db: db.clone(), evidence_dir }
    }

    /// A client signed in as this demo account (they all have the demo password).
    pub async fn signed_in(&self, phone: &str) -> Api {
        Api { http: signed_in(&self.base, phone).await, base: self.base.clone() }
    }

    /// A client that has not signed in.
    pub fn anonymous(&self) -> Api {
        Api { http: browser_like_client(), base: self.base.clone() }
    }

    /// Arranges product `id` at ¥250 a case (over the ¥200 minimum alone), any quantity from 1,
    /// with `stock` cases and no quantity breaks or promotions.
    pub async fn plain_product(&self, id: i64, stock: i64) {
        sql(
            &self.db,
            &format!(
                "UPDATE products SET stock_cases = {stock}, case_price_fen = {PLAIN_CASE_PRICE}, min_cases = 1, max_cases = 1000 WHERE id = {id};
                 DELETE FROM price_breaks WHERE product_id = {id};
                 DELETE FROM promotions WHERE product_id = {id};"
            ),
        )
        .await;
    }

    /// A client of the test's own making (a user agent, no cookie jar) for this server.
    pub fn client(&self, http: reqwest::Client) -> Api {
        Api { http, base: self.base.clone() }
    }

    /// Marks `order` delivered `days_ago` days ago (as if signed for then, without the steps).
    pub async fn mark_delivered(&self, order: i64, days_ago: i64) {
        let at = restock::server::db::now_ms() - days_ago * restock::dates::DAY_MS;
        self.sql(&format!("UPDATE orders SET status = 'delivered', delivered_ms = {at} WHERE id = {order}")).await;
    }

    pub async fn sql(&self, statement: &str) {
        sql(&self.db, statement).await
    }

    pub async fn sql_i64(&self, query: &str) -> i64 {
        sql_i64(&self.db, query).await
    }
}

/// The case price `TestApp::plain_product` gives: ¥250.
pub const PLAIN_CASE_PRICE: i64 = 25_000;

/// An API client (cookies kept, like a browser) for one `TestApp`.
#[derive(Clone)]
pub struct Api {
    pub http: reqwest::Client,
    pub base: String,
}

impl Api {
    /// The address of `path` (`/api/v1/…`, `/img/…`) on this client's server, for a request the
    /// test shapes itself (a header, a raw body, another method).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Signs in with this phone and password; the whole response (its cookie, its status).
    pub async fn sign_in(&self, phone: &str, password: &str) -> reqwest::Response {
        self.http
            .post(self.url("/api/v1/account/sign-in"))
            .json(&serde_json::json!({ "phone": phone, "password": password }))
            .send()
            .await
            .unwrap()
    }

    /// A server function by its endpoint (`orders/place`) with a JSON body: the status and the
    /// answer (the result, or the `AppError`, as JSON).
    pub async fn call(&self, endpoint: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        let res = self.http.post(format!("{}/api/v1/{endpoint}", self.base)).json(&body).send().await.unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(serde_json::Value::Null))
    }

    /// `call`, keeping only the answer.
    pub async fn post(&self, endpoint: &str, body: serde_json::Value) -> serde_json::Value {
        self.call(endpoint, body).await.1
    }

    /// A GET server function (`GetUrl`: the arguments in the query string).
    pub async fn get(&self, endpoint: &str, query: &[(&str, &str)]) -> (u16, serde_json::Value) {
        let res = self.http.get(format!("{}/api/v1/{endpoint}", self.base)).query(query).send().await.unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(serde_json::Value::Null))
    }

    /// Uploads a photo as evidence for `order` under the device key `key` (sent as the app sends
    /// it: the bytes, as `image/jpeg`): the status and the answer (the photo's id, or why not).
    pub async fn upload(&self, order: i64, key: &str, bytes: Vec<u8>) -> (u16, serde_json::Value) {
        let res = self
            .http
            .post(self.url(&format!("/api/v1/claims/evidence?order_id={order}&key={key}")))
            .header("content-type", "image/jpeg")
            .body(bytes)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(serde_json::Value::Null))
    }

    /// A stored photo, fetched as the app shows it.
    pub async fn photo(&self, id: i64) -> reqwest::Response {
        self.http.get(self.url(&format!("/api/v1/claims/evidence/{id}"))).send().await.unwrap()
    }

    /// Places an order (the answer: the order, or why not).
    pub async fn place(&self, order: &Order) -> serde_json::Value {
        self.post("orders/place", order.body()).await
    }

    /// Places an order that must go through; its id.
    pub async fn placed(&self, order: &Order) -> i64 {
        let answer = self.place(order).await;
        answer["id"].as_id().unwrap_or_else(|| panic!("no order for {}: {answer}", order.key))
    }
}

/// An order as the app's outbox sends it.
#[derive(Clone, Debug)]
pub struct Order {
    pub key: String,
    pub shop_id: Option<i64>,
    pub lines: Vec<(i64, i64, i64)>,
    pub use_balance: bool,
}

impl Order {
    /// An order with this device key, for the caller's own shop, paid without the balance.
    pub fn new(key: &str) -> Order {
        Order { key: key.to_owned(), shop_id: None, lines: Vec::new(), use_balance: false }
    }

    /// `cases` of `product`, seen at the plain ¥250.
    pub fn line(self, product: i64, cases: i64) -> Order {
        self.line_seen(product, cases, PLAIN_CASE_PRICE)
    }

    /// `cases` of `product`, seen at `seen_case_price` fen a case.
    pub fn line_seen(mut self, product: i64, cases: i64, seen_case_price: i64) -> Order {
        self.lines.push((product, cases, seen_case_price));
        self
    }

    /// For this shop (a salesperson ordering on its behalf).
    pub fn for_shop(mut self, shop: i64) -> Order {
        self.shop_id = Some(shop);
        self
    }

    pub fn using_balance(mut self) -> Order {
        self.use_balance = true;
        self
    }

    /// The body of `orders/place`.
    pub fn body(&self) -> serde_json::Value {
        serde_json::json!({ "req": {
            "key": self.key,
            "shop_id": self.shop_id,
            "lines": self.lines_json(),
            "use_balance": self.use_balance,
        }})
    }

    /// The body of `orders/quote`: the same cart priced, not placed (the key plays no part).
    pub fn quote_body(&self) -> serde_json::Value {
        serde_json::json!({ "shop_id": self.shop_id, "lines": self.lines_json(), "use_balance": self.use_balance })
    }

    fn lines_json(&self) -> Vec<serde_json::Value> {
        self.lines
            .iter()
            .map(|(p, c, seen)| serde_json::json!({"product_id": p, "cases": c, "seen_case_price": seen}))
            .collect()
    }
}

/// Runs the futures at once, each on its own task; their outputs in order.
pub async fn join_all<T: Send + 'static>(
    futures: impl IntoIterator<Item = impl std::future::Future<Output = T> + Send + 'static>,
) -> Vec<T> {
    let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::with_capacity(handles.len());
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

/// Reads an id from the API's JSON: ids go out as strings of digits (exact above 2^53, see
/// `restock::id`); an exact number is read too.
pub trait IdExt {
    fn as_id(&self) -> Option<i64>;
}

impl IdExt for serde_json::Value {
    fn as_id(&self) -> Option<i64> {
        self.as_str().and_then(|s| s.parse().ok()).or_else(|| self.as_i64())
    }
}
