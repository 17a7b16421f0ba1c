//! The map's data: public places in a box, as GeoJSON built in SQL.

use sqlx::PgExecutor;
use uuid::Uuid;

use super::PlaceFilter;
use crate::db::DbResult;
use crate::domain::place::PlaceStatus;

/// Id, status and opening hours of the public places with hours and a
/// public location inside the box, for deciding "open now" (with
/// `PlaceStatus::open_at`) before building the GeoJSON.
pub async fn opening_hours_in_box(
    db: impl PgExecutor<'_>,
    filter: &PlaceFilter,
    bbox: [f64; 4],
) -> DbResult<Vec<(Uuid, PlaceStatus, String)>> {
    let rows = sqlx::query!(
        r#"
        SELECT p.id AS "id!", p.status AS "status!: PlaceStatus",
               p.opening_hours AS "opening_hours!"
        FROM hv_public_search($5) p
        WHERE p.opening_hours <> ''
          AND p.public_location && ST_MakeEnvelope($1, $2, $3, $4, 4326)
        "#,
        bbox[0],
        bbox[1],
        bbox[2],
        bbox[3],
        filter.sql(),
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.status, r.opening_hours)).collect())
}

/// The public places in a box as an RFC 7946 FeatureCollection (JSON text),
/// built in SQL from `public_places`, so the geometry is the public point,
/// never the exact location. When more than `max_points` places match,
/// grid clusters of `cell` degrees are returned instead:
/// `{"cluster": true, "count": n}`. `only_ids` narrows the result (used for
/// "open now"); `type_labels` are the visitor's labels for huiskamer,
/// zelfbeheer and huis_van_de_wijk.
#[allow(clippy::too_many_arguments)]
pub async fn geojson_in_box(
    db: impl PgExecutor<'_>,
    filter: &PlaceFilter,
    bbox: [f64; 4],
    max_points: i64,
    cell: f64,
    only_ids: Option<&[Uuid]>,
    type_labels: [&str; 3],
) -> DbResult<String> {
    sqlx::query_scalar!(
        r#"
        WITH f AS MATERIALIZED (
            SELECT p.id, p.name, p.place_type, p.category, p.status, p.precision,
                   p.public_location AS g
            FROM hv_public_search($5) p
            WHERE p.public_location && ST_MakeEnvelope($1, $2, $3, $4, 4326)
              AND ($6::uuid[] IS NULL OR p.id = ANY ($6))
        ),
        n AS (SELECT count(*) AS n FROM f)
        SELECT CASE WHEN (SELECT n FROM n) > $7 THEN (
            SELECT json_build_object('type', 'FeatureCollection', 'features',
                COALESCE(json_agg(json_build_object(
                    'type', 'Feature',
                    'geometry', ST_AsGeoJSON(c.centre, 6)::json,
                    'properties', json_build_object('cluster', true, 'count', c.n)
                )), '[]'::json))
            FROM (SELECT count(*) AS n, ST_Centroid(ST_Collect(g)) AS centre
                  FROM f GROUP BY ST_SnapToGrid(g, $8::float8)) c
        ) ELSE (
            SELECT json_build_object('type', 'FeatureCollection', 'features',
                COALESCE(json_agg(json_build_object(
                    'type', 'Feature',
                    'id', f.id,
                    'geometry', ST_AsGeoJSON(f.g, 6)::json,
                    'properties', json_build_object(
                        'id', f.id, 'name', f.name, 'type', f.place_type,
                        'type_label', CASE f.place_type WHEN 'huiskamer' THEN $9::text
                                        WHEN 'zelfbeheer' THEN $10::text ELSE $11::text END,
                        'category', f.category, 'status', f.status,
                        'precision', f.precision, 'url', '/plekken/' || f.id)
                ) ORDER BY f.name), '[]'::json))
            FROM f
        ) END::text AS "json!"
        "#,
        bbox[0],
        bbox[1],
        bbox[2],
        bbox[3],
        filter.sql(),
        only_ids,
        max_points,
        cell,
        type_labels[0],
        type_labels[1],
        type_labels[2],
    )
    .fetch_one(db)
    .await
}
