//! Accounts, roles and sessions: who is signed in, and what they may see.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "csr")]
pub mod views;

use crate::error::{AppError, Invalid};
use crate::i18n::K;
use serde::{Deserialize, Serialize};

/// The five roles of the product. A user has exactly one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    ShopOwner,
    Salesperson,
    Dispatcher,
    Reviewer,
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::ShopOwner, Role::Salesperson, Role::Dispatcher, Role::Reviewer, Role::Admin];

    /// How the role is stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Role::ShopOwner => "shop_owner",
            Role::Salesperson => "salesperson",
            Role::Dispatcher => "dispatcher",
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
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
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    fn roles_round_trip_through_their_codes() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        assert_eq!(Role::from_code("root"), None);
    }
}
