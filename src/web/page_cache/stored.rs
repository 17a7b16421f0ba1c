//! What the page cache keeps and for which requests: the cacheable
//! targets, the encoding class of a request, and a response collected
//! into a [`StoredPage`] (or handed back when it may not be kept).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, Uri, header};
use axum::response::Response;
use futures_util::StreamExt;

use super::{Key, TimeDependent};

/// Larger bodies (a national GeoJSON without bbox) are served but not kept,
/// so that a few of them cannot push every page out.
const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;
/// Longer queries are most likely not a page anyone asks for twice.
const MAX_QUERY_BYTES: usize = 512;

pub(super) const STATIC_PREFIX: &str = "/static/";

/// Per header: `HeaderValue` and `Bucket` in the map, the index slot.
const HEADER_OVERHEAD: usize = 96;
/// `StoredPage`, `HeaderMap`, the `Arc`, the key and moka's entry and
/// deque nodes.
const ENTRY_OVERHEAD: usize = 512;

const X_CACHE: HeaderName = HeaderName::from_static("x-cache");
/// How long a kept page is used: `minute` (it says what is open now) or
/// `data` (until the data changes). For operators and the tests.
const X_CACHE_SCOPE: HeaderName = HeaderName::from_static("x-cache-scope");

/// A response as kept: status, headers and the whole (compressed) body.
pub(super) struct StoredPage {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    /// For a [`TimeDependent`] page, the minute it was rendered in.
    minute: Option<u64>,
}

/// The encoding class of the key: what the client accepts, at its best.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Encoding {
    Br,
    Gzip,
    Identity,
}

/// The public pages and map data anonymous visitors load most.
pub(super) fn is_cacheable_target(uri: &Uri) -> bool {
    if uri.query().is_some_and(|q| q.len() > MAX_QUERY_BYTES) {
        return false;
    }
    let path = uri.path();
    if path.starts_with(STATIC_PREFIX) {
        return true;
    }
    // The HSDS API and its description: the same for every client. An
    // NDJSON walk says `no-store` and is passed on as it streams.
    if path.starts_with("/api/hsds/") || path == "/api/openapi.json" {
        return true;
    }
    if matches!(path, "/" | "/zoeken" | "/wijken" | "/api/plekken.geojson" | "/api/wijken.geojson")
    {
        return true;
    }
    let one_segment = |rest: &str| !rest.is_empty() && !rest.contains('/');
    if let Some(code) = path.strip_prefix("/wijken/") {
        return one_segment(code);
    }
    if let Some(id) = path.strip_prefix("/plekken/") {
        return one_segment(id) && id != "nieuw";
    }
    path.strip_prefix("/api/wijken/")
        .and_then(|rest| rest.strip_suffix("/grens.geojson"))
        .is_some_and(one_segment)
}

/// Collects a response that may be kept; gives it back otherwise. What is
/// being collected counts against `in_flight`, so that many slow misses at
/// once cannot hold more than that budget outside the cache's bound.
pub(super) async fn into_stored(
    response: Response,
    in_flight: &InFlight,
    minute: u64,
) -> Result<StoredPage, Response> {
    if !may_store(&response) {
        return Err(response);
    }
    let (parts, body) = response.into_parts();
    let minute = parts.extensions.get::<TimeDependent>().map(|_| minute);
    let mut stream = body.into_data_stream();
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut size = 0;
    let mut reserved = in_flight.reservation();
    while let Some(chunk) = stream.next().await {
        match chunk {
            Ok(chunk) => {
                size += chunk.len();
                chunks.push(chunk);
                if size > MAX_BODY_BYTES || !reserved.grow(chunk_len(&chunks)) {
                    let read = futures_util::stream::iter(chunks.into_iter().map(Ok));
                    return Err(Response::from_parts(parts, Body::from_stream(read.chain(stream))));
                }
            }
            Err(e) => {
                let read = futures_util::stream::iter(chunks.into_iter().map(Ok));
                let failed = futures_util::stream::once(async move { Err(e) });
                return Err(Response::from_parts(parts, Body::from_stream(read.chain(failed))));
            }
        }
    }
    // Always a fresh, exact allocation: a chunk may be a slice of a much
    // larger buffer (the compressor's), which the weight would not see.
    let body = Bytes::from(chunks.concat());
    Ok(StoredPage { status: parts.status, headers: parts.headers, body, minute })
}

fn chunk_len(chunks: &[Bytes]) -> usize {
    chunks.last().map_or(0, Bytes::len)
}

/// Bytes of responses being collected right now, by all misses together.
pub(super) struct InFlight {
    pub(super) bytes: AtomicUsize,
    limit: usize,
}

/// The share of one collection in [`InFlight`]; given back when dropped.
pub(super) struct Reservation<'a> {
    in_flight: &'a InFlight,
    bytes: usize,
}

impl InFlight {
    pub(super) fn new(limit: usize) -> Self {
        Self { bytes: AtomicUsize::new(0), limit }
    }

    fn reservation(&self) -> Reservation<'_> {
        Reservation { in_flight: self, bytes: 0 }
    }
}

impl Reservation<'_> {
    /// Takes `more` bytes of the budget; `false` (taking nothing) when the
    /// budget is spent, and the response is then passed on without keeping.
    fn grow(&mut self, more: usize) -> bool {
        let bytes = &self.in_flight.bytes;
        let taken = bytes.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |now| {
            (now + more <= self.in_flight.limit).then_some(now + more)
        });
        if taken.is_ok() {
            self.bytes += more;
        }
        taken.is_ok()
    }
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        self.in_flight.bytes.fetch_sub(self.bytes, Ordering::SeqCst);
    }
}

fn may_store(response: &Response) -> bool {
    let headers = response.headers();
    let forbidden_cache_control = headers.get_all(header::CACHE_CONTROL).iter().any(|v| {
        let v = String::from_utf8_lossy(v.as_bytes()).to_ascii_lowercase();
        v.contains("no-store") || v.contains("private")
    });
    response.status() == StatusCode::OK
        && !headers.contains_key(header::SET_COOKIE)
        && !forbidden_cache_control
}

pub(super) fn unix_minute() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() / 60).unwrap_or_default()
}

impl StoredPage {
    /// Whether the page may be served in `minute`: always, unless it says
    /// what is open in the minute it was rendered in.
    pub(super) fn is_current(&self, minute: u64) -> bool {
        self.minute.is_none_or(|m| m == minute)
    }

    pub(super) fn is_timed(&self) -> bool {
        self.minute.is_some()
    }

    pub(super) fn response(&self, x_cache: &'static str) -> Response {
        let mut response = Response::new(Body::from(self.body.clone()));
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers.clone();
        let headers = response.headers_mut();
        headers.insert(X_CACHE, HeaderValue::from_static(x_cache));
        let scope = if self.is_timed() { "minute" } else { "data" };
        headers.insert(X_CACHE_SCOPE, HeaderValue::from_static(scope));
        response
    }

    /// The bytes this entry holds, for `max_capacity`: the body, every
    /// header (name, value and the map's bookkeeping per entry), the key's
    /// target, and a fixed overhead for the structs, the `Arc` and moka's
    /// own entry, measured generously.
    pub(super) fn weight(&self, key: &Key) -> u32 {
        let headers: usize = self
            .headers
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len() + HEADER_OVERHEAD)
            .sum();
        let bytes = key.target.len() + headers + self.body.len() + ENTRY_OVERHEAD;
        u32::try_from(bytes).unwrap_or(u32::MAX)
    }
}

impl Encoding {
    /// The best class the client accepts; `q=0` means "not this one".
    pub(super) fn accepted(headers: &HeaderMap) -> Self {
        let mut gzip = false;
        for value in headers.get_all(header::ACCEPT_ENCODING) {
            let Ok(value) = value.to_str() else { continue };
            for item in value.split(',') {
                let mut params = item.split(';');
                let name = params.next().unwrap_or_default().trim().to_ascii_lowercase();
                let refused = params.any(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                });
                match name.as_str() {
                    "br" if !refused => return Self::Br,
                    "gzip" if !refused => gzip = true,
                    _ => {}
                }
            }
        }
        if gzip { Self::Gzip } else { Self::Identity }
    }

    pub(super) fn header_value(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Self::Br => "br",
            Self::Gzip => "gzip",
            Self::Identity => "identity",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoding(accept: &str) -> Encoding {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(accept).unwrap());
        Encoding::accepted(&headers)
    }

    #[test]
    fn prefers_br_then_gzip_and_respects_q_zero() {
        assert_eq!(encoding("gzip, deflate, br, zstd"), Encoding::Br);
        assert_eq!(encoding("gzip"), Encoding::Gzip);
        assert_eq!(encoding("BR;q=0, gzip;q=0.5"), Encoding::Gzip);
        assert_eq!(encoding("br;q=0.0, gzip; q=0"), Encoding::Identity);
        assert_eq!(encoding("deflate"), Encoding::Identity);
        assert_eq!(Encoding::accepted(&HeaderMap::new()), Encoding::Identity);
    }

    #[test]
    fn caches_only_the_public_pages() {
        let cacheable = |s: &str| is_cacheable_target(&s.parse::<Uri>().unwrap());
        for yes in [
            "/",
            "/zoeken?q=koffie",
            "/wijken",
            "/wijken/WK059901",
            "/plekken/6f1c0a52-0d7c-4d35-9a43-1f6c1c1b2f10",
            "/api/plekken.geojson?bbox=4,51,5,52",
            "/api/wijken.geojson",
            "/api/wijken/WK059901/grens.geojson",
            "/static/css/site.css",
        ] {
            assert!(cacheable(yes), "{yes}");
        }
        let long_query = format!("/zoeken?q={}", "a".repeat(MAX_QUERY_BYTES));
        for no in [
            "/plekken/nieuw",
            "/plekken/abc/bewerken",
            "/wijken/",
            "/wijken/a/b",
            "/api/wijken//grens.geojson",
            "/inloggen",
            "/export/plekken.csv",
            long_query.as_str(),
        ] {
            assert!(!cacheable(no), "{no}");
        }
    }
}
