// @ts-check
/// <reference lib="webworker" />
// Offline support, in two steps so a first visit downloads only what the
// page needs to be ready: at install the service worker caches the first-
// visit shell (page, scripts, styles, the CSV build); once the page is
// ready and idle it asks (message `cache-rest`) for the rest (the workbook
// build, demo and template files) and is told when all is cached
// (`cached-all`). Same-origin GETs are served network-first: online, the
// page always gets the current files (and the cache is refreshed); offline,
// the cached ones. It never sees patient data: files are read locally by the
// page and sent to the Worker by postMessage, never over the network. URLs
// are relative to this script, so it works from any sub-path. VERSION only
// names the cache; old caches are deleted on activation.

const VERSION = 'lenalyze-shell-v4';

/** Required at install: the page is ready with these alone. */
const SHELL = [
  './',
  './index.html',
  './app.js',
  './worker.js',
  './builds.js',
  './render.js',
  './tables.js',
  './figures.js',
  './csv.js',
  './i18n.js',
  './settings.js',
  './dom.js',
  './style.css',
  './favicon.svg',
  './pkg/lenalyze_csv.js',
  './pkg/lenalyze_csv_bg.wasm',
];

/** Cached when the page says it is idle: needed offline, not to start. */
const REST = [
  './pkg/lenalyze_full.js',
  './pkg/lenalyze_full_bg.wasm',
  './demo/lenalyze-demo.csv',
  './demo/lenalyze-demo-transfusions.csv',
  './demo/lenalyze-demo-dosing.csv',
  './demo/lenalyze-demo-labs.csv',
  './demo/lenalyze-demo.xlsx',
  './claims/paper-claims.csv',
];

/** Cached with the rest when present (the template is generated separately). */
const OPTIONAL = [
  './template/lenalyze-crf-template.xlsx',
  './template/lenalyze-crf-template.csv',
  './template/data-dictionary.csv',
  './template/data-dictionary.json',
  './template/redcap-data-dictionary.csv',
];

const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

sw.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(VERSION);
    await cache.addAll(SHELL.map((u) => new Request(u, { cache: 'reload' })));
    await sw.skipWaiting();
  })());
});

/** Caches what is not cached yet of REST (required) and OPTIONAL. */
async function cacheRest() {
  const cache = await caches.open(VERSION);
  const missing = async (/** @type {string} */ u) => !(await cache.match(new URL(u, sw.registration.scope).href));
  for (const u of REST) if (await missing(u)) await cache.add(new Request(u, { cache: 'reload' }));
  await Promise.all(OPTIONAL.map(async (u) => {
    if (await missing(u)) await cache.add(new Request(u, { cache: 'reload' })).catch(() => undefined);
  }));
}

sw.addEventListener('message', (event) => {
  if (event.data?.type !== 'cache-rest') return;
  const client = /** @type {Client | null} */ (event.source);
  event.waitUntil(cacheRest().then(
    () => client?.postMessage({ type: 'cached-all' }),
    () => client?.postMessage({ type: 'cache-failed' }),
  ));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('lenalyze-') && key !== VERSION) await caches.delete(key);
    }
    await sw.clients.claim();
  })());
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Only same-origin GETs inside this app's scope; everything else is left alone.
  if (request.method !== 'GET' || url.origin !== location.origin || !url.href.startsWith(sw.registration.scope)) return;
  event.respondWith((async () => {
    const cache = await caches.open(VERSION);
    // The hash and query never select a different shell file.
    const key = url.pathname === new URL(sw.registration.scope).pathname ? './index.html' : url.origin + url.pathname;
    try {
      const response = await fetch(request);
      if (response.ok) await cache.put(key, response.clone());
      return response;
    } catch (error) {
      const cached = await cache.match(key);
      if (cached) return cached;
      throw error;
    }
  })());
});
