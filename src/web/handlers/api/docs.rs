//! The description of the API: `/api/openapi.json` (OpenAPI 3.1, kept in
//! `docs/openapi.json`; a test checks it against the router and the
//! OpenAPI schema) and `/api`, the page that says in plain words what the
//! API offers and links the description.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::http;
use super::params::MAX_PER_PAGE;
use crate::config::Config;
use crate::error::AppResult;
use crate::web::templates::{PageContext, render};

/// The OpenAPI document, as written.
pub const OPENAPI: &str = include_str!("../../../../docs/openapi.json");

/// `/api/openapi.json`.
pub async fn openapi() -> Response {
    http::json(OPENAPI.as_bytes().to_vec(), None)
}

/// One endpoint on the `/api` page: an example address and what it gives.
pub struct Endpoint {
    pub example: &'static str,
    pub key: &'static str,
}

const ENDPOINTS: &[Endpoint] = &[
    Endpoint { example: "/api/hsds/", key: "api-endpoint-meta" },
    Endpoint { example: "/api/hsds/services?per_page=10", key: "api-endpoint-services" },
    Endpoint { example: "/api/hsds/organizations?per_page=10", key: "api-endpoint-organizations" },
    Endpoint {
        example: "/api/hsds/service_at_locations?per_page=10",
        key: "api-endpoint-service-at-locations",
    },
    Endpoint { example: "/api/hsds/taxonomies", key: "api-endpoint-taxonomies" },
    Endpoint { example: "/api/hsds/taxonomy_terms", key: "api-endpoint-taxonomy-terms" },
    Endpoint {
        example: "/api/plekken.geojson?bbox=4.40,51.88,4.56,51.96",
        key: "api-endpoint-map",
    },
    Endpoint { example: "/api/openapi.json", key: "api-endpoint-openapi" },
];

#[derive(Template)]
#[template(path = "api/index.html")]
struct ApiPage {
    ctx: PageContext,
    endpoints: &'static [Endpoint],
    max_per_page: i64,
    per_minute: u32,
}

/// `/api`: what the API offers, for people.
pub async fn page(ctx: PageContext, State(config): State<Arc<Config>>) -> AppResult<Response> {
    render(&ApiPage {
        ctx,
        endpoints: ENDPOINTS,
        max_per_page: MAX_PER_PAGE,
        per_minute: config.api_rate_per_minute,
    })
}
