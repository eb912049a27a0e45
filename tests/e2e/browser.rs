//! The machinery under the tests: the real server and chromedriver as child processes, a Chromium
//! session (phone, tablet, fake camera), waiting for what the page shows, and screenshots.

use crate::common::*;
use fantoccini::{elements::Element, Client, ClientBuilder, Locator};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A child process, killed when dropped (dropping the server is the network going away).
pub struct Proc(Child);
impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn dist() -> PathBuf {
    let dist = std::env::var("RESTOCK_DIST").map(PathBuf::from).unwrap_or_else(|_| project_dir().join("dist"));
    assert!(
        dist.join("index.html").exists() && dist.join("sw.js").exists(),
        "no built app in {} (./test builds it with trunk first)",
        dist.display()
    );
    dist
}

async fn wait_http(url: &str) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if reqwest::get(url).await.map(|r| r.status().is_success()).unwrap_or(false) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{url} did not come up");
}

/// The server on `port` and `db_url`, without the demo's order history (each test arranges the
/// orders it looks at).
pub async fn start_server(port: u16, db_url: &str) -> Proc {
    start_server_with(port, db_url, &[("RESTOCK_DEMO_HISTORY_SHOPS", "0")]).await
}

/// The server with these settings (environment variables) over the defaults.
pub async fn start_server_with(port: u16, db_url: &str, settings: &[(&str, &str)]) -> Proc {
    let child = Command::new(env!("CARGO_BIN_EXE_restock"))
        .envs(settings.iter().copied())
        .env("RESTOCK_LISTEN", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", db_url)
        .env("RESTOCK_DIST", dist())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("start the server");
    wait_http(&format!("http://127.0.0.1:{port}/healthz")).await;
    Proc(child)
}

pub async fn start_browser(lang: &str, profile: &Path) -> (Proc, Client) {
    start_browser_with(lang, profile, &[]).await
}

/// The extra argument of `start_browser_with` for an emulated phone, 390×844.
pub fn emulated_phone() -> [String; 1] {
    ["--restock-phone=390x844".to_owned()]
}

pub async fn start_browser_with(lang: &str, profile: &Path, extra: &[String]) -> (Proc, Client) {
    let port = free_port();
    let driver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    let child = Command::new(&driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start {driver}: {e} (scripts/setup.sh --test installs it)"));
    let proc = Proc(child);
    wait_http(&format!("http://127.0.0.1:{port}/status")).await;
    let mut args: Vec<String> = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--window-size=390,844",
    ]
    .map(String::from)
    .to_vec();
    args.push(format!("--user-data-dir={}", profile.display()));
    args.push(format!("--lang={lang}"));
    args.extend(extra.iter().cloned());
    let chrome = json!({
        "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
        "args": args,
        "prefs": { "intl.accept_languages": lang },
    });
    let mut chrome = chrome;
    // A phone-sized window: headless Chromium keeps windows at least 500 px wide, so phones are
    // emulated (their width, height and pixel ratio).
    if let Some(metrics) = extra.iter().find_map(|a| a.strip_prefix("--restock-phone=")) {
        let (w, h) = metrics.split_once('x').unwrap();
        chrome["mobileEmulation"] = json!({"deviceMetrics": {"width": w.parse::<u32>().unwrap(), "height": h.parse::<u32>().unwrap(), "pixelRatio": 2.0, "touch": true}});
        chrome["args"] = json!(args.iter().filter(|a| !a.starts_with("--restock-phone=")).collect::<Vec<_>>());
    }
    let mut caps = serde_json::Map::new();
    caps.insert("goog:chromeOptions".into(), chrome);
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a chromium session");
    (proc, client)
}

/// A 1180×820 viewport (a tablet in landscape): the window is made larger by its own frame.
pub async fn tablet(c: &Client) {
    c.set_window_size(1180, 820).await.unwrap();
    let frame = c
        .execute("return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];", vec![])
        .await
        .unwrap();
    let (fw, fh) = (frame[0].as_u64().unwrap_or(0) as u32, frame[1].as_u64().unwrap_or(0) as u32);
    c.set_window_size(1180 + fw, 820 + fh).await.unwrap();
}

/// The element `css` finds, once it is there (30 seconds at most; then a screenshot and the page
/// for whoever reads the failure).
pub async fn wait_for(c: &Client, css: &str) -> Element {
    match c.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css(css)).await {
        Ok(e) => e,
        Err(e) => {
            // What the page showed when it did not come: for whoever reads the failure.
            shot(c, "failure").await;
            let html = c.source().await.unwrap_or_default();
            panic!(
                "waiting for {css}: {e}\n(test-output/screenshots/failure.png; page: {})",
                &html[..html.len().min(3000)]
            )
        }
    }
}

/// Waits (30 seconds at most) until `script` returns true; `what` is said if it does not.
pub async fn wait_until(c: &Client, what: &str, script: &str) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        if c.execute(script, vec![]).await.ok().and_then(|v| v.as_bool()) == Some(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    shot(c, "failure").await;
    panic!("timed out waiting until {what} (test-output/screenshots/failure.png)");
}

/// Whether `css` finds nothing on the page now (no waiting).
pub async fn absent(c: &Client, css: &str) -> bool {
    c.find(Locator::Css(css)).await.is_err()
}

/// How many elements `css` finds now (no waiting).
pub async fn count(c: &Client, css: &str) -> usize {
    c.find_all(Locator::Css(css)).await.unwrap().len()
}

/// Clicks what `xpath` finds now (no waiting).
pub async fn click_xpath(c: &Client, xpath: &str) {
    c.find(Locator::XPath(xpath)).await.unwrap().click().await.unwrap();
}

/// test-output/screenshots/`name`.png: what the user sees now.
pub async fn shot(c: &Client, name: &str) {
    let dir = project_dir().join("test-output/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.png")), c.screenshot().await.unwrap()).unwrap();
}

/// The text of what `css` finds, once it is there.
pub async fn text(c: &Client, css: &str) -> String {
    wait_for(c, css).await.text().await.unwrap()
}

/// The value of the field `css` finds, once it is there.
pub async fn value_of(c: &Client, css: &str) -> Option<String> {
    wait_for(c, css).await.prop("value").await.unwrap()
}

/// The page's language (`<html lang>`).
pub async fn document_lang(c: &Client) -> serde_json::Value {
    c.execute("return document.documentElement.lang", vec![]).await.unwrap()
}

/// The service worker's kept API answers: [cache name, number of answers] for each of its caches
/// of answers.
pub async fn kept_answers(c: &Client) -> Vec<(String, u64)> {
    let v = c
        .execute_async(
            "const done = arguments[0];
             caches.keys().then(keys => Promise.all(keys.filter(k => k.startsWith('restock-api'))
               .map(k => caches.open(k).then(c => c.keys()).then(rs => [k, rs.length])))).then(done);",
            vec![],
        )
        .await
        .unwrap();
    v.as_array().unwrap().iter().map(|p| (p[0].as_str().unwrap().to_owned(), p[1].as_u64().unwrap())).collect()
}
