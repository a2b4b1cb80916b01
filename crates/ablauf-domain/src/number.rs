//! Decimal numbers in German notation: "1.600", "7,8", "12.345,67".

/// Reads a decimal number as people type it: ',' is the decimal separator
/// and '.' groups thousands; without a ',' a '.' followed by one, two or
/// more than three digits is taken as the decimal point ("7.8"). Spaces
/// are ignored. None for anything else, and for infinities and NaN.
pub fn parse_decimal_de(raw: &str) -> Option<f64> {
    let s: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() || s.len() > 40 {
        return None;
    }
    let plain = if s.contains(',') {
        let (int, frac) = s.rsplit_once(',')?;
        if frac.contains('.') || !grouped(int) {
            return None;
        }
        format!("{},{frac}", int.replace('.', "")).replace(',', ".")
    } else if s.matches('.').count() == 1 && s.rsplit_once('.').is_some_and(|(_, f)| f.len() != 3) {
        s
    } else {
        if !grouped(&s) {
            return None;
        }
        s.replace('.', "")
    };
    let digits = plain.strip_prefix('-').unwrap_or(&plain);
    if digits.is_empty()
        || !digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        || digits.starts_with('.')
    {
        return None;
    }
    plain.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Whether '.' groups the integer part in threes ("1.600", "12.345.678") or
/// does not appear.
fn grouped(int: &str) -> bool {
    let int = int.strip_prefix('-').unwrap_or(int);
    let mut parts = int.split('.');
    let first = parts.next().unwrap_or("");
    if !int.contains('.') {
        return true;
    }
    !first.is_empty() && first.len() <= 3 && parts.all(|p| p.len() == 3)
}

/// Writes a number in German notation with `decimals` places and thousands
/// grouped: 1234.5 with 1 → "1.234,5". Negative zero is written as 0.
pub fn format_decimal_de(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return "–".to_owned();
    }
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let zero = s.chars().all(|c| c == '0' || c == '.');
    let sign = if x < 0.0 && !zero { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_german_and_plain_notation() {
        for (raw, x) in [
            ("1.600", 1600.0),
            ("1600", 1600.0),
            ("7,8", 7.8),
            ("7.8", 7.8),
            ("12.345,67", 12345.67),
            (" 10 ", 10.0),
            ("0,5", 0.5),
            ("-3", -3.0),
        ] {
            assert_eq!(parse_decimal_de(raw), Some(x), "{raw}");
        }
        for bad in [
            "",
            "abc",
            "1,2,3",
            "1.2.3",
            "12.34,5.6",
            ",5",
            "1e9",
            "inf",
            "NaN",
            "1..0",
        ] {
            assert_eq!(parse_decimal_de(bad), None, "{bad}");
        }
    }

    #[test]
    fn writes_german_notation() {
        assert_eq!(format_decimal_de(1234.5, 1), "1.234,5");
        assert_eq!(format_decimal_de(1_234_567.0, 0), "1.234.567");
        assert_eq!(format_decimal_de(0.34375, 2), "0,34");
        assert_eq!(format_decimal_de(-0.001, 1), "0,0");
        assert_eq!(format_decimal_de(-12.0, 0), "-12");
        assert_eq!(format_decimal_de(999.0, 0), "999");
    }
}
