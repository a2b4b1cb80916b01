//! People: e-mail addresses, names and the password policy.

use crate::{Invalid, required_text};

/// A normalised e-mail address (trimmed, lower case). It is the sign-in name,
/// so two spellings of one address must be one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let e = raw.trim().to_lowercase();
        if e.is_empty() {
            return Err(Invalid::new("email", "error.required"));
        }
        let valid = e.len() <= 254
            && !e.chars().any(|c| c.is_whitespace() || c.is_control())
            && match e.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                }
                None => false,
            };
        if valid {
            Ok(Email(e))
        } else {
            Err(Invalid::new("email", "error.email_invalid"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A person's name as shown to others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        required_text("display_name", raw, 120).map(DisplayName)
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A password a person chose. The policy follows current guidance (length
/// over composition rules): at least 10 characters, at most 256.
#[derive(Clone)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

impl NewPassword {
    pub const MIN_CHARS: usize = 10;

    pub fn parse(raw: &str, repeated: &str) -> Result<Self, Invalid> {
        let n = raw.chars().count();
        if n < Self::MIN_CHARS {
            return Err(Invalid::new("password", "error.password_short"));
        }
        if n > 256 {
            return Err(Invalid::too_long("password", 256));
        }
        if raw != repeated {
            return Err(Invalid::new("password_repeat", "error.password_mismatch"));
        }
        Ok(NewPassword(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Admin@Musterstadt.Example ")
                .unwrap()
                .as_str(),
            "admin@musterstadt.example"
        );
        for bad in [
            "", "a", "a@b", "@b.de", "a@.de", "a b@c.de", "a@b@c.de", "a@b.",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn passwords_need_length_and_must_match() {
        assert_eq!(
            NewPassword::parse("kurz", "kurz").unwrap_err().key,
            "error.password_short"
        );
        assert_eq!(
            NewPassword::parse("lang-genug-1", "lang-genug-2")
                .unwrap_err()
                .field,
            "password_repeat"
        );
        assert!(NewPassword::parse("lang-genug-1", "lang-genug-1").is_ok());
        assert_eq!(
            format!(
                "{:?}",
                NewPassword::parse("geheim-geheim", "geheim-geheim").unwrap()
            ),
            "NewPassword(***)"
        );
    }
}
