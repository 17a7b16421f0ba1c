// A local server that speaks the PDOK Locatieserver v3.1 API (free,
// suggest, lookup) with the recorded-format documents of
// tests/fixtures/pdok/catalogue.json, for the browser tests; it matches as
// tests/app/geocode/fake.rs does (see tests/fixtures/pdok/README.md).
// scripts/browser-tests starts it and points HAARVATEN_GEOCODER_URL at it:
//
//   node tests/browser/pdok-fake.mjs PORT
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const catalogue = JSON.parse(readFileSync(join(here, '../fixtures/pdok/catalogue.json'), 'utf8'));
const DOCS = catalogue.response.docs;
const PREFIX = '/bzk/locatieserver/search/v3_1/';
const KNOWN = new Set(['q', 'fq', 'fl', 'rows', 'start', 'sort', 'df', 'wt', 'bq', 'lat', 'lon', 'id']);

// Lowercase words of letters and digits; "3014 GA" is one word.
function words(s) {
  const raw = String(s || '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const out = [];
  for (const w of raw) {
    const prev = out[out.length - 1];
    if (/^[a-z]{2}$/.test(w) && prev && /^\d{4}$/.test(prev)) out[out.length - 1] = prev + w;
    else out.push(w);
  }
  return out;
}

function types(fq) {
  const m = /^type:\(?([^)]*)\)?$/.exec(String(fq || '').trim());
  return m ? new Set(m[1].split(' OR ').map((t) => t.trim())) : null;
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

const server = createServer((req, res) => {
  const u = new URL(req.url, 'http://localhost');
  if (!u.pathname.startsWith(PREFIX)) return send(res, 404, 'not found');
  const endpoint = u.pathname.slice(PREFIX.length);
  for (const k of u.searchParams.keys()) {
    if (!KNOWN.has(k)) return send(res, 400, `unknown parameter ${k}`);
  }
  const q = u.searchParams.get('q') || '';
  const id = u.searchParams.get('id') || '';
  const wanted = types(u.searchParams.get('fq'));
  const fl = u.searchParams.get('fl');
  const keep = fl ? new Set(fl.split(',').map((f) => f.trim())) : null;
  const rows = Number(u.searchParams.get('rows') || 10);
  let docs;
  if (endpoint === 'lookup') {
    if (!id) return send(res, 400, 'id missing');
    docs = DOCS.filter((d) => d.id === id);
  } else if (endpoint === 'free' || endpoint === 'suggest') {
    if (!q.trim()) return send(res, 400, 'q missing');
    const qw = words(q);
    docs = DOCS
      .filter((d) => !wanted || wanted.has(d.type))
      .filter((d) => { const dw = words(d.weergavenaam); return qw.every((w) => dw.some((x) => x.startsWith(w))); })
      .slice(0, rows);
  } else {
    return send(res, 404, 'not found');
  }
  docs = docs.map((d) => (keep ? Object.fromEntries(Object.entries(d).filter(([k]) => keep.has(k))) : d));
  const body = { response: { numFound: docs.length, start: 0, maxScore: 10.0, numFoundExact: true, docs } };
  if (endpoint === 'suggest') {
    body.highlighting = Object.fromEntries(docs.map((d) => [d.id, { suggest: [d.weergavenaam] }]));
  }
  return send(res, 200, body);
});

server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  console.log(`pdok-fake on http://127.0.0.1:${server.address().port}${PREFIX}`);
});
