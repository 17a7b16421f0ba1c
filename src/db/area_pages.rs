//! Read queries for the gemeente and buurt pages: one area with the areas
//! above it, its population and its map extent.

use sqlx::PgExecutor;

use super::DbResult;
use super::wijken::Extent;
use crate::domain::area::AreaLevel;
use crate::domain::population::Population;

/// A gemeente, wijk or buurt with its parents. For a gemeente, `gemeente_*`
/// is the area itself; `wijk_*` is set for a buurt only.
#[derive(Debug, Clone)]
pub struct AreaPage {
    pub code: String,
    pub name: String,
    pub level: AreaLevel,
    pub wijk_code: Option<String>,
    pub wijk_name: Option<String>,
    pub gemeente_code: String,
    pub gemeente_name: String,
    pub inhabitants: Option<i64>,
    /// The figure with its coverage (docs/import.md).
    pub population: Population,
    pub extent: Extent,
}

pub async fn get(db: impl PgExecutor<'_>, code: &str) -> DbResult<Option<AreaPage>> {
    let row = sqlx::query!(
        r#"
        SELECT a.code, a.name, a.level AS "level: AreaLevel", a.inhabitants::int8 AS inhabitants,
               a.population_buurten::int8 AS buurten, a.population_buurten_known::int8 AS known,
               a.population_coverage AS coverage,
               CASE WHEN a.level = 'buurt' THEN p.code END AS wijk_code,
               CASE WHEN a.level = 'buurt' THEN p.name END AS wijk_name,
               COALESCE(CASE a.level WHEN 'gemeente' THEN a.code WHEN 'wijk' THEN p.code
                                     ELSE g.code END, '') AS "gemeente_code!",
               COALESCE(CASE a.level WHEN 'gemeente' THEN a.name WHEN 'wijk' THEN p.name
                                     ELSE g.name END, '') AS "gemeente_name!",
               ST_XMin(a.geom::box2d) AS "xmin!", ST_YMin(a.geom::box2d) AS "ymin!",
               ST_XMax(a.geom::box2d) AS "xmax!", ST_YMax(a.geom::box2d) AS "ymax!"
        FROM areas a
        LEFT JOIN areas p ON p.code = a.parent_code
        LEFT JOIN areas g ON g.code = p.parent_code
        WHERE a.code = $1
        "#,
        code
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| AreaPage {
        population: match r.level {
            AreaLevel::Buurt => Population::of_buurt(r.inhabitants),
            _ => Population::new(r.inhabitants, r.buurten, r.known, r.coverage),
        },
        code: r.code,
        name: r.name,
        level: r.level,
        wijk_code: r.wijk_code,
        wijk_name: r.wijk_name,
        gemeente_code: r.gemeente_code,
        gemeente_name: r.gemeente_name,
        inhabitants: r.inhabitants,
        extent: [r.xmin, r.ymin, r.xmax, r.ymax],
    }))
}
