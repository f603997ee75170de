// @ts-check
// CSV export of the tables: RFC 4180 quoting, UTF-8 with a byte-order mark
// (so Excel reads Korean text right), and formula neutralization: a cell
// from the user's files that starts with =, +, -, @, tab or CR could run as
// a formula when the CSV is opened in a spreadsheet, so it gets a leading
// apostrophe. Numbers Lenalyze computed are passed as numbers and stay
// numbers (a negative correlation stays -0.114). Pure: node unit-tests it.

/** Characters that make a spreadsheet treat a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Makes one cell safe to open in a spreadsheet. Numbers (computed by
 * Lenalyze) are written as numbers; strings that could start a formula get a
 * leading apostrophe.
 * @param {string | number | null | undefined} value
 * @returns {string}
 */
export function safeCell(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * Quotes a cell for CSV when needed.
 * @param {string} text
 */
function quote(text) {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Builds CSV text (with BOM, CRLF line ends) from rows of cells.
 * @param {Array<Array<string | number | null | undefined>>} rows
 * @returns {string}
 */
export function toCsv(rows) {
  return '\uFEFF' + rows.map((row) => row.map((cell) => quote(safeCell(cell))).join(',')).join('\r\n') + '\r\n';
}
