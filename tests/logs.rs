//! What the server writes to its log, read back: user input cannot forge log lines, and failed
//! sign-ins are logged with the number masked and the client's address. One global subscriber per
//! process, so these live in their own test binary.

mod common;

use common::*;
use std::sync::{Arc, Mutex, OnceLock};

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The server's own log set-up (the default, human-readable format), writing into memory.
fn log() -> &'static Capture {
    static LOG: OnceLock<Capture> = OnceLock::new();
    LOG.get_or_init(|| {
        let capture = Capture::default();
        let writer = capture.clone();
        restock::root::init_tracing_to(&restock::server::config::Config::defaults(), move || writer.clone());
        capture
    })
}

fn text() -> String {
    String::from_utf8_lossy(&log().0.lock().unwrap()).into_owned()
}

#[tokio::test]
async fn newlines_and_nul_in_user_input_do_not_forge_log_lines() {
    log();
    for db in backends("logs_inject").await {
        let app = TestApp::spawn(&db, 60).await;
        app.plain_product(20, 100).await;
        let owner = app.signed_in(SHOP_A_OWNER).await;
        // A key with a newline and a control character is refused (and logged, escaped). (A NUL is
        // refused before any handler runs: tests/hostile_input.rs.)
        let key = format!("k-{}\n2026-01-01T00:00:00Z  INFO restock: forged order line\u{1}end", db.backend);
        let (status, refused) = owner.call("orders/place", Order::new(&key).line(20, 1).body()).await;
        assert_eq!(status, 422, "{} {refused}", db.backend);
        owner.placed(&Order::new(&format!("k-{}-ok", db.backend)).line(20, 1)).await;
        // A search with them too (its span's fields are escaped if anything inside it logs).
        let q = "水\n2026-01-01T00:00:00Z  INFO restock: forged search line\u{1}";
        let query = [
            ("q", q),
            ("category", ""),
            ("flag", ""),
            ("brand", ""),
            ("in_stock", "false"),
            ("sort", "popular"),
            ("offset", "0"),
        ];
        let (status, found) = owner.get("catalogue/list", &query).await;
        assert!((200..300).contains(&status), "{status} {found}");
    }
    let out = text();
    assert!(out.contains("order placed"), "the order's log line is there: {out}");
    assert!(out.contains("order key refused"), "the refused key's log line is there: {out}");
    for line in out.lines() {
        assert!(!line.trim_start().starts_with("2026-01-01T00:00:00Z"), "a forged line: {line:?}");
        assert!(!line.contains("forged") || line.contains("\\n2026-01-01"), "raw user input in: {line:?}");
    }
    assert!(!out.contains('\0'), "a raw NUL in the log");
    assert!(out.contains("forged order line\\u{1}end"), "the key is there, escaped: {out}");
}

#[tokio::test]
async fn failed_sign_ins_are_logged_with_the_number_masked_and_the_client_address() {
    log();
    for db in backends("logs_sign_in").await {
        let app = TestApp::spawn(&db, 10).await;
        assert_eq!(app.anonymous().sign_in("13800000002", "wrong").await.status(), 401);
    }
    let out = text();
    let line =
        out.lines().find(|l| l.contains("sign-in failed")).unwrap_or_else(|| panic!("no failed sign-in logged: {out}"));
    assert!(line.contains("138****0002") && !line.contains("13800000002"), "{line}");
    assert!(line.contains("127.0.0.1"), "{line}");
    // (The demo seeding prints the demo accounts; nothing about signing in has the full number.)
    assert!(!out.lines().any(|l| l.contains("sign-in") && l.contains("13800000002")), "{out}");
}
