//! Read queries for the public wijk pages: overview with counts, one wijk
//! with its buurten, map extents and simplified outlines as GeoJSON.

use sqlx::PgExecutor;

use super::DbResult;
use crate::domain::area::AreaLevel;
use crate::domain::place::TypeCounts;
use crate::domain::population::Population;

/// A wijk (or, in summaries, a gemeente) with its population and the number
/// of active public places per type.
#[derive(Debug, Clone)]
pub struct AreaCounts {
    pub code: String,
    pub name: String,
    pub gemeente_code: String,
    pub gemeente_name: String,
    pub inhabitants: Option<i64>,
    /// The figure with its coverage: rates only when it covers enough.
    pub population: Population,
    pub counts: TypeCounts,
}

impl AreaCounts {
    pub fn total(&self) -> i64 {
        self.counts.total()
    }

    /// Places per 1,000 inhabitants; `None` when the population is unknown,
    /// zero or covers too little of the area, so no ratio is invented.
    pub fn per_1000(&self, count: i64) -> Option<f64> {
        match self.population.for_rates() {
            Some(n) if n > 0 => Some(count as f64 * 1000.0 / n as f64),
            _ => None,
        }
    }
}

/// [`AreaCounts`] as the count queries return it, one column per type.
struct CountsRow {
    code: String,
    name: String,
    gemeente_code: String,
    gemeente_name: String,
    inhabitants: Option<i64>,
    buurten: Option<i64>,
    known: Option<i64>,
    coverage: Option<f64>,
    huiskamer: i64,
    zelfbeheer: i64,
    huis_van_de_wijk: i64,
}

impl From<CountsRow> for AreaCounts {
    fn from(r: CountsRow) -> Self {
        AreaCounts {
            code: r.code,
            name: r.name,
            gemeente_code: r.gemeente_code,
            gemeente_name: r.gemeente_name,
            inhabitants: r.inhabitants,
            population: Population::new(r.inhabitants, r.buurten, r.known, r.coverage),
            counts: TypeCounts {
                huiskamer: r.huiskamer,
                zelfbeheer: r.zelfbeheer,
                huis_van_de_wijk: r.huis_van_de_wijk,
            },
        }
    }
}

/// A map extent: min lon, min lat, max lon, max lat.
pub type Extent = [f64; 4];

/// Number of gemeenten that have at least one wijk.
pub async fn gemeente_count(db: impl PgExecutor<'_>) -> DbResult<i64> {
    sqlx::query_scalar!(
        r#"SELECT count(DISTINCT parent_code) AS "n!" FROM areas WHERE level = 'wijk'"#
    )
    .fetch_one(db)
    .await
}

/// Every wijk with counts, optionally of one gemeente, ordered by gemeente
/// and name. Only places that are neither hidden nor closed are counted.
pub async fn wijken_with_counts(
    db: impl PgExecutor<'_>,
    gemeente: Option<&str>,
) -> DbResult<Vec<AreaCounts>> {
    let rows = sqlx::query_as!(
        CountsRow,
        r#"
        WITH c AS (
            -- Kept up to date by a trigger on places (migration 0005).
            SELECT wijk_code,
                   sum(n) FILTER (WHERE place_type = 'huiskamer')::int8 AS huiskamer,
                   sum(n) FILTER (WHERE place_type = 'zelfbeheer')::int8 AS zelfbeheer,
                   sum(n) FILTER (WHERE place_type = 'huis_van_de_wijk')::int8 AS hvdw
            FROM place_counts
            WHERE ($1::text IS NULL OR wijk_code LIKE 'WK' || substr($1, 3) || '%')
            GROUP BY wijk_code
        )
        SELECT w.code AS "code!", w.name AS "name!",
               COALESCE(g.code, w.parent_code, '') AS "gemeente_code!",
               COALESCE(g.name, w.parent_code, '') AS "gemeente_name!",
               w.inhabitants::int8 AS inhabitants,
               w.population_buurten::int8 AS buurten, w.population_buurten_known::int8 AS known,
               w.population_coverage AS coverage,
               COALESCE(c.huiskamer, 0) AS "huiskamer!",
               COALESCE(c.zelfbeheer, 0) AS "zelfbeheer!",
               COALESCE(c.hvdw, 0) AS "huis_van_de_wijk!"
        FROM areas w
        LEFT JOIN areas g ON g.code = w.parent_code
        LEFT JOIN c ON c.wijk_code = w.code
        WHERE w.level = 'wijk' AND ($1::text IS NULL OR w.parent_code = $1)
        ORDER BY COALESCE(g.name, w.parent_code), w.name
        "#,
        gemeente
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(AreaCounts::from).collect())
}

/// Every gemeente with its population and counts, for the national summary.
pub async fn gemeenten_with_counts(db: impl PgExecutor<'_>) -> DbResult<Vec<AreaCounts>> {
    let rows = sqlx::query_as!(
        CountsRow,
        r#"
        WITH c AS (
            -- Kept up to date by a trigger on places (migration 0005).
            SELECT 'GM' || substr(wijk_code, 3, 4) AS gm,
                   sum(n) FILTER (WHERE place_type = 'huiskamer')::int8 AS huiskamer,
                   sum(n) FILTER (WHERE place_type = 'zelfbeheer')::int8 AS zelfbeheer,
                   sum(n) FILTER (WHERE place_type = 'huis_van_de_wijk')::int8 AS hvdw
            FROM place_counts
            GROUP BY 1
        )
        SELECT g.code AS "code!", g.name AS "name!",
               g.code AS "gemeente_code!", g.name AS "gemeente_name!",
               g.inhabitants::int8 AS inhabitants,
               g.population_buurten::int8 AS buurten, g.population_buurten_known::int8 AS known,
               g.population_coverage AS coverage,
               COALESCE(c.huiskamer, 0) AS "huiskamer!",
               COALESCE(c.zelfbeheer, 0) AS "zelfbeheer!",
               COALESCE(c.hvdw, 0) AS "huis_van_de_wijk!"
        FROM areas g
        LEFT JOIN c ON c.gm = g.code
        WHERE g.level = 'gemeente'
        ORDER BY g.name
        "#
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(AreaCounts::from).collect())
}

/// One wijk with its gemeente and map extent.
#[derive(Debug, Clone)]
pub struct Wijk {
    pub code: String,
    pub name: String,
    pub gemeente_code: String,
    pub gemeente_name: String,
    pub inhabitants: Option<i64>,
    pub population: Population,
    pub extent: Option<Extent>,
}

pub async fn get_wijk(db: impl PgExecutor<'_>, code: &str) -> DbResult<Option<Wijk>> {
    let area = super::area_pages::get(db, code).await?;
    Ok(area.filter(|a| a.level == AreaLevel::Wijk).map(|a| Wijk {
        code: a.code,
        name: a.name,
        gemeente_code: a.gemeente_code,
        gemeente_name: a.gemeente_name,
        inhabitants: a.inhabitants,
        population: a.population,
        extent: Some(a.extent),
    }))
}

/// A buurt of a wijk, for grouping places and the buurt list.
#[derive(Debug, Clone)]
pub struct Buurt {
    pub code: String,
    pub name: String,
    pub inhabitants: Option<i64>,
}

pub async fn buurten_of(db: impl PgExecutor<'_>, wijk: &str) -> DbResult<Vec<Buurt>> {
    sqlx::query_as!(
        Buurt,
        "SELECT code, name, inhabitants::int8 AS inhabitants FROM areas
         WHERE level = 'buurt' AND parent_code = $1 ORDER BY name",
        wijk
    )
    .fetch_all(db)
    .await
}

/// A wijk for the filter list, with its gemeente for grouping.
#[derive(Debug, Clone)]
pub struct WijkOption {
    pub code: String,
    pub name: String,
    pub gemeente_name: String,
}

/// Wijken that hold at least one open public place (from the trigger-kept
/// `place_counts`, so this stays cheap nationally): the useful choices for the
/// wijk filter. Limited to one gemeente, or to the gemeente of `wijk_of`,
/// when given: all 2,700 Dutch wijken would make every page heavy.
pub async fn wijk_options(
    db: impl PgExecutor<'_>,
    gemeente: Option<&str>,
    wijk_of: Option<&str>,
) -> DbResult<Vec<WijkOption>> {
    sqlx::query_as!(
        WijkOption,
        r#"
        SELECT w.code, w.name, COALESCE(g.name, w.parent_code, '') AS "gemeente_name!"
        FROM areas w
        LEFT JOIN areas g ON g.code = w.parent_code
        WHERE w.level = 'wijk'
          AND ($1::text IS NULL OR w.parent_code = $1)
          AND ($2::text IS NULL
               OR w.parent_code = (SELECT x.parent_code FROM areas x WHERE x.code = $2))
          AND EXISTS (SELECT 1 FROM place_counts c WHERE c.wijk_code = w.code AND c.n > 0)
        ORDER BY 3, w.name
        "#,
        gemeente,
        wijk_of,
    )
    .fetch_all(db)
    .await
}

/// A gemeente for the filter list.
#[derive(Debug, Clone)]
pub struct GemeenteOption {
    pub code: String,
    pub name: String,
}

/// Gemeenten with at least one open public place, by name.
pub async fn gemeente_options(db: impl PgExecutor<'_>) -> DbResult<Vec<GemeenteOption>> {
    sqlx::query_as!(
        GemeenteOption,
        r#"
        SELECT g.code, g.name
        FROM areas g
        WHERE g.level = 'gemeente'
          AND g.code IN (SELECT w.parent_code
                         FROM place_counts c JOIN areas w ON w.code = c.wijk_code
                         WHERE c.n > 0)
        ORDER BY g.name, g.code
        "#
    )
    .fetch_all(db)
    .await
}

/// What every list page needs about the areas, whatever its filters.
#[derive(Debug, Clone)]
pub struct AreaFacts {
    /// Gemeenten with places, for the gemeente filter.
    pub gemeenten: Vec<GemeenteOption>,
    /// The one gemeente with places or, without places, with wijken.
    pub single_gemeente: Option<String>,
    pub home_extent: Option<Extent>,
}

/// Reads [`AreaFacts`]; the callers keep it per data generation
/// (`web::page_cache::Memo`), as it changes only with the data.
pub async fn area_facts(db: &sqlx::PgPool) -> DbResult<AreaFacts> {
    let gemeenten = gemeente_options(db).await?;
    let single_gemeente = match gemeenten.as_slice() {
        [only] => Some(only.code.clone()),
        [] => single_gemeente(db).await?,
        _ => None,
    };
    Ok(AreaFacts { gemeenten, single_gemeente, home_extent: home_extent(db).await? })
}

/// The bounding box of one area, for the map's first view.
pub async fn area_extent(db: impl PgExecutor<'_>, code: &str) -> DbResult<Option<Extent>> {
    let row = sqlx::query!(
        r#"
        SELECT ST_XMin(geom::box2d) AS "xmin!", ST_YMin(geom::box2d) AS "ymin!",
               ST_XMax(geom::box2d) AS "xmax!", ST_YMax(geom::box2d) AS "ymax!"
        FROM areas WHERE code = $1
        "#,
        code
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| [r.xmin, r.ymin, r.xmax, r.ymax]))
}

/// The initial map view for the home page: the extent of the gemeenten.
/// With many gemeenten their label points suffice, which avoids reading
/// hundreds of large outlines on every page view.
pub async fn home_extent(db: impl PgExecutor<'_>) -> DbResult<Option<Extent>> {
    let row = sqlx::query!(
        r#"
        WITH lvl AS (
            SELECT CASE WHEN EXISTS (SELECT 1 FROM areas WHERE level = 'gemeente')
                        THEN 'gemeente' ELSE 'wijk' END AS level
        ),
        n AS (SELECT count(*) AS n FROM areas, lvl WHERE areas.level = lvl.level),
        e AS (
            SELECT ST_Extent(CASE WHEN n.n <= 3 THEN a.geom ELSE a.label_point END) AS b
            FROM areas a, lvl, n
            WHERE a.level = lvl.level
        )
        SELECT ST_XMin(b) AS xmin, ST_YMin(b) AS ymin, ST_XMax(b) AS xmax, ST_YMax(b) AS ymax
        FROM e
        "#
    )
    .fetch_one(db)
    .await?;
    Ok(match (row.xmin, row.ymin, row.xmax, row.ymax) {
        (Some(a), Some(b), Some(c), Some(d)) => Some([a, b, c, d]),
        _ => None,
    })
}

/// The only gemeente, when there is exactly one: the home map then draws
/// its wijk outlines.
pub async fn single_gemeente(db: impl PgExecutor<'_>) -> DbResult<Option<String>> {
    let codes = sqlx::query_scalar!(
        r#"SELECT DISTINCT parent_code AS "code!" FROM areas
           WHERE level = 'wijk' AND parent_code IS NOT NULL LIMIT 2"#
    )
    .fetch_all(db)
    .await?;
    Ok(if codes.len() == 1 { codes.into_iter().next() } else { None })
}

/// The wijk outlines of a gemeente as a GeoJSON FeatureCollection (text),
/// simplified to keep the transfer small.
pub async fn outlines_geojson(db: impl PgExecutor<'_>, gemeente: &str) -> DbResult<String> {
    sqlx::query_scalar!(
        r#"
        SELECT json_build_object(
            'type', 'FeatureCollection',
            'features', COALESCE(json_agg(json_build_object(
                'type', 'Feature',
                'geometry', ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, 0.0001), 5)::json,
                'properties', json_build_object('code', code, 'name', name,
                                                'url', '/wijken/' || code)
            ) ORDER BY code), '[]'::json)
        )::text AS "json!"
        FROM areas
        WHERE level = 'wijk' AND parent_code = $1
        "#,
        gemeente
    )
    .fetch_one(db)
    .await
}

/// One wijk's or buurt's outline as a FeatureCollection; `None` for an
/// unknown one.
pub async fn outline_geojson(db: impl PgExecutor<'_>, wijk: &str) -> DbResult<Option<String>> {
    sqlx::query_scalar!(
        r#"
        SELECT json_build_object(
            'type', 'FeatureCollection',
            'features', json_build_array(json_build_object(
                'type', 'Feature',
                'geometry', ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, 0.00005), 5)::json,
                'properties', json_build_object('code', code, 'name', name,
                                                'url', '/wijken/' || code)
            ))
        )::text AS "json!"
        FROM areas
        WHERE level IN ('wijk', 'buurt') AND code = $1
        "#,
        wijk
    )
    .fetch_optional(db)
    .await
}
