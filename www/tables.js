// @ts-check
// Journal tables: one model per table (caption, header rows, row groups,
// footnotes) rendered both as a semantic <table> and as CSV, so the CSV a
// user downloads holds exactly the rows the page shows. All text goes in
// through textContent.

import { el, download } from './dom.js';
import { toCsv } from './csv.js';
import { DASH } from './format.js';

/**
 * @typedef {object} Cell
 * @property {string} text            What the page shows.
 * @property {string | number} [csv]  What the CSV holds, when not the text (numbers Lenalyze computed).
 * @property {string} [title]         Tooltip (e.g. why a value is not computable).
 * @property {'row' | 'rowgroup' | 'col' | 'colgroup'} [scope]  Makes the cell a <th> with this scope.
 * @property {number} [rowspan]
 * @property {number} [colspan]
 * @property {boolean} [num]          Right-aligned, tabular figures.
 * @property {string} [cls]           Extra class.
 */

/** @typedef {{ label?: string, rows: Cell[][] }} Group */

/**
 * @typedef {object} TableModel
 * @property {string} id         Element id (also the CSV file name).
 * @property {string} caption    "Table 2. Evaluation of potential predictors for RBC-TI".
 * @property {Cell[][]} head     Header rows.
 * @property {Group[]} groups    Row groups, each a <tbody>.
 * @property {string[]} footnotes
 * @property {string} [cls]      Extra class on the table.
 */

/**
 * A cell.
 * @param {string | number} text
 * @param {Omit<Cell, 'text'>} [opts]
 * @returns {Cell}
 */
export function c(text, opts = {}) {
  return { text: String(text), ...opts };
}

/**
 * A numeric cell (right-aligned).
 * @param {string | number} text
 * @param {Omit<Cell, 'text'>} [opts]
 * @returns {Cell}
 */
export function n(text, opts = {}) {
  return { text: String(text), num: true, ...opts };
}

/**
 * A row-header cell.
 * @param {string} text
 * @param {Omit<Cell, 'text'>} [opts]
 * @returns {Cell}
 */
export function rh(text, opts = {}) {
  return { text, scope: 'row', ...opts };
}

/**
 * A column-header cell.
 * @param {string} text
 * @param {Omit<Cell, 'text'>} [opts]
 * @returns {Cell}
 */
export function ch(text, opts = {}) {
  return { text, scope: opts.colspan && opts.colspan > 1 ? 'colgroup' : 'col', ...opts };
}

/**
 * A cell for a value that could not be computed: a dash whose tooltip (and
 * the table's footnote) gives the reason.
 * @param {string} reason
 * @param {Omit<Cell, 'text'>} [opts]
 * @returns {Cell}
 */
export function notComputable(reason, opts = {}) {
  return { text: DASH, title: String(reason).replace(/^not computable: /i, 'Not computable: '), num: true, cls: 'nc', ...opts };
}

/**
 * The footnotes of a model plus one per distinct not-computable reason.
 * @param {TableModel} model
 */
function allFootnotes(model) {
  const reasons = new Set();
  for (const g of model.groups) for (const row of g.rows) for (const cell of row) if (cell.cls === 'nc' && cell.title) reasons.add(cell.title);
  return [...model.footnotes, ...[...reasons].map((r) => `${DASH} ${r}.`.replace(/\.\.$/, '.'))];
}

/**
 * Renders one cell.
 * @param {Cell} cell
 * @param {boolean} inHead
 */
function renderCell(cell, inHead) {
  const tag = inHead || cell.scope ? 'th' : 'td';
  const classes = [cell.num ? 'num' : '', cell.cls ?? ''].filter(Boolean).join(' ');
  return el(tag, {
    scope: tag === 'th' ? (cell.scope ?? 'col') : undefined,
    rowspan: cell.rowspan && cell.rowspan > 1 ? cell.rowspan : undefined,
    colspan: cell.colspan && cell.colspan > 1 ? cell.colspan : undefined,
    class: classes || undefined,
    title: cell.title,
    text: cell.text,
  });
}

/**
 * Renders a table model with its footnotes and CSV button.
 * @param {TableModel} model
 * @returns {HTMLElement}
 */
export function renderTable(model) {
  const captionId = `${model.id}-caption`;
  const table = el('table', { class: `journal ${model.cls ?? ''}`.trim(), id: model.id }, [
    el('caption', { id: captionId, text: model.caption }),
  ]);
  const thead = el('thead');
  for (const row of model.head) thead.append(el('tr', {}, row.map((cell) => renderCell(cell, true))));
  table.append(thead);
  const width = columnCount(model);
  for (const group of model.groups) {
    const tbody = el('tbody');
    if (group.label) {
      tbody.append(el('tr', { class: 'group' }, [el('th', { scope: 'rowgroup', colspan: width, text: group.label })]));
    }
    for (const row of group.rows) tbody.append(el('tr', {}, row.map((cell) => renderCell(cell, false))));
    table.append(tbody);
  }
  const wrap = el('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': captionId, tabindex: 0 }, [table]);
  const notes = allFootnotes(model).map((f) => el('p', { class: 'footnote', text: f }));
  const button = el('button', { type: 'button', class: 'secondary csv-button', 'data-table': model.id, text: 'Download CSV' });
  button.setAttribute('aria-label', `Download CSV of ${model.caption.split('. ')[0]}`);
  button.addEventListener('click', () => download(`lenalyze-${model.id}.csv`, tableCsv(model), 'text/csv;charset=utf-8'));
  return el('div', { class: 'table-block' }, [wrap, ...notes, el('div', { class: 'export-actions' }, [button])]);
}

/**
 * Columns of the widest header row.
 * @param {TableModel} model
 */
function columnCount(model) {
  let max = 0;
  for (const row of model.head) max = Math.max(max, row.reduce((s, cell) => s + (cell.colspan ?? 1), 0));
  return max;
}

/**
 * Expands rows with row/column spans into a rectangular grid of CSV values:
 * a spanned cell's value appears once, the covered positions stay blank.
 * @param {Cell[][]} rows
 * @param {number} width
 * @returns {Array<Array<string | number>>}
 */
function grid(rows, width) {
  /** @type {number[]} remaining rows each column is covered by a rowspan */
  const covered = new Array(width).fill(0);
  return rows.map((row) => {
    /** @type {Array<string | number>} */
    const out = [];
    let col = 0;
    const advance = () => {
      while (col < width && covered[col] > 0) {
        covered[col] -= 1;
        out.push('');
        col += 1;
      }
    };
    for (const cell of row) {
      advance();
      const span = cell.colspan ?? 1;
      out.push(cell.csv ?? (cell.cls === 'nc' ? '' : cell.text));
      for (let k = 1; k < span; k++) out.push('');
      if (cell.rowspan && cell.rowspan > 1) for (let k = 0; k < span; k++) covered[col + k] = cell.rowspan - 1;
      col += span;
    }
    advance();
    return out;
  });
}

/**
 * The rows of a table model as CSV cells: caption, header rows, body rows
 * (a group label as its own row), a blank row, footnotes.
 * @param {TableModel} model
 * @returns {Array<Array<string | number>>}
 */
export function tableRows(model) {
  const width = columnCount(model);
  /** @type {Array<Array<string | number>>} */
  const rows = [[model.caption], ...grid(model.head, width)];
  for (const group of model.groups) {
    if (group.label) rows.push([group.label]);
    rows.push(...grid(group.rows, width));
  }
  const notes = allFootnotes(model);
  if (notes.length) rows.push([], ...notes.map((f) => [f]));
  return rows;
}

/**
 * The CSV text of a table model.
 * @param {TableModel} model
 */
export function tableCsv(model) {
  return toCsv(tableRows(model));
}
