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

use crate::query::{ABBREVIATIONS, Token};
use crate::{Document, analyze};

/// Word-start marker used in index terms.
pub const START: char = '^';

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
                    set.extend(Token::terms_of(abbr));
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
