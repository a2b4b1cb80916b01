//! The shared library's computation, with no I/O: what a template holds
//! ([`content`]), how an organisation's process becomes one
//! ([`content::neutralise`]) and a template becomes an organisation's
//! process again ([`content::localise`]), the personal-data check a
//! proposal must pass ([`personal`]), FIM-style version numbers
//! ([`version`]), and the three-way comparison of a template update
//! ([`update`]).
//!
//! In a template, every reference to one organisation is replaced by a
//! name: org units become roles ("Bürgerbüro"), pay grades, IT systems,
//! legal bases, external parties and documents travel by name, and people
//! are dropped.

pub mod content;
pub mod personal;
pub mod update;
pub mod version;

pub use content::{Content, NeutralProfile};
pub use version::Version;
