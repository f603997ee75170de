// @ts-check
// End-to-end: the rendered report — journal tables with the paper's counts,
// settings, exports, safety against hostile cell text, privacy, offline,
// accessibility and screenshots.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { useSiteAndBrowser, openPage, foreignRequests, outDir, ROOT, WWW, DEMO_CSV, upload, openJsonView, reportJsonText, CLI } from './harness.mjs';

/** @type {Awaited<ReturnType<typeof import('./harness.mjs').serve>>} */
let site;
/** @type {import('playwright-core').Browser} */
let browser;

useSiteAndBrowser((s, b) => {
  site = s;
  browser = b;
});


/**
 * The rows of a table as whitespace-joined cell texts.
 * @param {import('playwright-core').Page} page
 * @param {string} id
 */
async function rowsOf(page, id) {
  return page.evaluate((tid) => Array.from(document.querySelectorAll(`table[data-table="${tid}"] tr`))
    .map((tr) => Array.from(tr.children).map((c) => (c.textContent ?? '').trim()).join(' ')), id);
}

/**
 * Clicks a button that downloads and returns the file's text.
 * @param {import('playwright-core').Page} page
 * @param {string} selector
 */
async function downloadText(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), text: fs.readFileSync(file, 'utf8'), bytes: fs.readFileSync(file) };
}

/**
 * The cells of a CSV line, keeping quoted fields (with their quotes) whole.
 * @param {string} line
 */
function splitCsvLine(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * A copy of the demo CSV with hostile text in some cells.
 */
function hostileCsv() {
  const lines = fs.readFileSync(DEMO_CSV, 'utf8').trimEnd().split('\n');
  const header = lines[0].split(',');
  const col = (/** @type {string} */ name) => header.indexOf(name);
  const cells = splitCsvLine;
  const row1 = cells(lines[1]);
  row1[col('patient_id')] = '"=HYPERLINK(""x"")"';
  row1[col('site')] = '"=HYPERLINK(""x"")"';
  row1[col('age')] = '15';
  const row2 = cells(lines[2]);
  row2[col('site')] = '"=HYPERLINK(""x"")"';
  row2[col('who_class')] = '<img src=x onerror=alert(1)>';
  lines[1] = row1.join(',');
  lines[2] = row2.join(',');
  const file = path.join(outDir(), 'hostile.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

test('every section renders for the demo CSV with the paper\'s counts', async () => {
  const { page, errors, requests, context } = await openPage(browser, site.url);
  await upload(page, [DEMO_CSV]);
  for (const id of ['data-check', 'flow', 'characteristics', 'efficacy', 'predictors', 'dose', 'final-dose', 'toxicity', 'hb', 'outcome', 'esa', 'derived']) {
    assert.ok(await page.locator(`section#${id}`).isVisible(), `section ${id} is shown`);
  }
  // Section order.
  const order = await page.evaluate(() => Array.from(document.querySelectorAll('section.section')).map((s) => s.id));
  assert.deepEqual(order, ['data-check', 'flow', 'characteristics', 'efficacy', 'predictors', 'dose', 'final-dose', 'toxicity', 'hb', 'outcome', 'esa', 'derived']);

  const t1 = await rowsOf(page, 'table1');
  assert.ok(t1.includes('Male 8 (25.8)') && t1.includes('Female 23 (74.2)'), t1.join('\n'));
  assert.ok(t1.includes('Median (range) 66 (46–83)'));
  assert.ok(t1.includes('Isolated del(5q) 28 (90.3)'));

  const eff = await rowsOf(page, 'efficacy-response');
  assert.ok(eff.includes('RBC-TI (HI-E major) 19/28 (67.9%) 47.6–84.1'), eff.join('\n'));
  const duration = await rowsOf(page, 'efficacy-duration');
  assert.ok(duration.some((r) => r.startsWith('Responders 19 24.7 ± 2.5')), duration.join('\n'));
  assert.ok(duration.some((r) => r.startsWith('Non-responders 9 9.1 ± 2.6')));

  const t2 = await rowsOf(page, 'table2');
  assert.ok(t2.includes('Sex Male 5 2 0.020 9.50 (1.09–135.41)'), t2.join('\n'));
  assert.ok(t2.includes('Female 4 17'));
  assert.ok(t2.some((r) => r.startsWith('Thrombocytopenia during treatment grade ≥ 3 1 7')));
  assert.ok(t2.includes('grade < 3 8 12'));
  assert.match(await page.locator('#predictors').innerText(), /P: Fisher's exact test, two-sided; evaluable population, N = 28/);

  const dm = await rowsOf(page, 'dose-modification');
  assert.ok(dm.some((r) => r.startsWith('Dose reduction 15/19 (78.9%) 3/9 (33.3%) 0.035')), dm.join('\n'));

  const t4 = await rowsOf(page, 'table4');
  assert.ok(t4.includes('5 mg once every other day 6 (31.6) 2.5'), t4.join('\n'));
  assert.ok(t4.includes('10 mg once daily for 3 wk, 1-wk rest 3 (15.8) 7.5'));

  const t3 = await rowsOf(page, 'table3');
  assert.ok(t3.includes('Neutropenia 7 1 1 13 9 0 24 (77.4) 22 (71.0)'), t3.join('\n'));
  assert.ok(t3.includes('Hematologic') && t3.includes('Non-hematologic'));
  assert.ok(t3.includes('Rash 22 5 0 4 0 0 9 (29.0) 4 (12.9)'));

  const hb = await rowsOf(page, 'hemoglobin');
  assert.ok(hb.some((r) => r.startsWith('Week 0 19 7.4 ± 0.2')), hb.join('\n'));
  const km = await rowsOf(page, 'survival');
  assert.ok(km.some((r) => r.startsWith('Time on treatment stop of lenalidomide 31 12 not reached')), km.join('\n'));
  const esa = await rowsOf(page, 'prior-esa');
  assert.ok(esa.some((r) => r.includes('12/31 (38.7%)')) && esa.some((r) => r.includes('4/12 (33.3%)')), esa.join('\n'));

  // Journal semantics: captions, column headers, row headers.
  const semantics = await page.evaluate(() => Array.from(document.querySelectorAll('table.journal')).map((t) => ({
    caption: !!t.querySelector('caption')?.textContent,
    colHeaders: t.querySelectorAll('thead th[scope="col"], thead th[scope="colgroup"]').length,
    rowHeaders: t.querySelectorAll('tbody th[scope="row"], tbody th[scope="rowgroup"]').length,
  })));
  assert.ok(semantics.length >= 15);
  for (const s of semantics) assert.ok(s.caption && s.colHeaders > 0 && s.rowHeaders > 0, JSON.stringify(s));

  // Figures: Fig. 1, toxicity, three Kaplan–Meier curves and the flow, each accessible.
  const figures = await page.evaluate(() => Array.from(document.querySelectorAll('svg.chart')).map((svg) => {
    const ids = (svg.getAttribute('aria-labelledby') ?? '').split(' ');
    return { id: svg.id, role: svg.getAttribute('role'), labelled: ids.every((i) => document.getElementById(i)?.textContent), title: !!svg.querySelector('title'), desc: !!svg.querySelector('desc') };
  }));
  assert.deepEqual(figures.map((f) => f.id).sort(), ['fig-flow-svg', 'fig-hb-svg', 'fig-km-aml-free-survival-svg', 'fig-km-overall-survival-svg', 'fig-km-time-on-treatment-svg', 'fig-toxicity-svg']);
  for (const f of figures) assert.ok(f.role === 'img' && f.labelled && f.title && f.desc, JSON.stringify(f));
  const hbText = await page.locator('#fig-hb-svg').textContent();
  assert.match(hbText ?? '', /Responders \(N = 19\)/);
  assert.match(hbText ?? '', /Non-responders \(N = 9\)/);

  assert.deepEqual(foreignRequests(requests, site.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a settings change re-runs the analysis and is kept in the URL hash', async () => {
  const { page, context } = await openPage(browser, site.url);
  await upload(page, [DEMO_CSV]);
  const sexP = () => page.locator('table[data-table="table2"] tbody').first().locator('td').nth(2).innerText();
  assert.equal(await sexP(), '0.020');
  await page.click('#settings-panel summary');
  // The form checks the core's ranges.
  const grade = page.locator('input[name="cut_points.thrombocytopenia_grade"]');
  assert.deepEqual([await grade.getAttribute('min'), await grade.getAttribute('max'), await grade.getAttribute('step')], ['1', '5', '1']);
  const level = page.locator('input[name="confidence_level"]');
  assert.equal(await level.inputValue(), '95');
  assert.deepEqual([await level.getAttribute('min'), await level.getAttribute('max')], ['50.00001', '99.99999']);
  await grade.fill('7');
  await page.waitForFunction(() => /Thrombocytopenia grade/.test(document.querySelector('#settings-note')?.textContent ?? ''));
  assert.equal(await grade.getAttribute('aria-invalid'), 'true');
  await grade.fill('3');
  await page.waitForFunction(() => (document.querySelector('#settings-note')?.textContent ?? '') === '');
  await page.selectOption('select[name="two_by_two_test"]', 'chi_square');
  await page.waitForFunction(() => document.querySelector('table[data-table="table2"] tbody td:nth-of-type(3)')?.textContent === '0.010');
  assert.match(await page.locator('#predictors').innerText(), /P: Pearson's chi-square; evaluable population/);
  const url = page.url();
  assert.match(url, /#settings=/);
  assert.deepEqual(JSON.parse(decodeURIComponent(url.split('#settings=')[1])), { two_by_two_test: 'chi_square' });

  // Eligibility off: the flow says so.
  await page.uncheck('input[name="apply_eligibility"]');
  await page.waitForFunction(() => /Eligibility criteria not applied/.test(document.querySelector('#flow')?.textContent ?? ''));
  assert.deepEqual(JSON.parse(decodeURIComponent(page.url().split('#settings=')[1])), { two_by_two_test: 'chi_square', apply_eligibility: false });

  // A section link scrolls there and keeps the settings in the URL.
  await page.click('nav.toc a[href="#outcome"]');
  assert.match(page.url(), /#settings=/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'outcome-title');
  assert.equal(await page.locator('select[name="two_by_two_test"]').inputValue(), 'chi_square');

  // The report echoes the settings.
  const json = JSON.parse(await reportJsonText(page));
  assert.equal(json.provenance.settings.two_by_two_test, 'chi_square');
  assert.equal(json.provenance.settings.apply_eligibility, false);

  // A fresh page with the hash starts with those settings.
  const second = await context.newPage();
  await second.goto(url);
  await second.waitForSelector('html[data-ready="true"]');
  assert.equal(await second.locator('select[name="two_by_two_test"]').inputValue(), 'chi_square');
  await upload(second, [DEMO_CSV]);
  assert.equal(await second.locator('table[data-table="table2"] tbody').first().locator('td').nth(2).innerText(), '0.010');

  // Reset goes back to the plan and clears the hash.
  await page.click('#settings-reset');
  await page.waitForFunction(() => document.querySelector('table[data-table="table2"] tbody td:nth-of-type(3)')?.textContent === '0.020');
  assert.ok(!page.url().includes('#settings='));
  await context.close();
});

test('derived values and REDCap missing-data codes are settings of the page, kept in the hash', async () => {
  const { page, context } = await openPage(browser, site.url);
  await upload(page, [DEMO_CSV]);
  await page.click('#settings-panel summary');
  // Open, the raw JSON view is refilled with each new report.
  await openJsonView(page);
  const echoed = async () => JSON.parse(await reportJsonText(page)).provenance.settings;
  await page.selectOption('select[name="response_source"]', 'derived');
  await page.waitForFunction(() => /"response_source": ?"derived"/.test(document.querySelector('#json-view')?.textContent ?? ''));
  const codes = page.locator('input[name="redcap_missing_codes"]');
  await codes.fill('-999, NAV2 ,');
  await page.waitForFunction(() => /"-999"/.test(document.querySelector('#json-view')?.textContent ?? ''));
  const s = await echoed();
  assert.equal(s.response_source, 'derived');
  assert.equal(s.risk_source, 'recorded');
  assert.deepEqual(s.redcap_missing_codes, ['-999', 'NAV2']);
  const url = page.url();
  assert.deepEqual(JSON.parse(decodeURIComponent(url.split('#settings=')[1])), { response_source: 'derived', redcap_missing_codes: ['-999', 'NAV2'] });

  // A code REDCap would not accept is refused where it is typed.
  await codes.fill('not asked');
  await page.waitForFunction(() => /letters, digits, dots/.test(document.querySelector('#settings-note')?.textContent ?? ''));
  assert.equal(await codes.getAttribute('aria-invalid'), 'true');
  assert.deepEqual((await echoed()).redcap_missing_codes, ['-999', 'NAV2']);

  // A fresh page with the link shows them in the form.
  const second = await context.newPage();
  await second.goto(url);
  await second.waitForSelector('html[data-ready="true"]');
  assert.equal(await second.locator('select[name="response_source"]').inputValue(), 'derived');
  assert.equal(await second.locator('input[name="redcap_missing_codes"]').inputValue(), '-999, NAV2');
  await context.close();
});

test('hostile cell text stays text, and CSV exports neutralize formulas', async () => {
  const { page, context, requests } = await openPage(browser, site.url);
  /** @type {string[]} */
  const dialogs = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await upload(page, [hostileCsv()]);
  assert.match(await page.locator('#characteristics').innerText(), /<img src=x onerror=alert\(1\)>/);
  assert.match(await page.locator('#flow').innerText(), /=HYPERLINK\("x"\)/);
  assert.equal(await page.evaluate(() => document.querySelectorAll('img[src="x"], #report img').length), 0);
  await page.waitForTimeout(300);
  assert.deepEqual(dialogs, []);

  const excluded = await downloadText(page, 'button[data-table="flow-excluded"]');
  assert.equal(excluded.name, 'lenalyze-flow-excluded.csv');
  assert.deepEqual([...excluded.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  assert.ok(excluded.text.includes('"\'=HYPERLINK(""x"")"'), excluded.text);
  const table1 = await downloadText(page, 'button[data-table="table1"]');
  assert.ok(table1.text.includes('<img src=x onerror=alert(1)>'));
  // No cell of any exported line starts a formula.
  for (const text of [excluded.text, table1.text]) {
    for (const line of text.replace(/^\uFEFF/, '').split('\r\n')) {
      for (const cell of line.split(',')) assert.ok(!/^"?[=+@]/.test(cell), `unsafe cell ${cell}`);
    }
  }
  // The page's CSV is the CLI's, byte for byte, for hostile text too.
  const dir = path.join(outDir(), 'hostile-tables');
  fs.rmSync(dir, { recursive: true, force: true });
  try {
    execFileSync(CLI, ['analyze', hostileCsv(), '-o', path.join(outDir(), 'hostile.json'), '--tables-dir', dir], { stdio: 'ignore' });
  } catch {
    // Exit code 1 would mean errors; the tables are written either way.
  }
  for (const download of [excluded, table1]) assert.ok(download.bytes.equals(fs.readFileSync(path.join(dir, download.name))), download.name);
  assert.deepEqual(foreignRequests(requests, site.origin), []);
  await context.close();
});

/**
 * The demo's four files as a user's own: patient IDs `KR-…` become `ZZ-…`
 * and every date moves 20 years on (leap years stay leap years, so every
 * interval is the same), so none of their IDs or dates is in any file of
 * the app itself (the demo in the offline cache included).
 * @returns {{ files: string[], secrets: string[] }}
 */
function demoAsUserFiles() {
  const files = [];
  const secrets = new Set();
  for (const name of ['lenalyze-demo.csv', 'lenalyze-demo-transfusions.csv', 'lenalyze-demo-dosing.csv', 'lenalyze-demo-labs.csv']) {
    const text = fs.readFileSync(path.join(WWW, 'demo', name), 'utf8')
      .replace(/\bKR-(\d\d-\d\d\d)\b/g, 'ZZ-$1')
      .replace(/\b20(\d\d)-(\d\d)-(\d\d)\b/g, (_, y, m, d) => `20${Number(y) + 20}-${m}-${d}`);
    for (const m of text.matchAll(/\bZZ-\d\d-\d\d\d\b|\b20\d\d-\d\d-\d\d\b/g)) secrets.add(m[0]);
    const file = path.join(outDir(), name.replace('lenalyze-demo', 'site-export'));
    fs.writeFileSync(file, text);
    files.push(file);
  }
  return { files, secrets: [...secrets] };
}

test('exports (CSV, SVG, PNG, JSON, XLSX, DOCX) request nothing foreign and leave no patient ID or date in the console, storage, caches or URL', async () => {
  const { page, context, requests, errors, consoleLog } = await openPage(browser, site.url);
  const demo = demoAsUserFiles();
  assert.ok(demo.secrets.length > 500, `${demo.secrets.length} IDs and dates`);
  await upload(page, demo.files);
  const csv = await downloadText(page, 'button[data-table="table3"]');
  assert.match(csv.text, /Neutropenia,7,1,1,13,9,0,24 \(77\.4\),22 \(71\.0\)/);
  const svg = await downloadText(page, '#fig-hb button:text("Download SVG")');
  assert.match(svg.text, /^<\?xml/);
  assert.match(svg.text, /<svg[^>]+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  const png = await downloadText(page, '#fig-hb button:text("Download PNG")');
  assert.deepEqual([...png.bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  assert.equal(png.bytes.readUInt32BE(16), 2 * 760, 'PNG at 2× the figure width');
  const json = await downloadText(page, '#download-json');
  assert.equal(JSON.parse(json.text).analysis.population_flow.evaluable, 28);

  // XLSX / DOCX through the Worker hook (core.export_xlsx / export_docx).
  for (const [button, ext] of [['#export-xlsx', 'xlsx'], ['#export-docx', 'docx']]) {
    const outcome = await Promise.race([
      page.waitForEvent('download', { timeout: 60000 }).then(async (dl) => ({ name: dl.suggestedFilename(), bytes: fs.readFileSync(await dl.path()) })),
      page.waitForFunction(() => /not available in this build/.test(document.querySelector('#status')?.textContent ?? ''), null, { timeout: 60000 }).then(() => null),
      page.click(button).then(() => new Promise(() => {})),
    ]);
    const built = fs.readFileSync(path.join(WWW, 'pkg/lenalyze_full.js'), 'utf8').includes(`export function export_${ext}(`);
    assert.equal(Boolean(outcome), built, built ? `${ext} downloads` : `${ext} says it is not available in this build`);
    if (outcome) {
      assert.ok(outcome.name.endsWith(`.${ext}`));
      assert.deepEqual([...outcome.bytes.subarray(0, 2)], [0x50, 0x4b], `${ext} is a zip`);
    }
  }

  assert.deepEqual(foreignRequests(requests, site.origin), []);
  // Wait for the offline cache to take the rest of the app (it does when
  // the page is idle), so what it holds is checked too.
  await page.waitForSelector('html[data-offline="true"]', { timeout: 60000 });
  const stored = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    idb: (await indexedDB.databases()).map((d) => d.name),
    cookie: document.cookie,
    url: location.href,
    cached: await (async () => {
      const entries = [];
      for (const key of await caches.keys()) {
        const cache = await caches.open(key);
        for (const req of await cache.keys()) entries.push({ url: req.url, body: await (await cache.match(req))?.text() ?? '' });
      }
      return entries;
    })(),
  }));
  assert.equal(stored.local, 0);
  assert.equal(stored.session, 0);
  assert.deepEqual(stored.idb, []);
  assert.equal(stored.cookie, '');
  assert.ok(!/ZZ-|KR-|patient|site-export|lenalyze-demo/.test(stored.url.replace(site.url, '')), stored.url);
  // The cache holds only files of the app itself, and none holds the
  // user's patients.
  assert.ok(stored.cached.length > 10, `${stored.cached.length} cached files`);
  for (const { url, body } of stored.cached) {
    const rel = url.replace(site.url, '') || 'index.html';
    assert.ok(fs.existsSync(path.join(WWW, rel)), `cached ${url} is an app file`);
    const leaked = demo.secrets.filter((x) => body.includes(x));
    assert.deepEqual(leaked.slice(0, 5), [], `cached ${url}`);
  }
  // The console of the page and of its Workers: nothing of the patients.
  // (The harness records Workers' consoles too: tests/e2e/panic.test.mjs
  // sees the core's panic hook write to the Worker's console.)
  const logged = consoleLog.map((m) => m.text).join('\n');
  assert.deepEqual(demo.secrets.filter((x) => logged.includes(x)), [], logged.slice(0, 2000));
  assert.ok(!/ZZ-|site-export/.test(logged), logged.slice(0, 2000));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a first visit downloads the workbook build only after the page is ready and idle', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  // Hold the page's idle callback, to look at what was fetched before it.
  await context.addInitScript(() => {
    const held = /** @type {any} */ (window);
    held.requestIdleCallback = (/** @type {() => void} */ f) => { held.idle = f; return 1; };
  });
  /** @type {string[]} */
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  await page.goto(site.url);
  await page.waitForSelector('html[data-ready="true"]');
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.waitForTimeout(300);
  assert.ok(requests.some((u) => u.endsWith('lenalyze_csv_bg.wasm')), 'the CSV build loads first');
  assert.deepEqual(requests.filter((u) => u.includes('lenalyze_full') || u.includes('/demo/')), []);
  // Idle: the service worker caches the rest, for offline use.
  await page.evaluate(() => /** @type {any} */ (window).idle());
  await page.waitForSelector('html[data-offline="true"]');
  assert.ok(requests.some((u) => u.endsWith('lenalyze_full_bg.wasm')), 'the workbook build is fetched after idle');
  await context.close();
});

test('after one visit the page and the demo work offline', async () => {
  const { page, context } = await openPage(browser, site.url);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // The service worker took control of this page (clients.claim) and, the
  // page being idle, cached the rest of the app.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.waitForSelector('html[data-offline="true"]');
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  await page.click('#demo-button');
  await page.waitForSelector('table[data-table="table3"]');
  assert.match(await page.locator('#status').innerText(), /Analyzed 31 patients/);
  // The workbook build too, and so a CP949 CSV (which the full build reads).
  await upload(page, [path.join(WWW, 'demo/lenalyze-demo.xlsx')]);
  await page.waitForFunction(() => /Analyzed 31 patients/.test(document.querySelector('#status')?.textContent ?? ''));
  await page.setInputFiles('#file-input', [path.join(ROOT, 'tests/data/demo-cp949-semicolon.csv')]);
  await page.waitForFunction(() => /demo-cp949-semicolon\.csv/.test(document.querySelector('#report-files')?.textContent ?? '')
    && /Analyzed 31 patients/.test(document.querySelector('#status')?.textContent ?? ''));
  await context.setOffline(false);
  await context.close();
});

test('cancel stops a running analysis and a fresh one works', async () => {
  const { page, context } = await openPage(browser, site.url);
  // A large file: the demo patients repeated with unique IDs.
  const lines = fs.readFileSync(DEMO_CSV, 'utf8').trimEnd().split('\n');
  const big = [lines[0]];
  for (let k = 0; k < 400; k++) for (const line of lines.slice(1)) big.push(line.replace(/^KR-/, `KR${k}-`));
  const file = path.join(outDir(), 'large.csv');
  fs.writeFileSync(file, big.join('\n') + '\n');
  await page.setInputFiles('#file-input', [file]);
  await page.waitForSelector('#busy:not([hidden])');
  assert.ok(await page.locator('progress#progress').isVisible());
  await page.click('#cancel-button');
  await page.waitForFunction(() => /Cancelled/.test(document.querySelector('#status')?.textContent ?? ''));
  assert.ok(await page.locator('#busy').isHidden());
  await page.click('#demo-button');
  await page.waitForFunction(() => /Analyzed 31 patients/.test(document.querySelector('#status')?.textContent ?? ''));
  await context.close();
});

test('the Worker reads a large file in chunks and shows how much it has read, in percent', async () => {
  const { page, context } = await openPage(browser, site.url);
  // About 12 MB: the demo patients repeated with unique IDs.
  const lines = fs.readFileSync(DEMO_CSV, 'utf8').trimEnd().split('\n');
  const big = [lines[0]];
  for (let k = 0; k < 1500; k++) for (const line of lines.slice(1)) big.push(line.replace(/^KR-/, `KR${k}-`));
  const file = path.join(outDir(), 'larger.csv');
  fs.writeFileSync(file, big.join('\n') + '\n');
  assert.ok(fs.statSync(file).size > 8e6, `${fs.statSync(file).size} bytes`);
  // Every status text and the progress bar's value with it, as the page shows them.
  await page.evaluate(() => {
    const seen = /** @type {{ text: string, value: number | null }[]} */ ([]);
    Object.assign(window, { seen });
    const status = /** @type {HTMLElement} */ (document.querySelector('#status'));
    const bar = /** @type {HTMLProgressElement} */ (document.querySelector('#progress'));
    new MutationObserver(() => seen.push({ text: status.textContent ?? '', value: bar.hasAttribute('value') ? bar.value : null }))
      .observe(status, { childList: true, characterData: true, subtree: true });
  });
  await page.setInputFiles('#file-input', [file]);
  // Past reading: the engine loads or analyses.
  await page.waitForFunction(() => /Analyzing|Loading/.test(document.querySelector('#status')?.textContent ?? ''));
  const seen = /** @type {{ text: string, value: number | null }[]} */ (await page.evaluate(() => /** @type {any} */ (window).seen));
  const reading = seen.filter((s) => s.text.startsWith('Reading the files…'));
  const percents = reading.map((s) => Number(/(\d+) %$/.exec(s.text)?.[1]));
  assert.ok(percents.some((p) => p > 0 && p < 100), `percents seen: ${percents.join(' ')}`);
  assert.equal(percents[percents.length - 1], 100, percents.join(' '));
  assert.deepEqual(percents, [...percents].sort((a, b) => a - b), 'the percent only grows');
  assert.deepEqual(reading.map((s) => s.value), percents, 'the bar shows the percent of the status line');
  // After reading the bar is indeterminate: the core says nothing until done.
  assert.equal(await page.locator('#progress').getAttribute('value'), null);
  await page.click('#cancel-button');
  await page.waitForFunction(() => /Cancelled/.test(document.querySelector('#status')?.textContent ?? ''));
  await context.close();
});

test('the data dictionary renders from template/data-dictionary.json', async () => {
  const { page, context } = await openPage(browser, site.url);
  await page.click('#dictionary summary');
  await page.waitForSelector('table[data-table="data-dictionary"]');
  const rows = await rowsOf(page, 'data-dictionary');
  assert.ok(rows.some((r) => r.startsWith('patient_id patients text yes')), rows.slice(0, 3).join('\n'));
  // A long table shows a screenful and a "Show all" button.
  const visible = () => page.locator('table[data-table="data-dictionary"] tbody tr:visible').count();
  assert.equal(await visible(), 12);
  assert.ok(rows.length > 60, `${rows.length} rows`);
  await page.click('button.show-all[data-table="data-dictionary"]');
  assert.equal(await visible(), rows.length - 1);
  assert.equal(await page.locator('button.show-all').count(), 0);
  for (const href of ['./template/lenalyze-crf-template.xlsx', './template/lenalyze-crf-template.csv', './template/data-dictionary.csv']) {
    assert.ok(await page.locator(`a[href="${href}"]`).count(), href);
    assert.ok(fs.existsSync(path.join(WWW, href)), `${href} exists`);
  }
  await context.close();
});

test('a long listing shows a screenful; Show all and print show every row', async () => {
  const { page, context } = await openPage(browser, site.url);
  // Three sites' files (the demo with unique IDs), each with 9 unreadable
  // week-4 hemoglobins: 27 warnings. (The core groups a problem found 10 or
  // more times in one sheet into one diagnostic, so each file stays below.)
  const lines = fs.readFileSync(DEMO_CSV, 'utf8').trimEnd().split('\n');
  const header = lines[0].split(',');
  const hb = header.indexOf('hb_w4');
  const files = [];
  for (let k = 0; k < 3; k++) {
    const rows = [lines[0]];
    lines.slice(1).forEach((line, i) => {
      const cells = splitCsvLine(line);
      if (i < 9) cells[hb] = 'n/a?';
      rows.push(cells.join(',').replace(/^KR-/, `KR${k}-`));
    });
    const file = path.join(outDir(), `many-warnings-${k + 1}.csv`);
    fs.writeFileSync(file, rows.join('\n') + '\n');
    files.push(file);
  }
  await upload(page, files);
  const table = 'table[data-table="diagnostics-warning"]';
  const visible = () => page.locator(`${table} tbody tr:visible`).count();
  assert.equal(await page.locator(`${table} tbody tr`).count(), 27);
  assert.equal(await visible(), 12);
  assert.match(await page.locator('#data-check').innerText(), /Showing the first 12 of 27 rows/);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await visible(), 27);
  await page.emulateMedia({ media: 'screen' });
  await page.click(`button.show-all[data-table="diagnostics-warning"]`);
  assert.equal(await visible(), 27);
  await context.close();
});

test('axe-core finds no accessibility violations in the demo report', async () => {
  // The page's CSP forbids inline scripts; only this test's context lets the
  // test inject axe-core (as content, so nothing is fetched).
  const { page, context } = await openPage(browser, site.url, undefined, { bypassCSP: true });
  // Keyboard: the skip link is the first stop and moves focus to the main content.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  await upload(page, [DEMO_CSV]);
  await page.click('#settings-panel summary');
  await page.click('#dictionary summary');
  await page.waitForSelector('table[data-table="data-dictionary"]');
  const axe = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: axe });
  const result = await page.evaluate(async () => {
    // @ts-ignore axe is injected above
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((/** @type {any} */ v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((/** @type {any} */ n) => n.target.join(' ')) }));
  });
  assert.deepEqual(result, []);
  await context.close();
});

test('screenshots of the demo report at desktop and phone widths', async () => {
  for (const [name, width] of /** @type {Array<[string, number]>} */ ([['desktop', 1280], ['phone', 390]])) {
    const { page, context } = await openPage(browser, site.url, { width, height: 900 });
    await upload(page, [DEMO_CSV]);
    // Nothing wider than the viewport: wide tables scroll inside their wrapper.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name}: the page is ${overflow}px wider than the viewport`);
    await page.screenshot({ path: path.join(outDir(), `report-${name}.png`), fullPage: true });
    if (name === 'desktop') {
      await page.screenshot({ path: path.join(outDir(), 'report-desktop-top.png'), clip: { x: 0, y: 0, width: 1280, height: 1600 }, fullPage: true });
    }
    await context.close();
  }
});
