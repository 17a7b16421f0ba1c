// static/js/map.js on its own, against a tiny in-process server with the
// site's CSP: server clusters, keyboard use, and the failure paths (no
// Leaflet, a failing places request) that must leave the list alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, newContext, screenshot, watchProblems } from './lib.mjs';

const STATIC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'static');
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'";
const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png' };

const places = Array.from({ length: 30 }, (_, i) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [4.45 + (i % 6) * 0.01, 51.9 + Math.floor(i / 6) * 0.005] },
  properties: { id: `p${i}`, name: `Plek ${i}`, type: 'huiskamer', url: `/plekken/p${i}` },
}));
const serverCluster = {
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [4.6, 51.95] },
  properties: { cluster: true, count: 1234 },
};
// Issue 15, item 10: bubbles with 1 to 5 digits (and "98k"), spread out.
const COUNTS = [7, 42, 356, 999, 1234, 56789, 98000];
const bubbles = COUNTS.map((count, i) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [4.43 + (i % 4) * 0.065, 51.9 + Math.floor(i / 4) * 0.04] },
  properties: { cluster: true, count },
}));
const outlines = {
  type: 'FeatureCollection',
  features: [{
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: [[[4.4, 51.88], [4.55, 51.88], [4.55, 51.95], [4.4, 51.95], [4.4, 51.88]]] },
    properties: { code: 'WK059901', name: 'Stadscentrum', url: '/wijken/WK059901' },
  }],
};

function page({ scripts = true, placesUrl = '/api/places', bounds = '4.4,51.88,4.65,51.97' } = {}) {
  const head = scripts
    ? `<link rel="stylesheet" href="/static/vendor/leaflet/leaflet.css">
<link rel="stylesheet" href="/static/vendor/leaflet.markercluster/MarkerCluster.css">
<link rel="stylesheet" href="/static/vendor/leaflet.markercluster/MarkerCluster.Default.css">
<link rel="stylesheet" href="/static/css/site.css">`
    : '<link rel="stylesheet" href="/static/css/site.css">';
  const leaflet = scripts
    ? `<script src="/static/vendor/leaflet/leaflet.js" defer></script>
<script src="/static/vendor/leaflet.markercluster/leaflet.markercluster.js" defer></script>`
    : '';
  return `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>t</title>${head}</head><body><main>
<div id="kaart" class="map" data-map hidden data-places-url="${placesUrl}" data-outlines-url="/api/outlines"
 data-bounds="${bounds}" data-tile-url="/static/img/blank-tile.png" data-tile-attribution="Testkaart"
 data-label="Kaart met ontmoetingsplekken"></div>
<ul class="place-list"><li><a href="/plekken/p0">Plek 0</a></li></ul></main>
${leaflet}<script src="/static/js/map.js" defer></script></body></html>`;
}

let server;
let base;
let browser;
const requests = [];

before(async () => {
  server = createServer(async (req, res) => {
    const u = new URL(req.url, 'http://x');
    requests.push(u.pathname + u.search);
    const send = (status, type, body) => {
      res.writeHead(status, { 'content-type': type, 'content-security-policy': CSP });
      res.end(body);
    };
    try {
      if (u.pathname.startsWith('/static/')) {
        const file = normalize(join(STATIC, u.pathname.slice('/static/'.length)));
        if (!file.startsWith(STATIC)) return send(403, 'text/plain', 'no');
        const ext = file.slice(file.lastIndexOf('.'));
        return send(200, TYPES[ext] || 'application/octet-stream', await readFile(file));
      }
      if (u.pathname === '/map') return send(200, 'text/html', page());
      if (u.pathname === '/no-leaflet') return send(200, 'text/html', page({ scripts: false }));
      if (u.pathname === '/broken-api') return send(200, 'text/html', page({ placesUrl: '/api/broken' }));
      if (u.pathname === '/clusters') return send(200, 'text/html', page({ placesUrl: '/api/clusters' }));
      if (u.pathname === '/api/clusters') {
        return send(200, 'application/geo+json', JSON.stringify({ type: 'FeatureCollection', features: bubbles }));
      }
      if (u.pathname === '/api/places') {
        const zoom = Number(u.searchParams.get('zoom'));
        const bbox = (u.searchParams.get('bbox') || '').split(',').map(Number);
        if (bbox.length !== 4 || bbox.some((x) => !Number.isFinite(x)) || !Number.isFinite(zoom)) {
          return send(400, 'application/json', '{"error":"bbox"}');
        }
        return send(200, 'application/geo+json', JSON.stringify({ type: 'FeatureCollection', features: [...places, serverCluster] }));
      }
      if (u.pathname === '/api/outlines') return send(200, 'application/geo+json', JSON.stringify(outlines));
      if (u.pathname === '/api/broken') return send(500, 'application/json', '{"error":"kapot"}');
      return send(404, 'text/plain', 'not found');
    } catch {
      return send(404, 'text/plain', 'not found');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

test('the map draws clustered markers, server clusters and outlines without CSP violations', async () => {
  const context = await newContext(browser);
  const watch = watchProblems(context);
  const p = await context.newPage();
  await p.goto(base + '/map');
  await p.waitForSelector('[data-map][data-map-ready]');
  await p.waitForSelector('.leaflet-marker-icon');
  const map = p.locator('[data-map]');
  assert.equal(await map.getAttribute('role'), 'region');
  assert.equal(await map.getAttribute('aria-label'), 'Kaart met ontmoetingsplekken');
  assert.equal(await map.isVisible(), true);
  assert.ok(requests.some((r) => /^\/api\/places\?bbox=[-\d.]+,[-\d.]+,[-\d.]+,[-\d.]+&zoom=\d+$/.test(r)), 'bbox and zoom are sent');
  assert.ok(await p.locator('path.leaflet-interactive').count(), 'the wijk outline is drawn');

  const bubble = p.locator('.leaflet-marker-icon[title^="1234 plekken"]');
  assert.equal(await bubble.count(), 1, 'the server cluster is a count bubble with a name');
  assert.match(await bubble.innerText(), /1234/);
  const status = await p.locator('[role="status"]').innerText();
  assert.match(status, /1264 plekken op de kaart/);

  // The server cluster zooms in from the keyboard.
  const loads = () => requests.filter((r) => r.startsWith('/api/places')).length;
  const before = loads();
  await bubble.focus();
  await p.keyboard.press('Enter');
  for (let i = 0; i < 50 && loads() === before; i++) await p.waitForTimeout(100);
  assert.ok(loads() > before, 'zooming in loads places for the new view');
  await screenshot(p, 'fixture-map');
  await context.close();
  watch.assertClean();
});

test('cluster counts of three and more digits fit inside their bubble', async () => {
  const context = await newContext(browser);
  const watch = watchProblems(context);
  const p = await context.newPage();
  await p.setViewportSize({ width: 360, height: 740 });
  await p.goto(base + '/clusters');
  await p.waitForSelector('[data-map][data-map-ready]');
  const sizes = await p.$$eval('.leaflet-marker-icon.marker-cluster', (icons) => icons.map((icon) => {
    const disc = icon.querySelector('div');
    const text = icon.querySelector('span');
    const outer = icon.getBoundingClientRect();
    const inner = disc.getBoundingClientRect();
    const label = text.getBoundingClientRect();
    return {
      text: text.textContent,
      outer: [outer.left, outer.top, outer.right, outer.bottom],
      inner: [inner.left, inner.top, inner.right, inner.bottom],
      label: [label.left, label.top, label.right, label.bottom],
      // The widest part of the text: a circle of the disc's size must hold
      // its box, so the label stays clear of the rim by a pixel or more.
      radius: inner.width / 2,
      cx: inner.left + inner.width / 2,
      cy: inner.top + inner.height / 2,
      overflow: disc.scrollWidth > disc.clientWidth,
    };
  }));
  assert.deepEqual(sizes.map((s) => s.text).sort(), ['1234', '356', '42', '57k', '7', '98k', '999'].sort());
  for (const s of sizes) {
    const [l, t, r, b] = s.label;
    const [il, it, ir, ib] = s.inner;
    const [ol, ot, or, ob] = s.outer;
    assert.ok(!s.overflow, `${s.text}: the text overflows its disc`);
    assert.ok(l >= il && r <= ir && t >= it && b <= ib, `${s.text}: label ${s.label} outside its disc ${s.inner}`);
    assert.ok(il >= ol && ir <= or && it >= ot && ib <= ob, `${s.text}: disc ${s.inner} outside the icon ${s.outer}`);
    // The corners of the text's line box (vertically: the glyphs, about
    // 0.7 of the line) lie inside the circle.
    const half = (b - t) * 0.35;
    const corner = Math.hypot(Math.max(s.cx - l, r - s.cx), half);
    assert.ok(corner <= s.radius - 1, `${s.text}: the text reaches the rim (${corner.toFixed(1)} > ${s.radius - 1})`);
  }
  await screenshot(p, 'fixture-map-clusters');
  await context.close();
  watch.assertClean();
});

test('when Leaflet is missing the list stays and the map box says so', async () => {
  const context = await newContext(browser);
  const watch = watchProblems(context);
  const p = await context.newPage();
  await p.goto(base + '/no-leaflet');
  await p.waitForSelector('.map-unavailable');
  assert.match(await p.locator('[data-map]').innerText(), /lijst/);
  assert.equal(await p.locator('.place-list a').count(), 1);
  await context.close();
  watch.assertClean();
});

test('when the places request fails the list stays and a polite note appears', async () => {
  const context = await newContext(browser);
  const watch = watchProblems(context, { allow: [/\/api\/broken/, /status of 500/] });
  const p = await context.newPage();
  await p.goto(base + '/broken-api');
  await p.waitForFunction(() => /lijst/.test(document.querySelector('[role="status"]')?.textContent || ''));
  assert.equal(await p.locator('.place-list a').count(), 1);
  await context.close();
  watch.assertClean();
});
