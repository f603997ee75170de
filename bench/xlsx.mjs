// @ts-check
// XLSX throughput in wasm (issue 9, item 8): the shipped full build (the
// one the page's Worker loads for workbooks) analyses the same synthetic
// cohort as an XLSX workbook and as a CSV file, in Node's V8 (the engine
// of Chromium), best of RUNS each. The workbook's read cost is the XLSX
// time minus the CSV time (the analysis after ingest is the same), so
//
//   cells/s (read)  = cells / (xlsx − csv)   the workbook reader's rate,
//                                              CSV reading not subtracted
//   cells/s (whole) = cells / xlsx           a floor: the whole analysis
//
// Prints one JSON line per cohort (scripts/bench.sh adds them to
// results.jsonl).
//
//   node bench/xlsx.mjs [--runs 3] COHORT.csv COHORT.xlsx [...pairs]

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
let runs = 3;
if (args[0] === '--runs') {
  runs = Number(args[1]);
  args.splice(0, 2);
}
if (args.length === 0 || args.length % 2 !== 0) {
  console.error('usage: node bench/xlsx.mjs [--runs N] COHORT.csv COHORT.xlsx [...]');
  process.exit(2);
}

const mod = await import(path.join(root, 'www/pkg/lenalyze_full.js'));
mod.initSync({ module: fs.readFileSync(path.join(root, 'www/pkg/lenalyze_full_bg.wasm')) });

/** Best wall time of `runs` analyses of one file, and its report.
 * @param {string} file */
function best(file) {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const name = path.basename(file);
  let ms = Infinity;
  let report = '';
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    report = mod.analyze([{ name, bytes }], undefined, 'en').report;
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, bytes: bytes.length, report: JSON.parse(report) };
}

for (let i = 0; i < args.length; i += 2) {
  const csvFile = args[i];
  const text = fs.readFileSync(csvFile, 'utf8');
  // A synthetic cohort is rectangular (every row has the header's columns;
  // karyotypes hold quoted commas, so rows are not split) and has no line
  // breaks inside cells; the header row counts, the reader reads it too.
  const lines = text.split('\n').filter((l) => l.length > 0);
  const cells = lines.length * lines[0].split(',').length;
  const csv = best(csvFile);
  const xlsx = best(args[i + 1]);
  const screened = (/** @type {any} */ r) => r.analysis?.population_flow?.screened;
  if (screened(csv.report) !== screened(xlsx.report)) {
    console.error(`${args[i + 1]}: ${screened(xlsx.report)} screened, the CSV ${screened(csv.report)}`);
    process.exit(1);
  }
  console.log(JSON.stringify({
    tool: 'lenalyze-wasm', case: 'xlsx', patients: screened(xlsx.report), cells,
    xlsx_bytes: xlsx.bytes, xlsx_seconds: +(xlsx.ms / 1000).toFixed(3), csv_seconds: +(csv.ms / 1000).toFixed(3),
    // null when noise hides the difference (a busy machine).
    cells_per_second_read: xlsx.ms > csv.ms ? Math.round(cells / ((xlsx.ms - csv.ms) / 1000)) : null,
    cells_per_second_whole: Math.round(cells / (xlsx.ms / 1000)),
  }));
}
