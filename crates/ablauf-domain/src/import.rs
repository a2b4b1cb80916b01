//! Imports waiting for confirmation and register imports being applied.

use serde::{Deserialize, Serialize};

use crate::codes::stored_code;

/// What a pending import holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// Rows of a register spreadsheet.
    Register,
    /// A BPMN model for one process.
    Bpmn,
}

impl ImportKind {
    pub const ALL: [ImportKind; 2] = [ImportKind::Register, ImportKind::Bpmn];

    pub fn code(self) -> &'static str {
        match self {
            ImportKind::Register => "register",
            ImportKind::Bpmn => "bpmn",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Where a register import being applied stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunState {
    Running,
    /// A failed or stopped run being taken back.
    Undoing,
    Done,
    Failed,
}

impl RunState {
    pub const ALL: [RunState; 4] = [
        RunState::Running,
        RunState::Undoing,
        RunState::Done,
        RunState::Failed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RunState::Running => "running",
            RunState::Undoing => "undoing",
            RunState::Done => "done",
            RunState::Failed => "failed",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Still moving: being applied or being taken back.
    pub fn is_active(self) -> bool {
        matches!(self, RunState::Running | RunState::Undoing)
    }
}

stored_code! {
    ImportKind => "import kind",
    RunState => "import state",
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_ones_say_what_they_are() {
        for k in ImportKind::ALL {
            assert_eq!(ImportKind::try_from(k.code().to_owned()), Ok(k));
        }
        for s in RunState::ALL {
            assert_eq!(RunState::try_from(s.code().to_owned()), Ok(s));
        }
        let e = RunState::try_from("paused".to_owned()).unwrap_err();
        assert_eq!(e.to_string(), "unknown import state code „paused“");
    }
}
