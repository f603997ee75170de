#!/usr/bin/env bash
# README command 1: installs what is missing, builds the wasm, and serves the
# page with the demo data one click away. Usage: scripts/serve.sh [PORT]
source "$(dirname "$0")/lib.sh"
port="${1:-8000}"
bash scripts/setup.sh
bash scripts/build-wasm.sh
say "Lenalyze: http://127.0.0.1:$port/  (press \"Try the demo data\"; Ctrl-C stops)"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory www
