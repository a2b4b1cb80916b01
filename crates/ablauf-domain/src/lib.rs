//! The domain of Ablauf: the things an administration talks about, as plain
//! Rust values with their rules. Nothing here touches a database, a socket or
//! a web type; storage and HTTP are adapters around this crate.
//!
//! Every validation error names a message key of the German catalogue
//! (`crates/ablauf-app/i18n/de.toml`) so the UI can explain it in German
//! while the code stays English.

pub mod codes;
pub mod diff;
pub mod ids;
pub mod import;
pub mod library;
pub mod money;
pub mod number;
pub mod org;
pub mod process;
pub mod service;
pub mod tree;
pub mod user;

pub use codes::UnknownCode;
pub use ids::{
    AreaId, AuditId, CommentId, EntryId, ImportId, OrgId, OrgUnitId, PayGradeId, ProcessId,
    ProposalId, TemplateId, TokenId, UserId,
};
pub use import::{ImportKind, RunState};
pub use library::ProposalState;
pub use money::HourlyRate;
pub use number::{format_decimal_de, parse_decimal_de};
pub use org::{OrgKind, Role};
pub use process::ReferenceKind;
pub use tree::{TreeNode, build_tree, tree_order, would_create_cycle};
pub use user::{DisplayName, Email, NewPassword};

/// A rule of the domain was broken by some input. `key` is a message key of
/// the UI catalogue; `field` names the form field it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {key}")]
pub struct Invalid {
    pub field: &'static str,
    pub key: &'static str,
    /// The most the field takes (characters), for a message that says so.
    pub max: Option<usize>,
}

impl Invalid {
    pub fn new(field: &'static str, key: &'static str) -> Self {
        Self {
            field,
            key,
            max: None,
        }
    }

    /// Longer than `max` characters.
    pub fn too_long(field: &'static str, max: usize) -> Self {
        Self {
            field,
            key: "error.too_long",
            max: Some(max),
        }
    }
}

/// Trims a required text field and bounds its length (in characters).
pub fn required_text(field: &'static str, raw: &str, max_chars: usize) -> Result<String, Invalid> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(Invalid::new(field, "error.required"));
    }
    if trimmed.chars().count() > max_chars {
        return Err(Invalid::too_long(field, max_chars));
    }
    if trimmed.chars().any(|c| c.is_control()) {
        return Err(Invalid::new(field, "error.control_chars"));
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_text_trims_and_rejects_blank_and_overlong() {
        assert_eq!(required_text("name", "  Amt  ", 10).unwrap(), "Amt");
        assert_eq!(
            required_text("name", "   ", 10).unwrap_err().key,
            "error.required"
        );
        assert_eq!(
            required_text("name", "Straßenverkehrsamt", 5)
                .unwrap_err()
                .key,
            "error.too_long"
        );
        assert_eq!(
            required_text("name", "a\u{7}b", 5).unwrap_err().key,
            "error.control_chars"
        );
    }
}
