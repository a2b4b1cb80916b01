//! The German message catalogue. Every string the UI shows comes from
//! `i18n/de.toml`; code refers to messages by key (`"error.required"`).
//! Another language is another file with the same keys.

use std::collections::HashMap;
use std::sync::LazyLock;

static DE: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let table: toml::Table =
        toml::from_str(include_str!("../i18n/de.toml")).expect("i18n/de.toml is valid TOML");
    let mut out = HashMap::new();
    flatten("", &table, &mut out);
    out
});

fn flatten(prefix: &str, table: &toml::Table, out: &mut HashMap<String, String>) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) => flatten(&key, t, out),
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            other => panic!("i18n key {key} must be a string, is {other}"),
        }
    }
}

/// The German text of a key. A missing key shows as the key itself (and a
/// test makes sure no key used in code or templates is missing).
pub fn t(key: &str) -> String {
    DE.get(key).cloned().unwrap_or_else(|| key.to_owned())
}

/// Like [`t`], replacing `{name}` placeholders.
pub fn tf(key: &str, args: &[(&str, &str)]) -> String {
    let mut s = t(key);
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

pub fn has(key: &str) -> bool {
    DE.contains_key(key)
}

/// A point in time as German local time, in the time zone of German
/// administrations ("23.11.2026, 14:05 Uhr").
pub fn local_datetime(at: &chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&chrono_tz::Europe::Berlin)
        .format("%d.%m.%Y, %H:%M Uhr")
        .to_string()
}

/// The keys under `prefix` (`"audit_summary."`) with their German text.
pub fn entries(prefix: &str) -> impl Iterator<Item = (&'static str, &'static str)> {
    DE.iter()
        .filter(move |(k, _)| k.starts_with(prefix))
        .map(|(k, v)| (k.as_str(), v.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key the templates and the Rust code name must be in the
    /// catalogue, so no German page ever shows a raw key.
    #[test]
    fn every_used_key_is_in_the_catalogue() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/");
        let key_re = regex::Regex::new(
            r#"t\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']|"((?:error|flash|role|org_kind|audit_action|audit_summary|audit_field|import)\.[a-z0-9_.]+)""#,
        )
        .unwrap();
        let mut missing = Vec::new();
        // Every crate's sources and the web crate's templates, folders
        // included.
        let mut files = Vec::new();
        let mut dirs: Vec<std::path::PathBuf> = [
            "src",
            "../ablauf-web/templates",
            "../ablauf-web/src",
            "../ablauf-domain/src",
            "../ablauf-store/src",
            "../ablauf-model/src",
            "../ablauf/src",
        ]
        .iter()
        .map(|d| format!("{root}{d}").into())
        .collect();
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let p = entry.unwrap().path();
                if p.is_dir() {
                    dirs.push(p);
                } else {
                    files.push(p);
                }
            }
        }
        for p in files {
            let text = std::fs::read_to_string(&p).unwrap();
            for cap in key_re.captures_iter(&text) {
                let key = cap.get(1).or(cap.get(2)).unwrap().as_str();
                if key.ends_with('.') || key.ends_with(".html") {
                    continue; // a prefix joined with a code at run time
                }
                if !has(key) {
                    missing.push(format!("{}: {key}", p.display()));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys missing in de.toml:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            tf("flash.user_added", &[("email", "a@b.de")]),
            t("flash.user_added").replace("{email}", "a@b.de")
        );
        assert!(!tf("flash.user_added", &[("email", "a@b.de")]).contains("{email}"));
    }
}
