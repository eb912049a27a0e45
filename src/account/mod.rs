//! Accounts, roles and sessions: who is signed in, and what they may see.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "csr")]
pub mod views;

/// What other features may use of the account's database code: who the delivery simulation acts
/// as. (Who is calling, and for which shop, is the base's: `server::session::Caller`.)
#[cfg(feature = "ssr")]
pub(crate) use db::first_with_role;

use crate::error::{AppError, Invalid};
use crate::i18n::K;
use serde::{Deserialize, Serialize};

/// The six roles of the product. A user has exactly one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    ShopOwner,
    Salesperson,
    Dispatcher,
    Reviewer,
    Admin,
    /// A brand's or a distributor's account: its own products' numbers (`brands`), no shop's data.
    /// Stored as a `brand_operators` row (see migration 0010), read as this role by the session.
    BrandOperator,
}

impl Role {
    pub const ALL: [Role; 6] =
        [Role::ShopOwner, Role::Salesperson, Role::Dispatcher, Role::Reviewer, Role::Admin, Role::BrandOperator];

    /// How the role is stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Role::ShopOwner => "shop_owner",
            Role::Salesperson => "salesperson",
            Role::Dispatcher => "dispatcher",
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
            Role::BrandOperator => "brand_operator",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> K {
        match self {
            Role::ShopOwner => K::RoleShopOwner,
            Role::Salesperson => K::RoleSalesperson,
            Role::Dispatcher => K::RoleDispatcher,
            Role::Reviewer => K::RoleReviewer,
            Role::Admin => K::RoleAdmin,
            Role::BrandOperator => K::RoleBrandOperator,
        }
    }
}

/// A mainland China mobile number: 11 digits starting 13–19. Accepts what people type (spaces,
/// dashes, a +86 or 0086 prefix) and keeps the 11 digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Phone, AppError> {
        let digits: String = input.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '+')).collect();
        let digits = digits
            .strip_prefix("0086")
            .or_else(|| if digits.len() == 13 { digits.strip_prefix("86") } else { None })
            .unwrap_or(&digits);
        let ok = digits.len() == 11
            && digits.bytes().all(|b| b.is_ascii_digit())
            && digits.starts_with('1')
            && (b'3'..=b'9').contains(&digits.as_bytes()[1]);
        if ok {
            Ok(Phone(digits.to_owned()))
        } else {
            Err(AppError::Invalid(Invalid::Phone))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For logs: the first three and last four digits, "138****0001".
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

/// One of the account's signed-in devices, for the account page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub created_ms: i64,
    pub last_seen_ms: i64,
    /// What the device is, from its user agent (`device_summary`): "Chrome · Android".
    pub device: String,
    /// The session of the device asking.
    pub current: bool,
}

/// A short, recognisable summary of a user agent: the app or browser and the system, e.g.
/// "WeChat · Android", "Safari · iOS", "Chrome · Windows". Only this is stored, never the whole
/// string, and it is made of fixed words, so nothing a client sends reaches a page or a log.
pub fn device_summary(user_agent: &str) -> String {
    let ua = user_agent;
    let system = if ua.contains("HarmonyOS") {
        "HarmonyOS"
    } else if ua.contains("Android") {
        "Android"
    } else if ua.contains("iPhone") || ua.contains("iPad") || ua.contains("iPod") {
        "iOS"
    } else if ua.contains("Windows") {
        "Windows"
    } else if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        "macOS"
    } else if ua.contains("CrOS") {
        "ChromeOS"
    } else if ua.contains("Linux") {
        "Linux"
    } else {
        ""
    };
    let app = if ua.contains("MicroMessenger") {
        "WeChat"
    } else if ua.contains("AlipayClient") {
        "Alipay"
    } else if ua.contains("Edg/") {
        "Edge"
    } else if ua.contains("HuaweiBrowser") {
        "Huawei Browser"
    } else if ua.contains("UCBrowser") {
        "UC Browser"
    } else if ua.contains("QQBrowser") {
        "QQ Browser"
    } else if ua.contains("MiuiBrowser") {
        "Mi Browser"
    } else if ua.contains("Firefox/") || ua.contains("FxiOS") {
        "Firefox"
    } else if ua.contains("Chrome/") || ua.contains("CriOS") {
        "Chrome"
    } else if ua.contains("Safari/") {
        "Safari"
    } else {
        ""
    };
    match (app, system) {
        ("", "") => "?".to_owned(),
        (a, "") => a.to_owned(),
        ("", s) => s.to_owned(),
        (a, s) => format!("{a} · {s}"),
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ShopRef {
    pub id: i64,
    pub name: String,
}

/// The signed-in user as the app sees them. The server derives it from the session cookie on
/// every call; the app keeps a copy on the device so that it opens signed in while offline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub user_id: i64,
    pub name: String,
    pub phone: String,
    pub role: Role,
    /// The owner's own shop; `None` for every other role.
    pub shop: Option<ShopRef>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_as_people_type_them() {
        for ok in ["13800000001", "138 0000 0001", "+86 138-0000-0001", "008613800000001", "8613800000001"] {
            assert_eq!(Phone::parse(ok).unwrap().as_str(), "13800000001", "{ok}");
        }
        for bad in ["", "1380000000", "138000000012", "12800000001", "23800000001", "1380000000x"] {
            assert_eq!(Phone::parse(bad), Err(AppError::Invalid(Invalid::Phone)), "{bad}");
        }
    }

    #[test]
    fn phone_numbers_are_masked_for_logs() {
        assert_eq!(Phone::parse("13800000001").unwrap().masked(), "138****0001");
    }

    #[test]
    fn user_agents_are_summarised_as_app_and_system() {
        let android_chrome = "Mozilla/5.0 (Linux; Android 13; M2101K9C) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36";
        assert_eq!(device_summary(android_chrome), "Chrome · Android");
        let wechat = "Mozilla/5.0 (Linux; Android 12; V2049A) AppleWebKit/537.36 Chrome/86.0 Mobile Safari/537.36 MicroMessenger/8.0.40";
        assert_eq!(device_summary(wechat), "WeChat · Android");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
        assert_eq!(device_summary(iphone), "Safari · iOS");
        assert_eq!(
            device_summary("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0 Safari/537.36 Edg/120.0"),
            "Edge · Windows"
        );
        assert_eq!(device_summary("curl/8.0"), "?");
        assert_eq!(device_summary("<script>\nalert(1)"), "?");
    }

    #[test]
    fn roles_round_trip_through_their_codes() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        assert_eq!(Role::from_code("root"), None);
    }
}
