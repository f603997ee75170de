// @ts-check
/// <reference lib="webworker" />
// Offline support: precaches the app shell (page, scripts, styles, both wasm
// builds, demo and template files) and serves same-origin GETs network-first:
// online, the page always gets the current files (and the cache is
// refreshed); offline, it gets the cached ones. It never sees patient data:
// files are read locally by the page and sent to the Worker by postMessage,
// never over the network. URLs are relative to this script, so it works from
// any sub-path. VERSION only names the cache; old caches are deleted on
// activation.

const VERSION = 'lenalyze-shell-v2';

/** Required: the page does not work without these. */
const SHELL = [
  './',
  './index.html',
  './app.js',
  './worker.js',
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
  './pkg/lenalyze_full.js',
  './pkg/lenalyze_full_bg.wasm',
  './demo/lenalyze-demo.csv',
  './demo/lenalyze-demo.xlsx',
  './claims/paper-claims.csv',
];

/** Cached when present (the template is generated separately). */
const OPTIONAL = [
  './template/lenalyze-crf-template.xlsx',
  './template/lenalyze-crf-template.csv',
  './template/data-dictionary.csv',
  './template/data-dictionary.json',
];

const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

sw.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(VERSION);
    await cache.addAll(SHELL.map((u) => new Request(u, { cache: 'reload' })));
    await Promise.all(OPTIONAL.map((u) => cache.add(new Request(u, { cache: 'reload' })).catch(() => undefined)));
    await sw.skipWaiting();
  })());
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
