//! What every request handler and server function can reach.

use super::config::Config;
use super::db::Db;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub search: crate::catalogue::search::SearchIndex,
    pub sqlite: bool,
    /// SQLite has one writer at a time: writers queue here, in order, instead of sleeping and
    /// retrying inside SQLite's busy handler (which made the slowest checkouts wait most).
    pub writes: Arc<tokio::sync::Mutex<()>>,
}

impl AppState {
    /// Held for the length of a write transaction on SQLite; nothing on PostgreSQL.
    pub async fn write_turn(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        if self.sqlite {
            Some(self.writes.lock().await)
        } else {
            None
        }
    }
}

pub fn state() -> AppState {
    leptos::prelude::expect_context::<AppState>()
}

/// Today in China (the platform's dates: promotions, promises).
pub fn today() -> crate::dates::Date {
    crate::dates::Date::local_of(super::db::now_ms(), 480)
}

/// The database pool, inside a server function.
pub fn db() -> Db {
    leptos::prelude::expect_context::<AppState>().db
}

pub fn config() -> Arc<Config> {
    leptos::prelude::expect_context::<AppState>().config
}
