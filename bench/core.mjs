// @ts-check
// The core alone in wasm (issue 9, item 7: 31 patients in ≤ 20 ms): the
// shipped build the page would load for these files (the CSV build, or the
// full build for a workbook) analyses them together RUNS times in Node's V8
// (the engine of Chromium); prints one JSON line with the first, the
// fastest and the median time.
//
//   node bench/core.mjs [--runs 30] FILE...

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
let runs = 30;
if (args[0] === '--runs') {
  runs = Number(args[1]);
  args.splice(0, 2);
}
if (args.length === 0) {
  console.error('usage: node bench/core.mjs [--runs N] FILE...');
  process.exit(2);
}
const files = args.map((f) => ({ name: path.basename(f), bytes: new Uint8Array(fs.readFileSync(f)) }));
const workbook = files.some((f) => /\.(xlsx|xls|ods)$/i.test(f.name));
const which = workbook ? 'full' : 'csv';
const mod = await import(path.join(root, `www/pkg/lenalyze_${which}.js`));
mod.initSync({ module: fs.readFileSync(path.join(root, `www/pkg/lenalyze_${which}_bg.wasm`)) });

const ms = [];
let report = '';
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  report = mod.analyze(files, undefined, 'en').report;
  ms.push(performance.now() - t0);
}
const first = ms[0];
ms.sort((a, b) => a - b);
const r = JSON.parse(report);
console.log(JSON.stringify({
  tool: 'lenalyze-wasm', case: 'core', build: which, files: files.map((f) => f.name),
  patients: r.analysis?.population_flow?.screened ?? null, runs,
  first_ms: +first.toFixed(1), min_ms: +ms[0].toFixed(1), median_ms: +ms[Math.floor(runs / 2)].toFixed(1),
}));
