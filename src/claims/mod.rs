//! Claims: the guarantees' rules (shared and pure, so the app shows the shop exactly what the server
//! will decide). Filing, review and payment build on these.

pub mod rules;
