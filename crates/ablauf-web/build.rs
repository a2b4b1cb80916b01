//! Prepares the front-end files the binary embeds, in OUT_DIR:
//!
//! - `htmx.min.js`, copied from npm's `node_modules`;
//! - `bpmn-editor.js` and `bpmn-editor.css`, the BPMN editor (bpmn-js, its
//!   properties panel and our `frontend/` sources) bundled by esbuild through
//!   `frontend/build.mjs`.
//!
//! - `templates.rs`, every page template under `templates/` (one folder per
//!   area; a name starting with `_` is a partial), so a new template needs
//!   no registration by hand.
//!
//! When a needed package is not installed yet, runs `npm ci` (pinned by
//! package-lock.json).

use std::path::{Path, PathBuf};
use std::process::Command;

/// Files whose absence means `npm ci` has not run (or ran before a package was added).
const NEEDED: &[&str] = &[
    "node_modules/htmx.org/dist/htmx.min.js",
    "node_modules/esbuild/package.json",
    "node_modules/bpmn-js/package.json",
    "node_modules/bpmn-js-properties-panel/package.json",
    "node_modules/@bpmn-io/properties-panel/package.json",
];

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest.join("../..").canonicalize().unwrap();
    let htmx = root.join("node_modules/htmx.org/dist/htmx.min.js");
    let frontend = manifest.join("frontend");
    let moddle = root.join("crates/ablauf-bpmn/moddle/ablauf.json");
    for path in [
        root.join("package-lock.json"),
        htmx.clone(),
        frontend.clone(),
        moddle,
    ] {
        println!("cargo:rerun-if-changed={}", path.display());
    }

    if NEEDED.iter().any(|p| !root.join(p).exists()) {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&root)
            .status()
            .unwrap_or_else(|e| {
                panic!("Ablauf needs Node.js and npm to install its front-end packages: {e}")
            });
        assert!(status.success(), "npm ci failed in {}", root.display());
    }

    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    copy(&htmx, &out.join("htmx.min.js"));
    list_templates(&manifest.join("templates"), &out.join("templates.rs"));

    let status = Command::new("node")
        .arg(frontend.join("build.mjs"))
        .arg(&out)
        .current_dir(&root)
        .status()
        .unwrap_or_else(|e| panic!("Ablauf needs Node.js to bundle the BPMN editor: {e}"));
    assert!(
        status.success(),
        "bundling the BPMN editor failed ({} {})",
        frontend.join("build.mjs").display(),
        out.display()
    );
    for file in ["bpmn-editor.js", "bpmn-editor.css"] {
        assert!(
            out.join(file).exists(),
            "{file} missing in {}",
            out.display()
        );
    }
}

fn copy(from: &Path, to: &Path) {
    std::fs::copy(from, to)
        .unwrap_or_else(|e| panic!("cannot copy {} to {}: {e}", from.display(), to.display()));
}

/// Writes `TEMPLATES`: (name relative to `templates/`, its text) for every
/// `.html` file below `dir`, sorted by name.
fn list_templates(dir: &Path, to: &Path) {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "html") {
                found.push(path);
            }
        }
    }
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut found = Vec::new();
    walk(dir, &mut found);
    found.sort();
    let mut code = String::from("pub const TEMPLATES: &[(&str, &str)] = &[\n");
    for path in &found {
        let name = path
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    std::fs::write(to, code).unwrap();
}
