//! The catalogue's search index, in the server's memory: every product's searchable text in two
//! contiguous lower-cased buffers scanned with SIMD substring search (Chinese names and brand in
//! one, English names, brand, full pinyin and initials in the other, so a query scans only the
//! script it is written in), and every barcode in a third. A query over 100,000 products takes a few
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
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

struct Entry {
    id: i64,
    /// Byte ranges of this product's text in `Index::cjk` and `Index::ascii`.
    cjk: (usize, usize),
    ascii: (usize, usize),
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

/// A product as the index loads it.
#[derive(sqlx::FromRow)]
struct ProductRow {
    id: i64,
    name_zh: String,
    name_en: String,
    brand_zh: String,
    brand_en: String,
    pinyin_full: String,
    pinyin_initials: String,
    category: String,
    is_new: i64,
    is_own_brand: i64,
    is_trending: i64,
    is_price_guaranteed: i64,
    popularity: i64,
    created_ms: i64,
    case_price_fen: i64,
    stock_cases: i64,
}

#[derive(Default)]
struct Index {
    entries: Vec<Entry>,
    /// Every entry's Chinese text, then its Latin text, each entry's ending in '\n'.
    cjk: String,
    ascii: String,
    /// Every barcode followed by '\n', and for each, where it ends and whose it is.
    codes: String,
    code_ends: Vec<(usize, usize)>,
    /// Barcode → entry position.
    barcodes: HashMap<String, usize>,
    by_id: HashMap<i64, usize>,
}

impl Index {
    fn text_of(&self, e: &Entry) -> (&str, &str) {
        (&self.cjk[e.cjk.0..e.cjk.1], &self.ascii[e.ascii.0..e.ascii.1])
    }
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
        let rows: Vec<ProductRow> = sqlx::query_as(
            "SELECT id, name_zh, name_en, brand_zh, brand_en, pinyin_full, pinyin_initials, category, is_new, is_own_brand, is_trending,
                    is_price_guaranteed, popularity, created_ms, case_price_fen, stock_cases FROM products",
        )
        .fetch_all(db)
        .await?;
        let codes: Vec<(String, i64)> = sqlx::query_as("SELECT code, product_id FROM barcodes").fetch_all(db).await?;
        let mut idx = Index { entries: Vec::with_capacity(rows.len()), ..Default::default() };
        for r in rows {
            let fields = [&r.name_zh, &r.name_en, &r.brand_zh, &r.brand_en, &r.pinyin_full, &r.pinyin_initials]
                .map(|f| f.to_lowercase());
            let push = |buf: &mut String, parts: &[&String]| {
                let start = buf.len();
                for f in parts {
                    buf.push_str(f);
                    buf.push('\t');
                }
                let end = buf.len();
                buf.push('\n');
                (start, end)
            };
            let cjk = push(&mut idx.cjk, &[&fields[0], &fields[2]]);
            let ascii = push(&mut idx.ascii, &[&fields[1], &fields[3], &fields[4], &fields[5]]);
            let mut flags = 0;
            for (set, f) in [
                (r.is_new, Flag::New),
                (r.is_own_brand, Flag::OwnBrand),
                (r.is_trending, Flag::Trending),
                (r.is_price_guaranteed, Flag::PriceGuaranteed),
            ] {
                if set == 1 {
                    flags |= flag_bit(f);
                }
            }
            idx.by_id.insert(r.id, idx.entries.len());
            idx.entries.push(Entry {
                id: r.id,
                cjk,
                ascii,
                brand_zh: r.brand_zh.into(),
                prefixes: fields.map(String::into_boxed_str),
                category: Category::from_code(&r.category).ok_or(AppError::Internal)?,
                flags,
                popularity: r.popularity,
                created_ms: r.created_ms,
                case_price: r.case_price_fen,
                stock: r.stock_cases,
            });
        }
        for (code, pid) in codes {
            if let Some(&pos) = idx.by_id.get(&pid) {
                idx.codes.push_str(&code);
                idx.code_ends.push((idx.codes.len(), pos));
                idx.codes.push('\n');
                idx.barcodes.insert(code, pos);
            }
        }
        *self.0.write().expect("index lock") = idx;
        Ok(())
    }

    /// Refreshes the stock and price snapshot (cheap: two numbers per product).
    pub async fn refresh_volatile(&self, db: &Db) -> Result<(), AppError> {
        let rows: Vec<(i64, i64, i64)> =
            sqlx::query_as("SELECT id, case_price_fen, stock_cases FROM products").fetch_all(db).await?;
        let mut idx = self.0.write().expect("index lock");
        for (id, case_price, stock) in rows {
            if let Some(&pos) = idx.by_id.get(&id) {
                idx.entries[pos].case_price = case_price;
                idx.entries[pos].stock = stock;
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
        // (entry position, rank): 0 exact barcode, 1 barcode ending in the digits, 2 a name, brand
        // or pinyin starting with the query, 3 containing it.
        let mut ranked: Vec<(usize, u8)> = Vec::new();
        let digits = !q.is_empty() && q.bytes().all(|b| b.is_ascii_digit());
        if digits {
            if let Some(&pos) = idx.barcodes.get(q.as_str()) {
                ranked.push((pos, 0));
            }
            if q.len() >= 4 {
                let tail = format!("{q}\n");
                for at in memmem::find_iter(idx.codes.as_bytes(), tail.as_bytes()) {
                    let end = at + q.len();
                    let i = idx.code_ends.partition_point(|(e, _)| *e < end);
                    if let Some(&(_, pos)) = idx.code_ends.get(i) {
                        ranked.push((pos, 1));
                    }
                }
            }
        }
        if let Some(longest) = tokens.iter().max_by_key(|t| t.len()) {
            // Scan only the buffer of the script the query is written in.
            let latin = longest.is_ascii();
            let buf = if latin { &idx.ascii } else { &idx.cjk };
            let finder = memmem::Finder::new(longest.as_bytes());
            let mut last = usize::MAX;
            for at in finder.find_iter(buf.as_bytes()) {
                // The entry whose range holds this match (entries are in buffer order).
                let pos = if latin {
                    idx.entries.partition_point(|e| e.ascii.1 <= at)
                } else {
                    idx.entries.partition_point(|e| e.cjk.1 <= at)
                };
                if pos == last || pos >= idx.entries.len() {
                    continue;
                }
                last = pos;
                let e = &idx.entries[pos];
                let (cjk, ascii) = idx.text_of(e);
                if !tokens.iter().all(|t| cjk.contains(t) || ascii.contains(t)) {
                    continue;
                }
                let prefix = e.prefixes.iter().any(|f| f.starts_with(tokens[0]));
                ranked.push((pos, if prefix { 2 } else { 3 }));
            }
        }
        // An entry found several ways keeps its best rank.
        ranked.sort_unstable();
        ranked.dedup_by_key(|(pos, _)| *pos);
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
            ra.cmp(rb)
                .then_with(|| match query.sort {
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
