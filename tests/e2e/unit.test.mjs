// @ts-check
// Unit tests of the page's pure modules (no browser): a table's grid and
// CSV as the core writes them, the page's text catalogue, settings in the
// URL hash with the core's defaults and ranges.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { tableGrid, tableCsv, csvRows, place, csvName } from '../../www/csv.js';
import { en, ko, CATALOGUES, LANGS, t, tn, getLang, setLang, pickLang, langFromHash } from '../../www/i18n.js';
import * as settings from '../../www/settings.js';
import { ROOT, WWW, DEMO_CSV, CLI } from './harness.mjs';

/** @typedef {import('../../www/types/presentation').Table} Table */
/** @typedef {import('../../www/types/presentation').Presentation} Presentation */

before(async () => {
  // The settings' defaults and ranges come from the core, as in the page.
  const core = await import(path.join(WWW, 'pkg/lenalyze_csv.js'));
  core.initSync({ module: fs.readFileSync(path.join(WWW, 'pkg/lenalyze_csv_bg.wasm')) });
  settings.configure(core.settings_info());
});

// ---------------------------------------------------------------- grid and CSV

test('tableCsv quotes, keeps spans in place and ends rows with CRLF (as src/export/mod.rs)', () => {
  /** @type {Table} */
  const table = {
    id: 't',
    short: 'T',
    caption: 'Caption, with comma',
    head: [[{ kind: 'label', text: 'A' }, { kind: 'label', text: 'B', col_span: 2 }]],
    groups: [{
      label: 'G',
      rows: [
        [{ kind: 'label', text: 'x', header: true, row_span: 2 }, { kind: 'count', text: '1', number: 1, decimals: 0 }, { kind: 'text', text: 'say "hi"' }],
        [{ kind: 'count', text: '2', number: 2, decimals: 0 }, { kind: 'user', text: "'=1+1" }],
      ],
    }],
    footnotes: ['Note.'],
    wide: false,
  };
  // The same table and bytes as the core's own test (csv_quotes_and_keeps_spans_in_place).
  assert.equal(tableCsv(table), '\uFEFF"Caption, with comma"\r\nA,B,\r\nG\r\nx,1,"say ""hi"""\r\n,2,\'=1+1\r\n\r\nNote.\r\n');
  assert.deepEqual(tableGrid(table), [['Caption, with comma'], ['A', 'B', ''], ['G'], ['x', '1', 'say "hi"'], ['', '2', "'=1+1"], [], ['Note.']]);
  assert.equal(csvName(table), 'lenalyze-t.csv');
});

test('a dataset table\'s CSV is its header and records only (as Table::csv_rows)', () => {
  /** @type {Table} */
  const table = {
    id: 'd',
    short: 'D',
    caption: 'Caption',
    head: [[{ kind: 'user', text: 'patient_id', header: true }, { kind: 'user', text: 'score', header: true }]],
    groups: [{ rows: [[{ kind: 'user', text: 'P1', header: true }, { kind: 'number', text: '-1.5', number: -1.5, decimals: 1 }]] }],
    footnotes: ['Note.'],
    wide: false,
    listing: true,
    dataset: true,
  };
  assert.deepEqual(csvRows(table), [['patient_id', 'score'], ['P1', '-1.5']]);
  assert.equal(tableCsv(table), '\uFEFFpatient_id,score\r\nP1,-1.5\r\n');
});

test('place: row and column spans cover the positions after them; short rows are padded', () => {
  const c = (/** @type {string} */ text, /** @type {Partial<import('../../www/types/presentation').Cell>} */ more = {}) => ({ kind: /** @type {const} */ ('text'), text, ...more });
  const placed = place([
    [c('a', { row_span: 3 }), c('b', { col_span: 2, row_span: 2 }), c('c')],
    [c('d')],
    [c('e')],
  ], 4);
  assert.deepEqual(placed.map((row) => row.map((x) => x?.text ?? null)), [
    ['a', 'b', null, 'c'],
    [null, null, null, 'd'],
    [null, 'e', null, null],
  ]);
});

test('every table of the demo: the page\'s CSV is byte for byte the CLI\'s (--tables-dir)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenalyze-unit-'));
  try {
    execFileSync(CLI, ['analyze', DEMO_CSV, '-o', path.join(dir, 'r.json'), '--lang', 'en',
      '--presentation', path.join(dir, 'p.json'), '--tables-dir', path.join(dir, 'tables'),
      '--patients', path.join(dir, 'derived.csv')]);
    /** @type {Presentation} */
    const p = JSON.parse(fs.readFileSync(path.join(dir, 'p.json'), 'utf8'));
    const tables = p.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'table' ? [b] : [])));
    assert.ok(tables.length >= 15);
    for (const table of tables) {
      const cli = fs.readFileSync(path.join(dir, 'tables', csvName(table)));
      assert.ok(Buffer.from(tableCsv(table), 'utf8').equals(cli), table.id);
    }
    // The derived dataset's download is the CLI's --patients file: a plain
    // dataset, header row first, one row per screened patient.
    const dataset = tables.find((t) => t.id === 'derived-dataset');
    assert.ok(dataset?.dataset);
    const download = Buffer.from(tableCsv(dataset), 'utf8');
    assert.ok(download.equals(fs.readFileSync(path.join(dir, 'derived.csv'))));
    const lines = download.toString('utf8').replace(/^\uFEFF/, '').split('\r\n').filter((l) => l);
    assert.ok(lines[0].startsWith('patient_id,site,'));
    assert.equal(lines.length, 1 + 31);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------- text catalogue

/** Keys of the page's catalogue used by www/*.js and index.html. */
function usedKeys() {
  const prefixes = [...new Set(Object.keys(en).map((k) => k.split('.')[0]))].join('|');
  // A key is a quoted string of a catalogue prefix, a dot and more.
  const literal = new RegExp(`['"\`]((?:${prefixes})\\.[\\w.-]+)['"\`]`, 'g');
  /** @type {Map<string, string>} key → where */
  const keys = new Map();
  for (const file of fs.readdirSync(WWW).filter((f) => f.endsWith('.js') && f !== 'i18n.js')) {
    const source = fs.readFileSync(path.join(WWW, file), 'utf8');
    for (const m of source.matchAll(literal)) keys.set(m[1], file);
    // tn('key', n): the key's .one and .other forms.
    for (const m of source.matchAll(/\btn\(\s*'([\w.-]+)'/g)) {
      keys.delete(m[1]);
      keys.set(`${m[1]}.one`, file);
      keys.set(`${m[1]}.other`, file);
    }
  }
  const html = fs.readFileSync(path.join(WWW, 'index.html'), 'utf8');
  for (const m of html.matchAll(/data-i18n(?:-[\w-]+)?="([^"]+)"/g)) keys.set(m[1], 'index.html');
  return keys;
}

test('every text key the page uses is in the catalogue', () => {
  const keys = usedKeys();
  assert.ok(keys.size >= 60, `only ${keys.size} keys found`);
  const missing = [...keys].filter(([k]) => !(k in en)).map(([k, where]) => `${k} (${where})`);
  assert.deepEqual(missing, []);
});

test('every language has the keys and placeholders of English', () => {
  const placeholders = (/** @type {string} */ s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  assert.deepEqual(LANGS, ['en', 'ko']);
  for (const [lang, table] of Object.entries(CATALOGUES)) {
    assert.deepEqual(Object.keys(table).sort(), Object.keys(en).sort(), lang);
    for (const [key, text] of Object.entries(table)) {
      assert.ok(text.trim() !== '', `${lang} ${key} is empty`);
      assert.deepEqual(placeholders(text), placeholders(/** @type {Record<string, string>} */ (en)[key]), `${lang} ${key}`);
    }
  }
});

test('the Korean table is Korean: every text has Hangul, and no text is left in English', () => {
  assert.equal(CATALOGUES.ko, ko);
  for (const [key, text] of Object.entries(ko)) {
    assert.match(text, /[\uac00-\ud7af]/, `ko ${key}: ${text}`);
    assert.notEqual(text, /** @type {Record<string, string>} */ (en)[key], `ko ${key} is the English text`);
  }
  // The terms the study's coordinators know (the core's glossary), abbreviations kept.
  const all = Object.values(ko).join('\n');
  for (const term of ['골수이형성증후군(MDS)', '레날리도마이드', '증례기록서(CRF)', '데이터 점검', '내려받기', '환자', '분석', 'CSV', 'XLSX', 'DOCX', 'JSON']) {
    assert.ok(all.includes(term), term);
  }
  // Instructions in the polite 합니다/하십시오 style, never the plain 한다 style.
  for (const [key, text] of Object.entries(ko)) assert.doesNotMatch(text, /(?:[한된했였]다|하라)(?:[.\s]|$)/, `ko ${key}: ${text}`);
  // No particle glued to a closing bracket or quote ("(CRF)로"): browsers may break the line
  // there even with word-break: keep-all, leaving the particle alone at the start of a line.
  for (const [key, text] of Object.entries(ko)) assert.doesNotMatch(text, /[)\]”’][\uac00-\ud7af]/, `ko ${key}: ${text}`);
});

test('the language: the first of the browser\'s languages the page speaks, or one the URL hash names', () => {
  assert.equal(pickLang(['ko-KR', 'ko', 'en-US']), 'ko');
  assert.equal(pickLang(['ko']), 'ko');
  assert.equal(pickLang(['en-US', 'ko-KR']), 'en');
  assert.equal(pickLang(['fr-FR', 'ko-KR', 'en']), 'ko');
  assert.equal(pickLang(['ja-JP', 'fr']), 'en');
  assert.equal(pickLang(['KO_kr']), 'ko');
  assert.equal(pickLang([]), 'en');
  assert.equal(langFromHash('#lang=ko'), 'ko');
  assert.equal(langFromHash('#settings=%7B%22two_by_two_test%22%3A%22chi_square%22%7D&lang=en'), 'en');
  assert.equal(langFromHash('#lang=ko&settings=%7B%7D'), 'ko');
  assert.equal(langFromHash('#settings=%7B%7D'), null);
  assert.equal(langFromHash('#lang=fr'), null);
  assert.equal(langFromHash('#lang=%E0%A4%A'), null);
  assert.equal(langFromHash('#outcome'), null);
  assert.equal(langFromHash('#slang=ko'), null);
  // A link that names a language keeps its settings readable.
  assert.deepEqual(settings.fromHash('#settings=' + encodeURIComponent('{"two_by_two_test":"chi_square"}') + '&lang=ko'), settings.merge({ two_by_two_test: 'chi_square' }));
  assert.deepEqual(settings.fromHash('#lang=ko&settings=' + encodeURIComponent('{"two_by_two_test":"chi_square"}')), settings.merge({ two_by_two_test: 'chi_square' }));
  assert.ok(!settings.hasSettings('#lang=ko'));
});

test('t and tn speak the current language', () => {
  assert.equal(getLang(), 'en');
  try {
    setLang('ko');
    assert.equal(t('intake.cancel'), '취소');
    assert.equal(tn('status.analyzed', 1, { n: 31, warnings: 1 }), '환자 31명을 분석했습니다 (경고 1건).');
    assert.equal(t('status.downloaded', { name: 'lenalyze-tables.xlsx' }), '내려받았습니다: lenalyze-tables.xlsx');
  } finally {
    setLang('en');
  }
  assert.equal(t('intake.cancel'), 'Cancel');
});

test('index.html carries the catalogue\'s English for every data-i18n element', () => {
  const html = fs.readFileSync(path.join(WWW, 'index.html'), 'utf8');
  const unescape = (/** @type {string} */ s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
  let n = 0;
  for (const m of html.matchAll(/<(\w+)[^>]*\sdata-i18n="([^"]+)"[^>]*>([^<]*)<\/\1>/g)) {
    assert.equal(unescape(m[3]), /** @type {Record<string, string>} */ (en)[m[2]], m[2]);
    n++;
  }
  assert.ok(n >= 40, `only ${n} static texts checked`);
});

test('t fills placeholders; tn picks the plural', () => {
  assert.equal(t('status.downloaded', { name: 'x.xlsx' }), 'Downloaded x.xlsx.');
  assert.equal(tn('status.analyzed', 1, { n: 31, warnings: 1 }), 'Analyzed 31 patients (1 warning).');
  assert.equal(tn('status.analyzed', 2, { n: 31, warnings: 2 }), 'Analyzed 31 patients (2 warnings).');
});

// ---------------------------------------------------------------- settings

test('settings: defaults and ranges are the core\'s', () => {
  const d = settings.defaults();
  assert.equal(d.confidence_level, 0.95);
  assert.equal(d.two_by_two_test, 'fisher');
  assert.deepEqual(settings.range('cut_points.thrombocytopenia_grade'), { path: 'cut_points.thrombocytopenia_grade', min: 1, max: 5, integer: true });
  assert.ok(settings.isDefault(d));
});

test('settings: only non-default values go in the hash, and come back', () => {
  assert.equal(settings.toHash(settings.defaults()), '');
  const s = settings.merge({ two_by_two_test: 'chi_square', cut_points: { rbc_units_8wk: 6 } });
  assert.deepEqual(settings.diff(s), { two_by_two_test: 'chi_square', cut_points: { rbc_units_8wk: 6 } });
  const hash = settings.toHash(s);
  assert.match(hash, /^#settings=/);
  assert.deepEqual(settings.fromHash(hash), s);
  assert.deepEqual(settings.fromHash('#settings=%7Bbroken'), settings.defaults());
  assert.deepEqual(settings.fromHash('#settings=' + encodeURIComponent('{"typo":1,"two_by_two_test":"nope"}')), settings.defaults());
  assert.ok(settings.hasSettings(hash));
  assert.ok(!settings.hasSettings('#outcome'));
});

test('settings from a shared link: out-of-range values fall back to the defaults', () => {
  const merged = settings.merge({ confidence_level: 2, min_age_years: -1, evaluable_min_days: 2.5, apply_eligibility: 'no', cut_points: { thrombocytopenia_grade: 2.5, rbc_units_8wk: 6 } });
  const d = settings.defaults();
  assert.equal(merged.confidence_level, d.confidence_level);
  assert.equal(merged.min_age_years, d.min_age_years);
  assert.equal(merged.evaluable_min_days, d.evaluable_min_days);
  assert.equal(merged.apply_eligibility, d.apply_eligibility);
  assert.equal(merged.cut_points?.thrombocytopenia_grade, d.cut_points?.thrombocytopenia_grade);
  assert.equal(merged.cut_points?.rbc_units_8wk, 6);
});

test('shiftPoint changes a setting\'s unit digit for digit (the confidence level shown in percent)', async () => {
  // Worked by hand: moving the decimal point, never multiplying (0.95 × 100
  // is 94.99999999999999 in floating point).
  const cases = [
    [0.95, 2, '95'], [0.999, 2, '99.9'], [0.8, 2, '80'], [1e-7, 2, '0.00001'],
    ['95', -2, '0.95'], ['95.5', -2, '0.955'], ['99.9', -2, '0.999'], ['5', -2, '0.05'],
    ['0', -2, '0'], ['.5', 2, '50'], ['-3.25', 1, '-32.5'], ['1.5e3', -2, '15'], ['abc', 2, 'abc'],
  ];
  for (const [x, places, want] of cases) assert.equal(settings.shiftPoint(x, places), want, `${x} by ${places}`);
  // Every range end of the core survives the round trip exactly.
  const core = await import(path.join(WWW, 'pkg/lenalyze_csv.js'));
  /** @type {{ ranges: { min: number, max: number }[] }} */
  const info = JSON.parse(core.settings_info());
  for (const r of info.ranges) {
    for (const v of [r.min, r.max]) assert.equal(Number(settings.shiftPoint(settings.shiftPoint(v, 2), -2)), v);
  }
});
