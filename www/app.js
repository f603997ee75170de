// @ts-check
// The page: takes files (drop, picker, demo), hands them to the Worker with
// the settings, and renders the report it returns. No parsing or statistics
// happen here. Nothing is stored: no cookies, no localStorage, no IndexedDB;
// the URL hash holds only non-default settings.

import { el, download } from './dom.js';
import { renderReport, svgToPng } from './render.js';
import { renderTable, c, rh, ch } from './tables.js';
import * as settingsLib from './settings.js';

/** @typedef {{ name: string, bytes: Uint8Array }} InputFile */
/** @typedef {import('./render.js').FigureRef} FigureRef */

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

// ---------------------------------------------------------------- worker

/** @type {Worker} */
let worker;
let nextId = 1;
/** @type {Map<number, { resolve: (v: any) => void, reject: (e: Error) => void, onProgress?: (stage: string) => void }>} */
const pending = new Map();

/** Starts a fresh Worker (at load, and after Cancel). */
function startWorker() {
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = (event) => {
    const { id, type } = event.data;
    const waiter = pending.get(id);
    if (!waiter) return;
    if (type === 'progress') {
      waiter.onProgress?.(event.data.stage);
      return;
    }
    pending.delete(id);
    if (type === 'error') waiter.reject(new Error(event.data.message));
    else waiter.resolve(event.data);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    for (const [, w] of pending) w.reject(new Error(event.message || 'the analysis worker stopped'));
    pending.clear();
  };
}
startWorker();

/** Error raised for requests cut short by Cancel. */
class Cancelled extends Error {}

/**
 * Sends a request to the Worker.
 * @param {object} message
 * @param {Transferable[]} [transfer]
 * @param {(stage: string) => void} [onProgress]
 * @returns {Promise<any>}
 */
function ask(message, transfer = [], onProgress) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress });
    worker.postMessage({ ...message, id }, transfer);
  });
}

/** Cancel: stops the Worker mid-analysis and starts a fresh one. */
function cancel() {
  worker.terminate();
  for (const [, w] of pending) w.reject(new Cancelled('cancelled'));
  pending.clear();
  startWorker();
}

// ---------------------------------------------------------------- status

const status = $('status');

/** @param {string} text @param {boolean} [isError] */
function setStatus(text, isError = false) {
  status.textContent = text;
  status.classList.toggle('error', isError);
}

/** @param {boolean} on */
function setBusy(on) {
  $('busy').hidden = !on;
  document.documentElement.dataset.busy = on ? 'true' : 'false';
}

const STAGES = /** @type {Record<string, string>} */ ({
  loading: 'Loading the analysis engine…',
  'loading-workbook': 'Loading the workbook reader…',
  analyzing: 'Analyzing…',
  exporting: 'Building the document…',
});

// ---------------------------------------------------------------- settings

const form = /** @type {HTMLFormElement} */ ($('settings-form'));
let settings = settingsLib.fromHash(location.hash);
settingsLib.fillForm(form, settings);
if (!settingsLib.isDefault(settings)) /** @type {HTMLDetailsElement} */ ($('settings-panel')).open = true;

/** Writes the non-default settings to the URL hash (never any data). */
function writeHash() {
  const hash = settingsLib.toHash(settings);
  history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let settingsTimer;
function onSettingsChange() {
  clearTimeout(settingsTimer);
  settingsTimer = setTimeout(() => {
    const next = settingsLib.readForm(form);
    for (const input of form.querySelectorAll('input')) input.removeAttribute('aria-invalid');
    if (!next) {
      const bad = /** @type {HTMLInputElement | null} */ (form.querySelector('input:invalid'));
      const label = bad?.closest('label')?.firstChild?.textContent?.trim();
      bad?.setAttribute('aria-invalid', 'true');
      $('settings-note').textContent = label
        ? `“${label}” must be ${bad?.min !== '' ? `between ${bad?.min} and ${bad?.max}` : 'a number'}; the last valid settings stay in use.`
        : 'A setting is out of range; the last valid settings stay in use.';
      return;
    }
    $('settings-note').textContent = settingsLib.isDefault(next) ? '' : 'Settings differ from the analysis plan; the report records them.';
    if (JSON.stringify(next) === JSON.stringify(settings)) return;
    settings = next;
    writeHash();
    if (lastFiles) analyzeFiles(lastFiles);
  }, 250);
}
form.addEventListener('input', onSettingsChange);
form.addEventListener('change', onSettingsChange);
form.addEventListener('submit', (e) => e.preventDefault());
$('settings-reset').addEventListener('click', () => {
  settingsLib.fillForm(form, settingsLib.defaults());
  onSettingsChange();
});
window.addEventListener('hashchange', () => {
  const next = settingsLib.fromHash(location.hash);
  if (JSON.stringify(next) === JSON.stringify(settings)) return;
  settings = next;
  settingsLib.fillForm(form, settings);
  if (lastFiles) analyzeFiles(lastFiles);
});

/** Settings for the core: undefined when all are defaults. */
function coreSettings() {
  return settingsLib.isDefault(settings) ? undefined : settings;
}

// ---------------------------------------------------------------- analysis

/** @type {string | null} */
let lastJson = null;
/** @type {InputFile[] | null} */
let lastFiles = null;
/** @type {FigureRef[]} */
let lastFigures = [];
let generation = 0;

/**
 * Analyzes files and shows the report.
 * @param {InputFile[]} files
 */
async function analyzeFiles(files) {
  if (files.length === 0) return;
  lastFiles = files;
  const mine = ++generation;
  setBusy(true);
  setStatus(`Reading ${files.map((f) => f.name).join(', ')}…`);
  try {
    const { json } = await ask({ type: 'analyze', files, settings: coreSettings() }, [], (stage) => {
      if (mine === generation) setStatus(STAGES[stage] ?? 'Working…');
    });
    if (mine !== generation) return;
    lastJson = json;
    const report = JSON.parse(json);
    show(report, json, files);
    const c0 = report.diagnostic_counts;
    setStatus(report.status === 'ok'
      ? `Analyzed ${report.analysis.population_flow.screened} patients (${c0.warnings} warning${c0.warnings === 1 ? '' : 's'}).`
      : `The files need fixing first: ${c0.errors} error${c0.errors === 1 ? '' : 's'} (see the data check below).`, report.status !== 'ok');
  } catch (error) {
    if (mine !== generation && !(error instanceof Cancelled)) return;
    if (error instanceof Cancelled) setStatus('Cancelled. Choose files again to start over.');
    else setStatus(`Lenalyze could not analyze these files: ${error instanceof Error ? error.message : error}`, true);
  } finally {
    if (mine === generation) setBusy(false);
  }
}

/**
 * @param {any} report
 * @param {string} json
 * @param {InputFile[]} files
 */
function show(report, json, files) {
  $('report').hidden = false;
  $('report-files').textContent = `Files: ${files.map((f) => f.name).join(', ')}`;
  const { node, figures } = renderReport(report);
  lastFigures = figures;
  $('report-body').replaceChildren(node);
  $('json-view').textContent = json;
  document.documentElement.dataset.report = report.status;
}

/**
 * Reads browser File objects into bytes.
 * @param {FileList | File[]} list
 * @returns {Promise<InputFile[]>}
 */
async function readFiles(list) {
  return Promise.all(Array.from(list).map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}

const dropzone = $('dropzone');
const input = /** @type {HTMLInputElement} */ ($('file-input'));
dropzone.addEventListener('click', () => input.click());
dropzone.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    input.click();
  }
});
dropzone.addEventListener('dragover', (e) => {
  e.preventDefault();
  dropzone.classList.add('dragging');
});
dropzone.addEventListener('dragleave', () => dropzone.classList.remove('dragging'));
dropzone.addEventListener('drop', async (e) => {
  e.preventDefault();
  dropzone.classList.remove('dragging');
  if (e.dataTransfer && e.dataTransfer.files.length) {
    setBusy(true);
    setStatus('Reading files…');
    analyzeFiles(await readFiles(e.dataTransfer.files));
  }
});
input.addEventListener('change', async () => {
  if (input.files && input.files.length) {
    setBusy(true);
    setStatus('Reading files…');
    analyzeFiles(await readFiles(input.files));
  }
  input.value = '';
});

$('demo-button').addEventListener('click', async () => {
  setStatus('Loading the demo data…');
  try {
    const response = await fetch(new URL('./demo/lenalyze-demo.csv', import.meta.url));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    analyzeFiles([{ name: 'lenalyze-demo.csv', bytes }]);
  } catch (error) {
    setStatus(`The demo data could not be loaded: ${error instanceof Error ? error.message : error}`, true);
  }
});

$('cancel-button').addEventListener('click', () => {
  generation++;
  cancel();
  setBusy(false);
  setStatus('Cancelled. Choose files again to start over.');
});

// ---------------------------------------------------------------- exports

$('download-json').addEventListener('click', () => {
  if (lastJson) download('lenalyze-report.json', lastJson, 'application/json');
});

$('print-button').addEventListener('click', () => window.print());

/**
 * XLSX / DOCX export: the Worker calls core.export_xlsx / core.export_docx
 * of the full build (added in src/ by the core); the figures travel as PNG.
 * @param {'xlsx' | 'docx'} format
 */
async function exportDocument(format) {
  if (!lastFiles) return;
  setBusy(true);
  setStatus(STAGES.exporting);
  try {
    /** @type {Array<{ id: string, title: string, png: Uint8Array }>} */
    const figures = format === 'docx'
      ? await Promise.all(lastFigures.map(async (f) => ({ id: f.id, title: f.title, png: await svgToPng(f.svg, 2) })))
      : [];
    const result = await ask({ type: 'export', format, files: lastFiles, settings: coreSettings(), figures }, [], (stage) => setStatus(STAGES[stage] ?? 'Working…'));
    download(result.name, result.bytes, result.mime);
    setStatus(`Downloaded ${result.name}.`);
  } catch (error) {
    if (error instanceof Cancelled) setStatus('Cancelled.');
    else setStatus(`The ${format.toUpperCase()} export failed: ${error instanceof Error ? error.message : error}`, true);
  } finally {
    setBusy(false);
  }
}
$('export-xlsx').addEventListener('click', () => exportDocument('xlsx'));
$('export-docx').addEventListener('click', () => exportDocument('docx'));

// ---------------------------------------------------------------- data dictionary

/**
 * One dictionary cell as text (arrays joined, booleans as yes/no).
 * @param {unknown} v
 */
function dictText(v) {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(String).join(', ');
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

/** Loads ./template/data-dictionary.json into a table when the section opens. */
async function loadDictionary() {
  const body = $('dictionary-body');
  try {
    const response = await fetch(new URL('./template/data-dictionary.json', import.meta.url));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const data = await response.json();
    const entries = /** @type {any[]} */ (Array.isArray(data) ? data : (data.columns ?? []));
    body.replaceChildren(renderTable({
      id: 'data-dictionary',
      caption: `Data dictionary: ${entries.length} columns of the CRF`,
      cls: 'dictionary',
      head: [[ch('Column'), ch('Sheet'), ch('Type'), ch('Required'), ch('Unit'), ch('Meaning'), ch('Allowed values'), ch('Also accepted headers')]],
      groups: [{ rows: entries.map((e) => [rh(dictText(e.column), { cls: 'code' }), c(dictText(e.sheet)), c(dictText(e.type)), c(dictText(e.required)), c(dictText(e.unit)), c(dictText(e.meaning)), c(dictText(e.allowed_values)), c(dictText(e.also_accepted))]) }],
      footnotes: ['The same dictionary as a spreadsheet: data-dictionary.csv above.'],
    }));
  } catch {
    body.replaceChildren(el('p', { class: 'hint', text: 'The data dictionary is not available in this copy of Lenalyze.' }));
  }
}
const dictionary = /** @type {HTMLDetailsElement} */ ($('dictionary'));
let dictionaryLoaded = false;
dictionary.addEventListener('toggle', () => {
  if (dictionary.open && !dictionaryLoaded) {
    dictionaryLoaded = true;
    loadDictionary();
  }
});

// ---------------------------------------------------------------- start

ask({ type: 'version' }).then((v) => { $('version').textContent = v.version; }).catch(() => {});

// Offline: a service worker keeps the app shell (never any data).
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js', { scope: './' }).catch(() => {});
}

// Lets tests and other scripts wait for the page to be ready.
document.documentElement.dataset.ready = 'true';
