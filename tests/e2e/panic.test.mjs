// @ts-check
// A panic in the core, in the page: the reader gets the panic hook's
// readable message (in the page's language), and the next analysis works.
//
// The shipped builds cannot panic on purpose. This test serves, in place of
// the CSV build, a build with the cargo feature `panic-trigger`
// (`bash scripts/build-wasm.sh --panic-trigger` writes it to target/e2e-pkg/), whose
// `analyze` panics on a file named `lenalyze-panic-trigger.csv`
// (src/wasm.rs). It also checks that neither shipped build contains that
// name, so no file or link can trigger it in the published page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { useSiteAndBrowser, openPage, ROOT, WWW, DEMO_CSV, foreignRequests } from './harness.mjs';

const TRIGGER = 'lenalyze-panic-trigger.csv';
const TEST_PKG = path.join(ROOT, 'target/e2e-pkg');

/** @type {Awaited<ReturnType<typeof import('./harness.mjs').serve>>} */
let site;
/** @type {import('playwright-core').Browser} */
let browser;

useSiteAndBrowser((s, b) => {
  site = s;
  browser = b;
}, {
  'pkg/lenalyze_csv.js': path.join(TEST_PKG, 'lenalyze_csv.js'),
  'pkg/lenalyze_csv_bg.wasm': path.join(TEST_PKG, 'lenalyze_csv_bg.wasm'),
});

test('the panic trigger is in the test build only, never in a shipped build', () => {
  const wasm = path.join(TEST_PKG, 'lenalyze_csv_bg.wasm');
  assert.ok(fs.existsSync(wasm), `${wasm} is missing: run bash scripts/build-wasm.sh --panic-trigger`);
  assert.ok(fs.readFileSync(wasm).includes(TRIGGER), 'the test build has the trigger');
  for (const build of ['lenalyze_csv_bg.wasm', 'lenalyze_full_bg.wasm']) {
    assert.ok(!fs.readFileSync(path.join(WWW, 'pkg', build)).includes(TRIGGER), `${build} has no trigger`);
  }
});

/**
 * Drops one file on the page through the file picker.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 * @param {Buffer} buffer
 */
async function choose(page, name, buffer) {
  await page.setInputFiles('#file-input', { name, mimeType: 'text/csv', buffer });
}

/** @param {import('playwright-core').Page} page */
const statusText = (page) => page.locator('#status').textContent();

test('a panic in the Worker reaches the reader as the readable message, and the next analysis works', async () => {
  const { page, context, requests, consoleLog } = await openPage(browser, site.url);
  // The page replaces its Worker after a panic (a wasm instance that
  // trapped mid-call is not trusted again): each panic starts a new one.
  let workers = 0;
  page.on('worker', () => { workers++; });
  const demo = fs.readFileSync(DEMO_CSV);
  // Twice: a second panic after a first is reported the same way, and the
  // analysis after each works (the Worker and its wasm are replaced).
  for (let round = 1; round <= 2; round++) {
    await choose(page, TRIGGER, demo);
    await page.waitForFunction(() => /internal error/.test(document.querySelector('#status')?.textContent ?? ''));
    const said = await statusText(page);
    assert.match(said ?? '', /^Lenalyze could not analyze these files: Lenalyze stopped on an internal error; please report it with the file that caused it\. \(panicked at src\/wasm\.rs:\d+:\d+:\na test build's panic trigger \(lenalyze-panic-trigger\.csv\)\)$/);
    assert.ok(await page.locator('#status.error').count(), 'shown as an error');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.busy), 'false');
    // The page starts the new Worker after reporting the error; Playwright
    // hears of it a moment later (a fresh CI clone missed it once).
    for (let waited = 0; workers < round && waited < 10_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(workers, round, 'a fresh Worker after the panic');

    await choose(page, 'lenalyze-demo.csv', demo);
    await page.waitForFunction(() => /Analyzed 31 patients/.test(document.querySelector('#status')?.textContent ?? ''));
    assert.equal(await page.locator('table[data-table="table2"] tbody td').nth(2).innerText(), '0.020', `round ${round}`);
  }
  // The hook wrote to the Worker's console: the page test sees Workers' consoles.
  assert.ok(consoleLog.some((m) => m.worker && m.type === 'error' && m.text.includes('panic trigger')), JSON.stringify(consoleLog));
  assert.deepEqual(foreignRequests(requests, site.origin), []);
  await context.close();
});

test('the panic message is in the page\'s language', async () => {
  const { page, context } = await openPage(browser, `${site.url}#lang=ko`);
  await choose(page, TRIGGER, fs.readFileSync(DEMO_CSV));
  await page.waitForFunction(() => /내부 오류/.test(document.querySelector('#status')?.textContent ?? ''));
  assert.match(await statusText(page) ?? '', /Lenalyze가 내부 오류로 멈췄습니다\. 이 오류를 일으킨 파일과 함께 알려 주십시오\. \(panicked at src\/wasm\.rs/);
  await context.close();
});
