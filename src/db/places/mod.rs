//! Meeting places as stored: the full record (with the exact location,
//! for staff and for writes), area lookup and the buurt list of the place
//! form. Writes live in [`write`], the public list and search in [`search`],
//! the map's GeoJSON in [`map`], places near a point in [`near`].

mod facets;
mod map;
mod near;
mod search;
mod write;

pub use facets::*;
pub use map::*;
pub use near::*;
pub use search::*;
pub use write::*;

use sqlx::PgExecutor;
use uuid::Uuid;

use super::DbResult;
use crate::domain::area::AreaProblem;
use crate::domain::place::{
    Initiator, PlaceFields, PlaceStatus, PlaceType, Precision, TargetGroup,
};
use crate::domain::place_input::PlaceInput;
use crate::domain::revision;

/// A place as stored, with everything (also the exact location). Views
/// decide what of it a visitor may see. Its fields are a [`PlaceFields`]
/// (through `Deref`: `place.phone`), so the field list is written once.
#[derive(Debug, Clone)]
pub struct PlaceRecord {
    pub id: Uuid,
    pub fields: PlaceFields,
    /// The exact point, as `fields.point`, split for templates and SQL.
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub public_lon: Option<f64>,
    pub public_lat: Option<f64>,
    pub wijk_code: String,
    pub wijk_name: String,
    pub buurt_code: Option<String>,
    pub buurt_name: Option<String>,
    pub hidden: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub version: i32,
}

impl std::ops::Deref for PlaceRecord {
    type Target = PlaceFields;

    fn deref(&self) -> &PlaceFields {
        &self.fields
    }
}

/// The [`PlaceFields`] of a `query!` row that selects the place columns
/// under their own names (`name`, `place_type: PlaceType`, …, `target_groups:
/// Vec<TargetGroup>`, `lon`, `lat` for the point, `source`). A macro because
/// every `query!` has its own row type; it keeps the field list's mapping
/// in one place for the record here and the export rows.
macro_rules! place_fields {
    ($r:ident) => {
        $crate::domain::place::PlaceFields {
            // A check constraint holds stored names to the rules.
            name: $crate::domain::place::PlaceName::stored(&$r.name),
            place_type: $r.place_type,
            category: $r.category,
            description: $r.description,
            address: $r.address,
            postcode: $r.postcode,
            point: $r.lon.zip($r.lat),
            precision: $r.precision,
            manual_area: None,
            initiator: $r.initiator,
            target_groups: $r.target_groups,
            opening_hours: $r.opening_hours,
            ground_floor: $r.ground_floor,
            wheelchair: $r.wheelchair,
            street_visible: $r.street_visible,
            no_reception: $r.no_reception,
            phone: $r.phone,
            email: $r.email,
            website: $r.website,
            founded_year: $r.founded_year,
            status: $r.status,
            closed_on: $r.closed_on,
            closing_reason: $r.closing_reason,
            last_verified: $r.last_verified,
            source: $r.source,
        }
    };
}
pub(crate) use place_fields;

/// The wijk and buurt a place belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceAreas {
    pub wijk_code: String,
    pub buurt_code: Option<String>,
}

/// Finds the wijk and buurt from the point with PostGIS, or checks the
/// hand-picked area. A point outside every wijk is the user's error: the
/// inner `Err`.
pub async fn resolve_areas(
    db: impl PgExecutor<'_>,
    fields: &PlaceFields,
) -> DbResult<Result<PlaceAreas, AreaProblem>> {
    let (lon, lat) = fields.point.unzip();
    let manual = fields.manual_area.as_ref().map(|c| c.as_str().to_owned());
    let row = sqlx::query!(
        r#"
        WITH pt AS (
            SELECT ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326) AS g
            WHERE $1::float8 IS NOT NULL AND $2::float8 IS NOT NULL
        ),
        by_point AS (
            SELECT
                (SELECT a.code FROM areas a, pt WHERE a.level = 'wijk'
                   AND ST_Intersects(a.geom, pt.g) ORDER BY a.code LIMIT 1) AS wijk,
                (SELECT a.code FROM areas a, pt WHERE a.level = 'buurt'
                   AND ST_Intersects(a.geom, pt.g) ORDER BY a.code LIMIT 1) AS buurt
        ),
        by_hand AS (
            SELECT a.level, a.code, a.parent_code FROM areas a WHERE a.code = $3
        )
        SELECT
            (SELECT count(*) FROM pt) = 1 AS "has_point!",
            (SELECT wijk FROM by_point) AS point_wijk,
            (SELECT buurt FROM by_point) AS point_buurt,
            (SELECT level FROM by_hand) AS hand_level,
            (SELECT code FROM by_hand) AS hand_code,
            (SELECT parent_code FROM by_hand) AS hand_parent
        "#,
        lon,
        lat,
        manual,
    )
    .fetch_one(db)
    .await?;

    if row.has_point {
        let Some(wijk) = row.point_wijk else {
            return Ok(Err(AreaProblem::PointOutside));
        };
        // Overlapping national outlines can give a buurt of another wijk;
        // the wijk found directly wins then.
        let buurt = row.point_buurt.filter(|b| b.get(2..8) == wijk.get(2..8));
        return Ok(Ok(PlaceAreas { wijk_code: wijk, buurt_code: buurt }));
    }
    Ok(match (row.hand_level.as_deref(), row.hand_code, row.hand_parent) {
        (Some("buurt"), Some(code), Some(parent)) => {
            Ok(PlaceAreas { wijk_code: parent, buurt_code: Some(code) })
        }
        (Some("wijk"), Some(code), _) => Ok(PlaceAreas { wijk_code: code, buurt_code: None }),
        _ => Err(AreaProblem::AreaRequired),
    })
}

/// Locks the place row for the rest of the transaction and reads it, so a
/// change computed from it cannot race another one.
pub async fn get_for_update(
    db: &mut sqlx::PgConnection,
    id: Uuid,
) -> DbResult<Option<PlaceRecord>> {
    let found = sqlx::query_scalar!("SELECT id FROM places WHERE id = $1 FOR UPDATE", id)
        .fetch_optional(&mut *db)
        .await?;
    if found.is_none() {
        return Ok(None);
    }
    get(&mut *db, id).await
}

impl PlaceRecord {
    /// Every field as a snapshot, formatted exactly as
    /// `domain::revision::snapshot` does, so an unchanged place has an
    /// empty diff.
    pub fn to_input(&self) -> PlaceInput {
        revision::snapshot(&self.fields, &self.wijk_code, self.buurt_code.as_deref())
    }
}

/// Reads one place with its area names; `None` when it does not exist.
pub async fn get(db: impl PgExecutor<'_>, id: Uuid) -> DbResult<Option<PlaceRecord>> {
    let row = sqlx::query!(
        r#"
        SELECT p.id, p.name, p.place_type AS "place_type: PlaceType", p.category,
               p.description, p.address, p.postcode,
               ST_X(p.location) AS lon, ST_Y(p.location) AS lat,
               ST_X(p.public_location) AS public_lon, ST_Y(p.public_location) AS public_lat,
               p.precision AS "precision: Precision", p.wijk_code, w.name AS wijk_name,
               p.buurt_code, b.name AS "buurt_name?",
               p.initiator AS "initiator: Initiator",
               p.target_groups AS "target_groups: Vec<TargetGroup>", p.opening_hours,
               p.ground_floor, p.wheelchair,
               p.street_visible, p.no_reception, p.phone, p.email, p.website, p.founded_year,
               p.status AS "status: PlaceStatus", p.closed_on, p.closing_reason, p.last_verified, p.source, p.hidden,
               p.created_at, p.updated_at, p.version
        FROM places p
        JOIN areas w ON w.code = p.wijk_code
        LEFT JOIN areas b ON b.code = p.buurt_code
        WHERE p.id = $1
        "#,
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| PlaceRecord {
        id: r.id,
        fields: place_fields!(r),
        lon: r.lon,
        lat: r.lat,
        public_lon: r.public_lon,
        public_lat: r.public_lat,
        wijk_code: r.wijk_code,
        wijk_name: r.wijk_name,
        buurt_code: r.buurt_code,
        buurt_name: r.buurt_name,
        hidden: r.hidden,
        created_at: r.created_at,
        updated_at: r.updated_at,
        version: r.version,
    }))
}

/// A buurt to choose in the place form, with its wijk for grouping.
#[derive(Debug, Clone)]
pub struct BuurtOption {
    pub code: String,
    pub name: String,
    pub wijk_name: String,
}

/// Every buurt (up to a cap, enough for any one city), by wijk and name.
pub async fn buurt_options(db: impl PgExecutor<'_>) -> DbResult<Vec<BuurtOption>> {
    let rows = sqlx::query_as!(
        BuurtOption,
        r#"SELECT b.code, b.name, w.name AS wijk_name
           FROM areas b JOIN areas w ON w.code = b.parent_code
           WHERE b.level = 'buurt'
           ORDER BY w.name, b.name, b.code LIMIT 3000"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows)
}
