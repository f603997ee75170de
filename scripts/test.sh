#!/usr/bin/env bash
# README command 2: every test. Installs what is missing first.
source "$(dirname "$0")/lib.sh"
bash scripts/setup.sh --test-tools

say "Format and lints"
cargo fmt --check
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --lib --target wasm32-unknown-unknown --no-default-features -- -D warnings
cargo clippy --quiet --lib --target wasm32-unknown-unknown --no-default-features --features workbook,export,pool -- -D warnings

say "Dependencies: licences, duplicate crates, sources (cargo deny; the advisory database needs GitHub, see SECURITY.md)"
cargo deny --offline check licenses bans sources

say "Page types: generated from the schemas, current; tsc --strict"
bash scripts/gen-types.sh --check
npx --no-install tsc --noEmit -p tsconfig.json

say "Core and CLI tests (native)"
cargo test --quiet

say "wasm tests in headless Chromium"
# --test: also the page tests' build with the panic trigger (target/e2e-pkg).
bash scripts/build-wasm.sh --test
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test --target wasm32-unknown-unknown --test wasm

say "Page tests in headless Chromium (against the CLI that cargo test built)"
cargo build --quiet --bin lenalyze
node --test tests/e2e/

say "Exports open in LibreOffice"
bash scripts/check-exports.sh
