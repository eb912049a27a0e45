//! What every request handler and server function can reach of the base. (What a feature keeps
//! in memory, like the catalogue's search index, the root hands to server functions as a context
//! of its own.)

use super::config::Config;
use super::db::Db;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
}

/// Today in China (the platform's dates: promotions, promises).
pub fn today() -> crate::dates::Date {
    crate::dates::Date::local_of(super::db::now_ms(), 480)
}

/// The database, inside a server function.
pub fn db() -> Db {
    leptos::prelude::expect_context::<AppState>().db
}

pub fn config() -> Arc<Config> {
    leptos::prelude::expect_context::<AppState>().config
}
