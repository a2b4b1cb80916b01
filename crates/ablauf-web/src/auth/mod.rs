//! Who is asking: passwords, secret tokens, sessions, API tokens, CSRF, and
//! the extractors handlers use ([`CurrentUser`], [`OrgCtx`]).

pub mod csrf;
pub mod extract;
pub mod signin;

pub use csrf::CsrfToken;
pub use extract::{CurrentUser, OrgAdmin, OrgCtx, OrgEditor, Viewer};
