//! `/in-de-buurt`: "Zoek in de buurt van een adres of postcode". The typed
//! address, postcode, street or town is found with the geocoder; the
//! public places nearest to it are listed by distance as the crow flies
//! (metres shown) with the map, without JavaScript. With JavaScript,
//! "in de buurt van mij" sends the browser's location as `lon`/`lat`
//! (`js/near-me.js`). Distances are to `public_location` only, so a
//! private place is never nearer than the middle of its buurt.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::db::places::{self, NearPlace};
use crate::domain::opening_hours::OpeningHours;
use crate::error::{AppError, AppResult};
use crate::web::extractors::Query;
use crate::web::handlers::public::{FilterParams, ListItem, MapView, OpenNow};
use crate::web::state::AppState;
use crate::web::templates::PageContext;

/// Places shown: a walk's worth of choice, on one page.
const SHOWN: usize = 25;
/// With "open now" (decided in Rust) more are read, then filtered.
const READ_OPEN_NOW: i64 = 200;
const MAX_ADDRESS_CHARS: usize = 120;
/// Other matches of the typed text offered as links.
const ALTERNATIVES: usize = 4;

#[derive(Debug, Default, Deserialize)]
pub struct NearParams {
    adres: Option<String>,
    lon: Option<String>,
    lat: Option<String>,
    #[serde(rename = "type")]
    place_type: Option<String>,
    open_nu: Option<String>,
    opgeheven: Option<String>,
}

/// Another place the typed text could mean.
pub struct Alternative {
    pub label: String,
    pub url: String,
}

/// What `public/_map.html` reads (`list.map`).
pub struct NearList {
    pub map: MapView,
    pub items: Vec<ListItem>,
}

#[derive(Template)]
#[template(path = "near/index.html")]
struct NearPage {
    ctx: PageContext,
    /// The form's field, as typed.
    near_adres: String,
    /// The message next to the field; empty when none.
    near_error: String,
    /// "In de buurt van Coolsingel 40, 3011AD Rotterdam".
    heading: Option<String>,
    alternatives: Vec<Alternative>,
    list: NearList,
    searched: bool,
}

/// `lon`/`lat` as given by the browser: both or neither, inside the
/// Netherlands (with a margin).
fn parse_point(params: &NearParams) -> AppResult<Option<(f64, f64)>> {
    let value = |v: &Option<String>| {
        v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
    };
    match (value(&params.lon), value(&params.lat)) {
        (None, None) => Ok(None),
        (Some(lon), Some(lat)) => {
            let lon = lon.replace(',', ".").parse::<f64>().ok();
            let lat = lat.replace(',', ".").parse::<f64>().ok();
            match lon.zip(lat) {
                Some((x, y)) if (3.0..=7.5).contains(&x) && (50.5..=53.8).contains(&y) => {
                    Ok(Some((x, y)))
                }
                _ => Err(AppError::bad_request("near-error-point")),
            }
        }
        _ => Err(AppError::bad_request("near-error-point")),
    }
}

/// "350 m" or "1,2 km"; "ongeveer …" when measured to the buurt's middle.
fn distance_text(ctx: &PageContext, near: &NearPlace) -> String {
    let d = if near.metres < 1_000.0 {
        // Ten metres are as precise as a walk needs.
        let m = ((near.metres / 10.0).round() * 10.0) as i64;
        ctx.t1("near-metres", "m", ctx.int(&m))
    } else {
        ctx.t1("near-km", "km", ctx.dec1(&(near.metres / 1_000.0)))
    };
    ctx.t1(if near.exact { "near-distance" } else { "near-distance-approx" }, "distance", d)
}

/// A box around the origin that holds the places shown (0.4 to 5 km).
fn bounds_around(lon: f64, lat: f64, shown: &[NearPlace]) -> String {
    let radius = shown.iter().map(|n| n.metres).fold(400.0_f64, f64::max).min(5_000.0);
    let dlat = radius / 111_320.0;
    let dlon = radius / (111_320.0 * lat.to_radians().cos());
    format!("{:.5},{:.5},{:.5},{:.5}", lon - dlon, lat - dlat, lon + dlon, lat + dlat)
}

pub async fn page(
    ctx: PageContext,
    State(state): State<AppState>,
    Query(params): Query<NearParams>,
) -> AppResult<Response> {
    let filters = FilterParams {
        place_type: params.place_type.clone(),
        open_nu: params.open_nu.clone(),
        opgeheven: params.opgeheven.clone(),
        ..Default::default()
    }
    .parse()?;
    let typed: String = params
        .adres
        .as_deref()
        .map(str::trim)
        .unwrap_or_default()
        .chars()
        .take(MAX_ADDRESS_CHARS)
        .collect();
    let point = parse_point(&params)?;
    let mut alternatives = Vec::new();
    let mut status = StatusCode::OK;
    let mut error = String::new();
    let origin = match (point, typed.is_empty()) {
        (Some((lon, lat)), _) => {
            let label = if typed.is_empty() { ctx.t("near-your-location") } else { typed.clone() };
            Some((lon, lat, label))
        }
        (None, true) => None,
        (None, false) => match &state.geocoder {
            None => {
                status = StatusCode::SERVICE_UNAVAILABLE;
                error = ctx.t("near-unavailable");
                None
            }
            Some(geocoder) => match geocoder.find_area(&state.db, &typed).await {
                Ok(found) if !found.is_empty() => {
                    let extra = &found[1..found.len().min(ALTERNATIVES + 1)];
                    alternatives = extra
                        .iter()
                        .map(|c| Alternative {
                            label: c.label.clone(),
                            url: near_url(&c.label, c.lon, c.lat, &filters.pairs()),
                        })
                        .collect();
                    Some((found[0].lon, found[0].lat, found[0].label.clone()))
                }
                Ok(_) => {
                    status = StatusCode::UNPROCESSABLE_ENTITY;
                    error = ctx.t("near-not-found");
                    None
                }
                Err(e) => {
                    tracing::warn!(error = %e, "finding the address to search near failed");
                    status = StatusCode::SERVICE_UNAVAILABLE;
                    error = ctx.t("near-unavailable");
                    None
                }
            },
        },
    };

    let mut shown: Vec<NearPlace> = Vec::new();
    let mut bounds = String::new();
    if let Some((lon, lat, _)) = &origin {
        let f = &filters.filter;
        let read = if f.open_now { READ_OPEN_NOW } else { SHOWN as i64 };
        let found = places::nearest(&state.db, f, *lon, *lat, read).await?;
        let mut open = OpenNow::new(OpeningHours::now_local());
        shown = found
            .into_iter()
            .filter(|n| !f.open_now || open.is_open(n.place.status, &n.place.opening_hours))
            .take(SHOWN)
            .collect();
        bounds = bounds_around(*lon, *lat, &shown);
    }
    let mut open = OpenNow::new(OpeningHours::now_local());
    let items = shown
        .iter()
        .map(|n| ListItem {
            distance: Some(distance_text(&ctx, n)),
            ..ListItem::new(&ctx, &n.place, &mut open)
        })
        .collect();
    let qs = serde_urlencoded::to_string(filters.pairs()).unwrap_or_default();
    let map = MapView {
        places_url: if qs.is_empty() {
            "/api/plekken.geojson".into()
        } else {
            format!("/api/plekken.geojson?{qs}")
        },
        outlines_url: String::new(),
        bounds,
    };
    let page = NearPage {
        near_adres: typed,
        near_error: error,
        heading: origin.as_ref().map(|(_, _, label)| ctx.t1("near-heading", "place", label)),
        alternatives,
        searched: origin.is_some(),
        list: NearList { map, items },
        ctx,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The near page for a point found earlier, keeping the filters.
fn near_url(label: &str, lon: f64, lat: f64, filters: &[(&'static str, String)]) -> String {
    let mut pairs: Vec<(&str, String)> = vec![
        ("adres", label.to_owned()),
        ("lon", format!("{lon:.6}")),
        ("lat", format!("{lat:.6}")),
    ];
    pairs.extend(filters.iter().map(|(k, v)| (*k, v.clone())));
    format!("/in-de-buurt?{}", serde_urlencoded::to_string(pairs).unwrap_or_default())
}
