//! Settings of the HTTP layer. The binary fills them from its layered
//! configuration (defaults → file → `ABLAUF_*` environment → flags).

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct WebConfig {
    /// The address people open, used in one-time links and to decide
    /// whether cookies are marked `Secure` (an `https://` URL).
    pub public_url: String,
    /// Take the client address from `X-Forwarded-For` and the scheme from
    /// `X-Forwarded-Proto` (only behind a trusted reverse proxy).
    pub trust_proxy: bool,
    /// How long a session lasts without use, in hours.
    pub session_hours: i64,
    /// Largest accepted form or JSON body in bytes.
    pub max_body_bytes: usize,
    /// Largest accepted file upload in bytes (catalogues, models).
    pub max_upload_bytes: usize,
    /// Failed sign-ins per account within 15 minutes before sign-in pauses.
    pub max_failures_per_account: i64,
    /// Failed sign-ins per client address within 15 minutes.
    pub max_failures_per_address: i64,
    /// Rows a register import writes per transaction.
    pub import_batch_rows: usize,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            public_url: "http://127.0.0.1:8080".into(),
            trust_proxy: false,
            session_hours: 12,
            max_body_bytes: 2 * 1024 * 1024,
            max_upload_bytes: 20 * 1024 * 1024,
            max_failures_per_account: 5,
            max_failures_per_address: 50,
            import_batch_rows: ablauf_app::register::import::BATCH_ROWS,
        }
    }
}

impl WebConfig {
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The name of one of our cookies. Served over HTTPS it carries the
    /// `__Host-` prefix: browsers then take it only from this host, only
    /// `Secure`, for the whole site and without a domain, so no other host
    /// of the same domain can set or overwrite it.
    pub fn cookie_name(&self, base: &str) -> String {
        if self.secure_cookies() {
            format!("__Host-{base}")
        } else {
            base.to_owned()
        }
    }
}
