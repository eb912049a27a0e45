//! A brand's own salespeople and the shops each serves: who represents the brand in the field,
//! the shops on their route (with where they are), and how many visits they made in 30 days.

use serde::{Deserialize, Serialize};

/// At most this many shops listed per salesperson (their route).
pub const MAX_SHOPS_EACH: usize = 200;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamShop {
    pub id: i64,
    pub name: String,
    pub city: String,
    pub town: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrandSalesperson {
    pub user_id: i64,
    pub name: String,
    /// The brand they represent (one of the caller's).
    pub brand: String,
    pub shops: Vec<TeamShop>,
    /// Visits checked in over the last 30 days.
    pub visits_30_days: i64,
}
