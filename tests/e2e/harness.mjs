// @ts-check
// Shared set-up for the page tests: a static server for www/ under a
// sub-path (as GitHub Pages serves a project site), headless Chromium with
// outside name resolution disabled, and a log of every request.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WWW = path.join(ROOT, 'www');
export const OUT = path.join(ROOT, 'tests/e2e/out');
export const SUBPATH = '/lenalyze/';
/**
 * The native CLI the page is compared with: the debug build `cargo test`
 * has just made (the same code as the release build, and no second,
 * minutes-long optimised build in the test command); LENALYZE_CLI names
 * another.
 */
export const CLI = process.env.LENALYZE_CLI ?? path.join(ROOT, 'target/debug/lenalyze');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.json': 'application/json', '.csv': 'text/csv', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '.md': 'text/markdown',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Starts a static server on 127.0.0.1 with www/ under SUBPATH.
 * @param {Record<string, string>} [overrides]  paths under www/ served from another file (a test build)
 */
export async function serve(overrides = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.startsWith(SUBPATH)) {
      res.writeHead(404).end();
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(SUBPATH.length)) || 'index.html';
    if (rel.endsWith('/')) rel += 'index.html';
    const file = overrides[rel] ?? path.join(WWW, rel);
    if (!(rel in overrides) && (!file.startsWith(WWW) || !fs.existsSync(file) || fs.statSync(file).isDirectory())) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[/** @type {keyof TYPES} */ (path.extname(file))] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, origin: `http://127.0.0.1:${port}`, url: `http://127.0.0.1:${port}${SUBPATH}` };
}

/** Launches headless Chromium as toolchain.md says. */
export async function launch() {
  // Playwright gives each launch a fresh, temporary profile directory.
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage', '--disable-extensions',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
    ],
  });
}

/**
 * Opens the page and records every request it makes. The browser speaks
 * English (`locale: 'en-US'`) unless the options say otherwise, so the
 * page's language does not depend on the machine's.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {{ width?: number, height?: number }} [viewport]
 * @param {import('playwright-core').BrowserContextOptions} [options]  extra context options
 */
export async function openPage(browser, url, viewport = { width: 1280, height: 900 }, options = {}) {
  const context = await browser.newContext({ viewport: { width: viewport.width ?? 1280, height: viewport.height ?? 900 }, acceptDownloads: true, locale: 'en-US', ...options });
  /** @type {string[]} */
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  /** @type {string[]} */
  const errors = [];
  /** Every console message of the page and its Workers. @type {{ type: string, text: string, worker: boolean }[]} */
  const consoleLog = [];
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    consoleLog.push({ type: m.type(), text: m.text(), worker: m.worker() !== null });
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(url);
  await page.waitForSelector('html[data-ready="true"]');
  return { context, page, requests, errors, consoleLog };
}

/**
 * Requests that left the page's origin (data: and blob: URLs are local).
 * @param {string[]} requests
 * @param {string} origin
 */
export function foreignRequests(requests, origin) {
  return requests.filter((u) => !u.startsWith(origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:'));
}

export function outDir() {
  fs.mkdirSync(OUT, { recursive: true });
  return OUT;
}

/** The demo CRF as a user would upload it. */
export const DEMO_CSV = path.join(WWW, 'demo/lenalyze-demo.csv');

/**
 * Uploads files through the file picker and waits for their report (the
 * page marks `<html data-report>` with each report it shows; the mark is
 * removed first, so a previous report does not count).
 * @param {import('playwright-core').Page} page
 * @param {string[]} files
 */
export async function upload(page, files) {
  await page.evaluate(() => { delete document.documentElement.dataset.report; });
  await page.setInputFiles('#file-input', files);
  await page.waitForSelector('#report:not([hidden])');
  await page.waitForSelector('html[data-report]');
}

/**
 * Opens the raw report JSON view as a reader would (its summary), unless
 * it is open; the page fills it on opening and refills it with every
 * report while it stays open.
 * @param {import('playwright-core').Page} page
 */
export async function openJsonView(page) {
  const open = await page.locator('#raw-json').evaluate((d) => /** @type {HTMLDetailsElement} */ (d).open);
  if (!open) await page.locator('#raw-json > summary').click();
  await page.waitForFunction(() => document.querySelector('#json-view')?.textContent?.length);
}

/**
 * The report JSON text the page shows in its raw view (opened first).
 * @param {import('playwright-core').Page} page
 */
export async function reportJsonText(page) {
  await openJsonView(page);
  return (await page.locator('#json-view').textContent()) ?? '';
}

/**
 * Serves the page and launches Chromium once for a test file (closed after
 * it); `set` receives both when they are ready.
 * @param {(site: Awaited<ReturnType<typeof serve>>, browser: import('playwright-core').Browser) => void} set
 * @param {Record<string, string>} [overrides]  as for `serve`
 */
export function useSiteAndBrowser(set, overrides = {}) {
  /** @type {Awaited<ReturnType<typeof serve>> | undefined} */
  let site;
  /** @type {import('playwright-core').Browser | undefined} */
  let browser;
  before(async () => {
    site = await serve(overrides);
    browser = await launch();
    set(site, browser);
  });
  after(async () => {
    await browser?.close();
    site?.server.close();
  });
}
