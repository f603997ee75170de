#!/usr/bin/env bash
# Builds the wasm module(s) for the page as wasm-pack.toml says: cargo
# (the size profile named there) → wasm-bindgen → wasm-opt. Skips a build
# whose raw wasm has not changed since the last run.
#
# --panic-trigger instead builds the page tests' CSV build with the
# `panic-trigger` feature into target/e2e-pkg/ (never www/):
# tests/e2e/panic.test.mjs serves it in place of the shipped CSV build.
#
# Honours CARGO_TARGET_DIR (scripts/test.sh builds in its own directory).
source "$(dirname "$0")/lib.sh"
target_dir="${CARGO_TARGET_DIR:-target}"

target="$(toml_get build target)"

if [ "${1:-}" = "--panic-trigger" ]; then
  test_dir="target/e2e-pkg"
  out_name="$(toml_get "builds.csv" out_name)"
  say "Building wasm for the page tests: $out_name with the panic trigger, into $test_dir"
  mkdir -p "$test_dir"
  # The dev profile: no LTO and no size optimization, so this build takes
  # seconds, not the minutes of the shipped ones; the panic must only reach
  # the hook.
  cargo build --quiet --lib --target wasm32-unknown-unknown \
    --no-default-features --features panic-trigger
  raw="$target_dir/wasm32-unknown-unknown/debug/lenalyze.wasm"
  wasm-bindgen --target "$target" --no-typescript --out-dir "$test_dir" --out-name "$out_name" "$raw"
  ls -l "$test_dir"/*.wasm >&2
  exit 0
fi

out_dir="$(toml_get build out_dir)"
opt_level="$(toml_get build wasm_opt_level)"
profile="$(toml_get build profile)"
mkdir -p "$out_dir"

# wasm-bindgen and wasm-opt (one core, about a minute) of one build run
# beside the cargo build of the next, on a copy of the raw wasm (the next
# build writes the same file).
finish() { # out_name, raw copy, checksum
  wasm-bindgen --target "$target" --no-typescript --out-dir "$out_dir" --out-name "$1" "$2"
  wasm-opt "$opt_level" --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    "$out_dir/${1}_bg.wasm" -o "$out_dir/${1}_bg.wasm"
  echo "$3" > "$out_dir/.$1.sha256"
  rm -f "$2"
}
jobs_started=()
for build in csv full; do
  out_name="$(toml_get "builds.$build" out_name)"
  features="$(toml_get "builds.$build" features)"
  say "Building wasm: $out_name (features: ${features:-none})"
  cargo build --quiet --profile "$profile" --lib --target wasm32-unknown-unknown \
    --no-default-features ${features:+--features "$features"}
  raw="$target_dir/wasm32-unknown-unknown/$profile/lenalyze.wasm"
  stamp="$out_dir/.$out_name.sha256"
  sum="$(sha256sum "$raw" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ] && [ -f "$out_dir/${out_name}_bg.wasm" ]; then
    continue
  fi
  copy="$target_dir/$out_name.raw.wasm"
  cp "$raw" "$copy"
  finish "$out_name" "$copy" "$sum" &
  jobs_started+=($!)
done
for job in "${jobs_started[@]}"; do
  wait "$job"
done
ls -l "$out_dir"/*.wasm >&2
