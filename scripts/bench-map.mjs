// How long the home page map takes to show markers (or cluster bubbles) at
// its first, national zoom: from navigation start until the first marker
// element is in the map, in headless Chromium with an empty cache. Run by
// scripts/bench against a server with BASE_URL set. Target: under 2 s.
import { launch, newContext, url } from '../tests/browser/lib.mjs';

const RUNS = Number(process.env.BENCH_MAP_RUNS || 5);
const TARGET_MS = 2000;

const browser = await launch();
const times = [];
const breakdowns = [];
let detail = null;
try {
  for (let run = 0; run < RUNS; run++) {
    const context = await newContext(browser);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    let api = null;
    page.on('response', async (res) => {
      if (res.url().includes('/api/plekken.geojson') && !api) {
        api = { url: res.url(), status: res.status() };
        try {
          const body = await res.json();
          const f = body.features || [];
          api.features = f.length;
          api.clusters = f.filter((x) => x.properties && x.properties.cluster).length;
          api.places = f.reduce((n, x) => n + (x.properties && x.properties.cluster ? x.properties.count : 1), 0);
        } catch { /* the timing still counts */ }
      }
    });
    await page.goto(url('/'), { waitUntil: 'commit' });
    await page.waitForSelector('[data-map] .leaflet-marker-icon', { timeout: 30000 });
    // performance.now() counts from the navigation start of this document.
    const ms = await page.evaluate(() => performance.now());
    const phases = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const apiEntry = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/plekken.geojson'));
      return {
        html: nav ? nav.responseEnd : null,
        domReady: nav ? nav.domContentLoadedEventEnd : null,
        apiStart: apiEntry ? apiEntry.startTime : null,
        apiEnd: apiEntry ? apiEntry.responseEnd : null,
      };
    });
    breakdowns.push(phases);
    times.push(ms);
    detail = { api };
    await context.close();
  }
} finally {
  await browser.close();
}

const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
const fmt = (x) => `${Math.round(x)} ms`;
console.log(`map with markers after: first ${fmt(times[0])}, median ${fmt(median)}, worst ${fmt(sorted.at(-1))} over ${RUNS} cold loads of /`);
if (detail && detail.api) {
  const zoom = new URL(detail.api.url).searchParams.get('zoom');
  console.log(`first map request (zoom ${zoom}): ${detail.api.features ?? '?'} features (${detail.api.clusters ?? '?'} server clusters) for ${detail.api.places ?? '?'} places`);
}
const b = breakdowns[times.indexOf(median)];
if (b) {
  const r = (x) => (x == null ? '?' : Math.round(x));
  console.log(`median load: HTML received ${r(b.html)} ms, DOM ready ${r(b.domReady)} ms, places request ${r(b.apiStart)}-${r(b.apiEnd)} ms, markers ${Math.round(median)} ms`);
}
console.log(median < TARGET_MS ? `ok: median under ${TARGET_MS} ms` : `MISSED: median ${fmt(median)} ≥ ${TARGET_MS} ms`);
