// @ts-check
// End-to-end: "Check a published table" — the reader analyzes the demo,
// chooses the seed paper's claims file, and sees the audit section the core
// laid out (the same verdicts as the CLI's docs/paper-reproduction.md).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { useSiteAndBrowser, openPage, foreignRequests, ROOT, DEMO_CSV, upload } from './harness.mjs';

/** @type {Awaited<ReturnType<typeof import('./harness.mjs').serve>>} */
let site;
/** @type {import('playwright-core').Browser} */
let browser;

useSiteAndBrowser((s, b) => {
  site = s;
  browser = b;
});

const CLAIMS = path.join(ROOT, 'examples/paper-claims.csv');

test('uploading the paper claims shows the audit of the published tables', async () => {
  const { page, requests, errors, context } = await openPage(browser, site.url);
  await upload(page, [DEMO_CSV]);
  assert.equal(await page.locator('#audit').count(), 0, 'no audit before a claims file');
  await page.locator('#claims-panel summary').click();
  await page.setInputFiles('#claims-input', [CLAIMS]);
  await page.waitForSelector('#audit table');
  // The audit is a long listing: unfold it.
  for (const more of await page.locator('#audit button.show-all').all()) await more.click();
  const audit = await page.locator('#audit').innerText();
  assert.match(audit, /Check of a published table/);
  // Thrombocytopenia 0.038: no test on the printed counts gives it.
  assert.match(audit, /table2 · thrombocytopenia · p\s+0\.038\s+0\.214\s+not consistent\s+No test on the same data reproduces it/);
  // Age 0.086 is the one-sided Fisher p-value.
  assert.match(audit, /table2 · age · p\s+0\.086\s+0\.114\s+not consistent\s+Reproduced by Fisher one-sided \(greater\) 0\.086/);
  assert.match(audit, /Impossible pair: r = 0\.325 at n = 19 gives P = 0\.175/);
  assert.match(audit, /No count of 31 gives the printed percentage/);
  assert.match(audit, /14 not consistent/);
  // The claims file stays: a new language re-runs the analysis with it.
  await page.click('#lang-switch button[data-lang="ko"]');
  await page.waitForFunction(() => document.querySelector('#audit-title')?.textContent === '출판된 표의 검증');
  assert.match(await page.locator('#audit').innerText(), /불일치/);
  assert.deepEqual(foreignRequests(requests, site.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});
