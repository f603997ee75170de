// @ts-check
// A presentation table as the rectangular grid of texts every export shares,
// and as the CSV the CLI writes (`lenalyze analyze --tables-dir`): the same
// bytes, so a table downloaded from the page equals the CLI's file. Mirrors
// `Table::grid` and `place` in src/present/model.rs and `csv` in
// src/export/mod.rs. Text from the user's files was neutralized for
// spreadsheets by the core before it entered the model, so nothing is
// changed here. Pure: node unit-tests it.

/** @typedef {import('./types/presentation').Table} Table */
/** @typedef {import('./types/presentation').Cell} Cell */

/**
 * Columns of the widest header row.
 * @param {Table} table
 */
export function tableWidth(table) {
  let max = 0;
  for (const row of table.head) max = Math.max(max, row.reduce((s, c) => s + (c.col_span ?? 1), 0));
  return max;
}

/**
 * Places rows with spans on a `width`-column grid: each cell at its
 * position, the positions it covers (by a row or column span) null.
 * @param {Cell[][]} rows
 * @param {number} width
 * @returns {Array<Array<Cell | null>>}
 */
export function place(rows, width) {
  /** @type {number[]} rows each column is still covered by a span from above */
  const covered = new Array(width).fill(0);
  return rows.map((row) => {
    /** @type {Array<Cell | null>} */
    const out = [];
    let next = 0;
    while (out.length < width) {
      const col = out.length;
      if (covered[col] > 0) {
        covered[col] -= 1;
        out.push(null);
        continue;
      }
      const cell = row[next];
      if (cell === undefined) {
        out.push(null);
        continue;
      }
      next += 1;
      out.push(cell);
      const span = Math.max(cell.col_span ?? 1, 1);
      for (let k = 0; k < span; k++) {
        if (col + k < width) covered[col + k] = Math.max((cell.row_span ?? 1) - 1, 0);
      }
      for (let k = 1; k < span; k++) if (out.length < width) out.push(null);
    }
    return out;
  });
}

/**
 * @param {Cell[][]} rows
 * @param {number} width
 * @returns {string[][]}
 */
function expand(rows, width) {
  return place(rows, width).map((row) => row.map((c) => (c ? c.text : '')));
}

/**
 * The table as a grid of texts: caption, header rows, body rows (a group
 * label as its own one-cell row), then a blank row and one row per footnote.
 * A spanned cell's text appears once, in its first position; the positions
 * it covers are empty strings.
 * @param {Table} table
 * @returns {string[][]}
 */
export function tableGrid(table) {
  const width = tableWidth(table);
  /** @type {string[][]} */
  const out = [[table.caption], ...expand(table.head, width)];
  for (const g of table.groups) {
    if (g.label !== undefined && g.label !== null) out.push([g.label]);
    out.push(...expand(g.rows, width));
  }
  if (table.footnotes.length) {
    out.push([]);
    for (const f of table.footnotes) out.push([f]);
  }
  return out;
}

/**
 * Quotes a CSV field when it holds a comma, quote or line break (RFC 4180).
 * @param {string} text
 */
export function quote(text) {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The CSV of a table: a byte-order mark (so Excel reads UTF-8), CRLF after
 * every row, RFC 4180 quoting.
 * @param {Table} table
 * @returns {string}
 */
export function tableCsv(table) {
  return '\uFEFF' + csvRows(table).map((row) => row.map(quote).join(',') + '\r\n').join('');
}

/**
 * The rows of a table's CSV: its grid, except for a dataset (the derived
 * dataset), whose CSV is its header row and records only, so statistical
 * software reads the first line as the column names. Mirrors
 * `Table::csv_rows` in src/present/model.rs.
 * @param {Table} table
 * @returns {string[][]}
 */
export function csvRows(table) {
  if (!table.dataset) return tableGrid(table);
  const width = tableWidth(table);
  const out = expand(table.head, width);
  for (const g of table.groups) out.push(...expand(g.rows, width));
  return out;
}

/**
 * The file name of a table's CSV, as the CLI names it.
 * @param {Table} table
 */
export function csvName(table) {
  return `lenalyze-${table.id}.csv`;
}
