//! An in-memory cache of the public pages anonymous visitors see.
//!
//! Every anonymous visitor gets the same page for the same address,
//! language and encoding, and rendering plus compressing one costs several
//! milliseconds of CPU. So the final, already compressed response is kept
//! (`moka`, weighed in bytes) and served again until the data changes or the
//! minute ends.
//!
//! The key is (data generation, language, encoding class, path and query):
//! - The generation goes up on every change notification from PostgreSQL
//!   (triggers on `places` and `areas`, migration 0040), so imports from the
//!   CLI, the retention job and other app instances invalidate too; and after
//!   every unsafe request (POST…) here that succeeds (2xx or 3xx), because
//!   a form post may have changed data that no trigger reports, except the
//!   posts that change only the poster's own things (a login, a password,
//!   a visit: `changes_no_shared_page`). Old generations are never looked
//!   up again.
//! - The minute only for pages that depend on it: a handler whose page says
//!   whether a place is open now marks its response [`TimeDependent`]; such
//!   a page is kept with the minute it was rendered in and used only in that
//!   minute. Everything else (the wijken table, map data without "open
//!   now", outlines, files) stays until the data changes.
//! - The request's `Accept-Encoding` is rewritten to exactly the class in
//!   the key (br, gzip or identity), so the stored body matches it.
//!
//! Correctness first: while the notification listener is not connected,
//! nothing is stored into the cache and pages are rendered afresh, because
//! changes could go unnoticed; only when rendering fails (the database is
//! unreachable) is the page kept before, if any, served with
//! `X-Cache: stale`. Requests with a session cookie bypass the cache: their
//! pages carry a CSRF token and the user's name. Only 200 responses without
//! `Set-Cookie` and without `Cache-Control: no-store`/`private` are kept.
//!
//! Bounded memory: moka weighs each entry by what it holds (body, headers,
//! key, overhead), evicts when it applies its pending writes (forced here
//! after every sixth of the bound), and responses being collected share a
//! budget of their own, so `HAARVATEN_PAGE_CACHE_MB` holds whatever the
//! URLs and encodings.
//!
//! Deviation from collecting the body with `axum::body::to_bytes`: that
//! function drops what it read when the limit is exceeded, so bodies are
//! collected chunk by chunk here and a body that is too large to keep is
//! passed on whole.

mod memo;
mod own_posts;
mod stored;

pub use memo::Memo;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use moka::future::Cache;
use sqlx::PgPool;
use sqlx::postgres::PgListener;

use crate::web::extractors::{cookie, lang_from_parts};
use crate::web::session::{SESSION_COOKIE, session_cookie_name};
use stored::{
    Encoding, InFlight, STATIC_PREFIX, StoredPage, into_stored, is_cacheable_target, unix_minute,
};

/// The channel the triggers of migration 0040 notify.
pub const CHANNEL: &str = "haarvaten_data";

/// A time-dependent page is used only in its minute; this frees its memory
/// (and keeps it two minutes for standing in, stale, during an outage).
const TIME_TO_LIVE: Duration = Duration::from_secs(120);
/// Other pages end with the data generation; this only frees the memory of
/// a page nobody asks for again.
const TIME_TO_LIVE_UNTIMED: Duration = Duration::from_secs(3600);
const RECONNECT_AFTER: Duration = Duration::from_secs(1);
/// How long a change waits for the read replica to replay it; after that
/// the pages read from the replica meanwhile are dropped all the same.
const REPLICA_WAIT: Duration = Duration::from_secs(10);
const REPLICA_POLL: Duration = Duration::from_millis(10);

pub struct PageCache {
    /// `None` when the cache is turned off (`HAARVATEN_PAGE_CACHE_MB=0`).
    pages: Option<Cache<Key, Arc<StoredPage>>>,
    generation: AtomicU64,
    listening: AtomicBool,
    /// The generation the pages were trusted under when the listener was
    /// lost: served, marked stale, only when rendering afresh fails.
    stale_generation: AtomicU64,
    /// Responses being collected by misses, outside moka's weight.
    in_flight: InFlight,
    /// Weight inserted since moka last applied its pending writes; moka
    /// evicts only then, so this is kept to a share of the capacity.
    unsettled: AtomicU64,
    capacity: u64,
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    generation: u64,
    lang: &'static str,
    encoding: Encoding,
    pub(super) target: String,
}

/// Marks a response whose content depends on the current minute (it says
/// whether a place is open now): the cache keeps it for that minute only.
#[derive(Debug, Clone, Copy)]
pub struct TimeDependent;

/// Marks `response` [`TimeDependent`] when `depends` is true.
pub fn mark_time_dependent(mut response: Response, depends: bool) -> Response {
    if depends {
        response.extensions_mut().insert(TimeDependent);
    }
    response
}

/// How long moka keeps an entry: see [`TIME_TO_LIVE`].
struct Lifetime;

impl moka::Expiry<Key, Arc<StoredPage>> for Lifetime {
    fn expire_after_create(
        &self,
        _key: &Key,
        page: &Arc<StoredPage>,
        _created_at: std::time::Instant,
    ) -> Option<Duration> {
        Some(if page.is_timed() { TIME_TO_LIVE } else { TIME_TO_LIVE_UNTIMED })
    }
}

/// What the one caller whose render ran hands back when the response may
/// not be kept; the response rides along so that caller can still send it.
struct NotStored(Mutex<Option<Response>>);

impl PageCache {
    /// A cache whose pages, plus those being collected, stay within
    /// `megabytes` (see `weight`); 0 turns it off.
    pub fn new(megabytes: u32) -> Self {
        let bytes = u64::from(megabytes) * 1024 * 1024;
        // Three quarters for the kept pages, an eighth for misses being
        // collected, an eighth for writes moka has not applied yet.
        let capacity = bytes / 8 * 6;
        let pages = (megabytes > 0).then(|| {
            Cache::builder()
                .max_capacity(capacity)
                .weigher(|key: &Key, page: &Arc<StoredPage>| page.weight(key))
                .expire_after(Lifetime)
                .build()
        });
        Self {
            pages,
            generation: AtomicU64::new(0),
            listening: AtomicBool::new(false),
            stale_generation: AtomicU64::new(u64::MAX),
            in_flight: InFlight::new(usize::try_from(bytes / 8).unwrap_or(usize::MAX)),
            unsettled: AtomicU64::new(0),
            capacity,
        }
    }

    /// The weight moka holds now (after applying its pending writes), and
    /// the bound it keeps to; for tests and the benchmark.
    pub async fn weighed_bytes(&self) -> (u64, u64) {
        let Some(pages) = &self.pages else { return (0, 0) };
        pages.run_pending_tasks().await;
        (pages.weighted_size(), self.capacity)
    }

    /// Counts a stored page and lets moka evict once an eighth of the
    /// bound has come in since it last did.
    async fn settle(&self, pages: &Cache<Key, Arc<StoredPage>>, added: u64) {
        let before = self.unsettled.fetch_add(added, Ordering::SeqCst);
        if before + added > self.capacity / 6 {
            self.unsettled.store(0, Ordering::SeqCst);
            pages.run_pending_tasks().await;
        }
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
    /// there is nothing to invalidate, so no connection is taken. With a
    /// read `replica`, see [`Self::catch_up`].
    pub fn spawn_listener(self: &Arc<Self>, db: PgPool, replica: Option<PgPool>) {
        if !self.is_enabled() {
            return;
        }
        let cache = Arc::clone(self);
        tokio::spawn(async move { cache.listen(db, replica).await });
    }

    async fn listen(&self, db: PgPool, replica: Option<PgPool>) {
        loop {
            match self.listen_until_lost(&db, replica.as_ref()).await {
                Err(sqlx::Error::PoolClosed) => return,
                Err(e) => {
                    tracing::warn!(error = %e, "page cache: listening for data changes failed")
                }
                Ok(()) => tracing::warn!("page cache: lost the connection for data changes"),
            }
            // Changes may now go unnoticed: stop using the cache until
            // listening again. The pages stay (without invalidate_all) so
            // they can stand in, marked stale, while the database is away.
            if self.listening.swap(false, Ordering::SeqCst) {
                let trusted = self.generation.fetch_add(1, Ordering::SeqCst);
                self.stale_generation.store(trusted, Ordering::SeqCst);
            }
            if db.is_closed()
                || db.close_event().do_until(tokio::time::sleep(RECONNECT_AFTER)).await.is_err()
            {
                return;
            }
        }
    }

    /// Returns `Ok` when the connection was lost.
    async fn listen_until_lost(
        &self,
        db: &PgPool,
        replica: Option<&PgPool>,
    ) -> Result<(), sqlx::Error> {
        let mut listener = PgListener::connect_with(db).await?;
        // A silent reconnect would hide the notifications missed meanwhile.
        listener.eager_reconnect(false);
        listener.listen(CHANNEL).await?;
        // Whatever changed before LISTEN took effect is not in the cache
        // after this bump; only then may requests use it.
        self.bump();
        self.stale_generation.store(u64::MAX, Ordering::SeqCst);
        self.listening.store(true, Ordering::SeqCst);
        tracing::debug!("page cache: listening for data changes");
        while listener.try_recv().await?.is_some() {
            self.bump();
            if let Some(replica) = replica {
                self.catch_up(db, replica).await;
            }
        }
        Ok(())
    }

    /// PostgreSQL does not send notifications to a standby, and a standby
    /// replays a change a little after the primary notified it. A page an
    /// anonymous visitor got from the replica in between would be kept
    /// under the new generation with the old data. So once the replica has
    /// replayed the primary's log up to now, the generation goes up once
    /// more: what was read from the replica meanwhile is never used again.
    async fn catch_up(&self, primary: &PgPool, replica: &PgPool) {
        let wait = async {
            let lsn = crate::db::replication::current_wal_lsn(primary).await?;
            while !crate::db::replication::has_replayed(replica, &lsn).await? {
                tokio::time::sleep(REPLICA_POLL).await;
            }
            Ok::<_, sqlx::Error>(())
        };
        match tokio::time::timeout(REPLICA_WAIT, wait).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "page cache: cannot ask the replica's position")
            }
            Err(_) => tracing::warn!("page cache: the read replica is more than 10 s behind"),
        }
        self.bump();
    }
}

/// Serves anonymous public GET requests from the cache; see the module doc.
pub async fn middleware(State(cache): State<Arc<PageCache>>, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    if !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS) {
        let own_only = own_posts::changes_no_shared_page(req.uri().path());
        let response = next.run(req).await;
        // A refused post (bad CSRF token, wrong input: 4xx) changed
        // nothing; not bumping then keeps a flood of junk posts from
        // emptying the cache for everyone.
        if !own_only && (response.status().is_success() || response.status().is_redirection()) {
            cache.bump();
        }
        return response;
    }
    let Some(pages) = cache.pages.as_ref() else {
        return next.run(req).await;
    };
    // HEAD responses lose their body further out, so they are not pages
    // to keep; they are cheap to render anyway.
    if method != Method::GET || !is_cacheable_target(req.uri()) {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    // Files under /static are the same for everyone; keeping them saves
    // compressing the style sheet and scripts on every request.
    let is_static = parts.uri.path().starts_with(STATIC_PREFIX);
    // Either spelling: `__Host-` is the name when cookies are secure.
    let signed_in = [SESSION_COOKIE.to_owned(), session_cookie_name(true)]
        .iter()
        .any(|name| cookie(&parts, name).is_some());
    if !is_static && signed_in {
        return next.run(Request::from_parts(parts, body)).await;
    }
    let encoding = Encoding::accepted(&parts.headers);
    parts.headers.insert(header::ACCEPT_ENCODING, encoding.header_value());
    // Before rendering: a page rendered across the turn of a minute counts
    // as of the earlier one, so it is not used a minute too long.
    let minute = unix_minute();
    let key = Key {
        generation: cache.generation(),
        lang: if is_static { "" } else { lang_from_parts(&parts).code() },
        encoding,
        target: parts.uri.path_and_query().map(|pq| pq.as_str().to_owned()).unwrap_or_default(),
    };
    if !cache.is_listening() {
        return render_or_stale(&cache, pages, key, Request::from_parts(parts, body), next).await;
    }

    if let Some(page) = pages.get(&key).await {
        if page.is_current(minute) {
            return page.response("hit");
        }
        pages.invalidate(&key).await;
    }
    // The init future below runs for at most one of the concurrent callers
    // of a key; it takes the request from here, so afterwards this tells
    // whether it was ours.
    let mut pending = Some((Request::from_parts(parts, body), next));
    let result = pages
        .try_get_with(key.clone(), async {
            let Some((req, next)) = pending.take() else {
                return Err(NotStored(Mutex::new(None)));
            };
            match into_stored(next.run(req).await, &cache.in_flight, minute).await {
                Ok(page) => Ok(Arc::new(page)),
                Err(response) => Err(NotStored(Mutex::new(Some(response)))),
            }
        })
        .await;
    match (result, pending) {
        (Ok(page), None) => {
            cache.settle(pages, u64::from(page.weight(&key))).await;
            page.response("miss")
        }
        (Ok(page), Some(_)) if page.is_current(minute) => page.response("hit"),
        // Another caller rendered a page that may not be kept, or one of a
        // minute that has passed: render ours.
        (Err(_) | Ok(_), Some((req, next))) => next.run(req).await,
        (Err(not_stored), None) => {
            let taken = not_stored.0.lock().ok().and_then(|mut r| r.take());
            taken.unwrap_or_else(|| StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
    }
}

/// Without the listener, pages are rendered afresh; only when that fails
/// (the database is away) does a page kept before the listener was lost
/// stand in, marked `X-Cache: stale`. Time-dependent entries live
/// `TIME_TO_LIVE`, so only those of the last two minutes are left.
async fn render_or_stale(
    cache: &PageCache,
    pages: &Cache<Key, Arc<StoredPage>>,
    key: Key,
    req: Request,
    next: Next,
) -> Response {
    let response = next.run(req).await;
    if !response.status().is_server_error() {
        return response;
    }
    let generation = cache.stale_generation.load(Ordering::SeqCst);
    match pages.get(&Key { generation, ..key }).await {
        Some(page) => page.response("stale"),
        None => response,
    }
}

#[cfg(test)]
mod tests;
