use std::ops::Range;

/// Splits `text` into segments for rendering; `true` marks highlighted ones.
/// Ranges may be unsorted and overlapping; ranges past the end are clipped and
/// ranges not on char boundaries are ignored (they cannot come from [`crate::score`]).
///
/// ```
/// let s = ablauf_search::highlight("Straßenreinigung", &[0..7]);
/// assert_eq!(s, [("Straße".to_string(), true), ("nreinigung".to_string(), false)]);
/// ```
pub fn highlight(text: &str, ranges: &[Range<usize>]) -> Vec<(String, bool)> {
    let valid: Vec<Range<usize>> = ranges
        .iter()
        .map(|r| r.start..r.end.min(text.len()))
        .filter(|r| {
            r.start < r.end && text.is_char_boundary(r.start) && text.is_char_boundary(r.end)
        })
        .collect();
    let mut out = Vec::new();
    let mut pos = 0;
    for r in crate::score::merge(valid) {
        if r.start > pos {
            out.push((text[pos..r.start].to_string(), false));
        }
        out.push((text[r.clone()].to_string(), true));
        pos = r.end;
    }
    if pos < text.len() {
        out.push((text[pos..].to_string(), false));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments() {
        let s = |t: &str, r: &[Range<usize>]| -> Vec<(String, bool)> { highlight(t, r) };
        assert_eq!(s("abc", &[]), [("abc".into(), false)]);
        assert_eq!(
            s("", std::slice::from_ref(&(0..1))),
            Vec::<(String, bool)>::new()
        );
        assert_eq!(
            s("abcdef", &[3..5, 0..1, 4..6]),
            [
                ("a".into(), true),
                ("bc".into(), false),
                ("def".into(), true)
            ]
        );
        // Out of bounds is clipped; a range inside "ß" is ignored.
        assert_eq!(
            s("aß", std::slice::from_ref(&(0..9))),
            [("aß".into(), true)]
        );
        assert_eq!(
            s("aß", std::slice::from_ref(&(2..3))),
            [("aß".into(), false)]
        );
    }
}
