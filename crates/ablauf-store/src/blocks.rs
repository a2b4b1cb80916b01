//! An organisation's building-block catalogue as stored: its changes to the
//! default catalogue (rows with `custom = false` for a default key: renamed,
//! hidden or re-iconed) and its own categories and blocks (`custom = true`).
//! The defaults themselves live in `ablauf-model`; `ablauf-web` merges the
//! two. Models refer to blocks by key, so nothing here is ever deleted:
//! hiding a block keeps it working in existing models.

use serde::Serialize;

use crate::audit::{Change, json, record};
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

async fn category_in(tx: &mut Tx, org: OrgId, key: &str) -> Result<Option<BlockCategoryRow>> {
    Ok(fetch!(
        tx,
        fetch_optional,
        BlockCategoryRow,
        "SELECT * FROM block_categories WHERE organization_id = $1 AND key = $2",
        org,
        key
    )?)
}

async fn block_in(tx: &mut Tx, org: OrgId, key: &str) -> Result<Option<BlockTypeRow>> {
    Ok(fetch!(
        tx,
        fetch_optional,
        BlockTypeRow,
        "SELECT * FROM block_types WHERE organization_id = $1 AND key = $2",
        org,
        key
    )?)
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

fn summary(what: &str, kind: &str, before: Option<&str>, name: &str, key: &str) -> String {
    match kind {
        "created" => format!("{what} „{name}“ angelegt"),
        "hidden" => format!("{what} „{name}“ ausgeblendet"),
        "shown" => format!("{what} „{name}“ wieder eingeblendet"),
        _ => match before {
            Some(old) if old != name => format!("{what} „{old}“ umbenannt in „{name}“"),
            _ => format!("{what} „{name}“ ({key}) geändert"),
        },
    }
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
        let mut tx = self.begin().await?;
        let before = category_in(&mut tx, org, &input.key).await?;
        let after = write_category(&mut tx, actor, org, input, before).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Adds a category of the organisation's own under a new key; a key
    /// already in use is a [`StoreError::Conflict`].
    pub async fn create_block_category(
        &self,
        actor: &Actor,
        org: OrgId,
        input: &CategoryInput,
    ) -> Result<BlockCategoryRow> {
        let mut tx = self.begin().await?;
        if category_in(&mut tx, org, &input.key).await?.is_some() {
            return Err(StoreError::Conflict("blocks.key_taken"));
        }
        let input = CategoryInput {
            custom: true,
            ..input.clone()
        };
        let after = write_category(&mut tx, actor, org, &input, None).await?;
        tx.commit().await?;
        Ok(after)
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
        let mut tx = self.begin().await?;
        let before = block_in(&mut tx, org, &input.key).await?;
        let after = write_block(&mut tx, actor, org, input, before).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Adds a block of the organisation's own under a new key; a key already
    /// in use is a [`StoreError::Conflict`].
    pub async fn create_block_type(
        &self,
        actor: &Actor,
        org: OrgId,
        input: &BlockInput,
    ) -> Result<BlockTypeRow> {
        let mut tx = self.begin().await?;
        if block_in(&mut tx, org, &input.key).await?.is_some() {
            return Err(StoreError::Conflict("blocks.key_taken"));
        }
        let input = BlockInput {
            custom: true,
            ..input.clone()
        };
        let after = write_block(&mut tx, actor, org, &input, None).await?;
        tx.commit().await?;
        Ok(after)
    }
}

async fn write_category(
    tx: &mut Tx,
    actor: &Actor,
    org: OrgId,
    input: &CategoryInput,
    before: Option<BlockCategoryRow>,
) -> Result<BlockCategoryRow> {
    let (custom, position) = match &before {
        Some(b) => (b.custom, b.position),
        None if input.custom => (
            true,
            scalar!(
                &mut *tx,
                fetch_one,
                i64,
                "SELECT COALESCE(MAX(position), 0) + 1 FROM block_categories \
                 WHERE organization_id = $1 AND custom = TRUE",
                org
            )?,
        ),
        None => (false, 0),
    };
    // A new category of the organisation's own must not replace one that
    // someone added under the same key meanwhile: plain INSERT, so the
    // unique key refuses it.
    let upsert = if before.is_none() && custom {
        ""
    } else {
        " ON CONFLICT (organization_id, key) DO UPDATE \
         SET name = excluded.name, hidden = excluded.hidden"
    };
    let sql = format!(
        "INSERT INTO block_categories (organization_id, key, name, hidden, custom, position) \
         VALUES ($1, $2, $3, $4, $5, $6){upsert} RETURNING *"
    );
    let after = fetch!(
        &mut *tx,
        fetch_one,
        BlockCategoryRow,
        &sql,
        org,
        &input.key,
        &input.name,
        input.hidden,
        custom,
        position
    )
    .map_err(on_unique("blocks.key_taken"))?;
    let kind = change_kind(
        before.is_none() && custom,
        before.as_ref().is_some_and(|b| b.hidden),
        after.hidden,
    );
    record(
        tx,
        actor,
        Change {
            org: Some(org),
            action: &format!("block_category.{kind}"),
            entity_type: "block_category",
            entity_id: Some(after.key.clone()),
            summary: summary(
                "Bausteinkategorie",
                kind,
                before.as_ref().map(|b| b.name.as_str()),
                &after.name,
                &after.key,
            ),
            before: before.as_ref().and_then(json),
            after: json(&after),
        },
    )
    .await?;
    Ok(after)
}

async fn write_block(
    tx: &mut Tx,
    actor: &Actor,
    org: OrgId,
    input: &BlockInput,
    before: Option<BlockTypeRow>,
) -> Result<BlockTypeRow> {
    let (custom, position) = match &before {
        Some(b) => (b.custom, b.position),
        None if input.custom => (
            true,
            scalar!(
                &mut *tx,
                fetch_one,
                i64,
                "SELECT COALESCE(MAX(position), 0) + 1 FROM block_types \
                 WHERE organization_id = $1 AND custom = TRUE",
                org
            )?,
        ),
        None => (false, 0),
    };
    // As for categories: a new block of the organisation's own never
    // replaces one added under the same key meanwhile.
    let upsert = if before.is_none() && custom {
        ""
    } else {
        " ON CONFLICT (organization_id, key) DO UPDATE \
         SET name = excluded.name, description = excluded.description, \
         icon = excluded.icon, hidden = excluded.hidden"
    };
    let sql = format!(
        "INSERT INTO block_types (organization_id, key, category_key, name, description, \
         icon, hidden, custom, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9){upsert} \
         RETURNING *"
    );
    let after = fetch!(
        &mut *tx,
        fetch_one,
        BlockTypeRow,
        &sql,
        org,
        &input.key,
        &input.category_key,
        &input.name,
        &input.description,
        &input.icon,
        input.hidden,
        custom,
        position
    )
    .map_err(on_unique("blocks.key_taken"))?;
    let kind = change_kind(
        before.is_none() && custom,
        before.as_ref().is_some_and(|b| b.hidden),
        after.hidden,
    );
    record(
        tx,
        actor,
        Change {
            org: Some(org),
            action: &format!("block_type.{kind}"),
            entity_type: "block_type",
            entity_id: Some(after.key.clone()),
            summary: summary(
                "Baustein",
                kind,
                before.as_ref().map(|b| b.name.as_str()),
                &after.name,
                &after.key,
            ),
            before: before.as_ref().and_then(json),
            after: json(&after),
        },
    )
    .await?;
    Ok(after)
}
