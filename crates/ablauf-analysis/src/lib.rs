//! Figures and findings from building-block models.
//!
//! Pure computation, no I/O: a [`BlockModel`](ablauf_model::BlockModel), the
//! Steckbrief's figures (cases per year, OZG maturity), the organisation's
//! hourly rates and [`Params`] go in; figures, plausibility findings, media
//! breaks, weak spots and model quality come out. Pages, the API and the
//! landscape call it through the use-case layer (`ablauf-app`).
//!
//! - [`flow`]: the model as a graph of steps with directly-follows edges
//!   and the share of cases that reach each step; "follows along a path".
//! - [`index`]: every step as a flat row (the store's `process_steps`) and
//!   the compact in-memory index that answers pattern queries.
//! - [`pattern`]: pattern queries (a sequence of step conditions along a
//!   path) and their matcher.
//! - [`params`]: the organisation's parameters and their defaults.

pub mod flow;
pub mod index;
pub mod params;
pub mod pattern;

pub use flow::{Flow, FlowStep, Reach, branch_shares};
pub use params::Params;
