//! `/api/hsds/…`: the Open Referral HSDS 3.0 API, read-only and anonymous.
//! Services, organizations and services at locations are the objects of
//! `crate::hsds` made from the export's public rows (`db::overview`), so
//! the privacy rules of every public output hold here too; taxonomies and
//! their terms are the closed lists of the domain.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use serde_json::{Value, json};
use sqlx::PgPool;
use uuid::Uuid;

use super::http;
use super::params::{Format, HsdsParams, Paging};
use crate::db::export::{self as export_rows, ExportPlace, ExportQuery};
use crate::db::hsds as db_hsds;
use crate::error::{AppError, AppResult};
use crate::hsds::schedule::Periods;
use crate::hsds::taxonomy::{Taxonomy, Term, all_terms};
use crate::hsds::{Part, Record, VERSION, one_to_one};
use crate::web::extractors::Query;
use crate::web::state::AppState;

/// Where the HSDS profile we follow is described: the core profile.
const PROFILE: &str = "https://docs.openreferral.org/en/latest/hsds/";

/// `/api/hsds/`: the API's meta information.
pub async fn meta(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = match &state.config.public_url {
        Some(url) => url.clone(),
        None => {
            let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
            format!("http://{}", host.unwrap_or("localhost"))
        }
    };
    let body = json!({
        "version": VERSION,
        "profile": PROFILE,
        "openapi_url": format!("{base}/api/openapi.json"),
    });
    let mut response = http::json(body.to_string().into_bytes(), None);
    if state.config.public_url.is_none() {
        // Built from the request's Host: never kept for other visitors.
        response.headers_mut().insert(header::CACHE_CONTROL, "no-store".parse().expect("valid"));
    }
    response
}

/// The three lists made of places.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Services,
    Organizations,
    ServiceAtLocations,
}

impl Kind {
    /// One list item: the one-to-one fields, or with `full` the nested
    /// object the `{id}` endpoint gives.
    fn item(self, r: Record, full: bool, full_service: bool) -> Value {
        match (self, full) {
            (Kind::Services, false) => one_to_one(r.service),
            (Kind::Services, true) => r.service_full(),
            (Kind::Organizations, false) => one_to_one(r.organization),
            (Kind::Organizations, true) => r.organization_full(full_service),
            (Kind::ServiceAtLocations, false) => r.service_at_location,
            (Kind::ServiceAtLocations, true) => r.service_at_location_full(),
        }
    }
}

/// A page as the HSDS API reference has it.
fn page(total: i64, paging: Paging, contents: Vec<Value>) -> Value {
    let total_pages = (total + paging.per_page - 1) / paging.per_page;
    json!({
        "total_items": total,
        "total_pages": total_pages,
        "page_number": paging.page,
        "size": contents.len(),
        "first_page": paging.page == 1,
        "last_page": paging.page >= total_pages,
        "empty": contents.is_empty(),
        "contents": contents,
    })
}

async fn list(state: AppState, params: HsdsParams, kind: Kind) -> AppResult<Response> {
    let db = state.db.clone();
    let (full, full_service) = (params.full()?, params.full_service()?);
    if params.format()? == Format::Ndjson {
        let rows = crate::export::rows(db, params.query(None)?);
        let item = move |r: Record| kind.item(r, full, full_service);
        let bytes = crate::export::hsds::objects(rows, false, item, b"", b"\n");
        return Ok(http::stream(Body::from_stream(bytes), "application/x-ndjson"));
    }
    let paging = params.paging()?;
    let q = params.query(Some(paging))?;
    let (total, rows) = match plain_page(&state, &q).await? {
        Some(page) => page,
        None => {
            tokio::try_join!(export_rows::export_count(&db, &q), db_hsds::export_page(&db, &q))?
        }
    };
    let mut periods = Periods::this_week();
    let contents = rows
        .iter()
        .map(|p| {
            let record = if full {
                Record::new(p, periods.of(&p.opening_hours), false)
            } else {
                Record::one_to_one(p)
            };
            kind.item(record, full, full_service)
        })
        .collect();
    let modified = rows.iter().map(|p| p.updated_at).max();
    Ok(http::json(page(total, paging, contents).to_string().into_bytes(), modified))
}

/// The total and the rows of a page of the plain list (nothing narrows
/// it but closed or not) from the public order kept per data generation;
/// `None` for any other list, or when no kept value can be trusted (no
/// page cache), where the queries of [`db_hsds::export_page`] answer.
async fn plain_page(
    state: &AppState,
    q: &ExportQuery,
) -> AppResult<Option<(i64, Vec<ExportPlace>)>> {
    let Some((include_closed, limit, offset)) = q.plain_page() else {
        return Ok(None);
    };
    if !state.hsds_order.is_trusted(&state.page_cache) {
        return Ok(None);
    }
    let order = state
        .hsds_order
        .get(&state.page_cache, async { db_hsds::public_order(&state.db).await.map(Arc::new) })
        .await?;
    let ids = order.list(include_closed);
    let page: Vec<Uuid> = ids.iter().skip(offset).take(limit).copied().collect();
    if page.is_empty() {
        return Ok(Some((ids.len() as i64, Vec::new())));
    }
    // The ids already hold the list's rules; the rows are read with the
    // public rules again, so a place hidden since is left out.
    Ok(Some((ids.len() as i64, db_hsds::rows_by_id(&state.db, page).await?)))
}

pub async fn services(
    State(state): State<AppState>,
    Query(params): Query<HsdsParams>,
) -> AppResult<Response> {
    list(state, params, Kind::Services).await
}

pub async fn organizations(
    State(state): State<AppState>,
    Query(params): Query<HsdsParams>,
) -> AppResult<Response> {
    list(state, params, Kind::Organizations).await
}

pub async fn service_at_locations(
    State(state): State<AppState>,
    Query(params): Query<HsdsParams>,
) -> AppResult<Response> {
    list(state, params, Kind::ServiceAtLocations).await
}

/// The record of the public place an id belongs to (closed places too:
/// a consumer following a link learns it is defunct); 404 for anything
/// else, hidden places included.
async fn record(db: &PgPool, part: Option<Part>, id: &str) -> AppResult<(Record, ExportPlace)> {
    let id = Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    let place = match part {
        None => id,
        Some(part) => db_hsds::place_of(db, part, id).await?.ok_or(AppError::NotFound)?,
    };
    let row =
        db_hsds::rows_by_id(db, vec![place]).await?.into_iter().next().ok_or(AppError::NotFound)?;
    let record = Record::new(&row, Periods::this_week().of(&row.opening_hours), false);
    Ok((record, row))
}

/// `/api/hsds/services/{id}`: the service with its organization, location
/// and schedules.
pub async fn service(State(db): State<PgPool>, Path(id): Path<String>) -> AppResult<Response> {
    let (r, row) = record(&db, Some(Part::Service), &id).await?;
    Ok(http::json(r.service_full().to_string().into_bytes(), Some(row.updated_at)))
}

/// `/api/hsds/organizations/{id}`; `full_service=true` nests whole services.
pub async fn organization(
    State(db): State<PgPool>,
    Path(id): Path<String>,
    Query(params): Query<HsdsParams>,
) -> AppResult<Response> {
    let full_service = params.full_service()?;
    let (r, row) = record(&db, None, &id).await?;
    let body = r.organization_full(full_service).to_string().into_bytes();
    Ok(http::json(body, Some(row.updated_at)))
}

/// `/api/hsds/service_at_locations/{id}`.
pub async fn service_at_location(
    State(db): State<PgPool>,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let (r, row) = record(&db, Some(Part::ServiceAtLocation), &id).await?;
    Ok(http::json(r.service_at_location_full().to_string().into_bytes(), Some(row.updated_at)))
}

/// Whether `search` (any case) is in one of the object's text fields.
fn found(v: &Value, search: Option<&str>) -> bool {
    let Some(s) = search.map(str::to_lowercase) else { return true };
    ["name", "description", "code"]
        .iter()
        .filter_map(|k| v.get(*k).and_then(Value::as_str))
        .any(|text| text.to_lowercase().contains(&s))
}

/// A page of a short list kept in memory.
fn static_page(items: Vec<Value>, params: &HsdsParams) -> AppResult<Response> {
    let paging = params.paging()?;
    let search = params.search.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let matching: Vec<Value> = items.into_iter().filter(|v| found(v, search)).collect();
    let total = matching.len() as i64;
    let offset = usize::try_from(paging.offset()).unwrap_or(usize::MAX);
    let contents = matching.into_iter().skip(offset).take(paging.per_page as usize).collect();
    Ok(http::json(page(total, paging, contents).to_string().into_bytes(), None))
}

/// `/api/hsds/taxonomies`.
pub async fn taxonomies(Query(params): Query<HsdsParams>) -> AppResult<Response> {
    static_page(Taxonomy::ALL.iter().map(|t| t.json()).collect(), &params)
}

/// `/api/hsds/taxonomies/{id}`.
pub async fn taxonomy(Path(id): Path<String>) -> AppResult<Response> {
    let id = Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    let t = Taxonomy::ALL.into_iter().find(|t| t.id() == id).ok_or(AppError::NotFound)?;
    Ok(http::json(t.json().to_string().into_bytes(), None))
}

/// `/api/hsds/taxonomy_terms`, optionally of one taxonomy (`taxonomy_id`).
/// The taxonomies are flat: every term is a top term without parent.
pub async fn taxonomy_terms(Query(params): Query<HsdsParams>) -> AppResult<Response> {
    let only = params.taxonomy()?;
    let terms = all_terms()
        .into_iter()
        .filter(|t| only.is_none_or(|o| t.taxonomy == o))
        .map(|t| t.json())
        .collect();
    static_page(terms, &params)
}

/// `/api/hsds/taxonomy_terms/{id}`.
pub async fn taxonomy_term(Path(id): Path<String>) -> AppResult<Response> {
    let id = Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    let term = Term::find(id).ok_or(AppError::NotFound)?;
    Ok(http::json(term.json().to_string().into_bytes(), None))
}
