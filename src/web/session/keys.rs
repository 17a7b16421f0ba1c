//! The key that signs the app's own cookies, and the two cookies it signs:
//! the CSRF cookie of anonymous visitors and the device cookie that marks a
//! browser which logged in to an account before.
//!
//! The key lives in the database (`app_secrets`, made by a migration), so
//! every instance shares it without configuration; it is read once per
//! instance, on first use.

use std::sync::Arc;

use axum::http::{HeaderMap, HeaderValue, header};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::PgPool;
use subtle::ConstantTimeEq;
use tokio::sync::OnceCell;
use tower_sessions::cookie::time::Duration;
use tower_sessions::cookie::{Cookie, SameSite};
use uuid::Uuid;

use crate::domain::user::random_token;
use crate::ops::accounts::Device;

/// Base names; with secure cookies they get the `__Host-` prefix, which
/// the browser only accepts with Secure, Path=/ and no Domain, so no other
/// site on a subdomain can set or overwrite them.
pub const SESSION_COOKIE: &str = "hv_sessie";
pub const CSRF_COOKIE: &str = "hv_formulier";
pub const DEVICE_COOKIE: &str = "hv_apparaat";

/// How long a browser stays a known device after its last login.
const DEVICE_DAYS: i64 = 365;

/// The name a cookie has under this configuration.
pub fn cookie_name(base: &'static str, secure: bool) -> String {
    if secure { format!("__Host-{base}") } else { base.to_owned() }
}

/// The session cookie's name under this configuration (the page cache
/// looks for it to leave signed-in visitors alone).
pub fn session_cookie_name(secure: bool) -> String {
    cookie_name(SESSION_COOKIE, secure)
}

/// The value of a request cookie, by name.
pub fn request_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Path=/, Secure with
/// secure cookies; kept for `max_age`, or until the browser closes.
pub fn set_cookie(
    base: &'static str,
    value: String,
    secure: bool,
    max_age: Option<Duration>,
) -> Option<HeaderValue> {
    let mut cookie = Cookie::build((cookie_name(base, secure), value))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .path("/");
    if let Some(age) = max_age {
        cookie = cookie.max_age(age);
    }
    HeaderValue::from_str(&cookie.build().to_string()).ok()
}

/// The signing key of this instance, read from the database once.
#[derive(Clone)]
pub struct CookieKey {
    db: PgPool,
    key: Arc<OnceCell<Vec<u8>>>,
}

impl CookieKey {
    pub fn new(db: PgPool) -> Self {
        Self { db, key: Arc::new(OnceCell::new()) }
    }

    async fn key(&self) -> Result<&[u8], sqlx::Error> {
        let key = self.key.get_or_try_init(|| crate::db::sessions::cookie_key(&self.db)).await?;
        Ok(key.as_slice())
    }

    /// HMAC-SHA256 of `value` for one purpose, as hex. The purpose keeps a
    /// signature made for one cookie from being valid for another.
    pub async fn sign(&self, purpose: &str, value: &str) -> Result<String, sqlx::Error> {
        let key = self.key().await?;
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key");
        mac.update(purpose.as_bytes());
        mac.update(b"\0");
        mac.update(value.as_bytes());
        Ok(mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Whether `signature` is ours for `value`, compared in constant time.
    pub async fn verify(&self, purpose: &str, value: &str, signature: &str) -> bool {
        match self.sign(purpose, value).await {
            Ok(expected) => bool::from(expected.as_bytes().ct_eq(signature.trim().as_bytes())),
            Err(e) => {
                tracing::error!(error = %e, "reading the cookie key failed");
                false
            }
        }
    }
}

// ---------------------------------------------------------------- device

const DEVICE_PURPOSE: &str = "device";

/// The known device this request comes from, if its cookie is ours.
pub async fn known_device(headers: &HeaderMap, key: &CookieKey, secure: bool) -> Option<Device> {
    let value = request_cookie(headers, &cookie_name(DEVICE_COOKIE, secure))?;
    let (signed, signature) = value.rsplit_once('.')?;
    let (user, id) = signed.split_once('.')?;
    let user_id = Uuid::parse_str(user).ok()?;
    key.verify(DEVICE_PURPOSE, signed, signature)
        .await
        .then(|| Device { user_id, id: id.to_owned() })
}

/// The device cookie to set after a login: this browser's id is kept if it
/// already was a known device of this account, else a new one is made.
pub async fn device_cookie(
    key: &CookieKey,
    user_id: Uuid,
    known: Option<&Device>,
    secure: bool,
) -> Result<Option<HeaderValue>, sqlx::Error> {
    let id = match known {
        Some(d) if d.user_id == user_id => d.id.clone(),
        _ => random_token()[..32].to_owned(),
    };
    let signed = format!("{user_id}.{id}");
    let signature = key.sign(DEVICE_PURPOSE, &signed).await?;
    let value = format!("{signed}.{signature}");
    Ok(set_cookie(DEVICE_COOKIE, value, secure, Some(Duration::days(DEVICE_DAYS))))
}
