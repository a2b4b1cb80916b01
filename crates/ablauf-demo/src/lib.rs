//! Ablauf's demo content, as data: an operator and three invented
//! organisations (a city, a district, a municipality) with people in every
//! role, org-unit trees and pay grades; for each a process register (a
//! process map, the reference lists, 30+ processes with their versions,
//! some released), the building-block models of 32 of them, and the
//! small service catalogue those processes name; and the shared library
//! ([`library`]): a library editor, 30 templates drawn from those
//! processes, a waiting proposal and a template update waiting for
//! Musterstadt. Every demo account's password is [`PASSWORD`].
//!
//! Tour: the files live under `data/` (see the crate's README for what each
//! holds) and are embedded at build time; [`files`] reads them into a
//! [`Demo`]: one serde shape per file, references by name. [`Demo::seed`]
//! writes a [`Demo`] into an empty instance through the use cases a
//! person's import takes (the service catalogue import, password hashing,
//! the profile check), resolving every name to the id the store gave; a
//! name that does not resolve is an error naming its file and entry.
//!
//! Used by `ablauf serve --demo` ([`Content::Full`]), by the web crate's
//! integration tests (their default fixture is [`Content::Platform`]; the
//! few tests that need a register ask for [`Content::Full`]) and by the
//! register benchmark's generator.

mod files;
pub mod library;
mod library_files;
mod report;
mod seed;

pub use files::{Area, Demo, Entry, ModelVersion, OrgFiles, Organisation, Person, Platform};
pub use files::{Operator, PayGrade, Process, Register, Unit, Version};

use ablauf_store::Store;

/// The password of every demo account.
pub const PASSWORD: &str = "demo";
/// The demo operator's e-mail address (`platform.toml`).
pub const OPERATOR: &str = "betreiber@ablauf.example";

/// How much of the demo to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// The operator and the organisations with their people, org units and
    /// pay grades; no services, no processes. The integration tests' small
    /// default fixture: each test starts from an empty register.
    Platform,
    /// Everything: also the service catalogue, each organisation's process
    /// map, reference lists, processes and models (`ablauf serve --demo`).
    Full,
}

/// Writes the embedded demo into an empty instance. Does nothing and
/// answers `false` when the instance already has organisations (a restart
/// with `--demo`).
pub async fn seed(store: &Store, content: Content) -> anyhow::Result<bool> {
    Demo::load()?.seed(store, content).await
}
