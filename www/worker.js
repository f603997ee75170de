// @ts-check
/// <reference lib="webworker" />
// The analysis runs here, off the page's thread, so the page never freezes.
// The small CSV-only build loads first; the full build (with the workbook
// reader, the XLSX/DOCX writers, site summaries and text encodings other
// than UTF-8 and UTF-16) only when a workbook, a site summary or such a
// text file arrives (builds.js) or an export or a summary is asked for. Messages in:
// `info` (version and the settings' defaults and ranges), `analyze` (site
// summaries among the files are pooled), `export`, `summary` (a site
// summary to send for pooling), `table` (one table with every row); out: the answer with the request's id,
// `progress` stages, or `error` with a message. The page sends its files as
// Blobs; they are read here, once, in chunks, with the percent read.

import { t, setLang, isLang } from './i18n.js';
import { buildForHeads, readsEncodings } from './builds.js';

/** @typedef {import('./messages.js').InputFile} InputFile */
/** @typedef {import('./messages.js').PageFile} PageFile */
/** @typedef {import('./messages.js').FigurePng} FigurePng */
/** @typedef {import('./messages.js').Request} Request */
/** @typedef {import('./messages.js').Stage} Stage */
/** @typedef {import('./types/report').Settings} Settings */

/**
 * The wasm bindings (src/wasm.rs).
 * @typedef {object} Core
 * @property {(files: InputFile[], settings: Settings | undefined, lang: string, claims: InputFile | undefined) => { report: string, presentation: string }} analyze
 * @property {(files: InputFile[], settings: Settings | undefined, lang: string, claims: InputFile | undefined, id: string) => string | undefined} whole_table
 * @property {((files: InputFile[], settings: Settings | undefined, site: string, lang: string) => { summary: string, name: string, note: string }) | undefined} [site_summary]
 * @property {() => string} settings_info
 * @property {() => string} version
 * @property {(bytes: Uint8Array) => boolean} reads_text_encoding
 * @property {((files: InputFile[], settings: Settings | undefined, lang: string, claims: InputFile | undefined) => Uint8Array) | undefined} [export_xlsx]
 * @property {((files: InputFile[], settings: Settings | undefined, lang: string, figures: FigurePng[], claims: InputFile | undefined) => Uint8Array) | undefined} [export_docx]
 */

const scope = /** @type {DedicatedWorkerGlobalScope & { lenalyzePanic?: string }} */ (/** @type {unknown} */ (self));

/** @type {Map<string, Promise<Core>>} */
const builds = new Map();

/**
 * Loads one wasm build once.
 * @param {'csv' | 'full'} which
 * @returns {Promise<Core>}
 */
function load(which) {
  let build = builds.get(which);
  if (!build) {
    build = (async () => {
      const module = await import(`./pkg/lenalyze_${which}.js`);
      await module.default({ module_or_path: new URL(`./pkg/lenalyze_${which}_bg.wasm`, import.meta.url) });
      return /** @type {Core} */ (module);
    })();
    build.catch(() => builds.delete(which));
    builds.set(which, build);
  }
  return build;
}

const EXPORTS = {
  xlsx: { name: 'lenalyze-tables.xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  docx: { name: 'lenalyze-report.docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
};

/**
 * Reads the page's files once, in chunks, into one buffer each (the only
 * copy before the core's), and says how far it has read, in whole percent
 * of all their bytes. Cancel stops it mid-file: the page ends this Worker.
 * @param {PageFile[]} files
 * @param {(percent: number) => void} onPercent
 * @returns {Promise<InputFile[]>}
 */
async function readAll(files, onPercent) {
  const total = files.reduce((sum, f) => sum + f.blob.size, 0);
  let read = 0;
  let shown = -1;
  /** @type {InputFile[]} */
  const out = [];
  for (const { name, blob } of files) {
    const bytes = new Uint8Array(blob.size);
    let at = 0;
    try {
      const reader = blob.stream().getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (at + value.length > bytes.length) throw new Error(t('error.file_changed', { name }));
        bytes.set(value, at);
        at += value.length;
        read += value.length;
        const percent = Math.floor((100 * read) / total);
        if (percent !== shown) onPercent((shown = percent));
      }
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new Error(t('error.file_unreadable', { name, error: detail }));
    }
    if (at !== bytes.length) throw new Error(t('error.file_changed', { name }));
    out.push({ name, bytes });
  }
  return out;
}

/**
 * The first bytes of each file: enough to tell a workbook or a site summary.
 * @param {PageFile[]} files
 */
function heads(files) {
  return Promise.all(files.map(async (f) => new Uint8Array(await f.blob.slice(0, 4096).arrayBuffer())));
}

scope.onmessage = async (/** @type {MessageEvent<Request>} */ event) => {
  const request = event.data;
  const id = request.id;
  /** @param {Stage} stage */
  const progress = (stage) => scope.postMessage({ id, type: 'progress', stage });
  /** The request's files and claims, read (claims last). @param {PageFile[]} pageFiles @param {PageFile | undefined} pageClaims */
  const readRequest = async (pageFiles, pageClaims) => {
    const all = await readAll(pageClaims ? [...pageFiles, pageClaims] : pageFiles, (percent) =>
      scope.postMessage({ id, type: 'progress', stage: 'reading', percent }));
    return { files: all.slice(0, pageFiles.length), claims: pageClaims ? all[pageFiles.length] : undefined };
  };
  // This module has its own copy of the page's language: the request's, for its error messages.
  if (request.type !== 'info' && isLang(request.lang)) setLang(request.lang);
  try {
    if (request.type === 'info') {
      const core = await load('csv');
      scope.postMessage({ id, type: 'info', version: core.version(), settings: core.settings_info() });
      return;
    }
    if (request.type === 'export') {
      const { format, settings, lang } = request;
      const spec = EXPORTS[format];
      if (!spec) throw new Error(t('error.unknown_export', { format }));
      const build = load('full');
      const { files, claims } = await readRequest(request.files, request.claims);
      progress('loading-workbook');
      const core = await build;
      progress('exporting');
      /** @type {Uint8Array} */
      let out;
      if (format === 'xlsx') {
        if (!core.export_xlsx) throw new Error(t('error.export_unavailable', { format: 'XLSX' }));
        out = core.export_xlsx(files, settings, lang, claims);
      } else {
        if (!core.export_docx) throw new Error(t('error.export_unavailable', { format: 'DOCX' }));
        out = core.export_docx(files, settings, lang, request.figures, claims);
      }
      const bytes = out instanceof Uint8Array ? out : new Uint8Array(out);
      scope.postMessage({ id, type: 'export', bytes, name: spec.name, mime: spec.mime }, { transfer: [bytes.buffer] });
      return;
    }
    if (request.type === 'summary') {
      const { settings, lang, site } = request;
      const build = load('full');
      const { files } = await readRequest(request.files, undefined);
      progress('loading-workbook');
      const core = await build;
      if (!core.site_summary) throw new Error(t('error.export_unavailable', { format: 'JSON' }));
      progress('analyzing');
      const { summary, name, note } = core.site_summary(files, settings, site, lang);
      scope.postMessage({ id, type: 'summary', summary, name, note });
      return;
    }
    const { settings, lang } = request;
    // The build is chosen from the files' first bytes and loads while the
    // files are read; a text file that the CSV build cannot decode (a CP949
    // CSV) then takes the full build (builds.js).
    const first = buildForHeads(await heads(request.files));
    const build = load(first);
    const { files, claims } = await readRequest(request.files, request.claims);
    progress(first === 'full' ? 'loading-workbook' : 'loading');
    let core = await build;
    if (first === 'csv' && !readsEncodings(core, files, claims)) {
      progress('loading-encodings');
      core = await load('full');
    }
    progress('analyzing');
    if (request.type === 'table') {
      scope.postMessage({ id, type: 'table', table: core.whole_table(files, settings, lang, claims, request.table) });
      return;
    }
    const { report, presentation } = core.analyze(files, settings, lang, claims);
    scope.postMessage({ id, type: 'result', report, presentation });
  } catch (error) {
    // A panic in the core aborts the wasm ("unreachable executed"); its hook
    // left what panicked and where on the global object. The page then
    // replaces this Worker: a wasm instance that trapped mid-call is not
    // trusted again (its stack and heap may be left half-way).
    const panic = scope.lenalyzePanic;
    if (panic) {
      scope.lenalyzePanic = undefined;
      builds.clear();
      scope.postMessage({ id, type: 'error', message: t('error.internal', { detail: panic }), panic: true });
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    scope.postMessage({ id, type: 'error', message });
  }
};
