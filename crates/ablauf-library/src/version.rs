//! Template version numbers as FIM counts them: `1.0` for the first
//! release, `1.1` for a small change, `2.0` when the meaning changes.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A template version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Version {
    pub major: u32,
    pub minor: u32,
}

/// How big a change a release is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Step {
    /// Small change: 1.0 → 1.1.
    Minor,
    /// The meaning changes: 1.1 → 2.0.
    Major,
}

impl Version {
    /// The first release.
    pub const FIRST: Version = Version { major: 1, minor: 0 };

    pub fn new(major: u32, minor: u32) -> Version {
        Version { major, minor }
    }

    /// The version after this one.
    pub fn next(self, step: Step) -> Version {
        match step {
            Step::Minor => Version::new(self.major, self.minor.saturating_add(1)),
            Step::Major => Version::new(self.major.saturating_add(1), 0),
        }
    }

    /// Reads "1.1" (surrounding space allowed); None for anything else.
    pub fn parse(s: &str) -> Option<Version> {
        let (a, b) = s.trim().split_once('.')?;
        let num = |x: &str| {
            (!x.is_empty() && x.len() <= 6 && x.bytes().all(|c| c.is_ascii_digit()))
                .then(|| x.parse().ok())
                .flatten()
        };
        Some(Version::new(num(a)?, num(b)?))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl TryFrom<String> for Version {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Version::parse(&s).ok_or_else(|| format!("keine Versionsnummer: {s}"))
    }
}

impl From<Version> for String {
    fn from(v: Version) -> String {
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_count_as_fim_does() {
        let v = Version::FIRST;
        assert_eq!(v.to_string(), "1.0");
        assert_eq!(v.next(Step::Minor).to_string(), "1.1");
        assert_eq!(v.next(Step::Minor).next(Step::Major).to_string(), "2.0");
        assert_eq!(Version::parse(" 2.13 "), Some(Version::new(2, 13)));
        for bad in ["", "1", "1.", ".1", "1.1.1", "a.b", "-1.0", "1.0x"] {
            assert_eq!(Version::parse(bad), None, "{bad}");
        }
        assert!(Version::new(1, 10) > Version::new(1, 9));
        assert!(Version::new(2, 0) > Version::new(1, 10));
        let json = serde_json::to_string(&Version::new(1, 2)).unwrap();
        assert_eq!(json, "\"1.2\"");
    }
}
