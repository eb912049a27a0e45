//! The server's base, below every feature: configuration, the database (`db::Db`, whose
//! `write()` is the only way to write), sessions and who is calling (`session::Caller`,
//! `session::ActingShop`), and what a server function reaches (`state`). It names no feature's
//! database code and nothing of the composition root (`crate::root`), which wires features to it.

pub mod config;
pub mod db;
pub mod session;
pub mod sessions;
pub mod state;

/// Gives a server function's answer its HTTP status (`AppError::status`).
pub fn answer<T>(result: Result<T, crate::error::AppError>) -> Result<T, crate::error::AppError> {
    if let Err(e) = &result {
        if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(e.status());
        }
    }
    result
}
