//! The database pool (SQLite by default, PostgreSQL for scale-out) and the migrations both share.

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{ConnectOptions, Executor};
use std::str::FromStr;
use std::time::Duration;

pub type Db = sqlx::AnyPool;

pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// Ids are chosen by the application, so that the same SQL serves SQLite and PostgreSQL and
/// several server instances never collide: milliseconds since 2026 in the high bits, 22 random
/// bits below. Sortable by creation time.
pub fn new_id() -> i64 {
    const EPOCH_2026_MS: i64 = 1_767_225_600_000;
    let random = rand::random::<u32>() as i64 & 0x3F_FFFF;
    ((now_ms() - EPOCH_2026_MS) << 22) | random
}

/// Ids are looked up in chunks of this many, always with the same statement text, so that each
/// such query is prepared once per connection however many ids a request carries (a statement
/// per list length would fill every connection's statement cache).
pub const ID_CHUNK: usize = 50;

/// `$first, …, $(first + ID_CHUNK − 1)`: the placeholders of one chunk of ids.
pub fn id_placeholders(first: usize) -> String {
    (first..first + ID_CHUNK).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// The distinct ids in chunks of exactly `ID_CHUNK`, the last padded with its own first id (a
/// repeated id in `IN (…)` changes nothing).
pub fn id_chunks(ids: &[i64]) -> Vec<[i64; ID_CHUNK]> {
    let mut distinct: Vec<i64> = Vec::with_capacity(ids.len());
    for id in ids {
        if !distinct.contains(id) {
            distinct.push(*id);
        }
    }
    distinct.chunks(ID_CHUNK).map(|c| std::array::from_fn(|i| c.get(i).copied().unwrap_or(c[0]))).collect()
}

pub fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

/// Connects, creating the SQLite file (and its directory) when missing, and migrates. SQLite
/// commits with `synchronous = FULL`: an order the server acknowledged survives a power cut.
pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Db> {
    connect_with(url, max_connections, super::config::SqliteSync::Full).await
}

/// `connect`, with SQLite's `synchronous` as configured (`--sqlite-synchronous`).
pub async fn connect_with(url: &str, max_connections: u32, sync: super::config::SqliteSync) -> anyhow::Result<Db> {
    sqlx::any::install_default_drivers();
    let mut url = url.to_owned();
    if is_sqlite(&url) {
        let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
        let path = path.split('?').next().unwrap_or_default();
        if let Some(dir) = std::path::Path::new(path).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)?;
            }
        }
        if !url.contains("mode=") {
            url.push_str(if url.contains('?') { "&mode=rwc" } else { "?mode=rwc" });
        }
    }
    let options =
        AnyConnectOptions::from_str(&url)?.log_slow_statements(log::LevelFilter::Warn, Duration::from_millis(250));
    let sqlite = is_sqlite(&url);
    let db = AnyPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if sqlite {
                    // WAL lets readers go on while one writer writes; writers wait for each
                    // other (busy_timeout) instead of failing. In WAL mode, NORMAL would skip the
                    // fsync at each commit, so the last commits before a power cut could vanish
                    // although they were acknowledged; FULL syncs the WAL at every commit.
                    let sync = match sync {
                        super::config::SqliteSync::Full => "FULL",
                        super::config::SqliteSync::Normal => "NORMAL",
                    };
                    conn.execute(format!("PRAGMA journal_mode = WAL; PRAGMA synchronous = {sync}; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;").as_str())
                        .await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations").run(&db).await?;
    Ok(db)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_go_in_full_chunks_of_one_statement_shape() {
        assert!(id_chunks(&[]).is_empty());
        let one = id_chunks(&[7, 7, 7]);
        assert_eq!(one.len(), 1);
        assert!(one[0].iter().all(|&i| i == 7));
        let many: Vec<i64> = (1..=120).collect();
        let chunks = id_chunks(&many);
        assert_eq!(chunks.len(), 3);
        let mut seen: Vec<i64> = chunks.iter().flatten().copied().collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen, many);
        assert_eq!(id_placeholders(3).split(", ").count(), ID_CHUNK);
        assert!(
            id_placeholders(3).starts_with("$3, $4") && id_placeholders(3).ends_with(&format!("${}", 3 + ID_CHUNK - 1))
        );
    }
}
