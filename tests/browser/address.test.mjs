// Addresses (issue 12), against the local PDOK-speaking server that
// scripts/browser-tests starts: the place form's address field with
// JavaScript (suggestions from /api/adres fill address, postcode and the
// point) and without (the address is found on submit, with a choice when
// several fit); the search near a postcode, and "in de buurt van mij".
// No buurt is chosen in the forms: the place is located by its address.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newContext, screenshot, url, watchProblems } from './lib.mjs';

const PASSWORD = 'een-lange-zin-voor-adressen';
const stamp = Date.now();

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function signUp(page, who) {
  await page.goto(url('/registreren'));
  await page.fill('#email', `${who}-${stamp}@example.nl`);
  await page.fill('#password', PASSWORD);
  await page.fill('#password_repeat', PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
}

async function fillPlace(page, name) {
  await page.fill('#naam', name);
  await page.selectOption('#type', 'zelfbeheer');
  await page.selectOption('#categorie', 'buurthuis');
  await page.selectOption('#initiatiefnemer', 'bewoners');
}

test('with JavaScript the address field suggests addresses and sets the point', async () => {
  const context = await newContext(browser);
  const problems = watchProblems(context);
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await signUp(page, 'adres-js');
  await page.goto(url('/plekken/nieuw'));
  await page.waitForSelector('[data-pick-location][data-map-ready]');
  await page.waitForSelector('[data-address-suggest][data-suggest-ready]', { state: 'attached' });
  await fillPlace(page, `Gouvernehuis ${stamp}`);

  await page.click('#adres');
  await page.keyboard.type('gouverne', { delay: 30 });
  await page.waitForSelector('#adres-suggesties [role=option]');
  const options = await page.locator('#adres-suggesties [role=option]').allTextContents();
  assert.deepEqual(options, [
    'Gouvernestraat 10, 3014PM Rotterdam',
    'Gouvernestraat 10A, 3014PM Rotterdam',
    'Gouvernestraat 10B-2, 3014PM Rotterdam',
  ]);
  assert.equal(await page.getAttribute('#adres', 'aria-expanded'), 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.getAttribute('#adres', 'aria-activedescendant'), 'adres-suggestie-1');
  await page.keyboard.press('Enter');
  assert.equal(await page.inputValue('#adres'), 'Gouvernestraat 10A');
  assert.equal(await page.inputValue('#postcode'), '3014 PM');
  assert.equal(await page.inputValue('#lon'), '4.464140');
  assert.equal(await page.inputValue('#lat'), '51.918660');
  assert.equal(await page.locator('[data-pick-location] .leaflet-marker-icon').count(), 1, 'the map shows the point');
  await screenshot(page, 'address-suggest');

  // The browser asked only this app.
  const base = new URL(url('/')).origin;
  assert.ok(requests.every((r) => r.startsWith(base) || r.startsWith('data:')), requests.filter((r) => !r.startsWith(base)).join(', '));
  assert.ok(requests.some((r) => r.includes('/api/adres?q=gouverne')));

  await Promise.all([page.waitForNavigation(), page.click('form.place-form button[type=submit]')]);
  assert.match(page.url(), /\/mijn-voorstellen/, 'saved without choosing a buurt: the point came from the address');
  problems.assertClean();
  await context.close();
});

test('without JavaScript the address is found on submit, with a choice when several fit', async () => {
  const context = await newContext(browser, { javaScriptEnabled: false, viewport: { width: 360, height: 800 } });
  const problems = watchProblems(context);
  const page = await context.newPage();
  await signUp(page, 'adres-nojs');
  await page.goto(url('/plekken/nieuw'));
  const name = `Gouvernehoek ${stamp}`;
  await fillPlace(page, name);
  await page.fill('#adres', 'Gouvernestraat 1');

  await Promise.all([page.waitForNavigation(), page.click('form.place-form button[type=submit]')]);
  assert.match(await page.textContent('.address-notice'), /meer dan één adres/);
  const choices = await page.locator('#adres_keuze label').allTextContents();
  assert.equal(choices.length, 4, choices.join(' | '));
  assert.equal(await page.inputValue('#naam'), name, 'what was typed is kept');
  await screenshot(page, 'address-choice-nojs-360');
  await page.check('#adres_keuze label:has-text("10B-2") input');
  await Promise.all([page.waitForNavigation(), page.click('form.place-form button[type=submit]')]);
  assert.match(page.url(), /\/mijn-voorstellen/);
  assert.match(await page.textContent('main'), new RegExp(name));

  // Postcode and house number alone are enough too.
  await page.goto(url('/plekken/nieuw'));
  await fillPlace(page, `Gaffelhoek ${stamp}`);
  await page.fill('#adres', '12');
  await page.fill('#postcode', '3014ga');
  await Promise.all([page.waitForNavigation(), page.click('form.place-form button[type=submit]')]);
  assert.match(page.url(), /\/mijn-voorstellen/);
  problems.assertClean();
  await context.close();
});

test('without JavaScript places near a postcode are listed by distance', async () => {
  const context = await newContext(browser, { javaScriptEnabled: false });
  const problems = watchProblems(context);
  const page = await context.newPage();
  await page.goto(url('/'));
  await page.fill('#n-adres', '3014 GA');
  await Promise.all([page.waitForNavigation(), page.click('form.near-form button[type=submit]')]);
  assert.match(page.url(), /\/in-de-buurt\?adres=3014\+GA/);
  assert.match(await page.textContent('h1'), /in de buurt van Gaffelstraat, 3014GA Rotterdam/);
  const distances = await page.locator('.near-list .place-distance').allTextContents();
  assert.ok(distances.length > 3, `${distances.length} places`);
  const metres = distances.map((d) => {
    const n = Number(d.match(/[\d.,]+/)[0].replace('.', '').replace(',', '.'));
    return / km/.test(d) ? n * 1000 : n;
  });
  assert.deepEqual([...metres].sort((a, b) => a - b), metres, 'nearest first');
  assert.ok(distances.every((d) => /hemelsbreed|midden van de buurt/.test(d)), distances.join(' | '));
  await screenshot(page, 'near-postcode-nojs');
  problems.assertClean();
  await context.close();
});

test('"in de buurt van mij" uses the browser location', async () => {
  const context = await newContext(browser, {
    geolocation: { latitude: 51.92271, longitude: 4.47966 },
    permissions: ['geolocation'],
  });
  const problems = watchProblems(context);
  const page = await context.newPage();
  await page.goto(url('/zoeken'));
  const button = page.locator('form.near-form [data-near-me]');
  await button.waitFor({ state: 'visible' });
  await Promise.all([page.waitForNavigation(), button.click()]);
  assert.match(page.url(), /lon=4\.4796\d*&lat=51\.9227/);
  assert.match(await page.textContent('h1'), /in de buurt van uw locatie/);
  assert.ok((await page.locator('.near-list .place-item').count()) > 0);
  problems.assertClean();
  await context.close();
});
