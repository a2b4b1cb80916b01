//! The difference of two texts word by word, for showing two versions side
//! by side: which words of the older text are gone and which of the newer
//! are new.

use serde::Serialize;

/// What a run of text is in the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    /// In both texts.
    Same,
    /// Only in the older text.
    Removed,
    /// Only in the newer text.
    Added,
}

/// A piece of one text with its mark; consecutive words of one mark form
/// one run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Run {
    pub mark: Mark,
    pub text: String,
}

/// Beyond this many cells (words of the older times words of the newer
/// part that differs) the differing part is shown as a whole: removed in
/// the older text, added in the newer, instead of a quadratic search.
const MAX_CELLS: usize = 4_000_000;

/// Words and the white space between them, in order.
fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut space = None;
    for (i, c) in s.char_indices() {
        let is_space = c.is_whitespace();
        if space.is_some_and(|prev| prev != is_space) {
            out.push(&s[start..i]);
            start = i;
        }
        space = Some(is_space);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// The older text's runs (same or removed) and the newer text's runs (same
/// or added), from a longest common subsequence of their words.
pub fn word_diff(before: &str, after: &str) -> (Vec<Run>, Vec<Run>) {
    let (a, b) = (tokens(before), tokens(after));
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut old: Marked = a[..prefix].iter().map(|t| (Mark::Same, *t)).collect();
    let mut new = old.clone();
    if am.len().saturating_mul(bm.len()) > MAX_CELLS {
        old.extend(am.iter().map(|t| (Mark::Removed, *t)));
        new.extend(bm.iter().map(|t| (Mark::Added, *t)));
    } else {
        let (o, n) = lcs(am, bm);
        old.extend(o);
        new.extend(n);
    }
    old.extend(a[a.len() - suffix..].iter().map(|t| (Mark::Same, *t)));
    new.extend(b[b.len() - suffix..].iter().map(|t| (Mark::Same, *t)));
    (runs(old, Mark::Removed), runs(new, Mark::Added))
}

/// Tokens with their marks.
type Marked<'a> = Vec<(Mark, &'a str)>;

/// Marks the tokens of `a` and `b` by a longest common subsequence.
fn lcs<'a>(a: &[&'a str], b: &[&'a str]) -> (Marked<'a>, Marked<'a>) {
    let w = b.len() + 1;
    // len[i * w + j]: the longest common subsequence of a[i..] and b[j..].
    let mut len = vec![0u32; (a.len() + 1) * w];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            len[i * w + j] = if a[i] == b[j] {
                len[(i + 1) * w + j + 1] + 1
            } else {
                len[(i + 1) * w + j].max(len[i * w + j + 1])
            };
        }
    }
    let (mut old, mut new) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            old.push((Mark::Same, a[i]));
            new.push((Mark::Same, b[j]));
            i += 1;
            j += 1;
        } else if len[(i + 1) * w + j] >= len[i * w + j + 1] {
            old.push((Mark::Removed, a[i]));
            i += 1;
        } else {
            new.push((Mark::Added, b[j]));
            j += 1;
        }
    }
    old.extend(a[i..].iter().map(|t| (Mark::Removed, *t)));
    new.extend(b[j..].iter().map(|t| (Mark::Added, *t)));
    (old, new)
}

/// Joins tokens into runs of one mark; white space kept between two
/// changed words belongs to the change, so "<del>zwei Worte</del>" is one
/// run, not two.
fn runs(tokens: Marked, changed: Mark) -> Vec<Run> {
    let mut marks: Vec<Mark> = tokens.iter().map(|t| t.0).collect();
    for i in 1..marks.len().saturating_sub(1) {
        if marks[i] == Mark::Same
            && tokens[i].1.trim().is_empty()
            && marks[i - 1] == changed
            && marks[i + 1] == changed
        {
            marks[i] = changed;
        }
    }
    let mut out: Vec<Run> = Vec::new();
    for ((_, text), mark) in tokens.into_iter().zip(marks) {
        push(&mut out, mark, text);
    }
    // White space at either end of a change is no change: it stays outside
    // the mark, space between its words inside.
    let mut trimmed: Vec<Run> = Vec::new();
    for r in out {
        if r.mark == Mark::Same {
            push(&mut trimmed, r.mark, &r.text);
            continue;
        }
        let core = r.text.trim();
        let start = r.text.len() - r.text.trim_start().len();
        push(&mut trimmed, Mark::Same, &r.text[..start]);
        push(&mut trimmed, r.mark, core);
        push(&mut trimmed, Mark::Same, &r.text[start + core.len()..]);
    }
    trimmed
}

/// Appends `text` to the last run when it has the same mark.
fn push(out: &mut Vec<Run>, mark: Mark, text: &str) {
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(last) if last.mark == mark => last.text.push_str(text),
        _ => out.push(Run {
            mark,
            text: text.to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(runs: &[Run]) -> String {
        runs.iter()
            .map(|r| match r.mark {
                Mark::Same => r.text.clone(),
                Mark::Removed => format!("[-{}-]", r.text),
                Mark::Added => format!("{{+{}+}}", r.text),
            })
            .collect()
    }

    #[test]
    fn marks_the_words_that_went_and_came() {
        let (old, new) = word_diff(
            "Der Antrag wird vom Sachgebiet Gewerbe geprüft und beschieden.",
            "Der Antrag wird vom Bürgeramt geprüft, digital erfasst und beschieden.",
        );
        assert_eq!(
            show(&old),
            "Der Antrag wird vom [-Sachgebiet Gewerbe geprüft-] und beschieden."
        );
        assert_eq!(
            show(&new),
            "Der Antrag wird vom {+Bürgeramt geprüft, digital erfasst+} und beschieden."
        );
    }

    #[test]
    fn words_kept_between_changes_stay_unmarked() {
        let (old, new) = word_diff("eins zwei drei vier", "null zwei drei fünf");
        assert_eq!(show(&old), "[-eins-] zwei drei [-vier-]");
        assert_eq!(show(&new), "{+null+} zwei drei {+fünf+}");
    }

    #[test]
    fn space_around_a_change_is_not_marked() {
        let (_, new) = word_diff("und dort geprüft.", "und dort digital geprüft.");
        assert_eq!(show(&new), "und dort {+digital+} geprüft.");
    }

    #[test]
    fn equal_and_empty_texts() {
        let (old, new) = word_diff("eins zwei", "eins zwei");
        assert_eq!(show(&old), "eins zwei");
        assert_eq!(show(&new), "eins zwei");
        let (old, new) = word_diff("", "neu hier");
        assert!(old.is_empty());
        assert_eq!(show(&new), "{+neu hier+}");
    }

    #[test]
    fn texts_too_long_to_search_are_shown_whole() {
        let a: String = (0..3000).map(|i| format!("a{i} ")).collect();
        let b: String = (0..3000).map(|i| format!("b{i} ")).collect();
        let (old, new) = word_diff(&format!("Anfang {a}Ende"), &format!("Anfang {b}Ende"));
        assert_eq!(old.len(), 3);
        assert_eq!(old[1].mark, Mark::Removed);
        assert_eq!(new[1].mark, Mark::Added);
    }
}
