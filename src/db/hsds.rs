//! What the HSDS API reads besides the export's rows (`db::overview`): the
//! filters and page it narrows them to, and the place a part's id
//! (`/services/{id}`, ...) belongs to. Public places only: the rows come
//! from `hv_public_search`, the lookups from `public_places`.

use futures_util::TryStreamExt;
use sqlx::{PgExecutor, PgPool};
use uuid::Uuid;

use super::DbResult;
use super::export::{ExportPlace, ExportQuery, export_places};
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
    /// Only these places (an organization id, or the ids of one page);
    /// empty: any place.
    pub places: Vec<Uuid>,
    /// `(limit, offset)` for [`export_page`]; `None`: every row.
    pub page: Option<(i64, i64)>,
}

impl Narrowing {
    /// The `hv_public_search` filter: the API's, or none at all.
    pub(super) fn sql(&self) -> serde_json::Value {
        let all = PlaceFilter { include_closed: true, ..PlaceFilter::default() };
        self.filter.as_ref().unwrap_or(&all).sql()
    }

    /// `Some(include_closed)` when nothing narrows the list but whether
    /// closed places count.
    fn plain(&self) -> Option<bool> {
        let filter = self.filter.as_ref()?;
        let plain = PlaceFilter { include_closed: filter.include_closed, ..PlaceFilter::default() };
        (*filter == plain && self.only_list_filters()).then_some(filter.include_closed)
    }

    /// Whether only the list filters narrow: then the count can come from
    /// [`crate::db::places::count_matches`], which is instant for the
    /// common filters at any scale.
    pub(super) fn only_list_filters(&self) -> bool {
        self.modified_after.is_none()
            && self.bbox.is_none()
            && self.fact.is_none()
            && self.places.is_empty()
    }
}

impl ExportQuery {
    /// `Some((include_closed, limit, offset))` for a page of the plain
    /// public list (the walk through all services: no gemeente, wijk or
    /// other filter, nothing protected); [`public_order`] can give its
    /// ids. `None` for any other query.
    pub fn plain_page(&self) -> Option<(bool, usize, usize)> {
        let include_closed = self.narrow.plain()?;
        let (limit, offset) = self.narrow.page?;
        let unscoped = self.gemeente.is_none() && self.wijken.is_empty() && !self.protected;
        unscoped.then(|| {
            let count = |n: i64| usize::try_from(n).unwrap_or(0);
            (include_closed, count(limit), count(offset))
        })
    }
}

/// Every public place's id in the export's order, once with closed places
/// and once without: the plain API list's pages are slices of it (kept per
/// data generation by the web layer), where a query would skip up to
/// 100,000 index entries for a deep page and count them all for the total.
#[derive(Debug, Clone)]
pub struct PublicOrder {
    pub all: Vec<Uuid>,
    pub open: Vec<Uuid>,
}

impl PublicOrder {
    pub fn list(&self, include_closed: bool) -> &[Uuid] {
        if include_closed { &self.all } else { &self.open }
    }
}

/// Reads [`PublicOrder`]: an index-only scan of `places_public_order_idx`
/// (migration 0170), the order and rules of `hv_export_rows`.
pub async fn public_order(db: impl PgExecutor<'_>) -> DbResult<PublicOrder> {
    let rows = sqlx::query!(
        r#"
        SELECT p.id AS "id!", p.status = 'opgeheven' AS "closed!"
        FROM public_places p
        ORDER BY p.wijk_code, lower(p.name), p.id
        "#
    )
    .fetch_all(db)
    .await?;
    let mut order = PublicOrder { all: Vec::with_capacity(rows.len()), open: Vec::new() };
    for r in rows {
        order.all.push(r.id);
        if !r.closed {
            order.open.push(r.id);
        }
    }
    Ok(order)
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

/// The public rows of these places, closed ones too, in the export's
/// order: a hidden place is left out whatever the caller knew of it.
pub async fn rows_by_id(db: &PgPool, ids: Vec<Uuid>) -> DbResult<Vec<ExportPlace>> {
    let q = ExportQuery {
        include_closed: true,
        narrow: Narrowing { places: ids, ..Narrowing::default() },
        ..ExportQuery::default()
    };
    export_places(db, &q).try_collect().await
}

/// One page of [`export_places`], for the API's lists. The page's ids come
/// first, in the export's order, from an index-only scan of
/// `places_public_order_idx` (migration 0170): a deep page skips index
/// entries, where `OFFSET` on the export's query joined and projected every
/// skipped row (page 1,001 of the whole country took seconds). Then only
/// those rows are read in full, by id, through the same query and rules.
pub async fn export_page(db: &PgPool, q: &ExportQuery) -> DbResult<Vec<ExportPlace>> {
    let Some((limit, offset)) = q.narrow.page else {
        return export_places(db, q).try_collect().await;
    };
    let ids = sqlx::query_scalar!(
        r#"
        SELECT p.id AS "id!" FROM hv_export_rows($1, $2, $3, $4, $5, $6, $7, $8) p
        ORDER BY p.wijk_code, lower(p.name), p.id
        LIMIT $9 OFFSET $10
        "#,
        q.gemeente.as_deref(),
        &q.wijken,
        q.include_closed,
        q.narrow.sql(),
        q.narrow.modified_after,
        q.narrow.bbox.as_ref().map(|b| b.as_slice()),
        q.narrow.fact.map(PlaceField::name),
        &q.narrow.places,
        limit,
        offset,
    )
    .fetch_all(db)
    .await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let narrow = Narrowing { places: ids, page: None, ..q.narrow.clone() };
    export_places(db, &ExportQuery { narrow, ..q.clone() }).try_collect().await
}
