#!/usr/bin/env bash
# Installs what Lenalyze needs and is missing; every step checks first, so a
# second run takes seconds. Usage: scripts/setup.sh [--test-tools]
# (--test-tools adds Chromium and ChromeDriver for the browser tests, and
# LibreOffice and poppler-utils for opening the exports.)
source "$(dirname "$0")/lib.sh"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

want="$(wasm_bindgen_version)"
have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have" != "$want" ]; then
  say "Installing wasm-bindgen-cli $want (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "=$want" --locked \
    || cargo install wasm-bindgen-cli --version "=$want"
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -x node_modules/.bin/tsc ] \
  || [ ! -x node_modules/.bin/json2ts ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing npm tools (binaryen, playwright-core, axe-core, typescript, json-schema-to-typescript)"
  npm ci --no-audit --no-fund
fi

if [ "${1:-}" = "--test-tools" ]; then
  if ! command -v cargo-deny >/dev/null; then
    say "Installing cargo-deny (licences, duplicate crates, sources; a few minutes, once)"
    cargo install cargo-deny --locked
  fi
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v soffice >/dev/null || missing+=(libreoffice-calc-nogui libreoffice-writer-nogui)
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  # A Korean font, so the Korean page and exports are tested as they render.
  [ -d /usr/share/fonts/truetype/nanum ] || missing+=(fonts-nanum)
  if [ "${#missing[@]}" -gt 0 ]; then
    say "Installing test tools: ${missing[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi
