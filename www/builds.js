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
 * The build that the files' first bytes call for: the full build for a
 * workbook or a site summary, else the CSV build. (The Worker decides this
 * from each file's first 4 KB while it reads the files.)
 * @param {Uint8Array[]} heads the files' first bytes (or whole bytes)
 * @returns {'csv' | 'full'}
 */
export function buildForHeads(heads) {
  return heads.some((b) => isWorkbook(b) || isSiteSummary(b)) ? 'full' : 'csv';
}

/**
 * True when the CSV build decodes the text of every file and of the claims
 * file: it says false for text in neither UTF-8 nor UTF-16
 * (`reads_text_encoding`: the rule is the core's, src/ingest/read.rs), and
 * such files need the full build.
 * @param {{ reads_text_encoding: (bytes: Uint8Array) => boolean }} csv the CSV build, loaded
 * @param {InputFile[]} files
 * @param {InputFile | undefined} claims
 */
export function readsEncodings(csv, files, claims) {
  const all = claims ? [...files, claims] : files;
  return all.every((f) => csv.reads_text_encoding(f.bytes));
}

/**
 * Both steps on whole files, as the Worker takes them: the build for
 * `files` (and a claims file) and the progress stage that loading it shows.
 * @param {InputFile[]} files
 * @param {InputFile | undefined} claims
 * @param {() => Promise<{ reads_text_encoding: (bytes: Uint8Array) => boolean }>} csvBuild the CSV build, loaded
 * @returns {Promise<{ build: 'csv' | 'full', stage: 'loading' | 'loading-workbook' | 'loading-encodings' }>}
 */
export async function chooseBuild(files, claims, csvBuild) {
  if (buildForHeads(files.map((f) => f.bytes.subarray(0, 4096))) === 'full') {
    return { build: 'full', stage: 'loading-workbook' };
  }
  if (!readsEncodings(await csvBuild(), files, claims)) {
    return { build: 'full', stage: 'loading-encodings' };
  }
  return { build: 'csv', stage: 'loading' };
}
