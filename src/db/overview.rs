//! Queries for the municipal overviews (`/overzicht`): what `db::wijken`
//! does not count yet (buurten without places, opened and closed since a
//! date, counts per buurt). The export rows are in [`super::export`].

use chrono::{Datelike, NaiveDate};
use sqlx::PgExecutor;

use super::DbResult;
use crate::domain::place::TypeCounts;
use crate::domain::population::Population;

/// A gemeente with its population.
#[derive(Debug, Clone)]
pub struct Gemeente {
    pub code: String,
    pub name: String,
    pub inhabitants: Option<i64>,
    /// The figure with its coverage (docs/import.md).
    pub population: Population,
}

/// The gemeente an overview opens with: the first (by name) that has a
/// place, else the first that has a wijk.
pub async fn default_gemeente(db: impl PgExecutor<'_>) -> DbResult<Option<String>> {
    sqlx::query_scalar!(
        r#"
        SELECT w.parent_code AS "code!"
        FROM areas w
        LEFT JOIN areas g ON g.code = w.parent_code
        WHERE w.level = 'wijk' AND w.parent_code IS NOT NULL
        ORDER BY EXISTS (SELECT 1 FROM public_places p WHERE p.wijk_code = w.code) DESC,
                 COALESCE(g.name, w.parent_code), w.parent_code
        LIMIT 1
        "#
    )
    .fetch_optional(db)
    .await
}

/// A gemeente by code. A gemeente whose outline was not imported but that
/// has wijken still counts; its name is then its code.
pub async fn get_gemeente(db: impl PgExecutor<'_>, code: &str) -> DbResult<Option<Gemeente>> {
    let row = sqlx::query!(
        r#"
        SELECT $1::text AS "code!", COALESCE(g.name, $1) AS "name!",
               g.inhabitants::int8 AS inhabitants,
               g.population_buurten::int8 AS buurten, g.population_buurten_known::int8 AS known,
               g.population_coverage AS coverage
        FROM (SELECT 1) one
        LEFT JOIN areas g ON g.code = $1 AND g.level = 'gemeente'
        WHERE g.code IS NOT NULL
           OR EXISTS (SELECT 1 FROM areas WHERE parent_code = $1 AND level = 'wijk')
        "#,
        code
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Gemeente {
        code: r.code,
        name: r.name,
        inhabitants: r.inhabitants,
        population: Population::new(r.inhabitants, r.buurten, r.known, r.coverage),
    }))
}

/// The dates that "opened" and "closed since" use.
///
/// Opened: when the founding year is known, a place counts as opened since
/// `since` when it was founded in or after the year of `since` (a year is
/// all we know). Else a place from the first import of its gemeente (the
/// baseline, [`first_import_day`]) never counts: it existed before the
/// registry knew it, and the day it was loaded is not the day it began.
/// Any other place counts when it was added on or after `since`. Closed:
/// status `opgeheven` with `closed_on >= since`. Hidden places never count.
pub fn since_year(since: NaiveDate) -> i32 {
    since.year()
}

/// The baseline of a gemeente's "new since": the day of its first import,
/// if any of its places came from one.
pub async fn first_import_day(
    db: impl PgExecutor<'_>,
    gemeente: &str,
) -> DbResult<Option<NaiveDate>> {
    sqlx::query_scalar!("SELECT hv_first_import_day($1) AS day", gemeente).fetch_one(db).await
}

/// What the overview adds to [`crate::db::wijken::AreaCounts`] for one area
/// (a wijk, or a buurt).
#[derive(Debug, Clone, Default)]
pub struct AreaExtras {
    pub code: String,
    pub opened: i64,
    pub closed: i64,
    /// Active public places that have no location at all.
    pub without_location: i64,
    /// Names of the buurten (of a wijk) without any active public place.
    pub empty_buurten: Vec<String>,
}

/// Opened, closed and empty buurten per wijk of a gemeente.
pub async fn wijk_extras(
    db: impl PgExecutor<'_>,
    gemeente: &str,
    since: NaiveDate,
) -> DbResult<Vec<AreaExtras>> {
    sqlx::query_as!(
        AreaExtras,
        r#"
        SELECT w.code AS "code!",
               (SELECT count(*) FROM public_places p
                 LEFT JOIN imported_places ip ON ip.place_id = p.id
                 WHERE p.wijk_code = w.code
                   AND (CASE WHEN p.founded_year IS NOT NULL THEN p.founded_year >= $3
                             WHEN (ip.imported_at AT TIME ZONE 'Europe/Amsterdam')::date
                                  = base.day THEN false
                             ELSE p.created_at >= $2::date END)) AS "opened!",
               (SELECT count(*) FROM public_places p
                 WHERE p.wijk_code = w.code
                   AND p.status = 'opgeheven' AND p.closed_on >= $2::date) AS "closed!",
               (SELECT count(*) FROM public_places p
                 WHERE p.wijk_code = w.code AND p.status <> 'opgeheven'
                   AND NOT p.located) AS "without_location!",
               COALESCE((SELECT array_agg(b.name ORDER BY b.name) FROM areas b
                 WHERE b.level = 'buurt' AND b.parent_code = w.code
                   AND NOT EXISTS (SELECT 1 FROM public_places p WHERE p.buurt_code = b.code
                                   AND p.status <> 'opgeheven')),
                        '{}') AS "empty_buurten!"
        FROM areas w, (SELECT hv_first_import_day($1) AS day) base
        WHERE w.level = 'wijk' AND w.parent_code = $1
        ORDER BY w.code
        "#,
        gemeente,
        since,
        since_year(since),
    )
    .fetch_all(db)
    .await
}

/// One buurt of a wijk with its population and counts, like a wijk row.
#[derive(Debug, Clone)]
pub struct BuurtCounts {
    pub code: String,
    pub name: String,
    pub inhabitants: Option<i64>,
    pub counts: TypeCounts,
    pub opened: i64,
    pub closed: i64,
    pub without_location: i64,
}

/// Every buurt of a wijk with counts of active public places per type. The
/// last row, code `""`, holds places of the wijk without a (known) buurt,
/// and is left out when there are none.
pub async fn buurt_counts(
    db: impl PgExecutor<'_>,
    wijk: &str,
    since: NaiveDate,
) -> DbResult<Vec<BuurtCounts>> {
    let rows = sqlx::query!(
        r#"
        WITH b AS (
            SELECT code, name, inhabitants::int8 AS inhabitants
            FROM areas WHERE level = 'buurt' AND parent_code = $1
        ),
        base AS (
            SELECT hv_first_import_day(parent_code) AS day FROM areas WHERE code = $1
        ),
        p AS (
            SELECT CASE WHEN p.buurt_code IN (SELECT code FROM b) THEN p.buurt_code ELSE '' END
                       AS code,
                   p.place_type, p.status, NOT p.located AS no_location,
                   (CASE WHEN p.founded_year IS NOT NULL THEN p.founded_year >= $3
                         WHEN (ip.imported_at AT TIME ZONE 'Europe/Amsterdam')::date
                              = (SELECT day FROM base) THEN false
                         ELSE p.created_at >= $2::date END) AS opened,
                   (p.status = 'opgeheven' AND p.closed_on >= $2::date) AS closed
            FROM public_places p
            LEFT JOIN imported_places ip ON ip.place_id = p.id
            WHERE p.wijk_code = $1
        ),
        c AS (
            SELECT code,
                   count(*) FILTER (WHERE place_type = 'huiskamer' AND status <> 'opgeheven')
                       AS huiskamer,
                   count(*) FILTER (WHERE place_type = 'zelfbeheer' AND status <> 'opgeheven')
                       AS zelfbeheer,
                   count(*) FILTER (WHERE place_type = 'huis_van_de_wijk'
                                    AND status <> 'opgeheven') AS hvdw,
                   count(*) FILTER (WHERE opened) AS opened,
                   count(*) FILTER (WHERE closed) AS closed,
                   count(*) FILTER (WHERE no_location AND status <> 'opgeheven') AS no_location
            FROM p GROUP BY code
        )
        SELECT x.code AS "code!", x.name AS "name!", x.inhabitants,
               COALESCE(c.huiskamer, 0) AS "huiskamer!",
               COALESCE(c.zelfbeheer, 0) AS "zelfbeheer!",
               COALESCE(c.hvdw, 0) AS "huis_van_de_wijk!",
               COALESCE(c.opened, 0) AS "opened!",
               COALESCE(c.closed, 0) AS "closed!",
               COALESCE(c.no_location, 0) AS "without_location!"
        FROM (SELECT code, name, inhabitants, 0 AS k FROM b
              UNION ALL SELECT '', '', NULL, 1 WHERE EXISTS (SELECT 1 FROM p WHERE code = '')) x
        LEFT JOIN c ON c.code = x.code
        ORDER BY x.k, x.name
        "#,
        wijk,
        since,
        since_year(since),
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| BuurtCounts {
            code: r.code,
            name: r.name,
            inhabitants: r.inhabitants,
            counts: TypeCounts {
                huiskamer: r.huiskamer,
                zelfbeheer: r.zelfbeheer,
                huis_van_de_wijk: r.huis_van_de_wijk,
            },
            opened: r.opened,
            closed: r.closed,
            without_location: r.without_location,
        })
        .collect())
}
