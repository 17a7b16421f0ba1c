//! Areas: gemeenten, wijken and buurten with their outlines and population.
//! Geometry arrives as GeoJSON text and is transformed, repaired and
//! normalised to MultiPolygon 4326 by PostGIS, never in Rust.

use sqlx::PgExecutor;

use crate::domain::area::AreaLevel;

/// One area to insert or update from a GeoJSON geometry.
#[derive(Debug, Clone)]
pub struct AreaUpsert<'a> {
    pub code: &'a str,
    pub level: AreaLevel,
    pub name: &'a str,
    /// The wanted parent; stored only when that area exists.
    pub parent: Option<&'a str>,
    /// A GeoJSON geometry object (Polygon or MultiPolygon).
    pub geojson: &'a str,
    /// The SRID of the coordinates in `geojson`.
    pub srid: i32,
    /// Where the outline comes from (`areas.source`, for the footer).
    pub source: &'a str,
}

/// A parent area made from its children's outlines.
#[derive(Debug, Clone, Copy)]
pub struct NewArea<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub source: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpsertOutcome {
    pub inserted: bool,
    /// The geometry was invalid and `ST_MakeValid` repaired it.
    pub repaired: bool,
    /// A parent was wanted but does not exist (parent left NULL).
    pub parent_missing: bool,
}

/// Inserts or updates an area by code. Population figures of an existing
/// area are kept. `Ok(None)` means no polygon was left after repair.
pub async fn upsert_from_geojson(
    db: impl PgExecutor<'_>,
    a: &AreaUpsert<'_>,
) -> sqlx::Result<Option<UpsertOutcome>> {
    // ST_IsValidDetail rather than ST_IsValid: the latter sends a NOTICE for
    // every invalid polygon, which floods the log on national files.
    let row = sqlx::query!(
        r#"
        WITH src AS (
            SELECT ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($5), $6), 4326) AS g
        ),
        checked AS (
            SELECT (ST_IsValidDetail(g)).valid AS valid, g FROM src
        ),
        repaired AS (
            SELECT valid, g AS original,
                   ST_Multi(ST_CollectionExtract(
                       CASE WHEN valid THEN g ELSE ST_MakeValid(g) END, 3)) AS g
            FROM checked
        ),
        fixed AS (
            -- Outlines snapped to a grid can collapse to a line; a thin
            -- buffer around them keeps the area (and its code) on the map.
            SELECT valid,
                   CASE WHEN ST_IsEmpty(g) AND NOT ST_IsEmpty(original)
                        THEN ST_Multi(ST_CollectionExtract(
                                 ST_Buffer(ST_ConvexHull(original), 0.0001, 'quad_segs=2'), 3))
                        ELSE g END AS g
            FROM repaired
        )
        INSERT INTO areas AS a (code, level, name, parent_code, geom, label_point, source)
        SELECT $1, $2, $3, (SELECT p.code FROM areas p WHERE p.code = $4), g, ST_PointOnSurface(g),
               $7
        FROM fixed
        WHERE NOT ST_IsEmpty(g)
        ON CONFLICT (code) DO UPDATE SET
            level = EXCLUDED.level,
            name = EXCLUDED.name,
            parent_code = EXCLUDED.parent_code,
            geom = EXCLUDED.geom,
            label_point = EXCLUDED.label_point,
            source = EXCLUDED.source,
            updated_at = now()
        RETURNING (a.xmax = 0) AS "inserted!", a.parent_code,
                  (SELECT valid FROM fixed) AS "valid!"
        "#,
        a.code,
        a.level.slug(),
        a.name,
        a.parent,
        a.geojson,
        a.srid,
        a.source,
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| UpsertOutcome {
        inserted: r.inserted,
        repaired: !r.valid,
        parent_missing: a.parent.is_some() && r.parent_code.is_none(),
    }))
}

/// Creates a missing parent area from the union of its children's outlines
/// and links the children to it. Returns false when it already existed
/// (the children are linked either way).
pub async fn create_parent_from_children(
    conn: &mut sqlx::PgConnection,
    area: &NewArea<'_>,
    level: AreaLevel,
    children: &[String],
) -> sqlx::Result<bool> {
    let code = area.code;
    let created = sqlx::query!(
        r#"
        INSERT INTO areas (code, level, name, geom, label_point, source)
        SELECT $1, $2, $3, u.g, ST_PointOnSurface(u.g), $5
        FROM (
            SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(geom)), 3)) AS g
            FROM areas WHERE code = ANY($4)
        ) u
        WHERE u.g IS NOT NULL AND NOT ST_IsEmpty(u.g)
        ON CONFLICT (code) DO NOTHING
        "#,
        code,
        level.slug(),
        area.name,
        children,
        area.source,
    )
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    sqlx::query!(
        "UPDATE areas SET parent_code = $1 WHERE code = ANY($2) AND parent_code IS DISTINCT FROM $1
         AND EXISTS (SELECT 1 FROM areas WHERE code = $1)",
        code,
        children,
    )
    .execute(&mut *conn)
    .await?;
    Ok(created)
}

/// Whether PostGIS knows this SRID.
pub async fn srid_exists(db: impl PgExecutor<'_>, srid: i32) -> sqlx::Result<bool> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM spatial_ref_sys WHERE srid = $1) AS "exists!""#,
        srid
    )
    .fetch_one(db)
    .await
}

/// Number of areas per level: (gemeenten, wijken, buurten).
pub async fn count_by_level(db: impl PgExecutor<'_>) -> sqlx::Result<(i64, i64, i64)> {
    let r = sqlx::query!(
        r#"
        SELECT count(*) FILTER (WHERE level = 'gemeente') AS "gemeenten!",
               count(*) FILTER (WHERE level = 'wijk') AS "wijken!",
               count(*) FILTER (WHERE level = 'buurt') AS "buurten!"
        FROM areas
        "#
    )
    .fetch_one(db)
    .await?;
    Ok((r.gemeenten, r.wijken, r.buurten))
}

/// An area found by name, for the demo: (code, level).
pub async fn find_by_name(
    db: impl PgExecutor<'_>,
    gemeente: &str,
    name: &str,
) -> sqlx::Result<Option<(String, String)>> {
    // Buurten first: a buurt name is the more precise answer.
    let r = sqlx::query!(
        r#"
        SELECT code, level FROM areas
        WHERE level IN ('wijk', 'buurt') AND substr(code, 3, 4) = substr($1, 3, 4)
          AND lower(name) = lower($2)
        ORDER BY level = 'buurt' DESC, code
        LIMIT 1
        "#,
        gemeente,
        name.trim(),
    )
    .fetch_optional(db)
    .await?;
    Ok(r.map(|r| (r.code, r.level)))
}

/// Buurten with inhabitants under `parent` (a wijk or gemeente code), by
/// code; the demo spreads places over them.
pub async fn populated_buurten(db: impl PgExecutor<'_>, parent: &str) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        r#"
        SELECT code FROM areas
        WHERE level = 'buurt' AND inhabitants > 0
          AND (parent_code = $1 OR 'GM' || substr(code, 3, 4) = $1)
        ORDER BY code
        "#,
        parent
    )
    .fetch_all(db)
    .await
}

/// A point inside the area, the same for the same seed (seed > 0).
pub async fn point_inside(
    db: impl PgExecutor<'_>,
    code: &str,
    seed: i32,
) -> sqlx::Result<Option<(f64, f64)>> {
    let r = sqlx::query!(
        r#"
        SELECT ST_X(p) AS "lon!", ST_Y(p) AS "lat!" FROM (
            SELECT COALESCE(ST_GeometryN(ST_GeneratePoints(geom, 1, $2), 1),
                            ST_PointOnSurface(geom)) AS p
            FROM areas WHERE code = $1
        ) x
        "#,
        code,
        seed.max(1),
    )
    .fetch_optional(db)
    .await?;
    Ok(r.map(|r| (r.lon, r.lat)))
}

/// The names of the areas with these codes, as (code, name); unknown
/// codes are left out. For showing stored codes as people know them.
pub async fn names(
    db: impl PgExecutor<'_>,
    codes: &[String],
) -> sqlx::Result<Vec<(String, String)>> {
    let rows = sqlx::query!("SELECT code, name FROM areas WHERE code = ANY ($1)", codes)
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(|r| (r.code, r.name)).collect())
}

/// Every wijk of a gemeente as (code, name), by name: the choices when a
/// beheerder gives a wijkteam member their wijken.
pub async fn wijken_of(
    db: impl PgExecutor<'_>,
    gemeente: &str,
) -> sqlx::Result<Vec<(String, String)>> {
    let rows = sqlx::query!(
        "SELECT code, name FROM areas WHERE level = 'wijk' AND parent_code = $1 ORDER BY name, code",
        gemeente
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.code, r.name)).collect())
}

/// Every gemeente that has wijken, as (code, name), by name; a gemeente
/// without an imported outline is named by its code.
pub async fn gemeenten(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<(String, String)>> {
    let rows = sqlx::query!(
        r#"SELECT w.parent_code AS "code!", COALESCE(min(g.name), w.parent_code) AS "name!"
           FROM areas w LEFT JOIN areas g ON g.code = w.parent_code AND g.level = 'gemeente'
           WHERE w.level = 'wijk' AND w.parent_code IS NOT NULL
           GROUP BY w.parent_code ORDER BY 2, 1"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.code, r.name)).collect())
}

/// The sources (`areas.source`) of the gemeente that `code` (a gemeente,
/// wijk or buurt code) lies in, and of its wijken and buurten: the digits
/// after the prefix start with the gemeente's four. Every page with a
/// footer asks it. One branch per level, each an index scan (`areas_pkey`,
/// `areas_parent_idx`): the conditions joined by OR made PostgreSQL scan
/// every area, 16 ms a page nationally against 0.3 ms.
pub async fn sources_in_gemeente(db: impl PgExecutor<'_>, code: &str) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        r#"
        SELECT DISTINCT s.source AS "source!"
        FROM (
            SELECT a.source FROM areas a WHERE a.code = 'GM' || substr($1, 3, 4)
            UNION ALL
            SELECT a.source FROM areas a WHERE a.parent_code = 'GM' || substr($1, 3, 4)
            UNION ALL
            SELECT b.source FROM areas w JOIN areas b ON b.parent_code = w.code
            WHERE w.parent_code = 'GM' || substr($1, 3, 4)
        ) s
        WHERE s.source IS NOT NULL
        ORDER BY 1
        "#,
        code,
    )
    .fetch_all(db)
    .await
}
