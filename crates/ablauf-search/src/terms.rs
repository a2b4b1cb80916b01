//! Index terms: what storage keeps per document for candidate retrieval.
//!
//! For every distinct folded word `w` we emit
//! * `^` + first char and `^` + first two chars — word starts, so that one- to
//!   three-letter tokens (typed prefixes like `ge`, words like `kfz`) can be
//!   looked up; `^` never occurs inside a folded word;
//! * every character trigram of `w` — so that compound parts (`steur` inside
//!   `hundesteur`) and typo'd tokens share terms with the document.
//!
//! * for a word containing the spelled-out form of a known abbreviation
//!   (`kraftfahrzeug`), the abbreviation's lookup terms (`^kf`, `kfz`);
//! * the two trigrams across the gap of every pair of adjacent words in a
//!   field (`gewerbe anmeldung` → `bea`, `ean`), so that the compound query
//!   `gewerbeanmeldung` can meet the split spelling.
//!
//! Bound: a word of `n` chars yields at most `n` terms (2 starts + `n-2`
//! trigrams), each word gap at most 2, so a document yields at most
//! `Σ folded chars + 2 · words` terms before de-duplication, and each field is
//! cut at [`crate::MAX_FIELD_CHARS`] folded chars. A LeiKa name gives 20–80
//! terms (median ≈ 35); a 2,000-character description typically ~1,000.

use std::collections::BTreeSet;

use crate::{Document, analyze};

/// Word-start marker used in index terms.
pub const START: char = '^';

/// Tokens shorter than this only match word starts (no compound parts), both
/// because `amt` inside `gesamt` is noise and because trigram look-up needs it.
pub const MIN_INFIX_CHARS: usize = 4;
/// Abbreviations and common synonyms users type for words the register spells
/// differently (folded; LeiKa says "Baugenehmigung", people say "Bauantrag"). A
/// token with an entry also matches words that contain the expansion verbatim (no
/// typos, no glued pairs). To keep the filter both safe and selective, the
/// *index* carries the abbreviation's lookup terms for every word containing the
/// expansion, so the token needs only its own terms.
pub(crate) const ABBREVIATIONS: &[(&str, &str)] = &[
    ("kfz", "kraftfahrzeug"),
    ("pkw", "personenkraftwagen"),
    ("lkw", "lastkraftwagen"),
    ("kita", "kindertagesstatte"),
    ("perso", "personalausweis"),
    ("bafog", "ausbildungsforderung"),
    ("bauantrag", "baugenehmigung"),
    ("meldebescheinigung", "meldebestatigung"),
];

/// The de-duplicated, sorted terms to store for `doc`.
pub fn index_terms(doc: &Document<'_>) -> Vec<String> {
    let mut set = BTreeSet::new();
    for f in analyze(doc) {
        for w in &f.words {
            word_terms(&w.chars, |t| {
                set.insert(t);
            });
            for (abbr, long) in ABBREVIATIONS {
                let long: Vec<char> = long.chars().collect();
                if w.chars.windows(long.len()).any(|x| x == long) {
                    let abbr: Vec<char> = abbr.chars().collect();
                    set.extend(lookup_terms(&abbr, &distinct_trigrams(&abbr)));
                }
            }
        }
        // Glued pairs only add the trigrams across the gap (their other terms
        // are already there); scoring matches them only with tokens of ≥ 4 chars,
        // which are looked up by trigrams alone.
        for p in &f.pairs {
            for t in p.chars.windows(3) {
                set.insert(trigram_term(t));
            }
        }
    }
    set.into_iter().collect()
}

/// Start terms of a word (`^a`, `^ab`).
pub(crate) fn start_terms(chars: &[char], mut emit: impl FnMut(String)) {
    for len in 1..=chars.len().min(2) {
        let mut s = String::with_capacity(1 + 4 * len);
        s.push(START);
        s.extend(&chars[..len]);
        emit(s);
    }
}

pub(crate) fn trigram_term(t: &[char]) -> String {
    t.iter().collect()
}

/// The distinct trigrams of a word, in order of first occurrence.
pub(crate) fn distinct_trigrams(chars: &[char]) -> Vec<[char; 3]> {
    let mut trigrams: Vec<[char; 3]> = Vec::new();
    for t in chars.windows(3) {
        let t = [t[0], t[1], t[2]];
        if !trigrams.contains(&t) {
            trigrams.push(t);
        }
    }
    trigrams
}

/// The terms a query word is looked up by: its trigrams, and for a word
/// shorter than [`MIN_INFIX_CHARS`] its start term (`^ab`, or `^a` for one
/// letter). The index stores these for abbreviations too, so that `kfz`
/// finds "Kraftfahrzeug".
pub(crate) fn lookup_terms(chars: &[char], trigrams: &[[char; 3]]) -> Vec<String> {
    let m = chars.len();
    let mut terms = Vec::new();
    if m < MIN_INFIX_CHARS {
        start_terms(&chars[..m.min(2)], |s| {
            if m == 1 || s.chars().count() == 3 {
                terms.push(s);
            }
        });
    }
    terms.extend(trigrams.iter().map(|t| trigram_term(t)));
    terms
}

pub(crate) fn word_terms(chars: &[char], mut emit: impl FnMut(String)) {
    start_terms(chars, &mut emit);
    for t in chars.windows(3) {
        emit(trigram_term(t));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Field;

    #[test]
    fn terms_of_a_name() {
        let d = Document::new().with(Field::Name, "Kfz-Zulassung");
        let t = index_terms(&d);
        for want in ["^k", "^kf", "kfz", "^z", "^zu", "zul", "ung"] {
            assert!(t.contains(&want.to_string()), "{want} in {t:?}");
        }
        assert_eq!(t.len(), 3 + 2 + 7 + 2);
    }

    #[test]
    fn terms_are_deduplicated_and_bounded() {
        let long = "Gewerbeanmeldung ".repeat(1000);
        let d = Document::new()
            .with(Field::Name, "Gewerbeanmeldung")
            .with(Field::Description, &long);
        let t = index_terms(&d);
        // starts + trigrams; descriptions glue no pairs
        assert_eq!(t.len(), 2 + 14);
        let d = Document::new().with(Field::Name, "Gewerbeanmeldung Gewerbeanmeldung");
        // … names do: plus the two across "…ung gew…"
        assert_eq!(index_terms(&d).len(), 2 + 14 + 2);
        let many: String = (0..5000).map(|i| format!("w{i} ")).collect();
        let d = Document::new().with(Field::Description, &many);
        let n = index_terms(&d).len();
        // ≤ 2,000 chars in ≤ 1,000 words: chars + 2 · words.
        assert!(n <= 2 * crate::MAX_FIELD_CHARS, "{n}");
    }
}
