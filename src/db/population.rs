//! Population figures of areas (`import population`): buurt figures, the
//! own figures of wijken and gemeenten (`area_population`, migration 0160)
//! and the figure and coverage each wijk and gemeente gets from them.

use sqlx::PgExecutor;

/// Population figures of areas, as parallel columns (one entry per area).
#[derive(Debug, Clone, Default)]
pub struct BuurtPopulation {
    pub codes: Vec<String>,
    pub inhabitants: Vec<Option<i32>>,
    pub households: Vec<Option<i32>>,
    pub age_0_15: Vec<Option<i32>>,
    pub age_25_45: Vec<Option<i32>>,
    pub age_65_plus: Vec<Option<i32>>,
    pub density: Vec<Option<f64>>,
}

/// Sets the figures of the areas that exist, in one statement: on a buurt
/// its figures; for a wijk or gemeente its own figures (`area_population`,
/// kept apart from the sums `aggregate_population` writes). Returns the
/// codes that matched.
pub async fn set_population(
    db: impl PgExecutor<'_>,
    p: &BuurtPopulation,
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        r#"
        WITH u AS (
            SELECT u.*, a.level
            FROM UNNEST($1::text[], $2::int4[], $3::int4[], $4::int4[], $5::int4[],
                        $6::int4[], $7::float8[])
                 AS u(code, inhabitants, households, age_0_15, age_25_45, age_65_plus, density)
            JOIN areas a ON a.code = u.code
        ),
        buurten AS (
            UPDATE areas a SET
                inhabitants = u.inhabitants,
                households = u.households,
                age_0_15 = u.age_0_15,
                age_25_45 = u.age_25_45,
                age_65_plus = u.age_65_plus,
                density = u.density,
                updated_at = now()
            FROM u
            WHERE a.code = u.code AND u.level = 'buurt'
            RETURNING a.code
        ),
        own AS (
            INSERT INTO area_population AS o
                (code, inhabitants, households, age_0_15, age_25_45, age_65_plus, density)
            SELECT code, inhabitants, households, age_0_15, age_25_45, age_65_plus, density
            FROM u WHERE level IN ('wijk', 'gemeente')
            ON CONFLICT (code) DO UPDATE SET
                inhabitants = EXCLUDED.inhabitants, households = EXCLUDED.households,
                age_0_15 = EXCLUDED.age_0_15, age_25_45 = EXCLUDED.age_25_45,
                age_65_plus = EXCLUDED.age_65_plus, density = EXCLUDED.density
            RETURNING o.code
        )
        SELECT code AS "code!" FROM buurten UNION ALL SELECT code FROM own
        "#,
        &p.codes,
        &p.inhabitants as &[Option<i32>],
        &p.households as &[Option<i32>],
        &p.age_0_15 as &[Option<i32>],
        &p.age_25_45 as &[Option<i32>],
        &p.age_65_plus as &[Option<i32>],
        &p.density as &[Option<f64>],
    )
    .fetch_all(db)
    .await
}

/// Recomputes the figures of wijken and gemeenten: the own CBS figure when
/// there is one (`area_population`), else the sum over the buurten (for a
/// gemeente: over its wijken, each its own figure or its buurten' sum;
/// NULL when nothing is known). Density is inhabitants per km² of the land
/// area implied by the densities. Also sets the coverage columns
/// (migration 0160, defined in docs/import.md): how many buurten there are
/// and have a figure, and the share of the population the figure covers:
/// 1 with an own figure, else the share of buurten that are covered (a
/// buurt with a figure, or in a wijk with its own figure; a wijk without
/// buurten counts as one). Returns the wijken and gemeenten updated.
pub async fn aggregate_population(db: impl PgExecutor<'_>) -> sqlx::Result<u64> {
    let done = sqlx::query!(
        r#"
        WITH b AS (
            SELECT COALESCE(parent_code, 'WK' || substr(code, 3, 6)) AS wijk,
                   inhabitants, households, age_0_15, age_25_45, age_65_plus,
                   CASE WHEN density > 0 AND inhabitants IS NOT NULL
                        THEN inhabitants / density END AS land_km2
            FROM areas WHERE level = 'buurt'
        ),
        own AS (
            SELECT o.*, a.level,
                   CASE WHEN o.density > 0 AND o.inhabitants IS NOT NULL
                        THEN o.inhabitants / o.density END AS land_km2
            FROM area_population o JOIN areas a ON a.code = o.code
        ),
        ws AS (
            SELECT wijk AS code, count(*) AS buurten, count(inhabitants) AS known,
                   sum(inhabitants) AS inh, sum(households) AS hh, sum(age_0_15) AS a0,
                   sum(age_25_45) AS a25, sum(age_65_plus) AS a65, sum(land_km2) AS land,
                   sum(inhabitants) FILTER (WHERE land_km2 IS NOT NULL) AS inh_land
            FROM b GROUP BY wijk
        ),
        w AS (
            SELECT COALESCE(s.code, o.code) AS code,
                   'GM' || substr(COALESCE(s.code, o.code), 3, 4) AS gemeente,
                   COALESCE(s.buurten, 0) AS buurten, COALESCE(s.known, 0) AS known,
                   o.inhabitants IS NOT NULL AS own,
                   COALESCE(o.inhabitants, s.inh) AS inh, COALESCE(o.households, s.hh) AS hh,
                   COALESCE(o.age_0_15, s.a0) AS a0, COALESCE(o.age_25_45, s.a25) AS a25,
                   COALESCE(o.age_65_plus, s.a65) AS a65,
                   CASE WHEN o.inhabitants IS NOT NULL THEN o.land_km2 ELSE s.land END AS land,
                   CASE WHEN o.inhabitants IS NOT NULL
                        THEN o.inhabitants * (o.land_km2 IS NOT NULL)::int
                        ELSE s.inh_land END AS inh_land,
                   o.density AS own_density
            FROM ws s FULL JOIN (SELECT * FROM own WHERE level = 'wijk') o ON o.code = s.code
        ),
        gs AS (
            SELECT gemeente AS code, sum(buurten) AS buurten, sum(known) AS known,
                   sum(CASE WHEN own THEN greatest(buurten, 1) ELSE known END) AS covered,
                   sum(greatest(buurten, 1)) AS weight,
                   sum(inh) AS inh, sum(hh) AS hh, sum(a0) AS a0, sum(a25) AS a25,
                   sum(a65) AS a65, sum(land) AS land, sum(inh_land) AS inh_land
            FROM w GROUP BY gemeente
        ),
        g AS (
            SELECT COALESCE(s.code, o.code) AS code,
                   COALESCE(s.buurten, 0) AS buurten, COALESCE(s.known, 0) AS known,
                   CASE WHEN o.inhabitants IS NOT NULL THEN 1.0
                        WHEN s.weight > 0 THEN s.covered::float8 / s.weight END AS coverage,
                   COALESCE(o.inhabitants, s.inh) AS inh, COALESCE(o.households, s.hh) AS hh,
                   COALESCE(o.age_0_15, s.a0) AS a0, COALESCE(o.age_25_45, s.a25) AS a25,
                   COALESCE(o.age_65_plus, s.a65) AS a65,
                   COALESCE(o.density, s.inh_land / NULLIF(s.land, 0)) AS density
            FROM gs s FULL JOIN (SELECT * FROM own WHERE level = 'gemeente') o
                 ON o.code = s.code
        ),
        sums AS (
            SELECT code, buurten, known,
                   CASE WHEN own THEN 1.0 WHEN buurten > 0 THEN known::float8 / buurten END
                       AS coverage,
                   inh, hh, a0, a25, a65,
                   COALESCE(own_density, inh_land / NULLIF(land, 0)) AS density
            FROM w
            UNION ALL
            SELECT code, buurten, known, coverage, inh, hh, a0, a25, a65, density FROM g
        )
        UPDATE areas a SET
            inhabitants = s.inh::int4,
            households = s.hh::int4,
            age_0_15 = s.a0::int4,
            age_25_45 = s.a25::int4,
            age_65_plus = s.a65::int4,
            density = round(s.density::numeric, 1)::float8,
            population_buurten = s.buurten::int4,
            population_buurten_known = s.known::int4,
            population_coverage = CASE WHEN s.inh IS NOT NULL THEN s.coverage END,
            updated_at = now()
        FROM sums s
        WHERE a.code = s.code AND a.level IN ('wijk', 'gemeente')
        "#
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}
