//! Copies the front-end packages the binary serves (htmx) from npm's
//! `node_modules` into OUT_DIR, so they are embedded in the binary. When the
//! packages are not installed yet, runs `npm ci` (pinned by package-lock.json).

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap())
        .join("../..")
        .canonicalize()
        .unwrap();
    let htmx = root.join("node_modules/htmx.org/dist/htmx.min.js");
    println!(
        "cargo:rerun-if-changed={}",
        root.join("package-lock.json").display()
    );
    println!("cargo:rerun-if-changed={}", htmx.display());
    if !htmx.exists() {
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
}

fn copy(from: &Path, to: &Path) {
    std::fs::copy(from, to)
        .unwrap_or_else(|e| panic!("cannot copy {} to {}: {e}", from.display(), to.display()));
}
