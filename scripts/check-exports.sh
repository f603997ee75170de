#!/usr/bin/env bash
# Opens the XLSX and DOCX exports of the demo data in LibreOffice (headless),
# converts them to PDF and checks the text a reader would see. Part of
# scripts/test.sh; needs libreoffice-calc/writer and poppler-utils (setup.sh
# --test-tools installs them).
source "$(dirname "$0")/lib.sh"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
target/debug/lenalyze analyze www/demo/lenalyze-demo.csv -o "$out/report.json" \
  --xlsx "$out/tables.xlsx" --docx "$out/report.docx"
for f in tables.xlsx report.docx; do
  (cd "$out" && timeout 180 soffice --headless --norestore "-env:UserInstallation=file://$out/lo-profile" \
    --convert-to pdf "$f" >/dev/null 2>&1)
  [ -s "$out/${f%.*}.pdf" ] || { echo "FAIL: LibreOffice could not open $f" >&2; exit 1; }
done
fail=0
check() { # file, text
  local text
  text="$(pdftotext -layout "$out/$1" - | tr -s ' ')"
  if [[ "$text" != *"$2"* ]]; then echo "FAIL: $1 lacks \"$2\"" >&2; fail=1; fi
}
check tables.pdf "Responders (RBC-TI) 19"
check tables.pdf "Neutropenia 7"
check tables.pdf "Table 2. Evaluation of potential predictors for RBC-TI"
check report.pdf "Table 2. Evaluation of potential predictors for RBC-TI"
check report.pdf "RBC-TI (HI-E major) 19/28 (67.9%) 47.6–84.1"
check report.pdf "5 mg once every other day 6 (31.6) 2.5"
check report.pdf "Febrile neutropenia a) 28 – – 3"
[ "$fail" = 0 ] && echo "2 passed, 0 failed: exports open in LibreOffice" || exit 1
