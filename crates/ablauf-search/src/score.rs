//! Scoring and ranking.
//!
//! Every required token must match at least one word of the document (AND).
//! Per word the best of these, in this order of quality:
//!
//! | match                                      | quality |
//! |--------------------------------------------|---------|
//! | whole word                                 | 1.00    |
//! | word prefix (last, still typed token)      | 0.90    |
//! | word prefix                                | 0.80    |
//! | compound head (`anmeldung` in `gewerbeanmeldung`) | 0.65 |
//! | other compound part (≥ 4 chars)            | 0.60    |
//! | typo, whole word (1 / 2 edits)             | 0.45 / 0.40 |
//! | typo, prefix or compound part (1 / 2 edits)| 0.40 / 0.35 |
//!
//! Tokens of ≥ 4 chars are also matched against each pair of adjacent words
//! glued together (×0.95), so compounds meet their split spelling.
//!
//! A token contributes `max(field weight × quality)` over all its matches;
//! optional tokens (stop words) contribute a fifth of that. Names get a bonus of
//! up to 0.5 for the share of the name that is highlighted, so among equally
//! good matches the shorter name wins. Typos are optimal-string-alignment
//! Damerau–Levenshtein distances against any substring of a word, computed with
//! a free start and end (Sellers' algorithm), and only tried when the word shares
//! enough trigrams with the token (see [`crate::query`] for why).

use std::ops::Range;

use crate::fold::Word;
use crate::query::{Query, Token};
use crate::terms::MIN_INFIX_CHARS;
use crate::{Document, Field, FieldWords, analyze};

/// Highlights of one document field.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldHighlight {
    /// Index into [`Document::fields`].
    pub index: usize,
    pub field: Field,
    /// Sorted, non-overlapping byte ranges into the original field text.
    pub ranges: Vec<Range<usize>>,
}

/// A matching document.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub score: f32,
    /// Only fields with at least one highlighted range, in document order.
    pub highlights: Vec<FieldHighlight>,
}

pub(crate) const OPTIONAL_FACTOR: f32 = 0.2;
/// Matches in two glued words (`gewerbeanmeldung` in "Gewerbe Anmeldung") are
/// as good as in one word, minus a little so the closed compound wins a tie.
pub(crate) const PAIR_FACTOR: f32 = 0.95;
pub(crate) const NAME_COVERAGE_BONUS: f32 = 0.5;

/// A document folded once, for scoring it against many queries (an in-memory
/// register, tests, benchmarks). [`score`] prepares on the fly.
pub struct Prepared<'a> {
    doc: Document<'a>,
    fields: Vec<FieldWords>,
    /// Sorted codes of every trigram in the words and glued pairs.
    trigrams: Vec<u64>,
}

impl<'a> Prepared<'a> {
    pub fn new(doc: Document<'a>) -> Self {
        let fields = analyze(&doc);
        let mut trigrams: Vec<u64> = fields
            .iter()
            .flat_map(|f| f.words.iter().chain(&f.pairs))
            .flat_map(|w| w.chars.windows(3).map(code))
            .collect();
        trigrams.sort_unstable();
        trigrams.dedup();
        Prepared {
            doc,
            fields,
            trigrams,
        }
    }

    pub fn document(&self) -> &Document<'a> {
        &self.doc
    }

    /// Cheap necessary condition for `tok` matching any word: a substring match
    /// needs all of its trigrams somewhere, a fuzzy one `fuzzy_need` of them.
    /// Only a shortcut — it implies nothing `match_word` would not check itself.
    fn may_match(&self, tok: &Token) -> bool {
        if tok.chars.len() < 3 {
            return true;
        }
        let present = tok
            .trigrams
            .iter()
            .filter(|t| self.trigrams.binary_search(&code(&t[..])).is_ok())
            .count();
        let need = if tok.max_edits > 0 {
            tok.fuzzy_need
        } else {
            tok.trigrams.len()
        };
        present >= need
    }
}

fn code(t: &[char]) -> u64 {
    (u64::from(t[0]) << 42) | (u64::from(t[1]) << 21) | u64::from(t[2])
}

/// Scores `doc` against `query`; `None` when some required token matches
/// nowhere (or the query is empty).
pub fn score(query: &Query, doc: &Document<'_>) -> Option<Hit> {
    if query.is_empty() {
        return None;
    }
    score_prepared(query, &Prepared::new(doc.clone()))
}

/// [`score`] for a document prepared earlier.
pub fn score_prepared(query: &Query, doc: &Prepared<'_>) -> Option<Hit> {
    if query.is_empty() {
        return None;
    }
    let fields = &doc.fields;
    let mut ranges: Vec<Vec<Range<usize>>> = vec![Vec::new(); fields.len()];
    let mut total = 0.0f32;
    for tok in &query.tokens {
        let mut best = 0.0f32;
        for alt in std::iter::once(tok).chain(tok.alt.as_deref()) {
            if !doc.may_match(alt) {
                continue;
            }
            for (fi, f) in fields.iter().enumerate() {
                let pairs = if alt.chars.len() >= MIN_INFIX_CHARS && std::ptr::eq(alt, tok) {
                    &f.pairs[..]
                } else {
                    &[]
                };
                let words = f.words.iter().map(|w| (w, None, 1.0));
                let pairs = pairs
                    .iter()
                    .zip(&f.words)
                    .map(|(p, w1)| (p, Some(w1.chars.len()), PAIR_FACTOR));
                for (w, split, factor) in words.chain(pairs) {
                    if let Some((quality, r)) = match_word(alt, w, split) {
                        best = best.max(f.field.weight() * quality * factor);
                        ranges[fi].push(w.orig_range(r.start, r.end));
                    }
                }
            }
        }
        if best == 0.0 {
            if tok.required {
                return None;
            }
        } else {
            total += if tok.required {
                best
            } else {
                OPTIONAL_FACTOR * best
            };
        }
    }
    let mut highlights = Vec::new();
    for (index, mut rs) in ranges.into_iter().enumerate() {
        if rs.is_empty() {
            continue;
        }
        rs = merge(rs);
        let (field, text) = doc.doc.fields[index];
        if field == Field::Name && !text.is_empty() {
            let covered: usize = rs.iter().map(|r| r.len()).sum();
            total += NAME_COVERAGE_BONUS * covered as f32 / text.len() as f32;
        }
        highlights.push(FieldHighlight {
            index,
            field,
            ranges: rs,
        });
    }
    Some(Hit {
        score: total,
        highlights,
    })
}

/// Scores all `docs` and returns the hits, best first; equal scores keep the
/// input order (stable sort), so callers can pre-sort by e.g. name.
pub fn rank<'d, K>(
    query: &Query,
    docs: impl IntoIterator<Item = (K, Document<'d>)>,
) -> Vec<(K, Hit)> {
    if query.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<(K, Hit)> = docs
        .into_iter()
        .filter_map(|(k, d)| score_prepared(query, &Prepared::new(d)).map(|h| (k, h)))
        .collect();
    hits.sort_by(|a, b| b.1.score.total_cmp(&a.1.score));
    hits
}

/// Sorts and merges overlapping or touching ranges.
pub(crate) fn merge(mut rs: Vec<Range<usize>>) -> Vec<Range<usize>> {
    rs.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(rs.len());
    for r in rs {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Best match of `tok` in `w`: quality and folded char range. For a glued pair
/// (`split` = length of its first word) only matches that start at the pair's
/// start and reach into the second word count: the pair stands for one
/// compound, and anything else is found in the single words already (or is
/// noise like `ndebescheinigung` in "dienende Bescheinigung").
pub(crate) fn match_word(
    tok: &Token,
    w: &Word,
    split: Option<usize>,
) -> Option<(f32, Range<usize>)> {
    let t = &tok.chars[..];
    let c = &w.chars[..];
    let (m, n) = (t.len(), c.len());
    if c == t {
        return Some((1.0, 0..n));
    }
    if n > m && c.starts_with(t) && split.is_none_or(|b| m > b) {
        return Some((if tok.prefix { 0.9 } else { 0.8 }, 0..m));
    }
    if m >= MIN_INFIX_CHARS && n > m && split.is_none() {
        if let Some(p) = c[1..].windows(m).position(|x| x == t) {
            let start = p + 1;
            let q = if start + m == n { 0.65 } else { 0.6 };
            return Some((q, start..start + m));
        }
    }
    if tok.max_edits == 0 || shared_trigrams(tok, c) < tok.fuzzy_need {
        return None;
    }
    let (d, s, e) = fuzzy_substring(t, c, tok.max_edits, split.is_some())?;
    if split.is_some_and(|b| e <= b) {
        return None;
    }
    let whole = s == 0 && e == n;
    let q = match (whole, d) {
        (true, 1) => 0.45,
        (true, _) | (false, 1) => 0.4,
        _ => 0.35,
    };
    Some((q, s..e))
}

fn shared_trigrams(tok: &Token, c: &[char]) -> usize {
    tok.trigrams
        .iter()
        .filter(|t| c.windows(3).any(|x| x == &t[..]))
        .count()
}

/// Smallest optimal-string-alignment distance between `t` and any substring of
/// `w` (any prefix when `anchored`), if at most `k`: `(distance, start, end)` in
/// chars. Ties prefer the latest end (longer highlight).
pub(crate) fn fuzzy_substring(
    t: &[char],
    w: &[char],
    k: usize,
    anchored: bool,
) -> Option<(usize, usize, usize)> {
    let n = w.len();
    // Cells hold (distance, start of the substring in w). Row 0: starting
    // anywhere is free, unless anchored (then skipped chars are insertions).
    let mut prev2: Vec<(usize, usize)> = vec![(0, 0); n + 1];
    let mut prev: Vec<(usize, usize)> = (0..=n)
        .map(|j| if anchored { (j, 0) } else { (0, j) })
        .collect();
    let mut cur: Vec<(usize, usize)> = vec![(0, 0); n + 1];
    for i in 1..=t.len() {
        cur[0] = (i, 0);
        for j in 1..=n {
            let cost = usize::from(t[i - 1] != w[j - 1]);
            let mut best = (prev[j - 1].0 + cost, prev[j - 1].1);
            if prev[j].0 + 1 < best.0 {
                best = (prev[j].0 + 1, prev[j].1);
            }
            if cur[j - 1].0 + 1 < best.0 {
                best = (cur[j - 1].0 + 1, cur[j - 1].1);
            }
            if i > 1
                && j > 1
                && t[i - 1] == w[j - 2]
                && t[i - 2] == w[j - 1]
                && prev2[j - 2].0 + 1 < best.0
            {
                best = (prev2[j - 2].0 + 1, prev2[j - 2].1);
            }
            cur[j] = best;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let (end, &(d, start)) = prev
        .iter()
        .enumerate()
        .skip(1)
        .min_by_key(|(j, (d, _))| (*d, std::cmp::Reverse(*j)))?;
    (d <= k && end > start).then_some((d, start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn fuzzy_substring_distances() {
        let f = |t: &str, w: &str, k| fuzzy_substring(&chars(t), &chars(w), k, false);
        assert_eq!(
            f("anmedlung", "gewerbeanmeldung", 2).map(|x| (x.0, x.2)),
            Some((1, 16))
        );
        assert_eq!(f("abfal", "abfall", 1), Some((0, 0, 5)));
        assert_eq!(f("hundestuer", "hundesteuer", 2).map(|x| x.0), Some(1));
        assert_eq!(f("wohngled", "wohngeld", 1), Some((1, 0, 8)));
        assert_eq!(f("xyzxyz", "wohngeld", 2), None);
        let a = |t: &str, w: &str| fuzzy_substring(&chars(t), &chars(w), 2, true);
        assert_eq!(a("gewerbeanmedl", "gewerbeanmeldung"), Some((1, 0, 13)));
        assert_eq!(a("anmeldung", "gewerbeanmeldung"), None);
    }

    #[test]
    fn merge_ranges() {
        assert_eq!(merge(vec![5..7, 0..2, 1..3, 7..8]), vec![0..3, 5..8]);
    }
}
