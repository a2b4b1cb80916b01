//! Ablauf's use cases: what a person can do, as plain functions over the
//! store ([`ablauf_store`]) and the pure crates ([`ablauf_domain`],
//! [`ablauf_model`], [`ablauf_bpmn`]). The HTML pages, the JSON API and the
//! command line all call these; none of them holds a use case of its own,
//! and nothing in here knows HTTP.
//!
//! Tour: [`i18n`] is the German message catalogue every layer names
//! messages from; [`audit`] reads the audit trail as people see it;
//! [`password`] and [`secret`] hash what people prove
//! themselves with; [`accounts`] signs people in (sessions, API tokens,
//! one-time links, their own password, operator accounts); [`members`] is
//! an organisation's people as its administrators manage them;
//! [`organizations`] what the operator does with organisations and where a
//! person lands; [`structure`] the org units and pay grades;
//! [`service_catalogue`] imports the federal service catalogue (LeiKa);
//! [`block_catalogue`] is an organisation's catalogue of building blocks
//! (the defaults plus its changes) and their administration; [`sheet`]
//! reads and writes spreadsheets as German spreadsheet programs do.
//!
//! [`register`] holds the process register's use cases (the names a
//! Steckbrief shows, saving with conflicts, versions, release, the
//! spreadsheet import and export), [`processes`] the profile check they
//! share with the API; [`modelling`] reads, edits and saves process models
//! (the block editor's edit–rebase–save loop, undo, BPMN saves and
//! imports); [`patterns`] runs and keeps pattern queries across the
//! landscape (answered from the store's step index); [`pending`] keeps checked imports waiting for confirmation.
//!
//! Every function takes the [`ablauf_store::Store`] and the organisation
//! ([`ablauf_store::OrgId`]) explicitly where there is one, and the acting
//! person ([`ablauf_store::Actor`]) where it writes (a person acting on
//! their own account passes their [`ablauf_store::User`] instead); it
//! answers [`Result`] with [`Error::Invalid`] for input that does not pass
//! validation (by field), [`Error::Refused`] or [`Error::Conflict`] where a
//! rule or a concurrent change refuses (a form shows them at the field they
//! concern), or a typed outcome where the caller must tell the person more
//! (a conflict with both values, the findings of a file).

pub mod accounts;
pub mod analysis;
pub mod audit;
pub mod block_catalogue;
pub mod error;
pub mod i18n;
pub mod library;
pub mod members;
pub mod modelling;
pub mod organizations;
pub mod password;
pub mod patterns;
pub mod pending;
pub mod processes;
pub mod register;
pub mod secret;
pub mod service_catalogue;
pub mod sheet;
pub mod structure;

pub use error::{Error, FieldErrors, Result};
