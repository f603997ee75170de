// @ts-check
// End-to-end: pooling sites on the page. Two sites each analyze their own
// half of the demo, read the disclosure note and download their site
// summary; the coordinator drops both summaries and gets the pooled report,
// whose tables are those of the two halves analyzed together. A summary
// edited after export is refused with a message.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useSiteAndBrowser, openPage, foreignRequests, outDir, DEMO_CSV, upload, openJsonView, reportJsonText } from './harness.mjs';

/** @type {Awaited<ReturnType<typeof import('./harness.mjs').serve>>} */
let site;
/** @type {import('playwright-core').Browser} */
let browser;

useSiteAndBrowser((s, b) => {
  site = s;
  browser = b;
});

/** The demo's patients sheet cut into two sites' files (rows 1–15, 16–31). */
function halves() {
  const lines = fs.readFileSync(DEMO_CSV, 'utf8').trimEnd().split('\n');
  const [header, ...rows] = lines;
  const dir = outDir();
  return [rows.slice(0, 15), rows.slice(15)].map((part, i) => {
    const file = path.join(dir, `pool-site-${i + 1}.csv`);
    fs.writeFileSync(file, [header, ...part].join('\n') + '\n');
    return file;
  });
}

/**
 * Uploads files and waits for their report (the previous one stays shown
 * until the new one arrives).
 * @param {import('playwright-core').Page} page
 * @param {string[]} files
 */
async function uploadAndWait(page, files) {
  // Open, the raw JSON view is refilled with each new report.
  await openJsonView(page);
  const before = await page.locator('#json-view').textContent();
  await page.setInputFiles('#file-input', files);
  await page.waitForFunction((prev) => {
    const now = document.querySelector('#json-view')?.textContent;
    return Boolean(now) && now !== prev;
  }, before);
}

/**
 * Analyzes a site's file, exports its summary and returns the saved path.
 * @param {import('playwright-core').Page} page
 * @param {string} file
 * @param {string} label
 */
async function exportSummary(page, file, label) {
  await uploadAndWait(page, [file]);
  const panel = page.locator('#summary-panel');
  assert.equal(await panel.isHidden(), false, 'a site analysis offers the summary');
  if (!(await panel.evaluate((d) => /** @type {HTMLDetailsElement} */ (d).open))) await page.locator('#summary-panel summary').click();
  await page.fill('#site-label', label);
  await page.click('#summary-button');
  await page.waitForSelector('#summary-result:not([hidden])');
  const note = await page.locator('#summary-note').innerText();
  assert.match(note, /no patient rows, IDs or dates/);
  assert.match(note, /count\(s\) in this summary are below 5/);
  assert.match(note, /table1 › age › values › /, 'small cells are named by place');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#summary-download')]);
  const saved = path.join(outDir(), download.suggestedFilename());
  await download.saveAs(saved);
  return saved;
}

/**
 * The report JSON shown on the page.
 * @param {import('playwright-core').Page} page
 */
async function reportJson(page) {
  return JSON.parse(await reportJsonText(page));
}

test('two sites export summaries and the pooled report equals the two files analyzed together', async () => {
  const { page, requests, errors, context } = await openPage(browser, site.url);
  const [a, b] = halves();
  await upload(page, [DEMO_CSV]);
  const summaryA = await exportSummary(page, a, 'Site A');
  const summaryB = await exportSummary(page, b, 'Site B');
  assert.equal(path.basename(summaryA), 'Site_A.site-summary.json');
  const text = fs.readFileSync(summaryA, 'utf8');
  assert.match(text, /"format": "lenalyze-site-summary"/);
  assert.doesNotMatch(text, /KR-\d\d-\d{3}/, 'no patient ID');
  assert.doesNotMatch(text, /\b20\d\d-\d\d-\d\d\b/, 'no date');

  await uploadAndWait(page, [a, b]);
  const direct = await reportJson(page);
  await uploadAndWait(page, [summaryA, summaryB]);
  const pooled = await reportJson(page);
  assert.equal(pooled.status, 'ok');
  for (const part of ['table1', 'efficacy', 'table2', 'dose_modification', 'table3', 'hemoglobin', 'discontinuation', 'survival', 'prior_esa']) {
    assert.deepEqual(pooled.analysis[part], direct.analysis[part], part);
  }
  assert.equal(pooled.analysis.population_flow.pooled.excluded, direct.analysis.population_flow.excluded_patients);
  const flow = await page.locator('#flow').innerText();
  assert.match(flow, /Population flow by site \(2 sites\)/);
  assert.match(flow, /Site A/);
  assert.match(flow, /not available when pooling/);
  assert.equal(await page.locator('#summary-panel').isHidden(), true, 'a pooled report is not summarized again');

  // A summary edited after export is refused, naming why.
  const tampered = path.join(outDir(), 'pool-tampered.json');
  fs.writeFileSync(tampered, text.replace(/"screened": (\d+)/, (_, n) => `"screened": ${Number(n) + 1}`));
  await uploadAndWait(page, [tampered, summaryB]);
  const refused = await reportJson(page);
  assert.equal(refused.status, 'errors');
  assert.equal(refused.diagnostics[0].code, 'pool-checksum');
  assert.match(await page.locator('#report-body').innerText(), /checksum does not match/);

  // In Korean, the pooled report's words are Korean.
  await uploadAndWait(page, [summaryA, summaryB]);
  await page.click('#lang-switch button[data-lang="ko"]');
  await page.waitForFunction(() => /기관별 환자 흐름/.test(document.querySelector('#flow')?.textContent ?? ''));
  assert.deepEqual(foreignRequests(requests, site.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});
