//! Writes of a place row: insert, update at an expected version, hide.
//! The callers (operations in `crate::ops`) own the transaction and the
//! revision that goes with each write.

use sqlx::PgExecutor;
use uuid::Uuid;

use super::PlaceAreas;
use crate::db::DbResult;
use crate::domain::place::PlaceFields;

/// Inserts a new place with the given id and areas. Violated constraints
/// become user-facing errors.
pub async fn insert(
    db: impl PgExecutor<'_>,
    id: Uuid,
    f: &PlaceFields,
    areas: &PlaceAreas,
) -> DbResult<()> {
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
    .await?;
    Ok(())
}

/// Writes new fields over a place, only if it is still at
/// `expected_version`. Returns the new version, or `None` when someone else
/// saved first (the caller shows the conflict view).
pub async fn update(
    db: impl PgExecutor<'_>,
    id: Uuid,
    expected_version: i32,
    f: &PlaceFields,
    areas: &PlaceAreas,
) -> DbResult<Option<i32>> {
    let (lon, lat) = f.point.unzip();
    let groups: Vec<String> = f.target_groups.iter().map(|g| g.slug().to_owned()).collect();
    let version = sqlx::query_scalar!(
        r#"
        UPDATE places p SET
            name = $3, place_type = $4, category = $5, description = $6, address = $7,
            postcode = $8, location = pt.g, precision = $11,
            public_location = CASE WHEN $11 = 'exact' AND pt.g IS NOT NULL THEN pt.g
                 ELSE (SELECT label_point FROM areas WHERE code = COALESCE($13, $12)) END,
            wijk_code = $12, buurt_code = $13, initiator = $14, target_groups = $15,
            opening_hours = $16, ground_floor = $17, wheelchair = $18, street_visible = $19,
            no_reception = $20, phone = $21, email = $22, website = $23, founded_year = $24,
            status = $25, closed_on = $26, closing_reason = $27, last_verified = $28,
            source = $29, updated_at = now(), version = p.version + 1
        FROM (SELECT CASE WHEN $9::float8 IS NULL OR $10::float8 IS NULL THEN NULL
                     ELSE ST_SetSRID(ST_MakePoint($9, $10), 4326) END AS g) pt
        WHERE p.id = $1 AND p.version = $2
        RETURNING p.version
        "#,
        id,
        expected_version,
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
    .fetch_optional(db)
    .await?;
    Ok(version)
}

/// Hides or shows a place, only if it is still at `expected_version`.
/// Returns the new version, or `None` on a conflict.
pub async fn set_hidden(
    db: impl PgExecutor<'_>,
    id: Uuid,
    expected_version: i32,
    hidden: bool,
) -> DbResult<Option<i32>> {
    let version = sqlx::query_scalar!(
        "UPDATE places SET hidden = $3, updated_at = now(), version = version + 1
         WHERE id = $1 AND version = $2 RETURNING version",
        id,
        expected_version,
        hidden
    )
    .fetch_optional(db)
    .await?;
    Ok(version)
}
