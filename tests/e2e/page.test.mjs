// @ts-check
// End-to-end: the page in headless Chromium, as a user drives it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { useSiteAndBrowser, openPage, foreignRequests, outDir, ROOT, WWW, DEMO_CSV, upload, reportJsonText, CLI } from './harness.mjs';

/** @type {Awaited<ReturnType<typeof import('./harness.mjs').serve>>} */
let site;
/** @type {import('playwright-core').Browser} */
let browser;

useSiteAndBrowser((s, b) => {
  site = s;
  browser = b;
});


test('uploading the demo CSV shows the population flow, requests nothing foreign', async () => {
  const { page, requests, errors, context } = await openPage(browser, site.url);
  await upload(page, [DEMO_CSV]);
  const flow = await page.locator('#flow').innerText();
  for (const expected of ['31', '28', '19']) assert.match(flow, new RegExp(`\\b${expected}\\b`));
  const status = await page.locator('#status').innerText();
  assert.match(status, /Analyzed 31 patients/);
  await page.screenshot({ path: path.join(outDir(), 'upload-demo-csv.png'), fullPage: true });
  assert.deepEqual(foreignRequests(requests, site.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the demo button analyzes the demo data', async () => {
  const { page, requests, context } = await openPage(browser, site.url);
  await page.click('#demo-button');
  await page.waitForSelector('#flow');
  assert.match(await page.locator('#flow').innerText(), /Responders \(RBC-TI\)/);
  // The wide CRF and its three logs, as one analysis.
  const files = await page.locator('#report-files').innerText();
  for (const name of ['lenalyze-demo.csv', 'lenalyze-demo-transfusions.csv', 'lenalyze-demo-dosing.csv', 'lenalyze-demo-labs.csv']) {
    assert.ok(files.includes(name), `${name} in ${files}`);
  }
  assert.deepEqual(foreignRequests(requests, site.origin), []);
  await context.close();
});

test('the drop zone is keyboard-operable', async () => {
  const { page, context } = await openPage(browser, site.url);
  const chooser = page.waitForEvent('filechooser');
  await page.locator('#dropzone').press('Enter');
  const fc = await chooser;
  await fc.setFiles([DEMO_CSV]);
  await page.waitForSelector('#flow');
  await context.close();
});

test('the XLSX demo loads the workbook build and gives the same flow', async () => {
  const { page, requests, context } = await openPage(browser, site.url);
  await upload(page, [path.join(WWW, 'demo/lenalyze-demo.xlsx')]);
  assert.ok(requests.some((u) => u.endsWith('lenalyze_full_bg.wasm')), 'the full build was fetched');
  assert.match(await page.locator('#status').innerText(), /Analyzed 31 patients/);
  await context.close();
});

test('the CLI writes byte-identical JSON to the page for the same file', async () => {
  const { page, context } = await openPage(browser, site.url);
  await upload(page, [DEMO_CSV]);
  // The raw JSON view is laid out when opened, not with every analysis.
  assert.equal(await page.locator('#json-view').textContent(), '');
  const pageJson = await reportJsonText(page);
  const cli = CLI;
  const cliJson = execFileSync(cli, ['analyze', DEMO_CSV], { encoding: 'utf8' });
  assert.equal(pageJson, cliJson);
  // As text, never markup; closed, it is emptied again.
  assert.equal(await page.locator('#json-view').evaluate((e) => e.childElementCount), 0);
  await page.locator('#raw-json > summary').click();
  await page.waitForFunction(() => document.querySelector('#json-view')?.textContent === '');
  await context.close();
});

test('a broken file shows located diagnostics in words', async () => {
  const { page, context } = await openPage(browser, site.url);
  const broken = path.join(outDir(), 'broken.csv');
  const csv = fs.readFileSync(DEMO_CSV, 'utf8').split('\n');
  const header = csv[0].split(',');
  const sexCol = header.indexOf('sex');
  const rows = csv.map((line, i) => (i === 0 ? line.replace('sex', 'gendre') : line));
  void sexCol;
  fs.writeFileSync(broken, rows.join('\n'));
  await upload(page, [broken]);
  const check = await page.locator('#data-check').innerText();
  assert.match(check, /required column "sex" is missing/);
  assert.match(check, /gendre/);
  assert.match(await page.locator('#status').innerText(), /need fixing/);
  await context.close();
});
