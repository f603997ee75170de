// @ts-check
// The page: takes files (drop, picker, demo), hands them to the Worker with
// the settings and the language, and renders the presentation the core laid
// out. No parsing, statistics or layout happen here. Nothing is stored: no
// cookies, no localStorage, no IndexedDB; the URL hash holds only
// non-default settings and a language the reader chose
// (`#settings=…&lang=ko`).

import { el, download } from './dom.js';
import { renderPresentation, svgToPng } from './render.js';
import { renderTable, setWholeTableSource } from './tables.js';
import * as settingsLib from './settings.js';
import { t, tn, applyStatic, getLang, setLang, isLang, pickLang, langFromHash } from './i18n.js';

/** @typedef {import('./messages.js').PageFile} PageFile */
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
/** @typedef {import('./i18n.js').Lang} Lang */

/** Requests without their id (ask adds it). */
/** @typedef {Request extends infer R ? R extends { id: number } ? Omit<R, 'id'> : never : never} Ask */

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

// ---------------------------------------------------------------- language

/** True when the reader chose the language (the switch, or a link's `lang=`): then the hash keeps it. */
let langChosen = langFromHash(location.hash) !== null;
setLang(langFromHash(location.hash) ?? pickLang(navigator.languages ?? [navigator.language]));

/** Sets the static texts, `<html lang>` and the switch to the current language. */
function applyLanguage() {
  const lang = getLang();
  document.documentElement.lang = lang;
  applyStatic(document);
  for (const button of document.querySelectorAll('#lang-switch button[data-lang]')) {
    button.setAttribute('aria-pressed', String(button.getAttribute('data-lang') === lang));
  }
  // The CRF template and dictionary exist in each language (same columns).
  for (const link of document.querySelectorAll('a[data-template]')) {
    link.setAttribute('href', `./template/${templateFile(link.getAttribute('data-template') ?? '', lang)}`);
  }
}

/**
 * The file name of a template or dictionary file in a language: English
 * as named, Korean with `-ko` before the extension (src/template.rs).
 * @param {string} name
 * @param {string} lang
 */
function templateFile(name, lang) {
  if (lang === 'en') return name;
  const dot = name.lastIndexOf('.');
  return `${name.slice(0, dot)}-${lang}${name.slice(dot)}`;
}
applyLanguage();

// ---------------------------------------------------------------- worker

/** @type {Worker} */
let worker;
let nextId = 1;
/** @type {Map<number, { resolve: (v: Response) => void, reject: (e: Error) => void, onProgress?: (stage: Stage, percent?: number) => void }>} */
const pending = new Map();

/** Starts a fresh Worker (at load, and after Cancel). */
function startWorker() {
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = (/** @type {MessageEvent<Response>} */ event) => {
    const message = event.data;
    const waiter = pending.get(message.id);
    if (!waiter) return;
    if (message.type === 'progress') {
      waiter.onProgress?.(message.stage, message.percent);
      return;
    }
    pending.delete(message.id);
    if (message.type === 'error') {
      waiter.reject(new Error(message.message));
      // After a panic the core's instance is not trusted again: a fresh
      // Worker loads a fresh one for the next request.
      if (message.panic) restartWorker();
    } else waiter.resolve(message);
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
 * @param {(stage: Stage, percent?: number) => void} [onProgress]
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

/** Replaces the Worker after a panic; requests still waiting fail with its words. */
function restartWorker() {
  worker.terminate();
  for (const [, w] of pending) w.reject(new Error(t('error.worker_stopped')));
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

/** The status line's text, as a function so a change of language can say it again. */
let statusText = () => '';

/**
 * @param {string | (() => string)} text  a function of the current language, or fixed text
 * @param {boolean} [isError]
 */
function setStatus(text, isError = false) {
  statusText = typeof text === 'function' ? text : () => text;
  status.textContent = statusText();
  status.classList.toggle('error', isError);
}

/** @param {boolean} on */
function setBusy(on) {
  $('busy').hidden = !on;
  // Indeterminate until the Worker says how far it has read.
  if (on) $('progress').removeAttribute('value');
  document.documentElement.dataset.busy = on ? 'true' : 'false';
}

/** The status line of each progress stage. */
const STAGES = /** @type {const} */ ({
  loading: 'stage.loading',
  'loading-workbook': 'stage.loading-workbook',
  'loading-encodings': 'stage.loading-encodings',
  analyzing: 'stage.analyzing',
  exporting: 'stage.exporting',
});

/**
 * @param {Stage} stage
 * @param {number} [percent] how much of the files is read (`reading`)
 */
function stageText(stage, percent) {
  if (stage === 'reading') return t('stage.reading', { percent: String(percent ?? 0) });
  return STAGES[stage] ? t(STAGES[stage]) : t('status.working');
}

/**
 * Shows a stage on the status line, and how much is read on the progress
 * bar (indeterminate after reading: the core says nothing until done).
 * @param {Stage} stage
 * @param {number} [percent]
 */
function showStage(stage, percent) {
  setStatus(() => stageText(stage, percent));
  const bar = /** @type {HTMLProgressElement} */ ($('progress'));
  if (stage === 'reading' && percent !== undefined) {
    bar.max = 100;
    bar.value = percent;
  } else bar.removeAttribute('value');
}

/** @param {unknown} error */
function errorText(error) {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------- settings

const form = /** @type {HTMLFormElement} */ ($('settings-form'));
/** @type {Settings | null} null until the core has said its defaults */
let settings = null;

/**
 * Writes the non-default settings and a chosen language to the URL hash
 * (`#settings=…&lang=ko`; never any data). Before the core has said its
 * defaults, the hash's settings part is kept as it is.
 */
function writeHash() {
  const parts = [];
  const settingsPart = settings
    ? settingsLib.toHash(settings).replace(/^#/, '')
    : (/(?:^#|&)(settings=[^&]*)/.exec(location.hash)?.[1] ?? '');
  if (settingsPart) parts.push(settingsPart);
  if (langChosen) parts.push(`lang=${getLang()}`);
  const hash = parts.length ? `#${parts.join('&')}` : '';
  if (hash === location.hash) return;
  history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
}

/** The note under the settings, as a function so a change of language can say it again. */
let settingsNote = () => '';

/** @param {() => string} note */
function setSettingsNote(note) {
  settingsNote = note;
  $('settings-note').textContent = note();
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
      bad?.setAttribute('aria-invalid', 'true');
      // The label is read when the note is said, so it is in the current language.
      const label = () => bad?.closest('label')?.querySelector('[data-i18n]')?.textContent?.trim();
      setSettingsNote(() => {
        const name = label();
        return !bad || !name
          ? t('settings.invalid')
          : bad.dataset.list === 'codes'
            ? t('settings.invalid_codes', { label: name })
            : bad.min !== '' && bad.max !== ''
              ? t('settings.out_of_range', { label: name, min: bad.min, max: bad.max })
              : t('settings.not_a_number', { label: name });
      });
      return;
    }
    setSettingsNote(settingsLib.isDefault(next) ? () => '' : () => t('settings.differ'));
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
  // A section link (#outcome) is neither a change of settings nor of language.
  let changed = false;
  const lang = langFromHash(location.hash);
  if (lang && lang !== getLang()) {
    langChosen = true;
    setLang(lang);
    relabel();
    changed = true;
  }
  if (settings && settingsLib.hasSettings(location.hash)) {
    const next = settingsLib.fromHash(location.hash);
    if (JSON.stringify(next) !== JSON.stringify(settings)) {
      settings = next;
      settingsLib.fillForm(form, settings);
      changed = true;
    }
  }
  if (changed && lastFiles) analyzeFiles(lastFiles);
});

/** Settings for the core: undefined when all are defaults. */
function coreSettings() {
  return !settings || settingsLib.isDefault(settings) ? undefined : settings;
}

// ---------------------------------------------------------------- start-up

/** Resolves once the core has said its version and its settings. */
const started = (async () => {
  setStatus(() => t('status.starting'));
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
    setStatus(() => t('status.engine_failed', { error: errorText(error) }), true);
  }
})();

// ---------------------------------------------------------------- analysis

/** @type {string | null} */
let lastJson = null;
/** The report text `#json-view` holds now (null: empty). */
let jsonShown = /** @type {string | null} */ (null);
/** @type {PageFile[] | null} */
let lastFiles = null;
/** The claims file checked against every analysis from now on (docs/claims.md). @type {PageFile | undefined} */
let lastClaims;
/** @type {FigureRef[]} */
let lastFigures = [];
let generation = 0;

/**
 * Analyzes files and shows the report.
 * @param {PageFile[]} files
 */
async function analyzeFiles(files) {
  if (files.length === 0) return;
  lastFiles = files;
  const mine = ++generation;
  setBusy(true);
  setStatus(() => t('status.reading', { files: files.map((f) => f.name).join(', ') }));
  try {
    await started;
    const answer = expect(await ask({ type: 'analyze', files, settings: coreSettings(), lang: getLang(), claims: lastClaims }, (stage, percent) => {
      if (mine === generation) showStage(stage, percent);
    }), 'result');
    if (mine !== generation) return;
    lastJson = answer.report;
    /** @type {Report} */
    const report = JSON.parse(answer.report);
    /** @type {Presentation} */
    const presentation = JSON.parse(answer.presentation);
    show(report, presentation, files);
    const counts = report.diagnostic_counts;
    if (report.analysis && counts.errors === 0) {
      const n = report.analysis.population_flow.screened;
      setStatus(() => tn('status.analyzed', counts.warnings, { n, warnings: counts.warnings }));
    } else {
      setStatus(() => tn('status.needs_fixing', counts.errors, { errors: counts.errors }), true);
    }
  } catch (error) {
    if (mine !== generation && !(error instanceof Cancelled)) return;
    if (error instanceof Cancelled) setStatus(() => t('status.cancelled'));
    else setStatus(() => t('status.failed', { error: errorText(error) }), true);
  } finally {
    if (mine === generation) setBusy(false);
  }
}

/**
 * @param {Report} report
 * @param {Presentation} presentation
 * @param {PageFile[]} files
 */
function show(report, presentation, files) {
  $('report').hidden = false;
  $('report-files').textContent = t('report.files', { files: files.map((f) => f.name).join(', ') });
  // The core answers in English when it does not have the page's language.
  const fallback = $('report-lang');
  fallback.hidden = presentation.lang === getLang();
  fallback.textContent = fallback.hidden ? '' : t('report.lang_fallback');
  const { node, figures } = renderPresentation(presentation);
  lastFigures = figures;
  $('report-body').replaceChildren(node);
  showJson(/** @type {HTMLDetailsElement} */ ($('raw-json')).open);
  document.documentElement.dataset.report = report.status;
  // A site's own analysis can be exported as a site summary; a pooled one
  // (or one stopped by errors) cannot.
  $('summary-panel').hidden = !report.analysis || Boolean(report.analysis.population_flow.pooled);
  $('summary-result').hidden = true;
  lastSummary = null;
  const label = /** @type {HTMLInputElement} */ ($('site-label'));
  if (!label.value || label.dataset.auto === 'true') {
    label.value = files[0]?.name.replace(/\.[^.]*$/, '') ?? '';
    label.dataset.auto = 'true';
  }
}

// How much the page reads: 64 MB, a file or all the files of one analysis
// together (the core holds them all at once). Measured in headless Chromium
// (SECURITY.md, "Limits"): 10⁵ synthetic patients (47 MB) took 8.2 GB of
// renderer memory and 1.5×10⁵ (70 MB) 11.4 GB; at 2.5×10⁵ (117 MB) the
// core's WebAssembly memory reached its 4 GB ceiling (3.87 GB) and it
// stopped with "unreachable" instead of a report. The limit stops larger
// files before they are read, with a message that says what to do; the
// command-line program has no such limit.
/** Largest file the page reads, in bytes. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** Largest total of the files of one analysis, in bytes. */
const MAX_TOTAL_BYTES = MAX_FILE_BYTES;

/** @param {number} bytes */
const megabytes = (bytes) => String(Math.ceil(bytes / (1024 * 1024)));

/**
 * Why files are too large for the page, before any of them is read, or
 * null when they fit.
 * @param {ArrayLike<{ name: string, size: number }>} list
 * @returns {(() => string) | null}
 */
function tooLarge(list) {
  const files = Array.from(list);
  const big = files.find((f) => f.size > MAX_FILE_BYTES);
  if (big) return () => t('status.file_too_large', { name: big.name, size: megabytes(big.size), limit: megabytes(MAX_FILE_BYTES) });
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total > MAX_TOTAL_BYTES) return () => t('status.files_too_large', { size: megabytes(total), limit: megabytes(MAX_TOTAL_BYTES) });
  return null;
}

/**
 * The page's hold on chosen files: the File objects themselves (the Worker
 * reads them, with progress); nothing is read here.
 * @param {FileList | File[]} list
 * @returns {PageFile[]}
 */
function pageFiles(list) {
  return Array.from(list).map((f) => ({ name: f.name, blob: f }));
}

/**
 * Reads dropped or chosen files and analyzes them, unless they are larger
 * than the page can hold: then it says so and reads nothing.
 * @param {FileList} list
 */
async function takeFiles(list) {
  const why = tooLarge(list);
  if (why) {
    setStatus(why, true);
    return;
  }
  analyzeFiles(pageFiles(list));
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
  if (e.dataTransfer && e.dataTransfer.files.length) await takeFiles(e.dataTransfer.files);
});
input.addEventListener('change', async () => {
  if (input.files && input.files.length) await takeFiles(input.files);
  input.value = '';
});

/**
 * The demo: the wide CRF and its transfusion, dosing and lab logs (crf-v1.1),
 * analyzed together as one upload of four files would be.
 */
const DEMO_FILES = [
  'lenalyze-demo.csv',
  'lenalyze-demo-transfusions.csv',
  'lenalyze-demo-dosing.csv',
  'lenalyze-demo-labs.csv',
];

$('demo-button').addEventListener('click', async () => {
  setStatus(() => t('status.loading_demo'));
  try {
    const files = await Promise.all(DEMO_FILES.map(async (name) => {
      const response = await fetch(new URL(`./demo/${name}`, import.meta.url));
      if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
      return { name, blob: await response.blob() };
    }));
    analyzeFiles(files);
  } catch (error) {
    setStatus(() => t('status.demo_failed', { error: errorText(error) }), true);
  }
});

// A published table's printed figures, checked against the data: the
// core adds the audit section; the page only passes the file along.
const claimsInput = /** @type {HTMLInputElement} */ ($('claims-input'));
$('claims-button').addEventListener('click', () => claimsInput.click());
claimsInput.addEventListener('change', async () => {
  const file = claimsInput.files?.[0];
  claimsInput.value = '';
  if (!file || !lastFiles) return;
  const why = tooLarge([file, ...lastFiles.map((f) => ({ name: f.name, size: f.blob.size }))]);
  if (why) {
    setStatus(why, true);
    return;
  }
  const [claims] = pageFiles([file]);
  lastClaims = claims;
  setStatus(() => t('claims.loaded', { name: claims.name }));
  await analyzeFiles(lastFiles);
  document.getElementById('audit-title')?.focus();
});

$('cancel-button').addEventListener('click', () => {
  generation++;
  cancel();
  setBusy(false);
  setStatus(() => t('status.cancelled'));
});

// ---------------------------------------------------------------- site summary

/** The site summary made last, until the next analysis. @type {{ summary: string, name: string } | null} */
let lastSummary = null;

$('site-label').addEventListener('input', () => {
  /** @type {HTMLInputElement} */ ($('site-label')).dataset.auto = 'false';
});

// The core makes the summary and its disclosure note; the site reads the
// note before it downloads the file.
$('summary-button').addEventListener('click', async () => {
  if (!lastFiles) return;
  const site = /** @type {HTMLInputElement} */ ($('site-label')).value;
  const min = Number(/** @type {HTMLInputElement} */ ($('disclosure-min')).value) || 5;
  const base = coreSettings() ?? {};
  const settingsForSummary = /** @type {Settings} */ ({ ...base, disclosure_min_count: min });
  setBusy(true);
  try {
    const answer = expect(await ask({ type: 'summary', files: lastFiles, settings: settingsForSummary, lang: getLang(), site }, showStage), 'summary');
    if (!answer.summary) {
      setStatus(() => t('pool.none'), true);
      return;
    }
    lastSummary = { summary: answer.summary, name: answer.name };
    $('summary-note').textContent = answer.note;
    $('summary-result').hidden = false;
    setStatus(() => t('pool.ready'));
  } catch (error) {
    setStatus(() => t('pool.failed', { error: errorText(error) }), true);
  } finally {
    setBusy(false);
  }
});

$('summary-download').addEventListener('click', () => {
  if (lastSummary) download(lastSummary.name, lastSummary.summary, 'application/json');
});

/**
 * The raw report JSON view, filled only while it is open: the report's
 * text (megabytes at 10⁵ patients) is laid out when someone reads it, not
 * on every analysis. Text only (`textContent`).
 * @param {boolean} open
 */
function showJson(open) {
  const text = open ? lastJson : null;
  if (text === jsonShown) return;
  $('json-view').textContent = text ?? '';
  jsonShown = text;
}

$('raw-json').addEventListener('toggle', () => showJson(/** @type {HTMLDetailsElement} */ ($('raw-json')).open));

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
  setStatus(() => stageText('exporting'));
  try {
    /** @type {FigurePng[]} */
    const figures = format === 'docx'
      ? await Promise.all(lastFigures.map(async (f) => ({ id: f.id, png: await svgToPng(f.svg, 2) })))
      : [];
    const result = expect(await ask({ type: 'export', format, files: lastFiles, settings: coreSettings(), lang: getLang(), figures, claims: lastClaims }, showStage), 'export');
    download(result.name, result.bytes, result.mime);
    setStatus(() => t('status.downloaded', { name: result.name }));
  } catch (error) {
    if (error instanceof Cancelled) setStatus(() => t('status.export_cancelled'));
    else setStatus(() => t('status.export_failed', { format: format.toUpperCase(), error: errorText(error) }), true);
  } finally {
    setBusy(false);
  }
}
$('export-xlsx').addEventListener('click', () => exportDocument('xlsx'));

// A cut listing's CSV: the core lays the table out again with every row.
setWholeTableSource(async (id) => {
  if (!lastFiles) return null;
  const before = statusText;
  const wasError = status.classList.contains('error');
  setBusy(true);
  setStatus(() => stageText('exporting'));
  try {
    const result = expect(await ask({ type: 'table', files: lastFiles, settings: coreSettings(), lang: getLang(), claims: lastClaims, table: id }, showStage), 'table');
    setStatus(before, wasError);
    return result.table ? /** @type {Table} */ (JSON.parse(result.table)) : null;
  } catch (error) {
    if (error instanceof Cancelled) setStatus(() => t('status.export_cancelled'));
    else setStatus(() => t('status.export_failed', { format: 'CSV', error: errorText(error) }), true);
    return null;
  } finally {
    setBusy(false);
  }
});
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
    // A listing of columns: the page folds it to its first rows.
    listing: true,
  };
}

/** @type {Array<Record<string, unknown>> | null | undefined} the dictionary's entries; null when they could not be loaded, undefined before */
let dictionaryEntries;
/** The language of the loaded dictionary. */
let dictionaryLang = '';

/** Draws the dictionary (the core writes it in each language, from the CRF schema). */
function renderDictionary() {
  const body = $('dictionary-body');
  if (!dictionaryEntries) {
    body.replaceChildren(el('p', { class: 'hint', text: t('dictionary.unavailable') }));
    return;
  }
  body.replaceChildren(renderTable(dictionaryTable(dictionaryEntries), { cls: 'dictionary' }));
}

/** Loads the dictionary of the page's language into a table. */
async function loadDictionary() {
  dictionaryLang = getLang();
  try {
    const response = await fetch(new URL(`./template/${templateFile('data-dictionary.json', dictionaryLang)}`, import.meta.url));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const data = await response.json();
    dictionaryEntries = /** @type {Array<Record<string, unknown>>} */ (Array.isArray(data) ? data : (data.columns ?? []));
  } catch {
    dictionaryEntries = null;
  }
  renderDictionary();
}
const dictionary = /** @type {HTMLDetailsElement} */ ($('dictionary'));
let dictionaryLoaded = false;
dictionary.addEventListener('toggle', () => {
  if (dictionary.open && !dictionaryLoaded) {
    dictionaryLoaded = true;
    loadDictionary();
  }
});

// The skip link moves focus without replacing the hash (which holds the settings and the language).
document.querySelector('.skip-link')?.addEventListener('click', (event) => {
  event.preventDefault();
  const main = $('main');
  main.scrollIntoView();
  main.focus({ preventScroll: true });
});

// ---------------------------------------------------------------- language switch

/** Says every text of the page again in the current language (the report comes back from the core). */
function relabel() {
  applyLanguage();
  status.textContent = statusText();
  $('settings-note').textContent = settingsNote();
  if (dictionaryEntries !== undefined) {
    if (dictionaryLang !== getLang()) loadDictionary();
    else renderDictionary();
  }
}

/**
 * The reader chose a language: the page says everything in it, the hash
 * keeps it, and the analysis runs again so the report (and every export
 * after it) comes in that language.
 * @param {Lang} lang
 */
function switchLanguage(lang) {
  langChosen = true;
  if (lang !== getLang()) {
    setLang(lang);
    relabel();
    if (lastFiles) analyzeFiles(lastFiles);
  }
  writeHash();
}
for (const button of document.querySelectorAll('#lang-switch button[data-lang]')) {
  button.addEventListener('click', () => {
    const lang = button.getAttribute('data-lang');
    if (isLang(lang)) switchLanguage(lang);
  });
}

// ---------------------------------------------------------------- start

// Offline: a service worker keeps the app (never any data). It caches the
// first-visit shell at install; the rest (workbook build, demo, template)
// only once the page is ready and idle, so a first visit downloads what it
// needs and nothing more before it can be used. `data-offline="true"` says
// everything is cached.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js', { scope: './' }).catch(() => {});
  navigator.serviceWorker.addEventListener('message', (event) => {
    if (event.data?.type === 'cached-all') document.documentElement.dataset.offline = 'true';
  });
}

/** Asks the service worker to cache the rest of the app when the page is idle. */
function cacheRestWhenIdle() {
  if (!('serviceWorker' in navigator)) return;
  const ask = () => navigator.serviceWorker.ready
    .then((registration) => registration.active?.postMessage({ type: 'cache-rest' }))
    .catch(() => {});
  if ('requestIdleCallback' in window) requestIdleCallback(ask, { timeout: 5000 });
  else setTimeout(ask, 1000);
}

// Lets tests and other scripts wait for the page to be ready (the core has
// said its settings).
started.then(() => {
  document.documentElement.dataset.ready = 'true';
  cacheRestWhenIdle();
});
