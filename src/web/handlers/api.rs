//! The public, read-only API under `/api/`: here the GeoJSON for the map
//! (places in a bounding box, clustered on a grid when there are many, and
//! wijk outlines); the Open Referral HSDS 3.0 API in [`hsds`], its
//! parameters in [`params`], the OpenAPI description and the `/api` page
//! in [`docs`], and the HTTP conventions of all of it (validators, CORS,
//! rate limit) in [`http`]. Errors are JSON (`{"error": "..."}`),
//! rendered by the `error_pages` middleware.

pub mod docs;
pub mod hsds;
pub mod http;
pub mod params;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::db::wijken;
use crate::domain::area::{AreaLevel, CbsCode};
use crate::domain::opening_hours::OpeningHours;
use crate::domain::place::PlaceType;
use crate::error::{AppError, AppResult, UserMessage};
use crate::web::extractors::{Query, ReadDb};
use crate::web::handlers::public::{FilterParams, OpenNow};
use crate::web::map_data::{self, TypeLabels};
use crate::web::page_cache::mark_time_dependent;
use crate::web::state::AppState;
use crate::web::templates::PageContext;

/// Above this many places in the box, grid clusters are sent instead.
pub const MAX_POINTS: usize = 1500;
/// Grid cells across the width of the box when clustering.
const GRID_CELLS: f64 = 40.0;

#[derive(Debug, Deserialize)]
pub struct PlacesParams {
    bbox: Option<String>,
    zoom: Option<String>,
    #[serde(flatten)]
    filters: FilterParams,
}

/// Parses `minlon,minlat,maxlon,maxlat` in WGS84.
pub fn parse_bbox(raw: Option<&str>) -> AppResult<[f64; 4]> {
    let bad = |key: &'static str| AppError::BadRequest(UserMessage::new(key));
    let raw =
        raw.map(str::trim).filter(|s| !s.is_empty()).ok_or_else(|| bad("error-bbox-missing"))?;
    let parts: Vec<&str> = raw.split(',').map(str::trim).collect();
    if parts.len() != 4 {
        return Err(AppError::BadRequest(
            UserMessage::new("error-bbox-count").arg("count", parts.len()),
        ));
    }
    let mut b = [0.0; 4];
    for (slot, part) in b.iter_mut().zip(&parts) {
        *slot = part.parse::<f64>().ok().filter(|x| x.is_finite()).ok_or_else(|| {
            AppError::BadRequest(
                UserMessage::new("error-bbox-number")
                    .arg("value", part.chars().take(30).collect::<String>()),
            )
        })?;
    }
    let [minlon, minlat, maxlon, maxlat] = b;
    if !(-180.0..=180.0).contains(&minlon)
        || !(-180.0..=180.0).contains(&maxlon)
        || !(-90.0..=90.0).contains(&minlat)
        || !(-90.0..=90.0).contains(&maxlat)
    {
        return Err(bad("error-bbox-range"));
    }
    if minlon > maxlon || minlat > maxlat {
        return Err(bad("error-bbox-order"));
    }
    Ok(b)
}

fn parse_zoom(raw: Option<&str>) -> AppResult<Option<u8>> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s.parse::<u8>().ok().filter(|z| *z <= 24).map(Some).ok_or_else(|| {
            AppError::BadRequest(
                UserMessage::new("error-zoom").arg("value", s.chars().take(30).collect::<String>()),
            )
        }),
    }
}

fn geojson_response(body: String) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/geo+json"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60"));
    response
}

/// `/api/plekken.geojson?bbox=…&zoom=…&<filters of /zoeken>`: see
/// [`crate::web::map_data`].
pub async fn places(
    ctx: PageContext,
    State(state): State<AppState>,
    Query(params): Query<PlacesParams>,
) -> AppResult<Response> {
    let bbox = parse_bbox(params.bbox.as_deref())?;
    let _zoom = parse_zoom(params.zoom.as_deref())?;
    let parsed = params.filters.parse()?;
    let filter = &parsed.filter;
    let width = bbox[2] - bbox[0];
    let height = bbox[3] - bbox[1];
    // Square cells a fortieth of the box: about 40 × 25 bubbles at most.
    let cell = (width.max(height * 1.6) / GRID_CELLS).max(1e-6);
    let data = map_data::points_for(&state, filter, bbox).await?;
    let mut open = filter.open_now.then(|| OpenNow::new(OpeningHours::now_local()));
    let labels: TypeLabels = PlaceType::ALL
        .iter()
        .map(|t| ctx.t(&t.label_key()))
        .collect::<Vec<_>>()
        .try_into()
        .unwrap_or_default();
    let body = data.geojson(bbox, MAX_POINTS, cell, open.as_mut(), &labels);
    // Only "open now" depends on the minute; all else on the data alone.
    Ok(mark_time_dependent(geojson_response(body), filter.open_now))
}

#[derive(Debug, Deserialize)]
pub struct OutlinesParams {
    gemeente: Option<String>,
}

/// `/api/wijken.geojson?gemeente=GM0599`: all wijk outlines of a gemeente.
pub async fn wijk_outlines(
    ReadDb(db): ReadDb,
    Query(params): Query<OutlinesParams>,
) -> AppResult<Response> {
    let raw = params.gemeente.unwrap_or_default();
    let code =
        CbsCode::parse(&raw).filter(|c| c.level() == AreaLevel::Gemeente).ok_or_else(|| {
            AppError::BadRequest(
                UserMessage::new("error-filter-gemeente")
                    .arg("value", raw.chars().take(40).collect::<String>()),
            )
        })?;
    Ok(geojson_response(wijken::outlines_geojson(&db, code.as_str()).await?))
}

/// `/api/wijken/{code}/grens.geojson`: one wijk's (or buurt's) outline.
pub async fn wijk_outline(ReadDb(db): ReadDb, Path(code): Path<String>) -> AppResult<Response> {
    let code = CbsCode::parse(&code)
        .filter(|c| matches!(c.level(), AreaLevel::Wijk | AreaLevel::Buurt))
        .ok_or(AppError::NotFound)?;
    let body = wijken::outline_geojson(&db, code.as_str()).await?.ok_or(AppError::NotFound)?;
    Ok(geojson_response(body))
}
