#!/usr/bin/env bash
# The benchmark of BENCHMARKS.md (not part of the test command): builds,
# makes the synthetic cohorts, runs Lenalyze natively and in headless
# Chromium and the peers on the same files in the same run (pandas and
# DuckDB natively, DuckDB-Wasm in the same Chromium), and prints ratios, the
# cost-vs-size curve and the payload per file.
#
#   bash scripts/bench.sh [--sizes "100 1000 10000 100000 1000000"]
#                         [--browser-sizes "100 1000 10000 100000"]
#                         [--runs 3] [--out bench/out]
#
# Run it on a quiet machine, under `nice -n 19` when others share it.
# Results: OUT/results.jsonl (one JSON line per measurement) and the summary
# on standard output (also OUT/summary.txt).
source "$(dirname "$0")/lib.sh"

sizes="100 1000 10000 100000 1000000"
browser_sizes="100 1000 10000 100000"
runs=3
out="bench/out"
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --browser-sizes) browser_sizes="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
results="$out/results.jsonl"
: > "$results"

say "Build: the CLI (release: opt-level 3, lto) and the page's wasm (profile wasm)"
cargo build --quiet --release --bin lenalyze
bash scripts/build-wasm.sh
lenalyze="target/release/lenalyze"

say "Peers: pandas and DuckDB in bench/.venv, DuckDB-Wasm in bench/node_modules"
if [ ! -x bench/.venv/bin/python ] || ! bench/.venv/bin/python -c 'import pandas, duckdb' 2>/dev/null; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install --quiet -r bench/requirements.txt
fi
if [ ! -f bench/node_modules/@duckdb/duckdb-wasm/dist/duckdb-eh.wasm ]; then
  (cd bench && npm ci --no-audit --no-fund --silent)
fi
[ -e node_modules ] || bash scripts/setup.sh --test-tools

say "Cohorts: lenalyze synth N --seed 1"
for n in $sizes; do
  file="$out/cohort-$n.csv"
  [ -s "$file" ] || "$lenalyze" synth "$n" --seed 1 -o "$file" > /dev/null
done

# Runs a command `runs` times (once for a million patients) and records the
# median wall time and the largest peak RSS as one JSON line.
measure() {
  local tool="$1" n="$2"; shift 2
  local file="$out/cohort-$n.csv" times=() peak=0 k=$runs
  [ "$n" -ge 1000000 ] && k=1
  for _ in $(seq "$k"); do
    /usr/bin/time -f '%e %M' -o "$out/time.txt" "$@" > "$out/stdout.txt" 2> /dev/null || true
    read -r seconds kb < <(tail -1 "$out/time.txt")
    times+=("$seconds")
    [ "$kb" -gt "$peak" ] && peak="$kb"
  done
  local median
  median="$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
  local extra="{}"
  if head -c1 "$out/stdout.txt" | grep -q '{'; then extra="$(head -1 "$out/stdout.txt")"; fi
  python3 - "$tool" "$n" "$(stat -c %s "$file")" "$median" "$peak" "$extra" >> "$results" <<'EOF'
import json, sys
tool, n, size, seconds, kb, extra = sys.argv[1:]
row = {"tool": tool, "case": "native", "patients": int(n), "bytes": int(size),
       "seconds": float(seconds), "peak_mb": round(int(kb) / 1024)}
try:
    row["result"] = {k: v for k, v in json.loads(extra).items() if k not in ("tool", "seconds")}
except ValueError:
    pass
print(json.dumps(row))
EOF
  tail -1 "$results" >&2
}

say "Native: Lenalyze's whole plan, pandas, DuckDB (1 thread)"
for n in $sizes; do
  file="$out/cohort-$n.csv"
  measure lenalyze "$n" "$lenalyze" analyze "$file" -o "$out/report-$n.json"
  measure pandas "$n" bench/.venv/bin/python bench/peers.py pandas "$file"
  measure duckdb "$n" bench/.venv/bin/python bench/peers.py duckdb "$file"
done
# Lenalyze's own figures for the same file, to check the peers agree.
python3 - "$out" $sizes >> "$results" <<'EOF'
import json, sys
out, sizes = sys.argv[1], sys.argv[2:]
for n in sizes:
    try:
        r = json.load(open(f"{out}/report-{n}.json"))
    except (OSError, ValueError):
        continue
    a = r.get("analysis") or {}
    ti = a.get("efficacy", {}).get("rbc_ti", {}).get("count", {})
    print(json.dumps({"tool": "lenalyze", "case": "figures", "patients": int(n),
                      "rbc_ti": [ti.get("n"), ti.get("denominator")],
                      "screened": a.get("population_flow", {}).get("screened")}))
EOF

say "Browser: Lenalyze's page and DuckDB-Wasm in headless Chromium"
browser_files=()
for n in $browser_sizes; do browser_files+=("$out/cohort-$n.csv"); done
node bench/browser.mjs --timeout-s 300 "${browser_files[@]}" | tee -a "$results" >&2
node bench/duckdb-wasm.mjs "${browser_files[@]}" 2> /dev/null | tee -a "$results" >&2

say "The core alone in wasm: the demo's 31 patients (its four CSV files), 30 runs"
node bench/core.mjs --runs 30 www/demo/lenalyze-demo*.csv | tee -a "$results" >&2

say "XLSX in wasm: the full build on the same cohorts as workbooks (10^4 patients and up)"
xlsx_pairs=()
for n in $browser_sizes; do
  [ "$n" -ge 10000 ] || continue
  file="$out/cohort-$n.xlsx"
  [ -s "$file" ] || "$lenalyze" synth "$n" --seed 1 --format xlsx -o "$file" > /dev/null
  xlsx_pairs+=("$out/cohort-$n.csv" "$file")
done
if [ "${#xlsx_pairs[@]}" -gt 0 ]; then
  node bench/xlsx.mjs --runs "$runs" "${xlsx_pairs[@]}" | tee -a "$results" >&2
fi

say "Summary"
python3 bench/summarize.py "$results" | tee "$out/summary.txt"
