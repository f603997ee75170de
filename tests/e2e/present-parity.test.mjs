// @ts-check
// One presentation, four renderers: for the demo and every input under
// tests/data/ (recursively), the text of every table is the same, cell by
// cell, on the page (Chromium), in the CLI's CSVs (--tables-dir), in the
// CLI's XLSX (opened by LibreOffice and saved as CSV, one file per sheet)
// and in the CLI's DOCX (word/document.xml read here). Also: two CLI runs
// give byte-identical XLSX and DOCX.
//
// Every renderer is read into the grid `Table::grid` defines
// (src/present/model.rs): the caption row, the header rows, the body rows
// (a group label as a one-cell row), then — when the table has footnotes —
// a blank row and one row per footnote; a spanned cell's text appears once,
// in its first position, and the positions it covers are empty. So the
// caption, head, body and footnotes are all compared, in order:
//   - page: the <caption>, every <tr> of thead/tbody with rowspan/colspan
//     expanded, and the table block's footnote paragraphs;
//   - CSV: the file as written;
//   - XLSX: row 1 is the caption, row 2 is left blank by the writer and
//     dropped here, the rule under the table is the blank row before the
//     footnotes (or a trailing blank row when there are none);
//   - DOCX: matched by caption (the document may order sections its own
//     way); the caption paragraph right before each w:tbl, the rows
//     (w:gridSpan expanded, w:vMerge continuation cells empty; a group
//     label is one cell spanning the table), and the paragraphs after the
//     table up to the empty paragraph that closes it (the footnotes).
// Trailing empty cells of a row and trailing empty rows are not compared
// (a spreadsheet pads rows to the sheet's width; a Word group row spans it).
// Inputs whose report has errors are compared too (their data check tables).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync, spawnSync } from 'node:child_process';
import { serve, launch, openPage, foreignRequests, ROOT, DEMO_CSV, upload, CLI } from './harness.mjs';

const INPUT = /\.(csv|tsv|txt|xlsx|xls|ods)$/i;

/** @typedef {string[][]} Grid */

/**
 * Every input file under a directory, recursively, in a stable order.
 * @param {string} dir
 * @returns {string[]}
 */
function inputsUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? inputsUnder(path.join(dir, e.name)) : INPUT.test(e.name) ? [path.join(dir, e.name)] : []));
}

/**
 * Parses RFC 4180 CSV (quoted fields may hold commas, quotes and line
 * breaks).
 * @param {string} text
 * @returns {Grid}
 */
function parseCsv(text) {
  /** @type {Grid} */
  const rows = [];
  /** @type {string[]} */
  let row = [];
  let field = '';
  let quoted = false;
  let i = 0;
  if (text.startsWith('\uFEFF')) i = 1;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      // CRLF: the LF ends the row.
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * Drops trailing empty cells of each row and trailing empty rows.
 * @param {Grid} grid
 * @returns {Grid}
 */
function norm(grid) {
  const rows = grid.map((row) => {
    const r = [...row];
    while (r.length && r[r.length - 1] === '') r.pop();
    return r;
  });
  while (rows.length && rows[rows.length - 1].length === 0) rows.pop();
  return rows;
}

// ---------------------------------------------------------------- zip and XML

/**
 * The files of a zip archive, read through its central directory.
 * @param {Buffer} buf
 * @returns {Map<string, Buffer>}
 */
function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'zip: no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  /** @type {Map<string, Buffer>} */
  const files = new Map();
  for (let k = 0; k < count; k++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'zip: central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files.set(name, method === 0 ? Buffer.from(data) : zlib.inflateRawSync(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

/** @typedef {{ name: string, attrs: Record<string, string>, children: Array<XmlNode | string> }} XmlNode */

/** @param {string} s */
function unescapeXml(s) {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return /** @type {Record<string, string>} */ ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e];
  });
}

/**
 * A small XML parser: elements, attributes and text (enough for
 * word/document.xml).
 * @param {string} xml
 * @returns {XmlNode}
 */
function parseXml(xml) {
  /** @type {XmlNode} */
  const root = { name: '#root', attrs: {}, children: [] };
  const stack = [root];
  const re = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  for (const m of xml.matchAll(re)) {
    const top = stack[stack.length - 1];
    if (m[5] !== undefined) {
      top.children.push(unescapeXml(m[5]));
      continue;
    }
    if (!m[2]) continue;
    if (m[1]) {
      stack.pop();
      continue;
    }
    /** @type {Record<string, string>} */
    const attrs = {};
    for (const a of (m[3] ?? '').matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[a[1]] = unescapeXml(a[2] ?? a[3] ?? '');
    /** @type {XmlNode} */
    const node = { name: m[2], attrs, children: [] };
    top.children.push(node);
    if (!m[4]) stack.push(node);
  }
  return root;
}

/**
 * Child elements named `name`.
 * @param {XmlNode} node
 * @param {string} name
 * @returns {XmlNode[]}
 */
function kids(node, name) {
  return /** @type {XmlNode[]} */ (node.children.filter((c) => typeof c !== 'string' && c.name === name));
}

/**
 * The first descendant named `name`.
 * @param {XmlNode} node
 * @param {string} name
 * @returns {XmlNode | undefined}
 */
function find(node, name) {
  for (const c of node.children) {
    if (typeof c === 'string') continue;
    if (c.name === name) return c;
    const hit = find(c, name);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * The text of a paragraph (runs' w:t, w:br as a line break).
 * @param {XmlNode} node
 * @returns {string}
 */
function wordText(node) {
  let out = '';
  for (const c of node.children) {
    if (typeof c === 'string') continue;
    if (c.name === 'w:t') out += c.children.filter((x) => typeof x === 'string').join('');
    else if (c.name === 'w:br' || c.name === 'w:cr') out += '\n';
    else if (c.name === 'w:tab') out += '\t';
    else if (c.name !== 'w:pPr' && c.name !== 'w:rPr' && c.name !== 'w:tcPr') out += wordText(c);
  }
  return out;
}

/**
 * Every table of a Word document as a grid: its caption paragraph, its rows
 * (spans expanded) and the footnote paragraphs after it.
 * @param {Buffer} docx
 * @returns {Grid[]}
 */
function docxTables(docx) {
  const xml = unzip(docx).get('word/document.xml');
  assert.ok(xml, 'word/document.xml');
  const body = find(parseXml(xml.toString('utf8')), 'w:body');
  assert.ok(body);
  const blocks = /** @type {XmlNode[]} */ (body.children.filter((c) => typeof c !== 'string' && (c.name === 'w:p' || c.name === 'w:tbl')));
  /** @type {Grid[]} */
  const tables = [];
  blocks.forEach((b, i) => {
    if (b.name !== 'w:tbl') return;
    const before = blocks[i - 1];
    /** @type {Grid} */
    const grid = [[before && before.name === 'w:p' ? wordText(before) : '']];
    for (const tr of kids(b, 'w:tr')) {
      /** @type {string[]} */
      const row = [];
      for (const tc of kids(tr, 'w:tc')) {
        const pr = kids(tc, 'w:tcPr')[0];
        const span = Number((pr && kids(pr, 'w:gridSpan')[0]?.attrs['w:val']) ?? 1);
        const vMerge = pr && kids(pr, 'w:vMerge')[0];
        const continued = vMerge !== undefined && (vMerge.attrs['w:val'] ?? 'continue') === 'continue';
        row.push(continued ? '' : kids(tc, 'w:p').map(wordText).join('\n'));
        for (let k = 1; k < span; k++) row.push('');
      }
      grid.push(row);
    }
    /** @type {string[]} */
    const notes = [];
    for (let j = i + 1; j < blocks.length && blocks[j].name === 'w:p'; j++) {
      const text = wordText(blocks[j]);
      if (text === '') break;
      notes.push(text);
    }
    if (notes.length) grid.push([], ...notes.map((n) => [n]));
    tables.push(grid);
  });
  return tables;
}

/**
 * The XLSX sheet name of each table, as src/export/xlsx.rs names them (at
 * most 31 characters, none of []:*?/\, unique ignoring case).
 * @param {string[]} shorts
 */
function sheetNames(shorts) {
  /** @type {string[]} */
  const used = [];
  return shorts.map((short) => {
    const clean = [...short].map((c) => ('[]:*?/\\'.includes(c) ? '-' : c)).join('');
    const base = [...clean.replace(/^'+|'+$/g, '')].slice(0, 31).join('');
    let name = base || 'Table';
    for (let k = 2; used.some((u) => u.toLowerCase() === name.toLowerCase()); k++) {
      const suffix = ` (${k})`;
      name = [...base].slice(0, 31 - [...suffix].length).join('') + suffix;
    }
    used.push(name);
    return name;
  });
}

// ---------------------------------------------------------------- the page

/**
 * Every rendered table of the report as a grid, keyed by its id.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<Array<{ id: string, grid: Grid }>>}
 */
function pageTables(page) {
  return page.evaluate(() => Array.from(document.querySelectorAll('#report-body table.journal')).map((node) => {
    const table = /** @type {HTMLTableElement} */ (node);
    const width = Math.max(0, ...Array.from(table.tHead?.rows ?? []).map((tr) => Array.from(tr.cells).reduce((s, c) => s + c.colSpan, 0)));
    /** @type {string[][]} */
    const grid = [[table.caption?.textContent ?? '']];
    for (const section of [table.tHead, ...Array.from(table.tBodies)]) {
      if (!section) continue;
      /** @type {number[]} rows each column is still covered by a rowspan (per section, as the core places each group) */
      const covered = new Array(width).fill(0);
      for (const tr of Array.from(section.rows)) {
        if (tr.classList.contains('group')) {
          grid.push([tr.textContent ?? '']);
          continue;
        }
        /** @type {string[]} */
        const row = [];
        const skipCovered = () => {
          while (row.length < width && covered[row.length] > 0) {
            covered[row.length] -= 1;
            row.push('');
          }
        };
        for (const cell of Array.from(tr.cells)) {
          skipCovered();
          const col = row.length;
          row.push(cell.textContent ?? '');
          for (let k = 1; k < cell.colSpan; k++) row.push('');
          for (let k = 0; k < cell.colSpan; k++) if (col + k < width) covered[col + k] = cell.rowSpan - 1;
        }
        while (row.length < width) {
          if (covered[row.length] > 0) covered[row.length] -= 1;
          row.push('');
        }
        grid.push(row);
      }
    }
    const notes = Array.from(table.closest('.table-block')?.querySelectorAll('p.footnote') ?? []).map((p) => p.textContent ?? '');
    if (notes.length) grid.push([], ...notes.map((n) => [n]));
    return { id: table.dataset.table ?? '', grid };
  }));
}

// ---------------------------------------------------------------- the test

/** @type {Awaited<ReturnType<typeof serve>>} */
let site;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {string} */
let work;

before(async () => {
  site = await serve();
  browser = await launch();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lenalyze-parity-'));
});

after(async () => {
  await browser?.close();
  site?.server.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('every table reads the same on the page, in the CSVs, the XLSX and the DOCX, for every test input', async (t) => {
  const inputs = [DEMO_CSV, ...inputsUnder(path.join(ROOT, 'tests/data'))];
  assert.ok(inputs.length >= 20, `only ${inputs.length} inputs`);

  // The CLI: CSVs, presentation, XLSX and DOCX of each input, twice.
  const runs = inputs.map((file, k) => {
    const dir = path.join(work, String(k));
    fs.mkdirSync(dir);
    const args = (/** @type {string} */ tag) => ['analyze', file, '-o', path.join(dir, 'report.json'), '--lang', 'en',
      '--tables-dir', path.join(dir, `tables${tag}`), '--presentation', path.join(dir, `presentation${tag}.json`),
      '--xlsx', path.join(work, `${k}${tag}.xlsx`), '--docx', path.join(dir, `report${tag}.docx`)];
    for (const tag of ['', '-again']) {
      const r = spawnSync(CLI, args(tag), { stdio: ['ignore', 'ignore', 'pipe'] });
      assert.ok(r.status === 0 || r.status === 1, `${file}: exit ${r.status} ${r.stderr}`);
    }
    /** @type {import('../../www/types/presentation').Presentation} */
    const presentation = JSON.parse(fs.readFileSync(path.join(dir, 'presentation.json'), 'utf8'));
    const tables = presentation.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'table' ? [b] : [])));
    return { file, k, dir, tables };
  });

  // Deterministic exports: two runs, the same bytes.
  for (const r of runs) {
    const name = path.relative(ROOT, r.file);
    assert.ok(fs.readFileSync(path.join(work, `${r.k}.xlsx`)).equals(fs.readFileSync(path.join(work, `${r.k}-again.xlsx`))), `${name}: XLSX differs between two runs`);
    assert.ok(fs.readFileSync(path.join(r.dir, 'report.docx')).equals(fs.readFileSync(path.join(r.dir, 'report-again.docx'))), `${name}: DOCX differs between two runs`);
  }

  // LibreOffice: every sheet of every workbook as CSV, in one invocation.
  const loOut = path.join(work, 'lo');
  const lo = spawnSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${path.join(work, 'lo-profile')}`,
    '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1', '--outdir', loOut,
    ...runs.map((r) => path.join(work, `${r.k}.xlsx`))], { encoding: 'utf8', timeout: 120000 });
  assert.equal(lo.status, 0, `soffice: ${lo.stderr}`);

  const { page, requests, errors, context } = await openPage(browser, site.url);
  let compared = 0;
  for (const r of runs) {
    const name = path.relative(ROOT, r.file);
    const csvFiles = fs.readdirSync(path.join(r.dir, 'tables')).sort();
    assert.deepEqual(csvFiles, r.tables.map((tab) => `lenalyze-${tab.id}.csv`).sort(), `${name}: one CSV per table`);
    /** @type {Map<string, Grid>} */
    // The CLI CSV is each table's grid, except for a dataset (the derived
    // dataset), whose CSV is its header row and records only: the page,
    // the XLSX and the DOCX show it with its caption and footnotes.
    const csv = new Map(r.tables.map((tab) => {
      const rows = parseCsv(fs.readFileSync(path.join(r.dir, 'tables', `lenalyze-${tab.id}.csv`), 'utf8'));
      if (!tab.dataset) return [tab.id, norm(rows)];
      assert.notEqual(rows[0][0], tab.caption, `${name}: ${tab.id}: a dataset's CSV has no caption line`);
      return [tab.id, norm([[tab.caption], ...rows, [], ...tab.footnotes.map((f) => [f])])];
    }));

    // (a) the page
    await page.evaluate(() => document.getElementById('report-body')?.replaceChildren());
    await upload(page, [r.file]);
    const onPage = await pageTables(page);
    assert.deepEqual(onPage.map((tab) => tab.id), r.tables.map((tab) => tab.id), `${name}: the page shows every table, in order`);
    for (const tab of onPage) assert.deepEqual(norm(tab.grid), csv.get(tab.id), `${name}: table ${tab.id}, page vs CLI CSV`);

    // (b) the XLSX through LibreOffice
    const sheets = sheetNames(r.tables.map((tab) => tab.short));
    r.tables.forEach((tab, i) => {
      const file = path.join(loOut, `${r.k}-${sheets[i]}.csv`);
      assert.ok(fs.existsSync(file), `${name}: sheet ${sheets[i]} converted`);
      const grid = parseCsv(fs.readFileSync(file, 'utf8'));
      assert.deepEqual(norm(grid[1] ?? []), [], `${name}: ${tab.id}: the XLSX leaves row 2 blank`);
      assert.deepEqual(norm(grid.filter((_, j) => j !== 1)), csv.get(tab.id), `${name}: table ${tab.id}, XLSX (LibreOffice) vs CLI CSV`);
    });

    // (c) the DOCX
    // The Word document may order sections its own way (the data check as an
    // appendix): its tables are matched by caption, in order.
    const docx = docxTables(fs.readFileSync(path.join(r.dir, 'report.docx')));
    assert.equal(docx.length, r.tables.length, `${name}: the DOCX has every table`);
    for (const tab of r.tables) {
      const at = docx.findIndex((g) => g[0][0] === tab.caption);
      assert.ok(at >= 0, `${name}: table ${tab.id} is in the DOCX`);
      assert.deepEqual(norm(docx.splice(at, 1)[0]), csv.get(tab.id), `${name}: table ${tab.id}, DOCX vs CLI CSV`);
    }
    compared += r.tables.length;
  }
  assert.ok(compared >= 100, `only ${compared} tables compared`);
  t.diagnostic(`${runs.length} inputs, ${compared} tables compared on the page, in CSV, XLSX and DOCX`);
  assert.deepEqual(foreignRequests(requests, site.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the CLI CSV of every table is byte-identical to what the page downloads', async () => {
  const dir = path.join(work, 'demo-bytes');
  execFileSync(CLI, ['analyze', DEMO_CSV, '-o', path.join(dir + '.json'), '--tables-dir', dir]);
  // Chromium lets a page start ten downloads in a row, so a fresh page
  // downloads each batch of eight.
  const ids = fs.readdirSync(dir).map((f) => f.replace(/^lenalyze-|\.csv$/g, '')).sort();
  assert.ok(ids.length >= 15);
  for (let start = 0; start < ids.length; start += 8) {
    const { page, context } = await openPage(browser, site.url);
    await upload(page, [DEMO_CSV]);
    for (const id of ids.slice(start, start + 8)) {
      const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`#report-body button.csv-button[data-table="${id}"]`)]);
      assert.equal(dl.suggestedFilename(), `lenalyze-${id}.csv`);
      const bytes = fs.readFileSync(await dl.path());
      assert.ok(bytes.equals(fs.readFileSync(path.join(dir, `lenalyze-${id}.csv`))), `${id}: page CSV bytes = CLI CSV bytes`);
    }
    await context.close();
  }
});

test('a long listing shows its first 500 rows; its CSV download has every row, byte-identical to the CLI', async () => {
  // 1,200 patients: the derived dataset (one row per patient) is cut on the page.
  const file = path.join(work, 'synth-1200.csv');
  execFileSync(CLI, ['synth', '1200', '--seed', '3', '-o', file]);
  const dir = path.join(work, 'synth-1200-tables');
  execFileSync(CLI, ['analyze', file, '-o', path.join(work, 'synth-1200.json'), '--tables-dir', dir]);
  const cliCsv = fs.readFileSync(path.join(dir, 'lenalyze-derived-dataset.csv'));
  const { page, context } = await openPage(browser, site.url);
  await upload(page, [file]);
  const table = page.locator('#table-derived-dataset-caption').locator('xpath=ancestor::div[contains(@class,"table-block")]');
  const footnotes = await table.locator('.footnote').allTextContents();
  assert.ok(footnotes.includes("The first 500 of 1200 rows are listed; the table's CSV and the XLSX workbook have all of them."), footnotes.join(' | '));
  assert.equal(await table.locator('tbody tr').count(), 500, 'the page holds the first 500 rows (some folded until "Show all")');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#report-body button.csv-button[data-table="derived-dataset"]')]);
  const bytes = fs.readFileSync(await dl.path());
  assert.ok(bytes.equals(cliCsv), 'page CSV bytes = CLI CSV bytes');
  // Caption, header, 1,200 patients (and the footnote block after them).
  assert.ok(bytes.toString('utf8').split('\n').filter((l) => /^"?SYN-/.test(l)).length === 1200);
  await context.close();
});
