// WCAG 2.1 AA in headless Chromium: axe-core on every page type at 360 and
// 1280 px (zero violations allowed), no sideways scrolling at 320 px, the
// skip link, a visible focus ring, form errors tied to their fields with
// focus on the error summary, and a map that works from the keyboard.
//
// Accounts for the signed-in pages are made with the real CLI
// (`haarvaten user create`) against the database the server uses
// (DATABASE_URL, exported by scripts/browser-tests), and sign in through the
// real login form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { haarvatenBin, launch, newContext, url, waitForMapIfAny } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const BIN = haarvatenBin();
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const WIDTHS = [360, 1280];
const PASSWORD = 'toegankelijk-wachtwoord-2026';

let browser;
let place; // /plekken/<id>
let wijk; // /wijken/WK…
let wijkCode;
const users = {};
const checked = []; // "<width> <role> <label> <path>"

/**
 * Injects axe-core with Runtime.evaluate (not a <script> tag), so the
 * site's strict CSP stays in force while axe runs.
 */
async function runAxe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(AXE_SOURCE);
  }
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  }, WCAG_TAGS);
}

function formatViolations(where, violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 8)
        .map((n) => `      ${n.target}\n        ${(n.summary || '').replace(/\n\s*/g, ' | ')}`)
        .join('\n');
      return `  ${where}: [${v.impact}] ${v.id}: ${v.help}\n${nodes}${v.nodes.length > 8 ? `\n      … ${v.nodes.length - 8} more` : ''}`;
    })
    .join('\n');
}

function createUser(role, extra = []) {
  const email = `a11y-${role}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`;
  execFileSync(BIN, ['user', 'create', '--email', email, '--role', role, ...extra, '--password-stdin'], {
    input: `${PASSWORD}\n`,
    env: process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return email;
}

async function login(page, email) {
  await page.goto(url('/inloggen'));
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/inloggen')),
    page.locator('main form button[type="submit"]').click(),
  ]);
}

/** Submits the first form in main as it is (empty), for its error page. */
async function submitEmpty(page) {
  const button = page.locator('main form[method="post"] button[type="submit"], main form[method="post"] input[type="submit"]').last();
  assert.ok(await button.count(), `${page.url()} has a form to submit`);
  await Promise.all([
    page.waitForLoadState('load'),
    page.waitForResponse((r) => r.request().method() === 'POST'),
    button.click(),
  ]);
  await page.waitForLoadState('load');
}

function placeId() {
  return place.split('/').pop();
}

/** Page list per role: [label, path, action?]. */
function pagesFor(role) {
  const anon = [
    ['home', '/'],
    ['search results with filters', '/zoeken?q=huis&type=huiskamer'],
    ['wijken', '/wijken'],
    ['wijk', wijk],
    ['place', place],
    ['place history', `${place}/geschiedenis`],
    ['overview', '/overzicht'],
    ['overview per wijk', `/overzicht/${wijkCode}`],
    ['login', '/inloggen'],
    ['sign-up', '/registreren'],
    ['login with errors', '/inloggen', submitEmpty],
    ['sign-up with errors', '/registreren', submitEmpty],
    ['error page (404)', '/plekken/bestaat-niet', null, 404],
  ];
  const wijkteam = [
    ['review queue', '/beoordelen'],
    ['wijkteam dashboard', '/wijkteam'],
    ['visit: choose a place', '/wijkteam/bezoeken/nieuw'],
    ['visit form', `/wijkteam/bezoeken/nieuw?plek=${placeId()}`],
    ['visit form with errors', `/wijkteam/bezoeken/nieuw?plek=${placeId()}`, submitEmpty],
    ['wijkteam figures', '/wijkteam/cijfers'],
    ['wijkteam place', `/wijkteam${place}`],
    ['propose a place', '/plekken/nieuw'],
    ['propose a place with errors', '/plekken/nieuw', submitEmpty],
    ['edit a place', `${place}/bewerken`],
    ['account', '/account'],
    ['change password', '/account/wachtwoord'],
  ];
  const beheerder = [
    ['admin users', '/beheer/gebruikers'],
    ['admin audit log', '/beheer/audit'],
    ['close a place', `${place}/opheffen`],
    ['annotate a place', `${place}/opmerking`],
    ['annotate with errors', `${place}/opmerking`, submitEmpty],
  ];
  const bewoner = [['my proposals', '/mijn-voorstellen']];
  return { anon, wijkteam, beheerder, bewoner }[role];
}

before(async () => {
  browser = await launch();
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(url('/'));
  place = await page.evaluate(() => document.querySelector('main a[href^="/plekken/"]')?.getAttribute('href'));
  assert.ok(place, 'a place is listed');
  // The place's own wijk, so the wijkteam account may visit it.
  await page.goto(url(place));
  wijk = await page.evaluate(() => document.querySelector('main a[href^="/wijken/WK"]')?.getAttribute('href'));
  assert.ok(wijk, 'the place page links to its wijk');
  wijkCode = wijk.split('/').pop();
  assert.ok(place, 'a place is listed');
  await context.close();

  users.wijkteam = createUser('wijkteam', ['--wijk', wijkCode]);
  users.beheerder = createUser('beheerder');
  users.bewoner = createUser('bewoner');

  // A resident's remark and proposed change, so the review queue has items.
  const resident = await newContext(browser);
  const rp = await resident.newPage();
  await login(rp, users.bewoner);
  await rp.goto(url(`${place}/opmerking`));
  await rp.locator('main input[name="soort"]').first().check();
  await rp.fill('#tekst', 'De ingang is lastig te vinden voor mensen met een rollator.');
  await Promise.all([rp.waitForLoadState('load'), rp.waitForResponse((r) => r.request().method() === 'POST'), rp.locator('main form button[type="submit"]').last().click()]);
  await rp.goto(url(`${place}/bewerken`));
  const text = rp.locator('main form textarea').first();
  if (await text.count()) {
    await text.fill(`${await text.inputValue()} Ook open op feestdagen.`);
    await Promise.all([rp.waitForLoadState('load'), rp.waitForResponse((r) => r.request().method() === 'POST'), rp.locator('main form.place-form button[type="submit"]').click()]);
  }
  await resident.close();
});

after(async () => {
  await browser?.close();
  console.log(`axe-core (${WCAG_TAGS.join(', ')}) checked ${checked.length} page views:\n  ${checked.join('\n  ')}`);
});

for (const role of ['anon', 'wijkteam', 'beheerder', 'bewoner']) {
  test(`every ${role === 'anon' ? 'public' : role} page passes axe-core WCAG 2.1 AA at 360 and 1280 px and fits 320 px`, async () => {
    const failures = [];
    const overflows = [];
    for (const width of WIDTHS) {
      const context = await newContext(browser, { viewport: { width, height: 800 } });
      const page = await context.newPage();
      if (role !== 'anon') await login(page, users[role]);
      let pages = pagesFor(role);
      // Pages found by following links: a user to edit, a proposal to review.
      const follow = { beheerder: ['/beheer/gebruikers', '/beheer/gebruikers/', 'admin edit user'], wijkteam: ['/beoordelen', '/beoordelen/', 'review item'] }[role];
      if (follow) {
        await page.goto(url(follow[0]));
        const href = await page.evaluate((prefix) => document.querySelector(`main a[href^="${prefix}"]`)?.getAttribute('href'), follow[1]);
        if (href) pages = [...pages, [follow[2], href]];
        else console.log(`note: no link to ${follow[1]}… on ${follow[0]}; ${follow[2]} not checked`);
      }
      for (const [label, path, action, status = 200] of pages) {
        const response = await page.goto(url(path), { waitUntil: 'load' });
        assert.equal(response.status(), status, `${role} ${path} answers ${response.status()}`);
        if (action) await action(page);
        await waitForMapIfAny(page);
        const where = `${width}px ${role} ${label} (${path})`;
        checked.push(`${String(width).padStart(4)} px  ${role.padEnd(9)} ${label.padEnd(28)} ${path}  [HTTP ${response.status()}]`);
        const violations = await runAxe(page);
        if (violations.length) failures.push(formatViolations(where, violations));
        if (width === 360) {
          await page.setViewportSize({ width: 320, height: 800 });
          const sideways = await page.evaluate(() => document.scrollingElement.scrollWidth);
          if (sideways > 320) overflows.push(`${label} (${path}): scrollWidth ${sideways} at 320 px`);
          await page.setViewportSize({ width: 360, height: 800 });
        }
      }
      await context.close();
    }
    if (failures.length) console.log(`axe-core violations:\n${failures.join('\n')}`);
    if (overflows.length) console.log(`sideways scrolling at 320 px:\n  ${overflows.join('\n  ')}`);
    assert.equal(failures.length, 0, `axe-core found violations on ${failures.length} page views (listed above)`);
    assert.equal(overflows.length, 0, `pages scroll sideways at 320 px: ${overflows.join('; ')}`);
  });
}

test('the English home, search and place pages pass axe-core', async () => {
  const failures = [];
  const context = await newContext(browser, { locale: 'en-GB', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  for (const path of ['/', '/zoeken?q=huis', place]) {
    await page.goto(url(path));
    await waitForMapIfAny(page);
    assert.equal(await page.getAttribute('html', 'lang'), 'en', `${path} is served in English`);
    checked.push(`1280 px  anon/en    ${path}`);
    const violations = await runAxe(page);
    if (violations.length) failures.push(formatViolations(`en ${path}`, violations));
  }
  // The switch back names its target language in that language.
  const sw = page.locator('header a[hreflang="nl"]');
  assert.equal(await sw.getAttribute('lang'), 'nl');
  await context.close();
  if (failures.length) console.log(`axe-core violations:\n${failures.join('\n')}`);
  assert.equal(failures.length, 0, 'axe-core violations on English pages (listed above)');
});

test('the skip link moves focus to the main content and focus is visible', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(url('/'));
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => ({
    cls: document.activeElement.className,
    href: document.activeElement.getAttribute('href'),
    visible: document.activeElement.getBoundingClientRect().left >= 0,
  }));
  assert.match(first.cls, /skip-link/, 'the first Tab reaches the skip link');
  assert.ok(first.visible, 'the focused skip link is on screen');
  await page.keyboard.press('Enter');
  const target = first.href.slice(1);
  await page.waitForFunction((id) => document.activeElement?.id === id, target);

  // Tab on from main: the next link gets a visible focus ring.
  await page.keyboard.press('Tab');
  const ring = await page.evaluate(() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    return { tag: el.tagName, outline: `${s.outlineStyle} ${s.outlineWidth}`, shadow: s.boxShadow };
  });
  const hasOutline = !/^none/.test(ring.outline) && !/ 0px$/.test(ring.outline);
  assert.ok(hasOutline || (ring.shadow && ring.shadow !== 'none'), `focused ${ring.tag} shows a focus ring (${ring.outline}; ${ring.shadow})`);
  await context.close();
});

test('after a failed submit focus is on the error summary and errors are tied to their fields', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await login(page, users.wijkteam);
  for (const path of ['/plekken/nieuw', '/account/wachtwoord', `/wijkteam/bezoeken/nieuw?plek=${placeId()}`]) {
    await page.goto(url(path));
    await submitEmpty(page);
    const state = await page.evaluate(() => {
      const summary = document.querySelector('.error-summary');
      const invalid = [...document.querySelectorAll('[aria-invalid="true"]')].map((f) => {
        const label = f.id ? document.querySelector(`label[for="${CSS.escape(f.id)}"]`) : null;
        return {
          field: f.id || f.name,
          // A radio group may carry its description on the fieldset.
          described: [f, f.closest('fieldset')].some((el) => {
            const ids = (el?.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
            return ids.length > 0 && ids.every((id) => document.getElementById(id));
          }),
          labelled: !!label || !!f.closest('label') || !!f.getAttribute('aria-label') || !!f.closest('fieldset')?.querySelector('legend'),
        };
      });
      const links = summary ? [...summary.querySelectorAll('a[href^="#"]')].map((a) => a.getAttribute('href').slice(1)) : [];
      return {
        summary: !!summary,
        focusInSummary: !!summary && summary.contains(document.activeElement),
        invalid,
        brokenLinks: links.filter((id) => !document.getElementById(id)),
      };
    });
    assert.ok(state.summary, `${path}: an error summary is shown`);
    assert.ok(state.focusInSummary, `${path}: focus moved to the error summary`);
    assert.ok(state.invalid.length > 0, `${path}: fields are marked aria-invalid`);
    for (const f of state.invalid) {
      assert.ok(f.described, `${path}: ${f.field} has aria-describedby pointing at its error`);
      assert.ok(f.labelled, `${path}: ${f.field} has a label`);
    }
    assert.deepEqual(state.brokenLinks, [], `${path}: every summary link points at a field`);
  }
  // And the same on the public login form.
  await context.close();
  const anon = await newContext(browser);
  const p = await anon.newPage();
  for (const path of ['/inloggen', '/registreren']) {
    await p.goto(url(path));
    await submitEmpty(p);
    assert.ok(await p.evaluate(() => document.querySelector('.error-summary')?.contains(document.activeElement)), `${path}: focus on the error summary`);
    const loose = await p.evaluate(() =>
      [...document.querySelectorAll('[aria-invalid="true"]')].filter((f) => !(f.getAttribute('aria-describedby') || '').trim()).map((f) => f.id),
    );
    assert.deepEqual(loose, [], `${path}: invalid fields without aria-describedby`);
  }
  await anon.close();
});

test('the map is reachable and zooms from the keyboard; markers have names', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const zooms = [];
  page.on('request', (r) => {
    const m = /\/api\/plekken\.geojson\?.*[?&]zoom=(\d+)/.exec(r.url());
    if (m) zooms.push(Number(m[1]));
  });
  await page.goto(url('/'));
  await page.waitForSelector('[data-map][data-map-ready]');
  await page.waitForSelector('[data-map] .leaflet-marker-icon');
  const names = await page.$$eval('[data-map] .leaflet-marker-icon', (els) =>
    els.map((e) => (e.getAttribute('alt') || e.getAttribute('title') || e.getAttribute('aria-label') || '').trim()),
  );
  assert.ok(names.length > 0 && names.every(Boolean), 'every marker has an accessible name');
  const container = page.locator('[data-map]');
  assert.ok(await container.getAttribute('aria-label'), 'the map container has a name');
  assert.equal(await container.getAttribute('tabindex'), '0', 'the map container is in the tab order');
  await container.focus();
  const start = zooms.at(-1);
  await page.keyboard.press('+');
  await page.waitForFunction(() => true);
  for (let i = 0; i < 50 && zooms.at(-1) === start; i++) await page.waitForTimeout(100);
  assert.ok(zooms.at(-1) > start, `+ zooms in (zoom ${start} → ${zooms.at(-1)})`);
  // The zoom buttons are real, named controls.
  const zoomIn = page.locator('[data-map] .leaflet-control-zoom-in');
  assert.equal(await zoomIn.getAttribute('aria-label'), 'Inzoomen', 'the zoom button is named in the page language');
  await context.close();
});
