//! Label text for diagrams: how wide a text is, and how it wraps.
//!
//! Nothing is measured: widths come from a table of DejaVu Sans advances
//! (the widest of the common sans-serif faces a browser picks for
//! `system-ui`), so a label wrapped here fits its box in any of them.
//!
//! Lines break at spaces, after hard hyphens and slashes, at soft hyphens
//! (U+00AD) the label carries, and otherwise at German hyphenation points
//! (Liang's patterns, [`hypher`]) — never inside a syllable. Only a piece
//! that is wider than a whole line (a code, an address) is cut by
//! characters.

use hypher::Lang;

/// Advance width in thousandths of an em, DejaVu Sans Book.
fn advance(c: char) -> u16 {
    match c {
        ' ' | '.' | ',' | '\u{a0}' => 318,
        '!' => 401,
        '"' => 460,
        '\'' => 275,
        '%' => 950,
        '&' => 780,
        '(' | ')' | '[' | ']' | '{' | '}' => 390,
        '*' | '_' | '§' | '–' => 500,
        '+' | '=' | '<' | '>' => 838,
        '-' | '\u{ad}' => 361,
        '/' | ':' | ';' => 337,
        '?' => 531,
        '@' | '…' | '—' => 1000,
        '„' | '“' | '”' => 518,
        '0'..='9' => 636,
        'a' | 'ä' | 'á' | 'à' | 'â' => 613,
        'b' | 'd' | 'g' | 'p' | 'q' => 635,
        'c' | 'ç' => 550,
        'e' | 'é' | 'è' | 'ê' => 615,
        'f' => 352,
        'h' | 'n' | 'u' | 'ü' | 'ú' | 'ù' | 'û' => 634,
        'i' | 'j' | 'l' | 'í' | 'ì' | 'î' => 278,
        'k' => 579,
        'm' => 974,
        'o' | 'ö' | 'ó' | 'ò' | 'ô' => 612,
        'r' => 411,
        's' => 521,
        't' => 392,
        'v' | 'x' | 'y' => 592,
        'w' => 818,
        'z' => 525,
        'ß' => 630,
        'A' | 'Ä' | 'V' => 684,
        'B' => 686,
        'C' => 698,
        'D' => 770,
        'E' => 632,
        'F' => 575,
        'G' => 775,
        'H' => 752,
        'I' | 'J' => 295,
        'K' => 656,
        'L' => 557,
        'M' => 863,
        'N' => 748,
        'O' | 'Ö' | 'Q' => 787,
        'P' => 603,
        'R' => 695,
        'S' => 635,
        'T' | 'Y' => 611,
        'U' | 'Ü' => 732,
        'W' => 989,
        'X' | 'Z' => 685,
        // East Asian and other wide scripts: a full em.
        c if c >= '\u{2e80}' => 1000,
        _ => 650,
    }
}

/// Width in pixels of `s` at font size `size` (regular weight).
pub fn text_width(s: &str, size: f64) -> f64 {
    f64::from(s.chars().map(|c| u32::from(advance(c))).sum::<u32>()) * size / 1000.0
}

/// Width in pixels of `s` at font size `size` in semi-bold (weight 600),
/// about an eighth wider than regular.
pub fn bold_width(s: &str, size: f64) -> f64 {
    text_width(s, size) * 1.13
}

/// One piece of a word: the text up to a break opportunity, and whether a
/// break there shows a hyphen.
#[derive(Debug)]
struct Piece {
    text: String,
    hyphen: bool,
}

/// Whether the hyphenation patterns may split this part of a word: letters
/// only, and no capitals after the first letter (abbreviations such as
/// "GewA" or "IHK" stay whole).
fn hyphenable(part: &str) -> bool {
    part.chars().count() >= 4
        && part.chars().all(char::is_alphabetic)
        && !part.chars().skip(1).any(char::is_uppercase)
}

/// The pieces of a word between its break opportunities.
fn pieces(word: &str) -> Vec<Piece> {
    // Soft hyphens: the author chose the break points.
    if word.contains('\u{ad}') {
        let parts: Vec<&str> = word.split('\u{ad}').filter(|p| !p.is_empty()).collect();
        let n = parts.len();
        return parts
            .into_iter()
            .enumerate()
            .map(|(i, p)| Piece {
                text: p.to_owned(),
                hyphen: i + 1 < n,
            })
            .collect();
    }
    let mut out = Vec::new();
    // After a hard hyphen or a slash the line may break without a new hyphen.
    for part in word.split_inclusive(['-', '/']) {
        let (core, tail) = match part.strip_suffix(['-', '/']) {
            Some(core) => (core, &part[core.len()..]),
            None => (part, ""),
        };
        if hyphenable(core) {
            // Two letters at least before a break, three after it ("Rol-le" stays whole).
            let syllables: Vec<&str> =
                hypher::hyphenate_bounded(core, Lang::German, 2, 3).collect();
            let n = syllables.len();
            for (i, s) in syllables.into_iter().enumerate() {
                let last = i + 1 == n;
                out.push(Piece {
                    text: if last {
                        format!("{s}{tail}")
                    } else {
                        s.to_owned()
                    },
                    hyphen: !last,
                });
            }
        } else {
            out.push(Piece {
                text: part.to_owned(),
                hyphen: false,
            });
        }
    }
    out
}

/// `text` with soft hyphens (U+00AD) at the German hyphenation points of its
/// long words, so that a browser may break "Organisationseinheiten" as
/// "Organisations-einheiten" in a narrow column or heading instead of
/// cutting it anywhere or running off the page. Browsers hide soft hyphens,
/// leave them out of accessible names, and show a hyphen only where a line
/// breaks. Words shorter than `min_chars` stay whole.
pub fn soft_hyphens(text: &str, min_chars: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.chars().count() < min_chars || word.contains('\u{ad}') {
            out.push_str(word);
            continue;
        }
        // Quotes and punctuation around the word stay as they are.
        let core = word.trim_matches(|c: char| !c.is_alphanumeric());
        let lead = word.len()
            - word
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len();
        out.push_str(&word[..lead]);
        for p in pieces(core) {
            out.push_str(&p.text);
            if p.hyphen {
                out.push('\u{ad}');
            }
        }
        out.push_str(&word[lead + core.len()..]);
    }
    out
}

/// The text of `pieces`, with a hyphen when the line breaks after the last.
fn joined(pieces: &[Piece], break_after: bool) -> String {
    let mut s: String = pieces.iter().map(|p| p.text.as_str()).collect();
    if break_after && pieces.last().is_some_and(|p| p.hyphen) {
        s.push('-');
    }
    s
}

struct Lines {
    lines: Vec<String>,
    cur: String,
    max_w: f64,
    max_lines: usize,
    size: f64,
    overflow: bool,
    /// Hyphenate into the current line even words that would fit the next.
    eager: bool,
}

impl Lines {
    fn width(&self, s: &str) -> f64 {
        text_width(s, self.size)
    }

    /// The current line with `s` appended: after a space unless the line is
    /// empty, or directly when `glue` (the next part of a hyphenated word).
    fn with(&self, s: &str, glue: bool) -> String {
        if self.cur.is_empty() {
            s.to_owned()
        } else if glue {
            format!("{}{s}", self.cur)
        } else {
            format!("{} {s}", self.cur)
        }
    }

    /// Ends the current line; false when no line is left.
    fn push_line(&mut self) -> bool {
        let line = std::mem::take(&mut self.cur);
        if self.lines.len() == self.max_lines {
            self.overflow = true;
            return false;
        }
        self.lines.push(line);
        true
    }

    /// Adds one word; false when the lines ran out. The parts of a word
    /// with hard hyphens or slashes ("Online-Anzeige") are placed one after
    /// the other, so the line breaks after the hyphen before it breaks
    /// inside a part.
    fn word(&mut self, word: &str) -> bool {
        word.split_inclusive(['-', '/'])
            .enumerate()
            .all(|(i, part)| self.part(part, i > 0))
    }

    fn part(&mut self, part: &str, glue: bool) -> bool {
        let whole = self.with(part, glue);
        if self.width(&whole) <= self.max_w {
            self.cur = whole;
            return true;
        }
        let ps = pieces(part);
        let fits_alone = self.width(part) <= self.max_w;
        // A part that fits a line of its own moves there, unless hyphenation
        // is needed to save lines.
        if fits_alone && !self.cur.is_empty() && !self.eager {
            if !self.push_line() {
                return false;
            }
            self.cur = part.to_owned();
            return true;
        }
        let mut rest: &[Piece] = &ps;
        while !rest.is_empty() {
            // The most pieces that fit on the current line.
            let k = (1..=rest.len())
                .rev()
                .find(|&k| {
                    let last = k == rest.len();
                    self.width(&self.with(&joined(&rest[..k], !last), glue)) <= self.max_w
                })
                .unwrap_or(0);
            if k > 0 {
                let last = k == rest.len();
                self.cur = self.with(&joined(&rest[..k], !last), glue);
                rest = &rest[k..];
                if !rest.is_empty() && !self.push_line() {
                    return false;
                }
            } else if !self.cur.is_empty() {
                if !self.push_line() {
                    return false;
                }
            } else {
                // Not even one piece fits a whole line: cut it by characters.
                let piece = &rest[0];
                for ch in piece.text.chars() {
                    let mut next = self.cur.clone();
                    next.push(ch);
                    if !self.cur.is_empty() && self.width(&format!("{next}-")) > self.max_w {
                        self.cur.push('-');
                        if !self.push_line() {
                            return false;
                        }
                        next = ch.to_string();
                    }
                    self.cur = next;
                }
                if rest.len() > 1 {
                    if piece.hyphen {
                        self.cur.push('-');
                    }
                    if !self.push_line() {
                        return false;
                    }
                }
                rest = &rest[1..];
            }
        }
        true
    }
}

/// Wraps `text` into at most `max_lines` lines no wider than `max_w` pixels
/// at font size `size`. Text that does not fit ends in "…".
pub fn wrap(text: &str, max_w: f64, max_lines: usize, size: f64) -> Vec<String> {
    // Words move to the next line whole where they can; only when that
    // needs more lines than there are, they are hyphenated to fill lines.
    let calm = wrap_with(text, max_w, max_lines, size, false);
    if calm
        .last()
        .is_some_and(|l| l.ends_with('…') && !text.trim_end().ends_with('…'))
    {
        return wrap_with(text, max_w, max_lines, size, true);
    }
    calm
}

fn wrap_with(text: &str, max_w: f64, max_lines: usize, size: f64, eager: bool) -> Vec<String> {
    let max_lines = max_lines.max(1);
    let mut l = Lines {
        lines: Vec::new(),
        cur: String::new(),
        max_w,
        max_lines,
        size,
        overflow: false,
        eager,
    };
    for word in text
        .split([' ', '\n', '\r', '\t'])
        .filter(|w| !w.is_empty())
    {
        if !l.word(word) {
            break;
        }
    }
    if !l.overflow && !l.cur.is_empty() {
        l.push_line();
    }
    let mut lines = l.lines;
    if l.overflow
        && let Some(last) = lines.last_mut()
    {
        while !last.is_empty() && text_width(&format!("{last}…"), size) > max_w {
            last.pop();
        }
        let trimmed = last.trim_end_matches([' ', '-']).len();
        last.truncate(trimmed);
        last.push('…');
    }
    lines
}

/// One line, shortened with "…" to `max_w`.
pub fn fit(text: &str, max_w: f64, size: f64) -> String {
    wrap(text, max_w, 1, size).pop().unwrap_or_default()
}

/// All lines of `text` wrapped to `max_w` pixels, however many.
pub fn wrap_all(text: &str, max_w: f64, size: f64) -> Vec<String> {
    wrap(text, max_w, usize::MAX, size)
}

/// Like [`wrap`], with `suffix` (a percentage, say) kept whole at the end of
/// the last line after a no-break space; the text before it is shortened
/// with "…" when both do not fit.
pub fn wrap_with_suffix(
    text: &str,
    suffix: &str,
    max_w: f64,
    max_lines: usize,
    size: f64,
) -> Vec<String> {
    let max_lines = max_lines.max(1);
    let mut lines = wrap(text, max_w, max_lines, size);
    if suffix.is_empty() {
        return lines;
    }
    let tail = format!("\u{a0}{suffix}");
    let room_for_line = lines.len() < max_lines;
    let Some(last) = lines.last_mut() else {
        return vec![suffix.to_owned()];
    };
    if text_width(&format!("{last}{tail}"), size) <= max_w {
        last.push_str(&tail);
    } else if room_for_line && !last.ends_with('…') {
        lines.push(suffix.to_owned());
    } else {
        let mut cut = last.trim_end_matches('…').to_owned();
        while !cut.is_empty() && text_width(&format!("{cut}…{tail}"), size) > max_w {
            cut.pop();
        }
        let kept = cut.trim_end_matches([' ', '-']).len();
        cut.truncate(kept);
        *last = if cut.is_empty() {
            suffix.to_owned()
        } else {
            format!("{cut}…{tail}")
        };
    }
    lines
}

#[cfg(test)]
mod tests {
    #[test]
    fn soft_hyphens_mark_the_break_points_of_long_words_only() {
        let s = soft_hyphens("Organisationseinheiten der Stadt", 12);
        assert_eq!(s.replace('\u{ad}', ""), "Organisationseinheiten der Stadt");
        assert!(
            s.starts_with("Or\u{ad}ga\u{ad}ni\u{ad}sa\u{ad}ti\u{ad}ons"),
            "{s:?}"
        );
        assert!(s.ends_with(" der Stadt"));
        let quoted = soft_hyphens("„Baugenehmigungsverfahren“, 07.12.2026", 12);
        assert!(quoted.starts_with("„Bau\u{ad}"), "{quoted:?}");
        assert!(quoted.ends_with("ren“, 07.12.2026"), "{quoted:?}");
        assert_eq!(soft_hyphens("Kurz", 12), "Kurz");
    }

    use super::*;

    #[test]
    fn pieces_follow_syllables_hyphens_and_soft_hyphens() {
        let texts = |w: &str| pieces(w).into_iter().map(|p| p.text).collect::<Vec<_>>();
        assert_eq!(
            texts("Empfangsbescheinigung"),
            ["Emp", "fangs", "be", "schei", "ni", "gung"]
        );
        assert_eq!(texts("Online-Anzeige"), ["On", "line-", "An", "zeige"]);
        assert_eq!(texts("GewA"), ["GewA"]);
        assert_eq!(texts("Bau\u{ad}genehmigung"), ["Bau", "genehmigung"]);
        assert_eq!(texts("und/oder"), ["und/", "oder"]);
    }
}
