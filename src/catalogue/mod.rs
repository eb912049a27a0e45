//! The wholesale catalogue: products (SKUs), their categories, prices and stock.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
/// Drawn on the server (`/img/p/{id}.svg`) and in the page (`views::packshot`).
pub mod packshot;
#[cfg(feature = "ssr")]
pub mod search;
#[cfg(feature = "csr")]
pub mod views;

/// What other features may use of the catalogue's database code: product cards by id, tagged with
/// the promotions running for a shop.
#[cfg(feature = "ssr")]
pub(crate) use db::{cards_by_ids, tag_promotions};

use crate::i18n::{Lang, K};
use crate::money::Fen;
use serde::{Deserialize, Serialize};

/// The twelve core categories of PRODUCT.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Category {
    Drinks,
    Snacks,
    Instant,
    GrainOil,
    Dairy,
    Alcohol,
    PersonalCare,
    Household,
    Paper,
    Brewed,
    Confectionery,
    General,
}

impl Category {
    pub const ALL: [Category; 12] = [
        Category::Drinks,
        Category::Snacks,
        Category::Instant,
        Category::GrainOil,
        Category::Dairy,
        Category::Alcohol,
        Category::PersonalCare,
        Category::Household,
        Category::Paper,
        Category::Brewed,
        Category::Confectionery,
        Category::General,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Category::Drinks => "drinks",
            Category::Snacks => "snacks",
            Category::Instant => "instant",
            Category::GrainOil => "grain_oil",
            Category::Dairy => "dairy",
            Category::Alcohol => "alcohol",
            Category::PersonalCare => "personal_care",
            Category::Household => "household",
            Category::Paper => "paper",
            Category::Brewed => "brewed",
            Category::Confectionery => "confectionery",
            Category::General => "general",
        }
    }

    pub fn from_code(code: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn label(self) -> K {
        match self {
            Category::Drinks => K::CatDrinks,
            Category::Snacks => K::CatSnacks,
            Category::Instant => K::CatInstant,
            Category::GrainOil => K::CatGrainOil,
            Category::Dairy => K::CatDairy,
            Category::Alcohol => K::CatAlcohol,
            Category::PersonalCare => K::CatPersonalCare,
            Category::Household => K::CatHousehold,
            Category::Paper => K::CatPaper,
            Category::Brewed => K::CatBrewed,
            Category::Confectionery => K::CatConfectionery,
            Category::General => K::CatGeneral,
        }
    }

    /// Food the expiry guarantee (过期赔) can apply to.
    pub fn is_food(self) -> bool {
        matches!(
            self,
            Category::Drinks
                | Category::Snacks
                | Category::Instant
                | Category::GrainOil
                | Category::Dairy
                | Category::Alcohol
                | Category::Brewed
                | Category::Confectionery
        )
    }
}

/// A filter on the product flags of PRODUCT.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Flag {
    New,
    OwnBrand,
    Trending,
    PriceGuaranteed,
}

impl Flag {
    pub const ALL: [Flag; 4] = [Flag::New, Flag::OwnBrand, Flag::Trending, Flag::PriceGuaranteed];

    pub fn code(self) -> &'static str {
        match self {
            Flag::New => "new",
            Flag::OwnBrand => "own_brand",
            Flag::Trending => "trending",
            Flag::PriceGuaranteed => "price_guaranteed",
        }
    }

    pub fn from_code(code: &str) -> Option<Flag> {
        Flag::ALL.into_iter().find(|f| f.code() == code)
    }

    pub fn label(self) -> K {
        match self {
            Flag::New => K::FlagNew,
            Flag::OwnBrand => K::FlagOwnBrand,
            Flag::Trending => K::FlagTrending,
            Flag::PriceGuaranteed => K::FlagPriceGuaranteed,
        }
    }
}

/// How a listing is ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sort {
    Popular,
    PriceAsc,
    PriceDesc,
    Newest,
}

impl Sort {
    pub const ALL: [Sort; 4] = [Sort::Popular, Sort::PriceAsc, Sort::PriceDesc, Sort::Newest];

    pub fn code(self) -> &'static str {
        match self {
            Sort::Popular => "popular",
            Sort::PriceAsc => "price_asc",
            Sort::PriceDesc => "price_desc",
            Sort::Newest => "newest",
        }
    }

    pub fn from_code(code: &str) -> Sort {
        Sort::ALL.into_iter().find(|s| s.code() == code).unwrap_or(Sort::Popular)
    }

    pub fn label(self) -> K {
        match self {
            Sort::Popular => K::SortPopular,
            Sort::PriceAsc => K::SortPriceAsc,
            Sort::PriceDesc => K::SortPriceDesc,
            Sort::Newest => K::SortNewest,
        }
    }
}

/// A product as a list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductCard {
    pub id: i64,
    pub name_zh: String,
    pub name_en: String,
    pub brand_zh: String,
    pub brand_en: String,
    pub category: Category,
    /// The unit and pack as printed on the packshot ("550ml×24"). Missing from catalogue
    /// snapshots kept before it was added: empty until the next refresh.
    #[serde(default)]
    pub spec: String,
    /// Units in one case; shops order whole cases.
    pub pack_size: i64,
    pub case_price: Fen,
    pub stock_cases: i64,
    pub min_cases: i64,
    pub max_cases: i64,
    pub flags: Vec<Flag>,
    /// The promotion running for the shop today, if any.
    pub promo: Option<PromoTag>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromoTag {
    pub title_zh: String,
    pub title_en: String,
    pub ends_on: String,
}

impl PromoTag {
    pub fn title(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.title_zh,
            Lang::En => &self.title_en,
        }
    }
}

impl ProductCard {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.name_zh,
            Lang::En => &self.name_en,
        }
    }

    pub fn brand(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.brand_zh,
            Lang::En => &self.brand_en,
        }
    }

    pub fn unit_price(&self) -> Fen {
        self.case_price.div_round(self.pack_size.max(1))
    }
}

/// One page of a catalogue listing, stamped with when the server produced it so that a copy
/// shown from the device's cache can say how old it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CataloguePage {
    pub items: Vec<ProductCard>,
    pub total: i64,
    pub as_of_ms: i64,
}

/// Everything the product page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductDetail {
    pub card: ProductCard,
    pub breaks: Vec<crate::orders::rules::PriceBreak>,
    pub barcodes: Vec<String>,
    pub shelf_life_days: Option<i64>,
    pub snack: bool,
}

impl ProductDetail {
    /// Which guarantees cover this product: price (price-guaranteed SKUs), late delivery and
    /// quality (everything), expiry (food with a shelf life), slow seller (snacks).
    pub fn guarantees(&self) -> Vec<crate::claims::rules::Guarantee> {
        use crate::claims::rules::Guarantee;
        let mut g = Vec::new();
        if self.card.flags.contains(&Flag::PriceGuaranteed) {
            g.push(Guarantee::PriceMatch);
        }
        g.push(Guarantee::LateDelivery);
        if self.shelf_life_days.is_some() && self.card.category.is_food() {
            g.push(Guarantee::Expiry);
        }
        if self.snack {
            g.push(Guarantee::SlowSeller);
        }
        g.push(Guarantee::Quality);
        g
    }
}

/// Page size of catalogue listings.
pub const PAGE: i64 = 40;
/// The longest search text or filter value a list request may carry.
pub const QUERY_MAX_CHARS: usize = 100;

/// What a scanned barcode is: the product, and the units one scan stands for (a case code counts
/// its pack).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BarcodeMatch {
    pub card: ProductCard,
    pub case: bool,
    pub units: i64,
}
