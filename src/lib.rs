//! 小店进货 Corner Restock: wholesale restocking for corner shops.
//!
//! One crate compiled twice: the client (`csr`, WebAssembly, built by Trunk) and the server
//! (`ssr`, native). Feature folders (`account`, `catalogue`, …) hold everything about one capability:
//! shared types and pure rules in `mod.rs` (both builds), server functions in `api.rs` (declared in
//! both, run on the server), views in `views.rs` (client only) and database code in `db.rs` (server
//! only). Code every feature uses lives beside them: `error`, `i18n`, `money`, `barcode`, the
//! screens' shared parts (`ui`), the app shell (`app`: start-up and the router, which no feature
//! imports), the device store (`device`), the ledger (`ledger`) and the server's base
//! (`server`: configuration, database, sessions). The composition root (`root`) wires the
//! features to the base: the router, the server functions' registration, the background tasks.
//! Dependencies point one way: base, then features, then the root.

pub mod account;
pub mod barcode;
pub mod brands;
pub mod cart;
pub mod catalogue;
pub mod claims;
pub mod counter;
pub mod dates;
pub mod delivery;
pub mod error;
pub mod i18n;
pub mod id;
pub mod money;
pub mod numbers;
pub mod orders;
pub mod sales;
pub mod scanner;

#[cfg(feature = "csr")]
pub mod app;
#[cfg(feature = "csr")]
pub mod device;
#[cfg(feature = "csr")]
pub mod ui;

#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod ledger;
#[cfg(feature = "ssr")]
pub mod root;
#[cfg(feature = "ssr")]
pub mod server;
