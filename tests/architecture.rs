//! How the server is put together, checked: every write goes through `Db::write()` (SQLite's
//! writer turn), the writers that once skipped the turn now take it alongside checkouts, and the
//! dependencies point one way: the base (`src/server/`) below the features, the features below
//! the composition root (`src/root/`), and no feature reaching into another's database code.

mod common;

use common::*;
use serde_json::json;
use std::path::Path;
use std::time::{Duration, Instant};

const INSERT_WAREHOUSE: &str =
    "INSERT INTO warehouses (id, name_zh, name_en, cutoff_minute, lead_days, utc_offset_minutes) \
     VALUES (99, '测试仓', 'Test warehouse', 1080, 0, 480)";

/// The only way to write is a write transaction: the database itself refuses a write on the
/// connections reads use, however it is sent.
#[tokio::test]
async fn a_write_outside_a_write_transaction_is_refused_by_the_database() {
    for db in backends("read_only").await {
        let pool = restock::server::db::connect(&db.url, 2).await.unwrap();
        assert!(sqlx::query(INSERT_WAREHOUSE).execute(&pool).await.is_err(), "{}", db.backend);
        let mut conn = pool.acquire().await.unwrap();
        assert!(sqlx::query(INSERT_WAREHOUSE).execute(&mut *conn).await.is_err(), "{}", db.backend);
        drop(conn);
        assert_eq!(sql_i64(&db, "SELECT COUNT(*) FROM warehouses WHERE id = 99").await, 0);

        let mut tx = pool.write().await.unwrap();
        sqlx::query(INSERT_WAREHOUSE).execute(&mut *tx).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(sql_i64(&db, "SELECT COUNT(*) FROM warehouses WHERE id = 99").await, 1, "{}", db.backend);
        // Reads see it at once.
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM warehouses WHERE id = 99").fetch_one(&pool).await.unwrap();
        assert_eq!(n, 1);
    }
}

/// On SQLite a second writer waits for the first one's transaction to end, then goes.
#[tokio::test]
async fn sqlite_writers_wait_for_the_turn() {
    let dir = scratch_dir("turn");
    let pool = restock::server::db::connect(&format!("sqlite://{}/t.db", dir.display()), 2).await.unwrap();
    let first = pool.write().await.unwrap();
    let second = {
        let pool = pool.clone();
        tokio::spawn(async move {
            let mut tx = pool.write().await.unwrap();
            sqlx::query(INSERT_WAREHOUSE).execute(&mut *tx).await.unwrap();
            tx.commit().await.unwrap();
            Instant::now()
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!second.is_finished(), "the second writer went before the first was done");
    let released = Instant::now();
    drop(first);
    let went = tokio::time::timeout(Duration::from_secs(10), second).await.expect("the turn passed on").unwrap();
    assert!(went >= released);
}

/// Sign-in, sign-out, the late sweep, the delivery simulation and an audited step used to write
/// without the writer turn. Now all of them write through it, at the same time as checkouts:
/// nothing fails or hangs, and each writes exactly what it should.
#[tokio::test]
async fn every_writer_takes_its_turn_alongside_checkouts() {
    for db in backends("all_writers").await {
        let mut c = config(&db, 50);
        c.late_sweep_seconds = 1;
        c.simulate_delivery_seconds = 1;
        c.housekeeping_seconds = 1;
        let app = TestApp::spawn_with(&db, c).await;
        for id in 1..=4 {
            app.plain_product(id, 1000).await;
        }
        let (shop_a, shop_b) = (app.signed_in(SHOP_A_OWNER).await, app.signed_in(SHOP_B_OWNER).await);
        let salesperson = app.signed_in(SALESPERSON).await;
        // Six orders whose promised day ended yesterday: the sweep compensates each once.
        let mut late = Vec::new();
        for i in 0..6 {
            late.push(shop_a.placed(&Order::new(&format!("late-{i}")).line(1, 1)).await);
        }
        let yesterday = restock::server::state::today().plus_days(-1);
        let ids: Vec<String> = late.iter().map(i64::to_string).collect();
        app.sql(&format!("UPDATE orders SET promised_on = '{yesterday}' WHERE id IN ({})", ids.join(", "))).await;

        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..20 {
            let shop = if i % 2 == 0 { shop_a.clone() } else { shop_b.clone() };
            tasks.spawn(async move {
                let order = shop.place(&Order::new(&format!("race-{i}")).line(1 + i % 4, 1)).await;
                assert!(order["id"].as_id().is_some(), "checkout {i}: {order}");
                0
            });
        }
        for i in 0..8 {
            let app_base = app.base.clone();
            tasks.spawn(async move {
                let client = Api { http: signed_in(&app_base, SHOP_B_OWNER).await, base: app_base };
                let (status, me) = client.call("account/me", json!({})).await;
                assert_eq!((status, me["phone"].as_str()), (200, Some(SHOP_B_OWNER)), "cycle {i}");
                assert_eq!(client.call("account/sign-out", json!({})).await.0, 200, "cycle {i}");
                0
            });
        }
        for i in 0..4 {
            let salesperson = salesperson.clone();
            tasks.spawn(async move {
                let id = salesperson.placed(&Order::new(&format!("for-shop-{i}")).for_shop(1).line(2, 1)).await;
                let (status, moved) =
                    salesperson.call("orders/advance", json!({"id": id, "to": "Cancelled", "driver": null})).await;
                // The simulation may have dispatched it first: then it is refused, never a failure.
                assert!(status == 200 || status == 409, "cancel {i}: {status} {moved}");
                i64::from(status == 200)
            });
        }
        let cancelled: i64 = tokio::time::timeout(Duration::from_secs(120), async {
            let mut cancelled = 0;
            while let Some(done) = tasks.join_next().await {
                cancelled += done.unwrap();
            }
            cancelled
        })
        .await
        .expect("no writer waits forever");

        // The sweep and the simulation kept running meanwhile; give them a tick to catch up.
        let deadline = Instant::now() + Duration::from_secs(20);
        while app.sql_i64("SELECT COUNT(*) FROM claims WHERE kind = 'late_delivery'").await < 6 {
            assert!(Instant::now() < deadline, "the late sweep did not run ({})", db.backend);
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert_eq!(app.sql_i64("SELECT COUNT(*) FROM claims WHERE kind = 'late_delivery'").await, 6, "{}", db.backend);
        assert_eq!(app.sql_i64("SELECT COUNT(*) FROM ledger WHERE kind = 'claim'").await, 6);
        assert!(
            app.sql_i64("SELECT COUNT(*) FROM orders WHERE status IN ('picking', 'dispatched', 'out_for_delivery')")
                .await
                > 0,
            "the simulation moved nothing ({})",
            db.backend
        );
        // Stock left the shelf exactly for what is ordered and not cancelled.
        for id in 1..=4 {
            let held = app
                .sql_i64(&format!(
                    "SELECT CAST(COALESCE(SUM(l.cases + l.free_cases), 0) AS BIGINT) FROM order_lines l
                     JOIN orders o ON o.id = l.order_id WHERE l.product_id = {id} AND o.status <> 'cancelled'"
                ))
                .await;
            assert_eq!(app.sql_i64(&format!("SELECT stock_cases FROM products WHERE id = {id}")).await, 1000 - held);
        }
        assert_eq!(app.sql_i64("SELECT COUNT(*) FROM orders WHERE status <> 'pending'").await, 6 + 20 + 4);
        // The salesperson's orders and cancellations are on the shop's record, once each.
        assert_eq!(app.sql_i64("SELECT COUNT(*) FROM audit WHERE action = 'order_placed'").await, 4, "{}", db.backend);
        assert_eq!(app.sql_i64("SELECT COUNT(*) FROM audit WHERE action = 'order_cancelled'").await, cancelled);
        // Every sign-in of the cycles ended with its sign-out; the three clients above are left.
        assert_eq!(app.sql_i64("SELECT COUNT(*) FROM sessions").await, 3, "{}", db.backend);
    }
}

/// The feature folders: each owns its tables and its `db` module.
const FEATURES: [&str; 11] = [
    "account",
    "brands",
    "cart",
    "catalogue",
    "claims",
    "counter",
    "delivery",
    "numbers",
    "orders",
    "sales",
    "scanner",
];

/// The feature folder a source file is in, if any.
fn feature_of(path: &Path) -> Option<&'static str> {
    let rel = path.strip_prefix(project_dir().join("src")).ok()?;
    let top = rel.components().next()?.as_os_str().to_str()?;
    FEATURES.into_iter().find(|f| *f == top)
}

/// The lines of code (comments left out), numbered from 1.
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().map(|(i, l)| (i + 1, l)).filter(|(_, l)| !l.trim_start().starts_with("//"))
}

/// The features whose `db` module a line names: `crate::orders::db…`, or `db` in a grouped
/// import (`crate::orders::{db, …}`).
fn db_modules_named(line: &str) -> Vec<&'static str> {
    FEATURES
        .into_iter()
        .filter(|f| {
            ["crate", "restock"].iter().any(|root| {
                let path = format!("{root}::{f}::");
                line.match_indices(&path).any(|(i, _)| {
                    let rest = &line[i + path.len()..];
                    rest.starts_with("db::")
                        || rest.starts_with("db;")
                        || rest.starts_with("db,")
                        || rest.starts_with("db}")
                        || (rest.starts_with('{') && {
                            let group = &rest[1..rest.find('}').unwrap_or(rest.len())];
                            group.split(',').any(|item| item.trim() == "db" || item.trim().starts_with("db::"))
                        })
                })
            })
        })
        .collect()
}

#[test]
fn the_source_scan_sees_a_use_of_a_db_module() {
    assert_eq!(db_modules_named("use crate::orders::db::summary;"), ["orders"]);
    assert_eq!(db_modules_named("let x = crate::claims::db::list(&db).await?;"), ["claims"]);
    assert_eq!(db_modules_named("use crate::sales::{db, AuditAction};"), ["sales"]);
    assert_eq!(db_modules_named("use crate::sales::{AuditAction, db::record};"), ["sales"]);
    assert!(db_modules_named("crate::orders::summary(&db, id)").is_empty());
    assert!(db_modules_named("crate::orders::dbx::y").is_empty());
    assert_eq!(feature_of(&project_dir().join("src/delivery/db.rs")), Some("delivery"));
    assert_eq!(feature_of(&project_dir().join("src/server/db.rs")), None);
}

/// Each feature writes its own tables and reads through its own queries; what another feature
/// needs of it is a small `pub(crate)` surface in its `mod.rs` (taking the caller's write
/// transaction where it writes), never its `db` module.
#[test]
fn no_feature_uses_another_features_db_module() {
    let mut found = Vec::new();
    for file in source_files() {
        let Some(own) = feature_of(&file) else { continue };
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in code_lines(&text) {
            for other in db_modules_named(line) {
                if other != own {
                    found.push(format!("{}:{n} ({own} uses {other}::db): {}", file.display(), line.trim()));
                }
            }
        }
    }
    assert!(found.is_empty(), "a feature reaches into another feature's db module:\n{}", found.join("\n"));
}

/// Where a source file sits in the layers.
fn rel(path: &Path) -> String {
    path.strip_prefix(project_dir().join("src")).unwrap().to_string_lossy().replace('\\', "/")
}

/// Whether a line of code names a module path (`crate::root`, `restock::root::…`).
fn names(line: &str, module: &str) -> bool {
    ["crate", "restock"].iter().any(|root| {
        let path = format!("{root}::{module}");
        line.match_indices(&path).any(|(i, _)| {
            let rest = &line[i + path.len()..];
            rest.is_empty() || rest.starts_with("::") || rest.starts_with(';') || rest.starts_with(['{', ',', ')', ' '])
        })
    })
}

/// The composition root knows every feature; nothing but the binary knows the root, so a feature
/// (or the base) can never start another feature's task or register its functions.
#[test]
fn nothing_but_the_binary_imports_the_composition_root() {
    let mut found = Vec::new();
    for file in source_files() {
        let rel = rel(&file);
        if rel.starts_with("root/") || rel == "main.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in code_lines(&text) {
            if names(line, "root") {
                found.push(format!("{rel}:{n}: {}", line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "the composition root is imported from below it:\n{}", found.join("\n"));
}

/// The client the same way: the app shell (`src/app/`: start-up, the router, the layouts) is above
/// the features and the shared UI (`src/ui/`); nothing below it imports it (the wasm entry point,
/// `app_main.rs`, starts it).
#[test]
fn no_feature_and_no_shared_ui_imports_the_app_shell() {
    let mut found = Vec::new();
    for file in source_files() {
        let rel = rel(&file);
        if rel.starts_with("app/") || rel == "app_main.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in code_lines(&text) {
            if names(line, "app") {
                found.push(format!("{rel}:{n}: {}", line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "the app shell is imported from below it:\n{}", found.join("\n"));
}

/// The base (configuration, the database, sessions and the caller) is below the features: it
/// names none of their database code or server functions (their shared types, like the roles and
/// the session's user, it may use).
#[test]
fn the_base_names_no_features_database_code_or_server_functions() {
    let mut found = Vec::new();
    for file in source_files() {
        let rel = rel(&file);
        if !rel.starts_with("server/") && rel != "ledger.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in code_lines(&text) {
            let feature_code = FEATURES
                .iter()
                .any(|f| ["db", "api", "search", "evidence"].iter().any(|m| names(line, &format!("{f}::{m}"))));
            if feature_code || !db_modules_named(line).is_empty() || names(line, "root") {
                found.push(format!("{rel}:{n}: {}", line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "the base reaches up into a feature or the root:\n{}", found.join("\n"));
}

#[test]
fn the_layer_scan_sees_a_module_path() {
    assert!(names("use crate::root::http;", "root"));
    assert!(names("crate::root::build(config)", "root"));
    assert!(names("crate::orders::db::summary(&db, 1)", "orders::db"));
    assert!(!names("crate::rooted::x", "root"));
    assert!(!names("crate::orders::summary(&db, 1)", "orders::db"));
    assert_eq!(rel(&project_dir().join("src/root/http.rs")), "root/http.rs");
}

/// The modules the staff app routes to (`StaffRoutes` in src/app/mod.rs: `view=crate::<feature>::<module>::<Page>`).
fn staff_route_modules(app: &str) -> Vec<(String, String)> {
    let routes = &app[app.find("fn StaffRoutes").expect("StaffRoutes in src/app/mod.rs")..];
    let routes = &routes[..routes.find("\n}\n").unwrap()];
    let mut out = Vec::new();
    for part in routes.split("view=crate::").skip(1) {
        let path: Vec<&str> = part.split(|c: char| c.is_whitespace() || c == '/').next().unwrap().split("::").collect();
        if path.len() == 3 {
            out.push((path[0].to_owned(), path[1].to_owned()));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Staff screens never reach a shop's phone: every module a staff route opens is declared only for
/// the staff app (`#[cfg(... feature = "staff" ...)]` on its `pub mod` line), so the shop app
/// cannot even compile it in.
#[test]
fn staff_screens_are_gated_at_the_module_line() {
    let root = project_dir();
    let app = std::fs::read_to_string(root.join("src/app/mod.rs")).unwrap();
    let modules = staff_route_modules(&app);
    assert!(modules.len() >= 4, "the scan found the staff routes: {modules:?}");
    for (feature, module) in modules {
        let decl = std::fs::read_to_string(root.join(format!("src/{feature}/mod.rs"))).unwrap();
        let lines: Vec<&str> = decl.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.trim() == format!("pub mod {module};"))
            .unwrap_or_else(|| panic!("src/{feature}/mod.rs declares `pub mod {module};`"));
        let gate = if at > 0 { lines[at - 1].trim() } else { "" };
        assert!(
            gate.starts_with("#[cfg(") && gate.contains("feature = \"staff\""),
            "{feature}::{module} holds a staff screen but is declared `{gate}`: gate it with feature \"staff\""
        );
    }
}

#[test]
fn the_staff_route_scan_sees_each_module_once() {
    let app = "fn StaffRoutes() {\n <Route path=path!(\"/a\") view=crate::delivery::dispatch_views::DispatchPage />\n <Route view=crate::sales::views::A />\n <Route view=crate::sales::views::B />\n}\n";
    assert_eq!(
        staff_route_modules(app),
        [("delivery".to_owned(), "dispatch_views".to_owned()), ("sales".to_owned(), "views".to_owned())]
    );
}
