// @ts-check
// The messages between the page (app.js) and its Worker (worker.js): types
// only. The report and presentation cross as JSON text (faster than an
// object tree); their types are generated from the core's schemas in
// www/types/.

/** @typedef {{ name: string, bytes: Uint8Array }} InputFile */
// What the page holds of a file and sends: the browser's File (a Blob), not
// its bytes. Posting a Blob to the Worker copies no bytes; the Worker reads
// it once, in chunks, saying how far it has read (`reading` with a percent).
/** @typedef {{ name: string, blob: Blob }} PageFile */
// `claims`: a claims file checked against the analysis (docs/claims.md).
/** @typedef {{ id: string, png: Uint8Array }} FigurePng */
/** @typedef {import('./types/report').Settings} Settings */
/** @typedef {'reading' | 'loading' | 'loading-workbook' | 'loading-encodings' | 'analyzing' | 'exporting'} Stage */
// `summary`: a site summary for pooling (src/pool): its JSON text (empty
// when the files have errors), a file name, and the disclosure note.
// `table`: one table with every row, as JSON text (a long listing's CSV;
// the page shows its first rows), or undefined when there is no such table.

/**
 * What the page asks.
 * @typedef {{ id: number, type: 'info' }
 *   | { id: number, type: 'analyze', files: PageFile[], settings: Settings | undefined, lang: string, claims: PageFile | undefined }
 *   | { id: number, type: 'export', format: 'xlsx' | 'docx', files: PageFile[], settings: Settings | undefined, lang: string, figures: FigurePng[], claims: PageFile | undefined }
 *   | { id: number, type: 'summary', files: PageFile[], settings: Settings | undefined, lang: string, site: string }
 *   | { id: number, type: 'table', files: PageFile[], settings: Settings | undefined, lang: string, claims: PageFile | undefined, table: string }} Request
 */

/**
 * What the Worker answers. An error with `panic` says the core panicked:
 * the page replaces the Worker before the next request.
 * @typedef {{ id: number, type: 'progress', stage: Stage, percent?: number }
 *   | { id: number, type: 'error', message: string, panic?: boolean }
 *   | { id: number, type: 'info', version: string, settings: string }
 *   | { id: number, type: 'result', report: string, presentation: string }
 *   | { id: number, type: 'export', bytes: Uint8Array<ArrayBuffer>, name: string, mime: string }
 *   | { id: number, type: 'summary', summary: string, name: string, note: string }
 *   | { id: number, type: 'table', table: string | undefined }} Response
 */

export {};
