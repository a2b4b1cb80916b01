//! The building-block catalogue an organisation works with: the default
//! catalogue of `ablauf-model`, changed by the organisation's stored rows
//! (renamed, hidden or re-iconed defaults) and extended by its own
//! categories and blocks. The model editor asks [`org_catalogue`]; the
//! administration page works on the richer [`OrgBlocks`], which keeps the
//! state of categories and blocks apart.

use serde::Serialize;

use ablauf_model::{Block, Catalogue, Category, default_catalogue};
use ablauf_store::{BlockCategoryRow, BlockTypeRow, OrgId, Store, StoreError};

/// Longest generated key (ASCII characters).
const KEY_MAX: usize = 48;

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
}
