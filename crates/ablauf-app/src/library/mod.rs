//! The shared library's use cases (Musterprozessbibliothek): proposing a
//! process as a template ([`propose`]), the library editors' review and
//! release ([`review`]), finding and reading templates ([`browse`]),
//! adopting one into an organisation ([`adopt`]), and taking a template's
//! new version into an adopted process ([`update`]). The computation —
//! neutral content, the personal-data check, localising, the three-way
//! comparison — is `ablauf-library`'s.

pub mod adopt;
pub mod browse;
pub mod editors;
pub mod propose;
pub mod review;
pub mod update;

use ablauf_library::{Content, Version};
use ablauf_store::library::TemplateMeta;

use crate::{Error, Result};

/// A template version's or proposal's stored content.
pub fn content(json: &str) -> Result<Content> {
    serde_json::from_str(json)
        .map_err(|e| Error::Internal(anyhow::anyhow!("stored template content: {e}")))
}

/// The stored content as JSON.
pub fn content_json(c: &Content) -> String {
    serde_json::to_string(c).expect("template content serialises")
}

/// A mapping as the store keeps it.
pub fn mapping_json(m: &ablauf_library::content::Mapping) -> String {
    serde_json::to_string(m).expect("mapping serialises")
}

/// A stored mapping; an unreadable one maps nothing.
pub fn mapping(json: &str) -> ablauf_library::content::Mapping {
    serde_json::from_str(json).unwrap_or_default()
}

/// The template's list columns from the content of its current version.
pub fn meta(c: &Content) -> TemplateMeta {
    let p = &c.profile;
    TemplateMeta {
        name: p.name.clone(),
        service_key: p.service_key.clone(),
        service_name: p.service_name.clone(),
        themenfeld: p.themenfeld.clone(),
        lebenslage: p.lebenslage.clone(),
        suits: c
            .suits
            .iter()
            .map(|k| k.code())
            .collect::<Vec<_>>()
            .join(" "),
        step_count: c.step_count() as i64,
    }
}

/// A stored version pair as a version number.
pub fn version(major: i64, minor: i64) -> Version {
    Version::new(major.max(0) as u32, minor.max(0) as u32)
}

/// A version number as the store keeps it.
pub fn stored(v: Version) -> (i64, i64) {
    (i64::from(v.major), i64::from(v.minor))
}
