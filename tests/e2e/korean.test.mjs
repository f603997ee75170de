// @ts-check
// The page in Korean: a Korean browser opens it in Korean, the switch goes
// to English and back and the URL hash keeps the choice, the report and the
// exports follow the language, the Korean page passes axe with lang="ko",
// Hangul is drawn by a Korean system font, and the layout holds at desktop
// and phone widths. The report's words are the core's (locales/<lang>.txt):
// the checks of the report's Korean run when the core answers `lang: "ko"`
// in its presentation, and say they were skipped while it answers in English.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { useSiteAndBrowser, openPage, foreignRequests, outDir, ROOT, DEMO_CSV, upload, reportJsonText, CLI } from './harness.mjs';
import { en, ko } from '../../www/i18n.js';

/** @type {Awaited<ReturnType<typeof import('./harness.mjs').serve>>} */
let site;
/** @type {import('playwright-core').Browser} */
let browser;

useSiteAndBrowser((s, b) => {
  site = s;
  browser = b;
});

/** A browser whose language is Korean. */
const KOREAN = /** @type {const} */ ({ locale: 'ko-KR' });

const SKIP_ENGLISH_CORE = 'the core still answers in English for lang "ko" (no Korean catalogue in this build): report text not checked';

/**
 * The language the core laid the shown report out in (`presentation.lang`).
 * @param {import('playwright-core').Page} page
 */
function reportLang(page) {
  return page.getAttribute('#report-body .report-sections', 'lang');
}

/**
 * Waits until the page speaks `lang` and the report was laid out again
 * after the switch (the status says the analysis finished).
 * @param {import('playwright-core').Page} page
 * @param {'en' | 'ko'} lang
 */
async function waitForLanguage(page, lang) {
  const analyzed = (lang === 'ko' ? ko : en)['status.analyzed.other'].replace('{n}', '31').split('(')[0];
  await page.waitForFunction(([l, text]) => document.documentElement.lang === l
    && document.documentElement.dataset.busy === 'false'
    && (document.querySelector('#status')?.textContent ?? '').startsWith(text), [lang, analyzed]);
}

/** The settings part of a URL (`#settings=…`, wherever it stands in the hash). */
function settingsOf(/** @type {string} */ url) {
  const m = /[#&]settings=([^&]*)/.exec(url);
  return m ? JSON.parse(decodeURIComponent(m[1])) : null;
}

test('a Korean browser opens the page in Korean; the switch goes to English and back, and the URL hash keeps it', async () => {
  const { page, context, requests, errors } = await openPage(browser, site.url, undefined, KOREAN);
  // Korean from the browser's language: <html lang>, the title, the drop zone, the switch.
  assert.equal(await page.getAttribute('html', 'lang'), 'ko');
  assert.equal(await page.title(), ko['page.title']);
  assert.equal(await page.locator('#dropzone .dropzone-title').innerText(), ko['intake.drop']);
  assert.equal(await page.locator('#demo-button').innerText(), ko['intake.demo']);
  assert.equal(await page.locator('select[name="two_by_two_test"] option[value="fisher"]').textContent(), ko['settings.test.fisher']);
  assert.equal(await page.getAttribute('button[data-lang="ko"]', 'aria-pressed'), 'true');
  assert.equal(await page.getAttribute('button[data-lang="en"]', 'aria-pressed'), 'false');
  // The switch is a labelled group of buttons named in their own language.
  assert.equal(await page.locator('#lang-switch').getAttribute('role'), 'group');
  assert.equal(await page.locator('#lang-switch-label').textContent(), ko['lang.label']);
  assert.equal(await page.getAttribute('button[data-lang="en"]', 'lang'), 'en');
  // Nothing chosen yet: the hash stays empty (the browser's language is the default).
  assert.ok(!page.url().includes('#'), page.url());

  await upload(page, [DEMO_CSV]);
  await waitForLanguage(page, 'ko');
  assert.match(await page.locator('#status').innerText(), /^환자 31명을 분석했습니다/);
  assert.equal(await page.locator('#report-files').innerText(), ko['report.files'].replace('{files}', 'lenalyze-demo.csv'));
  const coreLang = await reportLang(page);
  assert.ok(coreLang === 'ko' || coreLang === 'en', String(coreLang));
  // While the core answers in English, the page says so (in Korean).
  assert.equal(await page.locator('#report-lang').isVisible(), coreLang !== 'ko');
  if (coreLang !== 'ko') assert.equal(await page.locator('#report-lang').innerText(), ko['report.lang_fallback']);
  // The page's own buttons inside the report say which language they are in.
  assert.equal(await page.locator('#flow .export-actions').first().getAttribute('lang'), 'ko');

  // To English, by keyboard.
  await page.locator('button[data-lang="en"]').focus();
  await page.keyboard.press('Enter');
  await waitForLanguage(page, 'en');
  assert.equal(await reportLang(page), 'en');
  assert.equal(await page.title(), en['page.title']);
  assert.equal(await page.locator('#dropzone .dropzone-title').innerText(), en['intake.drop']);
  assert.equal(await page.getAttribute('button[data-lang="en"]', 'aria-pressed'), 'true');
  assert.match(await page.locator('#status').innerText(), /^Analyzed 31 patients/);
  assert.ok(await page.locator('#report-lang').isHidden());
  assert.match(page.url(), /#lang=en$/);
  assert.match(await page.locator('#flow').innerText(), /Responders \(RBC-TI\)/);

  // And back to Korean, by keyboard (Space).
  await page.locator('button[data-lang="ko"]').focus();
  await page.keyboard.press('Space');
  await waitForLanguage(page, 'ko');
  assert.equal(await reportLang(page), coreLang);
  assert.match(page.url(), /#lang=ko$/);
  assert.equal(await page.locator('#dropzone .dropzone-title').innerText(), ko['intake.drop']);

  // A setting joins the language in the hash; neither loses the other.
  await page.click('#settings-panel summary');
  await page.selectOption('select[name="two_by_two_test"]', 'chi_square');
  await page.waitForFunction(() => /settings=/.test(location.hash));
  await page.waitForFunction(() => document.querySelector('table[data-table="table2"] tbody td:nth-of-type(3)')?.textContent === '0.010');
  assert.match(page.url(), /lang=ko/);
  assert.deepEqual(settingsOf(page.url()), { two_by_two_test: 'chi_square' });
  assert.equal(await page.locator('#settings-note').innerText(), ko['settings.differ']);
  // The note, the status and the dictionary follow a switch too.
  await page.click('#dictionary summary');
  await page.waitForSelector('table[data-table="data-dictionary"]');
  assert.equal(await page.locator('#table-data-dictionary caption').innerText(), ko['dictionary.caption'].replace('{n}', String(await page.locator('table[data-table="data-dictionary"] tbody tr').count())));
  // The dictionary and the template come in Korean (the core writes both
  // languages, with the same column names).
  const meanings = await page.locator('table[data-table="data-dictionary"] tbody tr td:nth-of-type(5)').allInnerTexts();
  assert.ok(meanings.some((m) => /[\uac00-\ud7a3]/.test(m)), meanings.slice(0, 3).join(' | '));
  assert.match((await page.getAttribute('a[data-template="lenalyze-crf-template.xlsx"]', 'href')) ?? '', /lenalyze-crf-template-ko\.xlsx$/);
  await page.click('button[data-lang="en"]');
  await waitForLanguage(page, 'en');
  assert.equal(await page.locator('#settings-note').innerText(), en['settings.differ']);
  await page.waitForFunction(() => /^Data dictionary: \d+ columns of the CRF$/.test(document.querySelector('#table-data-dictionary caption')?.textContent ?? ''));
  const english = await page.locator('table[data-table="data-dictionary"] tbody tr td:nth-of-type(5)').allInnerTexts();
  assert.ok(english.every((m) => !/[\uac00-\ud7a3]/.test(m)));
  assert.match((await page.getAttribute('a[data-template="lenalyze-crf-template.xlsx"]', 'href')) ?? '', /lenalyze-crf-template\.xlsx$/);
  assert.deepEqual(settingsOf(page.url()), { two_by_two_test: 'chi_square' });
  assert.match(page.url(), /lang=en/);
  const shared = page.url();
  // The skip link moves focus to the main content and keeps the hash.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('.skip-link').focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  assert.equal(page.url(), shared);

  // The link opens in its language and with its settings, even in a Korean browser.
  const second = await context.newPage();
  await second.goto(shared);
  await second.waitForSelector('html[data-ready="true"]');
  assert.equal(await second.getAttribute('html', 'lang'), 'en');
  assert.equal(await second.locator('select[name="two_by_two_test"]').inputValue(), 'chi_square');
  await second.close();

  // An older link (settings only) keeps working and opens in the browser's language.
  const old = await context.newPage();
  await old.goto(`${site.url}#settings=${encodeURIComponent(JSON.stringify({ two_by_two_test: 'chi_square_yates' }))}`);
  await old.waitForSelector('html[data-ready="true"]');
  assert.equal(await old.getAttribute('html', 'lang'), 'ko');
  assert.equal(await old.locator('select[name="two_by_two_test"]').inputValue(), 'chi_square_yates');
  await old.close();

  assert.deepEqual(foreignRequests(requests, site.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an English browser opens in English; #lang=ko in a link opens in Korean; editing the hash switches', async () => {
  const { page, context } = await openPage(browser, site.url);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.locator('#dropzone .dropzone-title').innerText(), en['intake.drop']);
  await page.goto(`${site.url}#lang=ko`);
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'ko');
  assert.equal(await page.locator('#dropzone .dropzone-title').innerText(), ko['intake.drop']);
  // The reader edits the hash: the page follows.
  await page.evaluate(() => { location.hash = 'lang=en'; });
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.locator('#dropzone .dropzone-title').innerText(), en['intake.drop']);
  // A browser that prefers French, then Korean: Korean (the first the page speaks).
  const french = await browser.newContext({ locale: 'fr-FR' });
  await french.addInitScript(() => Object.defineProperty(navigator, 'languages', { get: () => ['fr-FR', 'fr', 'ko-KR', 'en'] }));
  const fp = await french.newPage();
  await fp.goto(site.url);
  await fp.waitForSelector('html[data-ready="true"]');
  assert.equal(await fp.getAttribute('html', 'lang'), 'ko');
  await french.close();
  await context.close();
});

test('exports are asked for in the page\'s current language, and a table\'s CSV is the shown table', async () => {
  const { page, context, requests } = await openPage(browser, site.url, undefined, KOREAN);
  // Records the language of every request the page sends its Worker.
  await page.addInitScript(() => {
    const send = Worker.prototype.postMessage;
    /** @type {Array<{ type: string, lang?: string }>} */
    const sent = [];
    Object.assign(window, { lenalyzeSent: sent });
    Worker.prototype.postMessage = function (/** @type {any} */ message, /** @type {any} */ ...rest) {
      sent.push({ type: message?.type, lang: message?.lang });
      return send.call(this, message, ...rest);
    };
  });
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  await upload(page, [DEMO_CSV]);
  await waitForLanguage(page, 'ko');
  const sent = () => page.evaluate(() => /** @type {Array<{ type: string, lang?: string }>} */ (/** @type {any} */ (window).lenalyzeSent));

  /** Exports and waits until the page is done (a download, or the build's "not available"). */
  const exportWith = async (/** @type {string} */ button) => {
    await page.click(button);
    await page.waitForFunction(() => document.documentElement.dataset.busy === 'false', null, { timeout: 60000 });
  };
  await exportWith('#export-xlsx');
  assert.deepEqual((await sent()).filter((m) => m.type !== 'info').map((m) => [m.type, m.lang]), [['analyze', 'ko'], ['export', 'ko']]);

  // The CSV of a table is the table on the page, caption first, in the report's language.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('button[data-table="table1"]')]);
  const csv = fs.readFileSync(await dl.path(), 'utf8').replace(/^\uFEFF/, '');
  const caption = await page.locator('#table-table1 caption').innerText();
  assert.equal(csv.split('\r\n')[0].replace(/^"|"$/g, '').replace(/""/g, '"'), caption);

  await page.click('button[data-lang="en"]');
  await waitForLanguage(page, 'en');
  await exportWith('#export-docx');
  assert.deepEqual((await sent()).filter((m) => m.type !== 'info').map((m) => [m.type, m.lang]),
    [['analyze', 'ko'], ['export', 'ko'], ['analyze', 'en'], ['export', 'en']]);
  assert.deepEqual(foreignRequests(requests, site.origin), []);
  await context.close();
});

test('axe-core finds no accessibility violations in the Korean page (lang="ko")', async () => {
  const { page, context } = await openPage(browser, site.url, undefined, { ...KOREAN, bypassCSP: true });
  await upload(page, [DEMO_CSV]);
  await waitForLanguage(page, 'ko');
  await page.click('#settings-panel summary');
  await page.click('#dictionary summary');
  await page.waitForSelector('table[data-table="data-dictionary"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'ko');
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

// ---------------------------------------------------------------- the Korean report

/**
 * Latin words a Korean report keeps on purpose: one list, shared with the
 * core's Korean test (tests/suite/korean.rs).
 */
const KEPT = new Set(
  fs.readFileSync(path.join(ROOT, 'tests/data/korean-kept-words.txt'), 'utf8')
    .split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')),
);

/**
 * The Latin-script words of a text: runs of ASCII letters and digits (with
 * the `_ . : - µ` that join identifiers, versions and units), trimmed of
 * punctuation; runs without a letter (numbers) are not words.
 * @param {string} text
 */
function latinWords(text) {
  return text.split(/[^A-Za-z0-9_.:\-µ]+/)
    .map((w) => w.replace(/^[.:-]+|[.:-]+$/g, ''))
    .filter((w) => /[A-Za-z]/.test(w));
}

/**
 * Words of the user's files, shown as written: the file names, the CRF
 * columns the report read, and the units their headers gave.
 * @param {any} report  the report JSON
 * @param {string[]} files
 */
function dataWords(report, files) {
  const words = new Set(files);
  for (const c of report.ingest?.columns ?? []) words.add(String(c));
  for (const c of Object.keys(report.ingest?.missing_cells ?? {})) words.add(c);
  // The crf-v1 names of the long sheets read, kept like the column names.
  for (const c of Object.keys(report.ingest?.long_sheets?.rows_read ?? {})) words.add(c);
  // Patient IDs (named in notes such as the week-0 counts' under the risk
  // tables): the input's first column (the report JSON lists no patient's
  // derived values).
  for (const id of patientIds(DEMO_CSV)) words.add(id);
  for (const u of report.ingest?.unit_conversions ?? []) {
    for (const unit of [u.from_unit, u.to_unit]) for (const w of latinWords(String(unit ?? ''))) words.add(w);
  }
  return words;
}

/**
 * The patient IDs of a CSV whose first column is `patient_id` (the demo's
 * IDs hold no comma or quote).
 * @param {string} file
 */
function patientIds(file) {
  const [header, ...rows] = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  assert.equal(header.split(',')[0], 'patient_id');
  return rows.map((r) => r.split(',')[0]);
}

/**
 * Every text of the report section a reader sees or hears: text nodes
 * (tables, figures' SVG text, notes, buttons) and the title and aria-label
 * attributes; cells of the user's own text (`.user`) and the raw JSON left
 * out.
 * @param {import('playwright-core').Page} page
 */
function reportTexts(page) {
  return page.evaluate(() => {
    const root = /** @type {HTMLElement} */ (document.querySelector('#report'));
    const skip = (/** @type {Element | null} */ e) => Boolean(e?.closest('.user, #json-view'));
    /** @type {string[]} */
    const out = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!skip(n.parentElement) && n.textContent?.trim()) out.push(n.textContent);
    }
    for (const e of root.querySelectorAll('[title], [aria-label]')) {
      if (skip(e)) continue;
      for (const a of ['title', 'aria-label']) { const v = e.getAttribute(a); if (v) out.push(v); }
    }
    return out;
  });
}

test('a CP949 CSV from a Korean hospital\'s Excel reads on the page as the CLI reads it (the full build decodes it)', async () => {
  const { page, context, errors } = await openPage(browser, site.url, undefined, KOREAN);
  const file = path.join(ROOT, 'tests/data/demo-cp949-semicolon.csv');
  // The CSV build cannot read CP949 (it would report `encoding-unsupported`):
  // the Worker sends the file to the full build (www/builds.js), which reads
  // it with the CLI's own code. (Whether the full build came from the
  // network or the service worker's idle cache depends on timing.)
  await upload(page, [file]);
  await waitForLanguage(page, 'ko');
  const cliJson = execFileSync(CLI, ['analyze', file], { encoding: 'utf8' });
  assert.equal(await reportJsonText(page), cliJson);
  const report = JSON.parse(cliJson);
  assert.ok(report.diagnostics.some((/** @type {any} */ d) => d.code === 'encoding' && d.message.params.encoding === 'EUC-KR'), 'read as EUC-KR');
  assert.deepEqual(errors, []);
  await context.close();
});

test('latinWords splits as the core\'s Korean test does', () => {
  assert.deepEqual(latinWords('P: Fisher의 정확검정, 양측; N = 28.'), ['P', 'Fisher', 'N']);
  assert.deepEqual(latinWords('(R의 survival::survfit과 같은 방법). NR, 미도달.'), ['R', 'survival::survfit', 'NR']);
  assert.deepEqual(latinWords('≥ 1000/µL; 7.2 ± 0.2 g/dL; IPSS(-R); del(5q)'), ['µL', 'g', 'dL', 'IPSS', 'R', 'del', '5q']);
});

test('the Korean report section: no English word apart from kept abbreviations, units, data and method names', async (t) => {
  const { page, context } = await openPage(browser, site.url, undefined, KOREAN);
  await upload(page, [DEMO_CSV]);
  await waitForLanguage(page, 'ko');
  if ((await reportLang(page)) !== 'ko') {
    t.skip(SKIP_ENGLISH_CORE);
    await context.close();
    return;
  }
  const report = JSON.parse(await reportJsonText(page));
  const allowed = dataWords(report, ['lenalyze-demo.csv']);
  /** @type {Map<string, string>} word → the first text it is in */
  const leaks = new Map();
  for (const text of await reportTexts(page)) {
    for (const word of latinWords(text)) {
      if (!KEPT.has(word) && !allowed.has(word) && !leaks.has(word)) leaks.set(word, text.trim().slice(0, 120));
    }
  }
  assert.deepEqual([...leaks].map(([w, where]) => `${w}  ←  ${where}`), []);
  // Headings, captions and the page's own buttons are Korean.
  assert.match(await page.locator('#table-table1 caption').innerText(), /^표 1\./);
  assert.equal(await page.locator('button[data-table="table1"]').innerText(), ko['table.csv']);

  // A file with problems: the data check and the status speak Korean too.
  const lines = fs.readFileSync(DEMO_CSV, 'utf8').trimEnd().split('\n');
  lines[0] = lines[0].replace('sex', 'gendre');
  const hb = lines[0].split(',').indexOf('hb_w4');
  lines[1] = lines[1].split(',').map((cell, i) => (i === hb ? 'n/a?' : cell)).join(',');
  const broken = path.join(outDir(), 'broken-ko.csv');
  fs.writeFileSync(broken, lines.join('\n') + '\n');
  await page.setInputFiles('#file-input', [broken]);
  await page.waitForFunction(() => document.documentElement.dataset.report === 'errors' && document.documentElement.dataset.busy === 'false');
  assert.equal(await page.locator('#status').innerText(), ko['status.needs_fixing.one'].replace('{errors}', '1'));
  const brokenReport = JSON.parse(await reportJsonText(page));
  const brokenAllowed = new Set([...dataWords(brokenReport, ['broken-ko.csv']), 'sex', 'gendre']);
  /** @type {string[]} */
  const brokenLeaks = [];
  for (const text of await reportTexts(page)) {
    for (const word of latinWords(text)) if (!KEPT.has(word) && !brokenAllowed.has(word)) brokenLeaks.push(`${word}  ←  ${text.trim().slice(0, 120)}`);
  }
  assert.deepEqual(brokenLeaks, []);
  assert.match(await page.locator('#data-check').innerText(), /sex/);
  await context.close();
});

test('Hangul is drawn by a Korean system font named in the page\'s stack', async (t) => {
  /** @type {string} */
  let installed = '';
  try {
    installed = execFileSync('fc-list', [':lang=ko', 'family'], { encoding: 'utf8' });
  } catch {
    installed = '';
  }
  if (!installed.trim()) {
    t.skip('no Korean font on this machine (fc-list :lang=ko is empty; e.g. apt-get install fonts-nanum)');
    return;
  }
  const { page, context } = await openPage(browser, site.url, undefined, KOREAN);
  const cdp = await context.newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  const css = fs.readFileSync(path.join(ROOT, 'www/style.css'), 'utf8');
  const stack = /font-family:([^;]+);/.exec(css)?.[1] ?? '';
  for (const selector of ['.dropzone-title', '#dropzone-help', '.tagline']) {
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    const families = fonts.map((f) => f.familyName);
    // The Hangul comes from a Korean face the stack names (on this machine, through fontconfig).
    assert.ok(families.some((f) => stack.includes(f) && /Gothic|Noto Sans (CJK )?KR|SD Gothic/i.test(f)), `${selector}: ${families.join(', ')}`);
  }
  await context.close();
});

test('the Korean report at desktop and phone widths: nothing wider than the screen; screenshots', async () => {
  for (const [name, width] of /** @type {Array<[string, number]>} */ ([['desktop', 1280], ['phone', 390]])) {
    const { page, context } = await openPage(browser, site.url, { width, height: 900 }, KOREAN);
    await upload(page, [DEMO_CSV]);
    await waitForLanguage(page, 'ko');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name}: the page is ${overflow}px wider than the viewport`);
    // No paragraph, caption or heading runs out of its box (long Korean words wrap at spaces).
    const spilled = await page.evaluate(() => Array.from(document.querySelectorAll('p, caption, figcaption, h1, h2, h3, h4, label, summary, legend, li'))
      .filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible' && !e.closest('.table-wrap, [hidden]'))
      .map((e) => `${e.tagName.toLowerCase()}: ${(e.textContent ?? '').trim().slice(0, 60)}`));
    assert.deepEqual(spilled, [], name);
    await page.screenshot({ path: path.join(outDir(), `report-ko-${name}.png`), fullPage: true });
    // The top as docs/screenshot-ko.png shows it (the English one is report-desktop-top.png).
    await page.screenshot({ path: path.join(outDir(), `report-ko-${name}-top.png`), clip: { x: 0, y: 0, width, height: 1600 }, fullPage: true });
    await context.close();
  }
});
