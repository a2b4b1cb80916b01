//! Hourly personnel cost rates, kept in euro cents to stay exact.

use crate::Invalid;

/// An hourly cost rate in euro cents. Parsed from German input ("52,40",
/// "52.40", "52", "1.234,50 €").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct HourlyRate(i64);

impl HourlyRate {
    /// The highest rate we accept, 10,000 € an hour: anything above is a typo.
    const MAX_CENTS: i64 = 1_000_000;

    pub fn from_cents(cents: i64) -> Self {
        HourlyRate(cents)
    }

    pub fn cents(self) -> i64 {
        self.0
    }

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let field = "hourly_rate";
        let s: String = raw
            .trim()
            .trim_end_matches('€')
            .trim()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if s.is_empty() {
            return Err(Invalid::new(field, "error.required"));
        }
        // German notation uses ',' as decimal separator and '.' for
        // thousands; accept '.' as decimal separator when there is no ','.
        let (int_part, frac_part) = match s.rsplit_once(',') {
            Some((i, f)) => (i.replace('.', ""), f.to_owned()),
            None => match s.rsplit_once('.') {
                Some((i, f)) if f.len() <= 2 => (i.to_owned(), f.to_owned()),
                _ => (s.replace('.', ""), String::new()),
            },
        };
        let invalid = || Invalid::new(field, "error.amount_invalid");
        if int_part.is_empty()
            || !int_part.chars().all(|c| c.is_ascii_digit())
            || !frac_part.chars().all(|c| c.is_ascii_digit())
            || frac_part.len() > 2
        {
            return Err(invalid());
        }
        let euros: i64 = int_part.parse().map_err(|_| invalid())?;
        let cents: i64 = match frac_part.len() {
            0 => 0,
            1 => frac_part.parse::<i64>().map_err(|_| invalid())? * 10,
            _ => frac_part.parse().map_err(|_| invalid())?,
        };
        let total = euros
            .checked_mul(100)
            .and_then(|e| e.checked_add(cents))
            .ok_or_else(invalid)?;
        if total > Self::MAX_CENTS {
            return Err(Invalid::new(field, "error.amount_too_high"));
        }
        Ok(HourlyRate(total))
    }

    /// German notation with two decimals, without the currency sign.
    pub fn format_de(self) -> String {
        let euros = self.0 / 100;
        let cents = self.0 % 100;
        let mut int = euros.to_string();
        let mut grouped = String::new();
        while int.len() > 3 {
            let tail = int.split_off(int.len() - 3);
            grouped = format!(".{tail}{grouped}");
        }
        format!("{int}{grouped},{cents:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_german_and_plain_notation() {
        assert_eq!(HourlyRate::parse("52,40").unwrap().cents(), 5240);
        assert_eq!(HourlyRate::parse("52.40").unwrap().cents(), 5240);
        assert_eq!(HourlyRate::parse("52,4 €").unwrap().cents(), 5240);
        assert_eq!(HourlyRate::parse("52").unwrap().cents(), 5200);
        assert_eq!(HourlyRate::parse("1.234,50").unwrap().cents(), 123_450);
        for bad in ["", "abc", "-5", "1,234", "5,5,5", "12x"] {
            assert!(HourlyRate::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(
            HourlyRate::parse("99999999").unwrap_err().key,
            "error.amount_too_high"
        );
    }

    #[test]
    fn formats_german() {
        assert_eq!(HourlyRate::from_cents(5240).format_de(), "52,40");
        assert_eq!(HourlyRate::from_cents(123_405).format_de(), "1.234,05");
        assert_eq!(HourlyRate::from_cents(7).format_de(), "0,07");
    }
}
