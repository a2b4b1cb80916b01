//! Organisations (tenants) and the roles people hold in them.

use serde::{Deserialize, Serialize};

use crate::codes::stored_code;

/// The kind of public body an organisation is. The list follows the bodies
/// that run or use a state's process platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Landesministerium,
    Landesbehoerde,
    Landkreis,
    KreisfreieStadt,
    Stadt,
    Gemeinde,
    Verwaltungsgemeinschaft,
    Zweckverband,
    Sonstige,
}

impl OrgKind {
    pub const ALL: [OrgKind; 9] = [
        OrgKind::Landesministerium,
        OrgKind::Landesbehoerde,
        OrgKind::Landkreis,
        OrgKind::KreisfreieStadt,
        OrgKind::Stadt,
        OrgKind::Gemeinde,
        OrgKind::Verwaltungsgemeinschaft,
        OrgKind::Zweckverband,
        OrgKind::Sonstige,
    ];

    /// The stable code stored in the database and used in the API.
    pub fn code(self) -> &'static str {
        match self {
            OrgKind::Landesministerium => "landesministerium",
            OrgKind::Landesbehoerde => "landesbehoerde",
            OrgKind::Landkreis => "landkreis",
            OrgKind::KreisfreieStadt => "kreisfreie_stadt",
            OrgKind::Stadt => "stadt",
            OrgKind::Gemeinde => "gemeinde",
            OrgKind::Verwaltungsgemeinschaft => "verwaltungsgemeinschaft",
            OrgKind::Zweckverband => "zweckverband",
            OrgKind::Sonstige => "sonstige",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Message key of the German label.
    pub fn label_key(self) -> String {
        format!("org_kind.{}", self.code())
    }
}

/// What a person may do in one organisation. Roles are ordered: an
/// administrator can do everything a modeller can, a modeller everything a
/// viewer can. Library editing (Redaktion) is a separate grant on top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Betrachter,
    Modellierer,
    Administrator,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Administrator, Role::Modellierer, Role::Betrachter];

    pub fn code(self) -> &'static str {
        match self {
            Role::Betrachter => "betrachter",
            Role::Modellierer => "modellierer",
            Role::Administrator => "administrator",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label_key(self) -> String {
        format!("role.{}", self.code())
    }

    /// May change the organisation's content (processes, models).
    pub fn can_edit(self) -> bool {
        self >= Role::Modellierer
    }

    /// May manage users, org units, pay grades and read the audit trail.
    pub fn can_administer(self) -> bool {
        self == Role::Administrator
    }
}

stored_code! {
    OrgKind => "organisation kind",
    Role => "role",
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for k in OrgKind::ALL {
            assert_eq!(OrgKind::parse(k.code()), Some(k));
        }
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn roles_are_ordered_by_power() {
        assert!(Role::Administrator.can_administer());
        assert!(Role::Administrator.can_edit());
        assert!(Role::Modellierer.can_edit());
        assert!(!Role::Modellierer.can_administer());
        assert!(!Role::Betrachter.can_edit());
    }
}
