//! The map's data: the public places with a public point, read through
//! `hv_public_search`, so the point is always `public_location` (never the
//! exact location of a place whose precision is not exact) and hidden
//! places never come out. The GeoJSON is written in Rust from these rows
//! (`web::map_data`), which keeps them per data generation.

use sqlx::PgExecutor;
use uuid::Uuid;

use super::PlaceFilter;
use crate::db::DbResult;
use crate::domain::place::{PlaceStatus, PlaceType, Precision};

/// The whole world, for reading every point at once.
pub const WORLD: [f64; 4] = [-180.0, -90.0, 180.0, 90.0];

/// One public place on the map: what a marker and its popup show.
#[derive(Debug, Clone)]
pub struct MapPoint {
    pub id: Uuid,
    pub name: String,
    pub place_type: PlaceType,
    pub category: String,
    pub status: PlaceStatus,
    pub precision: Precision,
    /// `public_location`, in WGS84.
    pub lon: f64,
    pub lat: f64,
    pub opening_hours: String,
}

/// The public places matching `filter` whose public point lies in `bbox`
/// (`minlon, minlat, maxlon, maxlat`), by name. The order is the
/// database's collation, so the map lists names as the pages do.
pub async fn map_points(
    db: impl PgExecutor<'_>,
    filter: &PlaceFilter,
    bbox: [f64; 4],
) -> DbResult<Vec<MapPoint>> {
    sqlx::query_as!(
        MapPoint,
        r#"
        SELECT p.id AS "id!", p.name AS "name!", p.place_type AS "place_type!: PlaceType",
               p.category AS "category!", p.status AS "status!: PlaceStatus",
               p.precision AS "precision!: Precision",
               ST_X(p.public_location) AS "lon!", ST_Y(p.public_location) AS "lat!",
               p.opening_hours AS "opening_hours!"
        FROM hv_public_search($5) p
        WHERE p.public_location && ST_MakeEnvelope($1, $2, $3, $4, 4326)
        ORDER BY p.name, p.id
        "#,
        bbox[0],
        bbox[1],
        bbox[2],
        bbox[3],
        filter.sql(),
    )
    .fetch_all(db)
    .await
}
