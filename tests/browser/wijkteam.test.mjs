// A wijkteam member on a phone (360 px): logs in, logs a visit to a place
// and sees it on the dashboard, with the recency map drawn and no console
// errors. Then the same visit form without JavaScript at 320 px.
//
// The account is made with the real CLI against the e2e database
// (scripts/browser-tests exports DATABASE_URL), as an operator would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { haarvatenBin, launch, newContext, screenshot, url, watchProblems } from './lib.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = haarvatenBin();
const WIJK = process.env.E2E_WIJKTEAM_WIJK || 'WK059903';
const PASSWORD = 'een lange e2e-zin voor het wijkteam';

let browser;
let email;

function createWijkteamUser() {
  assert.ok(existsSync(BIN), `the haarvaten binary is built at ${BIN}`);
  assert.ok(process.env.DATABASE_URL, 'DATABASE_URL points at the e2e database');
  const address = `wijkteam-${Date.now()}-${Math.floor(Math.random() * 1e6)}@e2e.example.nl`;
  execFileSync(
    BIN,
    ['user', 'create', '--email', address, '--role', 'wijkteam', '--wijk', WIJK, '--password-stdin'],
    { input: `${PASSWORD}\n`, env: process.env, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  return address;
}

async function logIn(page) {
  await page.goto(url('/inloggen?terug=/wijkteam'));
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(/\/wijkteam$/), page.click('form[action="/inloggen"] button[type=submit]')]);
}

function today() {
  // The server counts in Europe/Amsterdam; so does this date.
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
}

before(async () => {
  email = createWijkteamUser();
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('a wijkteam member logs a visit on a phone and sees it on the dashboard', async () => {
  const context = await newContext(browser, { viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true });
  const watch = watchProblems(context);
  const page = await context.newPage();
  await logIn(page);

  // The dashboard: list first-class, map drawn with one sign per place.
  const items = page.locator('li.wt-place');
  const count = await items.count();
  assert.ok(count > 0, 'the wijk has places');
  await page.waitForSelector('[data-wijkteam-map][data-map-ready], .map-unavailable', { timeout: 10000 });
  const ready = await page.getAttribute('[data-wijkteam-map]', 'data-map-ready');
  const withPoint = await page.locator('li.wt-place[data-lat]:not([data-lat=""])').count();
  assert.equal(Number(ready), withPoint, 'every place with a location has a marker');
  const markers = await page.$$eval('.wt-marker', (els) =>
    els.map((e) => ({ tab: e.getAttribute('tabindex'), name: e.getAttribute('aria-label') || e.getAttribute('title') || '' })),
  );
  for (const m of markers) {
    assert.equal(m.tab, '0', 'marker is keyboard focusable');
    assert.match(m.name, /bezocht/i, 'marker says how recently, in words');
  }
  assert.equal(await page.locator('.wt-legend li').count(), 3, 'the legend explains the signs');

  // Log a visit to the first blind spot.
  const first = items.first();
  const name = await first.getAttribute('data-name');
  const placeId = await first.getAttribute('data-place-id');
  await first.locator('a[href^="/wijkteam/bezoeken/nieuw"]').click();
  await page.waitForURL(/\/wijkteam\/bezoeken\/nieuw\?plek=/);
  assert.ok(await page.locator('#notities-warning').isVisible(), 'the privacy warning is shown');
  assert.equal(await page.inputValue('#datum'), today(), 'today is filled in');
  await page.check('input[name=doel][value=kennismaken]');
  await page.fill('#duur', '30');
  await page.fill('#notities', 'Open inloop, tien mensen aan de koffie.');
  await page.fill('#partners', 'Buurtwerk Rotterdam');
  await page.screenshot({ path: join(ROOT, 'tests/browser/output/wijkteam-visit-form-360.png'), fullPage: true });
  await Promise.all([page.waitForURL(/\/wijkteam\?opgeslagen=1$/), page.click('form.wt-visit-form button[type=submit]')]);

  // Back on the dashboard: saved, and the place now shows the visit.
  assert.match(await page.locator('[role=status]').first().innerText(), /opgeslagen/);
  const item = page.locator(`li.wt-place[data-place-id="${placeId}"]`);
  assert.equal(await item.getAttribute('data-last-visit'), today());
  assert.equal(await item.getAttribute('data-visits-12m'), '1');
  assert.equal(await item.getAttribute('data-recency'), 'recent');
  assert.match(await item.innerText(), /Bezocht in de laatste/);
  assert.ok(name, 'the place has a name');

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scrolling at 360 px (overflow ${overflow}px)`);
  await screenshot(page, 'wijkteam-dashboard-360');
  watch.assertClean();
  await context.close();
});

test('without JavaScript at 320 px the visit form still works and shows errors', async () => {
  const context = await newContext(browser, { viewport: { width: 320, height: 700 }, javaScriptEnabled: false });
  const watch = watchProblems(context, { allow: [/\/wijkteam\/bezoeken(?![/\w])/] });
  const page = await context.newPage();
  await logIn(page);
  assert.ok(await page.locator('li.wt-place').first().isVisible(), 'the list is there without the map');
  await page.locator('li.wt-place a[href^="/wijkteam/bezoeken/nieuw"]').first().click();
  await page.fill('#datum', '');
  await page.click('form.wt-visit-form button[type=submit]');
  // 422 with the error summary and the message next to the date.
  assert.ok(await page.locator('.error-summary').isVisible());
  assert.match(await page.locator('#datum-error').innerText(), /datum/);
  await page.fill('#datum', today());
  await page.check('input[name=doel][value=anders]');
  await Promise.all([page.waitForURL(/\/wijkteam\?opgeslagen=1$/), page.click('form.wt-visit-form button[type=submit]')]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scrolling at 320 px (overflow ${overflow}px)`);
  watch.assertClean();
  await context.close();
});
