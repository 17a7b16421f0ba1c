//! Configuration from the environment. Every field has a working default so
//! that `haarvaten serve` runs on a fresh machine without any set-up.
//!
//! One more variable is read elsewhere, because only the CLI needs it:
//! `HAARVATEN_PASSWORD`, the password for `haarvaten user create` and
//! `user set-password` when `--password-stdin` is not given (see `cli`);
//! without either, the CLI asks for it at a prompt that does not echo.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`: the PostgreSQL database; it is created if missing.
    pub database_url: String,
    /// `HAARVATEN_READ_DATABASE_URL`: optional PostgreSQL streaming replica
    /// of `DATABASE_URL`. Anonymous visitors' public pages and the map read
    /// from it; writes, sessions and every request of a signed-in user stay
    /// on the primary. Unset: everything reads the primary. See
    /// `docs/DEPLOY.md`.
    pub read_database_url: Option<String>,
    /// `HAARVATEN_ADDR`: where `serve` listens.
    pub addr: SocketAddr,
    /// `HAARVATEN_TILE_URL`: Leaflet tile URL template for the map.
    pub tile_url: String,
    /// `HAARVATEN_TILE_ATTRIBUTION`: attribution text shown on the map.
    /// Unset, the map credits OpenStreetMap in the visitor's language
    /// (the default tiles are OpenStreetMap's).
    pub tile_attribution: Option<String>,
    /// `HAARVATEN_STATIC_DIR`: directory with css, js and vendored Leaflet.
    pub static_dir: PathBuf,
    /// `HAARVATEN_SECURE_COOKIES`: set to `true` when served over https.
    /// Yes/no variables accept `true`/`false`, `1`/`0`, `yes`/`no` and
    /// `ja`/`nee` in any case; anything else stops the start-up with a
    /// message naming the variable (a typo must not silently mean "no").
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
    /// `HAARVATEN_HEADER_TIMEOUT_SECS`: a connection that has not sent a
    /// request's whole header within this many seconds is closed (default
    /// 10); this also ends idle keep-alive connections. See `startup`.
    pub header_timeout_secs: u64,
    /// `HAARVATEN_REQUEST_TIMEOUT_SECS`: a request not answered within this
    /// many seconds gets the friendly 503 page (default 30).
    pub request_timeout_secs: u64,
    /// `HAARVATEN_SHUTDOWN_GRACE_SECS`: after SIGTERM or Ctrl-C, open
    /// requests get this many seconds to finish before their connections
    /// are closed (default 8, at most 9: the process exits within 10 s).
    pub shutdown_grace_secs: u64,
    /// `HAARVATEN_PUBLIC_URL`: the address the site is reached at
    /// (`https://haarvaten.example.nl`), for the absolute `openapi_url` of
    /// the HSDS API; without it the request's `Host` is used.
    pub public_url: Option<String>,
    /// `HAARVATEN_API_RATE_PER_MINUTE`: API requests one client may make
    /// a minute (default 600, a tenth of it at once); `0` turns the limit
    /// off. See `web::handlers::api::http`.
    pub api_rate_per_minute: u32,
    /// `HAARVATEN_SMTP_URL`: the mail server, e.g. `smtp://localhost:25`,
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS) or
    /// `smtps://user:pass@host:465`. Unset: no mail is sent, and the pages
    /// that need mail say who to ask instead (see `mail`).
    pub smtp_url: Option<String>,
    /// `HAARVATEN_MAIL_FROM`: the sender of every mail, `Name <address>`.
    pub mail_from: String,
    /// `HAARVATEN_BASE_URL`: how people reach the site, for links in mail
    /// (default `http://` + `HAARVATEN_ADDR`).
    pub base_url: String,
    /// `HAARVATEN_MAIL_RETRY_SECS`: the wait before a failed mail is tried
    /// again (default 30); it doubles with each failure, up to an hour.
    pub mail_retry_secs: u64,
    /// `HAARVATEN_GEOCODER_URL`: a service speaking the PDOK Locatieserver
    /// v3.1 API (without the endpoint name), for addresses in the place
    /// form, `/api/adres` and the search near an address. Default: the
    /// public PDOK service; `off` (or `uit`) for none. See `geocode`.
    pub geocoder_url: Option<String>,
}

pub const DEFAULT_PAGE_CACHE_MB: u32 = 64;
pub const DEFAULT_API_RATE_PER_MINUTE: u32 = 600;
pub const DEFAULT_HEADER_TIMEOUT_SECS: u64 = 10;
pub const DEFAULT_REQUEST_TIMEOUT_SECS: u64 = 30;
pub const DEFAULT_SHUTDOWN_GRACE_SECS: u64 = 8;
pub const DEFAULT_MAIL_FROM: &str = "Haarvaten <noreply@localhost>";
pub const DEFAULT_MAIL_RETRY_SECS: u64 = 30;
pub const DEFAULT_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/haarvaten";

impl Config {
    /// Reads the environment (see the field docs for the variables).
    pub fn from_env() -> anyhow::Result<Self> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// Builds a configuration from a lookup of variables: `from_env` passes
    /// the process environment, tests a fixed list. Blank values count as
    /// unset.
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let var = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let addr = var("HAARVATEN_ADDR")
            .unwrap_or_else(|| "127.0.0.1:8080".into())
            .parse()
            .map_err(|e| anyhow::anyhow!("HAARVATEN_ADDR is not host:port: {e}"))?;
        // A whole number of seconds, at least 1 (0 would refuse everything).
        let seconds = |name: &str, default: u64| -> anyhow::Result<u64> {
            var(name).map_or(Ok(default), |v| {
                v.trim().parse().ok().filter(|s| *s >= 1).ok_or_else(|| {
                    anyhow::anyhow!("{name} is not a whole number of seconds (1 or more): {v}")
                })
            })
        };
        let flag = |name: &str| -> anyhow::Result<bool> {
            var(name).map_or(Ok(false), |v| {
                parse_bool(&v).ok_or_else(|| {
                    anyhow::anyhow!(
                        "{name} is not a yes/no value: {v:?} (use true/false, 1/0, yes/no or ja/nee)"
                    )
                })
            })
        };
        Ok(Self {
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
            read_database_url: var("HAARVATEN_READ_DATABASE_URL"),
            addr,
            tile_url: var("HAARVATEN_TILE_URL")
                .unwrap_or_else(|| "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into()),
            tile_attribution: var("HAARVATEN_TILE_ATTRIBUTION"),
            static_dir: var("HAARVATEN_STATIC_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/static"))),
            secure_cookies: flag("HAARVATEN_SECURE_COOKIES")?,
            trusted_proxy: flag("HAARVATEN_TRUSTED_PROXY")?,
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
            header_timeout_secs: seconds(
                "HAARVATEN_HEADER_TIMEOUT_SECS",
                DEFAULT_HEADER_TIMEOUT_SECS,
            )?,
            request_timeout_secs: seconds(
                "HAARVATEN_REQUEST_TIMEOUT_SECS",
                DEFAULT_REQUEST_TIMEOUT_SECS,
            )?,
            shutdown_grace_secs: seconds(
                "HAARVATEN_SHUTDOWN_GRACE_SECS",
                DEFAULT_SHUTDOWN_GRACE_SECS,
            )?
            .min(9),
            public_url: var("HAARVATEN_PUBLIC_URL")
                .map(|u| u.trim().trim_end_matches('/').to_owned()),
            api_rate_per_minute: match var("HAARVATEN_API_RATE_PER_MINUTE") {
                None => DEFAULT_API_RATE_PER_MINUTE,
                Some(v) => v.trim().parse().map_err(|_| {
                    anyhow::anyhow!(
                        "HAARVATEN_API_RATE_PER_MINUTE is not a whole number of requests: {v}"
                    )
                })?,
            },
            smtp_url: var("HAARVATEN_SMTP_URL").map(|v| v.trim().to_owned()),
            mail_from: var("HAARVATEN_MAIL_FROM").unwrap_or_else(|| DEFAULT_MAIL_FROM.into()),
            base_url: base_url(var("HAARVATEN_BASE_URL"), &addr)?,
            mail_retry_secs: seconds("HAARVATEN_MAIL_RETRY_SECS", DEFAULT_MAIL_RETRY_SECS)?,
            geocoder_url: geocoder_url(var("HAARVATEN_GEOCODER_URL"))?,
        })
    }

    /// A configuration for tests: the defaults, whatever the environment of
    /// the test process holds (tests are hermetic; one that needs another
    /// value sets the field), with the given database, port 0, no tiles, no
    /// page cache and no API rate limit.
    pub fn for_tests(database_url: String) -> Self {
        let mut config = Self::from_vars(|_| None).expect("the defaults are valid");
        config.database_url = database_url;
        config.addr = "127.0.0.1:0".parse().expect("addr");
        config.tile_url = "/static/img/no-tiles.png".into();
        // Many tests write rows with SQL and read a page at once, while the
        // change notification arrives asynchronously; the cache's own tests
        // turn it on.
        config.page_cache_mb = 0;
        // Tests read the API far faster than any client may; the limit's
        // own test turns it on.
        config.api_rate_per_minute = 0;
        // Tests never reach the public geocoder; those that need one start
        // a local server that speaks its API and set this.
        config.geocoder_url = None;
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

/// `HAARVATEN_BASE_URL` without a trailing `/`; it must be an http(s) URL,
/// since every link in a mail starts with it.
fn base_url(value: Option<String>, addr: &SocketAddr) -> anyhow::Result<String> {
    let url = value.unwrap_or_else(|| format!("http://{addr}"));
    let url = url.trim().trim_end_matches('/');
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => Ok(url.into()),
        _ => anyhow::bail!("HAARVATEN_BASE_URL is not an http(s) URL: {url:?}"),
    }
}

/// `HAARVATEN_GEOCODER_URL`: unset means the public PDOK service, `off`
/// none, anything else must be an http(s) URL.
fn geocoder_url(value: Option<String>) -> anyhow::Result<Option<String>> {
    let Some(v) = value.map(|v| v.trim().to_owned()) else {
        return Ok(Some(crate::geocode::PDOK_URL.to_owned()));
    };
    match v.to_ascii_lowercase().as_str() {
        "off" | "uit" | "none" | "false" | "0" => Ok(None),
        lower if lower.starts_with("https://") || lower.starts_with("http://") => Ok(Some(v)),
        _ => anyhow::bail!(
            "HAARVATEN_GEOCODER_URL is not an http(s) URL or `off`: {v:?} \
             (for example {})",
            crate::geocode::PDOK_URL
        ),
    }
}

/// A yes/no setting: true/false, 1/0, yes/no, ja/nee, any case; `None` for
/// anything else.
pub fn parse_bool(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "ja" => Some(true),
        "false" | "0" | "no" | "nee" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> anyhow::Result<Config> {
        Config::from_vars(|name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()))
    }

    #[test]
    fn yes_no_values_in_any_case() {
        for v in ["true", "TRUE", "1", "yes", "Yes", "ja", "JA", " ja "] {
            assert_eq!(parse_bool(v), Some(true), "{v}");
        }
        for v in ["false", "False", "0", "no", "NO", "nee", "Nee"] {
            assert_eq!(parse_bool(v), Some(false), "{v}");
        }
        for v in ["", "y", "n", "on", "off", "2", "waar", "truee"] {
            assert_eq!(parse_bool(v), None, "{v}");
        }
    }

    #[test]
    fn secure_cookies_yes_is_true() {
        assert!(config(&[("HAARVATEN_SECURE_COOKIES", "yes")]).unwrap().secure_cookies);
        assert!(config(&[("HAARVATEN_SECURE_COOKIES", "Ja")]).unwrap().secure_cookies);
        assert!(!config(&[("HAARVATEN_SECURE_COOKIES", "nee")]).unwrap().secure_cookies);
        assert!(config(&[("HAARVATEN_TRUSTED_PROXY", "1")]).unwrap().trusted_proxy);
        // Unset or blank: the default, false.
        assert!(!config(&[]).unwrap().secure_cookies);
        assert!(!config(&[("HAARVATEN_TRUSTED_PROXY", " ")]).unwrap().trusted_proxy);
    }

    #[test]
    fn an_unknown_yes_no_value_stops_the_start_up_naming_the_variable() {
        for name in ["HAARVATEN_SECURE_COOKIES", "HAARVATEN_TRUSTED_PROXY"] {
            let err = config(&[(name, "misschien")]).unwrap_err().to_string();
            assert!(err.contains(name), "{err}");
            assert!(err.contains("misschien"), "{err}");
        }
    }

    #[test]
    fn tests_get_the_defaults_not_the_environment() {
        // Whatever the environment of this process says, `for_tests` is the
        // same as a configuration from no variables at all.
        let ours = Config::for_tests("postgres://test".into());
        let defaults = config(&[]).unwrap();
        assert_eq!(ours.secure_cookies, defaults.secure_cookies);
        assert_eq!(ours.trusted_proxy, defaults.trusted_proxy);
        assert_eq!(ours.retention_months, crate::retention::DEFAULT_MONTHS);
        assert_eq!(ours.static_dir, defaults.static_dir);
        assert_eq!(ours.tile_attribution, defaults.tile_attribution);
        assert_eq!(ours.database_url, "postgres://test");
        assert_eq!(ours.page_cache_mb, 0);
        assert_eq!(ours.read_database_url, None);
    }

    #[test]
    fn a_read_replica_is_optional() {
        let url = "postgres://replica:5433/haarvaten";
        let with = config(&[("HAARVATEN_READ_DATABASE_URL", url)]).unwrap();
        assert_eq!(with.read_database_url.as_deref(), Some(url));
        assert_eq!(
            config(&[("HAARVATEN_READ_DATABASE_URL", " ")]).unwrap().read_database_url,
            None
        );
    }

    #[test]
    fn the_api_settings_have_defaults() {
        let defaults = config(&[]).unwrap();
        assert_eq!(defaults.api_rate_per_minute, DEFAULT_API_RATE_PER_MINUTE);
        assert_eq!(defaults.public_url, None);
        let set = config(&[
            ("HAARVATEN_API_RATE_PER_MINUTE", "0"),
            ("HAARVATEN_PUBLIC_URL", "https://haarvaten.example.nl/"),
        ])
        .unwrap();
        assert_eq!(set.api_rate_per_minute, 0);
        assert_eq!(set.public_url.as_deref(), Some("https://haarvaten.example.nl"));
        assert!(config(&[("HAARVATEN_API_RATE_PER_MINUTE", "veel")]).is_err());
    }

    #[test]
    fn mail_settings() {
        let defaults = config(&[]).unwrap();
        assert_eq!(defaults.smtp_url, None);
        assert_eq!(defaults.base_url, "http://127.0.0.1:8080");
        assert_eq!(defaults.mail_retry_secs, 30);
        let set = config(&[
            ("HAARVATEN_SMTP_URL", "smtps://u:p@mail.example.nl:465"),
            ("HAARVATEN_BASE_URL", "https://haarvaten.example.nl/"),
        ])
        .unwrap();
        assert_eq!(set.smtp_url.as_deref(), Some("smtps://u:p@mail.example.nl:465"));
        assert_eq!(set.base_url, "https://haarvaten.example.nl");
        let err = config(&[("HAARVATEN_BASE_URL", "haarvaten.nl")]).unwrap_err().to_string();
        assert!(err.contains("HAARVATEN_BASE_URL"), "{err}");
    }

    #[test]
    fn numbers_are_checked() {
        assert!(config(&[("HAARVATEN_RETENTION_MONTHS", "0")]).is_err());
        assert_eq!(config(&[("HAARVATEN_RETENTION_MONTHS", "6")]).unwrap().retention_months, 6);
        assert!(config(&[("HAARVATEN_PAGE_CACHE_MB", "veel")]).is_err());
        assert!(config(&[("HAARVATEN_ADDR", "nergens")]).is_err());
    }

    #[test]
    fn the_geocoder_is_pdok_by_default_off_on_request_and_off_in_tests() {
        assert_eq!(config(&[]).unwrap().geocoder_url.as_deref(), Some(crate::geocode::PDOK_URL));
        assert_eq!(config(&[("HAARVATEN_GEOCODER_URL", "uit")]).unwrap().geocoder_url, None);
        let local = config(&[("HAARVATEN_GEOCODER_URL", "http://127.0.0.1:9/v3_1")]).unwrap();
        assert_eq!(local.geocoder_url.as_deref(), Some("http://127.0.0.1:9/v3_1"));
        let err = config(&[("HAARVATEN_GEOCODER_URL", "pdok")]).unwrap_err().to_string();
        assert!(err.contains("HAARVATEN_GEOCODER_URL"), "{err}");
        assert_eq!(Config::for_tests("postgres://test".into()).geocoder_url, None);
    }
}
