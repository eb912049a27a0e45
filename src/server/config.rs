//! Every setting of the server, from flags or the environment, in one place (`restock --help`).

use clap::{Parser, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone, Debug, Parser)]
#[command(name = "restock", version, about = "小店进货 Corner Restock: serves the app and its API from one origin")]
pub struct Config {
    /// Address and port to listen on. Port 0 picks a free port (printed at start).
    #[arg(long, env = "RESTOCK_LISTEN", default_value = "127.0.0.1:3000")]
    pub listen: SocketAddr,

    /// Database. `sqlite://PATH` (created and migrated at start-up) or `postgres://…` for the
    /// scale-out setup where several stateless servers share one PostgreSQL.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/restock.db")]
    pub database_url: String,

    /// Connections in the database pool.
    #[arg(long, env = "RESTOCK_DB_CONNECTIONS", default_value_t = 16)]
    pub db_connections: u32,

    /// Directory of the built app (Trunk's output) to serve.
    #[arg(long, env = "RESTOCK_DIST", default_value = "dist")]
    pub dist: PathBuf,

    /// Where evidence photos of claims are kept: outside the served app, under generated names,
    /// and served only to people allowed to see the claim. With several servers, a shared volume.
    #[arg(long, env = "RESTOCK_EVIDENCE_DIR", default_value = "data/evidence")]
    pub evidence_dir: PathBuf,

    /// The app's public origin (`https://shop.example.com`) when a proxy in front rewrites the
    /// `Host` header. State-changing requests from a browser must come from this origin (or, when
    /// unset, from the origin of the `Host` they were sent to): cross-site requests are refused.
    #[arg(long, env = "RESTOCK_PUBLIC_ORIGIN")]
    pub public_origin: Option<String>,

    /// Products in the demo catalogue seeded into an empty database; 0 seeds nothing.
    #[arg(long, env = "RESTOCK_DEMO_PRODUCTS", default_value_t = 2000)]
    pub demo_products: usize,

    /// Shops beyond the demo's own ten, across cities and county towns, seeded with the demo
    /// catalogue, and with them 90 days of order history for all (0: no history).
    #[arg(long, env = "RESTOCK_DEMO_HISTORY_SHOPS", default_value_t = 300)]
    pub demo_history_shops: usize,

    /// How often to look for orders whose promised day ended undelivered (and compensate them);
    /// 0 turns the sweep off (tests run it by hand).
    #[arg(long, env = "RESTOCK_LATE_SWEEP_SECONDS", default_value_t = 60)]
    pub late_sweep_seconds: u64,

    /// Demo and tests: every this many seconds, move each order one step through picking, dispatch
    /// and out for delivery, so deliveries happen without anyone playing dispatcher. 0: off.
    #[arg(long, env = "RESTOCK_SIMULATE_DELIVERY_SECONDS", default_value_t = 0)]
    pub simulate_delivery_seconds: u64,

    /// Mark the session cookie `Secure`: set it whenever the app is reached over HTTPS.
    #[arg(long, env = "RESTOCK_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,

    /// Log format: `pretty` for people, `json` for log collectors.
    #[arg(long, env = "RESTOCK_LOG_FORMAT", value_enum, default_value_t = LogFormat::Pretty)]
    pub log_format: LogFormat,

    /// Behind exactly one reverse proxy or load balancer that appends the client's address to
    /// `X-Forwarded-For`: take the client address (for sign-in limits and logs) from that header's
    /// last entry. Off: the TCP peer, and the header is ignored (anyone can write it).
    #[arg(long, env = "RESTOCK_TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,

    /// Failed sign-ins allowed per phone number in `sign_in_window_minutes`; then 429.
    #[arg(long, env = "RESTOCK_SIGN_IN_MAX_PER_PHONE", default_value_t = 10)]
    pub sign_in_max_per_phone: i64,

    /// Failed sign-ins allowed per client address in `sign_in_window_minutes`; then 429. Generous:
    /// many shops reach us through one carrier-grade NAT address.
    #[arg(long, env = "RESTOCK_SIGN_IN_MAX_PER_ADDRESS", default_value_t = 100)]
    pub sign_in_max_per_address: i64,

    /// The sliding window of the sign-in limits, in minutes.
    #[arg(long, env = "RESTOCK_SIGN_IN_WINDOW_MINUTES", default_value_t = 15)]
    pub sign_in_window_minutes: i64,

    /// How often to delete what has expired: sessions, old sign-in counters, evidence photos never
    /// attached to a claim within a day. 0: off (tests run it by hand). Safe on every instance.
    #[arg(long, env = "RESTOCK_HOUSEKEEPING_SECONDS", default_value_t = 600)]
    pub housekeeping_seconds: u64,

    /// How long a brand insight's answer is kept per operator and question before it is computed
    /// again (0: every ask computes). Insights are days-long aggregates over the order lines.
    #[arg(long, env = "RESTOCK_INSIGHT_CACHE_SECONDS", default_value_t = 60)]
    pub insight_cache_seconds: u64,

    /// How many brand insights one server computes at once; the others wait for a turn, so that
    /// the remaining cores stay free for the shops' orders.
    #[arg(long, env = "RESTOCK_INSIGHT_WORKERS", default_value_t = 1)]
    pub insight_workers: usize,

    /// SQLite's `synchronous`: `full` (the default) makes an acknowledged order survive power
    /// loss; `normal` is faster and can lose the last transactions (benchmarks only).
    #[arg(long, env = "RESTOCK_SQLITE_SYNCHRONOUS", value_enum, default_value_t = SqliteSync::Full)]
    pub sqlite_synchronous: SqliteSync,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SqliteSync {
    Full,
    Normal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Pretty,
    Json,
}

impl Config {
    /// The defaults, as if no flag or variable were set; for tests.
    pub fn defaults() -> Config {
        Config::parse_from(["restock"])
    }
}
