// The municipal overview (/overzicht) as an official uses it: the table
// fits a 1280 px screen without scrolling sideways, and printed on A4
// landscape every column is on the page (issue 15, item 13). Signed in as
// the gemeente, so the widest table (with the wijkteam visits column) is
// the one measured.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { haarvatenBin, launch, newContext, screenshot, url, watchProblems } from './lib.mjs';

const PASSWORD = 'een lange e2e-zin voor de gemeente';
// A4 landscape is 297 mm wide; print.css leaves 10 mm on either side.
const MM = 96 / 25.4;
const PRINT_WIDTH = Math.floor(277 * MM);

let browser;
let email;

before(async () => {
  email = `gemeente-${Date.now()}-${Math.floor(Math.random() * 1e6)}@e2e.example.nl`;
  execFileSync(
    haarvatenBin(),
    ['user', 'create', '--email', email, '--role', 'gemeente', '--gemeente', 'GM0599', '--password-stdin'],
    { input: `${PASSWORD}\n`, env: process.env, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

async function signedIn(options) {
  const context = await newContext(browser, options);
  const watch = watchProblems(context);
  const page = await context.newPage();
  await page.goto(url('/inloggen?terug=/overzicht'));
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await Promise.all([
    page.waitForURL(/\/overzicht/),
    page.click('form[action="/inloggen"] button[type=submit]'),
  ]);
  await page.waitForLoadState('networkidle');
  return { context, watch, page };
}

/** How the table lies in its box: widths and right edges in CSS px. */
function measure(page) {
  return page.evaluate(() => {
    const table = document.querySelector('table.overview-table');
    const wrap = table.closest('.table-wrap');
    const main = document.querySelector('main');
    const style = getComputedStyle(main);
    const contentRight = main.getBoundingClientRect().right - parseFloat(style.paddingRight);
    return {
      table: Math.ceil(table.getBoundingClientRect().width),
      tableRight: Math.ceil(table.getBoundingClientRect().right),
      contentRight: Math.floor(contentRight),
      wrapScroll: wrap.scrollWidth - wrap.clientWidth,
      pageScroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      visits: document.querySelectorAll('td[data-col=bezoeken]').length,
    };
  });
}

test('the overview table fits a 1280 px screen, with a print button', async () => {
  const { context, watch, page } = await signedIn({ viewport: { width: 1280, height: 900 } });
  for (const path of ['/overzicht?gemeente=GM0599', '/overzicht/WK059903']) {
    await page.goto(url(path), { waitUntil: 'networkidle' });
    const m = await measure(page);
    await screenshot(page, `overview-1280${path.includes('WK') ? '-wijk' : ''}`);
    if (!path.includes('WK')) assert.ok(m.visits > 0, 'the gemeente sees the visits column');
    assert.equal(m.wrapScroll, 0, `${path}: the table does not scroll sideways: ${JSON.stringify(m)}`);
    assert.ok(m.tableRight <= m.contentRight + 1, `${path}: the table stays in its box: ${JSON.stringify(m)}`);
    assert.equal(m.pageScroll, 0, `${path}: the page does not scroll sideways`);
    const button = page.locator('button[data-print]');
    assert.ok(await button.isVisible(), 'the print button shows with JavaScript');
    assert.equal((await button.textContent()).trim(), 'Afdrukken');
  }
  watch.assertClean();
  await context.close();
});

test('printed on A4 landscape, every column of the overview is on the page', async () => {
  const { context, watch, page } = await signedIn({ viewport: { width: PRINT_WIDTH, height: 800 } });
  for (const path of ['/overzicht?gemeente=GM0599', '/overzicht/WK059903']) {
    await page.goto(url(path), { waitUntil: 'networkidle' });
    await page.emulateMedia({ media: 'print' });
    const m = await measure(page);
    assert.ok(m.table <= PRINT_WIDTH, `${path}: the table (${m.table} px) fits ${PRINT_WIDTH} px (277 mm)`);
    assert.ok(m.tableRight <= PRINT_WIDTH, `${path}: its right edge is on the page: ${JSON.stringify(m)}`);
    // The last header cell (the right-most column) is inside the page.
    const lastRight = await page.evaluate(() => {
      const cells = document.querySelectorAll('table.overview-table thead th');
      return Math.ceil(cells[cells.length - 1].getBoundingClientRect().right);
    });
    assert.ok(lastRight <= PRINT_WIDTH, `${path}: the last column ends at ${lastRight} px`);
    // The print stylesheet asks for A4 landscape.
    const size = await page.evaluate(async () => (await (await fetch('/static/css/print.css')).text()));
    assert.match(size, /@page\s*{[^}]*size:\s*A4 landscape/);
    await page.emulateMedia({ media: 'screen' });
  }
  // A real PDF of the page, as the browser prints it, for a person to look at.
  await page.goto(url('/overzicht?gemeente=GM0599'), { waitUntil: 'networkidle' });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  assert.ok(pdf.length > 1000, 'the overview prints');
  watch.assertClean();
  await context.close();
});
