//! Counter sales for the demo shops that have an owner (1 and 2), made from their order history:
//! each delivery sells through over the days until the next one, most products nearly all of it,
//! about one in eight slowly (a tenth to a third), so that the shelf, its reorders and its slow
//! sellers all have something to show. Customers buy one to three products at a time, from 8:00
//! to 21:00 local time.

use super::history::History;
use super::{DemoProduct, Rng};
use crate::dates::DAY_MS;
use crate::server::db::Db;
use std::collections::BTreeMap;

pub struct Sale {
    pub id: i64,
    pub shop_id: i64,
    pub owner: i64,
    pub sold_ms: i64,
    /// (catalogue index, units)
    pub lines: Vec<(u32, i64)>,
}

/// The shops that ring up sales: (shop, its owner's user id).
pub const SHOPS: [(i64, i64); 2] = [(1, 1), (2, 2)];

pub fn generate(products: &[DemoProduct], h: &History, now_ms: i64, seed: u64) -> Vec<Sale> {
    let mut rng = Rng::new(seed);
    let mut sales = Vec::new();
    let mut n = 0u64;
    for (shop, owner) in SHOPS {
        // Each product's deliveries to this shop: (delivered at, units), oldest first. Orders are
        // delivered the day after they are placed.
        let mut deliveries: BTreeMap<u32, Vec<(i64, i64)>> = BTreeMap::new();
        let mut next = 0usize;
        for o in &h.orders {
            let lines = &h.lines[next..next + o.lines];
            next += o.lines;
            if o.shop_id != shop {
                continue;
            }
            for l in lines {
                let units = l.cases * products[l.product as usize].pack_size;
                deliveries.entry(l.product).or_default().push((o.created_ms + DAY_MS, units));
            }
        }
        // Units sold per day (days since the epoch) and product.
        let mut by_day: BTreeMap<i64, Vec<(u32, i64)>> = BTreeMap::new();
        for (product, ds) in &mut deliveries {
            ds.sort();
            let slow = rng.chance(12);
            for (i, (at, units)) in ds.iter().enumerate() {
                let until = ds.get(i + 1).map_or(now_ms, |d| d.0).min(now_ms);
                let days = ((until - at) / DAY_MS).max(1);
                let share = if slow { rng.range(10, 33) } else { rng.range(75, 98) };
                let mut to_sell = units * share / 100;
                let first_day = at / DAY_MS + 1;
                for d in 0..days {
                    if to_sell <= 0 {
                        break;
                    }
                    let left_days = days - d;
                    let today = (to_sell / left_days).max(i64::from(rng.chance(50)));
                    let today = today.min(to_sell);
                    if today > 0 && (first_day + d) * DAY_MS < now_ms {
                        by_day.entry(first_day + d).or_default().push((*product, today));
                        to_sell -= today;
                    }
                }
            }
        }
        for (day, mut items) in by_day {
            // Customers: one to three products each, at some minute of the opening hours.
            while !items.is_empty() {
                let take = (rng.range(1, 3) as usize).min(items.len());
                let lines: Vec<(u32, i64)> = items.drain(..take).collect();
                // Many units of one product are several customers' worth: split what is over 6.
                let mut lines_split = Vec::new();
                for (p, u) in lines {
                    let mut u = u;
                    while u > 6 {
                        let part = rng.range(1, 4);
                        items.push((p, part));
                        u -= part;
                    }
                    lines_split.push((p, u));
                }
                let mut merged: BTreeMap<u32, i64> = BTreeMap::new();
                for (p, u) in lines_split {
                    *merged.entry(p).or_default() += u;
                }
                let sold_ms = day * DAY_MS + rng.range(0, 13 * 60) * 60_000;
                if sold_ms >= now_ms {
                    continue;
                }
                n += 1;
                sales.push(Sale {
                    id: ((sold_ms - 1_767_225_600_000).max(0) << 22) | 0x20_0000 | (n as i64 & 0x1F_FFFF),
                    shop_id: shop,
                    owner,
                    sold_ms,
                    lines: merged.into_iter().collect(),
                });
            }
        }
    }
    sales
}

/// Writes the sales (in multi-row inserts, one transaction per 2,000 sales).
pub async fn insert(db: &Db, products: &[DemoProduct], sales: &[Sale]) -> anyhow::Result<()> {
    for chunk in sales.chunks(2000) {
        let mut tx = db.write().await?;
        for part in chunk.chunks(300) {
            let sql = format!(
                "INSERT INTO counter_sales (id, shop_id, sale_key, request_hash, recorded_by, sold_ms, recorded_ms, units, retail_fen) VALUES {}",
                super::history::placeholders(part.len(), 9)
            );
            let mut q = sqlx::query(&sql);
            for s in part {
                let units: i64 = s.lines.iter().map(|l| l.1).sum();
                let retail: i64 =
                    s.lines.iter().map(|(p, u)| super::load::retail_fen(&products[*p as usize]) * u).sum();
                q = q
                    .bind(s.id)
                    .bind(s.shop_id)
                    .bind(format!("demo-sale-{}", s.id))
                    .bind("demo")
                    .bind(s.owner)
                    .bind(s.sold_ms)
                    .bind(s.sold_ms)
                    .bind(units)
                    .bind(retail);
            }
            q.execute(&mut *tx).await?;
            let lines: Vec<(&Sale, &(u32, i64))> =
                part.iter().flat_map(|s| s.lines.iter().map(move |l| (s, l))).collect();
            for lp in lines.chunks(500) {
                let sql = format!(
                    "INSERT INTO counter_sale_lines (sale_id, product_id, shop_id, sold_ms, units) VALUES {}",
                    super::history::placeholders(lp.len(), 5)
                );
                let mut q = sqlx::query(&sql);
                for (s, (p, u)) in lp {
                    q = q.bind(s.id).bind(products[*p as usize].id).bind(s.shop_id).bind(s.sold_ms).bind(*u);
                }
                q.execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_shops_sell_what_was_delivered_and_never_more() {
        let products = super::super::catalogue(2000, 42);
        let now = 1_795_000_000_000;
        let plan = super::super::history::Plan::demo(20, vec!["康师傅".into()]);
        let h = super::super::history::generate(&products, &plan, now);
        let sales = generate(&products, &h, now, 7);
        assert!(sales.len() > 500, "{} sales", sales.len());
        assert!(sales.iter().all(|s| s.sold_ms < now && !s.lines.is_empty() && s.lines.iter().all(|l| l.1 > 0)));
        let mut ids: Vec<i64> = sales.iter().map(|s| s.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), sales.len(), "ids are unique");
        // Per shop and product: sold ≤ delivered.
        let mut delivered: BTreeMap<(i64, u32), i64> = BTreeMap::new();
        let mut next = 0;
        for o in &h.orders {
            for l in &h.lines[next..next + o.lines] {
                *delivered.entry((o.shop_id, l.product)).or_default() +=
                    l.cases * products[l.product as usize].pack_size;
            }
            next += o.lines;
        }
        let mut sold: BTreeMap<(i64, u32), i64> = BTreeMap::new();
        for s in &sales {
            for (p, u) in &s.lines {
                *sold.entry((s.shop_id, *p)).or_default() += u;
            }
        }
        for (k, u) in &sold {
            assert!(*u <= delivered[k], "{k:?}: sold {u} of {}", delivered[k]);
        }
        assert_eq!(generate(&products, &h, now, 7).len(), sales.len(), "deterministic");
    }
}
