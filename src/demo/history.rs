//! The demo's order history: shops placed in cities and county towns, and 90 days of orders for
//! them, made the same way for the same seed (the dates follow "now"). What makes it look like a
//! real market rather than noise: each shop keeps a repertoire it reorders from on its own rhythm
//! and tries a new product now and then (which may stay), each city favours a few brands, drinks
//! fade and instant food rises from September into December, weekends are busier, supermarkets
//! order more lines than kiosks, and each operator brand has a launch 28 days ago that spreads from
//! shop to shop. Generated in memory, written with multi-row inserts (`insert`).
//!
//! The same generator builds the benchmark's 1,000 shops and 1 million order lines
//! (`examples/bench_brands.rs`) with other `Plan` numbers.

use super::{DemoProduct, Rng};
use crate::brands::{ShopKind, TownKind};
use crate::catalogue::Category;
use crate::dates::DAY_MS;
use crate::server::db::{Db, WriteTx};

/// (city, town, county town or city district). The demo shops 1–10 are in 上海 浦东新区.
pub const TOWNS: &[(&str, &str, TownKind)] = &[
    ("上海", "浦东新区", TownKind::District),
    ("上海", "闵行区", TownKind::District),
    ("苏州", "姑苏区", TownKind::District),
    ("苏州", "吴中区", TownKind::District),
    ("杭州", "西湖区", TownKind::District),
    ("杭州", "淳安县", TownKind::County),
    ("杭州", "桐庐县", TownKind::County),
    ("嘉兴", "南湖区", TownKind::District),
    ("嘉兴", "嘉善县", TownKind::County),
    ("徐州", "鼓楼区", TownKind::District),
    ("徐州", "沛县", TownKind::County),
    ("徐州", "丰县", TownKind::County),
    ("合肥", "蜀山区", TownKind::District),
    ("合肥", "肥东县", TownKind::County),
];

const NAME_HEADS: &[&str] = &[
    "家家乐",
    "好又多",
    "便民",
    "万家福",
    "喜相逢",
    "金三角",
    "百姓",
    "红旗",
    "邻里",
    "小林",
    "阿强",
    "如意",
    "旺角",
    "新华",
    "幸福",
    "平安",
    "天天",
    "永辉",
    "老街",
    "东门",
];
const STREETS: &[&str] =
    &["人民路", "解放路", "建设路", "中山路", "新华街", "文化路", "胜利街", "和平路", "府前街", "长江路"];

fn kind_word(kind: ShopKind) -> &'static str {
    match kind {
        ShopKind::Convenience => "便利店",
        ShopKind::Grocery => "副食店",
        ShopKind::Tobacco => "烟酒店",
        ShopKind::Supermarket => "超市",
        ShopKind::Kiosk => "小卖部",
    }
}

/// How much history to make.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Shops to add (ids from `FIRST_SHOP_ID`), spread over `TOWNS`.
    pub new_shops: usize,
    /// Existing shops that get a history too (the demo's 1–10), already placed.
    pub existing_shops: Vec<i64>,
    pub days: i64,
    /// Days between a shop's orders, at its calmest and busiest.
    pub every_days: (i64, i64),
    /// Lines per order (kiosks fewer, supermarkets more).
    pub lines: (i64, i64),
    /// The brands whose launch 28 days ago spreads through the shops.
    pub launch_brands: Vec<String>,
    pub seed: u64,
}

impl Plan {
    /// The demo: a few hundred shops ordering every 3 to 8 days, 4 to 12 lines.
    pub fn demo(new_shops: usize, launch_brands: Vec<String>) -> Plan {
        Plan {
            new_shops,
            existing_shops: (1..=10).collect(),
            days: 90,
            every_days: (3, 8),
            lines: (4, 12),
            launch_brands,
            seed: 2026,
        }
    }
}

pub const FIRST_SHOP_ID: i64 = 1001;
pub const FIRST_OWNER_ID: i64 = 1001;
/// A launch went on sale this many days ago.
pub const LAUNCH_DAYS_AGO: i64 = 28;

pub struct NewShop {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub town: usize,
    pub kind: ShopKind,
    pub joined_ms: i64,
}

pub struct Order {
    pub id: i64,
    pub shop_id: i64,
    pub placed_by: i64,
    pub number: i64,
    pub created_ms: i64,
    pub goods_fen: i64,
    /// How many of `History::lines` (which follow the orders' order) are this order's.
    pub lines: usize,
}

pub struct Line {
    pub order_id: i64,
    pub line_no: i64,
    /// Index into the catalogue given to `generate`.
    pub product: u32,
    pub cases: i64,
    pub case_price_fen: i64,
}

pub struct History {
    pub shops: Vec<NewShop>,
    pub orders: Vec<Order>,
    pub lines: Vec<Line>,
    /// The launch products (catalogue indexes) and the instant they went on sale.
    pub launches: Vec<(u32, i64)>,
}

/// Ids as `server::db::new_id` makes them (milliseconds since 2026 above 22 bits) with a counter
/// below instead of random bits: sortable by time, never equal to each other, and never equal to
/// an id made later by the running server (those are in the future of the history).
fn id_at(ms: i64, n: u64) -> i64 {
    const EPOCH_2026_MS: i64 = 1_767_225_600_000;
    ((ms - EPOCH_2026_MS).max(0) << 22) | (n as i64 & 0x3F_FFFF)
}

/// How a category sells on day `d` of `days` (0 the oldest): drinks and ice cream fade into
/// winter, instant food and liquor rise, the rest stays; in percent.
fn season(category: Category, d: i64, days: i64) -> i64 {
    let t = d * 100 / days.max(1);
    match category {
        Category::Drinks | Category::Dairy => 125 - t / 2,
        Category::Instant | Category::Alcohol => 80 + t / 2,
        _ => 100,
    }
}

/// The history for `plan`, with "now" at `now_ms`. Deterministic for the same plan and catalogue.
pub fn generate(products: &[DemoProduct], plan: &Plan, now_ms: i64) -> History {
    let mut rng = Rng::new(plan.seed);
    let today0 = now_ms - now_ms.rem_euclid(DAY_MS);
    let start = today0 - plan.days * DAY_MS;
    // Each city favours three brands (three times the weight).
    let cities: Vec<&str> = {
        let mut c: Vec<&str> = TOWNS.iter().map(|t| t.0).collect();
        c.dedup();
        c
    };
    let brands: Vec<&str> = {
        let mut b: Vec<&str> = products.iter().map(|p| p.brand_zh.as_str()).collect();
        b.sort();
        b.dedup();
        b
    };
    let favoured: Vec<Vec<&str>> = cities
        .iter()
        .map(|_| (0..3).map(|_| brands[rng.range(0, brands.len() as i64 - 1) as usize]).collect())
        .collect();
    let launches: Vec<(u32, i64)> = plan
        .launch_brands
        .iter()
        .filter_map(|b| {
            let best =
                products.iter().enumerate().filter(|(_, p)| &p.brand_zh == b).max_by_key(|(_, p)| p.popularity)?;
            Some((best.0 as u32, today0 - LAUNCH_DAYS_AGO * DAY_MS))
        })
        .collect();
    // Cumulative weights per city, for drawing a product the way that city buys.
    let weights: Vec<Vec<u64>> = cities
        .iter()
        .enumerate()
        .map(|(ci, _)| {
            let mut acc = 0u64;
            products
                .iter()
                .map(|p| {
                    let boost = if favoured[ci].contains(&p.brand_zh.as_str()) { 3 } else { 1 };
                    acc += (p.popularity.max(0) as u64 + 500) * boost;
                    acc
                })
                .collect()
        })
        .collect();
    let draw = |rng: &mut Rng, city: usize| -> u32 {
        let w = &weights[city];
        let x = rng.next_u64() % w.last().copied().unwrap_or(1).max(1);
        w.partition_point(|&c| c <= x) as u32
    };
    let on_sale = |ix: u32| -> i64 {
        launches
            .iter()
            .find(|(l, _)| *l == ix)
            .map(|(_, at)| *at)
            .unwrap_or(now_ms - products[ix as usize].added_days_ago * DAY_MS)
    };

    // The shops: the existing ones (in 上海 浦东新区, as convenience stores and the like), then
    // new ones spread over the towns, county towns a little less often.
    let mut shops: Vec<(i64, i64, usize, ShopKind, i64)> = Vec::new(); // (id, owner, town, kind, joined)
    for (i, id) in plan.existing_shops.iter().enumerate() {
        shops.push((*id, if *id <= 2 { *id } else { 0 }, 0, ShopKind::ALL[i % 3], start));
    }
    let mut new_shops = Vec::with_capacity(plan.new_shops);
    for i in 0..plan.new_shops {
        let town = rng.range(0, TOWNS.len() as i64 - 1) as usize;
        let kind = ShopKind::ALL[rng.range(0, ShopKind::ALL.len() as i64 - 1) as usize];
        let id = FIRST_SHOP_ID + i as i64;
        let (city, town_name, _) = TOWNS[town];
        // A few shops joined during the period.
        let joined = if rng.chance(10) { start + rng.range(10, plan.days - 5) * DAY_MS } else { start - 200 * DAY_MS };
        new_shops.push(NewShop {
            id,
            name: format!(
                "{}{}{}",
                NAME_HEADS[i % NAME_HEADS.len()],
                kind_word(kind),
                if i >= NAME_HEADS.len() { format!("（{}店）", i / NAME_HEADS.len() + 1) } else { String::new() }
            ),
            address: format!(
                "{city}市{town_name}{} {} 号",
                STREETS[rng.range(0, STREETS.len() as i64 - 1) as usize],
                rng.range(1, 999)
            ),
            town,
            kind,
            joined_ms: joined,
        });
        shops.push((id, FIRST_OWNER_ID + i as i64, town, kind, joined));
    }

    let mut orders = Vec::new();
    let mut lines = Vec::new();
    let mut n = 0u64;
    let city_of = |town: usize| cities.iter().position(|c| *c == TOWNS[town].0).unwrap_or(0);
    for (shop_id, owner, town, kind, joined) in shops {
        let city = city_of(town);
        let size = match kind {
            ShopKind::Supermarket => 150,
            ShopKind::Kiosk => 60,
            _ => 100,
        };
        let every = rng.range(plan.every_days.0, plan.every_days.1);
        let mut repertoire: Vec<u32> = Vec::new();
        let mut day = rng.range(0, every);
        let mut number = 0;
        // The demo shops 3–10 have no owner account: their salesperson (张伟, user 3) orders.
        let placed_by = if owner > 0 { owner } else { 3 };
        while day < plan.days {
            let at = start + day * DAY_MS + rng.range(8 * 60, 20 * 60) * 60_000 - 8 * 3_600_000;
            if at >= joined && at < now_ms - DAY_MS {
                let want = (rng.range(plan.lines.0, plan.lines.1) * size / 100).max(1);
                let mut chosen: Vec<u32> = Vec::new();
                let mut tries = 0;
                while (chosen.len() as i64) < want && tries < want * 6 {
                    tries += 1;
                    let fresh = repertoire.len() < 8 || rng.chance(15);
                    let ix = if fresh {
                        draw(&mut rng, city)
                    } else {
                        repertoire[rng.range(0, repertoire.len() as i64 - 1) as usize]
                    };
                    let p = &products[ix as usize];
                    if chosen.contains(&ix) || on_sale(ix) > at {
                        continue;
                    }
                    if rng.range(0, 99) >= season(p.category, day, plan.days) * 80 / 130 {
                        continue;
                    }
                    chosen.push(ix);
                    if fresh && !repertoire.contains(&ix) && rng.chance(60) {
                        repertoire.push(ix);
                    }
                }
                // A launch reaches a shop with a chance that grows as word spreads.
                for (ix, launched) in &launches {
                    let since = (at - launched) / DAY_MS;
                    if at >= *launched && !chosen.contains(ix) && rng.chance((10 + since as u64 * 2).min(45)) {
                        chosen.push(*ix);
                        if !repertoire.contains(ix) {
                            repertoire.push(*ix);
                        }
                    }
                }
                if chosen.is_empty() {
                    day += every;
                    continue;
                }
                number += 1;
                n += 1;
                let id = id_at(at, n);
                let mut goods = 0;
                for (k, ix) in chosen.iter().enumerate() {
                    let p = &products[*ix as usize];
                    let mut cases =
                        p.min_cases.max(rng.range(1, 3) + if kind == ShopKind::Supermarket { 2 } else { 0 });
                    cases = cases.min(p.max_cases);
                    let price =
                        p.breaks.iter().rev().find(|(min, _)| cases >= *min).map(|b| b.1).unwrap_or(p.case_price_fen);
                    goods += cases * price;
                    lines.push(Line {
                        order_id: id,
                        line_no: k as i64 + 1,
                        product: *ix,
                        cases,
                        case_price_fen: price,
                    });
                }
                // The ¥200 minimum: the first line's cases go up until it is met.
                if let Some(first) = lines.iter_mut().rev().take(chosen.len()).last() {
                    while goods < 20_000 && first.cases < products[first.product as usize].max_cases {
                        first.cases += 1;
                        goods += first.case_price_fen;
                    }
                }
                orders.push(Order {
                    id,
                    shop_id,
                    placed_by,
                    number,
                    created_ms: at,
                    goods_fen: goods,
                    lines: chosen.len(),
                });
            }
            // Weekends and the shop's own rhythm: a day earlier or later now and then.
            day += (every + rng.range(-1, 1)).max(1);
        }
    }
    History { shops: new_shops, orders, lines, launches }
}

/// `($1, $2), ($3, $4)` for `rows` rows of `cols` parameters.
pub(super) fn placeholders(rows: usize, cols: usize) -> String {
    (0..rows)
        .map(|r| format!("({})", (1..=cols).map(|c| format!("${}", r * cols + c)).collect::<Vec<_>>().join(", ")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Rows a multi-row insert writes: small enough that no statement comes near the slow-statement
/// log's 250 ms (whose warning would print the whole statement, hundreds of KB), large enough that
/// the per-statement cost does not show.
const ORDERS_A_STATEMENT: usize = 100;
const LINES_A_STATEMENT: usize = 250;

/// Writes the history: the new shops and their owners (password `hash`), the orders delivered the
/// next day with their timeline, and the lines; the launches' products go on sale when the
/// history says. Multi-row inserts, in transactions of at most 50,000 lines, so that the writer's
/// turn passes between them.
pub async fn insert(db: &Db, products: &[DemoProduct], h: &History, hash: &str) -> anyhow::Result<()> {
    let mut tx = db.write().await?;
    for chunk in h.shops.chunks(300) {
        let sql = format!(
            "INSERT INTO shops (id, name, address, warehouse_id, created_ms, city, town, town_kind, kind) VALUES {}",
            placeholders(chunk.len(), 9)
        );
        let mut q = sqlx::query(&sql);
        for s in chunk {
            let (city, town, tk) = TOWNS[s.town];
            q = q
                .bind(s.id)
                .bind(s.name.clone())
                .bind(s.address.clone())
                .bind(1i64)
                .bind(s.joined_ms)
                .bind(city)
                .bind(town)
                .bind(tk.code())
                .bind(s.kind.code());
        }
        q.execute(&mut *tx).await?;
        let sql = format!(
            "INSERT INTO users (id, phone, name, role, password_hash, shop_id, created_ms) VALUES {}",
            placeholders(chunk.len(), 7)
        );
        let mut q = sqlx::query(&sql);
        for s in chunk {
            let n = s.id - FIRST_SHOP_ID;
            q = q
                .bind(FIRST_OWNER_ID + n)
                .bind(format!("186{:08}", n + 1))
                .bind(format!("{}老板", s.name.chars().next().unwrap_or('店')))
                .bind("shop_owner")
                .bind(hash)
                .bind(s.id)
                .bind(s.joined_ms);
        }
        q.execute(&mut *tx).await?;
    }
    for (ix, at) in &h.launches {
        sqlx::query("UPDATE products SET created_ms = $1 WHERE id = $2")
            .bind(*at)
            .bind(products[*ix as usize].id)
            .execute(&mut *tx)
            .await?;
    }
    let mut next_line = 0;
    let mut in_tx = 0;
    for chunk in h.orders.chunks(ORDERS_A_STATEMENT) {
        insert_orders(&mut tx, chunk).await?;
        let n: usize = chunk.iter().map(|o| o.lines).sum();
        let batch = &h.lines[next_line..next_line + n];
        next_line += n;
        for b in batch.chunks(LINES_A_STATEMENT) {
            insert_lines(&mut tx, products, b).await?;
        }
        in_tx += batch.len();
        if in_tx >= 50_000 {
            tx.commit().await?;
            tx = db.write().await?;
            in_tx = 0;
        }
    }
    tx.commit().await?;
    Ok(())
}

async fn insert_orders(tx: &mut WriteTx, chunk: &[Order]) -> anyhow::Result<()> {
    let sql = format!(
        "INSERT INTO orders (id, shop_id, placed_by, idempotency_key, request_hash, status, goods_fen, balance_used_fen,
         payable_fen, promised_on, warehouse_id, created_ms, delivered_ms, number, driver) VALUES {}",
        placeholders(chunk.len(), 15)
    );
    let mut q = sqlx::query(&sql);
    for o in chunk {
        let promised = crate::dates::Date::local_of(o.created_ms, 480).plus_days(1);
        q = q
            .bind(o.id)
            .bind(o.shop_id)
            .bind(o.placed_by)
            .bind(format!("demo-history-{}", o.id))
            .bind("demo-history")
            .bind("delivered")
            .bind(o.goods_fen)
            .bind(0i64)
            .bind(o.goods_fen)
            .bind(promised.to_string())
            .bind(1i64)
            .bind(o.created_ms)
            .bind(promised.end_utc_ms(480) - 8 * 3_600_000)
            .bind(o.number)
            .bind("李师傅");
    }
    q.execute(&mut **tx).await?;
    // The timeline: placed by whoever placed it, delivered (the dispatcher, user 4, marks it).
    let sql = format!(
        "INSERT INTO order_events (order_id, seq, status, actor, at_ms, note) VALUES {}",
        placeholders(chunk.len() * 2, 6)
    );
    let mut q = sqlx::query(&sql);
    for o in chunk {
        let promised = crate::dates::Date::local_of(o.created_ms, 480).plus_days(1);
        q = q.bind(o.id).bind(1i64).bind("placed").bind(o.placed_by).bind(o.created_ms).bind("");
        q = q
            .bind(o.id)
            .bind(2i64)
            .bind("delivered")
            .bind(4i64)
            .bind(promised.end_utc_ms(480) - 8 * 3_600_000)
            .bind("");
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

async fn insert_lines(tx: &mut WriteTx, products: &[DemoProduct], chunk: &[Line]) -> anyhow::Result<()> {
    let sql = format!(
        "INSERT INTO order_lines (order_id, line_no, product_id, name_zh, name_en, pack_size, cases, free_cases,
         case_price_fen, line_fen) VALUES {}",
        placeholders(chunk.len(), 10)
    );
    let mut q = sqlx::query(&sql);
    for l in chunk {
        let p = &products[l.product as usize];
        q = q
            .bind(l.order_id)
            .bind(l.line_no)
            .bind(p.id)
            .bind(p.name_zh.clone())
            .bind(p.name_en.clone())
            .bind(p.pack_size)
            .bind(l.cases)
            .bind(0i64)
            .bind(l.case_price_fen)
            .bind(l.cases * l.case_price_fen);
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_history_is_the_same_for_the_same_seed_and_looks_like_a_market() {
        let products = super::super::catalogue(2000, 42);
        let now = 1_795_000_000_000;
        let plan = Plan::demo(300, vec!["康师傅".into(), "农夫山泉".into()]);
        let a = generate(&products, &plan, now);
        let b = generate(&products, &plan, now);
        assert_eq!(a.orders.len(), b.orders.len());
        assert!(a.lines.iter().zip(&b.lines).all(|(x, y)| x.product == y.product && x.cases == y.cases));
        assert_eq!(a.shops.len(), 300);
        assert!(a.orders.len() > 3000, "{}", a.orders.len());
        assert!(a
            .orders
            .iter()
            .all(|o| o.goods_fen >= 20_000 && o.created_ms < now && o.created_ms >= now - 91 * DAY_MS));
        // Shops reorder: most products a shop bought, it bought on more than one order.
        let mut per_shop_product = std::collections::HashMap::new();
        let shop_of: std::collections::HashMap<i64, i64> = a.orders.iter().map(|o| (o.id, o.shop_id)).collect();
        for l in &a.lines {
            *per_shop_product.entry((shop_of[&l.order_id], l.product)).or_insert(0) += 1;
        }
        let repeated = per_shop_product.values().filter(|n| **n >= 2).count();
        assert!(repeated * 3 > per_shop_product.len(), "{repeated} of {}", per_shop_product.len());
        // The launches sell only from their day on, and reach a good part of the shops.
        for (ix, at) in &a.launches {
            let orders: std::collections::HashSet<i64> =
                a.lines.iter().filter(|l| l.product == *ix).map(|l| l.order_id).collect();
            assert!(a.orders.iter().filter(|o| orders.contains(&o.id)).all(|o| o.created_ms >= *at));
            let shops: std::collections::HashSet<i64> =
                a.orders.iter().filter(|o| orders.contains(&o.id)).map(|o| o.shop_id).collect();
            assert!(shops.len() > 100, "{}", shops.len());
        }
        // Ids are unique.
        let ids: std::collections::HashSet<i64> = a.orders.iter().map(|o| o.id).collect();
        assert_eq!(ids.len(), a.orders.len());
    }
}
