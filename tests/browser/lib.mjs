// Shared helpers for the headless Chromium tests: launching Debian's
// Chromium through playwright-core, collecting console errors and failed
// requests, screenshots, and page-weight measurement.
//
// Run through scripts/browser-tests, which starts a server on the demo data
// and sets BASE_URL.
import { chromium } from 'playwright-core';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
export const OUTPUT_DIR = join(dirname(fileURLToPath(import.meta.url)), 'output');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * The haarvaten binary the server runs, for tests that use the CLI (to make
 * accounts, as an operator would). scripts/browser-tests sets HAARVATEN_BIN
 * to the binary it built and started; there is no fallback path, because a
 * guessed target/debug may be stale or of another build.
 */
export function haarvatenBin() {
  const bin = process.env.HAARVATEN_BIN;
  if (!bin) {
    throw new Error('HAARVATEN_BIN is not set: run the browser tests through scripts/browser-tests, '
      + 'or set HAARVATEN_BIN to the haarvaten binary that serves BASE_URL');
  }
  try {
    accessSync(bin, constants.X_OK);
  } catch {
    throw new Error(`HAARVATEN_BIN=${bin} is not an executable file`);
  }
  return bin;
}

/** Page weight budgets (compressed transfer, first load, tiles excluded). */
export const BUDGET_MAP_PAGE = 250 * 1024;
export const BUDGET_PAGE = 50 * 1024;

export function url(path) {
  return BASE_URL + path;
}

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
];

/**
 * Starts Debian's Chromium (override with CHROMIUM_PATH) headless; never
 * downloads a browser. Playwright gives every launch a fresh, temporary
 * user-data-dir and removes it on close.
 */
export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/** A new browser context with Dutch locale and a desktop viewport. */
export async function newContext(browser, options = {}) {
  return browser.newContext({
    locale: 'nl-NL',
    viewport: { width: 1280, height: 900 },
    ...options,
  });
}

/**
 * Records every console error, uncaught page error and failed or 4xx/5xx
 * request on a context's pages. `assertClean()` throws with the full list.
 * Pass `allow` (array of RegExp on URL or message) for problems a test
 * provokes on purpose.
 */
export function watchProblems(context, { allow = [] } = {}) {
  const problems = [];
  const allowed = (text) => allow.some((re) => re.test(text));
  const attach = (page) => {
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const source = msg.location()?.url || '';
      // The browser asks for /favicon.ico by itself; that is not the page's doing.
      if (/\/favicon\.ico$/.test(source)) return;
      const text = `${msg.text()}${source ? ` (${source})` : ''}`;
      if (!allowed(text)) problems.push(`console error on ${page.url()}: ${text}`);
    });
    page.on('pageerror', (err) => {
      if (!allowed(String(err))) problems.push(`uncaught error on ${page.url()}: ${err}`);
    });
    page.on('requestfailed', (req) => {
      const reason = req.failure()?.errorText || '';
      // An aborted stale map request is intended behaviour, not a failure, and
      // so is an image (or the favicon, which the browser loads on its own)
      // still loading when the test navigates away. A favicon that is
      // missing still fails, as a 404 below.
      if (reason === 'net::ERR_ABORTED' && ['fetch', 'image'].includes(req.resourceType())) return;
      if (reason === 'net::ERR_ABORTED' && /\/favicon\.(ico|svg)$/.test(req.url())) return;
      if (!allowed(req.url())) problems.push(`request failed: ${req.url()} (${reason})`);
    });
    page.on('response', (res) => {
      if (res.status() >= 400 && !allowed(res.url())) {
        problems.push(`HTTP ${res.status()} for ${res.url()}`);
      }
    });
  };
  context.pages().forEach(attach);
  context.on('page', attach);
  return {
    problems,
    assertClean() {
      if (problems.length) {
        throw new Error(`problems in the browser:\n  ${problems.join('\n  ')}`);
      }
    },
  };
}

/** Full-page screenshot into tests/browser/output/<name>.png. */
export async function screenshot(page, name) {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const path = join(OUTPUT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Screenshots of one path at 360 px (a small phone) and 1280 px wide, and
 * checks that the page does not scroll sideways at 360 px.
 */
export async function screenshotsAt(browser, path, name, { javaScriptEnabled = true } = {}) {
  const shots = [];
  const overflow = {};
  for (const width of [360, 1280]) {
    const context = await newContext(browser, {
      viewport: { width, height: 800 },
      javaScriptEnabled,
    });
    const page = await context.newPage();
    await page.goto(url(path), { waitUntil: 'load' });
    if (javaScriptEnabled) await waitForMapIfAny(page);
    overflow[width] = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    shots.push(await screenshot(page, `${name}-${width}`));
    await context.close();
  }
  return { shots, overflow };
}

/** When the page has a map and JavaScript runs, waits until it has drawn. */
export async function waitForMapIfAny(page, timeout = 10000) {
  if (!(await page.$('[data-map]'))) return;
  await page
    .waitForSelector('[data-map-ready], .map-unavailable', { timeout })
    .catch(() => {});
}

/** Selector for anything drawn for a place on the map. */
export const MARKER_SELECTOR = '.leaflet-marker-icon';

/**
 * Page weight of a first load (empty cache): the sum of encoded (compressed)
 * bytes of every response, measured by the DevTools protocol's
 * Network.loadingFinished, tiles excluded. Waits for the network to go
 * quiet so the map's data requests count as well.
 */
export async function pageWeight(browser, path, { tilePattern = /\/tiles?\/|blank-tile\.png|tile\.openstreetmap/ } = {}) {
  const context = await newContext(browser);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const urls = new Map();
  const rows = [];
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => {
    const u = urls.get(e.requestId) || '';
    rows.push({ url: u, bytes: e.encodedDataLength, tile: tilePattern.test(u) });
  });
  await page.goto(url(path), { waitUntil: 'load' });
  await waitForMapIfAny(page);
  await page.waitForLoadState('networkidle').catch(() => {});
  const hasMap = !!(await page.$('[data-map]'));
  await context.close();
  const counted = rows.filter((r) => !r.tile);
  const total = counted.reduce((sum, r) => sum + r.bytes, 0);
  return { path, total, requests: counted.length, hasMap, rows: counted };
}

/** Prints the page weights as a small table. */
export function printWeights(weights) {
  const kb = (n) => (n / 1024).toFixed(1).padStart(7);
  const lines = [
    'page weight (compressed, first load, tiles excluded)',
    `  ${'page'.padEnd(48)} ${'requests'.padStart(8)} ${'KB'.padStart(7)} ${'budget'.padStart(7)}`,
  ];
  for (const w of weights) {
    const budget = w.hasMap ? BUDGET_MAP_PAGE : BUDGET_PAGE;
    lines.push(`  ${w.path.padEnd(48)} ${String(w.requests).padStart(8)} ${kb(w.total)} ${kb(budget)}${w.total > budget ? '  OVER' : ''}`);
  }
  console.log(lines.join('\n'));
}

/** The first link to a place page (/plekken/<id>) on a page, or null. */
export async function firstPlaceHref(page) {
  return page.evaluate(() => {
    const a = document.querySelector('main a[href^="/plekken/"]');
    return a ? a.getAttribute('href') : null;
  });
}
