//! Queries and the candidate filter.
//!
//! # Why the filter is safe
//! A token `t` (folded, `m` chars) matches a word `w` in [`crate::score`] only in
//! these ways, and each implies a number of shared lookup terms:
//!
//! * `m ≤ 3`: only exact or prefix matches (`w` starts with `t`). Lookup terms
//!   are `^t₀`/`^t₀t₁` plus the trigram `t` when `m = 3` — all of them are
//!   index terms of `w`. **need = all terms.**
//! * `m ≥ 4`, exact / prefix / compound part: `t` is a substring of `w`, so every
//!   trigram of `t` is a trigram of `w`. **need = all trigrams.**
//! * `m ≥ 5`, fuzzy (1 edit for 5–8 chars, 2 for ≥ 9): the score *only accepts*
//!   a fuzzy match when `w` shares at least `fuzzy_need` distinct trigrams with
//!   `t`, where `fuzzy_need = max(1, |T| − 4k, ⌈|T|/3⌉)`. The `|T| − 4k` part is
//!   the q-gram lemma (one edit destroys at most 3 trigrams, a transposition 4),
//!   so long tokens lose nothing; the `⌈|T|/3⌉` floor makes short tokens
//!   selective at the price of typos that destroy almost all their trigrams
//!   (e.g. `hunse` for `hunde`). **need = min(all trigrams, fuzzy_need).**
//!
//! A document accepted by `score` satisfies every required token, so it shares
//! at least `need(t)` of `terms(t)` for each token. For tokens whose term sets
//! are pairwise disjoint these shared sets are disjoint and their sizes add up;
//! [`Query::min_shared_terms`] is the best such sum over all subsets of tokens.
//! Optional tokens (stop words) never contribute, so they cannot break it.

use std::collections::BTreeSet;

use unicode_normalization::char::is_combining_mark;

use crate::fold::fold_words;
use crate::terms::{ABBREVIATIONS, distinct_trigrams, lookup_terms};

/// Tokens with this many chars get one typo; see [`MIN_TWO_EDIT_CHARS`].
pub const MIN_FUZZY_CHARS: usize = 5;
/// Tokens with this many chars get two typos.
pub const MIN_TWO_EDIT_CHARS: usize = 9;
/// Later tokens are ignored; keeps scoring and the subset search small.
pub const MAX_TOKENS: usize = 10;

/// Folded words that are optional in a query ("antrag auf wohngeld" must find
/// "Wohngeld – Antrag"); they only add to the score when they match.
pub(crate) const STOP_WORDS: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem", "einen",
    "und", "oder", "fur", "von", "vom", "zu", "zur", "zum", "im", "in", "an", "am", "auf", "aus",
    "bei", "mit", "nach", "uber", "bzw",
];

#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub chars: Vec<char>,
    /// The user is still typing this word: a prefix match is nearly as good as exact.
    pub prefix: bool,
    /// Stop words are optional unless the query consists only of them.
    pub required: bool,
    pub max_edits: usize,
    /// Distinct trigrams of the token.
    pub trigrams: Vec<[char; 3]>,
    /// Lookup terms this token contributes.
    pub terms: Vec<String>,
    /// Lower bound of `terms` shared by any document the token matches.
    pub need: usize,
    /// Trigrams a word must share with the token for a fuzzy match to count.
    pub fuzzy_need: usize,
    /// Expansion of an abbreviation, matched as an alternative.
    pub alt: Option<Box<Token>>,
}

impl Token {
    fn new(chars: Vec<char>, prefix: bool) -> Self {
        Self::plain(chars, prefix).with_abbreviation()
    }

    fn plain(chars: Vec<char>, prefix: bool) -> Self {
        let m = chars.len();
        let trigrams = distinct_trigrams(&chars);
        let max_edits = match m {
            _ if m >= MIN_TWO_EDIT_CHARS => 2,
            _ if m >= MIN_FUZZY_CHARS => 1,
            _ => 0,
        };
        let terms = lookup_terms(&chars, &trigrams);
        let n = trigrams.len();
        let fuzzy_need = (n.saturating_sub(4 * max_edits)).max(n.div_ceil(3)).max(1);
        let need = if max_edits > 0 {
            terms.len().min(fuzzy_need)
        } else {
            terms.len()
        };
        Token {
            required: true,
            chars,
            prefix,
            max_edits,
            trigrams,
            terms,
            need,
            fuzzy_need,
            alt: None,
        }
    }

    fn with_abbreviation(mut self) -> Self {
        let tok = &mut self;
        let text = tok.text();
        if let Some((_, long)) = ABBREVIATIONS.iter().find(|(a, _)| *a == text) {
            let mut alt = Token::plain(long.chars().collect(), false);
            alt.max_edits = 0;
            tok.alt = Some(Box::new(alt));
        }
        self
    }

    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }
}

/// A parsed search input.
#[derive(Clone, Debug, Default)]
pub struct Query {
    pub(crate) tokens: Vec<Token>,
}

impl Query {
    /// Folds `input` into tokens. The last token is treated as a prefix when the
    /// input does not end in whitespace or punctuation (the user is typing it).
    /// Duplicate tokens are dropped; at most [`MAX_TOKENS`] are kept.
    pub fn parse(input: &str) -> Query {
        let words = fold_words(input);
        let open_end = input
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || is_combining_mark(c));
        let last = words.len().saturating_sub(1);
        let mut tokens: Vec<Token> = Vec::new();
        for (i, w) in words.into_iter().enumerate() {
            if tokens.iter().any(|t| t.chars == w.chars) {
                continue;
            }
            if tokens.len() == MAX_TOKENS {
                break;
            }
            tokens.push(Token::new(w.chars, open_end && i == last));
        }
        let is_stop = |t: &Token| STOP_WORDS.contains(&t.text().as_str());
        if !tokens.iter().all(is_stop) {
            for t in &mut tokens {
                t.required = !is_stop(t);
            }
        }
        Query { tokens }
    }

    /// True when the input held no searchable characters; such a query matches nothing.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The folded tokens, in input order.
    pub fn tokens(&self) -> Vec<String> {
        self.tokens.iter().map(Token::text).collect()
    }

    /// Terms to look up in `search_terms` (sorted, de-duplicated). Empty only for
    /// an empty query.
    pub fn lookup_terms(&self) -> Vec<String> {
        let set: BTreeSet<&String> = self
            .tokens
            .iter()
            .filter(|t| t.required)
            .flat_map(|t| &t.terms)
            .collect();
        set.into_iter().cloned().collect()
    }

    /// How many of [`Query::lookup_terms`] a document must share to be a
    /// candidate. Never drops a document that [`crate::score`] accepts (see the
    /// module docs); at least 1 for every non-empty query.
    pub fn min_shared_terms(&self) -> usize {
        let req: Vec<&Token> = self.tokens.iter().filter(|t| t.required).collect();
        let mut best = 0;
        // Best sum of `need` over token subsets with pairwise disjoint terms;
        // at most 2^MAX_TOKENS subsets.
        for mask in 1u32..(1 << req.len()) {
            let chosen: Vec<&Token> = (0..req.len())
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| req[i])
                .collect();
            let disjoint = chosen.iter().enumerate().all(|(i, a)| {
                chosen[i + 1..]
                    .iter()
                    .all(|b| a.terms.iter().all(|x| !b.terms.contains(x)))
            });
            if disjoint {
                best = best.max(chosen.iter().map(|t| t.need).sum());
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_folds_and_marks_prefix() {
        let q = Query::parse("Gewerbe-Anmel");
        assert_eq!(q.tokens(), ["gewerbe", "anmel"]);
        assert!(!q.tokens[0].prefix && q.tokens[1].prefix);
        let q = Query::parse("Straße ");
        assert_eq!(q.tokens(), ["strasse"]);
        assert!(!q.tokens[0].prefix);
        assert!(Query::parse(" – ").is_empty());
    }

    #[test]
    fn duplicates_and_stop_words() {
        let q = Query::parse("hund Hund");
        assert_eq!(q.tokens(), ["hund"]);
        let q = Query::parse("antrag auf wohngeld");
        let req: Vec<bool> = q.tokens.iter().map(|t| t.required).collect();
        assert_eq!(req, [true, false, true]);
        assert!(!q.lookup_terms().iter().any(|t| t == "auf"));
        // A query made only of stop words still searches for them.
        assert!(Query::parse("an und").tokens.iter().all(|t| t.required));
    }

    #[test]
    fn short_tokens_use_word_starts() {
        assert_eq!(Query::parse("g").lookup_terms(), ["^g"]);
        assert_eq!(Query::parse("ge").lookup_terms(), ["^ge"]);
        assert_eq!(Query::parse("kfz").lookup_terms(), ["^kf", "kfz"]);
        assert_eq!(Query::parse("zu").min_shared_terms(), 1);
        assert_eq!(Query::parse("hund").lookup_terms(), ["hun", "und"]);
        assert_eq!(Query::parse("hund").min_shared_terms(), 2);
    }

    #[test]
    fn thresholds_follow_the_qgram_bound() {
        // 16 chars, 14 trigrams, 2 edits → 14 − 8 = 6.
        assert_eq!(Query::parse("gewerbeanmeldung").min_shared_terms(), 6);
        // 9 chars, 7 trigrams: the ⌈7/3⌉ floor applies.
        assert_eq!(Query::parse("anmeldung").min_shared_terms(), 3);
        // Disjoint tokens add up: bau (2) + zulassung (⌈7/3⌉ = 3).
        assert_eq!(Query::parse("bau zulassung").min_shared_terms(), 5);
        // An abbreviation needs only its own terms; the index adds them to
        // documents that spell it out.
        assert_eq!(Query::parse("kfz").min_shared_terms(), 2);
        // Overlapping tokens do not.
        assert_eq!(Query::parse("hund hunde").min_shared_terms(), 2);
        assert_eq!(Query::parse("").min_shared_terms(), 0);
    }
}
