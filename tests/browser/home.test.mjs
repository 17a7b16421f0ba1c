// A resident's first visit, in headless Chromium: the map fills with
// markers, the filter form narrows the list, a place opens. The same with
// JavaScript off, screenshots at 360 and 1280 px, and the page weights.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BUDGET_MAP_PAGE,
  BUDGET_PAGE,
  MARKER_SELECTOR,
  firstPlaceHref,
  launch,
  newContext,
  pageWeight,
  printWeights,
  screenshotsAt,
  url,
  watchProblems,
} from './lib.mjs';

let browser;
let placePath = null;

/** Opens the folded filters of the search form (a <details>), if closed. */
async function openFilters(page) {
  const details = page.locator('main details.filter-details').first();
  if ((await details.count()) && !(await details.evaluate((d) => d.open))) {
    await details.locator('summary').click();
  }
}

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('a resident sees markers on the map, filters by type and opens a place', async () => {
  const context = await newContext(browser);
  const watch = watchProblems(context);
  const page = await context.newPage();

  await page.goto(url('/'));
  const map = page.locator('[data-map]').first();
  await map.waitFor({ state: 'visible' });
  assert.equal(await map.getAttribute('role'), 'region');
  assert.ok(await map.getAttribute('aria-label'), 'the map has an accessible name');
  await page.locator(`[data-map] ${MARKER_SELECTOR}`).first().waitFor({ timeout: 10000 });
  const drawn = await page.locator(`[data-map] ${MARKER_SELECTOR}`).count();
  assert.ok(drawn > 0, 'markers or clusters are drawn');

  // Every marker can be reached with the keyboard and has a name.
  const names = await page.$$eval(`[data-map] ${MARKER_SELECTOR}`, (els) =>
    els.map((e) => ({ tab: e.getAttribute('tabindex'), name: e.getAttribute('title') || e.getAttribute('alt') || '' })),
  );
  for (const n of names) {
    assert.equal(n.tab, '0', 'marker is keyboard focusable');
    assert.ok(n.name.trim(), 'marker has an accessible name');
  }

  // A single place marker opens its popup with Enter and links to the place.
  const single = page.locator('[data-map] img.leaflet-marker-icon').first();
  if (await single.count()) {
    await single.focus();
    await page.keyboard.press('Enter');
    const link = page.locator('[data-map] .leaflet-popup a[href^="/plekken/"]');
    await link.waitFor({ timeout: 5000 });
  }

  // The server-rendered list shows places.
  const listed = await page.locator('main a[href^="/plekken/"]').count();
  assert.ok(listed > 0, 'the list on / shows places');

  // Filter by type with the server-rendered form: the filters are folded.
  await openFilters(page);
  const typeSelect = page.locator('main form select[name="type"]').first();
  let filteredBy = null;
  if (await typeSelect.count()) {
    await typeSelect.selectOption('huiskamer');
    filteredBy = 'select';
  } else {
    const box = page.locator('main form input[name="type"][value="huiskamer"]').first();
    await box.check();
    filteredBy = 'checkbox';
  }
  assert.ok(filteredBy);
  await Promise.all([
    page.waitForURL(/[?&]type=huiskamer/),
    page.locator('main form [type="submit"]').first().click(),
  ]);
  const afterFilter = await page.locator('main a[href^="/plekken/"]').count();
  assert.ok(afterFilter > 0, 'the filtered list shows huiskamers');
  assert.ok(afterFilter <= listed, 'the filter does not add places');
  if (await page.locator('[data-map]').count()) {
    await page.locator(`[data-map] ${MARKER_SELECTOR}`).first().waitFor({ timeout: 10000 });
  }

  // Open the first place from the list.
  const first = page.locator('main a[href^="/plekken/"]').first();
  const name = (await first.innerText()).trim();
  placePath = await first.getAttribute('href');
  await Promise.all([page.waitForURL(/\/plekken\//), first.click()]);
  const h1 = (await page.locator('h1').first().innerText()).trim();
  assert.ok(h1.length > 0, 'the place page has a heading');
  assert.ok(name.includes(h1) || h1.includes(name), `heading "${h1}" matches the link "${name}"`);

  await context.close();
  watch.assertClean();
});

test('with JavaScript off a resident can find, filter and read a place', async () => {
  const context = await newContext(browser, { javaScriptEnabled: false });
  const watch = watchProblems(context);
  const page = await context.newPage();

  await page.goto(url('/'));
  assert.equal(await page.locator('[data-map]:visible').count(), 0, 'no empty map box without JavaScript');
  const links = page.locator('main a[href^="/plekken/"]');
  assert.ok((await links.count()) > 0, 'the list shows places');

  await openFilters(page);
  const typeSelect = page.locator('main form select[name="type"]').first();
  if (await typeSelect.count()) {
    await typeSelect.selectOption('zelfbeheer');
    await Promise.all([
      page.waitForURL(/[?&]type=zelfbeheer/),
      page.locator('main form [type="submit"]').first().click(),
    ]);
  }

  const href = await firstPlaceHref(page);
  assert.ok(href, 'a place link is listed');
  await page.goto(url(href));
  const h1 = (await page.locator('h1').first().innerText()).trim();
  assert.ok(h1.length > 0, 'the place page has a heading');
  const text = await page.locator('main').innerText();
  assert.ok(text.length > h1.length + 20, 'the place page shows the place details');

  await context.close();
  watch.assertClean();
});

test('pages fit a 360 px phone; screenshots at 360 and 1280 px', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(url('/'));
  const place = placePath || (await firstPlaceHref(page));
  await context.close();
  assert.ok(place, 'a place page to photograph');

  for (const [path, name] of [['/', 'home'], [place, 'place']]) {
    const { overflow } = await screenshotsAt(browser, path, name);
    assert.ok(overflow[360] <= 0, `${path} scrolls sideways at 360 px by ${overflow[360]} px`);
  }
});

test('first loads stay within the page weight budgets', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(url('/'));
  const place = placePath || (await firstPlaceHref(page));
  await page.goto(url('/wijken'));
  const wijk = await page.evaluate(() => {
    const a = document.querySelector('main a[href^="/wijken/"]');
    return a ? a.getAttribute('href') : null;
  });
  await context.close();

  const paths = ['/', '/wijken', wijk, '/zoeken?q=koffie', place].filter(Boolean);
  const weights = [];
  for (const p of paths) weights.push(await pageWeight(browser, p));
  printWeights(weights);
  for (const w of weights) {
    const budget = w.hasMap ? BUDGET_MAP_PAGE : BUDGET_PAGE;
    assert.ok(w.total <= budget, `${w.path}: ${w.total} bytes exceeds ${budget}`);
  }
  assert.ok(weights.find((w) => w.path === '/').hasMap, '/ has a map');
});
