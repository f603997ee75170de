// @ts-check
/// <reference lib="webworker" />
// The analysis runs here, off the page's thread, so the page never freezes.
// The small CSV-only build loads first; the full build (with the workbook
// reader) only when a workbook arrives.

/** @typedef {{ name: string, bytes: Uint8Array }} InputFile */
/** @typedef {{ analyze: (files: InputFile[], settings: object | undefined) => string, version: () => string }} Core */

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

self.onmessage = async (event) => {
  const { id, type, files, settings } = event.data;
  try {
    if (type === 'version') {
      const core = await load('csv');
      self.postMessage({ id, type: 'version', version: core.version() });
      return;
    }
    /** @type {InputFile[]} */
    const inputs = files;
    const core = await load(inputs.some((f) => isWorkbook(f.bytes)) ? 'full' : 'csv');
    self.postMessage({ id, type: 'progress', stage: 'analyzing' });
    const json = core.analyze(inputs, settings);
    self.postMessage({ id, type: 'result', json });
  } catch (error) {
    self.postMessage({ id, type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
