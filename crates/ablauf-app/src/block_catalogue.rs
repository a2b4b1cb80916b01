//! The building-block catalogue an organisation works with: the default
//! catalogue of `ablauf-model`, changed by the organisation's stored rows
//! (renamed, hidden or re-iconed defaults) and extended by its own
//! categories and blocks. The model editor asks [`org_catalogue`]; the
//! administration page works on the richer [`OrgBlocks`], which keeps the
//! state of categories and blocks apart.
//!
//! Its administrators' changes are here too: adding blocks and categories
//! of the organisation's own (keys made from the name), renaming and
//! re-iconing any, hiding and showing them. Nothing is deleted: models
//! store block keys, and a hidden block keeps working in them.

use serde::{Deserialize, Serialize};

use ablauf_domain::{Invalid, required_text};
use ablauf_model::{Block, Catalogue, Category, default_catalogue, icon};
use ablauf_store::{
    Actor, BlockCategoryRow, BlockInput, BlockTypeRow, CategoryInput, OrgId, Store, StoreError,
};

use crate::error::{Error, FieldErrors, Result};

/// Longest generated key (ASCII characters).
const KEY_MAX: usize = 48;
/// Longest name of a block or category (characters).
const NAME_MAX: usize = 60;
/// Longest description of a block (characters).
const DESCRIPTION_MAX: usize = 200;

/// A block as the administration sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgBlock {
    pub key: String,
    pub category_key: String,
    pub name: String,
    pub description: String,
    pub icon: String,
    /// Hidden itself (its category may be hidden on top of that).
    pub hidden: bool,
    /// The organisation's own block.
    pub custom: bool,
}

/// A category as the administration sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgCategory {
    pub key: String,
    pub name: String,
    pub hidden: bool,
    pub custom: bool,
    pub blocks: Vec<OrgBlock>,
}

/// The organisation's whole catalogue: default categories first, in the
/// default order, then its own by position; within a category the default
/// blocks first, then its own by position.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgBlocks {
    pub categories: Vec<OrgCategory>,
}

impl OrgBlocks {
    /// Defaults changed by `categories` and `blocks` (the organisation's
    /// rows, as the store lists them).
    pub fn merge(
        defaults: Vec<Category>,
        categories: &[BlockCategoryRow],
        blocks: &[BlockTypeRow],
    ) -> OrgBlocks {
        let mut out: Vec<OrgCategory> = defaults
            .into_iter()
            .map(|c| {
                let category_key = c.key.clone();
                OrgCategory {
                    key: c.key,
                    name: c.name,
                    hidden: false,
                    custom: false,
                    blocks: c
                        .blocks
                        .into_iter()
                        .map(|b| OrgBlock {
                            key: b.key,
                            category_key: category_key.clone(),
                            name: b.name,
                            description: b.description,
                            icon: b.icon,
                            hidden: b.hidden,
                            custom: false,
                        })
                        .collect(),
                }
            })
            .collect();
        let mut own_categories: Vec<&BlockCategoryRow> = Vec::new();
        for row in categories {
            match out.iter_mut().find(|c| c.key == row.key) {
                Some(c) => {
                    c.name.clone_from(&row.name);
                    c.hidden = row.hidden;
                }
                None => own_categories.push(row),
            }
        }
        own_categories.sort_by(|a, b| (a.position, &a.key).cmp(&(b.position, &b.key)));
        out.extend(own_categories.into_iter().map(|row| OrgCategory {
            key: row.key.clone(),
            name: row.name.clone(),
            hidden: row.hidden,
            custom: true,
            blocks: Vec::new(),
        }));
        let mut own_blocks: Vec<&BlockTypeRow> = Vec::new();
        for row in blocks {
            let known = out
                .iter_mut()
                .flat_map(|c| c.blocks.iter_mut())
                .find(|b| b.key == row.key);
            match known {
                Some(b) => {
                    b.name.clone_from(&row.name);
                    b.description.clone_from(&row.description);
                    b.icon.clone_from(&row.icon);
                    b.hidden = row.hidden;
                }
                None => own_blocks.push(row),
            }
        }
        own_blocks.sort_by(|a, b| (a.position, &a.key).cmp(&(b.position, &b.key)));
        for row in own_blocks {
            let block = OrgBlock {
                key: row.key.clone(),
                category_key: row.category_key.clone(),
                name: row.name.clone(),
                description: row.description.clone(),
                icon: row.icon.clone(),
                hidden: row.hidden,
                custom: true,
            };
            // A block whose category is unknown still has to be found, so
            // models using it keep working: it goes to the last category.
            let at = out
                .iter()
                .position(|c| c.key == row.category_key)
                .unwrap_or(out.len().saturating_sub(1));
            if let Some(c) = out.get_mut(at) {
                c.blocks.push(block);
            }
        }
        OrgBlocks { categories: out }
    }

    pub fn category(&self, key: &str) -> Option<&OrgCategory> {
        self.categories.iter().find(|c| c.key == key)
    }

    pub fn block(&self, key: &str) -> Option<&OrgBlock> {
        self.categories
            .iter()
            .flat_map(|c| c.blocks.iter())
            .find(|b| b.key == key)
    }

    /// The catalogue the editor works with. A block of a hidden category
    /// counts as hidden: it is not offered, but [`Catalogue::block`] still
    /// finds it.
    pub fn to_catalogue(&self) -> Catalogue {
        Catalogue::new(
            self.categories
                .iter()
                .map(|c| Category {
                    key: c.key.clone(),
                    name: c.name.clone(),
                    blocks: c
                        .blocks
                        .iter()
                        .map(|b| Block {
                            key: b.key.clone(),
                            name: b.name.clone(),
                            description: b.description.clone(),
                            icon: b.icon.clone(),
                            hidden: b.hidden || c.hidden,
                        })
                        .collect(),
                })
                .collect(),
        )
    }

    /// A new block key made from a name, unique among the blocks.
    pub fn new_block_key(&self, name: &str) -> String {
        unique_key(&key_from_name(name, "baustein"), |k| {
            self.block(k).is_some()
        })
    }

    /// A new category key made from a name, unique among the categories.
    pub fn new_category_key(&self, name: &str) -> String {
        unique_key(&key_from_name(name, "kategorie"), |k| {
            self.category(k).is_some()
        })
    }
}

/// The organisation's catalogue with its stored changes, for the
/// administration page.
pub async fn org_blocks(store: &Store, org: OrgId) -> Result<OrgBlocks, StoreError> {
    let categories = store.list_block_categories(org).await?;
    let blocks = store.list_block_types(org).await?;
    Ok(OrgBlocks::merge(default_catalogue(), &categories, &blocks))
}

/// The catalogue an organisation models with: defaults, its changes and
/// its own categories and blocks. Hidden blocks (and the blocks of hidden
/// categories) are marked hidden: not offered for new steps, still found by
/// [`Catalogue::block`].
pub async fn org_catalogue(store: &Store, org: OrgId) -> Result<Catalogue, StoreError> {
    Ok(org_blocks(store, org).await?.to_catalogue())
}

// ------------------------------------------------------------- changes

/// A block as the administration's form gives it.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct BlockFields {
    /// The category's key; only when adding a block.
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// An icon's key (see `ablauf_model::ICONS`).
    #[serde(default)]
    pub icon: String,
}

struct ValidBlock {
    name: String,
    description: String,
    icon: String,
}

fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// An optional text: trimmed, bounded, without control characters.
fn optional_text(field: &'static str, raw: &str, max_chars: usize) -> Result<String, Invalid> {
    let trimmed = raw.trim();
    if trimmed.chars().count() > max_chars {
        return Err(Invalid::too_long(field, max_chars));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(Invalid::new(field, "error.control_chars"));
    }
    Ok(trimmed.to_owned())
}

impl BlockFields {
    /// Checks name, description and icon; the name must be new in the
    /// category (`own` is the block being edited, which may keep its name).
    fn validate(
        &self,
        category: Option<&OrgCategory>,
        own: Option<&str>,
        errors: &mut FieldErrors,
    ) -> Option<ValidBlock> {
        let name = errors.check(required_text("name", &self.name, NAME_MAX));
        let description = errors.check(optional_text(
            "description",
            &self.description,
            DESCRIPTION_MAX,
        ));
        let icon = match self.icon.trim() {
            "" => {
                errors.add("icon", "blocks.icon_required");
                None
            }
            k if icon(k).is_none() => {
                errors.add("icon", "blocks.icon_unknown");
                None
            }
            k => Some(k.to_owned()),
        };
        if let (Some(n), Some(c)) = (&name, category)
            && c.blocks
                .iter()
                .any(|b| Some(b.key.as_str()) != own && same_name(&b.name, n))
        {
            errors.add("name", "blocks.name_taken");
            return None;
        }
        Some(ValidBlock {
            name: name?,
            description: description?,
            icon: icon?,
        })
    }
}

impl OrgBlocks {
    /// Checks a category name: required, bounded, new among the
    /// categories (`own` is the category being edited).
    fn valid_category_name(&self, raw: &str, own: Option<&str>) -> Result<String> {
        let name = required_text("name", raw, NAME_MAX)?;
        if self
            .categories
            .iter()
            .any(|c| Some(c.key.as_str()) != own && same_name(&c.name, &name))
        {
            return Err(FieldErrors::single("name", "blocks.category_name_taken").into());
        }
        Ok(name)
    }

    /// The block of `key` with its category.
    pub fn find_block(&self, key: &str) -> Option<(&OrgCategory, &OrgBlock)> {
        self.categories
            .iter()
            .find_map(|c| c.blocks.iter().find(|b| b.key == key).map(|b| (c, b)))
    }
}

/// Adds a block of the organisation's own to one of its categories; its
/// key is made from the name and is unique. A key taken meanwhile is a
/// conflict.
pub async fn create_block(store: &Store, actor: &Actor, org: OrgId, f: &BlockFields) -> Result<()> {
    let blocks = org_blocks(store, org).await?;
    let mut errors = FieldErrors::default();
    let category = blocks.category(f.category.trim());
    if category.is_none() {
        errors.add("category", "blocks.category_required");
    }
    let valid = f.validate(category, None, &mut errors);
    let (Some(category), Some(v)) = (category, valid) else {
        return Err(Error::Invalid(errors));
    };
    let input = BlockInput {
        key: blocks.new_block_key(&v.name),
        category_key: category.key.clone(),
        name: v.name,
        description: v.description,
        icon: v.icon,
        hidden: false,
        custom: true,
    };
    store.create_block_type(actor, org, &input).await?;
    Ok(())
}

/// Adds a category of the organisation's own (its name is checked at
/// `name`); a key taken meanwhile is a conflict.
pub async fn create_category(store: &Store, actor: &Actor, org: OrgId, name: &str) -> Result<()> {
    let blocks = org_blocks(store, org).await?;
    let name = blocks.valid_category_name(name, None)?;
    let input = CategoryInput {
        key: blocks.new_category_key(&name),
        name,
        hidden: false,
        custom: true,
    };
    store.create_block_category(actor, org, &input).await?;
    Ok(())
}

/// The stored form of a block, changed by `change`.
fn block_input(b: &OrgBlock, change: impl FnOnce(&mut BlockInput)) -> BlockInput {
    let mut input = BlockInput {
        key: b.key.clone(),
        category_key: b.category_key.clone(),
        name: b.name.clone(),
        description: b.description.clone(),
        icon: b.icon.clone(),
        hidden: b.hidden,
        custom: b.custom,
    };
    change(&mut input);
    input
}

/// Renames a block, changes its description or icon. A default block gets
/// a row of the organisation's that overrides it; its own block is
/// updated.
pub async fn update_block(
    store: &Store,
    actor: &Actor,
    org: OrgId,
    key: &str,
    f: &BlockFields,
) -> Result<()> {
    let blocks = org_blocks(store, org).await?;
    let (category, block) = blocks.find_block(key).ok_or(Error::NotFound)?;
    let mut errors = FieldErrors::default();
    let v = f
        .validate(Some(category), Some(&block.key), &mut errors)
        .ok_or(Error::Invalid(errors))?;
    let input = block_input(block, |i| {
        i.name = v.name;
        i.description = v.description;
        i.icon = v.icon;
    });
    store.upsert_block_type(actor, org, &input).await?;
    Ok(())
}

/// Renames a category (the name is checked at `name`).
pub async fn update_category(
    store: &Store,
    actor: &Actor,
    org: OrgId,
    key: &str,
    name: &str,
) -> Result<()> {
    let blocks = org_blocks(store, org).await?;
    let category = blocks.category(key).ok_or(Error::NotFound)?;
    let input = CategoryInput {
        key: category.key.clone(),
        name: blocks.valid_category_name(name, Some(&category.key))?,
        hidden: category.hidden,
        custom: category.custom,
    };
    store.upsert_block_category(actor, org, &input).await?;
    Ok(())
}

/// A block or a category of the catalogue, by key.
#[derive(Debug, Clone, Copy)]
pub enum Entry<'a> {
    Block(&'a str),
    Category(&'a str),
}

/// Hides a block or a category (with all its blocks) — no longer offered
/// for new steps; models that use them keep them — or shows it again.
pub async fn set_hidden(
    store: &Store,
    actor: &Actor,
    org: OrgId,
    entry: Entry<'_>,
    hidden: bool,
) -> Result<()> {
    let blocks = org_blocks(store, org).await?;
    match entry {
        Entry::Block(key) => {
            let (_, block) = blocks.find_block(key).ok_or(Error::NotFound)?;
            if block.hidden != hidden {
                let input = block_input(block, |i| i.hidden = hidden);
                store.upsert_block_type(actor, org, &input).await?;
            }
        }
        Entry::Category(key) => {
            let category = blocks.category(key).ok_or(Error::NotFound)?;
            if category.hidden != hidden {
                let input = CategoryInput {
                    key: category.key.clone(),
                    name: category.name.clone(),
                    hidden,
                    custom: category.custom,
                };
                store.upsert_block_category(actor, org, &input).await?;
            }
        }
    }
    Ok(())
}

/// ASCII kebab-case from a German name: "Bescheid prüfen" →
/// "bescheid-pruefen". Falls back to `fallback` when nothing is left.
pub fn key_from_name(name: &str, fallback: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for ch in name.chars().flat_map(char::to_lowercase) {
        let mut buf = [0; 4];
        let piece: &str = match ch {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            'à' | 'á' | 'â' => "a",
            'è' | 'é' | 'ê' => "e",
            'ì' | 'í' | 'î' => "i",
            'ò' | 'ó' | 'ô' => "o",
            'ù' | 'ú' | 'û' => "u",
            c if c.is_ascii_alphanumeric() => c.encode_utf8(&mut buf),
            _ => {
                dash = true;
                continue;
            }
        };
        if dash && !out.is_empty() {
            out.push('-');
        }
        dash = false;
        out.push_str(piece);
    }
    out.truncate(KEY_MAX);
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        fallback.to_owned()
    } else {
        out.to_owned()
    }
}

/// `base`, or `base-2`, `base-3`, … whichever is not `taken`.
pub fn unique_key(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|k| !taken(k))
        .expect("some suffix is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org() -> OrgId {
        OrgId(uuid::Uuid::nil())
    }

    fn cat_row(
        key: &str,
        name: &str,
        hidden: bool,
        custom: bool,
        position: i64,
    ) -> BlockCategoryRow {
        BlockCategoryRow {
            organization_id: org(),
            key: key.into(),
            name: name.into(),
            hidden,
            custom,
            position,
        }
    }

    fn block_row(
        key: &str,
        category: &str,
        name: &str,
        custom: bool,
        position: i64,
    ) -> BlockTypeRow {
        BlockTypeRow {
            organization_id: org(),
            key: key.into(),
            category_key: category.into(),
            name: name.into(),
            description: String::new(),
            icon: "stempel".into(),
            hidden: false,
            custom,
            position,
        }
    }

    #[test]
    fn without_rows_the_defaults_stay() {
        let merged = OrgBlocks::merge(default_catalogue(), &[], &[]);
        assert_eq!(merged.to_catalogue(), Catalogue::default());
    }

    #[test]
    fn overrides_change_defaults_in_place_and_own_entries_follow_by_position() {
        let cats = [
            cat_row("eigene-b", "Eigene B", false, true, 2),
            cat_row("eigene-a", "Eigene A", false, true, 1),
            cat_row("sonstiges", "Weiteres", true, false, 0),
        ];
        let mut hidden = block_row(
            "formell-pruefen",
            "inhaltliche-arbeit",
            "Formprüfung",
            false,
            0,
        );
        hidden.hidden = true;
        let blocks = [
            block_row("zwei", "eigene-a", "Zwei", true, 2),
            block_row("eins", "eigene-a", "Eins", true, 1),
            hidden,
            block_row("stempeln", "dokumentation", "Stempeln", true, 3),
        ];
        let m = OrgBlocks::merge(default_catalogue(), &cats, &blocks);
        let keys: Vec<&str> = m.categories.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(&keys[..2], ["informationsfluss", "dokumentation"]);
        assert_eq!(&keys[6..], ["eigene-a", "eigene-b"]);
        assert_eq!(m.category("sonstiges").unwrap().name, "Weiteres");
        let own: Vec<&str> = m
            .category("eigene-a")
            .unwrap()
            .blocks
            .iter()
            .map(|b| b.key.as_str())
            .collect();
        assert_eq!(own, ["eins", "zwei"]);
        assert_eq!(
            m.category("dokumentation")
                .unwrap()
                .blocks
                .last()
                .unwrap()
                .key,
            "stempeln"
        );

        let cat = m.to_catalogue();
        let b = cat.block("formell-pruefen").unwrap();
        assert!(b.hidden);
        assert_eq!(b.name, "Formprüfung");
        // The blocks of a hidden category are found but not offered.
        assert!(cat.block("ortswechsel").unwrap().hidden);
        assert!(cat.visible().iter().all(|(c, _)| c.key != "sonstiges"));
        assert!(
            cat.visible()
                .iter()
                .flat_map(|(_, bs)| bs.iter())
                .all(|b| b.key != "formell-pruefen")
        );
        // Own categories without blocks are not offered.
        assert!(cat.visible().iter().all(|(c, _)| c.key != "eigene-b"));
    }

    #[test]
    fn a_block_of_an_unknown_category_is_still_found() {
        let m = OrgBlocks::merge(
            default_catalogue(),
            &[],
            &[block_row("waise", "gibt-es-nicht", "Waise", true, 1)],
        );
        assert!(m.to_catalogue().block("waise").is_some());
    }

    #[test]
    fn keys_are_ascii_kebab_case_and_unique() {
        assert_eq!(key_from_name("Bescheid prüfen", "x"), "bescheid-pruefen");
        assert_eq!(key_from_name("  Straße / Weg  ", "x"), "strasse-weg");
        assert_eq!(key_from_name("Café-Über (neu)", "x"), "cafe-ueber-neu");
        assert_eq!(key_from_name("§§ ☺", "baustein"), "baustein");
        let long = key_from_name(&"Wort ".repeat(40), "x");
        assert!(long.len() <= KEY_MAX && !long.ends_with('-'), "{long}");
        let m = OrgBlocks::merge(default_catalogue(), &[], &[]);
        assert_eq!(m.new_block_key("Formell prüfen"), "formell-pruefen-2");
        assert_eq!(m.new_block_key("Stempeln"), "stempeln");
        assert_eq!(m.new_category_key("Sonstiges"), "sonstiges-2");
        assert_eq!(unique_key("a", |k| ["a", "a-2"].contains(&k)), "a-3");
    }

    #[test]
    fn block_and_category_names_are_new_where_they_live() {
        let m = OrgBlocks::merge(default_catalogue(), &[], &[]);
        let (category, block) = m.find_block("formell-pruefen").unwrap();
        let form = |name: &str, icon: &str| BlockFields {
            name: name.into(),
            icon: icon.into(),
            ..Default::default()
        };
        // Another block of the category has the name (in another spelling).
        let mut errors = FieldErrors::default();
        let taken = form(&block.name.to_uppercase(), "stempel");
        assert!(taken.validate(Some(category), None, &mut errors).is_none());
        assert_eq!(errors.0.keys().collect::<Vec<_>>(), ["name"]);
        // The block being edited keeps its own name.
        let mut errors = FieldErrors::default();
        let own = taken.validate(Some(category), Some(&block.key), &mut errors);
        assert_eq!(own.map(|v| v.name), Some(block.name.to_uppercase()));
        // Icons: required and known.
        let mut errors = FieldErrors::default();
        assert!(form("Neu", "").validate(None, None, &mut errors).is_none());
        let mut unknown = FieldErrors::default();
        assert!(
            form("Neu", "gibt-es-nicht")
                .validate(None, None, &mut unknown)
                .is_none()
        );
        assert_ne!(errors.0["icon"], unknown.0["icon"]);

        let sonstiges = m.category("sonstiges").unwrap();
        assert!(matches!(
            m.valid_category_name(" SONSTIGES ", None),
            Err(Error::Invalid(_))
        ));
        assert_eq!(
            m.valid_category_name(" Sonstiges ", Some(&sonstiges.key))
                .unwrap(),
            "Sonstiges"
        );
    }
}
