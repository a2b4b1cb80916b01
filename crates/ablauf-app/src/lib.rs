//! Ablauf's use cases: what a person can do, as plain functions over the
//! store ([`ablauf_store`]) and the pure crates ([`ablauf_domain`],
//! [`ablauf_model`], [`ablauf_bpmn`]). The HTML pages, the JSON API and the
//! command line all call these; none of them holds a use case of its own,
//! and nothing in here knows HTTP.
//!
//! Tour: [`i18n`] is the German message catalogue every layer names
//! messages from; [`password`] and [`secret`] hash what people prove
//! themselves with; [`service_catalogue`] imports the federal service
//! catalogue (LeiKa); [`block_catalogue`] is an organisation's catalogue of
//! building blocks (the defaults plus its changes); [`sheet`] reads and
//! writes spreadsheets as German spreadsheet programs do.

pub mod block_catalogue;
pub mod error;
pub mod i18n;
pub mod password;
pub mod processes;
pub mod secret;
pub mod service_catalogue;
pub mod sheet;

pub use error::{Error, FieldErrors, Result};
