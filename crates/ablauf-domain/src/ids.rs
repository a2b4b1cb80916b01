//! Typed ids: an organisation's id cannot be passed where a process's id is
//! wanted. Each is a UUID underneath, written as one in JSON and forms
//! (`serde(transparent)`), and — with the `sqlx` feature — stored as one by
//! both databases (a `BLOB` in SQLite, a `UUID` in PostgreSQL).

use uuid::Uuid;

macro_rules! typed_ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        #[cfg_attr(feature = "sqlx", derive(sqlx::Type), sqlx(transparent))]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// Reads an id from its text form; None for anything else.
            pub fn parse(s: &str) -> Option<Self> {
                Uuid::parse_str(s.trim()).ok().map(Self)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<Uuid> for $name {
            fn from(u: Uuid) -> Self {
                Self(u)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Uuid {
                id.0
            }
        }
    )*};
}

typed_ids! {
    /// An organisation (tenant).
    OrgId;
    /// A person's account.
    UserId;
    /// A process of an organisation's register.
    ProcessId;
    /// An area of the process map.
    AreaId;
    /// An org unit (Organisationseinheit).
    OrgUnitId;
    /// A pay grade (Entgeltgruppe) with its hourly rate.
    PayGradeId;
    /// An entry of one of the organisation's reference lists (IT systems,
    /// legal bases, external parties, documents).
    EntryId;
    /// A spreadsheet or BPMN import waiting for confirmation.
    ImportId;
    /// A personal API token.
    TokenId;
    /// An entry of the audit trail.
    AuditId;
    /// A template of the shared library.
    TemplateId;
    /// A proposal to the shared library (a new template or a change).
    ProposalId;
    /// A comment on a proposal.
    CommentId;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_and_write_as_plain_uuids() {
        let u = Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
        let id = ProcessId(u);
        assert_eq!(id.to_string(), u.to_string());
        assert_eq!(ProcessId::parse(&format!(" {u} ")), Some(id));
        assert_eq!(ProcessId::parse("kein-id"), None);
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{u}\""));
        assert_eq!(serde_json::from_str::<ProcessId>(&json).unwrap(), id);
    }
}
