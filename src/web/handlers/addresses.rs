//! `/api/adres?q=`: address suggestions for the place form while typing
//! (`js/address-suggest.js`). The browser asks only this app (the CSP
//! stays `'self'`); the app asks the geocoder, through its cache. The
//! answer holds addresses of the national register only, never anything
//! of a place.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::web::extractors::Query;
use crate::web::state::AppState;

/// Fewer characters than this suggest nothing: "Co" matches half the
/// country and costs the service a question per keystroke.
const MIN_CHARS: usize = 3;

#[derive(Debug, Deserialize)]
pub struct SuggestParams {
    q: Option<String>,
}

/// One suggestion, with what the form fields take.
#[derive(Debug, Serialize)]
pub struct Suggestion {
    pub id: String,
    pub label: String,
    /// Street and house number, for the address field.
    pub adres: String,
    pub postcode: String,
    pub lon: f64,
    pub lat: f64,
}

#[derive(Debug, Serialize)]
pub struct Suggestions {
    pub adressen: Vec<Suggestion>,
    /// False when the geocoder is off or did not answer: the form then
    /// works as without JavaScript.
    pub beschikbaar: bool,
}

pub async fn suggest(
    State(state): State<AppState>,
    Query(params): Query<SuggestParams>,
) -> Response {
    let q = params.q.unwrap_or_default();
    let answer = match &state.geocoder {
        None => Suggestions { adressen: Vec::new(), beschikbaar: false },
        Some(_) if q.trim().chars().count() < MIN_CHARS => {
            Suggestions { adressen: Vec::new(), beschikbaar: true }
        }
        Some(geocoder) => match geocoder.suggest(&state.db, &q).await {
            Ok(found) => Suggestions {
                adressen: found
                    .into_iter()
                    .filter_map(|c| {
                        Some(Suggestion {
                            adres: c.street_address()?,
                            postcode: c.postcode.clone().unwrap_or_default(),
                            id: c.id,
                            label: c.label,
                            lon: c.lon,
                            lat: c.lat,
                        })
                    })
                    .collect(),
                beschikbaar: true,
            },
            Err(e) => {
                tracing::warn!(error = %e, "address suggestions failed");
                Suggestions { adressen: Vec::new(), beschikbaar: false }
            }
        },
    };
    let mut response = Json(answer).into_response();
    // The same letters give the same addresses for everyone.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    response
}
