//! Figures and findings from building-block models.
//!
//! Pure computation, no I/O: a [`BlockModel`](ablauf_model::BlockModel), the
//! Steckbrief's figures (cases per year, OZG maturity), the organisation's
//! hourly rates and [`Params`] go in; figures, plausibility findings, media
//! breaks, weak spots and model quality come out. Pages, the API and the
//! landscape call it through the use-case layer (`ablauf-app`).

pub mod params;

pub use params::Params;
