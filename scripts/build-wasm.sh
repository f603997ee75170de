#!/usr/bin/env bash
# Builds the wasm module(s) for the page as wasm-pack.toml says: cargo
# (the size profile named there) → wasm-bindgen → wasm-opt. Skips a build
# whose raw wasm has not changed since the last run.
#
# --test also builds the page tests' CSV build with the `panic-trigger`
# feature into target/e2e-pkg/ (never www/): tests/e2e/panic.test.mjs
# serves it in place of the shipped CSV build.
source "$(dirname "$0")/lib.sh"

out_dir="$(toml_get build out_dir)"
target="$(toml_get build target)"
opt_level="$(toml_get build wasm_opt_level)"
profile="$(toml_get build profile)"
mkdir -p "$out_dir"

for build in csv full; do
  out_name="$(toml_get "builds.$build" out_name)"
  features="$(toml_get "builds.$build" features)"
  say "Building wasm: $out_name (features: ${features:-none})"
  cargo build --quiet --profile "$profile" --lib --target wasm32-unknown-unknown \
    --no-default-features ${features:+--features "$features"}
  raw="target/wasm32-unknown-unknown/$profile/lenalyze.wasm"
  stamp="$out_dir/.$out_name.sha256"
  sum="$(sha256sum "$raw" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ] && [ -f "$out_dir/${out_name}_bg.wasm" ]; then
    continue
  fi
  wasm-bindgen --target "$target" --no-typescript --out-dir "$out_dir" --out-name "$out_name" "$raw"
  wasm-opt "$opt_level" --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    "$out_dir/${out_name}_bg.wasm" -o "$out_dir/${out_name}_bg.wasm"
  echo "$sum" > "$stamp"
done
ls -l "$out_dir"/*.wasm >&2

if [ "${1:-}" = "--test" ]; then
  test_dir="target/e2e-pkg"
  out_name="$(toml_get "builds.csv" out_name)"
  say "Building wasm for the page tests: $out_name with the panic trigger, into $test_dir"
  mkdir -p "$test_dir"
  # The dev profile: no LTO and no size optimization, so this build takes
  # seconds, not the minutes of the shipped ones (whose raw wasm it leaves
  # alone, in another directory); the panic must only reach the hook.
  cargo build --quiet --lib --target wasm32-unknown-unknown \
    --no-default-features --features panic-trigger
  raw="target/wasm32-unknown-unknown/debug/lenalyze.wasm"
  wasm-bindgen --target "$target" --no-typescript --out-dir "$test_dir" --out-name "$out_name" "$raw"
  # The panic must reach the hook; no size optimization is needed here.
  ls -l "$test_dir"/*.wasm >&2
fi
