#!/usr/bin/env bash
# README command 2: every test. Installs what is missing first.
#
# The page's two wasm size builds (LTO, then wasm-opt: mostly one core each)
# run in the background, in their own target directory so cargo's lock does
# not serialize them with the native work, while the native lints and tests
# use the other core. The LibreOffice check runs beside the browser tests.
source "$(dirname "$0")/lib.sh"
bash scripts/setup.sh --test-tools
logs="target/test-logs"
mkdir -p "$logs"

# Prints a background job's log and fails when the job failed.
join() { # pid, log, what
  if ! wait "$1"; then
    cat "$2" >&2
    echo "FAIL: $3 (log above: $2)" >&2
    exit 1
  fi
  cat "$2" >&2
}

say "Format"
cargo fmt --check

say "In the background: lints of the two wasm builds, then the page's wasm (log: $logs/wasm.log)"
(
  export CARGO_TARGET_DIR=target/wasm-build
  cargo clippy --quiet --lib --target wasm32-unknown-unknown --no-default-features -- -D warnings
  cargo clippy --quiet --lib --target wasm32-unknown-unknown --no-default-features \
    --features workbook,export,pool,legacy-encodings -- -D warnings
  bash scripts/build-wasm.sh
) > "$logs/wasm.log" 2>&1 &
wasm_job=$!
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT

say "Lints (native)"
cargo clippy --quiet --all-targets -- -D warnings

say "Dependencies: licences, duplicate crates, sources (cargo deny; the advisory database needs GitHub, see SECURITY.md)"
cargo deny --offline check licenses bans sources

say "Page types: generated from the schemas, current; tsc --strict"
bash scripts/gen-types.sh --check
npx --no-install tsc --noEmit -p tsconfig.json

say "Core and CLI tests (native)"
cargo test --quiet
cargo build --quiet --bin lenalyze

say "In the background: exports open in LibreOffice (log: $logs/exports.log)"
bash scripts/check-exports.sh > "$logs/exports.log" 2>&1 &
exports_job=$!

say "The page tests' wasm with the panic trigger"
bash scripts/build-wasm.sh --panic-trigger

say "Waiting for the page's wasm builds"
join "$wasm_job" "$logs/wasm.log" "wasm lints or builds"

say "Page tests in headless Chromium (against the CLI that cargo test built)"
node --test tests/e2e/

say "Waiting for the exports check"
join "$exports_job" "$logs/exports.log" "exports in LibreOffice"
say "All tests passed"
