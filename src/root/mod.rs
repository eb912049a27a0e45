//! The composition root: the one place that knows every feature. It connects the database,
//! registers every server function, starts the background tasks (the late-delivery sweep, the
//! delivery simulation, housekeeping, the search index's refresh), builds the router (`http`) and
//! runs it. Nothing imports it but the binary (`main.rs`) and the tests; it imports the base
//! (`crate::server`) and the features, never the other way round.

pub mod http;

use crate::catalogue::search::SearchIndex;
use crate::server::config::{Config, LogFormat};
use crate::server::db::{self, Db};
use crate::server::state::AppState;
use std::sync::Arc;
use std::time::Duration;

pub fn init_tracing(config: &Config) {
    init_tracing_to(config, std::io::stdout);
}

/// `init_tracing`, writing somewhere else (tests read what the log says). User input goes into
/// fields with Debug formatting (`?field`), which escapes newlines and control characters, so no
/// one can forge a log line.
pub fn init_tracing_to<W>(config: &Config, writer: W)
where
    W: for<'w> tracing_subscriber::fmt::MakeWriter<'w> + Send + Sync + 'static,
{
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(writer);
    let _ = match config.log_format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Pretty => builder.try_init(),
    };
}

/// Every server function, registered by name. Inventory registration also happens on its own on
/// native targets, but naming them here keeps a linker from dropping one unnoticed.
fn register_server_functions() {
    use leptos::server_fn::axum::register_explicit;
    register_explicit::<crate::account::api::SignIn>();
    register_explicit::<crate::account::api::SignOut>();
    register_explicit::<crate::account::api::Whoami>();
    register_explicit::<crate::catalogue::api::ListProducts>();
    register_explicit::<crate::catalogue::api::CardsByIds>();
    register_explicit::<crate::catalogue::api::GetProduct>();
    register_explicit::<crate::catalogue::api::ByBarcode>();
    register_explicit::<crate::catalogue::api::RequestStocking>();
    register_explicit::<crate::brands::api::Promote>();
    register_explicit::<crate::brands::api::StartLaunch>();
    register_explicit::<crate::brands::api::BrandTeam>();
    register_explicit::<crate::brands::api::BrandPromotions>();
    register_explicit::<crate::counter::api::RecordSale>();
    register_explicit::<crate::counter::api::ShelfToday>();
    register_explicit::<crate::counter::api::CountShelf>();
    register_explicit::<crate::orders::api::QuoteCart>();
    register_explicit::<crate::orders::api::PlaceOrder>();
    register_explicit::<crate::orders::api::ListOrders>();
    register_explicit::<crate::orders::api::GetOrder>();
    register_explicit::<crate::orders::api::CancelOrder>();
    register_explicit::<crate::orders::api::BoughtBefore>();
    register_explicit::<crate::orders::api::SuggestedOrder>();
    register_explicit::<crate::orders::api::StockedByPeers>();
    register_explicit::<crate::delivery::api::AdvanceOrder>();
    register_explicit::<crate::delivery::api::DispatchQueue>();
    register_explicit::<crate::delivery::api::SignDelivery>();
    register_explicit::<crate::delivery::api::LateOrders>();
    register_explicit::<crate::delivery::api::Drivers>();
    register_explicit::<crate::claims::api::MyClaims>();
    register_explicit::<crate::claims::api::ReviewQueue>();
    register_explicit::<crate::claims::api::DecideClaim>();
    register_explicit::<crate::claims::api::ClaimContext>();
    register_explicit::<crate::claims::api::FileClaim>();
    register_explicit::<crate::claims::api::ClaimDetail>();
    register_explicit::<crate::claims::api::Pickups>();
    register_explicit::<crate::claims::api::MarkCollected>();
    register_explicit::<crate::sales::api::MyShops>();
    register_explicit::<crate::sales::api::TodayVisits>();
    register_explicit::<crate::sales::api::CheckIn>();
    register_explicit::<crate::sales::api::CheckOut>();
    register_explicit::<crate::sales::api::ShopOverview>();
    register_explicit::<crate::sales::api::Recommendations>();
    register_explicit::<crate::sales::api::PushToShops>();
    register_explicit::<crate::sales::api::Featured>();
    register_explicit::<crate::sales::api::AuditTrail>();
    register_explicit::<crate::sales::api::Assignments>();
    register_explicit::<crate::sales::api::SetAssignment>();
    register_explicit::<crate::sales::api::AllShops>();
    register_explicit::<crate::account::api::MySessions>();
    register_explicit::<crate::account::api::SignOutOthers>();
    register_explicit::<crate::brands::api::ActiveShopsOfBrand>();
    register_explicit::<crate::brands::api::Reach>();
    register_explicit::<crate::brands::api::Launch>();
    register_explicit::<crate::brands::api::TopByCity>();
    register_explicit::<crate::numbers::api::MyNumbers>();
}

/// Connects and migrates the database, seeds the demo world into an empty one, starts the
/// background tasks and builds the router.
pub async fn build(config: Config) -> anyhow::Result<axum::Router> {
    let db = db::connect_with(&config.database_url, config.db_connections, config.sqlite_synchronous).await?;
    if config.demo_products > 0 {
        crate::demo::load::seed_if_empty(&db, config.demo_products, config.demo_history_shops).await?;
    }
    register_server_functions();
    if !config.dist.join("index.html").exists() {
        tracing::warn!(dist = %config.dist.display(), "no built app there: the API works, the pages will not");
    }
    if config.late_sweep_seconds > 0 {
        spawn_late_sweeper(db.clone(), Duration::from_secs(config.late_sweep_seconds));
    }
    if config.housekeeping_seconds > 0 {
        spawn_housekeeping(db.clone(), config.evidence_dir.clone(), Duration::from_secs(config.housekeeping_seconds));
    }
    if config.simulate_delivery_seconds > 0 {
        tracing::info!(every_s = config.simulate_delivery_seconds, "delivery simulation on");
        spawn_simulation(db.clone(), Duration::from_secs(config.simulate_delivery_seconds));
    }
    let search = SearchIndex::load(&db).await?;
    tracing::info!(products = search.len(), "search index loaded");
    spawn_index_refresh(db.clone(), search.clone());
    let insights = crate::brands::cache::InsightCache::new(
        Duration::from_secs(config.insight_cache_seconds),
        config.insight_workers,
    );
    Ok(http::router(http::RootState { app: AppState { db, config: Arc::new(config) }, search, insights }))
}

/// Sweeps for late orders now and then every `every` (at start too, for what came due while no
/// server was running). Safe to run on every instance.
fn spawn_late_sweeper(db: Db, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            if let Err(e) = crate::claims::db::file_late_claims(&db, db::now_ms()).await {
                tracing::warn!(error = %e, "late-delivery sweep failed");
            }
        }
    });
}

/// The demo's delivery simulation: every `every`, each order at the warehouse moves one step.
fn spawn_simulation(db: Db, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.tick().await;
        loop {
            tick.tick().await;
            match crate::delivery::db::simulate_step(&db).await {
                Ok(n) if n > 0 => tracing::info!(moved = n, "simulated delivery steps"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "delivery simulation failed"),
            }
        }
    });
}

/// Keeps the search index's stock and price snapshot within 30 s of the database, and reloads it
/// whole every 10 minutes (new products). Other instances' changes arrive the same way.
fn spawn_index_refresh(db: Db, search: SearchIndex) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(30));
        tick.tick().await;
        for n in 1u64.. {
            tick.tick().await;
            let res = if n % 20 == 0 { search.reload(&db).await } else { search.refresh_volatile(&db).await };
            if let Err(e) = res {
                tracing::warn!(error = %e, "search index refresh failed");
            }
        }
    });
}

/// Deletes what has expired, now and then every `every`: sessions, old sign-in counters, and
/// evidence photos never attached to a claim. Safe on every instance at once.
fn spawn_housekeeping(db: Db, evidence_dir: std::path::PathBuf, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            if let Err(e) = housekeeping(&db, &evidence_dir, db::now_ms()).await {
                tracing::warn!(error = %e, "housekeeping failed");
            }
        }
    });
}

/// One housekeeping pass (`spawn_housekeeping`); tests call it with the time they choose.
pub async fn housekeeping(db: &Db, evidence_dir: &std::path::Path, now: i64) -> Result<(), crate::error::AppError> {
    let expired = crate::server::sessions::sweep_expired(db, now).await?
        + crate::account::db::sweep_sign_in_counters(db, now).await?;
    let photos = crate::claims::db::sweep_unattached_evidence(db, evidence_dir, now).await?;
    if expired > 0 || photos > 0 {
        tracing::info!(expired, photos, "housekeeping");
    }
    Ok(())
}

pub async fn run(config: Config) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let app = build(config).await?;
    tracing::info!("listening on http://{}", listener.local_addr()?);
    // With the peer's address in each request (`ConnectInfo`): sign-in limits and logs use it.
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    tracing::info!("stopped");
    Ok(())
}

/// Ctrl-C or SIGTERM: stop accepting, finish the requests under way, then exit.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
