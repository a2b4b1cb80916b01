//! Who is asking: passwords, secret tokens, sessions, API tokens, CSRF, and
//! the extractors handlers use, one set per scope of the route table
//! ([`CurrentUser`], [`OrgCtx`], [`OrgEditor`], [`LibraryEditor`], …).

pub mod csrf;
pub mod extract;
pub mod signin;

pub use csrf::CsrfToken;
pub use extract::{
    CurrentUser, LibraryEditor, LibraryReader, Operator, OrgAdmin, OrgCtx, OrgEditor, PublicOrg,
    Viewer,
};
