//! What the HSDS API reads besides the export's rows (`db::overview`): the
//! filters and page it narrows them to, and the place a part's id
//! (`/services/{id}`, ...) belongs to. Public places only: the rows come
//! from `hv_public_search`, the lookups from `public_places`.

use sqlx::PgExecutor;
use uuid::Uuid;

use super::DbResult;
use super::places::PlaceFilter;
use crate::domain::place_field::PlaceField;
use crate::hsds::Part;

/// The HSDS API's filters and page: the API reads the export's rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Narrowing {
    /// The public list's filters (`hv_public_search`); `None`: all places
    /// (closed ones as [`super::export::ExportQuery::include_closed`] says).
    pub filter: Option<PlaceFilter>,
    pub modified_after: Option<chrono::DateTime<chrono::Utc>>,
    /// `minlon, minlat, maxlon, maxlat` around the public point.
    pub bbox: Option<[f64; 4]>,
    /// An accessibility fact (a yes/no field) that must hold.
    pub fact: Option<PlaceField>,
    /// One place (an organization id).
    pub place: Option<Uuid>,
    /// `(limit, offset)`; `None`: every row.
    pub page: Option<(i64, i64)>,
}

impl Narrowing {
    /// The `hv_public_search` filter: the API's, or none at all.
    pub(super) fn sql(&self) -> serde_json::Value {
        let all = PlaceFilter { include_closed: true, ..PlaceFilter::default() };
        self.filter.as_ref().unwrap_or(&all).sql()
    }

    /// Whether only the list filters narrow: then the count can come from
    /// [`crate::db::places::count_matches`], which is instant for the
    /// common filters at any scale.
    pub(super) fn only_list_filters(&self) -> bool {
        self.modified_after.is_none()
            && self.bbox.is_none()
            && self.fact.is_none()
            && self.place.is_none()
    }
}

/// The public place whose `part` has this id (UUID v5 of the place id and
/// the part's name). One branch per part, so each uses its expression
/// index of migration 0090; the others are cut off by their `$2` test.
pub async fn place_of(db: impl PgExecutor<'_>, part: Part, id: Uuid) -> DbResult<Option<Uuid>> {
    sqlx::query_scalar!(
        r#"
        SELECT p.id AS "id!" FROM public_places p
        WHERE $2 = 'service' AND uuid_generate_v5(p.id, 'service') = $1
        UNION ALL
        SELECT p.id FROM public_places p
        WHERE $2 = 'location' AND uuid_generate_v5(p.id, 'location') = $1
        UNION ALL
        SELECT p.id FROM public_places p
        WHERE $2 = 'service_at_location' AND uuid_generate_v5(p.id, 'service_at_location') = $1
        LIMIT 1
        "#,
        id,
        part.name(),
    )
    .fetch_optional(db)
    .await
}
