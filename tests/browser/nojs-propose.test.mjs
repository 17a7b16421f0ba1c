// With JavaScript switched off, a resident on a phone-sized screen signs up
// and proposes a place: the form works without the map (buurt + address),
// shows Dutch errors next to the fields with the input kept, and the
// proposal then waits for review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newContext, screenshot, url, watchProblems } from './lib.mjs';

const PASSWORD = 'een-lange-zin-zonder-script';
const stamp = Date.now();
const NAME = `Koffiehoek Zonder Script ${stamp}`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('without JavaScript a resident can propose a place', async () => {
  const context = await newContext(browser, {
    javaScriptEnabled: false,
    viewport: { width: 360, height: 800 },
  });
  // The refused first submit answers 422 on purpose.
  const problems = watchProblems(context, { allow: [/\/plekken\/nieuw/] });
  const page = await context.newPage();

  await page.goto(url('/registreren'));
  await page.fill('#email', `zonder-script-${stamp}@example.nl`);
  await page.fill('#password', PASSWORD);
  await page.fill('#password_repeat', PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);

  await page.goto(url('/plekken/nieuw'));
  // Without JavaScript there is no map to click; the buurt list is the way.
  const buurt = await page.getAttribute('#buurt option:nth-child(2)', 'value');
  assert.match(buurt, /^BU\d{8}$/);
  await page.fill('#naam', NAME);
  await page.selectOption('#type', 'zelfbeheer');
  await page.selectOption('#categorie', 'buurthuis');
  await page.selectOption('#initiatiefnemer', 'bewoners');
  await page.selectOption('#buurt', buurt);
  await page.fill('#adres', 'Proefstraat 2');
  // The day form: "tot" before "van" comes back with a message by the days,
  // the times kept.
  await page.check('#dag-di-open');
  await page.fill('#dag-di-van-1', '17');
  await page.fill('#dag-di-tot-1', '9');
  await Promise.all([page.waitForNavigation(), page.click('form.place-form button[type=submit]')]);
  assert.match(await page.textContent('#dagen-error'), /na de tijd "van"/);
  assert.equal(await page.inputValue('#dag-di-van-1'), '17');
  assert.ok(await page.isChecked('#dag-di-open'));
  await page.fill('#dag-di-van-1', '9');
  await page.fill('#dag-di-tot-1', '12');
  // The expert field (folded away) wins when it is changed.
  await page.click('details.expert-hours summary');
  await page.fill('#openingstijden', 'elke dag een beetje');

  // Invalid opening hours: the form comes back with a Dutch message next to
  // the field and everything typed is still there.
  await Promise.all([page.waitForNavigation(), page.click('form.place-form button[type=submit]')]);
  const described = await page.getAttribute('#openingstijden', 'aria-describedby');
  assert.ok(described, 'the opening hours field points at its error');
  const texts = [];
  for (const id of described.split(/\s+/)) texts.push(await page.textContent(`[id="${id}"]`));
  assert.ok(texts.some((t) => /niet lezen/i.test(t)), `no Dutch error among: ${texts.join(' | ')}`);
  assert.equal(await page.inputValue('#naam'), NAME);
  assert.equal(await page.inputValue('#adres'), 'Proefstraat 2');
  await screenshot(page, 'nojs-propose-errors-360');

  await page.fill('#openingstijden', 'Tu,Th 13:00-17:00');
  await Promise.all([page.waitForNavigation(), page.click('form.place-form button[type=submit]')]);
  assert.match(page.url(), /\/mijn-voorstellen/);
  assert.match(await page.textContent('main'), new RegExp(NAME));
  assert.match(await page.textContent('.proposal-status'), /Wacht op beoordeling/);

  problems.assertClean();
  await context.close();
});
