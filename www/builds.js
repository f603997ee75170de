// @ts-check
// Which wasm build reads a request's files. The first-visit CSV build reads
// CSV and TSV text in UTF-8 or UTF-16; the full build also reads workbooks,
// site summaries and text in other encodings (CP949/EUC-KR, Shift_JIS,
// windows-1252, …: chardetng and encoding_rs, whose tables would double the
// first download). The Worker (worker.js) and the parity test
// (tests/e2e/parity.test.mjs) both decide here, so the test reads every
// input the way the page does.

/** @typedef {import('./messages.js').InputFile} InputFile */

/**
 * True for XLSX/ODS (zip) and XLS (OLE) files, by their first bytes.
 * @param {Uint8Array} b
 */
export function isWorkbook(b) {
  const zip = b.length > 3 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
  const ole = b.length > 3 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;
  return zip || ole;
}

/**
 * True for a site summary (src/pool/summary.rs): JSON whose `format` is
 * lenalyze-site-summary. Only the full build pools.
 * @param {Uint8Array} b
 */
export function isSiteSummary(b) {
  const head = new TextDecoder().decode(b.subarray(0, 4096));
  return /^\uFEFF?\s*\{/.test(head) && /"format"\s*:\s*"lenalyze-site-summary"/.test(head);
}

/**
 * The build for `files` (and a claims file) and the progress stage that
 * loading it shows: the full build for a workbook or a site summary, or for
 * text the CSV build cannot decode (its own `reads_text_encoding` says so:
 * the rule is the core's, src/ingest/read.rs), else the CSV build.
 * @param {InputFile[]} files
 * @param {InputFile | undefined} claims
 * @param {() => Promise<{ reads_text_encoding: (bytes: Uint8Array) => boolean }>} csvBuild the CSV build, loaded
 * @returns {Promise<{ build: 'csv' | 'full', stage: 'loading' | 'loading-workbook' | 'loading-encodings' }>}
 */
export async function chooseBuild(files, claims, csvBuild) {
  if (files.some((f) => isWorkbook(f.bytes) || isSiteSummary(f.bytes))) {
    return { build: 'full', stage: 'loading-workbook' };
  }
  const csv = await csvBuild();
  const all = claims ? [...files, claims] : files;
  if (all.some((f) => !csv.reads_text_encoding(f.bytes))) {
    return { build: 'full', stage: 'loading-encodings' };
  }
  return { build: 'csv', stage: 'loading' };
}
