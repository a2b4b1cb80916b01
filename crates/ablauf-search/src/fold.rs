//! Folding: turn text into comparable words while remembering where every
//! folded character came from in the original text.
//!
//! Rules (applied identically to documents and queries):
//! 1. Everything that is not alphanumeric separates words (punctuation, dashes,
//!    `§`, quotes …); whitespace is collapsed.
//! 2. Full Unicode lower-casing (`ẞ` → `ß`, `İ` → `i̇` → `i`).
//! 3. `ß` → `ss`; `æ`/`œ` → `ae`/`oe`; `ø`, `ł`, `đ`, `ı` → base letter.
//! 4. Accents are removed by canonical decomposition (`ä` → `a`, `é` → `e`);
//!    stray combining marks in decomposed input are dropped too.
//! 5. The German transliterations `ae`, `oe`, `ue` collapse to `a`, `o`, `u`, so
//!    `Änderung`, `Aenderung` and `anderung` all become `anderung`. This also
//!    hits words that merely contain these letters (`Steuer` → `steur`,
//!    `Quelle` → `qulle`); that is harmless because both sides fold the same way,
//!    and the rewrite is left-to-right and prefix-stable: the folding of a typed
//!    prefix is always a prefix of the folding of the complete word.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// A folded word: its characters and, per character, the byte range in the
/// original text it was produced from (several folded chars may share one range,
/// e.g. `ß` → `ss`; one folded char may cover several, e.g. `ue` → `u`).
#[derive(Clone, Debug)]
pub(crate) struct Word {
    pub chars: Vec<char>,
    pub src: Vec<(usize, usize)>,
}

impl Word {
    /// Byte range in the original text covered by folded chars `start..end`.
    pub fn orig_range(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        self.src[start].0..self.src[end - 1].1
    }

    /// `self` and `next` glued into one word (source ranges kept, so a match
    /// across the gap highlights the gap too).
    pub fn join(&self, next: &Word) -> Word {
        let mut w = self.clone();
        w.chars.extend_from_slice(&next.chars);
        w.src.extend_from_slice(&next.src);
        w
    }
}

/// Folds `text` into a space-separated string of folded words.
///
/// ```
/// assert_eq!(ablauf_search::fold("Straßen-Reinigung"), "strassen reinigung");
/// assert_eq!(ablauf_search::fold("Änderung"), ablauf_search::fold("Aenderung"));
/// ```
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in fold_words(text) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars);
    }
    out
}

/// Folds `text` into words with source offsets (see module docs for the rules).
pub(crate) fn fold_words(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut cur: Vec<(char, usize, usize)> = Vec::new();
    for (start, c) in text.char_indices() {
        let end = start + c.len_utf8();
        // Combining marks first: some are "alphabetic", but they belong to the
        // previous letter (decomposed input like "a\u{308}").
        if is_combining_mark(c) {
            if let Some(&(_, last_start, _)) = cur.last() {
                for e in cur.iter_mut().rev().take_while(|e| e.1 == last_start) {
                    e.2 = end;
                }
            }
        } else if c.is_alphanumeric() {
            push_folded(c, start, end, &mut cur);
        } else {
            flush(&mut cur, &mut words);
        }
    }
    flush(&mut cur, &mut words);
    words
}

fn push_folded(c: char, start: usize, end: usize, out: &mut Vec<(char, usize, usize)>) {
    let mut push = |f: char| out.push((f, start, end));
    if c.is_ascii() {
        push(c.to_ascii_lowercase());
        return;
    }
    for lc in c.to_lowercase() {
        match lc {
            'ß' => {
                push('s');
                push('s');
            }
            'æ' => {
                push('a');
                push('e');
            }
            'œ' => {
                push('o');
                push('e');
            }
            'ø' => push('o'),
            'ł' => push('l'),
            'đ' | 'ð' => push('d'),
            'ı' => push('i'),
            _ => decompose_canonical(lc, |d| {
                if !is_combining_mark(d) {
                    push(d);
                }
            }),
        }
    }
}

/// Ends the current word: applies the `ae/oe/ue` rule and stores it.
fn flush(cur: &mut Vec<(char, usize, usize)>, words: &mut Vec<Word>) {
    if cur.is_empty() {
        return;
    }
    let mut w = Word {
        chars: Vec::with_capacity(cur.len()),
        src: Vec::with_capacity(cur.len()),
    };
    let mut i = 0;
    while i < cur.len() {
        let (c, s, mut e) = cur[i];
        i += 1;
        if matches!(c, 'a' | 'o' | 'u') && cur.get(i).is_some_and(|n| n.0 == 'e') {
            e = cur[i].2;
            i += 1;
        }
        w.chars.push(c);
        w.src.push((s, e));
    }
    words.push(w);
    cur.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_and_sharp_s() {
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("STRASSE"), "strasse");
        assert_eq!(fold("GROẞE"), "grosse");
    }

    #[test]
    fn umlauts_and_transliterations_meet() {
        for s in [
            "Änderung",
            "Aenderung",
            "anderung",
            "AENDERUNG",
            "A\u{308}nderung",
        ] {
            assert_eq!(fold(s), "anderung", "{s}");
        }
        assert_eq!(fold("Führerschein"), fold("Fuehrerschein"));
        assert_eq!(fold("Einbürgerung"), "einburgerung");
        assert_eq!(fold("Öffnungszeiten"), fold("Oeffnungszeiten"));
    }

    #[test]
    fn accents_and_other_latin_letters() {
        assert_eq!(fold("Café Øresund Łódź"), "cafe oresund lodz");
        assert_eq!(fold("İstanbul"), "istanbul");
    }

    #[test]
    fn punctuation_dashes_and_whitespace() {
        assert_eq!(
            fold("  Hundesteuer – An- und Abmeldung\t(§ 14 GewO)\n"),
            "hundesteur an und abmeldung 14 gewo"
        );
        assert_eq!(fold("Kfz-Zulassung/Abmeldung"), "kfz zulassung abmeldung");
        assert_eq!(fold(""), "");
        assert_eq!(fold(" – "), "");
    }

    #[test]
    fn prefix_stable() {
        for full in [
            "Steuererklärung",
            "Aenderung",
            "Feuerwehr",
            "Straße",
            "Quelle",
        ] {
            let ff = fold(full);
            for (i, _) in full.char_indices() {
                let p = fold(&full[..i]);
                assert!(ff.starts_with(&p), "{full}: {p} !< {ff}");
            }
        }
    }

    #[test]
    fn source_offsets_point_into_original() {
        let t = "Straßenreinigung";
        let w = &fold_words(t)[0];
        assert_eq!(w.chars.iter().collect::<String>(), "strassenreinigung");
        // "strasse" = folded chars 0..7 → "Straße" = bytes 0..7 (ß is two bytes).
        assert_eq!(&t[w.orig_range(0, 7)], "Straße");
        let t = "Aenderung";
        let w = &fold_words(t)[0];
        assert_eq!(&t[w.orig_range(0, 1)], "Ae");
        let t = "x A\u{308}nderung";
        let w = &fold_words(t)[1];
        assert_eq!(&t[w.orig_range(0, 2)], "A\u{308}n");
    }
}
