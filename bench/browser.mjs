// @ts-check
// The browser half of scripts/bench.sh: Lenalyze's page and DuckDB-Wasm in
// the same headless Chromium, on the same files, both served from one local
// origin (no other origin is reachable: the resolver rule maps every other
// host to nothing).
//
//   node bench/browser.mjs [--timeout-s N] FILE...
//
// Prints one JSON line per measurement:
//   {tool:'lenalyze-page', case:'ready', ready_ms, first_visit_bytes, first_visit_gzip, files}
//   {tool:'duckdb-wasm', case:'ready', ready_ms, first_visit_bytes, first_visit_gzip}
//   {tool:'lenalyze-page', case:'file', file, bytes, first_ms, again_ms, renderer_peak_mb, result|error}
// (DuckDB-Wasm per file: bench/duckdb-wasm.mjs.)
// "first" is the first analysis after the page is ready (a fresh browser,
// so nothing cached), "again" the same file dropped a second time on that
// page; the renderer peak is the peak resident memory (VmHWM) of the
// browser's renderer processes, where the page's Worker and its wasm live.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MOUNTS = {
  '/lenalyze/': path.join(ROOT, 'www'),
  '/duckdb/': path.join(ROOT, 'bench/node_modules/@duckdb/duckdb-wasm/dist'),
  '/bench/': path.join(ROOT, 'bench'),
};
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.json': 'application/json', '.csv': 'text/csv', '.svg': 'image/svg+xml',
};

/** Serves the mounts on 127.0.0.1; `served` records each file's path by URL. */
async function serve() {
  /** @type {Map<string, string>} */
  const served = new Map();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    for (const [prefix, dir] of Object.entries(MOUNTS)) {
      if (!url.pathname.startsWith(prefix)) continue;
      let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
      if (rel.endsWith('/')) rel += 'index.html';
      const file = path.join(dir, rel);
      if (file.startsWith(dir) && fs.existsSync(file) && fs.statSync(file).isFile()) {
        served.set(url.pathname, file);
        res.writeHead(200, { 'content-type': TYPES[/** @type {keyof TYPES} */ (path.extname(file))] ?? 'application/octet-stream' });
        fs.createReadStream(file).pipe(res);
        return;
      }
    }
    if (process.env.BENCH_DEBUG) console.error(`404 ${url.pathname}`);
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, served, origin: `http://127.0.0.1:${port}` };
}

/** A fresh headless Chromium, marked so its processes can be found. */
async function launch(marker) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage', '--disable-extensions',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
      `--lenalyze-bench=${marker}`,
    ],
  });
}

/**
 * Peak resident memory (MB) of the largest renderer process under the
 * browser marked `marker`: the page's (its Worker and wasm live in it).
 */
function rendererPeakMb(marker) {
  /** @type {Map<number, { ppid: number, cmd: string, hwm: number }>} */
  const procs = new Map();
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      procs.set(Number(pid), { ppid, cmd, hwm });
    } catch { /* the process ended */ }
  }
  const roots = [...procs].filter(([, p]) => p.cmd.includes(`--lenalyze-bench=${marker}`)).map(([pid]) => pid);
  const under = (/** @type {number} */ pid) => {
    for (let p = procs.get(pid); p; p = procs.get(p.ppid)) if (roots.includes(p.ppid)) return true;
    return false;
  };
  let kb = 0;
  for (const [pid, p] of procs) if (p.cmd.includes('--type=renderer') && under(pid)) kb = Math.max(kb, p.hwm);
  return Math.round(kb / 1024);
}

/** Bytes and gzip -9 bytes of the files served so far. */
function payload(/** @type {Map<string, string>} */ served) {
  let bytes = 0;
  let gzip = 0;
  const files = [];
  for (const [url, file] of served) {
    const data = fs.readFileSync(file);
    const gz = zlib.gzipSync(data, { level: 9 }).length;
    bytes += data.length;
    gzip += gz;
    files.push({ url, bytes: data.length, gzip: gz });
  }
  return { bytes, gzip, files };
}

const args = process.argv.slice(2);
let timeoutMs = 180_000;
if (args[0] === '--timeout-s') {
  timeoutMs = Number(args[1]) * 1000;
  args.splice(0, 2);
}
const files = args.map((f) => path.resolve(f));
const print = (/** @type {object} */ o) => console.log(JSON.stringify(o));

const site = await serve();
let markerSeq = 0;

/**
 * Opens a page of `tool` in a fresh browser and runs `fn` with it.
 * @param {string} url
 * @param {(page: import('playwright-core').Page, marker: string) => Promise<void>} fn
 */
async function withPage(url, fn) {
  const marker = `${process.pid}-${markerSeq++}`;
  const browser = await launch(marker);
  try {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    // Hold the page's idle callback until the bench has counted what a
    // first visit downloads before ready (released right after).
    await context.addInitScript(() => {
      const w = /** @type {any} */ (window);
      const idle = w.requestIdleCallback?.bind(w);
      w.requestIdleCallback = (/** @type {() => void} */ f) => { w.benchIdle = () => idle(f); return 1; };
    });
    const page = await context.newPage();
    page.setDefaultTimeout(timeoutMs);
    page.on('pageerror', (e) => console.error(`page error: ${e}`));
    page.on('console', (m) => { if (m.type() === 'error') console.error(`console: ${m.text()}`); });
    site.served.clear();
    await page.goto(url);
    await fn(page, marker);
  } finally {
    await browser.close();
  }
}

// ---- Lenalyze's page
await withPage(`${site.origin}/lenalyze/`, async (page) => {
  await page.waitForSelector('html[data-ready="true"]');
  const readyMs = await page.evaluate(() => performance.now());
  // What was fetched before ready: the page holds its idle callback (see
  // withPage), so the service worker has not yet fetched the rest.
  const first = payload(site.served);
  await page.evaluate(() => /** @type {any} */ (window).benchIdle?.());
  print({ tool: 'lenalyze-page', case: 'ready', ready_ms: Math.round(readyMs), first_visit_bytes: first.bytes, first_visit_gzip: first.gzip, files: first.files });
  // What the service worker fetches once the page is idle.
  await page.waitForTimeout(3000);
  const later = payload(site.served);
  print({ tool: 'lenalyze-page', case: 'after-idle', bytes: later.bytes, gzip: later.gzip });
});

/**
 * Drops `file` on the Lenalyze page and waits for the rendered report (the
 * page marks `<html data-report>` with each report it shows; the mark is
 * removed first). The raw JSON view stays closed, as a reader leaves it.
 */
async function lenalyzeRun(/** @type {import('playwright-core').Page} */ page, /** @type {string} */ file) {
  await page.evaluate(() => { delete document.documentElement.dataset.report; });
  const start = Date.now();
  await page.setInputFiles('#file-input', file);
  await page.waitForFunction(() => document.documentElement.dataset.busy === 'false'
    && !document.querySelector('#report')?.hasAttribute('hidden')
    && document.documentElement.dataset.report !== undefined, undefined, { polling: 20 });
  return Date.now() - start;
}

for (const file of files) {
  const bytes = fs.statSync(file).size;
  const row = { tool: 'lenalyze-page', case: 'file', file: path.basename(file), bytes };
  let marker = '';
  try {
    await withPage(`${site.origin}/lenalyze/`, async (page, m) => {
      marker = m;
      await page.waitForSelector('html[data-ready="true"]');
      const firstMs = await lenalyzeRun(page, file);
      const status = await page.evaluate(() => document.documentElement.dataset.report);
      const againMs = await lenalyzeRun(page, file);
      // What the page drew: every table row and SVG element in the DOM.
      const dom = await page.evaluate(() => ({ rows: document.querySelectorAll('tr').length, svg: document.querySelectorAll('svg *').length, elements: document.querySelectorAll('*').length }));
      print({ ...row, first_ms: firstMs, again_ms: againMs, renderer_peak_mb: rendererPeakMb(marker), result: status, dom });
    });
  } catch (error) {
    print({ ...row, error: String(error).split('\n')[0] });
  }
}

// ---- DuckDB-Wasm
await withPage(`${site.origin}/bench/duckdb.html`, async (page) => {
  await page.waitForFunction(() => /** @type {any} */ (window).duckdbReady);
  const readyMs = await page.evaluate(() => /** @type {any} */ (window).duckdbReadyMs);
  const first = payload(site.served);
  print({ tool: 'duckdb-wasm', case: 'ready', ready_ms: Math.round(readyMs), first_visit_bytes: first.bytes, first_visit_gzip: first.gzip });
});

// Per file: bench/duckdb-wasm.mjs.
site.server.close();
