// @ts-check
// Renders any presentation table (src/present/model.rs) as a semantic
// <table>: caption, header rows of th scope=col|colgroup, one tbody per
// group with its label as a full-width th scope=rowgroup, row headings as
// th scope=row (rowgroup when they span rows), spans, footnotes, and a CSV
// button whose bytes are what the CLI writes. It knows no table by name:
// adding a table in the core needs nothing here. All text goes in through
// textContent.

import { el, download } from './dom.js';
import { place, tableWidth, tableCsv, csvName } from './csv.js';
import { t, getLang } from './i18n.js';

/** @typedef {import('./types/presentation').Table} Table */
/** @typedef {import('./types/presentation').Cell} Cell */
/** @typedef {import('./types/presentation').CellKind} CellKind */

/** Body rows shown before "Show all" in a long table (about a screenful). */
export const SCREENFUL = 50;
/**
 * A flat listing (no labeled row groups: diagnostics, counts per column,
 * patients) longer than LISTING_MAX rows shows its first LISTING_SHOWN, so
 * it does not push the report's tables down; a grouped table (Table 1)
 * shows up to a screenful.
 */
export const LISTING_MAX = 20;
export const LISTING_SHOWN = 12;

/** Kinds that are words, not figures. */
const WORDS = new Set(/** @type {CellKind[]} */ (['label', 'text', 'user', 'empty']));

/** East Asian wide characters (Hangul, CJK, full-width forms): two columns each. */
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/**
 * How wide a text reads, in Latin character widths: a Hangul syllable is
 * about two (as the core sizes the exports' columns), so a Korean sentence
 * gets the room an English one of the same width gets.
 * @param {string} text
 */
export function displayWidth(text) {
  let n = 0;
  for (const ch of text) n += WIDE.test(ch) ? 2 : 1;
  return n;
}

/**
 * True for a figure (not a heading, not text): `Cell::is_numeric` in
 * src/present/model.rs, so the page right-aligns what the Word document does.
 * @param {Cell} cell
 */
function isNumeric(cell) {
  return !cell.header && (cell.number !== undefined && cell.number !== null || !WORDS.has(cell.kind));
}

/**
 * For each column: true when its body cells are numbers (`Table::numeric_columns`);
 * its heading is right-aligned over them.
 * @param {Table} table
 * @param {number} width
 */
function numericColumns(table, width) {
  const numeric = new Array(width).fill(false);
  const text = new Array(width).fill(false);
  for (const g of table.groups) {
    for (const row of place(g.rows, width)) {
      row.forEach((cell, c) => {
        if (!cell || cell.kind === 'empty') return;
        if (isNumeric(cell)) numeric[c] = true;
        else text[c] = true;
      });
    }
  }
  return numeric.map((n, c) => n && !text[c]);
}

/**
 * Renders one cell.
 * @param {Cell} cell
 * @param {'head' | 'body'} where
 * @param {boolean} numericColumn  a heading over a column of numbers
 */
function renderCell(cell, where, numericColumn) {
  const rowSpan = cell.row_span ?? 1;
  const colSpan = cell.col_span ?? 1;
  const heading = where === 'head' || cell.header === true;
  /** @type {string} */
  let scope = '';
  if (where === 'head') scope = colSpan > 1 ? 'colgroup' : 'col';
  else if (heading) scope = rowSpan > 1 ? 'rowgroup' : 'row';
  const classes = [];
  if (where === 'head' ? numericColumn : isNumeric(cell)) classes.push('num');
  if (cell.kind === 'not_computable') classes.push('nc');
  if (cell.kind === 'user') classes.push('user');
  if (cell.indent) classes.push(`indent-${Math.min(cell.indent, 3)}`);
  // A short text ("Week 12", "12주차") or a word (an ID, a file name, a date) is kept on one line.
  const width = displayWidth(cell.text);
  if (width <= 12 || (width <= 40 && !/\s/.test(cell.text))) classes.push('nb');
  // A sentence (a diagnostic message) gets room to read instead of a word per line.
  else if (width > 60) classes.push('long');
  if (where === 'body' && heading && rowSpan > 1) classes.push('factor');
  return el(heading ? 'th' : 'td', {
    scope: scope || undefined,
    rowspan: rowSpan > 1 ? rowSpan : undefined,
    colspan: colSpan > 1 ? colSpan : undefined,
    class: classes.join(' ') || undefined,
    title: cell.note ?? undefined,
    text: cell.text,
  });
}

/**
 * Rows after which a long table may be cut: no row span runs past them.
 * @param {Cell[][]} rows
 * @returns {boolean[]}  for each row, true when the table may be cut after it
 */
function cutPoints(rows) {
  let open = 0; // the last row a span from above reaches
  return rows.map((row, r) => {
    for (const cell of row) open = Math.max(open, r + (cell.row_span ?? 1) - 1);
    return open <= r;
  });
}

/**
 * Where a cut listing's CSV gets every row (app.js: the Worker), or null.
 * @type {((id: string) => Promise<Table | null>) | null}
 */
let wholeTable = null;

/**
 * Sets where a cut listing's CSV download gets the whole table.
 * @param {(id: string) => Promise<Table | null>} source
 */
export function setWholeTableSource(source) {
  wholeTable = source;
}

/**
 * Renders a presentation table with its footnotes and CSV button. A long
 * table shows its first rows and a "Show all" button (print shows every
 * row).
 * @param {Table} table
 * @param {{ cls?: string }} [options]
 * @returns {HTMLElement}
 */
export function renderTable(table, options = {}) {
  const width = tableWidth(table);
  const numeric = numericColumns(table, width);
  const captionId = `table-${table.id}-caption`;
  const node = el('table', {
    class: ['journal', table.wide ? 'wide' : '', options.cls ?? ''].filter(Boolean).join(' '),
    id: `table-${table.id}`,
    'data-table': table.id,
  }, [el('caption', { id: captionId, text: table.caption })]);

  const thead = el('thead');
  place(table.head, width).forEach((placed, r) => {
    const tr = el('tr');
    let k = 0;
    placed.forEach((cell, c) => {
      if (!cell) return;
      const span = cell.col_span ?? 1;
      const num = span === 1 && numeric[c];
      tr.append(renderCell(table.head[r][k++], 'head', num));
    });
    thead.append(tr);
  });
  node.append(thead);

  /** @type {HTMLElement[]} body rows in order, with whether the table may be cut after each */
  const bodyRows = [];
  /** @type {boolean[]} */
  const cuttable = [];
  for (const group of table.groups) {
    const labeled = group.label !== undefined && group.label !== null;
    const tbody = el('tbody', { class: labeled ? 'labeled' : 'unlabeled' });
    if (group.label !== undefined && group.label !== null) {
      const tr = el('tr', { class: 'group' }, [el('th', { scope: 'rowgroup', colspan: width, text: group.label })]);
      tbody.append(tr);
      bodyRows.push(tr);
      cuttable.push(false);
    }
    const cuts = cutPoints(group.rows);
    const placed = place(group.rows, width);
    group.rows.forEach((row, r) => {
      /** @type {number[]} the column of each cell of the row */
      const columns = [];
      placed[r].forEach((cell, c) => { if (cell) columns.push(c); });
      const tr = el('tr', {}, row.map((cell, k) => {
        const td = renderCell(cell, 'body', false);
        // A short row heading right of the first column is a level of a factor: kept on one line.
        if (cell.header && (columns[k] ?? 0) > 0 && displayWidth(cell.text) <= 30) td.classList.add('level');
        return td;
      }));
      tbody.append(tr);
      bodyRows.push(tr);
      cuttable.push(cuts[r]);
    });
    node.append(tbody);
  }

  const wrap = el('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': captionId, tabindex: 0 }, [node]);
  const notes = table.footnotes.map((f) => el('p', { class: 'footnote', text: f }));
  const csv = el('button', { type: 'button', class: 'secondary csv-button', 'data-table': table.id, text: t('table.csv') });
  csv.setAttribute('aria-label', t('table.csv_label', { name: table.short }));
  csv.addEventListener('click', async () => {
    // A cut listing's CSV has every row: the core lays the table out again, whole.
    const whole = table.truncated && wholeTable ? await wholeTable(table.id) : table;
    if (whole) download(csvName(whole), tableCsv(whole), 'text/csv;charset=utf-8');
  });
  // The page's own words, in the page's language (the table's may differ when the core falls back).
  const actions = el('div', { class: 'export-actions', lang: getLang() }, [csv]);
  const block = el('div', { class: 'table-block' }, [wrap, ...notes, actions]);

  // A long table: the first screenful, then "Show all" (cut where no span runs on).
  const dataRows = table.groups.reduce((s, g) => s + g.rows.length, 0);
  // A listing (the core marks them: diagnostics, sheets read, patients left out).
  const listing = table.listing;
  const [limit, shownRows] = listing ? [LISTING_MAX, LISTING_SHOWN] : [SCREENFUL, SCREENFUL];
  if (dataRows > limit) {
    const cut = bodyRows.findIndex((_, i) => i >= shownRows - 1 && cuttable[i]);
    if (cut >= 0 && cut < bodyRows.length - 1) {
      const hidden = bodyRows.slice(cut + 1);
      for (const tr of hidden) {
        tr.hidden = true;
        tr.classList.add('overflow');
      }
      const shown = bodyRows.slice(0, cut + 1).filter((tr) => !tr.classList.contains('group')).length;
      const note = el('p', { class: 'hint table-more', lang: getLang(), text: t('table.showing', { shown, total: dataRows }) });
      const more = el('button', { type: 'button', class: 'secondary show-all', 'data-table': table.id, text: t('table.show_all', { n: dataRows }) });
      more.setAttribute('aria-label', t('table.show_all_label', { n: dataRows, name: table.short }));
      more.setAttribute('aria-controls', `table-${table.id}`);
      more.addEventListener('click', () => {
        for (const tr of hidden) tr.hidden = false;
        note.remove();
        more.remove();
      });
      wrap.after(note);
      actions.prepend(more);
    }
  }
  return block;
}
