-- Population coverage (issue 11, item 7). CBS kerncijfers also have rows for
-- wijken and gemeenten; their own figures are kept here, apart from the
-- areas' columns, which the population import recomputes (own figure, else
-- the sum of the buurten). docs/import.md defines the coverage.
CREATE TABLE area_population (
    code          text PRIMARY KEY REFERENCES areas (code) ON UPDATE CASCADE ON DELETE CASCADE,
    inhabitants   integer CHECK (inhabitants IS NULL OR inhabitants >= 0),
    households    integer,
    age_0_15      integer,
    age_25_45     integer,
    age_65_plus   integer,
    density       double precision
);

-- For how many of an area's buurten a figure is known, and which share of
-- its population the area's figure covers (1 for an own CBS figure; NULL
-- when nothing is known). Set by the population import.
ALTER TABLE areas
    ADD COLUMN population_buurten integer,
    ADD COLUMN population_buurten_known integer,
    ADD COLUMN population_coverage double precision;

-- Figures imported before this migration were sums over the buurten: their
-- coverage is the share of buurten with a figure.
WITH b AS (
    SELECT COALESCE(parent_code, 'WK' || substr(code, 3, 6)) AS wijk,
           'GM' || substr(code, 3, 4) AS gemeente, inhabitants
    FROM areas WHERE level = 'buurt'
),
s AS (
    SELECT wijk AS code, count(*) AS buurten, count(inhabitants) AS known FROM b GROUP BY wijk
    UNION ALL
    SELECT gemeente, count(*), count(inhabitants) FROM b GROUP BY gemeente
)
UPDATE areas a SET
    population_buurten = s.buurten,
    population_buurten_known = s.known,
    population_coverage = CASE WHEN a.inhabitants IS NOT NULL THEN s.known::float8 / s.buurten END
FROM s
WHERE a.code = s.code AND a.level IN ('wijk', 'gemeente');
