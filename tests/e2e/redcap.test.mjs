// @ts-check
// The page takes a REDCap export and its data dictionary dropped together
// (the page is generic: the core reads REDCap), and offers Lenalyze's REDCap
// data dictionary beside the CRF template.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { useSiteAndBrowser, openPage, foreignRequests, outDir, ROOT, WWW, upload } from './harness.mjs';

/** @type {Awaited<ReturnType<typeof import('./harness.mjs').serve>>} */
let site;
/** @type {import('playwright-core').Browser} */
let browser;

useSiteAndBrowser((s, b) => {
  site = s;
  browser = b;
});

const DEMO = path.join(ROOT, 'tests/data/redcap/demo');
const DICTIONARY = path.join(WWW, 'template/redcap-data-dictionary.csv');

test('a REDCap export with repeating instruments and its dictionary, dropped together, give the demo report', async () => {
  const { page, requests, errors, context } = await openPage(browser, site.url);
  await upload(page, [path.join(DEMO, 'repeating-raw.csv'), DICTIONARY]);
  assert.match(await page.locator('#status').innerText(), /Analyzed 31 patients/);
  const flow = await page.locator('#flow').innerText();
  for (const expected of ['31', '28', '19']) assert.match(flow, new RegExp(`\\b${expected}\\b`));
  const check = await page.locator('#data-check').innerText();
  assert.match(check, /REDCap data dictionary/);
  assert.deepEqual(foreignRequests(requests, site.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a problem in a REDCap export is shown with its event, instrument, instance and field', async () => {
  const { page, context } = await openPage(browser, site.url);
  const lines = fs.readFileSync(path.join(DEMO, 'longitudinal-raw.csv'), 'utf8').split('\n');
  const header = lines[0].split(',');
  const at = lines.findIndex((l) => l.startsWith('KR-01-005,treatment_arm_1,labs,2,'));
  const cells = lines[at].split(',');
  // Unquoted rows of a labs instance: no commas inside cells.
  cells[header.indexOf('lab_date')] = '31/31/2019';
  lines[at] = cells.join(',');
  const broken = path.join(outDir(), 'redcap-broken.csv');
  fs.writeFileSync(broken, lines.join('\n'));
  await upload(page, [broken, DICTIONARY]);
  const check = await page.locator('#data-check').innerText();
  assert.match(check, /event treatment_arm_1, instrument labs, instance 2, field lab_date/);
  assert.match(check, /KR-01-005/);
  await context.close();
});

test('the REDCap data dictionary is offered beside the template, in the page language', async () => {
  const { page, context } = await openPage(browser, site.url);
  const link = page.locator('a[data-template="redcap-data-dictionary.csv"]');
  assert.match((await link.getAttribute('href')) ?? '', /redcap-data-dictionary\.csv$/);
  const response = await page.request.get(new URL('./template/redcap-data-dictionary.csv', site.url).href);
  assert.equal(response.status(), 200);
  assert.match(await response.text(), /^\uFEFF?Variable \/ Field Name,Form Name,/);
  await context.close();
});
