//! An organisation's building-block catalogue as stored: its changes to the
//! default catalogue (rows with `custom = false` for a default key: renamed,
//! hidden or re-iconed) and its own categories and blocks (`custom = true`).
//! The defaults themselves live in `ablauf-model`; `ablauf-web` merges the
//! two. Models refer to blocks by key, so nothing here is ever deleted:
//! hiding a block keeps it working in existing models.

use serde::Serialize;

use crate::audit::Change;
use crate::db::{Tx, fetch, scalar};
use crate::{Actor, OrgId, Result, Store, StoreError, on_unique};

/// One stored category row of an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct BlockCategoryRow {
    pub organization_id: OrgId,
    pub key: String,
    pub name: String,
    pub hidden: bool,
    /// The organisation's own category (not a change to a default one).
    pub custom: bool,
    /// Order among the organisation's own categories.
    pub position: i64,
}

/// One stored block row of an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct BlockTypeRow {
    pub organization_id: OrgId,
    pub key: String,
    pub category_key: String,
    pub name: String,
    pub description: String,
    /// Key of `ablauf_model::ICONS`.
    pub icon: String,
    pub hidden: bool,
    /// The organisation's own block (not a change to a default one).
    pub custom: bool,
    /// Order among the organisation's own blocks.
    pub position: i64,
}

/// The state of a category to store: an override of a default category
/// (`custom = false`) or the organisation's own one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryInput {
    pub key: String,
    pub name: String,
    pub hidden: bool,
    pub custom: bool,
}

/// The state of a block to store: an override of a default block
/// (`custom = false`) or the organisation's own one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockInput {
    pub key: String,
    pub category_key: String,
    pub name: String,
    pub description: String,
    pub icon: String,
    pub hidden: bool,
    pub custom: bool,
}

/// What kind of change a new state is compared with the stored one:
/// `created`, `hidden`, `shown` or `updated`.
fn change_kind(created: bool, was_hidden: bool, hidden: bool) -> &'static str {
    match (created, was_hidden, hidden) {
        (true, _, _) => "created",
        (false, false, true) => "hidden",
        (false, true, false) => "shown",
        _ => "updated",
    }
}

/// The summary's message key of a change to a block (`block_type`) or a
/// category (`block_category`): what [`change_kind`] found, or a rename.
fn summary_key(entity: &str, kind: &str, renamed: bool) -> &'static str {
    match (entity, kind, renamed) {
        ("block_type", "created", _) => "audit_summary.block_type_created",
        ("block_type", "hidden", _) => "audit_summary.block_type_hidden",
        ("block_type", "shown", _) => "audit_summary.block_type_shown",
        ("block_type", _, true) => "audit_summary.block_type_renamed",
        ("block_type", _, false) => "audit_summary.block_type_updated",
        (_, "created", _) => "audit_summary.block_category_created",
        (_, "hidden", _) => "audit_summary.block_category_hidden",
        (_, "shown", _) => "audit_summary.block_category_shown",
        (_, _, true) => "audit_summary.block_category_renamed",
        (_, _, false) => "audit_summary.block_category_updated",
    }
}

/// A stored row of the block catalogue: what its audit record names and
/// what a new state of it keeps.
trait CatalogueRow: Serialize {
    fn key(&self) -> &str;
    fn name(&self) -> &str;
    fn hidden(&self) -> bool;
    /// Whether the row is the organisation's own, and its place among them.
    fn placement(&self) -> (bool, i64);
}

impl CatalogueRow for BlockCategoryRow {
    fn key(&self) -> &str {
        &self.key
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn hidden(&self) -> bool {
        self.hidden
    }
    fn placement(&self) -> (bool, i64) {
        (self.custom, self.position)
    }
}

impl CatalogueRow for BlockTypeRow {
    fn key(&self) -> &str {
        &self.key
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn hidden(&self) -> bool {
        self.hidden
    }
    fn placement(&self) -> (bool, i64) {
        (self.custom, self.position)
    }
}

/// The state of a category or a block to store: both are stored the same
/// way, in their own table.
trait CatalogueInput: Clone {
    type Row: CatalogueRow
        + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
        + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
        + Send
        + Unpin;
    /// The audit trail's entity (`block_category`, `block_type`).
    const ENTITY: &'static str;
    const TABLE: &'static str;
    /// The key, and whether the row is to be the organisation's own.
    fn key_custom(&mut self) -> (&str, &mut bool);
    async fn insert(&self, tx: &mut Tx, at: Placement) -> sqlx::Result<Self::Row>;
}

/// Where an insert puts a row: into the organisation, as its own or not, at
/// `position`; with `replace`, an existing row of the key is updated
/// instead.
struct Placement {
    org: OrgId,
    custom: bool,
    position: i64,
    replace: bool,
}

/// The clause of an insert that updates the row of the same key instead.
fn replacing(replace: bool, set: &str) -> String {
    if replace {
        format!(" ON CONFLICT (organization_id, key) DO UPDATE SET {set}")
    } else {
        String::new()
    }
}

impl CatalogueInput for CategoryInput {
    type Row = BlockCategoryRow;
    const ENTITY: &'static str = "block_category";
    const TABLE: &'static str = "block_categories";
    fn key_custom(&mut self) -> (&str, &mut bool) {
        (&self.key, &mut self.custom)
    }
    async fn insert(&self, tx: &mut Tx, at: Placement) -> sqlx::Result<BlockCategoryRow> {
        let sql = format!(
            "INSERT INTO block_categories (organization_id, key, name, hidden, custom, position) \
             VALUES ($1, $2, $3, $4, $5, $6){} RETURNING *",
            replacing(at.replace, "name = excluded.name, hidden = excluded.hidden")
        );
        fetch!(
            tx,
            fetch_one,
            BlockCategoryRow,
            &sql,
            at.org,
            &self.key,
            &self.name,
            self.hidden,
            at.custom,
            at.position
        )
    }
}

impl CatalogueInput for BlockInput {
    type Row = BlockTypeRow;
    const ENTITY: &'static str = "block_type";
    const TABLE: &'static str = "block_types";
    fn key_custom(&mut self) -> (&str, &mut bool) {
        (&self.key, &mut self.custom)
    }
    async fn insert(&self, tx: &mut Tx, at: Placement) -> sqlx::Result<BlockTypeRow> {
        let sql = format!(
            "INSERT INTO block_types (organization_id, key, category_key, name, description, \
             icon, hidden, custom, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9){} \
             RETURNING *",
            replacing(
                at.replace,
                "name = excluded.name, description = excluded.description, \
                 icon = excluded.icon, hidden = excluded.hidden"
            )
        );
        fetch!(
            tx,
            fetch_one,
            BlockTypeRow,
            &sql,
            at.org,
            &self.key,
            &self.category_key,
            &self.name,
            &self.description,
            &self.icon,
            self.hidden,
            at.custom,
            at.position
        )
    }
}

/// Records a change to a block (`block_type`) or a category
/// (`block_category`) of the kind [`change_kind`] found.
async fn record_change<T: CatalogueRow>(
    tx: &mut Tx,
    actor: &Actor,
    org: OrgId,
    (entity, kind): (&'static str, &str),
    before: Option<&T>,
    after: &T,
) -> Result<()> {
    let renamed = before.is_some_and(|b| b.name() != after.name());
    Change::new(
        org,
        format!("{entity}.{kind}"),
        entity,
        summary_key(entity, kind, renamed),
    )
    .entity(after.key())
    .arg("name", after.name())
    .arg("key", after.key())
    .arg("before", before.map(|b| b.name()).unwrap_or_default())
    .before(&before)
    .after(after)
    .record(tx, actor)
    .await
}

impl Store {
    /// The organisation's category rows: first the changes to default
    /// categories, then its own in their order.
    pub async fn list_block_categories(&self, org: OrgId) -> Result<Vec<BlockCategoryRow>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_all,
            BlockCategoryRow,
            "SELECT * FROM block_categories WHERE organization_id = $1 \
             ORDER BY custom, position, key",
            org
        )?)
    }

    /// The organisation's block rows: first the changes to default blocks,
    /// then its own in their order.
    pub async fn list_block_types(&self, org: OrgId) -> Result<Vec<BlockTypeRow>> {
        let mut c = self.conn().await?;
        Ok(fetch!(
            &mut c,
            fetch_all,
            BlockTypeRow,
            "SELECT * FROM block_types WHERE organization_id = $1 ORDER BY custom, position, key",
            org
        )?)
    }

    /// Stores a category's state: inserts the row (an override of a default
    /// category, or a category of the organisation's own placed last) or
    /// updates name and visibility of the existing one. Whether a row is the
    /// organisation's own and its position never change once stored.
    pub async fn upsert_block_category(
        &self,
        actor: &Actor,
        org: OrgId,
        input: &CategoryInput,
    ) -> Result<BlockCategoryRow> {
        self.store_entry(actor, org, input, false).await
    }

    /// Adds a category of the organisation's own under a new key; a key
    /// already in use is a [`StoreError::Conflict`].
    pub async fn create_block_category(
        &self,
        actor: &Actor,
        org: OrgId,
        input: &CategoryInput,
    ) -> Result<BlockCategoryRow> {
        self.store_entry(actor, org, input, true).await
    }

    /// Stores a block's state: inserts the row (an override of a default
    /// block, or a block of the organisation's own placed last) or updates
    /// the existing one. Whether a row is the organisation's own, its
    /// category and its position never change once stored.
    pub async fn upsert_block_type(
        &self,
        actor: &Actor,
        org: OrgId,
        input: &BlockInput,
    ) -> Result<BlockTypeRow> {
        self.store_entry(actor, org, input, false).await
    }

    /// Adds a block of the organisation's own under a new key; a key already
    /// in use is a [`StoreError::Conflict`].
    pub async fn create_block_type(
        &self,
        actor: &Actor,
        org: OrgId,
        input: &BlockInput,
    ) -> Result<BlockTypeRow> {
        self.store_entry(actor, org, input, true).await
    }

    /// Stores the state of a category or a block in one transaction; `new`
    /// adds one of the organisation's own and refuses a key in use.
    async fn store_entry<I: CatalogueInput>(
        &self,
        actor: &Actor,
        org: OrgId,
        input: &I,
        new: bool,
    ) -> Result<I::Row> {
        let mut tx = self.begin().await?;
        let mut input = input.clone();
        let (key, custom) = input.key_custom();
        let before = fetch!(
            &mut tx,
            fetch_optional,
            I::Row,
            &format!(
                "SELECT * FROM {} WHERE organization_id = $1 AND key = $2",
                I::TABLE
            ),
            org,
            key
        )?;
        if new {
            if before.is_some() {
                return Err(StoreError::Conflict("blocks.key_taken"));
            }
            *custom = true;
        }
        let own = *custom;
        let after = write_entry(&mut tx, actor, org, (&input, own), before).await?;
        tx.commit().await?;
        Ok(after)
    }
}

async fn write_entry<I: CatalogueInput>(
    tx: &mut Tx,
    actor: &Actor,
    org: OrgId,
    (input, own): (&I, bool),
    before: Option<I::Row>,
) -> Result<I::Row> {
    let (custom, position) = match &before {
        Some(b) => b.placement(),
        None if own => (
            true,
            scalar!(
                &mut *tx,
                fetch_one,
                i64,
                &format!(
                    "SELECT COALESCE(MAX(position), 0) + 1 FROM {} \
                     WHERE organization_id = $1 AND custom = TRUE",
                    I::TABLE
                ),
                org
            )?,
        ),
        None => (false, 0),
    };
    // A new row of the organisation's own must not replace one that someone
    // added under the same key meanwhile: plain INSERT, so the unique key
    // refuses it.
    let created = before.is_none() && custom;
    let at = Placement {
        org,
        custom,
        position,
        replace: !created,
    };
    let after = input
        .insert(tx, at)
        .await
        .map_err(on_unique("blocks.key_taken"))?;
    let kind = change_kind(
        created,
        before.as_ref().is_some_and(|b| b.hidden()),
        after.hidden(),
    );
    record_change(tx, actor, org, (I::ENTITY, kind), before.as_ref(), &after).await?;
    Ok(after)
}
