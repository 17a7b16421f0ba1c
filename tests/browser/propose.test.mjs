// A resident signs up and proposes a place (without using the map: buurt
// and address); a wijkteam member of that wijk, made with the CLI, logs in
// and approves it; the place then shows in the public list and as a marker
// on the public map. No console errors on the way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { haarvatenBin, launch, newContext, screenshot, url, watchProblems, MARKER_SELECTOR } from './lib.mjs';

const BIN = haarvatenBin();
const PASSWORD = 'een-lange-zin-voor-de-test';
const stamp = Date.now();
const NAME = `Huiskamer Proef ${stamp}`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function login(page, email) {
  await page.goto(url('/inloggen'));
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
}

test('a resident proposes a place, the wijkteam approves it, it shows on the map', async () => {
  const context = await newContext(browser);
  const problems = watchProblems(context);
  const page = await context.newPage();

  // Sign up.
  await page.goto(url('/registreren'));
  await page.fill('#email', `bewoner-${stamp}@example.nl`);
  await page.fill('#password', PASSWORD);
  await page.fill('#password_repeat', PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);

  // Propose a place.
  await page.goto(url('/plekken/nieuw'));
  await page.waitForSelector('[data-pick-location][data-map-ready]');
  const buurt = await page.$eval('#buurt option:nth-child(2)', (o) => o.value);
  assert.match(buurt, /^BU\d{8}$/);
  await page.fill('#naam', NAME);
  await page.selectOption('#type', 'huiskamer');
  await page.selectOption('#categorie', 'huiskamer');
  await page.selectOption('#initiatiefnemer', 'bewoners');
  await page.check('input[name=doelgroepen][value=ouderen]');
  await page.selectOption('#buurt', buurt);
  await page.fill('#adres', 'Proefstraat 1');
  // Opening hours per day, no OSM syntax needed.
  for (const day of ['ma', 'di', 'wo', 'do', 'vr']) {
    await page.check(`#dag-${day}-open`);
    await page.fill(`#dag-${day}-van-1`, '10:00');
    await page.fill(`#dag-${day}-tot-1`, '16:00');
  }
  await screenshot(page, 'propose-form');
  await Promise.all([page.waitForNavigation(), page.click('form.place-form button[type=submit]')]);
  assert.match(page.url(), /\/mijn-voorstellen/);
  assert.match(await page.textContent('.proposal-status'), /Wacht op beoordeling/);

  // A wijkteam member of that wijk, made with the CLI.
  const wijk = `WK${buurt.slice(2, 8)}`;
  const teamEmail = `wijkteam-${stamp}@example.nl`;
  execFileSync(BIN, ['user', 'create', '--email', teamEmail, '--role', 'wijkteam', '--wijk', wijk, '--password-stdin'], {
    input: `${PASSWORD}\n`,
    env: process.env,
  });
  const teamContext = await newContext(browser);
  const teamProblems = watchProblems(teamContext);
  const team = await teamContext.newPage();
  await login(team, teamEmail);
  await team.goto(url('/beoordelen'));
  await Promise.all([team.waitForNavigation(), team.click(`.review-list a:has-text("${NAME}")`)]);
  await screenshot(team, 'review-proposal');
  await Promise.all([team.waitForNavigation(), team.click('button.accept')]);
  assert.match(await team.textContent('main'), /geaccepteerd/);

  // The place is public: in the list and as a marker on the map.
  const pub = await context.newPage();
  await pub.goto(url(`/zoeken?q=${encodeURIComponent(`Proef ${stamp}`)}`));
  const href = await pub.getAttribute(`main a:has-text("${NAME}")`, 'href');
  assert.match(href, /^\/plekken\//);
  await pub.waitForSelector('[data-map-ready]');
  await pub.waitForSelector(`${MARKER_SELECTOR}[title^="${NAME}"]`, { timeout: 10000 });
  await screenshot(pub, 'proposed-place-on-map');
  await pub.goto(url(href));
  assert.equal((await pub.textContent('h1')).trim(), NAME);

  problems.assertClean();
  teamProblems.assertClean();
  await context.close();
  await teamContext.close();
});
