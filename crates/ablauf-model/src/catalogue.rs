//! The block catalogue: categories of typed building blocks (PRODUCT.md,
//! "Building-block modelling"), the media a step can use, and the catalogue
//! view an organisation works with (blocks may be renamed, hidden or added).

use serde::{Deserialize, Serialize};

/// A category of blocks.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Category {
    pub key: String,
    pub name: String,
    pub blocks: Vec<Block>,
}

/// A building block.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Block {
    /// ASCII kebab-case key stored in models, e.g. `formell-pruefen`.
    pub key: String,
    pub name: String,
    pub description: String,
    /// Key of [`crate::ICONS`].
    pub icon: String,
    /// Hidden blocks are not offered for new steps, but models using them keep working.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
}

/// Media a step can work with: key and German label.
pub const MEDIA: &[(&str, &str)] = &[
    ("papier", "Papier"),
    ("email", "E-Mail"),
    ("fax", "Fax"),
    ("portal", "Online-Portal"),
    ("eakte", "E-Akte"),
    ("telefon", "Telefon"),
    ("persoenlich", "Persönlich"),
];

/// German label of a medium key.
pub fn medium_label(key: &str) -> Option<&'static str> {
    MEDIA.iter().find(|(k, _)| *k == key).map(|(_, l)| *l)
}

fn block(key: &str, name: &str, description: &str) -> Block {
    Block {
        key: key.into(),
        name: name.into(),
        description: description.into(),
        icon: key.into(),
        hidden: false,
    }
}

fn category(key: &str, name: &str, blocks: Vec<Block>) -> Category {
    Category {
        key: key.into(),
        name: name.into(),
        blocks,
    }
}

/// The default catalogue of PRODUCT.md.
pub fn default_catalogue() -> Vec<Category> {
    vec![
        category(
            "informationsfluss",
            "Informationsfluss",
            vec![
                block(
                    "eingang",
                    "Eingang",
                    "Ein Dokument oder eine Information geht ein.",
                ),
                block(
                    "ausgang",
                    "Ausgang",
                    "Ein Dokument oder eine Information wird versandt.",
                ),
                block(
                    "weiterleiten",
                    "Weiterleiten",
                    "Der Vorgang wird an eine andere Stelle übergeben.",
                ),
                block(
                    "warten",
                    "Warten",
                    "Die Bearbeitung ruht, etwa wegen einer Frist oder Wiedervorlage.",
                ),
            ],
        ),
        category(
            "dokumentation",
            "Dokumentation",
            vec![
                block("erstellen", "Erstellen", "Ein Dokument wird neu erstellt."),
                block(
                    "erfassen-registrieren",
                    "Erfassen/Registrieren",
                    "Der Vorgang wird erfasst und erhält ein Aktenzeichen.",
                ),
                block(
                    "bearbeiten",
                    "Bearbeiten",
                    "Ein vorhandenes Dokument wird geändert oder ergänzt.",
                ),
                block(
                    "ablegen-archivieren",
                    "Ablegen/Archivieren",
                    "Unterlagen werden abgelegt oder archiviert.",
                ),
            ],
        ),
        category(
            "inhaltliche-arbeit",
            "Inhaltliche Arbeit",
            vec![
                block(
                    "sichten",
                    "Sichten",
                    "Unterlagen werden gesichtet und zugeordnet.",
                ),
                block(
                    "formell-pruefen",
                    "Formell prüfen",
                    "Vollständigkeit, Form und Fristen werden geprüft.",
                ),
                block(
                    "inhaltlich-pruefen",
                    "Inhaltlich prüfen",
                    "Der Sachverhalt wird inhaltlich geprüft.",
                ),
                block(
                    "entscheiden",
                    "Entscheiden",
                    "Über den Antrag oder das weitere Vorgehen wird entschieden.",
                ),
                block(
                    "berechnen",
                    "Berechnen",
                    "Gebühren, Beträge oder Fristen werden berechnet.",
                ),
                block(
                    "zeichnen-unterschreiben",
                    "Zeichnen/Unterschreiben",
                    "Ein Dokument wird gezeichnet, unterschrieben oder mitgezeichnet.",
                ),
                block(
                    "zahlung-annehmen",
                    "Zahlung annehmen",
                    "Eine Zahlung wird angenommen oder verbucht.",
                ),
                block("auszahlen", "Auszahlen", "Ein Betrag wird ausgezahlt."),
            ],
        ),
        category(
            "medienwechsel",
            "Medienwechsel",
            vec![
                block(
                    "it-system-eingeben",
                    "In IT-System eingeben",
                    "Daten werden (erneut) in ein IT-System eingegeben.",
                ),
                block("scannen", "Scannen", "Papierunterlagen werden eingescannt."),
                block("drucken", "Drucken", "Ein Dokument wird ausgedruckt."),
                block(
                    "kopieren-vervielfaeltigen",
                    "Kopieren/Vervielfältigen",
                    "Unterlagen werden kopiert oder vervielfältigt.",
                ),
            ],
        ),
        category(
            "informationsbeschaffung",
            "Informationsbeschaffung",
            vec![
                block(
                    "recherchieren",
                    "Recherchieren",
                    "Informationen werden in Registern, Akten oder anderen Quellen gesucht.",
                ),
                block(
                    "rueckfrage",
                    "Rückfrage",
                    "Bei der antragstellenden Person oder einer Stelle wird nachgefragt.",
                ),
                block(
                    "abstimmen-beteiligen",
                    "Abstimmen/Beteiligen",
                    "Eine andere Stelle oder Behörde wird beteiligt.",
                ),
                block(
                    "beraten",
                    "Beraten",
                    "Eine Bürgerin oder ein Bürger wird beraten.",
                ),
            ],
        ),
        category(
            "sonstiges",
            "Sonstiges",
            vec![
                block(
                    "ortswechsel",
                    "Ortswechsel",
                    "Ein Weg zu einem anderen Ort, etwa ein Gang oder Botendienst.",
                ),
                block(
                    "spezielle-taetigkeit",
                    "Spezielle Tätigkeit",
                    "Eine Tätigkeit, die zu keinem anderen Baustein passt.",
                ),
            ],
        ),
    ]
}

/// The catalogue an organisation works with: categories whose blocks may be
/// hidden. [`Catalogue::block`] finds hidden blocks too, so models that use
/// them keep rendering and validating.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Catalogue {
    pub categories: Vec<Category>,
}

impl Default for Catalogue {
    fn default() -> Self {
        Catalogue {
            categories: default_catalogue(),
        }
    }
}

impl Catalogue {
    pub fn new(categories: Vec<Category>) -> Self {
        Catalogue { categories }
    }

    /// The block with this key, hidden or not.
    pub fn block(&self, key: &str) -> Option<&Block> {
        self.blocks().find(|b| b.key == key)
    }

    /// The category holding a block.
    pub fn category_of(&self, key: &str) -> Option<&Category> {
        self.categories
            .iter()
            .find(|c| c.blocks.iter().any(|b| b.key == key))
    }

    /// Every block, hidden ones included, in catalogue order.
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.categories.iter().flat_map(|c| c.blocks.iter())
    }

    /// What the editor offers: categories with their visible blocks; categories
    /// with none are left out.
    pub fn visible(&self) -> Vec<(&Category, Vec<&Block>)> {
        self.categories
            .iter()
            .map(|c| (c, c.blocks.iter().filter(|b| !b.hidden).collect::<Vec<_>>()))
            .filter(|(_, b)| !b.is_empty())
            .collect()
    }

    /// Hide or show a block. Returns false when there is no such block.
    pub fn set_hidden(&mut self, key: &str, hidden: bool) -> bool {
        match self
            .categories
            .iter_mut()
            .flat_map(|c| c.blocks.iter_mut())
            .find(|b| b.key == key)
        {
            Some(b) => {
                b.hidden = hidden;
                true
            }
            None => false,
        }
    }

    /// The icon path of a block, if the block and its icon are known.
    pub fn icon_of(&self, key: &str) -> Option<&'static crate::Icon> {
        crate::icon(&self.block(key)?.icon)
    }
}
