//! The brand insights at scale: the demo's 90-day history for `BENCH_SHOPS` shops (default
//! 1,000), every insight endpoint timed through the real router and HTTP, then checkout latency
//! alone and while four clients keep asking for insights.
//!
//!     cargo bench --features ssr --bench insights                      # SQLite, 1,000 shops
//!     BENCH_SHOPS=300 BENCH_DATABASE_URL=postgres://… cargo bench --features ssr --bench insights
//!
//! Prints markdown rows (p50 / p95 / max in milliseconds); BENCHMARKS.md records the figures.

use std::time::{Duration, Instant};

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
}

fn row(name: &str, mut times: Vec<Duration>) -> String {
    times.sort();
    format!(
        "| {name} | {} | {:.1} | {:.1} | {:.1} |",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        times.last().unwrap().as_secs_f64() * 1000.0
    )
}

async fn signed_in(base: &str, phone: &str) -> anyhow::Result<reqwest::Client> {
    let c = reqwest::Client::builder().cookie_store(true).build()?;
    let res = c
        .post(format!("{base}/api/v1/account/sign-in"))
        .json(&serde_json::json!({"phone": phone, "password": "demo1234"}))
        .send()
        .await?;
    anyhow::ensure!(res.status().is_success(), "sign-in as {phone}: {}", res.status());
    Ok(c)
}

/// Builds the real router for `config` and serves it on a free port: its base URL.
async fn serve(config: restock::server::config::Config) -> anyhow::Result<String> {
    let app = restock::root::build(config).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await.unwrap();
    });
    Ok(base)
}

async fn get_ok(c: &reqwest::Client, url: &str) -> anyhow::Result<Duration> {
    let t = Instant::now();
    let res = c.get(url).send().await?;
    let status = res.status();
    let body = res.bytes().await?;
    anyhow::ensure!(status.is_success(), "{url}: {status} {}", String::from_utf8_lossy(&body));
    Ok(t.elapsed())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let shops: usize = std::env::var("BENCH_SHOPS").ok().and_then(|s| s.parse().ok()).unwrap_or(1_000);
    let runs: usize = std::env::var("BENCH_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(30);
    let dir = std::env::temp_dir().join(format!("restock-insights-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let url = std::env::var("BENCH_DATABASE_URL").unwrap_or_else(|_| format!("sqlite://{}/bench.db", dir.display()));
    let mut config = restock::server::config::Config::defaults();
    config.database_url = url.clone();
    config.demo_history_shops = shops;
    config.listen = "127.0.0.1:0".parse()?;
    config.dist = dir.join("dist");
    config.evidence_dir = dir.join("evidence");
    config.late_sweep_seconds = 0;
    config.housekeeping_seconds = 0;

    // The first server computes every insight at every ask, as many at once as are asked (no
    // guard): the insights' own cost, and checkout beside them unguarded. Two more servers on the
    // same database then run the checkout beside insights with the guards (`brands::cache`).
    config.insight_cache_seconds = 0;
    config.insight_workers = 64;
    let t = Instant::now();
    let base = serve(config.clone()).await?;
    let seeded = t.elapsed();

    let db = restock::server::db::connect_with(&url, 2, restock::server::config::SqliteSync::Full).await?;
    let lines: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM order_lines").fetch_one(&db).await?;
    let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders").fetch_one(&db).await?;
    let all_shops: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM shops").fetch_one(&db).await?;
    let launch: i64 = sqlx::query_scalar(
        "SELECT p.id FROM products p JOIN order_lines l ON l.product_id = p.id
         WHERE p.brand_zh = '康师傅' GROUP BY p.id ORDER BY COUNT(*) DESC LIMIT 1",
    )
    .fetch_one(&db)
    .await?;
    println!(
        "{} with {all_shops} shops, {orders} orders, {lines} order lines (seeded in {:.1} s); {runs} runs each",
        if url.starts_with("sqlite:") { "SQLite" } else { "PostgreSQL" },
        seeded.as_secs_f64()
    );

    let brand = signed_in(&base, "13400000001").await?;
    let endpoints = [
        ("active shops, 30 days", "brands/active-shops?days=30".to_string()),
        ("active shops, 90 days", "brands/active-shops?days=90".to_string()),
        ("reach by city, 30 days", "brands/reach?days=30&level=City".to_string()),
        ("reach by town, 90 days", "brands/reach?days=90&level=Town".to_string()),
        ("launch, 90 days", format!("brands/launch?product_id={launch}&days=90")),
        ("what sells where, 30 days", "brands/by-city?days=30&top=3".to_string()),
    ];
    println!("| insight | runs | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|");
    for (name, path) in &endpoints {
        let url = &format!("{base}/api/v1/{path}");
        for _ in 0..3 {
            get_ok(&brand, url).await?;
        }
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            times.push(get_ok(&brand, url).await?);
        }
        println!("{}", row(name, times));
    }

    // The shop's own screens (demo shop 1 records its counter sales): the shelf, its numbers, the
    // suggested order (which reads the shelf), and recording a counter sale.
    let owner = signed_in(&base, "13800000001").await?;
    println!("| the shop's screens | runs | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|");
    for (name, url) in [
        ("shelf (counter sales, deliveries, batches)", format!("{base}/api/v1/counter/shelf")),
        ("numbers, 30 days", format!("{base}/api/v1/numbers/shop?days=30")),
    ] {
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            times.push(get_ok(&owner, &url).await?);
        }
        println!("{}", row(name, times));
    }
    let post_timed = |endpoint: &'static str, body: serde_json::Value| {
        let (owner, base) = (owner.clone(), base.clone());
        async move {
            let t = Instant::now();
            let res = owner.post(format!("{base}/api/v1/{endpoint}")).json(&body).send().await?;
            let status = res.status();
            let text = res.text().await?;
            anyhow::ensure!(status.is_success(), "{endpoint}: {status} {text}");
            anyhow::Ok(t.elapsed())
        }
    };
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        times.push(post_timed("orders/suggested", serde_json::json!({"shop_id": null})).await?);
    }
    println!("{}", row("suggested order (habits and the shelf)", times));
    let mut times = Vec::with_capacity(runs);
    for i in 0..runs {
        let now = restock::server::db::now_ms();
        let body = serde_json::json!({"req": {"key": format!("bench-sale-{i}"), "sold_ms": now,
            "lines": [{"product_id": 20, "units": 2}, {"product_id": 21, "units": 1}]}});
        times.push(post_timed("counter/sale", body).await?);
    }
    println!("{}", row("record a counter sale (2 lines)", times));

    // Checkout: one shop's orders one after another (ten per insight run), alone and while four
    // brand clients ask for insights without pause.
    // (Writes go through a write transaction: the pool's plain connections are read-only.)
    let mut tx = db.write().await?;
    for sql in [
        "UPDATE products SET stock_cases = 10000000, case_price_fen = 25000, min_cases = 1, max_cases = 1000 WHERE id = 20",
        "DELETE FROM price_breaks WHERE product_id = 20",
        "DELETE FROM promotions WHERE product_id = 20",
    ] {
        sqlx::query(sql).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    println!("| checkout | runs | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|");
    let mut servers = vec![("no guard", base.clone())];
    for (guards, keep, workers) in [("one insight at a time", 0, 1), ("and answers kept 60 s", 60, 1)] {
        let mut c = config.clone();
        (c.insight_cache_seconds, c.insight_workers) = (keep, workers);
        servers.push((guards, serve(c).await?));
    }
    for (server, (guards, base)) in servers.into_iter().enumerate() {
        let (shop, brand) = (signed_in(&base, "13800000001").await?, signed_in(&base, "13400000001").await?);
        let checkout = |label: String| {
            let (shop, base) = (shop.clone(), base.clone());
            async move {
                let mut times = Vec::new();
                for i in 0..runs * 10 {
                    let body = serde_json::json!({"req": {"key": format!("bench-{label}-{i}"), "shop_id": null,
                        "lines": [{"product_id": 20, "cases": 1, "seen_case_price": 25000}], "use_balance": false}});
                    let t = Instant::now();
                    let res = shop.post(format!("{base}/api/v1/orders/place")).json(&body).send().await?;
                    let status = res.status();
                    let text = res.text().await?;
                    anyhow::ensure!(status.is_success(), "checkout: {status} {text}");
                    times.push(t.elapsed());
                }
                anyhow::Ok(times)
            }
        };
        println!("{}", row(&format!("alone ({guards})"), checkout(format!("alone-{server}")).await?));
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let mut load = Vec::new();
        let urls: Vec<String> = endpoints.iter().map(|(_, path)| format!("{base}/api/v1/{path}")).collect();
        for k in 0..4 {
            let (brand, stop, urls) = (brand.clone(), stop.clone(), urls.clone());
            load.push(tokio::spawn(async move {
                let mut n = 0usize;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let _ = get_ok(&brand, &urls[(n + k) % urls.len()]).await;
                    n += 1;
                }
                n
            }));
        }
        let during = checkout(format!("during-{server}")).await?;
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let mut asked = 0;
        for l in load {
            asked += l.await?;
        }
        println!("{}", row(&format!("while 4 clients asked for {asked} insights ({guards})"), during));
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
