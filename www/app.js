// @ts-check
// The page: takes files (drop, picker, demo), hands them to the Worker, and
// renders the report it returns. No parsing or statistics happen here.

import { download } from './dom.js';
import { renderReport } from './render.js';

/** @typedef {{ name: string, bytes: Uint8Array }} InputFile */

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
let nextId = 1;
/** @type {Map<number, { resolve: (v: any) => void, reject: (e: Error) => void }>} */
const pending = new Map();

worker.onmessage = (event) => {
  const { id, type } = event.data;
  const waiter = pending.get(id);
  if (!waiter) return;
  if (type === 'progress') {
    setStatus('Analyzing…');
    return;
  }
  pending.delete(id);
  if (type === 'error') waiter.reject(new Error(event.data.message));
  else waiter.resolve(event.data);
};

/**
 * Sends a request to the Worker.
 * @param {object} message
 * @returns {Promise<any>}
 */
function ask(message) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ ...message, id });
  });
}

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const status = $('status');

/** @param {string} text @param {boolean} [isError] */
function setStatus(text, isError = false) {
  status.textContent = text;
  status.classList.toggle('error', isError);
}

/** @type {string | null} */
let lastJson = null;

/**
 * Analyzes files and shows the report.
 * @param {InputFile[]} files
 */
async function analyzeFiles(files) {
  if (files.length === 0) return;
  setStatus(`Reading ${files.map((f) => f.name).join(', ')}…`);
  try {
    const { json } = await ask({ type: 'analyze', files, settings: undefined });
    lastJson = json;
    const report = JSON.parse(json);
    show(report, json, files);
    const c = report.diagnostic_counts;
    setStatus(report.status === 'ok'
      ? `Analyzed ${report.analysis.population_flow.screened} patients (${c.warnings} warning${c.warnings === 1 ? '' : 's'}).`
      : `The files need fixing first: ${c.errors} error${c.errors === 1 ? '' : 's'} (see the data check below).`, report.status !== 'ok');
  } catch (error) {
    setStatus(`Lenalyze could not analyze these files: ${error instanceof Error ? error.message : error}`, true);
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
  const body = $('report-body');
  body.replaceChildren(renderReport(report));
  $('json-view').textContent = json;
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
  if (e.dataTransfer) analyzeFiles(await readFiles(e.dataTransfer.files));
});
input.addEventListener('change', async () => {
  if (input.files) analyzeFiles(await readFiles(input.files));
  input.value = '';
});

$('demo-button').addEventListener('click', async () => {
  setStatus('Loading the demo data…');
  const response = await fetch(new URL('./demo/lenalyze-demo.csv', import.meta.url));
  const bytes = new Uint8Array(await response.arrayBuffer());
  analyzeFiles([{ name: 'lenalyze-demo.csv', bytes }]);
});

$('download-json').addEventListener('click', () => {
  if (lastJson) download('lenalyze-report.json', lastJson, 'application/json');
});

ask({ type: 'version' }).then((v) => { $('version').textContent = v.version; }).catch(() => {});

// Lets tests and other scripts wait for the page to be ready.
document.documentElement.dataset.ready = 'true';
