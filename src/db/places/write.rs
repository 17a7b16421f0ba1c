//! Writes of a place row: insert, update at an expected version, hide.
//! The callers (operations in `crate::ops`) own the transaction and the
//! revision that goes with each write.

use sqlx::PgExecutor;
use uuid::Uuid;

use super::PlaceAreas;
use crate::db::DbResult;
use crate::domain::place::PlaceFields;

/// Inserts a new place with the given id and areas; `false` when a place
/// with that id exists already (nothing is written then).
pub async fn insert(
    db: impl PgExecutor<'_>,
    id: Uuid,
    f: &PlaceFields,
    areas: &PlaceAreas,
) -> DbResult<bool> {
    Ok(save(db, id, None, f, areas).await?.is_some())
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
    save(db, id, Some(expected_version), f, areas).await
}

/// One statement for both writes, so the column list and its binds exist
/// once: a new id is inserted (version 1); an existing one is overwritten
/// only when it is at `expected` (never when `expected` is `None`). The
/// public point is the exact one only for precision `exact`, else the
/// label point of the buurt (or wijk).
async fn save(
    db: impl PgExecutor<'_>,
    id: Uuid,
    expected: Option<i32>,
    f: &PlaceFields,
    areas: &PlaceAreas,
) -> DbResult<Option<i32>> {
    let (lon, lat) = f.point.unzip();
    let groups: Vec<String> = f.target_groups.iter().map(|g| g.slug().to_owned()).collect();
    let version = sqlx::query_scalar!(
        r#"
        INSERT INTO places AS p (
            id, name, place_type, category, description, address, postcode,
            location, precision, public_location, wijk_code, buurt_code,
            initiator, target_groups, opening_hours, ground_floor, wheelchair,
            street_visible, no_reception, phone, email, website, founded_year,
            status, closed_on, closing_reason, last_verified, source
        )
        SELECT
            $1, $3, $4, $5, $6, $7, $8,
            pt.g, $11,
            CASE WHEN $11 = 'exact' AND pt.g IS NOT NULL THEN pt.g
                 ELSE (SELECT label_point FROM areas WHERE code = COALESCE($13, $12)) END,
            $12, $13,
            $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
            $25, $26, $27, $28, $29
        FROM (SELECT CASE WHEN $9::float8 IS NULL OR $10::float8 IS NULL THEN NULL
                     ELSE ST_SetSRID(ST_MakePoint($9, $10), 4326) END AS g) pt
        ON CONFLICT (id) DO UPDATE SET
            name = EXCLUDED.name, place_type = EXCLUDED.place_type,
            category = EXCLUDED.category, description = EXCLUDED.description,
            address = EXCLUDED.address, postcode = EXCLUDED.postcode,
            location = EXCLUDED.location, precision = EXCLUDED.precision,
            public_location = EXCLUDED.public_location, wijk_code = EXCLUDED.wijk_code,
            buurt_code = EXCLUDED.buurt_code, initiator = EXCLUDED.initiator,
            target_groups = EXCLUDED.target_groups, opening_hours = EXCLUDED.opening_hours,
            ground_floor = EXCLUDED.ground_floor, wheelchair = EXCLUDED.wheelchair,
            street_visible = EXCLUDED.street_visible, no_reception = EXCLUDED.no_reception,
            phone = EXCLUDED.phone, email = EXCLUDED.email, website = EXCLUDED.website,
            founded_year = EXCLUDED.founded_year, status = EXCLUDED.status,
            closed_on = EXCLUDED.closed_on, closing_reason = EXCLUDED.closing_reason,
            last_verified = EXCLUDED.last_verified, source = EXCLUDED.source,
            updated_at = now(), version = p.version + 1
        WHERE p.version = $2
        RETURNING p.version
        "#,
        id,
        expected,
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

/// Records that a place came in by an import (now: the import's
/// transaction time), for the baseline of "new since" in the overview.
pub async fn mark_imported(db: impl PgExecutor<'_>, id: Uuid) -> DbResult<()> {
    mark_imported_all(db, &[id]).await
}

/// [`mark_imported`] for many places in one statement.
pub async fn mark_imported_all(db: impl PgExecutor<'_>, ids: &[Uuid]) -> DbResult<()> {
    sqlx::query!(
        "INSERT INTO imported_places (place_id) SELECT unnest($1::uuid[]) ON CONFLICT DO NOTHING",
        ids
    )
    .execute(db)
    .await?;
    Ok(())
}
