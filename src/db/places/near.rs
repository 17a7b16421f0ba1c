//! Public places nearest to a point, as the crow flies, for "Zoek in de
//! buurt van een adres of postcode". Only `public_location` is used (the
//! exact point for precision exact, the buurt's label point otherwise), so
//! a distance never tells more about a private place than its buurt; the
//! filters are those of the list, through `hv_public_search`.

use std::collections::HashMap;

use uuid::Uuid;

use super::{PlaceFilter, PlaceListItem};
use crate::db::DbResult;
use crate::domain::place::{PlaceStatus, PlaceType, Precision};

/// A place near the point, with its distance in metres.
#[derive(Debug, Clone)]
pub struct NearPlace {
    pub place: PlaceListItem,
    pub metres: f64,
    /// Whether the distance is to the place itself (precision exact) or
    /// to the middle of its buurt.
    pub exact: bool,
}

/// The `limit` public places nearest to (`lon`, `lat`), nearest first.
/// The index (`places_public_location_idx`) finds candidates by distance
/// in degrees, which at Dutch latitudes stretches north–south, so three
/// times as many are taken and ranked again in metres. Two queries (the
/// ranking, then the rows), on one pool.
pub async fn nearest(
    db: &sqlx::PgPool,
    filter: &PlaceFilter,
    lon: f64,
    lat: f64,
    limit: i64,
) -> DbResult<Vec<NearPlace>> {
    let ranked = sqlx::query!(
        r#"
        WITH origin AS (SELECT ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326) AS g),
        cand AS MATERIALIZED (
            SELECT c.id, c.public_location, c.precision FROM hv_public_search($1) c, origin
            WHERE c.public_location IS NOT NULL
            ORDER BY c.public_location <-> origin.g
            LIMIT $4::int8 * 3
        )
        SELECT cand.id AS "id!", cand.precision AS "precision!: Precision",
               ST_Distance(cand.public_location::geography, origin.g::geography) AS "metres!"
        FROM cand CROSS JOIN origin
        ORDER BY 3, cand.id
        LIMIT $4::int8
        "#,
        filter.sql(),
        lon,
        lat,
        limit,
    )
    .fetch_all(db)
    .await?;
    let ids: Vec<Uuid> = ranked.iter().map(|r| r.id).collect();
    let items = sqlx::query_as!(
        PlaceListItem,
        r#"
        SELECT p.id AS "id!", p.name AS "name!", p.place_type AS "place_type!: PlaceType",
               p.category AS "category!", p.status AS "status!: PlaceStatus",
               p.opening_hours AS "opening_hours!", p.wijk_code AS "wijk_code!",
               w.name AS wijk_name, p.buurt_code, b.name AS "buurt_name?", p.demo AS "demo!"
        FROM public_places p
        JOIN areas w ON w.code = p.wijk_code
        LEFT JOIN areas b ON b.code = p.buurt_code
        WHERE p.id = ANY($1)
        "#,
        &ids,
    )
    .fetch_all(db)
    .await?;
    let mut by_id: HashMap<Uuid, PlaceListItem> = items.into_iter().map(|p| (p.id, p)).collect();
    // In the order of distance; a place changed in between is left out.
    Ok(ranked
        .into_iter()
        .filter_map(|r| {
            let place = by_id.remove(&r.id)?;
            Some(NearPlace { place, metres: r.metres, exact: r.precision.is_public() })
        })
        .collect())
}
