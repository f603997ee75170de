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
// `progress` stages, or `error` with a message.

import { t, setLang, isLang } from './i18n.js';
import { chooseBuild } from './builds.js';

/** @typedef {import('./messages.js').InputFile} InputFile */
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

scope.onmessage = async (/** @type {MessageEvent<Request>} */ event) => {
  const request = event.data;
  const id = request.id;
  /** @param {Stage} stage */
  const progress = (stage) => scope.postMessage({ id, type: 'progress', stage });
  // This module has its own copy of the page's language: the request's, for its error messages.
  if (request.type !== 'info' && isLang(request.lang)) setLang(request.lang);
  try {
    if (request.type === 'info') {
      const core = await load('csv');
      scope.postMessage({ id, type: 'info', version: core.version(), settings: core.settings_info() });
      return;
    }
    if (request.type === 'export') {
      const { format, files, settings, lang, claims } = request;
      const spec = EXPORTS[format];
      if (!spec) throw new Error(t('error.unknown_export', { format }));
      progress('loading-workbook');
      const core = await load('full');
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
      const { files, settings, lang, site } = request;
      progress('loading-workbook');
      const core = await load('full');
      if (!core.site_summary) throw new Error(t('error.export_unavailable', { format: 'JSON' }));
      progress('analyzing');
      const { summary, name, note } = core.site_summary(files, settings, site, lang);
      scope.postMessage({ id, type: 'summary', summary, name, note });
      return;
    }
    const { files, settings, lang, claims } = request;
    const { build, stage } = await chooseBuild(files, claims, () => load('csv'));
    progress(stage);
    const core = await load(build);
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
