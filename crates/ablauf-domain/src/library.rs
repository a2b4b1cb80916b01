//! Names of the shared library that every layer uses.

use serde::{Deserialize, Serialize};

use crate::codes::stored_code;

/// Where a proposal to the library stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProposalState {
    /// Waiting for the library editors.
    Open,
    /// The editors asked the proposer for changes.
    ChangesRequested,
    /// Not taken into the library (with a reason).
    Rejected,
    /// Released as a template version.
    Released,
}

impl ProposalState {
    pub const ALL: [ProposalState; 4] = [
        ProposalState::Open,
        ProposalState::ChangesRequested,
        ProposalState::Rejected,
        ProposalState::Released,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ProposalState::Open => "open",
            ProposalState::ChangesRequested => "changes_requested",
            ProposalState::Rejected => "rejected",
            ProposalState::Released => "released",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Message key of its German name.
    pub fn label_key(self) -> String {
        format!("proposal_state.{}", self.code())
    }

    /// Whether the proposal still waits for someone (editors or proposer).
    pub fn is_pending(self) -> bool {
        matches!(self, ProposalState::Open | ProposalState::ChangesRequested)
    }
}

stored_code! {
    ProposalState => "proposal state",
}
