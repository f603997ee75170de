// @ts-check
// The wasm modules as shipped (both builds, as the page's Worker runs them)
// and the native CLI give byte-identical reports and presentations for every
// test input (demo, variants, broken files) and for generated cohorts; the
// bindings take settings and languages as the page passes them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, CLI } from './harness.mjs';
import { chooseBuild } from '../../www/builds.js';

/** @param {string} which */
async function core(which) {
  const mod = await import(path.join(ROOT, `www/pkg/lenalyze_${which}.js`));
  mod.initSync({ module: fs.readFileSync(path.join(ROOT, `www/pkg/lenalyze_${which}_bg.wasm`)) });
  return mod;
}

/** @param {string} dir */
function inputs(dir) {
  return fs.readdirSync(path.join(ROOT, dir))
    .filter((f) => /\.(csv|tsv|xlsx|xls|ods)$/.test(f))
    .map((f) => path.join(ROOT, dir, f));
}

test('wasm and CLI reports and presentations are byte-identical for every test input', async () => {
  const full = await core('full');
  const csvOnly = await core('csv');
  const cli = CLI;
  const files = [...inputs('www/demo'), ...inputs('tests/data'), ...inputs('tests/data/bad')];
  assert.ok(files.length >= 20, `only ${files.length} inputs`);
  /** @type {string[]} */
  const legacy = [];
  for (const file of files) {
    const name = path.basename(file);
    const bytes = new Uint8Array(fs.readFileSync(file));
    const wasm = full.analyze([{ name, bytes }], undefined, 'en');
    const presentationFile = path.join(os.tmpdir(), `lenalyze-parity-presentation-${process.pid}.json`);
    let cliJson;
    try {
      cliJson = execFileSync(cli, ['analyze', file, '--lang', 'en', '--presentation', presentationFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch (error) {
      // Exit code 1: the file has errors; the report is still on stdout.
      cliJson = /** @type {any} */ (error).stdout;
    }
    const cliPresentation = fs.readFileSync(presentationFile, 'utf8');
    fs.rmSync(presentationFile);
    assert.equal(wasm.report, cliJson, name);
    assert.equal(wasm.presentation, cliPresentation, `${name} (presentation)`);
    // The build the page's Worker would choose (www/builds.js): the CSV
    // build, or the full one for a workbook or text in another encoding.
    const { build, stage } = await chooseBuild([{ name, bytes }], undefined, async () => csvOnly);
    if (build === 'csv') {
      const csv = csvOnly.analyze([{ name, bytes }], undefined, 'en');
      assert.equal(csv.report, cliJson, `${name} (CSV-only build)`);
      assert.equal(csv.presentation, cliPresentation, `${name} (CSV-only build, presentation)`);
    } else if (stage === 'loading-encodings') {
      legacy.push(name);
      // Called directly, the CSV build says what it cannot read.
      const csv = JSON.parse(csvOnly.analyze([{ name, bytes }], undefined, 'en').report);
      assert.deepEqual(csv.diagnostics.map((/** @type {any} */ d) => [d.code, d.location.file]), [['encoding-unsupported', name]], name);
    } else {
      assert.match(name, /\.(xlsx|xls|ods)$/);
    }
  }
  // The files in another encoding than UTF-8/UTF-16: a Korean hospital's
  // CP949 export, and binary junk (no encoding reads it as a table).
  assert.deepEqual(legacy.sort(), ['binary-junk.csv', 'demo-cp949-semicolon.csv']);
});

test('the Worker sends text in a legacy encoding to the full build, UTF-8 and UTF-16 to the CSV build', async () => {
  const csvOnly = await core('csv');
  const csvBuild = async () => csvOnly;
  const file = (/** @type {string} */ f) => ({ name: f, bytes: new Uint8Array(fs.readFileSync(path.join(ROOT, f))) });
  const utf8 = file('www/demo/lenalyze-demo.csv');
  const utf16 = file('tests/data/demo-utf16.csv');
  const cp949 = file('tests/data/demo-cp949-semicolon.csv');
  const xlsx = file('www/demo/lenalyze-demo.xlsx');
  assert.deepEqual(await chooseBuild([utf8, utf16], undefined, csvBuild), { build: 'csv', stage: 'loading' });
  assert.deepEqual(await chooseBuild([utf8, cp949], undefined, csvBuild), { build: 'full', stage: 'loading-encodings' });
  assert.deepEqual(await chooseBuild([utf8, xlsx], undefined, csvBuild), { build: 'full', stage: 'loading-workbook' });
  // A claims file in CP949 too.
  assert.deepEqual(await chooseBuild([utf8], { ...cp949, name: 'claims.csv' }, csvBuild), { build: 'full', stage: 'loading-encodings' });
  // UTF-16 without a BOM, and a UTF-8 file whose last character is cut.
  const nobom = new Uint8Array(new Uint16Array([...'patient_id,site\n'].map((c) => c.charCodeAt(0))).buffer);
  assert.equal(csvOnly.reads_text_encoding(nobom), true);
  const cut = new TextEncoder().encode('patient_id,site\n1,서울');
  assert.equal(csvOnly.reads_text_encoding(cut.subarray(0, cut.length - 1)), false);
  // The full build reads every encoding.
  const full = await core('full');
  assert.equal(full.reads_text_encoding(cp949.bytes), true);
});

/** @param {string} p @param {any} obj */
function at(obj, p) {
  return p.split('.').reduce((o, k) => o[k], obj);
}

/** @param {string} p @param {any} value */
function nested(p, value) {
  /** @type {any} */
  const out = {};
  const keys = p.split('.');
  let o = out;
  for (const k of keys.slice(0, -1)) o = o[k] = {};
  o[keys[keys.length - 1]] = value;
  return out;
}

// Native = wasm on generated inputs: `properties::golden_set_is_current`
// (tests/suite/properties.rs) writes three generated cohorts with the report
// the native build made of each; both shipped builds must give that report.
test('both wasm builds give the native report of every generated cohort', async () => {
  const dir = path.join(ROOT, 'tests/data/generated');
  const cohorts = fs.readdirSync(dir).filter((f) => /^cohort-\d+\.csv$/.test(f));
  assert.ok(cohorts.length >= 3, `only ${cohorts.length} generated cohorts`);
  for (const which of ['full', 'csv']) {
    const mod = await core(which);
    for (const name of cohorts) {
      const bytes = new Uint8Array(fs.readFileSync(path.join(dir, name)));
      const native = fs.readFileSync(path.join(dir, name.replace(/\.csv$/, '.report.json')), 'utf8');
      assert.equal(mod.analyze([{ name, bytes }], undefined, 'en').report, native, `${name} (${which})`);
    }
  }
});

test('the bindings take settings and languages as the page passes them', async () => {
  const mod = await core('full');
  const name = 'lenalyze-demo.csv';
  const bytes = new Uint8Array(fs.readFileSync(path.join(ROOT, 'www/demo', name)));
  const files = [{ name, bytes }];
  // An unknown language falls back to English.
  assert.equal(mod.analyze(files, undefined, 'xx').presentation, mod.analyze(files, undefined, 'en').presentation);
  // A setting arrives in the report's provenance.
  const off = JSON.parse(mod.analyze(files, { apply_eligibility: false }, 'en').report);
  assert.equal(off.provenance.settings.apply_eligibility, false);
  // What `settings_info` tells the page's form is what `analyze` accepts:
  // every default inside its range, and a value past a range's end refused
  // with an error that names the setting.
  const info = JSON.parse(mod.settings_info());
  assert.ok(info.ranges.length >= 10, `only ${info.ranges.length} ranges`);
  for (const r of info.ranges) {
    const d = at(info.defaults, r.path);
    assert.ok(d >= r.min && d <= r.max, `${r.path}: default ${d} outside [${r.min}, ${r.max}]`);
    assert.doesNotThrow(() => mod.analyze(files, nested(r.path, r.max), 'en'), r.path);
    assert.throws(() => mod.analyze(files, nested(r.path, r.max + 1), 'en'), (e) => String(e).includes(r.path.split('.').pop() ?? ''), r.path);
  }
  // What is not a list of files is an error, not a crash.
  assert.throws(() => mod.analyze(['nope'], undefined, 'en'));
  assert.equal(mod.settings_info(), (await core('csv')).settings_info());
});
