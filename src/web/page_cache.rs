//! An in-memory cache of the public pages anonymous visitors see.
//!
//! Every anonymous visitor gets the same page for the same address,
//! language and encoding, and rendering plus compressing one costs several
//! milliseconds of CPU. So the final, already compressed response is kept
//! (`moka`, weighed in bytes) and served again until the data changes or the
//! minute ends.
//!
//! The key is (data generation, unix minute, language, encoding class, path
//! and query):
//! - The generation goes up on every change notification from PostgreSQL
//!   (triggers on `places` and `areas`, migration 0040), so imports from the
//!   CLI, the retention job and other app instances invalidate too; and after
//!   every unsafe request (POST…) here that succeeds (2xx or 3xx), because
//!   any form post may have changed data that no trigger reports. Old
//!   generations are never looked up again.
//! - The minute: pages say whether a place is open now, which is right to
//!   the minute.
//! - The request's `Accept-Encoding` is rewritten to exactly the class in
//!   the key (br, gzip or identity), so the stored body matches it.
//!
//! Correctness first: while the notification listener is not connected,
//! nothing is served from or stored into the cache, because changes could
//! go unnoticed. Requests with a session cookie bypass the cache: their
//! pages carry a CSRF token and the user's name. Only 200 responses without
//! `Set-Cookie` and without `Cache-Control: no-store`/`private` are kept.
//!
//! Deviation from collecting the body with `axum::body::to_bytes`: that
//! function drops what it read when the limit is exceeded, so bodies are
//! collected chunk by chunk here and a body that is too large to keep is
//! passed on whole.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use moka::future::Cache;
use sqlx::PgPool;
use sqlx::postgres::PgListener;

use crate::web::extractors::{cookie, lang_from_parts};
use crate::web::session::SESSION_COOKIE;

/// A value derived from the data that many pages need (the home map's
/// extent, the list of gemeenten), computed once per data generation.
/// Like the pages it is only trusted while the cache is on and the
/// listener is connected; otherwise every call computes afresh.
pub struct Memo<T> {
    slot: Mutex<Option<(u64, T)>>,
}

impl<T: Clone> Default for Memo<T> {
    fn default() -> Self {
        Self { slot: Mutex::new(None) }
    }
}

impl<T: Clone> Memo<T> {
    pub async fn get<E, F>(&self, cache: &PageCache, compute: F) -> Result<T, E>
    where
        F: std::future::Future<Output = Result<T, E>>,
    {
        let trusted = cache.is_enabled() && cache.is_listening();
        // Read before computing: a change during the computation leaves
        // the value under an old generation, where it is never used.
        let generation = cache.generation();
        if trusted
            && let Some((g, value)) = &*self.slot.lock().unwrap_or_else(|e| e.into_inner())
            && *g == generation
        {
            return Ok(value.clone());
        }
        let value = compute.await?;
        if trusted {
            *self.slot.lock().unwrap_or_else(|e| e.into_inner()) =
                Some((generation, value.clone()));
        }
        Ok(value)
    }
}

/// The channel the triggers of migration 0040 notify.
pub const CHANNEL: &str = "haarvaten_data";

/// Larger bodies (a national GeoJSON without bbox) are served but not kept,
/// so that a few of them cannot push every page out.
const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;
/// Longer queries are most likely not a page anyone asks for twice.
const MAX_QUERY_BYTES: usize = 512;
/// The minute in the key already ends an entry's use; this frees its memory.
const TIME_TO_LIVE: Duration = Duration::from_secs(120);
const RECONNECT_AFTER: Duration = Duration::from_secs(1);

const STATIC_PREFIX: &str = "/static/";

const X_CACHE: HeaderName = HeaderName::from_static("x-cache");

pub struct PageCache {
    /// `None` when the cache is turned off (`HAARVATEN_PAGE_CACHE_MB=0`).
    pages: Option<Cache<Key, Arc<StoredPage>>>,
    generation: AtomicU64,
    listening: AtomicBool,
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    generation: u64,
    minute: u64,
    lang: &'static str,
    encoding: Encoding,
    target: String,
}

struct StoredPage {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Encoding {
    Br,
    Gzip,
    Identity,
}

/// What the one caller whose render ran hands back when the response may
/// not be kept; the response rides along so that caller can still send it.
struct NotStored(Mutex<Option<Response>>);

impl PageCache {
    pub fn new(megabytes: u32) -> Self {
        let pages = (megabytes > 0).then(|| {
            Cache::builder()
                .max_capacity(u64::from(megabytes) * 1024 * 1024)
                .weigher(|key: &Key, page: &Arc<StoredPage>| page.weight(key))
                .time_to_live(TIME_TO_LIVE)
                .build()
        });
        Self { pages, generation: AtomicU64::new(0), listening: AtomicBool::new(false) }
    }

    pub fn is_enabled(&self) -> bool {
        self.pages.is_some()
    }

    pub fn is_listening(&self) -> bool {
        self.listening.load(Ordering::SeqCst)
    }

    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Makes every stored page unreachable. Dropping the entries as well
    /// only frees their memory sooner; the generation is what counts.
    pub fn bump(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        if let Some(pages) = &self.pages {
            pages.invalidate_all();
        }
    }

    /// Listens for data changes until the pool closes. Without a cache
    /// there is nothing to invalidate, so no connection is taken.
    pub fn spawn_listener(self: &Arc<Self>, db: PgPool) {
        if !self.is_enabled() {
            return;
        }
        let cache = Arc::clone(self);
        tokio::spawn(async move { cache.listen(db).await });
    }

    async fn listen(&self, db: PgPool) {
        loop {
            match self.listen_until_lost(&db).await {
                Err(sqlx::Error::PoolClosed) => return,
                Err(e) => {
                    tracing::warn!(error = %e, "page cache: listening for data changes failed")
                }
                Ok(()) => tracing::warn!("page cache: lost the connection for data changes"),
            }
            // Changes may now go unnoticed: stop using the cache until
            // listening again.
            self.listening.store(false, Ordering::SeqCst);
            self.bump();
            if db.is_closed()
                || db.close_event().do_until(tokio::time::sleep(RECONNECT_AFTER)).await.is_err()
            {
                return;
            }
        }
    }

    /// Returns `Ok` when the connection was lost.
    async fn listen_until_lost(&self, db: &PgPool) -> Result<(), sqlx::Error> {
        let mut listener = PgListener::connect_with(db).await?;
        // A silent reconnect would hide the notifications missed meanwhile.
        listener.eager_reconnect(false);
        listener.listen(CHANNEL).await?;
        // Whatever changed before LISTEN took effect is not in the cache
        // after this bump; only then may requests use it.
        self.bump();
        self.listening.store(true, Ordering::SeqCst);
        tracing::debug!("page cache: listening for data changes");
        while listener.try_recv().await?.is_some() {
            self.bump();
        }
        Ok(())
    }
}

/// Serves anonymous public GET requests from the cache; see the module doc.
pub async fn middleware(State(cache): State<Arc<PageCache>>, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    if !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS) {
        let response = next.run(req).await;
        // A refused post (bad CSRF token, wrong input: 4xx) changed
        // nothing; not bumping then keeps a flood of junk posts from
        // emptying the cache for everyone.
        if response.status().is_success() || response.status().is_redirection() {
            cache.bump();
        }
        return response;
    }
    let Some(pages) = cache.pages.as_ref() else {
        return next.run(req).await;
    };
    // HEAD responses lose their body further out, so they are not pages
    // to keep; they are cheap to render anyway.
    if method != Method::GET || !cache.is_listening() || !is_cacheable_target(req.uri()) {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    // Files under /static are the same for everyone; keeping them saves
    // compressing the style sheet and scripts on every request.
    let is_static = parts.uri.path().starts_with(STATIC_PREFIX);
    if !is_static && cookie(&parts, SESSION_COOKIE).is_some() {
        return next.run(Request::from_parts(parts, body)).await;
    }
    let encoding = Encoding::accepted(&parts.headers);
    parts.headers.insert(header::ACCEPT_ENCODING, encoding.header_value());
    let key = Key {
        generation: cache.generation(),
        minute: unix_minute(),
        lang: if is_static { "" } else { lang_from_parts(&parts).code() },
        encoding,
        target: parts.uri.path_and_query().map(|pq| pq.as_str().to_owned()).unwrap_or_default(),
    };

    // The init future below runs for at most one of the concurrent callers
    // of a key; it takes the request from here, so afterwards this tells
    // whether it was ours.
    let mut pending = Some((Request::from_parts(parts, body), next));
    let result = pages
        .try_get_with(key, async {
            let Some((req, next)) = pending.take() else {
                return Err(NotStored(Mutex::new(None)));
            };
            match into_stored(next.run(req).await).await {
                Ok(page) => Ok(Arc::new(page)),
                Err(response) => Err(NotStored(Mutex::new(Some(response)))),
            }
        })
        .await;
    let rendered_here = pending.is_none();
    match (result, pending) {
        (Ok(page), _) => page.response(if rendered_here { "miss" } else { "hit" }),
        // Another caller rendered a page that may not be kept: render ours.
        (Err(_), Some((req, next))) => next.run(req).await,
        (Err(not_stored), None) => {
            let taken = not_stored.0.lock().ok().and_then(|mut r| r.take());
            taken.unwrap_or_else(|| StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
    }
}

/// The public pages and map data anonymous visitors load most.
fn is_cacheable_target(uri: &Uri) -> bool {
    if uri.query().is_some_and(|q| q.len() > MAX_QUERY_BYTES) {
        return false;
    }
    let path = uri.path();
    if path.starts_with(STATIC_PREFIX) {
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

/// Collects a response that may be kept; gives it back otherwise.
async fn into_stored(response: Response) -> Result<StoredPage, Response> {
    if !may_store(&response) {
        return Err(response);
    }
    let (parts, body) = response.into_parts();
    let mut stream = body.into_data_stream();
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut size = 0;
    while let Some(chunk) = stream.next().await {
        match chunk {
            Ok(chunk) => {
                size += chunk.len();
                chunks.push(chunk);
                if size > MAX_BODY_BYTES {
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
    let body = match chunks.len() {
        1 => chunks.pop().unwrap_or_default(),
        _ => Bytes::from(chunks.concat()),
    };
    Ok(StoredPage { status: parts.status, headers: parts.headers, body })
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

fn unix_minute() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() / 60).unwrap_or_default()
}

impl StoredPage {
    fn response(&self, x_cache: &'static str) -> Response {
        let mut response = Response::new(Body::from(self.body.clone()));
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers.clone();
        response.headers_mut().insert(X_CACHE, HeaderValue::from_static(x_cache));
        response
    }

    /// Roughly the bytes this entry holds, for `max_capacity`.
    fn weight(&self, key: &Key) -> u32 {
        let headers: usize =
            self.headers.iter().map(|(name, value)| name.as_str().len() + value.len() + 32).sum();
        let bytes = key.target.len() + headers + self.body.len() + 128;
        u32::try_from(bytes).unwrap_or(u32::MAX)
    }
}

impl Encoding {
    /// The best class the client accepts; `q=0` means "not this one".
    fn accepted(headers: &HeaderMap) -> Self {
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

    fn header_value(self) -> HeaderValue {
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
