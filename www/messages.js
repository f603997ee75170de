// @ts-check
// The messages between the page (app.js) and its Worker (worker.js): types
// only. The report and presentation cross as JSON text (faster than an
// object tree); their types are generated from the core's schemas in
// www/types/.

/** @typedef {{ name: string, bytes: Uint8Array }} InputFile */
// `claims`: a claims file checked against the analysis (docs/claims.md).
/** @typedef {{ id: string, png: Uint8Array }} FigurePng */
/** @typedef {import('./types/report').Settings} Settings */
/** @typedef {'loading' | 'loading-workbook' | 'analyzing' | 'exporting'} Stage */

/**
 * What the page asks.
 * @typedef {{ id: number, type: 'info' }
 *   | { id: number, type: 'analyze', files: InputFile[], settings: Settings | undefined, lang: string, claims: InputFile | undefined }
 *   | { id: number, type: 'export', format: 'xlsx' | 'docx', files: InputFile[], settings: Settings | undefined, lang: string, figures: FigurePng[], claims: InputFile | undefined }} Request
 */

/**
 * What the Worker answers. An error with `panic` says the core panicked:
 * the page replaces the Worker before the next request.
 * @typedef {{ id: number, type: 'progress', stage: Stage }
 *   | { id: number, type: 'error', message: string, panic?: boolean }
 *   | { id: number, type: 'info', version: string, settings: string }
 *   | { id: number, type: 'result', report: string, presentation: string }
 *   | { id: number, type: 'export', bytes: Uint8Array<ArrayBuffer>, name: string, mime: string }} Response
 */

export {};
