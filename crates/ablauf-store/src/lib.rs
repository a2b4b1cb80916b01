//! Ablauf's storage adapter. One [`Store`] speaks to SQLite (the embedded
//! default, a file in the data folder) or PostgreSQL (central operation),
//! chosen at start from the database URL.
//!
//! **Every method that reads or writes an organisation's data takes the
//! organisation ([`OrgId`]) as a parameter and filters by it in SQL.** A
//! handler cannot forget the tenant because it cannot call the method
//! without one.
//!
//! **Every change is recorded in the audit trail inside the same transaction
//! as the change itself**: either both are stored or neither.
//!
//! The SQL is written once in the dialect both backends accept (`$1`
//! placeholders, `RETURNING`, `ON CONFLICT`); the macros in [`db`] run it on
//! whichever pool is configured. Schemas live in `migrations/sqlite` and
//! `migrations/postgres`, are embedded in the binary and applied at start.

pub mod analysis;
pub mod audit;
pub mod blocks;
pub mod db;
pub mod filter;
pub mod imports;
pub mod library;
pub mod library_browse;
pub mod links;
pub mod orgs;
pub mod patterns;
mod refs;
pub mod register;
pub mod search;
mod search_cache;
pub mod service_catalogue;
pub mod sessions;
pub mod steps;
mod steps_cache;
pub mod throttle;
pub mod tokens;
pub mod units;
pub mod users;

pub use analysis::AnalysisSettingsRow;
pub use audit::{Actor, AuditEvent, AuditFilter, SummaryArg};
pub use blocks::{BlockCategoryRow, BlockInput, BlockTypeRow, CategoryInput};
pub use db::{Backend, Store};
pub use filter::RegisterFilter;
pub use imports::{
    ImportFailure, ImportItem, ImportRun, PendingImport, RegisterImportCounts, UndoCounts,
};
pub use links::{Link, LinkPurpose};
pub use orgs::OrgOverview;
pub use orgs::Organization;
pub use patterns::SavedQuery;
pub use register::{Area, ProcessRow, ReferenceEntry, Save, StoredModel, VersionRow, Which};
pub use search::{FieldMatch, SearchHit, SearchResults, Segment, segments};
pub use service_catalogue::{ImportCounts, ServiceRow};
pub use sessions::Session;
pub use steps::{PatternMatch, PatternResults, StepLabel};
pub use tokens::ApiToken;
pub use units::UnitInput;
pub use units::{OrgUnit, PayGrade};
pub use users::{Member, Membership, NewAccount, User};

use uuid::Uuid;

pub use ablauf_domain::{
    AreaId, AuditId, CommentId, EntryId, ImportId, OrgId, OrgUnitId, PayGradeId, ProcessId,
    ProposalId, TemplateId, TokenId, UserId,
};

/// Time-ordered ids keep indexes compact and make creation order visible.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// What can go wrong in storage. `Conflict` and `NotFound` are answers a
/// user can act on; `Db` is an internal failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness rule was hit; the string names the rule's message key.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// The change would break a rule of the data (e.g. delete a unit that
    /// still has sub-units); the string is a message key.
    #[error("refused: {0}")]
    Refused(&'static str),
    /// A field of the change refers to something the organisation does not
    /// have (another organisation's, or nothing's): the field and a message
    /// key, for a field error.
    #[error("invalid {}: {}", .0.field, .0.key)]
    Invalid(ablauf_domain::Invalid),
    /// The database is busy: a lock held by another writer did not come
    /// free in time (SQLite `SQLITE_BUSY`/`SQLITE_LOCKED`, PostgreSQL lock
    /// timeout, serialization failure or deadlock), or no connection came
    /// free. Trying again shortly is the answer.
    #[error("database busy: {0}")]
    Busy(#[source] sqlx::Error),
    #[error(transparent)]
    Db(sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Every database error passes here: a busy database becomes
/// [`StoreError::Busy`], anything else [`StoreError::Db`].
impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if is_busy(&e) {
            StoreError::Busy(e)
        } else {
            StoreError::Db(e)
        }
    }
}

/// SQLite's `SQLITE_BUSY` (5) and `SQLITE_LOCKED` (6) with their extended
/// codes; PostgreSQL's `lock_not_available` (55P03, `lock_timeout`),
/// `serialization_failure` (40001) and `deadlock_detected` (40P01); a pool
/// without a free connection.
fn is_busy(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut => true,
        sqlx::Error::Database(d) => {
            let code = d.code();
            let code = code.as_deref().unwrap_or("");
            if d.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                code.parse::<i32>().is_ok_and(|c| matches!(c & 0xff, 5 | 6))
            } else {
                matches!(code, "55P03" | "40001" | "40P01")
            }
        }
        _ => false,
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Turns a unique-constraint violation into a [`StoreError::Conflict`] with
/// the given message key; other errors pass through.
pub(crate) fn on_unique(key: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
    move |e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Conflict(key),
        _ => StoreError::from(e),
    }
}
