// @ts-check
/// <reference lib="webworker" />
// The analysis runs here, off the page's thread, so the page never freezes.
// The small CSV-only build loads first; the full build (with the workbook
// reader, and the XLSX/DOCX writers) only when a workbook or an export asks
// for it.

/** @typedef {{ name: string, bytes: Uint8Array }} InputFile */
/** @typedef {{ id: string, title: string, png: Uint8Array }} FigurePng */
/**
 * @typedef {object} Core
 * @property {(files: InputFile[], settings: object | undefined) => string} analyze
 * @property {() => string} version
 * @property {((files: InputFile[], settings: object | undefined) => Uint8Array) | undefined} [export_xlsx]
 * @property {((files: InputFile[], settings: object | undefined, figures: FigurePng[]) => Uint8Array) | undefined} [export_docx]
 */

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

/**
 * True for XLSX/ODS (zip) and XLS (OLE) files, by their first bytes.
 * @param {Uint8Array} b
 */
function isWorkbook(b) {
  const zip = b.length > 3 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
  const ole = b.length > 3 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;
  return zip || ole;
}

const EXPORTS = {
  xlsx: { fn: 'export_xlsx', name: 'lenalyze-tables.xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  docx: { fn: 'export_docx', name: 'lenalyze-report.docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
};

self.onmessage = async (event) => {
  const { id, type, files, settings } = event.data;
  /** @param {string} stage */
  const progress = (stage) => self.postMessage({ id, type: 'progress', stage });
  try {
    if (type === 'version') {
      const core = await load('csv');
      self.postMessage({ id, type: 'version', version: core.version() });
      return;
    }
    /** @type {InputFile[]} */
    const inputs = files;
    if (type === 'export') {
      // Hook for the core's document writers: core.export_xlsx(files, settings)
      // and core.export_docx(files, settings, figures), in the full build.
      const format = /** @type {'xlsx' | 'docx'} */ (event.data.format);
      const spec = EXPORTS[format];
      if (!spec) throw new Error(`unknown export format ${format}`);
      progress('loading-workbook');
      const core = await load('full');
      const fn = /** @type {Function | undefined} */ (/** @type {any} */ (core)[spec.fn]);
      if (typeof fn !== 'function') throw new Error(`${format.toUpperCase()} export is not available in this build`);
      progress('exporting');
      const out = format === 'xlsx' ? fn(inputs, settings) : fn(inputs, settings, event.data.figures ?? []);
      const bytes = out instanceof Uint8Array ? out : new Uint8Array(out);
      self.postMessage({ id, type: 'export', bytes, name: spec.name, mime: spec.mime }, { transfer: [bytes.buffer] });
      return;
    }
    const workbook = inputs.some((f) => isWorkbook(f.bytes));
    progress(workbook ? 'loading-workbook' : 'loading');
    const core = await load(workbook ? 'full' : 'csv');
    progress('analyzing');
    const json = core.analyze(inputs, settings);
    self.postMessage({ id, type: 'result', json });
  } catch (error) {
    // A panic in the core aborts the wasm ("unreachable executed"); its hook
    // left the readable message on the global object. The instance is not
    // reused after that.
    const panic = /** @type {any} */ (self).lenalyzePanic;
    if (panic) {
      /** @type {any} */ (self).lenalyzePanic = undefined;
      builds.clear();
    }
    const message = panic ?? (error instanceof Error ? error.message : String(error));
    self.postMessage({ id, type: 'error', message });
  }
};
