//! Presentation shared by every kind of page, HTML pages and the API's
//! readable description alike: the layout around a page's content. Pages
//! ([`crate::pages`]) and the API ([`crate::api`]) both use it; neither
//! imports the other.

use minijinja::{Value, context};

use crate::auth::{OrgCtx, Viewer};
use ablauf_app::i18n::t;
use ablauf_domain::Role;
use ablauf_store::Organization;

/// The shared parts of every signed-in page: who is signed in, where they
/// are, which section of the navigation is current, and the CSRF token.
pub fn layout(viewer: &Viewer, org: Option<&OrgCtx>, title: &str, section: &str) -> Value {
    layout_in(viewer, org.map(|c| (c.org(), c.role())), title, section)
}

/// [`layout`] for a page outside an organisation's scope that still shows
/// the organisation the person works in (the library).
pub fn layout_in(
    viewer: &Viewer,
    org: Option<(&Organization, Role)>,
    title: &str,
    section: &str,
) -> Value {
    let orgs: Vec<Value> = viewer
        .orgs
        .iter()
        .map(|(o, r)| {
            context! {
                id => o.id.to_string(),
                name => o.name.clone(),
                role => t(&r.label_key()),
                current => org.is_some_and(|(c, _)| c.id == o.id),
            }
        })
        .collect();
    context! {
        title => title,
        section => section,
        csrf => viewer.csrf.clone(),
        asset_version => crate::assets::VERSION.as_str(),
        user => context! {
            name => viewer.current.user.display_name.clone(),
            email => viewer.current.user.email.clone(),
            is_operator => viewer.current.user.is_operator,
            library_editor => viewer.library_editor,
        },
        orgs => orgs,
        org => org.map(|(o, role)| context! {
            id => o.id.to_string(),
            name => o.name.clone(),
            kind => t(&o.kind.label_key()),
            role => t(&role.label_key()),
            is_admin => role.can_administer(),
            can_edit => role.can_edit(),
        }),
    }
}

/// The layout of a page seen before signing in.
pub fn public_layout(csrf: &str, title: &str) -> Value {
    context! {
        title => title,
        csrf => csrf,
        asset_version => crate::assets::VERSION.as_str(),
    }
}
