#!/usr/bin/env bash
# Runs every check and test of Ablauf: formatting, clippy (warnings are
# errors), the Rust tests (every integration test on SQLite and on
# PostgreSQL), and the browser tests in headless Chromium with axe-core.
#
# Needs: Rust, Node.js/npm, PostgreSQL at 127.0.0.1:5432 (or
# ABLAUF_TEST_POSTGRES_URL), Chromium at /usr/bin/chromium and xmllint.
# Missing Debian packages are installed when running as root.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v xmllint >/dev/null || missing+=(libxml2-utils)
if ((${#missing[@]})); then
  if [[ $(id -u) == 0 ]]; then
    echo "== installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "missing: ${missing[*]} (apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

echo "== npm packages (pinned by package-lock.json)"
npm ci --no-audit --no-fund --loglevel=error

echo "== cargo fmt --check"
cargo fmt --all --check

echo "== no import cycles between the modules of a crate"
python3 scripts/module_cycles.py

echo "== cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== cargo test (SQLite and PostgreSQL)"
cargo test --workspace --locked

echo "== browser tests (Chromium, Playwright, axe-core)"
cargo build -p ablauf --locked
node --test --test-concurrency=1 tests/browser/
