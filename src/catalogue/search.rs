//! The catalogue's search index, in the server's memory: every product's searchable text (names,
//! brand, full pinyin and initials) in one contiguous lower-cased buffer scanned with SIMD
//! substring search, and a map of barcodes. A query over 100,000 products takes a few
//! milliseconds (BENCHMARKS.md), where `LIKE '%…%'` in the database takes tens.
//!
//! Ranking: an exact barcode first, then a barcode ending in the digits typed, then products whose
//! name, brand or pinyin starts with the query, then the rest; within a rank, the chosen sort.
//! Stock and price here are a snapshot (refreshed every 30 s) used only to filter and sort; the
//! page shown always carries the database's current values.

pub use super::Sort;
use super::{Category, Flag};
use crate::error::AppError;
use crate::server::db::Db;
use memchr::memmem;
use sqlx::Row;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

struct Entry {
    id: i64,
    /// Byte range of this product's text in `Index::text`.
    start: usize,
    end: usize,
    /// Lower-cased fields a query may start with.
    prefixes: [Box<str>; 6],
    category: Category,
    flags: u8,
    brand_zh: Box<str>,
    popularity: i64,
    created_ms: i64,
    case_price: i64,
    stock: i64,
}

#[derive(Default)]
struct Index {
    entries: Vec<Entry>,
    /// Every entry's text, separated by '\n' (which no text contains).
    text: String,
    /// Barcode → entry position.
    barcodes: HashMap<String, usize>,
    by_id: HashMap<i64, usize>,
}

/// The shared, periodically refreshed index.
#[derive(Clone, Default)]
pub struct SearchIndex(Arc<RwLock<Index>>);

pub struct Query<'a> {
    pub q: &'a str,
    pub category: Option<Category>,
    pub flag: Option<Flag>,
    pub brand: Option<&'a str>,
    pub in_stock: bool,
    /// Only these products (running promotions), when set.
    pub only: Option<&'a std::collections::HashSet<i64>>,
    pub sort: Sort,
}

fn flag_bit(f: Flag) -> u8 {
    match f {
        Flag::New => 1,
        Flag::OwnBrand => 2,
        Flag::Trending => 4,
        Flag::PriceGuaranteed => 8,
    }
}

impl SearchIndex {
    /// Loads every product from the database.
    pub async fn load(db: &Db) -> Result<SearchIndex, AppError> {
        let index = SearchIndex::default();
        index.reload(db).await?;
        Ok(index)
    }

    pub async fn reload(&self, db: &Db) -> Result<(), AppError> {
        let rows = sqlx::query(
            "SELECT id, name_zh, name_en, brand_zh, brand_en, pinyin_full, pinyin_initials, category, is_new, is_own_brand, is_trending,
                    is_price_guaranteed, popularity, created_ms, case_price_fen, stock_cases FROM products",
        )
        .fetch_all(db)
        .await?;
        let codes = sqlx::query("SELECT code, product_id FROM barcodes").fetch_all(db).await?;
        let mut idx = Index { entries: Vec::with_capacity(rows.len()), ..Default::default() };
        for r in &rows {
            let get = |c: &str| r.try_get::<String, _>(c).map(|s| s.to_lowercase());
            let fields = [get("name_zh")?, get("name_en")?, get("brand_zh")?, get("brand_en")?, get("pinyin_full")?, get("pinyin_initials")?];
            let start = idx.text.len();
            for f in &fields {
                idx.text.push_str(f);
                idx.text.push('\t');
            }
            let end = idx.text.len();
            idx.text.push('\n');
            let mut flags = 0;
            for (col, f) in [("is_new", Flag::New), ("is_own_brand", Flag::OwnBrand), ("is_trending", Flag::Trending), ("is_price_guaranteed", Flag::PriceGuaranteed)] {
                if r.try_get::<i64, _>(col)? == 1 {
                    flags |= flag_bit(f);
                }
            }
            let category: String = r.try_get("category")?;
            let id: i64 = r.try_get("id")?;
            idx.by_id.insert(id, idx.entries.len());
            idx.entries.push(Entry {
                id,
                start,
                end,
                brand_zh: r.try_get::<String, _>("brand_zh")?.into(),
                prefixes: fields.map(String::into_boxed_str),
                category: Category::from_code(&category).ok_or(AppError::Internal)?,
                flags,
                popularity: r.try_get("popularity")?,
                created_ms: r.try_get("created_ms")?,
                case_price: r.try_get("case_price_fen")?,
                stock: r.try_get("stock_cases")?,
            });
        }
        for r in &codes {
            let pid: i64 = r.try_get("product_id")?;
            if let Some(pos) = idx.by_id.get(&pid) {
                idx.barcodes.insert(r.try_get("code")?, *pos);
            }
        }
        *self.0.write().expect("index lock") = idx;
        Ok(())
    }

    /// Refreshes the stock and price snapshot (cheap: two numbers per product).
    pub async fn refresh_volatile(&self, db: &Db) -> Result<(), AppError> {
        let rows = sqlx::query("SELECT id, case_price_fen, stock_cases FROM products").fetch_all(db).await?;
        let mut idx = self.0.write().expect("index lock");
        for r in &rows {
            if let Some(&pos) = idx.by_id.get(&r.try_get::<i64, _>("id")?) {
                idx.entries[pos].case_price = r.try_get("case_price_fen")?;
                idx.entries[pos].stock = r.try_get("stock_cases")?;
            }
        }
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.0.read().expect("index lock").entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every matching product id, best first.
    pub fn search(&self, query: &Query) -> Vec<i64> {
        let idx = self.0.read().expect("index lock");
        let q = query.q.trim().to_lowercase();
        let tokens: Vec<&str> = q.split_whitespace().collect();
        // rank per entry position: 0 exact barcode, 1 barcode suffix, 2 prefix, 3 contains
        let mut ranked: HashMap<usize, u8> = HashMap::new();
        let digits = !q.is_empty() && q.bytes().all(|b| b.is_ascii_digit());
        if digits {
            if let Some(&pos) = idx.barcodes.get(q.as_str()) {
                ranked.insert(pos, 0);
            }
            if q.len() >= 4 {
                for (code, &pos) in &idx.barcodes {
                    if code.ends_with(q.as_str()) {
                        ranked.entry(pos).or_insert(1);
                    }
                }
            }
        }
        if let Some(longest) = tokens.iter().max_by_key(|t| t.len()) {
            let finder = memmem::Finder::new(longest.as_bytes());
            let text = idx.text.as_bytes();
            let mut last = usize::MAX;
            for at in finder.find_iter(text) {
                // The entry whose range holds this match (entries are in text order).
                let pos = idx.entries.partition_point(|e| e.end <= at);
                if pos == last || pos >= idx.entries.len() {
                    continue;
                }
                last = pos;
                let e = &idx.entries[pos];
                let own = &idx.text[e.start..e.end];
                if !tokens.iter().all(|t| own.contains(t)) {
                    continue;
                }
                let prefix = e.prefixes.iter().any(|f| f.starts_with(tokens[0]));
                let rank = if prefix { 2 } else { 3 };
                ranked.entry(pos).and_modify(|r| *r = (*r).min(rank)).or_insert(rank);
            }
        }
        let mut hits: Vec<(u8, &Entry)> = ranked
            .into_iter()
            .map(|(pos, rank)| (rank, &idx.entries[pos]))
            .filter(|(_, e)| query.category.is_none_or(|c| e.category == c))
            .filter(|(_, e)| query.flag.is_none_or(|f| e.flags & flag_bit(f) != 0))
            .filter(|(_, e)| query.brand.is_none_or(|b| &*e.brand_zh == b))
            .filter(|(_, e)| !query.in_stock || e.stock > 0)
            .filter(|(_, e)| query.only.is_none_or(|set| set.contains(&e.id)))
            .collect();
        hits.sort_by(|(ra, a), (rb, b)| {
            ra.cmp(rb).then_with(|| match query.sort {
                Sort::Popular => b.popularity.cmp(&a.popularity),
                Sort::PriceAsc => a.case_price.cmp(&b.case_price),
                Sort::PriceDesc => b.case_price.cmp(&a.case_price),
                Sort::Newest => b.created_ms.cmp(&a.created_ms),
            })
            .then(a.id.cmp(&b.id))
        });
        hits.into_iter().map(|(_, e)| e.id).collect()
    }
}
