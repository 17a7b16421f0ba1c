-- Generated places for the national benchmark (scripts/bench): :n places
-- (default 100000) spread over every buurt in the database, each at a random
-- point inside its buurt. Deterministic: the same seed and the same areas
-- give the same rows (ids are derived from the row number).
--
--   psql -v n=100000 -f scripts/bench-places.sql haarvaten_bench_nl
--
-- Privacy rule as in the app: public_location is the exact point only for
-- precision 'exact', else the buurt's label point.
\set ON_ERROR_STOP on
\if :{?n}
\else
  \set n 100000
\endif

BEGIN;
DELETE FROM places WHERE source = 'bench';
SELECT setseed(0.4242) \g /dev/null

-- Buurten numbered 1..nb in a fixed order, with their wijk.
CREATE TEMP TABLE bench_buurt ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY b.code) AS k, b.code, b.parent_code AS wijk_code,
       b.geom, b.label_point
FROM areas b
JOIN areas w ON w.code = b.parent_code AND w.level = 'wijk'
WHERE b.level = 'buurt';
CREATE UNIQUE INDEX ON bench_buurt (k);
ANALYZE bench_buurt;

-- One random draw per place, in row order, before any join can reorder it.
CREATE TEMP TABLE bench_draw ON COMMIT DROP AS
SELECT g, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5,
       random() AS r6
FROM generate_series(1, :n) g
ORDER BY g;

-- Which buurt each place goes to: spread evenly in a scrambled order.
CREATE TEMP TABLE bench_assign ON COMMIT DROP AS
SELECT d.*, 1 + (d.g * 7919) % (SELECT count(*) FROM bench_buurt) AS k,
       row_number() OVER (PARTITION BY 1 + (d.g * 7919) % (SELECT count(*) FROM bench_buurt) ORDER BY d.g) AS i
FROM bench_draw d;
ANALYZE bench_assign;

-- Seeded random points inside each buurt, generated once per buurt (one
-- call per place is ten times slower on detailed outlines). A collapsed
-- outline yields no points; its places fall back to the label point.
CREATE TEMP TABLE bench_point ON COMMIT DROP AS
SELECT b.k, (dp).path[1] AS i, (dp).geom AS p
FROM bench_buurt b
JOIN (SELECT k, count(*)::int AS c FROM bench_assign GROUP BY k) n ON n.k = b.k
CROSS JOIN LATERAL ST_Dump(ST_GeneratePoints(b.geom, n.c, b.k::int)) dp
-- Collapsed outlines (area ~0 but a real bounding box) make ST_GeneratePoints
-- try to allocate gigabytes: skip any with under 0.1 % of their box filled.
WHERE ST_Area(b.geom) > 0.001 * ST_Area(ST_Envelope(b.geom));
CREATE INDEX ON bench_point (k, i);
ANALYZE bench_point;

INSERT INTO places (id, name, place_type, category, description, address, postcode, location,
                    precision, public_location, wijk_code, buurt_code, initiator, target_groups,
                    opening_hours, ground_floor, wheelchair, street_visible, no_reception,
                    phone, email, website, founded_year, status, closed_on, closing_reason,
                    last_verified, source)
SELECT md5('haarvaten-bench-' || d.g)::uuid,
       (ARRAY['Buurthuis', 'Huiskamer', 'Koffiehoek', 'Wijkcentrum', 'Ontmoetingsplek',
              'Buurtkamer', 'Inloop'])[1 + (d.g % 7)] || ' ' || b.code || '-' || d.g,
       (ARRAY['huiskamer', 'zelfbeheer', 'huis_van_de_wijk'])[1 + floor(d.r1 * 3)::int],
       (ARRAY['buurthuis', 'huiskamer', 'wijktuin', 'kerk', 'moskee', 'bibliotheek',
              'sportkantine', 'buurtcafe', 'inloophuis', 'kringloop', 'anders'])[1 + floor(d.r2 * 11)::int],
       'Een plek waar buren elkaar ontmoeten, koffie drinken en samen iets doen. Gegenereerd voor de benchmark.',
       'Benchmarkstraat ' || (1 + d.g % 200), '1234 AB',
       pt.p,
       prec.v,
       CASE WHEN prec.v = 'exact' THEN pt.p ELSE b.label_point END,
       b.wijk_code, b.code,
       (ARRAY['bewoners', 'stichting', 'religieuze_instelling', 'gemeente',
              'welzijnsorganisatie', 'ondernemer'])[1 + floor(d.r3 * 6)::int],
       (ARRAY['{iedereen}', '{ouderen,mantelzorgers}', '{jongeren,gezinnen}',
              '{nieuwkomers,vrouwen}', '{beperking,ouderen}'])[1 + floor(d.r4 * 5)::int]::text[],
       (ARRAY['Mo-Fr 10:00-16:00', 'Tu,Th 09:30-12:00', 'Mo-Sa 09:00-17:00; Su off',
              'We 14:00-17:00; Sa 10:00-13:00', '24/7', 'Mo-Fr 08:30-12:30,13:30-17:00'])[1 + (d.g % 6)],
       d.r5 < 0.7, d.r5 < 0.5, d.r6 < 0.6, d.r6 < 0.8,
       '010 123 45 67', 'info@voorbeeld.nl', 'https://voorbeeld.nl', 1960 + (d.g % 64),
       CASE WHEN d.g % 50 = 0 THEN 'opgeheven' WHEN d.g % 37 = 0 THEN 'tijdelijk_gesloten' ELSE 'actief' END,
       CASE WHEN d.g % 50 = 0 THEN DATE '2024-06-01' END,
       CASE WHEN d.g % 50 = 0 THEN 'Het pand is verkocht' ELSE '' END,
       DATE '2025-01-01' + (d.g % 300),
       'bench'
FROM bench_assign d
JOIN bench_buurt b ON b.k = d.k
LEFT JOIN bench_point bp ON bp.k = d.k AND bp.i = d.i
-- Half exact, a quarter street, a quarter buurt: the same mix as a real register.
CROSS JOIN LATERAL (SELECT CASE WHEN d.g % 4 < 2 THEN 'exact' WHEN d.g % 4 = 2 THEN 'straat' ELSE 'buurt' END AS v) prec
CROSS JOIN LATERAL (SELECT COALESCE(bp.p, b.label_point) AS p) pt;

ANALYZE places;
COMMIT;

SELECT count(*) AS bench_places,
       count(*) FILTER (WHERE precision = 'exact') AS exact,
       count(DISTINCT buurt_code) AS buurten
FROM places WHERE source = 'bench';

-- Fresh rows leave the GIN indexes with long pending lists and the planner
-- without statistics; autovacuum would fix both later, the benchmark now.
VACUUM ANALYZE places;
VACUUM ANALYZE areas;
