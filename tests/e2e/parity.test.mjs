// @ts-check
// The wasm module (as the page's Worker runs it) and the native CLI give
// byte-identical reports and presentations for every test input: demo,
// variants, broken files.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, CLI } from './harness.mjs';

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
    if (!/\.(xlsx|xls|ods)$/.test(name)) {
      const csv = csvOnly.analyze([{ name, bytes }], undefined, 'en');
      assert.equal(csv.report, cliJson, `${name} (CSV-only build)`);
      assert.equal(csv.presentation, cliPresentation, `${name} (CSV-only build, presentation)`);
    }
  }
});
