//! `ablauf-search` — search for German administrative texts (process names,
//! Steckbriefe, LeiKa services, legal bases), independent of any database.
//!
//! # Tour
//! * [`fold`] ([`mod@fold`]): lower-casing, `ß`→`ss`, umlaut and `ae/oe/ue`
//!   folding, punctuation → word breaks. Every folded character remembers its
//!   byte range in the original text, so highlights land on the text the user sees.
//! * [`index_terms`] ([`terms`]): the plain strings storage keeps per document
//!   (`search_terms(org_id, doc_id, term)`): word starts `^a`, `^ab` and all
//!   character trigrams of every folded word.
//! * [`Query`] ([`query`]): folded tokens; the last one is a prefix while the user
//!   is still typing. [`Query::lookup_terms`] and [`Query::min_shared_terms`] drive
//!   the SQL candidate filter; the pair is *safe*: a document that [`score`]
//!   accepts always shares at least `min_shared_terms` of the lookup terms
//!   (proved per token in [`query`], checked by property and catalogue tests).
//! * [`score`] / [`rank`] ([`score`](mod@score)): AND over tokens; each token may
//!   match a word exactly, as a prefix, inside a compound, or with typos;
//!   field weight × match quality, name hits first.
//! * [`highlight`]: split a field into marked / unmarked segments.
//!
//! * [`Index`] ([`mod@index`]): an in-memory index of one register that answers
//!   exactly like scoring every document, through a vocabulary of folded words.
//!
//! Storage keeps each document's fields, loads them into an [`Index`] per
//! organisation and asks it. The same Rust code decides on SQLite and
//! PostgreSQL, so both behave identically. [`index_terms`] and the
//! lookup-term filter remain for storage that wants candidates from SQL.

pub mod fold;
mod highlight;
pub mod index;
pub mod query;
pub mod score;
pub mod terms;

pub use fold::fold;
pub use highlight::highlight;
pub use index::{Index, IndexHit, Results};
pub use query::Query;
pub use score::{FieldHighlight, Hit, Prepared, rank, score, score_prepared};
pub use terms::index_terms;

/// The kind of text a field holds; decides how much a match in it counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// Process or service name.
    Name,
    /// Keywords / synonyms maintained by editors.
    Keywords,
    /// Linked service (LeiKa / OZG name).
    Service,
    /// Legal basis (`§ 14 GewO`).
    LegalBasis,
    /// Free-text description.
    Description,
    /// Anything else worth finding.
    Other,
}

impl Field {
    /// Weight of a perfect match in this field. The name weight is chosen so
    /// that even the weakest name match (a typo, 0.35 × 10) beats the strongest
    /// match anywhere else (exact keyword, 1.0 × 3): name hits come first.
    pub fn weight(self) -> f32 {
        match self {
            Field::Name => 10.0,
            Field::Keywords => 3.0,
            Field::Service => 2.5,
            Field::LegalBasis => 1.5,
            Field::Description | Field::Other => 1.0,
        }
    }
}

/// A searchable document: borrowed field texts, in display order. A field kind
/// may appear more than once (several keywords, several legal bases).
#[derive(Clone, Debug, Default)]
pub struct Document<'a> {
    pub fields: Vec<(Field, &'a str)>,
}

impl<'a> Document<'a> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Builder-style helper: `Document::new().with(Field::Name, "Hundesteuer")`.
    pub fn with(mut self, field: Field, text: &'a str) -> Self {
        self.fields.push((field, text));
        self
    }
}

/// At most this many folded characters of each field are indexed *and* scored.
/// Both sides cut at the same word, which keeps the recall guarantee intact while
/// bounding the number of index terms for long descriptions.
pub const MAX_FIELD_CHARS: usize = 2000;

/// Folded words of one field, cut at [`MAX_FIELD_CHARS`], plus every pair of
/// adjacent words glued together: German writes the same compound as
/// `Gewerbeanmeldung`, `Gewerbe-Anmeldung` or `Gewerbe Anmeldung`, so the query
/// `gewerbeanmeldung` must also meet the last two. Pairs are formed in the short
/// fields only (name, keywords, service), where such names are written; in long
/// texts every neighbour pair would mostly add noise and vocabulary.
pub(crate) struct FieldWords {
    pub field: Field,
    pub words: Vec<fold::Word>,
    pub pairs: Vec<fold::Word>,
}

/// Shared by indexing and scoring so both see exactly the same words.
pub(crate) fn analyze(doc: &Document<'_>) -> Vec<FieldWords> {
    doc.fields
        .iter()
        .map(|&(field, text)| {
            let mut words = fold::fold_words(text);
            let mut budget = MAX_FIELD_CHARS;
            let keep = words
                .iter()
                .take_while(|w| {
                    let fits = w.chars.len() <= budget;
                    budget = budget.saturating_sub(w.chars.len());
                    fits
                })
                .count();
            words.truncate(keep);
            // Stop words never form compounds ("auf Antrag" is no "aufantrag").
            let is_stop = |w: &fold::Word| {
                w.chars.len() <= 5
                    && query::STOP_WORDS.contains(&w.chars.iter().collect::<String>().as_str())
            };
            let glue = matches!(field, Field::Name | Field::Keywords | Field::Service);
            let pairs = if !glue { &[][..] } else { &words[..] }
                .windows(2)
                .map(|p| {
                    if is_stop(&p[0]) || is_stop(&p[1]) {
                        // Keeps pairs index-aligned with words; matches nothing.
                        fold::Word {
                            chars: Vec::new(),
                            src: Vec::new(),
                        }
                    } else {
                        p[0].join(&p[1])
                    }
                })
                .collect();
            FieldWords {
                field,
                words,
                pairs,
            }
        })
        .collect()
}
