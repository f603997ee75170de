"""Summarizes scripts/bench.sh's results.jsonl: native and browser times and
peak memory per cohort size, Lenalyze's ratio to each peer, the cost-vs-size
curve (seconds and MB per MB of input, and the log-log slope: 1.0 is
linear), and the page's payload.

    python3 bench/summarize.py bench/out/results.jsonl
"""

import json
import math
import sys


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip().startswith("{")]


def slope(points):
    """Least-squares slope of log(y) on log(x)."""
    pts = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len(pts) < 2:
        return float("nan")
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    sxx = sum((p[0] - mx) ** 2 for p in pts)
    return sum((p[0] - mx) * (p[1] - my) for p in pts) / sxx if sxx else float("nan")


def main():
    rows = load(sys.argv[1])
    native = {}
    for r in rows:
        if r.get("case") == "native":
            native[(r["tool"], r["patients"])] = r
    sizes = sorted({n for _, n in native})
    tools = ["lenalyze", "pandas", "duckdb"]

    print("Native (median wall s / peak RSS MB; Lenalyze: whole plan + report JSON;")
    print("peers: read + toxicity table + RBC-TI rate; DuckDB 1 thread)")
    print(f"{'patients':>9} {'MB':>7} " + " ".join(f"{t:>17}" for t in tools)
          + f" {'x pandas':>9} {'x duckdb':>9} {'peak/file':>9}")
    for n in sizes:
        mb = next(native[(t, n)]["bytes"] for t in tools if (t, n) in native) / 1e6
        cells = []
        for t in tools:
            r = native.get((t, n))
            cells.append(f"{r['seconds']:8.3f} s {r['peak_mb']:5d} MB" if r else f"{'-':>17}")
        le = native.get(("lenalyze", n))
        ratios = []
        for peer in ("pandas", "duckdb"):
            p = native.get((peer, n))
            ratios.append(f"{le['seconds'] / p['seconds']:9.2f}" if le and p and p["seconds"] else f"{'-':>9}")
        peak = f"{le['peak_mb'] / mb:9.1f}" if le and mb else f"{'-':>9}"
        print(f"{n:>9} {mb:7.1f} " + " ".join(cells) + " " + " ".join(ratios) + " " + peak)

    print("\nCost vs size (seconds per input MB; slope of log time on log size from 10^4 up, 1.0 = linear)")
    for t in tools:
        per_mb = []
        pts_t, pts_m = [], []
        for n in sizes:
            r = native.get((t, n))
            if not r:
                continue
            mb = r["bytes"] / 1e6
            per_mb.append(f"{n}: {r['seconds'] / mb:.4f}")
            if n >= 10_000:
                pts_t.append((mb, r["seconds"]))
                pts_m.append((mb, r["peak_mb"]))
        print(f"  {t:9} {', '.join(per_mb)}; slope time {slope(pts_t):.2f}, memory {slope(pts_m):.2f}")

    figures = [r for r in rows if r.get("case") == "figures"]
    if figures:
        print("\nAgreement (the peers' naive RBC-TI rate over every patient vs Lenalyze's, eligible evaluable)")
        for f in figures:
            n = f["patients"]
            peers = {t: native.get((t, n), {}).get("result", {}).get("rbc_ti_rate") for t in ("pandas", "duckdb")}
            le = f["rbc_ti"]
            rate = le[0] / le[1] if le and le[0] is not None and le[1] else float("nan")
            print(f"  {n:>9}: Lenalyze {le[0]}/{le[1]} = {rate:.4f}; pandas {peers['pandas']}, duckdb {peers['duckdb']}")

    browser = [r for r in rows if r.get("case") == "file"]
    if browser:
        print("\nBrowser, headless Chromium (drop -> rendered report / DuckDB-Wasm result; ms; renderer peak MB)")
        by_file = {}
        for r in browser:
            by_file.setdefault(r["file"], {})[r["tool"]] = r
        print(f"{'file':>20} {'MB':>6} {'Lenalyze first':>15} {'again':>7} {'peak':>6}"
              f" {'DuckDB-Wasm first':>18} {'again':>7} {'peak':>6} {'x first':>8}")
        for name, d in sorted(by_file.items(), key=lambda kv: next(iter(kv[1].values()))["bytes"]):
            le, dk = d.get("lenalyze-page", {}), d.get("duckdb-wasm", {})
            mb = next(iter(d.values()))["bytes"] / 1e6

            def cell(r, key, width):
                if "error" in r:
                    return f"{'failed':>{width}}"
                v = r.get(key)
                return f"{v:>{width}}" if v is not None else f"{'-':>{width}}"

            ratio = (f"{le['first_ms'] / dk['first_ms']:8.2f}"
                     if le.get("first_ms") and dk.get("first_ms") else f"{'-':>8}")
            print(f"{name:>20} {mb:6.1f} {cell(le, 'first_ms', 15)} {cell(le, 'again_ms', 7)} "
                  f"{cell(le, 'renderer_peak_mb', 6)} {cell(dk, 'first_ms', 18)} {cell(dk, 'again_ms', 7)} "
                  f"{cell(dk, 'renderer_peak_mb', 6)} {ratio}")
            for r in (le, dk):
                if "error" in r:
                    print(f"{'':>20} {r['tool']}: {r['error'][:150]}")

    ready = [r for r in rows if r.get("case") in ("ready", "after-idle")]
    if ready:
        print("\nPage ready and payload (gzip -9 of the files fetched)")
        for r in ready:
            if r["case"] == "ready":
                print(f"  {r['tool']:14} ready {r['ready_ms']} ms; first visit {r['first_visit_bytes'] / 1e3:.0f} KB,"
                      f" gzip {r['first_visit_gzip'] / 1e3:.0f} KB")
                for f in r.get("files", []):
                    print(f"      {f['url']:45} {f['bytes'] / 1e3:8.1f} KB  gzip {f['gzip'] / 1e3:7.1f} KB")
            else:
                print(f"  {r['tool']:14} after idle: {r['bytes'] / 1e3:.0f} KB fetched in all, gzip {r['gzip'] / 1e3:.0f} KB")

    core = [r for r in rows if r.get("case") == "core"]
    if core:
        print("\nThe core alone in wasm (Node's V8; the build the page would load)")
        for r in core:
            print(f"  {r['patients']} patients ({len(r['files'])} files, {r['build']} build): first {r['first_ms']} ms"
                  f" (V8 compiles on first use), then min {r['min_ms']} ms, median {r['median_ms']} ms of {r['runs']}")

    xlsx = [r for r in rows if r.get("case") == "xlsx"]
    if xlsx:
        print("\nXLSX in wasm (full build, Node's V8; best run; read = XLSX time minus the same cohort's CSV time)")
        for r in xlsx:
            rate = r["cells_per_second_read"]
            read = f"{rate / 1e6:.2f} M cells/s read" if rate else "read cost hidden by noise"
            print(f"  {r['patients']:>9} patients, {r['cells']:>10,} cells, {r['xlsx_bytes'] / 1e6:.1f} MB:"
                  f" XLSX {r['xlsx_seconds']:.2f} s, CSV {r['csv_seconds']:.2f} s; {read},"
                  f" {r['cells_per_second_whole'] / 1e6:.2f} M cells/s whole analysis")

if __name__ == "__main__":
    main()
