//! Writes the demo data into an empty database.

use super::{catalogue, DemoProduct};

use crate::server::db::{now_ms, Db};
use pinyin::ToPinyin;

/// Demo accounts: (phone, name, role, shop index or none). All use `DEMO_PASSWORD`.
pub const DEMO_PASSWORD: &str = "demo1234";
pub const DEMO_ACCOUNTS: &[(&str, &str, &str, Option<i64>)] = &[
    ("13800000001", "王芳", "shop_owner", Some(1)),
    ("13800000002", "李强", "shop_owner", Some(2)),
    ("13900000001", "张伟", "salesperson", None),
    ("13700000001", "陈静", "dispatcher", None),
    ("13600000001", "刘洋", "reviewer", None),
    ("13500000001", "赵敏", "admin", None),
    ("13900000002", "孙丽", "salesperson", None),
    // Brand operators (users 8–10): stored with role 'salesperson' and made operators by their
    // `brand_operators` rows (`BRAND_OPERATORS`; migration 0010 says why).
    ("13400000001", "周涛", "salesperson", None),
    ("13400000002", "吴敏", "salesperson", None),
    ("13400000003", "郑凯", "salesperson", None),
];

/// (user id, brand, 'brand' or 'distributor'): 周涛 for 康师傅, 吴敏 for 农夫山泉, 郑凯 a
/// distributor of 伊利 and 蒙牛.
pub const BRAND_OPERATORS: &[(i64, &str, &str)] =
    &[(8, "康师傅", "brand"), (9, "农夫山泉", "brand"), (10, "伊利", "distributor"), (10, "蒙牛", "distributor")];

/// The brand the demo's brand salesperson (孙丽, user 7) represents.
pub const DEMO_BRAND: &str = "康师傅";

/// More shops around the first two, on the salespeople's routes: (id, name, address, joined days
/// ago). Without orders yet, those that joined weeks ago show as dormant.
const MORE_SHOPS: &[(i64, &str, &str, i64)] = &[
    (3, "好邻居便利店", "上海市浦东新区崂山路 526 号", 40),
    (4, "老陈烟杂店", "上海市浦东新区浦东南路 1550 号", 3),
    (5, "阿英食品商店", "上海市浦东新区东方路 985 弄 12 号", 90),
    (6, "惠民超市", "上海市浦东新区潍坊路 300 号", 5),
    (7, "小杨副食店", "上海市浦东新区峨山路 91 号", 21),
    (8, "福满多便利店", "上海市浦东新区塘桥新路 46 号", 1),
    (9, "金桥百货小店", "上海市浦东新区金桥路 1388 号", 60),
    (10, "三林鲜果烟酒", "上海市浦东新区三林路 720 号", 2),
];

/// Full pinyin without tones or spaces, and the initials: 康师傅 → ("kangshifu", "ksf").
/// Anything that is not a Chinese character is kept, lower-cased.
pub fn pinyin_of(s: &str) -> (String, String) {
    let (mut full, mut initials) = (String::new(), String::new());
    for (c, p) in s.chars().zip(s.to_pinyin()) {
        match p {
            Some(p) => {
                full.push_str(p.plain());
                initials.push_str(p.first_letter());
            }
            None if c.is_alphanumeric() => {
                full.extend(c.to_lowercase());
                initials.extend(c.to_lowercase());
            }
            None => {}
        }
    }
    (full, initials)
}

pub fn search_text(p: &DemoProduct, pinyin_full: &str, pinyin_initials: &str) -> String {
    [
        p.name_zh.as_str(),
        &p.name_en,
        &p.brand_zh,
        &p.brand_en,
        pinyin_full,
        pinyin_initials,
        p.unit_barcode.as_str(),
        p.case_barcode.as_str(),
    ]
    .join(" | ")
    .to_lowercase()
}

/// Seeds the demo world if the database has no products yet, with 90 days of order history for
/// the demo shops and `history_shops` more (none: no history at all). Returns whether it did.
#[tracing::instrument(skip(db))]
pub async fn seed_if_empty(db: &Db, products: usize, history_shops: usize) -> anyhow::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM products").fetch_one(db).await?;
    if n > 0 {
        return Ok(false);
    }
    let now = now_ms();
    let mut tx = db.write().await?;
    sqlx::query("INSERT INTO warehouses (id, name_zh, name_en, cutoff_minute, lead_days, utc_offset_minutes) VALUES (1, '上海浦东仓', 'Shanghai Pudong warehouse', 1080, 0, 480)")
        .execute(&mut *tx)
        .await?;
    for (id, name, address) in
        [(1, "芳芳便利店", "上海市浦东新区张杨路 1200 号"), (2, "强哥小卖部", "上海市浦东新区源深路 88 弄 3 号")]
    {
        sqlx::query("INSERT INTO shops (id, name, address, warehouse_id, created_ms) VALUES ($1, $2, $3, 1, $4)")
            .bind(id as i64)
            .bind(name)
            .bind(address)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    let hash = crate::account::db::hash_password_blocking(DEMO_PASSWORD).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    for (i, (phone, name, role, shop)) in DEMO_ACCOUNTS.iter().enumerate() {
        sqlx::query("INSERT INTO users (id, phone, name, role, password_hash, shop_id, created_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(i as i64 + 1)
            .bind(*phone)
            .bind(*name)
            .bind(*role)
            .bind(&hash)
            .bind(*shop)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    for (id, name, phone) in [(1, "李师傅", "13900001001"), (2, "王师傅", "13900001002"), (3, "赵师傅", "13900001003")]
    {
        sqlx::query("INSERT INTO drivers (id, warehouse_id, name, phone) VALUES ($1, 1, $2, $3)")
            .bind(id)
            .bind(name)
            .bind(phone)
            .execute(&mut *tx)
            .await?;
    }
    for (id, name, address, days_ago) in MORE_SHOPS {
        sqlx::query("INSERT INTO shops (id, name, address, warehouse_id, created_ms) VALUES ($1, $2, $3, 1, $4)")
            .bind(*id)
            .bind(*name)
            .bind(*address)
            .bind(now - days_ago * crate::dates::DAY_MS)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE users SET brand = $1 WHERE id = 7").bind(DEMO_BRAND).execute(&mut *tx).await?;
    for (user, brand, kind) in BRAND_OPERATORS {
        sqlx::query("INSERT INTO brand_operators (user_id, brand, kind) VALUES ($1, $2, $3)")
            .bind(*user)
            .bind(*brand)
            .bind(*kind)
            .execute(&mut *tx)
            .await?;
    }
    // The demo shops are in 上海 浦东新区 (a city district), convenience stores, groceries and a
    // tobacco shop.
    sqlx::query(
        "UPDATE shops SET city = '上海', town = '浦东新区', town_kind = 'district',
         kind = CASE WHEN id % 3 = 1 THEN 'convenience' WHEN id % 3 = 2 THEN 'grocery' ELSE 'tobacco' END",
    )
    .execute(&mut *tx)
    .await?;
    // 张伟 (user 3) looks after shops 1 to 8, in this route order; 孙丽 (user 7, the brand's
    // salesperson) after shops 1 and 3.
    let routes: [(i64, &[i64]); 2] = [(3, &[1, 2, 3, 4, 5, 6, 7, 8]), (7, &[1, 3])];
    for (user, shops) in routes {
        for (n, shop) in shops.iter().enumerate() {
            sqlx::query(
                "INSERT INTO salesperson_shops (user_id, shop_id, assigned_ms, route_order) VALUES ($1, $2, $3, $4)",
            )
            .bind(user)
            .bind(*shop)
            .bind(now)
            .bind(n as i64 + 1)
            .execute(&mut *tx)
            .await?;
        }
    }
    let demo = catalogue(products, 42);
    insert_products(&mut tx, &demo, now).await?;
    insert_promotions(&mut tx, &demo, now).await?;
    // Shop 1 has a little balance from an earlier compensation, to show using it at checkout.
    sqlx::query("INSERT INTO ledger (id, shop_id, amount_fen, kind, note, created_ms) VALUES (1, 1, 1250, 'opening', 'demo: earlier late-delivery compensation', $1)")
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(products, "seeded the demo catalogue");

    if history_shops > 0 && !demo.is_empty() {
        let started = std::time::Instant::now();
        let mut brands: Vec<String> = BRAND_OPERATORS.iter().map(|(_, b, _)| (*b).to_owned()).collect();
        brands.dedup();
        let plan = super::history::Plan::demo(history_shops, brands);
        let history = super::history::generate(&demo, &plan, now);
        super::history::insert(db, &demo, &history, &hash).await?;
        tracing::info!(
            shops = history.shops.len() + plan.existing_shops.len(),
            orders = history.orders.len(),
            lines = history.lines.len(),
            ms = started.elapsed().as_millis() as u64,
            "seeded 90 days of order history"
        );
        let sales = super::counter::generate(&demo, &history, now, plan.seed);
        super::counter::insert(db, &demo, &sales).await?;
        tracing::info!(sales = sales.len(), "seeded the demo shops' counter sales");
    }
    for (i, (phone, name, role, _)) in DEMO_ACCOUNTS.iter().enumerate() {
        let role = if BRAND_OPERATORS.iter().any(|(u, ..)| *u == i as i64 + 1) { "brand_operator" } else { role };
        tracing::info!(phone, password = DEMO_PASSWORD, name, role, "demo account");
    }
    Ok(true)
}

/// Brand promotions on about one product in 60, running from three days ago for two weeks: a
/// price cut per case or a free case with every ten; one of them for shop 2 only.
async fn insert_promotions(
    tx: &mut crate::server::db::WriteTx,
    products: &[DemoProduct],
    now: i64,
) -> anyhow::Result<()> {
    let today = crate::dates::Date::local_of(now, 480);
    let (starts, ends) = (today.plus_days(-3).to_string(), today.plus_days(14).to_string());
    for (n, p) in products.iter().step_by(61).take(40).enumerate() {
        let (kind, off, buy, free, zh, en) = if n % 3 == 2 {
            ("free_cases", 0, 10, 1, "买10箱赠1箱".to_owned(), "Buy 10 cases, get 1 free".to_owned())
        } else {
            let off = (p.case_price_fen * (5 + (n as i64 % 3) * 5) / 100 + 5) / 10 * 10;
            let yuan = crate::money::Fen(off);
            ("price_cut", off, 0, 0, format!("直降{yuan}/箱"), format!("{yuan} off a case"))
        };
        sqlx::query(
            "INSERT INTO promotions (id, product_id, kind, off_fen, buy_n, free_n, starts_on, ends_on, shop_id, title_zh, title_en, created_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(n as i64 + 1)
        .bind(p.id)
        .bind(kind)
        .bind(off)
        .bind(buy)
        .bind(free)
        .bind(&starts)
        .bind(&ends)
        .bind(if n == 5 { Some(2i64) } else { None })
        .bind(zh)
        .bind(en)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The demo's suggested retail price of a unit: the unit's wholesale price marked up 20–45%
/// (by product), rounded up to 10 fen, or to 50 fen from ¥5 up, as shelf prices are.
pub fn retail_fen(p: &DemoProduct) -> i64 {
    let unit = p.case_price_fen / p.pack_size.max(1);
    let marked = unit * (120 + p.id.rem_euclid(26)) / 100;
    let step = if marked >= 500 { 50 } else { 10 };
    (marked + step - 1) / step * step
}

/// `($1, $2), ($3, $4)` for `rows` rows of `cols` parameters.
fn placeholders(rows: usize, cols: usize) -> String {
    (0..rows)
        .map(|r| format!("({})", (1..=cols).map(|c| format!("${}", r * cols + c)).collect::<Vec<_>>().join(", ")))
        .collect::<Vec<_>>()
        .join(", ")
}

async fn insert_products(
    tx: &mut crate::server::db::WriteTx,
    products: &[DemoProduct],
    now: i64,
) -> anyhow::Result<()> {
    const COLS: usize = 25;
    // Many rows per statement: 100,000 products load in seconds, not minutes.
    for chunk in products.chunks(200) {
        let mut sql = String::from(
            "INSERT INTO products (id, sku, name_zh, name_en, pinyin_full, pinyin_initials, brand_zh, brand_en, category, spec, \
             pack_size, case_price_fen, min_cases, max_cases, stock_cases, shelf_life_days, is_new, is_own_brand, is_trending, \
             is_price_guaranteed, is_snack, popularity, created_ms, search_text, retail_fen) VALUES ",
        );
        sql.push_str(&placeholders(chunk.len(), COLS));
        let mut q = sqlx::query(&sql);
        for p in chunk {
            let (full, initials) = pinyin_of(&p.name_zh);
            let search = search_text(p, &full, &initials);
            q = q
                .bind(p.id)
                .bind(p.sku.clone())
                .bind(p.name_zh.clone())
                .bind(p.name_en.clone())
                .bind(full)
                .bind(initials)
                .bind(p.brand_zh.clone())
                .bind(p.brand_en.clone())
                .bind(p.category.code())
                .bind(p.spec.clone())
                .bind(p.pack_size)
                .bind(p.case_price_fen)
                .bind(p.min_cases)
                .bind(p.max_cases)
                .bind(p.stock_cases)
                .bind(p.shelf_life_days)
                .bind(i64::from(p.is_new))
                .bind(i64::from(p.is_own_brand))
                .bind(i64::from(p.is_trending))
                .bind(i64::from(p.is_price_guaranteed))
                .bind(i64::from(p.is_snack))
                .bind(p.popularity)
                .bind(now - p.added_days_ago * 86_400_000)
                .bind(search)
                .bind(retail_fen(p));
        }
        q.execute(&mut **tx).await?;

        let sql = format!("INSERT INTO barcodes (code, product_id, kind) VALUES {}", placeholders(chunk.len() * 2, 3));
        let mut q = sqlx::query(&sql);
        for p in chunk {
            q = q.bind(p.unit_barcode.as_str().to_owned()).bind(p.id).bind("unit");
            q = q.bind(p.case_barcode.as_str().to_owned()).bind(p.id).bind("case");
        }
        q.execute(&mut **tx).await?;

        let n_breaks: usize = chunk.iter().map(|p| p.breaks.len()).sum();
        let sql = format!(
            "INSERT INTO price_breaks (product_id, min_cases, case_price_fen) VALUES {}",
            placeholders(n_breaks, 3)
        );
        let mut q = sqlx::query(&sql);
        for p in chunk {
            for (min, fen) in &p.breaks {
                q = q.bind(p.id).bind(*min).bind(*fen);
            }
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_gives_full_and_initials() {
        assert_eq!(pinyin_of("康师傅"), ("kangshifu".into(), "ksf".into()));
        assert_eq!(pinyin_of("农夫山泉 550ml"), ("nongfushanquan550ml".into(), "nfsq550ml".into()));
    }
}
