//! An in-memory index over one register: the same matches and scores as
//! [`crate::score`], found through a vocabulary instead of scoring every
//! document.
//!
//! # How a query is answered
//! 1. Every distinct folded word of every document (and every glued pair of
//!    neighbouring words, see [`crate::analyze`]) is one vocabulary entry with a
//!    posting list: the documents holding it, each with the weightiest field it
//!    occurs in.
//! 2. Per token, the vocabulary entries sharing at least `need` of the token's
//!    lookup terms are found through a term → entry table (the per-word bound
//!    proved in [`crate::query`]), and [`crate::score::match_word`] decides on
//!    each of them: the token's matching entries and their quality.
//! 3. A document's score without the name bonus is then known exactly from the
//!    postings: per token the best `weight × quality`, summed (optional tokens
//!    a fifth). The documents where every required token matches are exactly
//!    the hits, so the total is exact.
//! 4. Only the best few are scored in full (highlights, name bonus ≤ 0.5) with
//!    [`score_prepared`], in order of that base score, until no remaining
//!    document can reach the `limit`-th best score. The top `limit` are exactly
//!    those brute-force [`crate::rank`] would put first (checked by tests).
//!
//! Documents are replaced or removed by key; their old slots die and the index
//! compacts itself when more than half of its slots are dead.

use std::collections::HashMap;
use std::hash::Hash;

use crate::fold::Word;
use crate::query::{Query, Token};
use crate::score::{
    NAME_COVERAGE_BONUS, OPTIONAL_FACTOR, PAIR_FACTOR, Prepared, match_word, score_prepared,
};
use crate::terms::MIN_INFIX_CHARS;
use crate::terms::{START, word_terms};
use crate::{Document, Field, Hit, analyze};

const FIELDS: [Field; 6] = [
    Field::Name,
    Field::Keywords,
    Field::Service,
    Field::LegalBasis,
    Field::Description,
    Field::Other,
];

fn field_code(f: Field) -> u32 {
    FIELDS.iter().position(|x| *x == f).unwrap_or(5) as u32
}

/// A posting: document slot and the code of its weightiest field for the entry.
fn posting(slot: u32, f: Field) -> u32 {
    (slot << 3) | field_code(f)
}

fn unpack(p: u32) -> (u32, Field) {
    (p >> 3, FIELDS[(p & 7) as usize])
}

/// Code of a lookup term (`^a`, `^ab` or a trigram) for the term table.
fn term_code(chars: &[char]) -> u64 {
    let c = |i: usize| chars.get(i).map_or(0, |c| u64::from(*c));
    (c(0) << 42) | (c(1) << 21) | c(2)
}

/// One vocabulary entry: a folded word, or two neighbours glued (`split` = the
/// first word's length in chars, 0 for a single word).
struct Entry {
    text: Box<str>,
    split: u16,
    postings: Vec<u32>,
}

struct Slot<K> {
    key: K,
    fields: Vec<(Field, String)>,
}

/// The answer to [`Index::search`].
#[derive(Debug)]
pub struct Results<K> {
    /// Every matching document (after the caller's filter).
    pub total: usize,
    /// The best `limit`, best first; equal scores by name.
    pub hits: Vec<IndexHit<K>>,
}

#[derive(Debug)]
pub struct IndexHit<K> {
    pub key: K,
    pub hit: Hit,
    /// The document's fields, for showing the highlights.
    pub fields: Vec<(Field, String)>,
}

/// The search index of one register, keyed by the caller's document ids.
pub struct Index<K> {
    slots: Vec<Option<Slot<K>>>,
    by_key: HashMap<K, u32>,
    entries: Vec<Entry>,
    entry_ids: HashMap<(Box<str>, u16), u32>,
    terms: HashMap<u64, Vec<u32>>,
    live: usize,
}

impl<K: Clone + Eq + Hash> Default for Index<K> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: Clone + Eq + Hash> Index<K> {
    pub fn new() -> Self {
        Index {
            slots: Vec::new(),
            by_key: HashMap::new(),
            entries: Vec::new(),
            entry_ids: HashMap::new(),
            terms: HashMap::new(),
            live: 0,
        }
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Vocabulary entries and postings, for reports.
    pub fn stats(&self) -> (usize, usize) {
        let postings = self.entries.iter().map(|e| e.postings.len()).sum();
        (self.entries.len(), postings)
    }

    /// Adds a document or replaces the one with the same key.
    pub fn upsert(&mut self, key: K, fields: Vec<(Field, String)>) {
        self.remove(&key);
        let slot = self.slots.len() as u32;
        let doc = Document {
            fields: fields.iter().map(|(f, t)| (*f, t.as_str())).collect(),
        };
        // Weightiest field per entry of this document.
        let mut best: HashMap<u32, Field> = HashMap::new();
        for fw in analyze(&doc) {
            let singles = fw.words.iter().map(|w| (w, 0u16));
            let pairs = fw
                .pairs
                .iter()
                .zip(&fw.words)
                .map(|(p, w1)| (p, w1.chars.len().min(u16::MAX as usize) as u16));
            for (w, split) in singles.chain(pairs) {
                if w.chars.is_empty() {
                    continue;
                }
                let id = self.entry(&w.chars, split);
                best.entry(id)
                    .and_modify(|f| {
                        if fw.field.weight() > f.weight() {
                            *f = fw.field;
                        }
                    })
                    .or_insert(fw.field);
            }
        }
        for (id, f) in best {
            self.entries[id as usize].postings.push(posting(slot, f));
        }
        self.slots.push(Some(Slot {
            key: key.clone(),
            fields,
        }));
        self.by_key.insert(key, slot);
        self.live += 1;
    }

    /// Removes a document; unknown keys are ignored.
    pub fn remove(&mut self, key: &K) {
        if let Some(slot) = self.by_key.remove(key) {
            self.slots[slot as usize] = None;
            self.live -= 1;
            if self.slots.len() > 1024 && self.live * 2 < self.slots.len() {
                self.compact();
            }
        }
    }

    /// The stored fields of a document.
    pub fn fields(&self, key: &K) -> Option<&[(Field, String)]> {
        let slot = *self.by_key.get(key)?;
        self.slots[slot as usize].as_ref().map(|s| &s.fields[..])
    }

    fn compact(&mut self) {
        let slots = std::mem::take(&mut self.slots);
        *self = Index::new();
        for s in slots.into_iter().flatten() {
            self.upsert(s.key, s.fields);
        }
    }

    fn entry(&mut self, chars: &[char], split: u16) -> u32 {
        let text: String = chars.iter().collect();
        if let Some(id) = self.entry_ids.get(&(text.as_str().into(), split)) {
            return *id;
        }
        let id = self.entries.len() as u32;
        let mut codes: Vec<u64> = Vec::new();
        if split == 0 {
            word_terms(chars, |t| {
                codes.push(term_code(&t.chars().collect::<Vec<_>>()));
            });
        } else {
            // Glued pairs are only matched by tokens of ≥ 4 chars, whose terms
            // are trigrams.
            codes.extend(chars.windows(3).map(term_code));
        }
        codes.sort_unstable();
        codes.dedup();
        for c in codes {
            self.terms.entry(c).or_default().push(id);
        }
        let text: Box<str> = text.into();
        self.entries.push(Entry {
            text: text.clone(),
            split,
            postings: Vec::new(),
        });
        self.entry_ids.insert((text, split), id);
        id
    }

    /// Best `weight × quality` of `tok` per live document slot.
    fn token_scores(&self, tok: &Token) -> HashMap<u32, f32> {
        let mut best: HashMap<u32, f32> = HashMap::new();
        for alt in std::iter::once(tok).chain(tok.alt.as_deref()) {
            let pairs_allowed = alt.chars.len() >= MIN_INFIX_CHARS && std::ptr::eq(alt, tok);
            let mut counts: HashMap<u32, usize> = HashMap::new();
            for t in &alt.terms {
                let chars: Vec<char> = t.chars().collect();
                debug_assert!(chars.len() == 3 || chars.first() == Some(&START));
                if let Some(ids) = self.terms.get(&term_code(&chars)) {
                    for id in ids {
                        *counts.entry(*id).or_default() += 1;
                    }
                }
            }
            for (id, n) in counts {
                if n < alt.need {
                    continue;
                }
                let e = &self.entries[id as usize];
                if e.split > 0 && !pairs_allowed {
                    continue;
                }
                let w = Word {
                    chars: e.text.chars().collect(),
                    src: Vec::new(),
                };
                let split = (e.split > 0).then_some(e.split as usize);
                let Some((quality, _)) = match_word(alt, &w, split) else {
                    continue;
                };
                let factor = if split.is_some() { PAIR_FACTOR } else { 1.0 };
                for p in &e.postings {
                    let (slot, field) = unpack(*p);
                    if self.slots[slot as usize].is_none() {
                        continue;
                    }
                    let s = field.weight() * quality * factor;
                    let b = best.entry(slot).or_insert(0.0);
                    if s > *b {
                        *b = s;
                    }
                }
            }
        }
        best
    }

    /// The documents matching `query` that `keep` accepts: how many, and the
    /// best `limit` scored in full.
    pub fn search(&self, query: &Query, limit: usize, keep: impl Fn(&K) -> bool) -> Results<K> {
        let empty = Results {
            total: 0,
            hits: Vec::new(),
        };
        if query.is_empty() {
            return empty;
        }
        let (required, optional): (Vec<&Token>, Vec<&Token>) =
            query.tokens.iter().partition(|t| t.required);
        // Required tokens: intersect, rarest first.
        let mut per_token: Vec<HashMap<u32, f32>> =
            required.iter().map(|t| self.token_scores(t)).collect();
        per_token.sort_by_key(HashMap::len);
        let Some((first, rest)) = per_token.split_first() else {
            return empty;
        };
        let mut base: Vec<(u32, f32)> = first
            .iter()
            .filter_map(|(slot, s)| {
                let mut sum = *s;
                for other in rest {
                    sum += other.get(slot)?;
                }
                Some((*slot, sum))
            })
            .filter(|(slot, _)| {
                self.slots[*slot as usize]
                    .as_ref()
                    .is_some_and(|d| keep(&d.key))
            })
            .collect();
        for t in optional {
            let scores = self.token_scores(t);
            for (slot, sum) in &mut base {
                if let Some(s) = scores.get(slot) {
                    *sum += OPTIONAL_FACTOR * s;
                }
            }
        }
        let total = base.len();
        base.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));

        let mut hits: Vec<(u32, Hit)> = Vec::new();
        let mut kth = f32::NEG_INFINITY;
        for (slot, b) in base {
            if hits.len() >= limit && b + NAME_COVERAGE_BONUS + 1e-3 < kth {
                break;
            }
            let Some(doc) = &self.slots[slot as usize] else {
                continue;
            };
            let prepared = Prepared::new(Document {
                fields: doc.fields.iter().map(|(f, t)| (*f, t.as_str())).collect(),
            });
            let Some(hit) = score_prepared(query, &prepared) else {
                continue;
            };
            hits.push((slot, hit));
            if hits.len() >= limit {
                let mut scores: Vec<f32> = hits.iter().map(|(_, h)| h.score).collect();
                scores.sort_by(|a, b| b.total_cmp(a));
                kth = scores[limit - 1];
            }
        }
        let name = |slot: u32| -> &str {
            self.slots[slot as usize]
                .as_ref()
                .and_then(|d| d.fields.iter().find(|(f, _)| *f == Field::Name))
                .map_or("", |(_, t)| t.as_str())
        };
        hits.sort_by(|a, b| {
            b.1.score
                .total_cmp(&a.1.score)
                .then_with(|| name(a.0).cmp(name(b.0)))
                .then(a.0.cmp(&b.0))
        });
        hits.truncate(limit);
        let hits = hits
            .into_iter()
            .filter_map(|(slot, hit)| {
                let d = self.slots[slot as usize].as_ref()?;
                Some(IndexHit {
                    key: d.key.clone(),
                    hit,
                    fields: d.fields.clone(),
                })
            })
            .collect();
        Results { total, hits }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(name: &str, desc: &str) -> Vec<(Field, String)> {
        vec![
            (Field::Name, name.to_string()),
            (Field::Description, desc.to_string()),
        ]
    }

    #[test]
    fn finds_replaces_and_removes() {
        let mut ix: Index<u32> = Index::new();
        ix.upsert(1, doc("Gewerbeanmeldung", "Anmeldung eines Gewerbes"));
        ix.upsert(2, doc("Hundesteuer – An- und Abmeldung", ""));
        ix.upsert(3, doc("Straßenreinigung", "Reinigung der Straße"));
        let r = ix.search(&Query::parse("anmeldung"), 10, |_| true);
        assert_eq!(r.total, 2);
        assert_eq!(r.hits[0].key, 1);
        let r = ix.search(&Query::parse("gewerbeanmedlung"), 10, |_| true);
        assert_eq!(r.hits.len(), 1);
        ix.upsert(1, doc("Gaststättenerlaubnis", ""));
        assert_eq!(ix.len(), 3);
        let r = ix.search(&Query::parse("gewerbeanmeldung"), 10, |_| true);
        assert_eq!(r.total, 0);
        let r = ix.search(&Query::parse("strasse"), 10, |k| *k != 3);
        assert_eq!(r.total, 0, "the filter applies before counting");
        ix.remove(&3);
        assert_eq!(ix.search(&Query::parse("strasse"), 10, |_| true).total, 0);
        assert_eq!(ix.len(), 2);
    }

    #[test]
    fn compaction_keeps_the_live_documents() {
        let mut ix: Index<u32> = Index::new();
        for round in 0..3 {
            let word = ["alpha", "beta", "gamma"][round];
            for i in 0..1000 {
                ix.upsert(i, doc(&format!("Vorgang {i} {word}"), ""));
            }
        }
        assert!(ix.slots.len() < 3000, "compacted: {}", ix.slots.len());
        assert_eq!(ix.len(), 1000);
        let r = ix.search(&Query::parse("vorgang gamma"), 5, |_| true);
        assert_eq!((r.total, r.hits.len()), (1000, 5));
        assert_eq!(ix.search(&Query::parse("alpha"), 5, |_| true).total, 0);
    }
}
