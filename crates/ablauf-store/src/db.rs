//! The connection to either backend and the macros that run one SQL text on
//! whichever backend is configured.

use std::str::FromStr;
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgConnection, Postgres, Sqlite, SqliteConnection, Transaction};

use crate::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, Clone)]
pub(crate) enum Pool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

/// The storage of one Ablauf instance. Cheap to clone (a pool handle).
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) pool: Pool,
    /// In-memory search indexes, shared by the clones of this store.
    pub(crate) search: std::sync::Arc<crate::search_cache::SearchCache>,
    /// In-memory step indexes for pattern queries, shared likewise.
    pub(crate) steps: std::sync::Arc<crate::steps_cache::StepsCache>,
}

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Store {
    /// Connects to `sqlite:…` or `postgres://…`. SQLite files are created
    /// when missing and run in WAL mode so readers never wait for a writer.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Store> {
        let pool = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            // A writer waits at most this long for a lock (then the store
            // answers `Busy`), as SQLite's busy timeout does.
            let opts = PgConnectOptions::from_str(url)?
                .application_name("ablauf")
                .options([("lock_timeout", "10s")]);
            Pool::Postgres(
                PgPoolOptions::new()
                    .max_connections(max_connections)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(opts)
                    .await?,
            )
        } else if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            Pool::Sqlite(
                SqlitePoolOptions::new()
                    .max_connections(max_connections)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(opts)
                    .await?,
            )
        } else {
            return Err(crate::StoreError::Db(sqlx::Error::Configuration(
                "database URL must start with sqlite: or postgres://".into(),
            )));
        };
        Ok(Store {
            pool,
            search: Default::default(),
            steps: Default::default(),
        })
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the embedded migrations that are not yet applied.
    pub async fn migrate(&self) -> Result<()> {
        match &self.pool {
            Pool::Sqlite(p) => SQLITE_MIGRATOR.run(p).await?,
            Pool::Postgres(p) => POSTGRES_MIGRATOR.run(p).await?,
        }
        // Models saved before the step index existed get their rows.
        self.backfill_steps().await?;
        Ok(())
    }

    /// True when the database answers and every embedded migration has been
    /// applied (what `/readyz` reports).
    pub async fn ready(&self) -> Result<bool> {
        let (embedded, applied): (usize, i64) = match &self.pool {
            Pool::Sqlite(p) => (
                SQLITE_MIGRATOR.iter().count(),
                sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success = TRUE")
                    .fetch_one(p)
                    .await?,
            ),
            Pool::Postgres(p) => (
                POSTGRES_MIGRATOR.iter().count(),
                sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success = TRUE")
                    .fetch_one(p)
                    .await?,
            ),
        };
        Ok(applied as usize >= embedded)
    }

    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }

    pub(crate) async fn conn(&self) -> Result<Conn> {
        Ok(match &self.pool {
            Pool::Sqlite(p) => Conn::Sqlite(p.acquire().await?),
            Pool::Postgres(p) => Conn::Postgres(p.acquire().await?),
        })
    }

    /// Starts a write transaction. On SQLite it takes the write lock at
    /// once (`BEGIN IMMEDIATE`): a deferred transaction that read first
    /// could not upgrade once another writer had committed meanwhile and
    /// failed at once with "database is locked" (SQLITE_BUSY_SNAPSHOT)
    /// instead of waiting its turn; now writers queue (busy timeout) and
    /// readers are never blocked (WAL). Only for changes: a read that took
    /// it would queue behind every writer.
    pub(crate) async fn begin(&self) -> Result<Tx> {
        Ok(match &self.pool {
            Pool::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Pool::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    /// Starts a read transaction: several queries that must see one
    /// consistent state (a process row and its current version) without
    /// taking the write lock. SQLite's deferred transaction reads one WAL
    /// snapshot and never waits for a writer; PostgreSQL's repeatable read
    /// gives the same snapshot to every statement. A single query needs
    /// none of this and runs on [`Store::conn`].
    pub(crate) async fn begin_read(&self) -> Result<Tx> {
        Ok(match &self.pool {
            Pool::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN DEFERRED").await?),
            Pool::Postgres(p) => Tx::Postgres(
                p.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?,
            ),
        })
    }
}

pub(crate) enum Conn {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

pub(crate) enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

impl Tx {
    pub(crate) async fn commit(self) -> Result<()> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
}

/// A borrowed connection of either backend; what the query macros run on.
pub(crate) enum Raw<'a> {
    Sqlite(&'a mut SqliteConnection),
    Postgres(&'a mut PgConnection),
}

pub(crate) trait AsRaw {
    fn raw(&mut self) -> Raw<'_>;
}

impl AsRaw for Conn {
    fn raw(&mut self) -> Raw<'_> {
        match self {
            Conn::Sqlite(c) => Raw::Sqlite(c),
            Conn::Postgres(c) => Raw::Postgres(c),
        }
    }
}

impl AsRaw for Tx {
    fn raw(&mut self) -> Raw<'_> {
        match self {
            Tx::Sqlite(t) => Raw::Sqlite(t),
            Tx::Postgres(t) => Raw::Postgres(t),
        }
    }
}

/// Runs a `query_as` on a [`Conn`] or [`Tx`]:
/// `fetch!(&mut c, fetch_all, Row, "SELECT … WHERE a = $1", a)`.
macro_rules! fetch {
    ($c:expr, $method:ident, $ty:ty, $sql:expr $(, $arg:expr)* $(,)?) => {
        match $crate::db::AsRaw::raw($c) {
            $crate::db::Raw::Sqlite(c) => {
                sqlx::query_as::<_, $ty>($sql)$(.bind($arg))*.$method(c).await
            }
            $crate::db::Raw::Postgres(c) => {
                sqlx::query_as::<_, $ty>($sql)$(.bind($arg))*.$method(c).await
            }
        }
    };
}

/// Runs a `query_scalar` on a [`Conn`] or [`Tx`].
macro_rules! scalar {
    ($c:expr, $method:ident, $ty:ty, $sql:expr $(, $arg:expr)* $(,)?) => {
        match $crate::db::AsRaw::raw($c) {
            $crate::db::Raw::Sqlite(c) => {
                sqlx::query_scalar::<_, $ty>($sql)$(.bind($arg))*.$method(c).await
            }
            $crate::db::Raw::Postgres(c) => {
                sqlx::query_scalar::<_, $ty>($sql)$(.bind($arg))*.$method(c).await
            }
        }
    };
}

/// Executes a statement on a [`Conn`] or [`Tx`]; yields the rows affected.
macro_rules! exec {
    ($c:expr, $sql:expr $(, $arg:expr)* $(,)?) => {
        match $crate::db::AsRaw::raw($c) {
            $crate::db::Raw::Sqlite(c) => {
                sqlx::query($sql)$(.bind($arg))*.execute(c).await.map(|r| r.rows_affected())
            }
            $crate::db::Raw::Postgres(c) => {
                sqlx::query($sql)$(.bind($arg))*.execute(c).await.map(|r| r.rows_affected())
            }
        }
    };
}

/// Escapes LIKE wildcards so user text matches literally.
pub(crate) fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// A value bound to a query whose text is built at run time (a filter that
/// sets only some of its conditions, so the databases can use their indexes).
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Text(String),
    Id(uuid::Uuid),
    Int(i64),
    Time(chrono::DateTime<chrono::Utc>),
}

/// Binds `args` in order to a query of either backend.
macro_rules! bind_args {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                $crate::db::Arg::Text(t) => q.bind(t.clone()),
                $crate::db::Arg::Id(i) => q.bind(*i),
                $crate::db::Arg::Int(n) => q.bind(*n),
                $crate::db::Arg::Time(t) => q.bind(*t),
            };
        }
        q
    }};
}

/// Runs a query built at run time on a [`Conn`] or [`Tx`], binding `args`
/// in order (`$1`, `$2`, …): `fetch_args!(&mut c, sqlx::query_scalar,
/// fetch_one, &sql, &args)`; `$make` is `sqlx::query_as::<_, Row>` or
/// `sqlx::query_scalar`.
macro_rules! fetch_args {
    ($c:expr, $make:path, $method:ident, $sql:expr, $args:expr) => {{
        let sql = $sql;
        match $crate::db::AsRaw::raw($c) {
            $crate::db::Raw::Sqlite(conn) => {
                $crate::db::bind_args!($make(sql), $args)
                    .$method(conn)
                    .await
            }
            $crate::db::Raw::Postgres(conn) => {
                $crate::db::bind_args!($make(sql), $args)
                    .$method(conn)
                    .await
            }
        }
    }};
}

pub(crate) use {bind_args, exec, fetch, fetch_args, scalar};
