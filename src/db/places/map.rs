//! The map's data: public places in a box, as GeoJSON built in SQL.

use sqlx::PgExecutor;
use uuid::Uuid;

use super::PlaceFilter;
use crate::db::DbResult;

/// Id and opening hours of the public places with a public location inside
/// the box, for filtering "open now" before building the GeoJSON.
pub async fn opening_hours_in_box(
    db: impl PgExecutor<'_>,
    filter: &PlaceFilter,
    bbox: [f64; 4],
) -> DbResult<Vec<(Uuid, String)>> {
    let rows = sqlx::query!(
        r#"
        SELECT p.id, p.opening_hours
        FROM places p
        WHERE NOT p.hidden AND p.opening_hours <> '' AND p.status = 'actief'
          AND p.public_location && ST_MakeEnvelope($1, $2, $3, $4, 4326)
          AND ($5::bool OR p.status <> 'opgeheven')
          AND ($6::text IS NULL OR p.place_type = $6)
          AND ($7::text IS NULL OR p.category = $7)
          AND ($8::text IS NULL OR $8 = ANY (p.target_groups))
          AND ($9::text IS NULL OR p.wijk_code = $9)
          AND ($13::text IS NULL OR p.wijk_code IN (
               SELECT a.code FROM areas a WHERE a.parent_code = $13))
          AND ($10::text IS NULL
               OR p.search_doc @@ (to_tsquery('simple', hv_unaccent($10))
                                   || to_tsquery('dutch', hv_unaccent($10)))
               OR (hv_unaccent(p.name) ILIKE hv_unaccent('%' || ($12::text) || '%')
                   AND hv_unaccent(p.name) ILIKE ALL (
                    SELECT '%' || hv_unaccent(x) || '%' FROM unnest($11::text[]) x)))
        "#,
        bbox[0],
        bbox[1],
        bbox[2],
        bbox[3],
        filter.include_closed,
        filter.place_type.map(|t| t.slug()),
        filter.category.as_deref(),
        filter.target_group.map(|g| g.slug()),
        filter.wijk.as_ref().map(|w| w.as_str()),
        filter.tsquery(),
        &filter.words,
        filter.longest_word(),
        filter.gemeente.as_ref().map(|g| g.as_str()),
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.opening_hours)).collect())
}

/// The public places in a box as an RFC 7946 FeatureCollection (JSON text),
/// built in SQL. Geometry is always `public_location`, never the exact
/// `location`. When more than `max_points` places match, grid clusters of
/// `cell` degrees are returned instead: `{"cluster": true, "count": n}`.
/// `only_ids` narrows the result (used for "open now"); `type_labels` are
/// the visitor's labels for huiskamer, zelfbeheer and huis_van_de_wijk.
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
            FROM places p
            WHERE NOT p.hidden
              AND p.public_location && ST_MakeEnvelope($1, $2, $3, $4, 4326)
              AND ($5::bool OR p.status <> 'opgeheven')
              AND ($6::text IS NULL OR p.place_type = $6)
              AND ($7::text IS NULL OR p.category = $7)
              AND ($8::text IS NULL OR $8 = ANY (p.target_groups))
              AND ($9::text IS NULL OR p.wijk_code = $9)
              AND ($19::text IS NULL OR p.wijk_code IN (
                   SELECT a.code FROM areas a WHERE a.parent_code = $19))
              AND ($10::text IS NULL
                   OR p.search_doc @@ (to_tsquery('simple', hv_unaccent($10))
                                       || to_tsquery('dutch', hv_unaccent($10)))
                   OR (hv_unaccent(p.name) ILIKE hv_unaccent('%' || ($18::text) || '%')
                       AND hv_unaccent(p.name) ILIKE ALL (
                        SELECT '%' || hv_unaccent(x) || '%' FROM unnest($11::text[]) x)))
              AND ($12::uuid[] IS NULL OR p.id = ANY ($12))
        ),
        n AS (SELECT count(*) AS n FROM f)
        SELECT CASE WHEN (SELECT n FROM n) > $13 THEN (
            SELECT json_build_object('type', 'FeatureCollection', 'features',
                COALESCE(json_agg(json_build_object(
                    'type', 'Feature',
                    'geometry', ST_AsGeoJSON(c.centre, 6)::json,
                    'properties', json_build_object('cluster', true, 'count', c.n)
                )), '[]'::json))
            FROM (SELECT count(*) AS n, ST_Centroid(ST_Collect(g)) AS centre
                  FROM f GROUP BY ST_SnapToGrid(g, $14::float8)) c
        ) ELSE (
            SELECT json_build_object('type', 'FeatureCollection', 'features',
                COALESCE(json_agg(json_build_object(
                    'type', 'Feature',
                    'id', f.id,
                    'geometry', ST_AsGeoJSON(f.g, 6)::json,
                    'properties', json_build_object(
                        'id', f.id, 'name', f.name, 'type', f.place_type,
                        'type_label', CASE f.place_type WHEN 'huiskamer' THEN $15::text
                                        WHEN 'zelfbeheer' THEN $16::text ELSE $17::text END,
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
        filter.include_closed,
        filter.place_type.map(|t| t.slug()),
        filter.category.as_deref(),
        filter.target_group.map(|g| g.slug()),
        filter.wijk.as_ref().map(|w| w.as_str()),
        filter.tsquery(),
        &filter.words,
        only_ids,
        max_points,
        cell,
        type_labels[0],
        type_labels[1],
        type_labels[2],
        filter.longest_word(),
        filter.gemeente.as_ref().map(|g| g.as_str()),
    )
    .fetch_one(db)
    .await
    .map_err(Into::into)
}
