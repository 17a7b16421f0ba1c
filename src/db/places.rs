//! Meeting places: insert, read, and the public list/search queries.

use sqlx::PgExecutor;
use uuid::Uuid;

use crate::domain::place::PlaceFields;
use crate::error::{AppError, AppResult, UserMessage};

/// A place as stored, with everything (also the exact location). Views
/// decide what of it a visitor may see.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PlaceRecord {
    pub id: Uuid,
    pub name: String,
    pub place_type: String,
    pub category: String,
    pub description: String,
    pub address: String,
    pub postcode: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub public_lon: Option<f64>,
    pub public_lat: Option<f64>,
    pub precision: String,
    pub wijk_code: String,
    pub wijk_name: String,
    pub buurt_code: Option<String>,
    pub buurt_name: Option<String>,
    pub initiator: String,
    pub target_groups: Vec<String>,
    pub opening_hours: String,
    pub ground_floor: Option<bool>,
    pub wheelchair: Option<bool>,
    pub street_visible: Option<bool>,
    pub no_reception: Option<bool>,
    pub phone: String,
    pub email: String,
    pub website: String,
    pub founded_year: Option<i32>,
    pub status: String,
    pub closed_on: Option<chrono::NaiveDate>,
    pub closing_reason: String,
    pub last_verified: Option<chrono::NaiveDate>,
    pub source: String,
    pub hidden: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub version: i32,
}

/// The wijk and buurt a place belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceAreas {
    pub wijk_code: String,
    pub buurt_code: Option<String>,
}

/// Finds the wijk and buurt from the point with PostGIS, or checks the
/// hand-picked area. A point outside every wijk is the user's error.
pub async fn resolve_areas(db: impl PgExecutor<'_>, fields: &PlaceFields) -> AppResult<PlaceAreas> {
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
        let wijk = row
            .point_wijk
            .ok_or_else(|| AppError::BadRequest(UserMessage::new("error-point-outside")))?;
        // Overlapping national outlines can give a buurt of another wijk;
        // the wijk found directly wins then.
        let buurt = row.point_buurt.filter(|b| b.get(2..8) == wijk.get(2..8));
        return Ok(PlaceAreas { wijk_code: wijk, buurt_code: buurt });
    }
    match (row.hand_level.as_deref(), row.hand_code, row.hand_parent) {
        (Some("buurt"), Some(code), Some(parent)) => {
            Ok(PlaceAreas { wijk_code: parent, buurt_code: Some(code) })
        }
        (Some("wijk"), Some(code), _) => Ok(PlaceAreas { wijk_code: code, buurt_code: None }),
        _ => Err(AppError::BadRequest(UserMessage::new("error-area-required"))),
    }
}

/// Inserts a new place with the given id and areas. Violated constraints
/// become user-facing errors.
pub async fn insert(
    db: impl PgExecutor<'_>,
    id: Uuid,
    f: &PlaceFields,
    areas: &PlaceAreas,
) -> AppResult<()> {
    let (lon, lat) = f.point.unzip();
    let groups: Vec<String> = f.target_groups.iter().map(|g| g.slug().to_owned()).collect();
    sqlx::query!(
        r#"
        INSERT INTO places (
            id, name, place_type, category, description, address, postcode,
            location, precision, public_location, wijk_code, buurt_code,
            initiator, target_groups, opening_hours, ground_floor, wheelchair,
            street_visible, no_reception, phone, email, website, founded_year,
            status, closed_on, closing_reason, last_verified, source
        )
        SELECT
            $1, $2, $3, $4, $5, $6, $7,
            pt.g, $10,
            CASE WHEN $10 = 'exact' AND pt.g IS NOT NULL THEN pt.g
                 ELSE (SELECT label_point FROM areas WHERE code = COALESCE($12, $11)) END,
            $11, $12,
            $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
            $24, $25, $26, $27, $28
        FROM (SELECT CASE WHEN $8::float8 IS NULL OR $9::float8 IS NULL THEN NULL
                     ELSE ST_SetSRID(ST_MakePoint($8, $9), 4326) END AS g) pt
        "#,
        id,
        f.name.as_str(),
        f.place_type.slug(),
        f.category,
        f.description,
        f.address,
        f.postcode,
        lon,
        lat,
        f.precision.slug(),
        areas.wijk_code,
        areas.buurt_code,
        f.initiator.slug(),
        &groups,
        f.opening_hours,
        f.ground_floor,
        f.wheelchair,
        f.street_visible,
        f.no_reception,
        f.phone,
        f.email,
        f.website,
        f.founded_year,
        f.status.slug(),
        f.closed_on,
        f.closing_reason,
        f.last_verified,
        f.source,
    )
    .execute(db)
    .await
    .map_err(AppError::from_constraint)?;
    Ok(())
}

/// Reads one place with its area names; `None` when it does not exist.
pub async fn get(db: impl PgExecutor<'_>, id: Uuid) -> AppResult<Option<PlaceRecord>> {
    let place = sqlx::query_as!(
        PlaceRecord,
        r#"
        SELECT p.id, p.name, p.place_type, p.category, p.description, p.address, p.postcode,
               ST_X(p.location) AS lon, ST_Y(p.location) AS lat,
               ST_X(p.public_location) AS public_lon, ST_Y(p.public_location) AS public_lat,
               p.precision, p.wijk_code, w.name AS wijk_name,
               p.buurt_code, b.name AS "buurt_name?",
               p.initiator, p.target_groups, p.opening_hours, p.ground_floor, p.wheelchair,
               p.street_visible, p.no_reception, p.phone, p.email, p.website, p.founded_year,
               p.status, p.closed_on, p.closing_reason, p.last_verified, p.source, p.hidden,
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
    Ok(place)
}
