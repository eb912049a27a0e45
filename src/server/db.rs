//! The database pool (SQLite by default, PostgreSQL for scale-out) and the migrations both share.

use futures_core::future::BoxFuture;
use futures_core::stream::BoxStream;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions, AnyQueryResult, AnyRow, AnyStatement, AnyTypeInfo};
use sqlx::{Any, AnyConnection, AnyPool, ConnectOptions, Connection, Describe, Either, Execute, Executor};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

/// The database. Reads go through `&Db` (it is a sqlx executor) on connections the database itself
/// keeps read-only (SQLite's `query_only`, PostgreSQL's read-only sessions), so a write there
/// fails whatever the code looks like. The one way to write is `Db::write()`: it takes SQLite's
/// writer turn first and begins the transaction on a writable connection, and the turn is held
/// until that transaction ends.
#[derive(Clone, Debug)]
pub struct Db {
    read: AnyPool,
    /// SQLite: its own connection, the only writable one. PostgreSQL: the same pool as `read`
    /// (each write transaction begins `READ WRITE`).
    write: AnyPool,
    /// SQLite has one writer at a time: writers queue here, in order, instead of sleeping and
    /// retrying inside SQLite's busy handler (which made the slowest checkouts wait most). None on
    /// PostgreSQL, whose row locks order writers.
    turn: Option<Arc<tokio::sync::Mutex<()>>>,
}

/// A write transaction, holding SQLite's writer turn until it is committed or dropped (a drop
/// rolls back). Derefs to the connection: `.execute(&mut *tx)`, or `&mut **tx` through a
/// `&mut WriteTx`.
pub struct WriteTx {
    // Declared first, so dropped first: the transaction ends before the turn passes on.
    tx: sqlx::Transaction<'static, Any>,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}

impl Db {
    /// Waits for the writer turn (SQLite), then begins a write transaction. SQLite's begins
    /// `IMMEDIATE`, taking the database's write lock at once, so what the transaction reads is
    /// never older than what it writes (also against another process on the same file).
    pub async fn write(&self) -> Result<WriteTx, sqlx::Error> {
        let turn = match &self.turn {
            Some(turn) => Some(turn.clone().lock_owned().await),
            None => None,
        };
        let begin = if self.turn.is_some() { "BEGIN IMMEDIATE" } else { "BEGIN READ WRITE" };
        let tx = self.write.begin_with(begin).await?;
        Ok(WriteTx { tx, _turn: turn })
    }

    /// A read-only connection of its own, for several reads in a row.
    pub async fn acquire(&self) -> Result<sqlx::pool::PoolConnection<Any>, sqlx::Error> {
        self.read.acquire().await
    }

    pub fn is_sqlite(&self) -> bool {
        self.turn.is_some()
    }

    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

/// Reads: `.fetch_all(db)` as on a pool, on a read-only connection.
impl<'c> Executor<'c> for &'c Db {
    type Database = Any;

    fn fetch_many<'e, 'q: 'e, E>(self, query: E) -> BoxStream<'e, Result<Either<AnyQueryResult, AnyRow>, sqlx::Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, Any>,
    {
        (&self.read).fetch_many(query)
    }

    fn fetch_optional<'e, 'q: 'e, E>(self, query: E) -> BoxFuture<'e, Result<Option<AnyRow>, sqlx::Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, Any>,
    {
        (&self.read).fetch_optional(query)
    }

    fn prepare_with<'e, 'q: 'e>(
        self,
        sql: &'q str,
        parameters: &'e [AnyTypeInfo],
    ) -> BoxFuture<'e, Result<AnyStatement<'q>, sqlx::Error>>
    where
        'c: 'e,
    {
        (&self.read).prepare_with(sql, parameters)
    }

    fn describe<'e, 'q: 'e>(self, sql: &'q str) -> BoxFuture<'e, Result<Describe<Any>, sqlx::Error>>
    where
        'c: 'e,
    {
        (&self.read).describe(sql)
    }
}

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
    let sqlite = is_sqlite(&url);
    if sqlite {
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
    // WAL lets readers go on while one writer writes; writers wait for each other (busy_timeout)
    // instead of failing. In WAL mode, NORMAL would skip the fsync at each commit, so the last
    // commits before a power cut could vanish although they were acknowledged; FULL syncs the WAL
    // at every commit. Temporary b-trees (the insights' GROUP BY and DISTINCT over a million
    // lines) stay in memory: in temporary files, they slowed the commits beside them (on ext4,
    // a commit's fsync can wait for other files' writes), and checkout's p95 went from 3 to
    // 70 ms while insights ran (BENCHMARKS.md, "SQLite's temporary files").
    let sqlite_pragmas = format!(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = {}; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA temp_store = MEMORY;",
        match sync {
            super::config::SqliteSync::Full => "FULL",
            super::config::SqliteSync::Normal => "NORMAL",
        }
    );
    let pool = |max: u32, read_only: bool| {
        let pragmas = sqlite_pragmas.clone();
        AnyPoolOptions::new().max_connections(max).acquire_timeout(Duration::from_secs(10)).after_connect(
            move |conn, _| {
                let pragmas = pragmas.clone();
                Box::pin(async move {
                    let session = match (sqlite, read_only) {
                        (true, false) => pragmas,
                        (true, true) => format!("{pragmas} PRAGMA query_only = ON;"),
                        (false, true) => "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY".to_owned(),
                        (false, false) => return Ok(()),
                    };
                    conn.execute(session.as_str()).await?;
                    Ok(())
                })
            },
        )
    };
    if sqlite {
        // The writable connection first: it creates the file, turns WAL on and migrates.
        let write = pool(1, false).connect_with(options.clone()).await?;
        sqlx::migrate!("./migrations").run(&write).await?;
        let read = pool(max_connections, true).connect_with(options).await?;
        Ok(Db { read, write, turn: Some(Arc::new(tokio::sync::Mutex::new(()))) })
    } else {
        // Migrations on a connection of their own: the pool's sessions are read-only.
        let mut conn = AnyConnection::connect_with(&options).await?;
        sqlx::migrate!("./migrations").run(&mut conn).await?;
        conn.close().await?;
        let read = pool(max_connections, true).connect_with(options).await?;
        Ok(Db { write: read.clone(), read, turn: None })
    }
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
