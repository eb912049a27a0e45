//! Server search latency over 100,000 SKUs: the whole server-side path of a catalogue search
//! (in-memory index, then the page's current rows and promotions from SQLite), and the index alone.
//!
//!     cargo bench --features ssr --bench search
//!
//! Prints p50 and p95 in microseconds; BENCHMARKS.md records the figures.

use restock::catalogue::db::{list, Filter};
use restock::catalogue::search::{Query, SearchIndex, Sort};
use std::time::Instant;

fn percentile(sorted: &[u128], p: f64) -> u128 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let n: usize = std::env::var("BENCH_PRODUCTS").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let dir = std::env::temp_dir().join(format!("restock-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = restock::server::db::connect(&format!("sqlite://{}/bench.db", dir.display()), 4).await?;
    let t = Instant::now();
    restock::demo::load::seed_if_empty(&db, n, 0).await?;
    eprintln!("seeded {n} products in {:.1} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let index = SearchIndex::load(&db).await?;
    eprintln!("index of {} products loaded in {:.2} s", index.len(), t.elapsed().as_secs_f64());

    let products = restock::demo::catalogue(n, 42);
    let code = products[n / 2].unit_barcode.as_str().to_owned();
    let tail = code[code.len() - 6..].to_owned();
    let queries = [
        "ksf",
        "nfsq",
        "kangshifu",
        "康师傅",
        "牛奶",
        "方便面",
        "水",
        "薯片",
        "coca",
        "chips",
        "noodles",
        "cola 330",
        "洗衣液 2kg",
        code.as_str(),
        tail.as_str(),
        "zzzz-nothing",
    ];
    let today = restock::server::state::today().to_string();
    let (mut whole, mut index_only) = (Vec::new(), Vec::new());
    for round in 0..30 {
        for q in queries {
            let t = Instant::now();
            let ids = index.search(&Query {
                q,
                category: None,
                flag: None,
                brand: None,
                in_stock: false,
                only: None,
                sort: Sort::Popular,
            });
            index_only.push(t.elapsed().as_micros());
            let f = Filter {
                q: q.to_owned(),
                category: None,
                flag: None,
                brand: None,
                in_stock: false,
                promoted: false,
                sort: Sort::Popular,
                shop_id: Some(1),
                today: today.clone(),
                offset: 0,
                limit: 40,
            };
            let t = Instant::now();
            let page = list(&db, &index, &f).await?;
            whole.push(t.elapsed().as_micros());
            if round == 0 {
                eprintln!(
                    "{q:>14}: {:>6} matches, first: {}",
                    ids.len(),
                    page.items.first().map(|p| p.name_zh.as_str()).unwrap_or("-")
                );
            }
        }
    }
    whole.sort();
    index_only.sort();
    println!(
        "search over {n} SKUs, {} queries: server path p50 {} µs, p95 {} µs; index alone p50 {} µs, p95 {} µs",
        whole.len(),
        percentile(&whole, 0.5),
        percentile(&whole, 0.95),
        percentile(&index_only, 0.5),
        percentile(&index_only, 0.95)
    );
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}
