#!/usr/bin/env bash
# Generates www/types/report.d.ts and www/types/presentation.d.ts from the
# JSON Schemas the core publishes (json-schema-to-typescript, pinned in
# package.json). Usage: scripts/gen-types.sh [--check]
# (--check fails when the checked-in declarations are not current.)
source "$(dirname "$0")/lib.sh"
node scripts/gen-types.mjs "$@"
