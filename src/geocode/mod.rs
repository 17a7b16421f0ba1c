//! Finding addresses: a client for a geocoder that speaks the PDOK
//! Locatieserver v3.1 API (`free`, `suggest`, `lookup`), with a timeout
//! and a cache table in PostgreSQL (`geocode_cache`, migration 0080).
//!
//! `HAARVATEN_GEOCODER_URL` says where the service is (the public PDOK
//! service by default, `off` for none); tests start a local server that
//! speaks the same API with recorded answers. Callers get
//! [`Candidate`]s: a label, the point in WGS84 and the CBS codes. The
//! place form, the address suggestions of `/api/adres`, the search near an
//! address and the imports all go through [`Geocoder`].
//!
//! Typed addresses may be those of private homes, so they are never
//! logged; the cache holds addresses and points of the national register
//! (public data), never which place is at an address.

mod pdok;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use sqlx::PgPool;

use crate::db::geocode as cache;
pub use crate::domain::address::Candidate;

/// The public PDOK Locatieserver, v3.1.
pub const PDOK_URL: &str = "https://api.pdok.nl/bzk/locatieserver/search/v3_1";
/// A form submission waits at most this long for the service.
const TIMEOUT: Duration = Duration::from_secs(4);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// Longer questions are cut: no address is this long.
const MAX_QUERY_CHARS: usize = 120;
/// Found addresses are asked again after 30 days, unknown ones (a typo,
/// a house just built) after one.
const FOUND_TTL_SECS: i64 = 30 * 86_400;
const EMPTY_TTL_SECS: i64 = 86_400;
/// Old cache rows are removed at most once an hour.
const PURGE_EVERY_SECS: i64 = 3_600;

/// The endpoints of the API; their names are also the cache's `endpoint`
/// column (never shown to people, so not a `slug_enum!` with labels).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    Free,
    Suggest,
    Lookup,
}

impl Endpoint {
    pub fn slug(self) -> &'static str {
        match self {
            Endpoint::Free => "free",
            Endpoint::Suggest => "suggest",
            Endpoint::Lookup => "lookup",
        }
    }
}

/// What a question may be answered with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Addresses with a house number: where a place is.
    Address,
    /// Also postcodes, streets and towns: a point to search near.
    Area,
}

impl Scope {
    /// The Solr filter query (`fq`) for the `type` field.
    fn filter(self) -> &'static str {
        match self {
            Scope::Address => "type:adres",
            Scope::Area => "type:(adres OR postcode OR weg OR woonplaats)",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Scope::Address => "adres",
            Scope::Area => "gebied",
        }
    }
}

/// Why the geocoder gave no answer. Callers go on without one (the place
/// form then asks for the buurt, as it does without a geocoder).
#[derive(Debug, thiserror::Error)]
pub enum GeocodeError {
    #[error("the geocoder did not answer within {} s", TIMEOUT.as_secs())]
    Timeout,
    #[error("the geocoder could not be reached: {0}")]
    Unreachable(String),
    #[error("the geocoder answered HTTP {0}")]
    Status(u16),
    #[error("the geocoder's answer is not in the Locatieserver format: {0}")]
    Format(String),
}

/// The client; cheap to clone (the HTTP client and purge clock are shared).
#[derive(Debug, Clone)]
pub struct Geocoder {
    base: String,
    http: reqwest::Client,
    last_purge: Arc<AtomicI64>,
}

impl Geocoder {
    /// A client for the service at `base_url` (without the endpoint name).
    pub fn new(base_url: &str) -> Result<Self, GeocodeError> {
        let http = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .connect_timeout(CONNECT_TIMEOUT)
            .user_agent(concat!("Haarvaten/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| GeocodeError::Unreachable(e.to_string()))?;
        let base = base_url.trim().trim_end_matches('/').to_owned();
        Ok(Self { base, http, last_purge: Arc::default() })
    }

    /// The configured geocoder, or `None` when it is off.
    pub fn from_config(config: &crate::config::Config) -> Option<Self> {
        let url = config.geocoder_url.as_deref()?;
        match Self::new(url) {
            Ok(g) => Some(g),
            Err(e) => {
                tracing::error!(error = %e, "the geocoder client cannot be built; addresses are not looked up");
                None
            }
        }
    }

    /// Addresses with a house number matching `address_and_postcode`
    /// ("Coolsingel 40 3011 AD", or "3011AD 40"), best first, at most 5.
    pub async fn find(
        &self,
        db: &PgPool,
        address_and_postcode: &str,
    ) -> Result<Vec<Candidate>, GeocodeError> {
        self.free(db, address_and_postcode, Scope::Address).await
    }

    /// Addresses, postcodes, streets and towns matching `q`: a point to
    /// search near.
    pub async fn find_area(&self, db: &PgPool, q: &str) -> Result<Vec<Candidate>, GeocodeError> {
        self.free(db, q, Scope::Area).await
    }

    async fn free(
        &self,
        db: &PgPool,
        q: &str,
        scope: Scope,
    ) -> Result<Vec<Candidate>, GeocodeError> {
        let Some(q) = normalise(q) else { return Ok(Vec::new()) };
        let params = [("q", q.as_str()), ("fq", scope.filter()), ("rows", "5")];
        self.ask(db, Endpoint::Free, &params, &format!("{}|{q}", scope.key())).await
    }

    /// Addresses starting with what was typed, for a suggestion list.
    pub async fn suggest(&self, db: &PgPool, q: &str) -> Result<Vec<Candidate>, GeocodeError> {
        let Some(q) = normalise(q) else { return Ok(Vec::new()) };
        let params = [("q", q.as_str()), ("fq", Scope::Address.filter()), ("rows", "7")];
        self.ask(db, Endpoint::Suggest, &params, &q).await
    }

    /// The candidate with the service's `id` (one of an earlier answer).
    pub async fn lookup(&self, db: &PgPool, id: &str) -> Result<Option<Candidate>, GeocodeError> {
        let id = id.trim();
        let valid = !id.is_empty()
            && id.len() <= 64
            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            return Ok(None);
        }
        let params = [("id", id)];
        Ok(self.ask(db, Endpoint::Lookup, &params, id).await?.into_iter().next())
    }

    /// The cached answer, or the service's (then cached).
    async fn ask(
        &self,
        db: &PgPool,
        endpoint: Endpoint,
        params: &[(&str, &str)],
        key: &str,
    ) -> Result<Vec<Candidate>, GeocodeError> {
        match cache::get(db, endpoint, key).await {
            Ok(Some(hit)) => {
                let ttl = if hit.empty { EMPTY_TTL_SECS } else { FOUND_TTL_SECS };
                if hit.age_secs < ttl
                    && let Ok(found) = serde_json::from_value::<Vec<Candidate>>(hit.candidates)
                {
                    return Ok(found);
                }
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "reading the geocode cache failed"),
        }
        let found = self.fetch(endpoint, params).await?;
        self.remember(db, endpoint, key, &found).await;
        Ok(found)
    }

    async fn fetch(
        &self,
        endpoint: Endpoint,
        params: &[(&str, &str)],
    ) -> Result<Vec<Candidate>, GeocodeError> {
        let url = format!("{}/{}", self.base, endpoint.slug());
        let mut query: Vec<(&str, &str)> = params.to_vec();
        query.push(("fl", pdok::FIELDS));
        let sent = self.http.get(&url).query(&query).send().await;
        let response = sent.map_err(|e| {
            if e.is_timeout() {
                GeocodeError::Timeout
            } else {
                // Without the URL: it holds the typed address.
                GeocodeError::Unreachable(e.without_url().to_string())
            }
        })?;
        let status = response.status();
        if !status.is_success() {
            return Err(GeocodeError::Status(status.as_u16()));
        }
        let body = response.bytes().await.map_err(|e| {
            if e.is_timeout() {
                GeocodeError::Timeout
            } else {
                GeocodeError::Unreachable(e.without_url().to_string())
            }
        })?;
        pdok::candidates(&body).map_err(|e| GeocodeError::Format(e.to_string()))
    }

    /// Stores an answer; a cache that cannot be written only costs a
    /// question to the service next time.
    async fn remember(&self, db: &PgPool, endpoint: Endpoint, key: &str, found: &[Candidate]) {
        let value = match serde_json::to_value(found) {
            Ok(v) => v,
            Err(e) => return tracing::warn!(error = %e, "a geocode answer cannot be cached"),
        };
        if let Err(e) = cache::put(db, endpoint, key, &value).await {
            tracing::warn!(error = %e, "writing the geocode cache failed");
        }
        let now = chrono::Utc::now().timestamp();
        let last = self.last_purge.load(Ordering::Relaxed);
        if now - last >= PURGE_EVERY_SECS
            && self
                .last_purge
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
            && let Err(e) = cache::purge(db, FOUND_TTL_SECS).await
        {
            tracing::warn!(error = %e, "purging the geocode cache failed");
        }
    }
}

/// The question as sent and cached: lowercase, commas as spaces, single
/// spaces, cut to [`MAX_QUERY_CHARS`]; `None` when nothing is left.
fn normalise(q: &str) -> Option<String> {
    let q: String = q
        .replace([',', ';'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .chars()
        .take(MAX_QUERY_CHARS)
        .collect();
    (!q.trim().is_empty()).then(|| q.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_are_normalised_for_the_cache() {
        assert_eq!(normalise("  Coolsingel 40,  3011AD ").as_deref(), Some("coolsingel 40 3011ad"));
        assert_eq!(normalise(" , ; "), None);
        assert_eq!(normalise(&"a".repeat(500)).map(|q| q.len()), Some(MAX_QUERY_CHARS));
    }
}
