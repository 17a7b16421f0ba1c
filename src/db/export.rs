//! The rows of the exports (CSV, XLSX, GeoJSON, HSDS file) and the HSDS
//! API: which places, redacted as the public view says, streamed row by row.

use futures_util::stream::BoxStream;
use futures_util::{StreamExt, TryStreamExt};
use sqlx::PgExecutor;
use uuid::Uuid;

use super::DbResult;
use crate::db::places::place_fields;
use crate::domain::place::{
    Initiator, PlaceFields, PlaceStatus, PlaceType, Precision, TargetGroup,
};
use crate::domain::place_field::PlaceField;
use crate::domain::population::Population;

/// Which places an export holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportQuery {
    /// `None`: every gemeente (a national export).
    pub gemeente: Option<String>,
    /// Empty: every wijk of the gemeente.
    pub wijken: Vec<String>,
    /// Also places with status `opgeheven`.
    pub include_closed: bool,
    /// Exact address and point for every place (gemeente role only). When
    /// false, places with `straat`/`buurt` precision get no postcode and
    /// their public (buurt) point; `straat` shows the street without house
    /// number, `buurt` no address (the view, migration 0051).
    pub protected: bool,
    /// What the HSDS API narrows the rows to; nothing for a file export.
    pub narrow: super::hsds::Narrowing,
}

/// One place as an export row. Already redacted by [`export_places`]
/// according to [`ExportQuery::protected`]; hidden places never appear.
/// Its fields are a [`PlaceFields`] (through `Deref`: `place.phone`), so the
/// field list is written once; `fields.point` is the point the export
/// shows, split into `lon`/`lat` as for [`crate::db::places::PlaceRecord`].
#[derive(Debug, Clone)]
pub struct ExportPlace {
    pub id: Uuid,
    pub fields: PlaceFields,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub gemeente_code: String,
    pub gemeente_name: String,
    pub wijk_code: String,
    pub wijk_name: String,
    pub buurt_code: Option<String>,
    pub buurt_name: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl std::ops::Deref for ExportPlace {
    type Target = PlaceFields;

    fn deref(&self) -> &PlaceFields {
        &self.fields
    }
}

/// The export rows, ordered by wijk code, then name, streamed from the
/// database row by row so memory stays flat however many places match.
/// Every row comes from `hv_export_rows` over `public_places` (migrations
/// 0050, 0170), so hidden places are absent and the address and point are
/// redacted as for any visitor. A page of them: [`super::hsds::export_page`].
/// Only a protected export (the caller checked the role) adds the exact
/// address, postcode and point, read from the table in the `staff_only`
/// join, which joins nothing otherwise.
pub fn export_places<'e>(
    db: impl PgExecutor<'e> + 'e,
    q: &'e ExportQuery,
) -> BoxStream<'e, DbResult<ExportPlace>> {
    sqlx::query!(
        r#"
        SELECT p.id AS "id!", p.name AS "name!", p.place_type AS "place_type!: PlaceType",
               p.category AS "category!", p.description AS "description!",
               p.status AS "status!: PlaceStatus",
               COALESCE(w.parent_code, '') AS "gemeente_code!",
               COALESCE(g.name, w.parent_code, '') AS "gemeente_name!",
               p.wijk_code AS "wijk_code!", w.name AS wijk_name,
               p.buurt_code, b.name AS "buurt_name?",
               COALESCE(staff_only.address, p.address) AS "address!",
               COALESCE(staff_only.postcode, p.postcode) AS "postcode!",
               ST_X(CASE WHEN $4 THEN staff_only.location ELSE p.public_location END) AS lon,
               ST_Y(CASE WHEN $4 THEN staff_only.location ELSE p.public_location END) AS lat,
               p.precision AS "precision!: Precision", p.initiator AS "initiator!: Initiator",
               p.target_groups AS "target_groups!: Vec<TargetGroup>",
               p.opening_hours AS "opening_hours!",
               p.ground_floor, p.wheelchair, p.street_visible, p.no_reception,
               p.phone AS "phone!", p.email AS "email!", p.website AS "website!",
               p.founded_year, p.closed_on, p.closing_reason AS "closing_reason!",
               p.last_verified, p.created_at AS "created_at!", p.updated_at AS "updated_at!",
               -- The view keeps the source to itself; exports have no such column.
               '' AS "source!"
        FROM hv_export_rows($1, $2, $3, $5, $6, $7, $8, $9) p
        JOIN areas w ON w.code = p.wijk_code
        LEFT JOIN areas g ON g.code = w.parent_code
        LEFT JOIN areas b ON b.code = p.buurt_code
        LEFT JOIN places staff_only ON $4 AND staff_only.id = p.id
        ORDER BY p.wijk_code, lower(p.name), p.id
        "#,
        q.gemeente.as_deref(),
        &q.wijken,
        q.include_closed,
        q.protected,
        q.narrow.sql(),
        q.narrow.modified_after,
        q.narrow.bbox.as_ref().map(|b| b.as_slice()),
        q.narrow.fact.map(PlaceField::name),
        &q.narrow.places,
    )
    .fetch(db)
    .map_ok(|r| ExportPlace {
        id: r.id,
        lon: r.lon,
        lat: r.lat,
        fields: place_fields!(r),
        gemeente_code: r.gemeente_code,
        gemeente_name: r.gemeente_name,
        wijk_code: r.wijk_code,
        wijk_name: r.wijk_name,
        buurt_code: r.buurt_code,
        buurt_name: r.buurt_name,
        created_at: r.created_at,
        updated_at: r.updated_at,
    })
    .boxed()
}

/// How many places [`export_places`] returns without its page (for HSDS's
/// page header).
pub async fn export_count(db: impl PgExecutor<'_>, q: &ExportQuery) -> DbResult<i64> {
    if let Some(filter) = q.narrow.filter.as_ref().filter(|_| q.narrow.only_list_filters())
        && q.gemeente.is_none()
        && q.wijken.is_empty()
    {
        return Ok(super::places::count_matches(db, filter, i64::MAX).await?.total);
    }
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM hv_export_rows($1, $2, $3, $4, $5, $6, $7, $8)"#,
        q.gemeente.as_deref(),
        &q.wijken,
        q.include_closed,
        q.narrow.sql(),
        q.narrow.modified_after,
        q.narrow.bbox.as_ref().map(|b| b.as_slice()),
        q.narrow.fact.map(PlaceField::name),
        &q.narrow.places,
    )
    .fetch_one(db)
    .await
}

/// A wijk in scope of an export, with its population for the XLSX summary.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportWijk {
    pub code: String,
    pub name: String,
    pub inhabitants: Option<i64>,
    /// The figure with its coverage (docs/import.md).
    pub population: Population,
}

/// The wijken in scope of an export, by code.
pub async fn export_wijken(db: impl PgExecutor<'_>, q: &ExportQuery) -> DbResult<Vec<ExportWijk>> {
    let rows = sqlx::query!(
        r#"
        SELECT code, name, inhabitants::int8 AS inhabitants,
               population_buurten::int8 AS buurten, population_buurten_known::int8 AS known,
               population_coverage AS coverage
        FROM areas
        WHERE level = 'wijk'
          AND ($1::text IS NULL OR parent_code = $1)
          AND (cardinality($2::text[]) = 0 OR code = ANY ($2))
        ORDER BY code
        "#,
        q.gemeente.as_deref(),
        &q.wijken,
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ExportWijk {
            code: r.code,
            name: r.name,
            inhabitants: r.inhabitants,
            population: Population::new(r.inhabitants, r.buurten, r.known, r.coverage),
        })
        .collect())
}
