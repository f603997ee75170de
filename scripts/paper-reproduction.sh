#!/usr/bin/env bash
# Writes docs/paper-reproduction.md: the audit of the seed paper's printed
# figures (examples/paper-claims.csv) against the demo data. Never edit that
# document by hand; tests/suite/audit.rs checks that it is current.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet --bin lenalyze -- analyze www/demo/lenalyze-demo.csv \
    --claims examples/paper-claims.csv \
    --audit-markdown docs/paper-reproduction.md -o /dev/null
echo "wrote docs/paper-reproduction.md"
