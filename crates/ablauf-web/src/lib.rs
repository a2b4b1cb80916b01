//! Ablauf's HTTP adapter: server-rendered HTML pages (German, from a
//! catalogue, htmx for partial updates), the JSON API under `/api/v1` with
//! its OpenAPI document, sessions, CSRF protection and the audit views.
//!
//! Tour: [`app`] builds the router and serves it; [`routes`] is the table of
//! every route (the security tests walk it); [`auth`] signs people in and
//! finds who is asking; [`pages`] and [`api`] are the handlers, [`views`]
//! the layout both share; [`error`] turns every failure into a German page
//! or JSON answer. The demo content is not here: it is data in the
//! `ablauf-demo` crate.

pub mod api;
pub mod app;
pub mod assets;
pub mod auth;
pub mod config;
pub mod error;
pub mod htmx;
pub mod input;
pub mod pages;
pub mod routes;
pub mod state;
pub mod templates;
pub mod views;

pub use app::{AppState, build_app, serve};
pub use auth::Viewer;
pub use config::WebConfig;
