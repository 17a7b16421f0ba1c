//! Configuration from the environment. Every field has a working default so
//! that `haarvaten serve` runs on a fresh machine without any set-up.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`: the PostgreSQL database; it is created if missing.
    pub database_url: String,
    /// `HAARVATEN_ADDR`: where `serve` listens.
    pub addr: SocketAddr,
    /// `HAARVATEN_TILE_URL`: Leaflet tile URL template for the map.
    pub tile_url: String,
    /// `HAARVATEN_TILE_ATTRIBUTION`: attribution text shown on the map.
    pub tile_attribution: String,
    /// `HAARVATEN_STATIC_DIR`: directory with css, js and vendored Leaflet.
    pub static_dir: PathBuf,
    /// `HAARVATEN_SECURE_COOKIES`: set to `true` when served over https.
    pub secure_cookies: bool,
    /// `HAARVATEN_TRUSTED_PROXY`: set to `true` behind a reverse proxy that
    /// sets `X-Forwarded-For`; login rate limiting then uses that address.
    pub trusted_proxy: bool,
    /// `HAARVATEN_RETENTION_MONTHS`: visit notes older than this many months
    /// are erased (default 24); see `retention`.
    pub retention_months: u32,
    /// `HAARVATEN_PAGE_CACHE_MB`: memory for the cache of anonymous public
    /// pages (default 64); `0` turns it off. See `web::page_cache`.
    pub page_cache_mb: u32,
}

pub const DEFAULT_PAGE_CACHE_MB: u32 = 64;
pub const DEFAULT_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/haarvaten";

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let addr = var("HAARVATEN_ADDR")
            .unwrap_or_else(|| "127.0.0.1:8080".into())
            .parse()
            .map_err(|e| anyhow::anyhow!("HAARVATEN_ADDR is not host:port: {e}"))?;
        Ok(Self {
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
            addr,
            tile_url: var("HAARVATEN_TILE_URL")
                .unwrap_or_else(|| "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into()),
            tile_attribution: var("HAARVATEN_TILE_ATTRIBUTION")
                .unwrap_or_else(|| "© OpenStreetMap-bijdragers".into()),
            static_dir: var("HAARVATEN_STATIC_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/static"))),
            secure_cookies: var("HAARVATEN_SECURE_COOKIES")
                .is_some_and(|v| v == "true" || v == "1"),
            trusted_proxy: var("HAARVATEN_TRUSTED_PROXY").is_some_and(|v| v == "true" || v == "1"),
            retention_months: match var("HAARVATEN_RETENTION_MONTHS") {
                None => crate::retention::DEFAULT_MONTHS,
                Some(v) => v.trim().parse().ok().filter(|m| *m >= 1).ok_or_else(|| {
                    anyhow::anyhow!(
                        "HAARVATEN_RETENTION_MONTHS is not a whole number of months: {v}"
                    )
                })?,
            },
            page_cache_mb: match var("HAARVATEN_PAGE_CACHE_MB") {
                None => DEFAULT_PAGE_CACHE_MB,
                Some(v) => v.trim().parse().map_err(|_| {
                    anyhow::anyhow!(
                        "HAARVATEN_PAGE_CACHE_MB is not a whole number of megabytes: {v}"
                    )
                })?,
            },
        })
    }

    /// A configuration for tests: a given database, port 0.
    pub fn for_tests(database_url: String) -> Self {
        let mut config = Self::from_env().expect("default config");
        config.database_url = database_url;
        config.addr = "127.0.0.1:0".parse().expect("addr");
        config.tile_url = "/static/img/no-tiles.png".into();
        // Many tests write rows with SQL and read a page at once, while the
        // change notification arrives asynchronously; the cache's own tests
        // turn it on.
        config.page_cache_mb = 0;
        config
    }

    /// The origin of the tile server, for the Content-Security-Policy.
    pub fn tile_origin(&self) -> Option<String> {
        let url = self.tile_url.as_str();
        let rest = url
            .strip_prefix("https://")
            .map(|r| ("https://", r))
            .or_else(|| url.strip_prefix("http://").map(|r| ("http://", r)))?;
        let host = rest.1.split('/').next()?;
        Some(format!("{}{}", rest.0, host.replace("{s}", "*")))
    }
}
