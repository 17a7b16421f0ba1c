// Issue 15, item 4: on a phone (360 px) the map and the results start near
// the top, the filters fold away (and open without JavaScript), and a
// signed-in wijkteam member's header stays one line, with a menu that
// opens without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { haarvatenBin, launch, newContext, screenshot, url, watchProblems } from './lib.mjs';

const PHONE = { viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true };
const PASSWORD = 'een lange e2e-zin voor de koptest';
/** The map starts within the first screen of a 780 px phone, with most
 *  of its height on it (it started 1,140 px down behind the filters). */
const MAP_TOP_MAX = 500;
/** One line of header: the brand and the links side by side. */
const HEADER_MAX = 110;

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('on a phone the map starts near the top and the filters fold away', async () => {
  const context = await newContext(browser, PHONE);
  const watch = watchProblems(context);
  const page = await context.newPage();
  await page.goto(url('/'));
  const map = page.locator('#kaart');
  await map.waitFor({ state: 'visible' });
  const top = await map.evaluate((m) => m.getBoundingClientRect().top + window.scrollY);
  await screenshot(page, 'journeys-home-360');
  assert.ok(top <= MAP_TOP_MAX, `the map starts ${top} px down (at most ${MAP_TOP_MAX})`);
  assert.equal(await page.locator('select[name="type"]').isVisible(), false, 'filters are folded');
  await page.locator('details.filter-details summary').click();
  assert.equal(await page.locator('select[name="type"]').isVisible(), true, 'the summary opens them');
  await context.close();
  watch.assertClean();
});

test('the filters open without JavaScript too', async () => {
  const context = await newContext(browser, { ...PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(url('/zoeken'));
  await page.locator('details.filter-details summary').click();
  await page.locator('select[name="type"]').selectOption('huiskamer');
  await Promise.all([
    page.waitForURL(/[?&]type=huiskamer/),
    page.locator('details.filter-details button[type="submit"]').click(),
  ]);
  assert.match(await page.locator('details.filter-details summary').innerText(), /1 gekozen/);
  await context.close();
});

test("a wijkteam member's header is one line on a phone, with a menu", async () => {
  const email = `kop-${Date.now()}@e2e.example.nl`;
  execFileSync(
    haarvatenBin(),
    ['user', 'create', '--email', email, '--role', 'wijkteam', '--wijk', 'WK059903', '--password-stdin'],
    { input: `${PASSWORD}\n`, env: process.env, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  for (const javaScriptEnabled of [true, false]) {
    const context = await newContext(browser, { ...PHONE, javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(url('/inloggen'));
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/inloggen"] button[type=submit]')]);
    await page.goto(url('/'));
    const height = await page.locator('header.site-header').evaluate((h) => h.getBoundingClientRect().height);
    assert.ok(height <= HEADER_MAX, `the header is ${height} px high (at most ${HEADER_MAX}), JS ${javaScriptEnabled}`);
    assert.equal(await page.locator('.nav-wijkteam').isVisible(), false, 'folded into the menu');
    await page.locator('.user-menu summary').click();
    assert.equal(await page.locator('.nav-wijkteam').isVisible(), true, 'the menu opens');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the open menu scrolls sideways by ${overflow} px`);
    if (javaScriptEnabled) await screenshot(page, 'journeys-menu-360');
    await context.close();
  }
});
