//! Static files, embedded in the binary: our stylesheet and script, and
//! htmx from npm (copied by build.rs). Nothing is loaded from another host.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

const CSS: &str = include_str!("../assets/ablauf.css");
const JS: &str = include_str!("../assets/ablauf.js");
const HTMX: &str = include_str!(concat!(env!("OUT_DIR"), "/htmx.min.js"));
/// The BPMN editor (bpmn-js with its properties panel), bundled by build.rs;
/// only the BPMN editor page loads it.
const BPMN_JS: &str = include_str!(concat!(env!("OUT_DIR"), "/bpmn-editor.js"));
const BPMN_CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/bpmn-editor.css"));
const BPMN_LICENSES: &str = include_str!(concat!(env!("OUT_DIR"), "/bpmn-editor.licenses.txt"));

/// Changes whenever an asset changes; pages add it to asset URLs so
/// browsers may cache assets for a year.
pub static VERSION: LazyLock<String> = LazyLock::new(|| {
    let mut h = Sha256::new();
    for a in [CSS, JS, HTMX, BPMN_JS, BPMN_CSS] {
        h.update(a.as_bytes());
    }
    h.finalize()
        .iter()
        .take(5)
        .map(|b| format!("{b:02x}"))
        .collect()
});

pub async fn serve(Path(file): Path<String>) -> Response {
    let (body, mime) = match file.as_str() {
        "ablauf.css" => (CSS, "text/css; charset=utf-8"),
        "ablauf.js" => (JS, "text/javascript; charset=utf-8"),
        "htmx.min.js" => (HTMX, "text/javascript; charset=utf-8"),
        "bpmn-editor.js" => (BPMN_JS, "text/javascript; charset=utf-8"),
        "bpmn-editor.css" => (BPMN_CSS, "text/css; charset=utf-8"),
        "bpmn-editor-licenses.txt" => (BPMN_LICENSES, "text/plain; charset=utf-8"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        body,
    )
        .into_response()
}
