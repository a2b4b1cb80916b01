//! Layered configuration: built-in defaults → configuration file →
//! `ABLAUF_*` environment variables → command-line flags.
//!
//! Nested keys use a double underscore in the environment:
//! `ABLAUF_WEB__PUBLIC_URL=https://prozesse.land.de`.

use std::path::{Path, PathBuf};

use ablauf_web::WebConfig;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct Config {
    /// Address and port to listen on.
    pub listen: String,
    /// Folder for the embedded database and other files.
    pub data_dir: PathBuf,
    /// `sqlite:…` or `postgres://…`; defaults to `ablauf.db` in the data folder.
    pub database_url: Option<String>,
    /// Connections per instance.
    pub max_connections: u32,
    /// Log format: "text" (readable) or "json" (for log collectors).
    pub log_format: String,
    /// The `[web]` section; unset keys keep `WebConfig`'s defaults.
    #[serde(skip_serializing)]
    pub web: WebSettings,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct WebSettings {
    pub public_url: Option<String>,
    pub trust_proxy: Option<bool>,
    pub session_hours: Option<i64>,
    pub max_body_bytes: Option<usize>,
    pub max_upload_bytes: Option<usize>,
    pub max_failures_per_account: Option<i64>,
    pub max_failures_per_address: Option<i64>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("ablauf-data"),
            database_url: None,
            max_connections: 16,
            log_format: "text".into(),
            web: WebSettings::default(),
        }
    }
}

impl Config {
    /// Reads defaults, then `file` (or `ablauf.toml` when it exists), then
    /// the environment.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Config> {
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        match file {
            Some(f) => {
                anyhow::ensure!(
                    f.exists(),
                    "Konfigurationsdatei {} nicht gefunden",
                    f.display()
                );
                fig = fig.merge(Toml::file(f));
            }
            None => fig = fig.merge(Toml::file("ablauf.toml")),
        }
        fig = fig.merge(Env::prefixed("ABLAUF_").split("__"));
        Ok(fig.extract()?)
    }

    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("ablauf.db").display()))
    }

    pub fn web(&self) -> WebConfig {
        let d = WebConfig::default();
        let o = &self.web;
        WebConfig {
            public_url: o
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{}", self.listen)),
            trust_proxy: o.trust_proxy.unwrap_or(d.trust_proxy),
            session_hours: o.session_hours.unwrap_or(d.session_hours),
            max_body_bytes: o.max_body_bytes.unwrap_or(d.max_body_bytes),
            max_upload_bytes: o.max_upload_bytes.unwrap_or(d.max_upload_bytes),
            max_failures_per_account: o
                .max_failures_per_account
                .unwrap_or(d.max_failures_per_account),
            max_failures_per_address: o
                .max_failures_per_address
                .unwrap_or(d.max_failures_per_address),
            import_batch_rows: d.import_batch_rows,
        }
    }

    /// The database URL with any password replaced, for logs.
    pub fn redacted_database_url(&self) -> String {
        redact(&self.database_url())
    }
}

pub fn redact(url: &str) -> String {
    // postgres://user:secret@host/db → postgres://user:***@host/db
    if let Some((scheme, rest)) = url.split_once("://")
        && let Some((creds, host)) = rest.split_once('@')
        && let Some((user, _)) = creds.split_once(':')
    {
        return format!("{scheme}://{user}:***@{host}");
    }
    url.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_the_log() {
        assert_eq!(
            redact("postgres://ablauf:geheim@db.land.de/ablauf"),
            "postgres://ablauf:***@db.land.de/ablauf"
        );
        assert_eq!(redact("sqlite://data/ablauf.db"), "sqlite://data/ablauf.db");
    }

    #[test]
    fn defaults_give_an_embedded_database_in_the_data_folder() {
        let c = Config::default();
        assert_eq!(c.database_url(), "sqlite://ablauf-data/ablauf.db");
        assert_eq!(c.web().public_url, "http://127.0.0.1:8080");
    }
}
