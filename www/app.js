// @ts-check
// The page: takes files (drop, picker, demo), hands them to the Worker with
// the settings and the language, and renders the presentation the core laid
// out. No parsing, statistics or layout happen here. Nothing is stored: no
// cookies, no localStorage, no IndexedDB; the URL hash holds only
// non-default settings.

import { el, download } from './dom.js';
import { renderPresentation, svgToPng } from './render.js';
import { renderTable } from './tables.js';
import * as settingsLib from './settings.js';
import { LANG, t, tn, applyStatic } from './i18n.js';

/** @typedef {import('./messages.js').InputFile} InputFile */
/** @typedef {import('./messages.js').Request} Request */
/** @typedef {import('./messages.js').Response} Response */
/** @typedef {import('./messages.js').Stage} Stage */
/** @typedef {import('./messages.js').FigurePng} FigurePng */
/** @typedef {import('./render.js').FigureRef} FigureRef */
/** @typedef {import('./types/report').Report} Report */
/** @typedef {import('./types/report').Settings} Settings */
/** @typedef {import('./types/presentation').Presentation} Presentation */
/** @typedef {import('./types/presentation').Table} Table */
/** @typedef {import('./types/presentation').Cell} Cell */

/** Requests without their id (ask adds it). */
/** @typedef {Request extends infer R ? R extends { id: number } ? Omit<R, 'id'> : never : never} Ask */

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

document.documentElement.lang = LANG;
applyStatic(document);

// ---------------------------------------------------------------- worker

/** @type {Worker} */
let worker;
let nextId = 1;
/** @type {Map<number, { resolve: (v: Response) => void, reject: (e: Error) => void, onProgress?: (stage: Stage) => void }>} */
const pending = new Map();

/** Starts a fresh Worker (at load, and after Cancel). */
function startWorker() {
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = (/** @type {MessageEvent<Response>} */ event) => {
    const message = event.data;
    const waiter = pending.get(message.id);
    if (!waiter) return;
    if (message.type === 'progress') {
      waiter.onProgress?.(message.stage);
      return;
    }
    pending.delete(message.id);
    if (message.type === 'error') waiter.reject(new Error(message.message));
    else waiter.resolve(message);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    for (const [, w] of pending) w.reject(new Error(event.message || t('error.worker_stopped')));
    pending.clear();
  };
}
startWorker();

/** Error raised for requests cut short by Cancel. */
class Cancelled extends Error {}

/**
 * Sends a request to the Worker.
 * @param {Ask} message
 * @param {(stage: Stage) => void} [onProgress]
 * @returns {Promise<Response>}
 */
function ask(message, onProgress) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress });
    worker.postMessage({ ...message, id });
  });
}

/** Cancel: stops the Worker mid-analysis and starts a fresh one. */
function cancel() {
  worker.terminate();
  for (const [, w] of pending) w.reject(new Cancelled('cancelled'));
  pending.clear();
  startWorker();
}

/**
 * The answer of a given type, or an error.
 * @template {Response['type']} K
 * @param {Response} response
 * @param {K} type
 * @returns {Extract<Response, { type: K }>}
 */
function expect(response, type) {
  if (response.type !== type) throw new Error(t('error.worker_stopped'));
  return /** @type {Extract<Response, { type: K }>} */ (response);
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

/** The status line of each progress stage. */
const STAGES = /** @type {const} */ ({
  loading: 'stage.loading',
  'loading-workbook': 'stage.loading-workbook',
  analyzing: 'stage.analyzing',
  exporting: 'stage.exporting',
});

/** @param {Stage} stage */
function stageText(stage) {
  return STAGES[stage] ? t(STAGES[stage]) : t('status.working');
}

/** @param {unknown} error */
function errorText(error) {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------- settings

const form = /** @type {HTMLFormElement} */ ($('settings-form'));
/** @type {Settings | null} null until the core has said its defaults */
let settings = null;

/** Writes the non-default settings to the URL hash (never any data). */
function writeHash() {
  if (!settings) return;
  const hash = settingsLib.toHash(settings);
  history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let settingsTimer;
function onSettingsChange() {
  clearTimeout(settingsTimer);
  settingsTimer = setTimeout(() => {
    if (!settings) return;
    const next = settingsLib.readForm(form);
    for (const input of form.querySelectorAll('input')) input.removeAttribute('aria-invalid');
    if (!next) {
      const bad = /** @type {HTMLInputElement | null} */ (form.querySelector('input:invalid'));
      const label = bad?.closest('label')?.querySelector('[data-i18n]')?.textContent?.trim();
      bad?.setAttribute('aria-invalid', 'true');
      $('settings-note').textContent = !bad || !label
        ? t('settings.invalid')
        : bad.min !== '' && bad.max !== ''
          ? t('settings.out_of_range', { label, min: bad.min, max: bad.max })
          : t('settings.not_a_number', { label });
      return;
    }
    $('settings-note').textContent = settingsLib.isDefault(next) ? '' : t('settings.differ');
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
  if (!settings) return;
  settingsLib.fillForm(form, settingsLib.defaults());
  onSettingsChange();
});
window.addEventListener('hashchange', () => {
  // A section link (#outcome) is not a change of settings.
  if (!settings || !settingsLib.hasSettings(location.hash)) return;
  const next = settingsLib.fromHash(location.hash);
  if (JSON.stringify(next) === JSON.stringify(settings)) return;
  settings = next;
  settingsLib.fillForm(form, settings);
  if (lastFiles) analyzeFiles(lastFiles);
});

/** Settings for the core: undefined when all are defaults. */
function coreSettings() {
  return !settings || settingsLib.isDefault(settings) ? undefined : settings;
}

// ---------------------------------------------------------------- start-up

/** Resolves once the core has said its version and its settings. */
const started = (async () => {
  setStatus(t('status.starting'));
  try {
    const info = expect(await ask({ type: 'info' }), 'info');
    settingsLib.configure(info.settings);
    settingsLib.applyRanges(form);
    settings = settingsLib.fromHash(location.hash);
    settingsLib.fillForm(form, settings);
    if (!settingsLib.isDefault(settings)) /** @type {HTMLDetailsElement} */ ($('settings-panel')).open = true;
    $('version').textContent = info.version;
    if (status.textContent === t('status.starting')) setStatus('');
  } catch (error) {
    setStatus(t('status.engine_failed', { error: errorText(error) }), true);
  }
})();

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
  setStatus(t('status.reading', { files: files.map((f) => f.name).join(', ') }));
  try {
    await started;
    const answer = expect(await ask({ type: 'analyze', files, settings: coreSettings(), lang: LANG }, (stage) => {
      if (mine === generation) setStatus(stageText(stage));
    }), 'result');
    if (mine !== generation) return;
    lastJson = answer.report;
    /** @type {Report} */
    const report = JSON.parse(answer.report);
    /** @type {Presentation} */
    const presentation = JSON.parse(answer.presentation);
    show(report, presentation, files);
    const counts = report.diagnostic_counts;
    if (report.analysis) {
      setStatus(tn('status.analyzed', counts.warnings, { n: report.analysis.population_flow.screened, warnings: counts.warnings }));
    } else {
      setStatus(tn('status.needs_fixing', counts.errors, { errors: counts.errors }), true);
    }
  } catch (error) {
    if (mine !== generation && !(error instanceof Cancelled)) return;
    if (error instanceof Cancelled) setStatus(t('status.cancelled'));
    else setStatus(t('status.failed', { error: errorText(error) }), true);
  } finally {
    if (mine === generation) setBusy(false);
  }
}

/**
 * @param {Report} report
 * @param {Presentation} presentation
 * @param {InputFile[]} files
 */
function show(report, presentation, files) {
  $('report').hidden = false;
  $('report-files').textContent = t('report.files', { files: files.map((f) => f.name).join(', ') });
  const { node, figures } = renderPresentation(presentation);
  lastFigures = figures;
  $('report-body').replaceChildren(node);
  $('json-view').textContent = lastJson;
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
    setStatus(t('status.reading_files'));
    analyzeFiles(await readFiles(e.dataTransfer.files));
  }
});
input.addEventListener('change', async () => {
  if (input.files && input.files.length) {
    setBusy(true);
    setStatus(t('status.reading_files'));
    analyzeFiles(await readFiles(input.files));
  }
  input.value = '';
});

$('demo-button').addEventListener('click', async () => {
  setStatus(t('status.loading_demo'));
  try {
    const response = await fetch(new URL('./demo/lenalyze-demo.csv', import.meta.url));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    analyzeFiles([{ name: 'lenalyze-demo.csv', bytes }]);
  } catch (error) {
    setStatus(t('status.demo_failed', { error: errorText(error) }), true);
  }
});

$('cancel-button').addEventListener('click', () => {
  generation++;
  cancel();
  setBusy(false);
  setStatus(t('status.cancelled'));
});

// ---------------------------------------------------------------- exports

$('download-json').addEventListener('click', () => {
  if (lastJson) download('lenalyze-report.json', lastJson, 'application/json');
});

$('print-button').addEventListener('click', () => window.print());

/**
 * XLSX / DOCX export by the core's writers in the full build; for the Word
 * document the page's figures travel as PNG with their presentation ids.
 * @param {'xlsx' | 'docx'} format
 */
async function exportDocument(format) {
  if (!lastFiles) return;
  setBusy(true);
  setStatus(stageText('exporting'));
  try {
    /** @type {FigurePng[]} */
    const figures = format === 'docx'
      ? await Promise.all(lastFigures.map(async (f) => ({ id: f.id, png: await svgToPng(f.svg, 2) })))
      : [];
    const result = expect(await ask({ type: 'export', format, files: lastFiles, settings: coreSettings(), lang: LANG, figures }, (stage) => setStatus(stageText(stage))), 'export');
    download(result.name, result.bytes, result.mime);
    setStatus(t('status.downloaded', { name: result.name }));
  } catch (error) {
    if (error instanceof Cancelled) setStatus(t('status.export_cancelled'));
    else setStatus(t('status.export_failed', { format: format.toUpperCase(), error: errorText(error) }), true);
  } finally {
    setBusy(false);
  }
}
$('export-xlsx').addEventListener('click', () => exportDocument('xlsx'));
$('export-docx').addEventListener('click', () => exportDocument('docx'));

// ---------------------------------------------------------------- data dictionary

/**
 * One dictionary value as text (lists joined).
 * @param {unknown} v
 */
function dictText(v) {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(String).join(', ');
  return String(v);
}

/**
 * A cell of the dictionary table.
 * @param {string} text
 * @param {boolean} [header]
 * @returns {Cell}
 */
function dictCell(text, header = false) {
  return { kind: header ? 'label' : 'text', text, header };
}

/**
 * The data dictionary (template/data-dictionary.json, generated by the
 * core from the CRF schema) as a table of the presentation's shape, so the
 * one generic renderer draws it.
 * @param {Array<Record<string, unknown>>} entries
 * @returns {Table}
 */
function dictionaryTable(entries) {
  const fields = /** @type {const} */ ([
    ['column', 'dictionary.column'], ['sheet', 'dictionary.sheet'], ['type', 'dictionary.type'], ['required', 'dictionary.required'],
    ['unit', 'dictionary.unit'], ['meaning', 'dictionary.meaning'], ['allowed_values', 'dictionary.allowed'], ['also_accepted', 'dictionary.also'],
  ]);
  return {
    id: 'data-dictionary',
    short: t('dictionary.short'),
    caption: t('dictionary.caption', { n: entries.length }),
    head: [fields.map(([, key]) => ({ kind: 'label', text: t(key) }))],
    groups: [{ rows: entries.map((e) => fields.map(([field], i) => dictCell(dictText(e[field]), i === 0))) }],
    footnotes: [t('dictionary.note')],
    wide: true,
  };
}

/** Loads ./template/data-dictionary.json into a table when the section opens. */
async function loadDictionary() {
  const body = $('dictionary-body');
  try {
    const response = await fetch(new URL('./template/data-dictionary.json', import.meta.url));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const data = await response.json();
    const entries = /** @type {Array<Record<string, unknown>>} */ (Array.isArray(data) ? data : (data.columns ?? []));
    body.replaceChildren(renderTable(dictionaryTable(entries), { cls: 'dictionary' }));
  } catch {
    body.replaceChildren(el('p', { class: 'hint', text: t('dictionary.unavailable') }));
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

// Offline: a service worker keeps the app shell (never any data).
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js', { scope: './' }).catch(() => {});
}

// Lets tests and other scripts wait for the page to be ready (the core has
// said its settings).
started.then(() => { document.documentElement.dataset.ready = 'true'; });
