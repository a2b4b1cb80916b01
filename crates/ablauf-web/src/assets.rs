//! Static files, embedded in the binary: our stylesheet and script, htmx
//! from npm (copied by build.rs) and the BPMN editor bundle (built by
//! build.rs). Nothing is loaded from another host. Browsers that accept
//! gzip get each file compressed once, on first request.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{LazyLock, Mutex};

use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

const CSS: &str = include_str!("../assets/ablauf.css");
const JS: &str = include_str!("../assets/ablauf.js");
const FAVICON: &str = include_str!("../assets/favicon.svg");
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

/// Gzipped assets, made on first request.
static GZIPPED: LazyLock<Mutex<HashMap<&'static str, &'static [u8]>>> =
    LazyLock::new(Default::default);

fn gzipped(name: &'static str, body: &'static str) -> &'static [u8] {
    let mut cache = GZIPPED.lock().unwrap_or_else(|e| e.into_inner());
    cache.entry(name).or_insert_with(|| {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let _ = enc.write_all(body.as_bytes());
        // Made once per asset and kept for the life of the process.
        Vec::leak(enc.finish().unwrap_or_default())
    })
}

pub async fn serve(Path(file): Path<String>, headers: HeaderMap) -> Response {
    let (name, body, mime): (&'static str, &'static str, &str) = match file.as_str() {
        "ablauf.css" => ("ablauf.css", CSS, "text/css; charset=utf-8"),
        "ablauf.js" => ("ablauf.js", JS, "text/javascript; charset=utf-8"),
        "favicon.svg" => ("favicon.svg", FAVICON, "image/svg+xml"),
        "htmx.min.js" => ("htmx.min.js", HTMX, "text/javascript; charset=utf-8"),
        "bpmn-editor.js" => ("bpmn-editor.js", BPMN_JS, "text/javascript; charset=utf-8"),
        "bpmn-editor.css" => ("bpmn-editor.css", BPMN_CSS, "text/css; charset=utf-8"),
        "bpmn-editor-licenses.txt" => (
            "bpmn-editor-licenses.txt",
            BPMN_LICENSES,
            "text/plain; charset=utf-8",
        ),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let cache = [
        (header::CONTENT_TYPE, mime),
        (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        (header::VARY, "accept-encoding"),
    ];
    let gzip_ok = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
    if gzip_ok && body.len() > 1024 {
        let mut resp = (cache, gzipped(name, body)).into_response();
        resp.headers_mut().insert(
            header::CONTENT_ENCODING,
            header::HeaderValue::from_static("gzip"),
        );
        return resp;
    }
    (cache, body).into_response()
}
