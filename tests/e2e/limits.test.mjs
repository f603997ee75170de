// @ts-check
// Files larger than the page can hold get a clear message before anything
// is read (www/app.js: 64 MB, a file or the files of one analysis together;
// SECURITY.md gives the measurements), and the page stays usable: the demo after them gives
// its report. The large files are built in the page as Blobs and dropped
// through a DataTransfer, so nothing large is written to disk.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSiteAndBrowser, openPage } from './harness.mjs';

/** @type {Awaited<ReturnType<typeof import('./harness.mjs').serve>>} */
let site;
/** @type {import('playwright-core').Browser} */
let browser;

useSiteAndBrowser((s, b) => {
  site = s;
  browser = b;
});

const MB = 1024 * 1024;

/**
 * Drops files of the given sizes (bytes) on the drop zone.
 * @param {import('playwright-core').Page} page
 * @param {{ name: string, size: number }[]} files
 */
async function dropSized(page, files) {
  await page.evaluate((list) => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x2c); // commas
    const dt = new DataTransfer();
    for (const { name, size } of list) {
      const parts = Array.from({ length: Math.floor(size / chunk.length) }, () => chunk);
      parts.push(chunk.subarray(0, size % chunk.length));
      dt.items.add(new File(parts, name, { type: 'text/csv' }));
    }
    const zone = /** @type {HTMLElement} */ (document.getElementById('dropzone'));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

/** @param {import('playwright-core').Page} page */
const statusText = async (page) => (await page.locator('#status').textContent()) ?? '';

test('a file over 64 MB, or files over 64 MB together, are refused with a message before reading', async () => {
  const { page, context, errors, consoleLog } = await openPage(browser, site.url);
  // Nothing may read them: a read would show "Reading files…" and start the Worker.
  await page.evaluate(() => {
    const original = Blob.prototype.arrayBuffer;
    Blob.prototype.arrayBuffer = function () {
      if (this.size > 1024 * 1024) document.documentElement.dataset.readLarge = 'true';
      return original.call(this);
    };
  });

  await dropSized(page, [{ name: 'registry.csv', size: 64 * MB + 1 }]);
  await page.waitForFunction(() => /page can read/.test(document.querySelector('#status')?.textContent ?? ''));
  assert.equal(await statusText(page), 'registry.csv is 65 MB; the page can read files of up to 64 MB. Analyze it with the command-line program, or split it (for example one file per site) and analyze the parts one at a time.');
  assert.ok(await page.locator('#status.error').count());

  // Each file within the limit, together over it.
  await dropSized(page, [{ name: 'a.csv', size: 40 * MB }, { name: 'b.csv', size: 30 * MB }]);
  await page.waitForFunction(() => /together/.test(document.querySelector('#status')?.textContent ?? ''));
  assert.equal(await statusText(page), 'These files are 70 MB together; the page can read up to 64 MB at once. Analyze fewer files at a time, or use the command-line program.');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.readLarge), undefined, 'nothing was read');
  assert.notEqual(await page.evaluate(() => document.documentElement.dataset.busy), 'true');

  // The page still works.
  await page.click('#demo-button');
  await page.waitForFunction(() => /Analyzed 31 patients/.test(document.querySelector('#status')?.textContent ?? ''));
  assert.ok(await page.locator('#report').isVisible());
  assert.deepEqual(errors, []);
  assert.ok(!consoleLog.some((m) => m.type === 'error'));
  await context.close();
});

test('the too-large message in Korean', async () => {
  const { page, context } = await openPage(browser, `${site.url}#lang=ko`);
  await dropSized(page, [{ name: 'registry.csv', size: 100 * MB }]);
  await page.waitForFunction(() => /MB까지/.test(document.querySelector('#status')?.textContent ?? ''));
  assert.equal(await statusText(page), 'registry.csv의 크기는 100 MB입니다. 이 페이지는 64 MB까지의 파일만 읽을 수 있습니다. 명령줄 프로그램으로 분석하거나, 파일을 나누어(예: 기관별로 하나씩) 하나씩 분석하십시오.');
  await context.close();
});
