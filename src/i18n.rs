//! The translation catalogue: every string a screen shows, in Simplified Chinese and English.
//!
//! Keys are an enum, and the table gives each key both languages in one line, so a missing
//! translation is a compile error rather than a blank on someone's screen.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// BCP 47 tag, for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language for a browser that prefers `tags` (navigator.languages, best first): the
    /// first one we speak. Chinese browsers (any zh-*) get Simplified Chinese; a browser that
    /// speaks neither gets English, the one a non-Chinese speaker is likelier to read.
    pub fn for_browser<S: AsRef<str>>(tags: &[S]) -> Lang {
        tags.iter()
            .find_map(|t| Lang::from_tag(t.as_ref()))
            .unwrap_or(Lang::En)
    }

    /// The name of the language in itself, for the switcher.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::Zh => "中文",
            Lang::En => "English",
        }
    }
}

macro_rules! messages {
    ($($key:ident => $zh:literal, $en:literal;)*) => {
        /// A message of the catalogue.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum K { $($key),* }

        impl K {
            pub const ALL: &'static [K] = &[$(K::$key),*];

            pub fn text(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::Zh => match self { $(K::$key => $zh),* },
                    Lang::En => match self { $(K::$key => $en),* },
                }
            }
        }
    };
}

messages! {
    AppName => "小店进货", "Corner Restock";
    Tagline => "批发价进货，次日送到店", "Wholesale prices, delivered to your shop tomorrow";
    NavHome => "首页", "Home";
    NavCatalogue => "分类", "Catalogue";
    NavCart => "购物车", "Cart";
    NavOrders => "订单", "Orders";
    NavClaims => "理赔", "Claims";
    NavAccount => "我的", "Me";
    Loading => "加载中…", "Loading…";
    Retry => "重试", "Try again";
    LoadMore => "加载更多", "Load more";
    SearchPlaceholder => "搜索商品名、拼音、品牌或条码", "Search name, pinyin, brand or barcode";
    AllCategories => "全部", "All";
    InStock => "有货", "In stock";
    OutOfStock => "缺货", "Out of stock";
    PerCase => "/箱", "/case";
    PerUnit => "/件", "/unit";
    NoProducts => "没有找到相关商品", "No products match";
    FlagNew => "新品", "New";
    FlagOwnBrand => "自有品牌", "Own brand";
    FlagTrending => "网红", "Trending";
    FlagPriceGuaranteed => "贵就赔", "Price guarantee";
    NewArrivals => "新品上架", "New arrivals";
    TrendingNow => "网红爆款", "Trending now";
    SeeAll => "查看全部", "See all";
    SignInTitle => "登录", "Sign in";
    Phone => "手机号", "Phone number";
    Password => "密码", "Password";
    SignIn => "登录", "Sign in";
    SigningIn => "正在登录…", "Signing in…";
    SignOut => "退出登录", "Sign out";
    Language => "语言", "Language";
    Role => "身份", "Role";
    Shop => "店铺", "Shop";
    RoleShopOwner => "店主", "Shop owner";
    RoleSalesperson => "业务员", "Salesperson";
    RoleDispatcher => "调度员", "Dispatcher";
    RoleReviewer => "理赔审核员", "Claims reviewer";
    RoleAdmin => "管理员", "Admin";
    CartEmpty => "购物车是空的", "Your cart is empty";
    CartEmptyHint => "去分类里挑选商品，加入购物车", "Pick products from the catalogue to fill it";
    OrdersEmpty => "还没有订单", "No orders yet";
    OrdersEmptyHint => "下单后可以在这里跟踪配送", "Place an order to follow its delivery here";
    ClaimsEmpty => "没有理赔", "No claims";
    ClaimsEmptyHint => "贵就赔、迟就赔、过期赔、滞销赔都在这里申请", "Price, late-delivery, expiry and slow-seller guarantees are claimed here";
    GoShopping => "去进货", "Browse the catalogue";
    Offline => "网络已断开，显示的是本机保存的数据", "You are offline: showing what this device saved";
    UpdatedAgo => "数据更新于", "Updated";
    MinutesAgo => "分钟前", "min ago";
    JustNow => "刚刚", "just now";
    ErrNotSignedIn => "请先登录", "Please sign in";
    ErrForbidden => "没有权限查看", "You are not allowed to see this";
    ErrNotFound => "找不到了", "Not found";
    ErrBadCredentials => "手机号或密码不对", "Wrong phone number or password";
    ErrPhone => "请输入 11 位手机号", "Enter an 11-digit mobile number";
    ErrPasswordEmpty => "请输入密码", "Enter your password";
    ErrNetwork => "网络不好，请稍后重试", "The network is not reachable; try again shortly";
    ErrServer => "服务器出错了，请稍后重试", "Something went wrong on our side; try again shortly";
    ErrTooManyAttempts => "尝试次数太多，请稍后再试", "Too many attempts; wait a minute and try again";
    PackOf => "每箱", "Case of";
    Units => "件", "units";
    Cases => "箱", "cases";
    StockLeft => "库存", "Stock";
    Hello => "您好", "Hello";
    DemoAccounts => "演示账号", "Demo accounts";
    PageNotFound => "页面不存在", "Page not found";
    Catalogue => "商品分类", "Catalogue";
    CatDrinks => "饮料", "Drinks";
    CatSnacks => "休闲食品", "Snacks";
    CatInstant => "方便速食", "Instant food";
    CatGrainOil => "粮油调味", "Grain, oil & condiments";
    CatDairy => "乳品", "Dairy";
    CatAlcohol => "酒类", "Alcohol";
    CatPersonalCare => "个人护理", "Personal care";
    CatHousehold => "家庭清洁", "Household cleaning";
    CatPaper => "纸品", "Paper";
    CatBrewed => "冲调", "Brewed drinks";
    CatConfectionery => "糖果巧克力", "Confectionery";
    CatGeneral => "日用百货", "General merchandise";
}

/// "3 分钟前" / "3 min ago"; "刚刚" / "just now" under a minute.
pub fn minutes_ago(lang: Lang, minutes: i64) -> String {
    if minutes < 1 {
        return K::JustNow.text(lang).to_owned();
    }
    match lang {
        Lang::Zh => format!("{minutes} {}", K::MinutesAgo.text(lang)),
        Lang::En => format!("{minutes} {}", K::MinutesAgo.text(lang)),
    }
}

/// "库存 12 箱" / "Stock 12 cases".
pub fn stock_cases(lang: Lang, cases: i64) -> String {
    format!("{} {cases} {}", K::StockLeft.text(lang), K::Cases.text(lang))
}

/// "每箱 24 件" / "Case of 24 units".
pub fn pack_of(lang: Lang, units: i64) -> String {
    format!("{} {units} {}", K::PackOf.text(lang), K::Units.text(lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_browsers_get_chinese_others_english() {
        assert_eq!(Lang::for_browser(&["zh-CN", "en"]), Lang::Zh);
        assert_eq!(Lang::for_browser(&["zh-TW"]), Lang::Zh);
        assert_eq!(Lang::for_browser(&["en-GB", "zh-CN"]), Lang::En);
        assert_eq!(Lang::for_browser(&["fr-FR", "zh"]), Lang::Zh);
        assert_eq!(Lang::for_browser(&["fr-FR"]), Lang::En);
        assert_eq!(Lang::for_browser::<&str>(&[]), Lang::En);
    }

    #[test]
    fn every_message_is_translated_and_chinese_is_chinese() {
        for k in K::ALL {
            let (zh, en) = (k.text(Lang::Zh), k.text(Lang::En));
            assert!(!zh.is_empty() && !en.is_empty(), "{k:?}");
            assert!(!en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{k:?} English has Chinese");
        }
        assert!(K::ALL.iter().filter(|k| k.text(Lang::Zh) == k.text(Lang::En)).count() == 0);
    }
}
