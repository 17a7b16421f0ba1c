//! The HTTP conventions of the read-only API: JSON with a weak `ETag` and
//! `Last-Modified`, `304 Not Modified` on a matching `If-None-Match`, CORS
//! for any origin (GET and OPTIONS) and a per-client rate limit with `429`
//! and `Retry-After`.

use std::hash::{DefaultHasher, Hasher};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use tower_http::cors::{Any, CorsLayer};

use crate::error::{ErrorPage, UserMessage};
use crate::web::session;

/// How long clients and shared caches may reuse an answer without asking.
const MAX_AGE: &str = "public, max-age=60";

/// A weak entity tag of a body: the same bytes, the same tag, whatever the
/// compression on the way (hence weak).
fn etag(body: &[u8]) -> HeaderValue {
    let mut h = DefaultHasher::new();
    h.write(body);
    HeaderValue::from_str(&format!("W/\"{:016x}\"", h.finish())).expect("hex is a valid header")
}

/// An HTTP date (`Tue, 01 Dec 2026 12:00:00 GMT`).
fn http_date(t: DateTime<Utc>) -> HeaderValue {
    HeaderValue::from_str(&t.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
        .expect("a date is a valid header")
}

/// A JSON answer with its validators. `last_modified`: the latest change
/// of what the body shows, when known.
pub fn json(body: Vec<u8>, last_modified: Option<DateTime<Utc>>) -> Response {
    json_typed(body, last_modified, "application/json")
}

/// [`json`] with another media type (`application/geo+json`, ...).
pub fn json_typed(
    body: Vec<u8>,
    last_modified: Option<DateTime<Utc>>,
    content_type: &'static str,
) -> Response {
    let tag = etag(&body);
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::ETAG, tag);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(MAX_AGE));
    if let Some(t) = last_modified {
        headers.insert(header::LAST_MODIFIED, http_date(t));
    }
    response
}

/// A streamed answer (NDJSON): no validators, since the body is not known
/// before it is sent, and `no-store`, so neither the page cache nor a proxy
/// holds a whole country's data.
pub fn stream(body: Body, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Whether an `If-None-Match` value matches the tag (weak comparison).
fn matches(if_none_match: &str, tag: &str) -> bool {
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    let tag = opaque(tag);
    if_none_match.split(',').any(|t| t.trim() == "*" || opaque(t) == tag)
}

/// Turns a 200 under `/api/` into `304 Not Modified` when the request's
/// `If-None-Match` names its `ETag`. Outside the page cache, so a kept
/// answer is validated too.
pub async fn not_modified(req: Request, next: Next) -> Response {
    let asked = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .filter(|_| req.uri().path().starts_with("/api/"))
        .filter(|_| matches!(*req.method(), Method::GET | Method::HEAD));
    let response = next.run(req).await;
    let Some(asked) = asked else { return response };
    let tag = response.headers().get(header::ETAG).and_then(|v| v.to_str().ok());
    if response.status() != StatusCode::OK || !tag.is_some_and(|t| matches(&asked, t)) {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    parts.status = StatusCode::NOT_MODIFIED;
    // A 304 repeats the validators and caching headers, not the body's.
    for name in [header::CONTENT_LENGTH, header::CONTENT_TYPE, header::CONTENT_ENCODING] {
        parts.headers.remove(name);
    }
    Response::from_parts(parts, Body::empty())
}

/// Any origin may read the API (it is public and anonymous; `*` also
/// means browsers send no cookies), with GET and OPTIONS only.
pub fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::OPTIONS])
        .allow_headers([header::IF_NONE_MATCH, header::IF_MODIFIED_SINCE, header::ACCEPT])
        .expose_headers([header::ETAG, header::LAST_MODIFIED, header::RETRY_AFTER])
        .max_age(Duration::from_secs(24 * 3600))
}

/// The per-client limit of API requests (`HAARVATEN_API_RATE_PER_MINUTE`):
/// that many a minute, a tenth of it at once. Clients are told apart as
/// the login limit does (`session::client_ip`).
pub struct RateLimit {
    limiter: Option<DefaultKeyedRateLimiter<String>>,
    trusted_proxy: bool,
    seen: AtomicU64,
}

impl RateLimit {
    /// `per_minute = 0`: no limit.
    pub fn new(per_minute: u32, trusted_proxy: bool) -> Arc<Self> {
        let limiter = NonZeroU32::new(per_minute).map(|n| {
            let burst = NonZeroU32::new((per_minute / 10).max(1)).unwrap_or(n);
            RateLimiter::keyed(Quota::per_minute(n).allow_burst(burst))
        });
        Arc::new(Self { limiter, trusted_proxy, seen: AtomicU64::new(0) })
    }
}

/// Every this many requests, clients that are back to a full allowance
/// are forgotten, so the table does not grow with every address seen.
const FORGET_EVERY: u64 = 4096;

pub async fn rate_limit(State(limit): State<Arc<RateLimit>>, req: Request, next: Next) -> Response {
    let Some(limiter) = &limit.limiter else { return next.run(req).await };
    let (parts, body) = req.into_parts();
    let client = session::client_ip(&parts, limit.trusted_proxy);
    if limit.seen.fetch_add(1, Ordering::Relaxed) % FORGET_EVERY == FORGET_EVERY - 1 {
        limiter.retain_recent();
        limiter.shrink_to_fit();
    }
    match limiter.check_key(&client) {
        Ok(()) => next.run(Request::from_parts(parts, body)).await,
        Err(not_until) => {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            let seconds = seconds.max(1);
            let mut response = StatusCode::TOO_MANY_REQUESTS.into_response();
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            response.extensions_mut().insert(ErrorPage {
                message: Some(UserMessage::new("api-error-rate").arg("seconds", seconds)),
                reference: None,
            });
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_compares_weakly() {
        assert!(matches("W/\"abc\"", "W/\"abc\""));
        assert!(matches("\"abc\"", "W/\"abc\""));
        assert!(matches("\"x\", W/\"abc\"", "W/\"abc\""));
        assert!(matches("*", "W/\"abc\""));
        assert!(!matches("W/\"abd\"", "W/\"abc\""));
    }

    #[test]
    fn the_same_body_has_the_same_tag() {
        assert_eq!(etag(b"{}"), etag(b"{}"));
        assert_ne!(etag(b"{}"), etag(b"[]"));
    }
}
