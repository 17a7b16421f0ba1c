//! Queries of the places import: which place a file's row is (by the file's
//! own id, or by name and location), which places of a source the file no
//! longer has, and the wijk and buurt of a point near a gemeente's outline.

use sqlx::PgExecutor;
use uuid::Uuid;

use super::DbResult;

/// How far outside its outline a point may lie and still be assigned to
/// the nearest wijk or buurt: the CBS outlines are simplified.
pub const NEAR_METRES: f64 = 500.0;

/// For the rest of the transaction, plan each statement once: the pool
/// plans every execution anew (`plan_cache_mode` in `db::connect_and_migrate`),
/// and planning a PostGIS lookup costs 15–30 ms, executing it under 1 ms.
/// An import runs the same few statements once per row.
pub async fn plan_once(db: impl PgExecutor<'_>) -> DbResult<()> {
    sqlx::query!("SET LOCAL plan_cache_mode = force_generic_plan").execute(db).await?;
    Ok(())
}

/// Every id a source's rows gave, with its place: read once per import
/// and source, instead of once per row.
pub async fn keys_of(db: impl PgExecutor<'_>, source: &str) -> DbResult<Vec<(String, Uuid)>> {
    let rows = sqlx::query!(
        "SELECT k.external_id, k.place_id FROM place_import_keys k WHERE k.source = $1",
        source
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.external_id, r.place_id)).collect())
}

/// Remembers that sources' rows made these places (parallel slices, each
/// (source, id) once), in one statement.
pub async fn remember_keys(
    db: impl PgExecutor<'_>,
    sources: &[String],
    keys: &[String],
    place_ids: &[Uuid],
) -> DbResult<()> {
    sqlx::query!(
        "INSERT INTO place_import_keys (source, external_id, place_id)
         SELECT * FROM UNNEST($1::text[], $2::text[], $3::uuid[])
         ON CONFLICT (source, external_id) DO UPDATE SET place_id = EXCLUDED.place_id",
        sources,
        keys,
        place_ids
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Whether a place with this id exists.
pub async fn place_exists(db: impl PgExecutor<'_>, id: Uuid) -> DbResult<bool> {
    Ok(sqlx::query_scalar!("SELECT 1 AS one FROM places WHERE id = $1", id)
        .fetch_optional(db)
        .await?
        .is_some())
}

/// A place with the same name (case and accents aside) within 50 m of the
/// point, or, without a point, in the same area: a row without an id.
pub async fn place_by_name_near(
    db: impl PgExecutor<'_>,
    name: &str,
    point: Option<(f64, f64)>,
    area: Option<&str>,
) -> DbResult<Option<Uuid>> {
    let (lon, lat) = point.unzip();
    sqlx::query_scalar!(
        r#"
        SELECT p.id FROM places p
        WHERE lower(p.name) = lower($1)
          AND CASE WHEN $2::float8 IS NOT NULL AND $3::float8 IS NOT NULL
                   THEN p.location IS NOT NULL AND ST_DWithin(p.location::geography,
                        ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, 50)
                   ELSE $4::text IS NOT NULL AND $4 IN (p.buurt_code, p.wijk_code) END
        ORDER BY p.created_at LIMIT 1
        "#,
        name,
        lon,
        lat,
        area
    )
    .fetch_optional(db)
    .await
}

/// A place of one of `sources` that this import did not touch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingPlace {
    pub id: Uuid,
    pub name: String,
    pub source: String,
}

/// Places of these sources (by `bron` or by an import key) that are not
/// among `touched` and have not stopped yet.
pub async fn missing(
    db: impl PgExecutor<'_>,
    sources: &[String],
    touched: &[Uuid],
) -> DbResult<Vec<MissingPlace>> {
    sqlx::query_as!(
        MissingPlace,
        r#"
        SELECT p.id, p.name, COALESCE(k.source, p.source) AS "source!"
        FROM places p
        LEFT JOIN LATERAL (SELECT source FROM place_import_keys
                           WHERE place_id = p.id AND source = ANY($1) LIMIT 1) k ON true
        WHERE (p.source = ANY($1) OR k.source IS NOT NULL)
          AND p.status <> 'opgeheven'
          -- An anti-join (hashed), not `<> ALL`: a file has 10,000s of rows.
          AND NOT EXISTS (SELECT 1 FROM unnest($2::uuid[]) AS t(id) WHERE t.id = p.id)
        ORDER BY p.name, p.id
        "#,
        sources,
        touched
    )
    .fetch_all(db)
    .await
}

/// Where a point lies: its wijk and buurt, and how far outside their
/// outlines it is (0 inside).
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    pub wijk_code: String,
    pub wijk_name: String,
    pub wijk_metres: f64,
    pub buurt_code: Option<String>,
    pub buurt_metres: f64,
}

/// The wijk containing the point, or else the nearest within
/// [`NEAR_METRES`]; with a gemeente, only its own wijken count. The buurt
/// likewise among that wijk's buurten. The containing area is looked up
/// first, so the distance is computed only for points outside.
pub async fn locate(
    db: impl PgExecutor<'_>,
    gemeente: Option<&str>,
    lon: f64,
    lat: f64,
) -> DbResult<Option<Located>> {
    let row = sqlx::query!(
        r#"
        WITH wijk AS (
            SELECT * FROM (
                (SELECT a.code, a.name, 0::float8 AS d FROM areas a
                 WHERE a.level = 'wijk' AND ($1::text IS NULL OR a.parent_code = $1)
                   AND ST_Intersects(a.geom, ST_SetSRID(ST_MakePoint($2, $3), 4326))
                 ORDER BY a.code LIMIT 1)
                UNION ALL
                (SELECT a.code, a.name, ST_Distance(a.geom::geography,
                        ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography) AS d
                 FROM areas a
                 WHERE a.level = 'wijk' AND ($1::text IS NULL OR a.parent_code = $1)
                   AND ST_DWithin(a.geom, ST_SetSRID(ST_MakePoint($2, $3), 4326), 0.01)
                 ORDER BY 3, 1 LIMIT 1)
            ) w LIMIT 1
        ),
        buurt AS (
            SELECT * FROM (
                (SELECT a.code, 0::float8 AS d FROM areas a, wijk
                 WHERE a.level = 'buurt' AND a.parent_code = wijk.code
                   AND ST_Intersects(a.geom, ST_SetSRID(ST_MakePoint($2, $3), 4326))
                 ORDER BY a.code LIMIT 1)
                UNION ALL
                (SELECT a.code, ST_Distance(a.geom::geography,
                        ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography) AS d
                 FROM areas a, wijk
                 WHERE a.level = 'buurt' AND a.parent_code = wijk.code
                   AND ST_DWithin(a.geom, ST_SetSRID(ST_MakePoint($2, $3), 4326), 0.01)
                 ORDER BY 2, 1 LIMIT 1)
            ) b LIMIT 1
        )
        SELECT wijk.code AS "wijk_code!", wijk.name AS "wijk_name!", wijk.d AS "wijk_d!",
               buurt.code AS "buurt_code?", buurt.d AS "buurt_d?"
        FROM wijk LEFT JOIN buurt ON true
        "#,
        gemeente,
        lon,
        lat
    )
    .fetch_optional(db)
    .await?;
    Ok(row.filter(|r| r.wijk_d <= NEAR_METRES).map(|r| {
        let buurt_near = r.buurt_d.is_some_and(|d| d <= NEAR_METRES);
        Located {
            wijk_code: r.wijk_code,
            wijk_name: r.wijk_name,
            wijk_metres: r.wijk_d,
            buurt_code: r.buurt_code.filter(|_| buurt_near),
            buurt_metres: if buurt_near { r.buurt_d.unwrap_or(0.0) } else { 0.0 },
        }
    }))
}

/// The gemeente an area belongs to (itself for a gemeente).
pub async fn gemeente_of(db: impl PgExecutor<'_>, code: &str) -> DbResult<Option<String>> {
    let row = sqlx::query_scalar!(
        r#"
        SELECT CASE a.level WHEN 'gemeente' THEN a.code
                            WHEN 'wijk' THEN a.parent_code
                            ELSE w.parent_code END AS gemeente
        FROM areas a LEFT JOIN areas w ON w.code = a.parent_code
        WHERE a.code = $1
        "#,
        code
    )
    .fetch_optional(db)
    .await?;
    Ok(row.flatten())
}
