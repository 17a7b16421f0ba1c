//! Sessions, the signed-in user and CSRF protection, set up once for every
//! route.
//!
//! Sessions live in PostgreSQL (tower-sessions with our store in
//! `db::sessions`, which keeps only a hash of each id), so several app
//! instances share them. A session row exists only for a signed-in user.
//! The cookie is HttpOnly, SameSite=Lax, and with `HAARVATEN_SECURE_COOKIES`
//! Secure and named `__Host-hv_sessie`.
//!
//! How long a session lasts depends on the role ([`Lifetime`]): staff
//! (wijkteam, gemeente, beheerder) 30 minutes idle and 12 hours in all
//! (ASVS level 2); a bewoner 14 days idle and 90 days in all.
//!
//! CSRF: one check in [`auth_context`] for every POST/PUT/PATCH/DELETE,
//! before any handler runs, so no handler can forget it. The token comes
//! from the form field `csrf_token` or the `x-csrf-token` header and is
//! compared in constant time against the session's synchronizer token, or
//! for an anonymous visitor against the signed cookie (see [`csrf`]).

mod csrf;
pub mod keys;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::Response;
use chrono::Utc;
use sqlx::PgPool;
use subtle::ConstantTimeEq;
use tower::layer::util::Stack;
use tower_sessions::cookie::SameSite;
use tower_sessions::cookie::time::{Duration, OffsetDateTime};
use tower_sessions::{Expiry, Session, SessionManagerLayer};
use uuid::Uuid;

use crate::db::sessions::PgSessionStore;
use crate::domain::user::{CurrentUser, Role, random_token};
use crate::web::state::AppState;
pub use keys::{CookieKey, SESSION_COOKIE, session_cookie_name};

/// Name of the form field that carries the CSRF token.
pub const CSRF_FIELD: &str = "csrf_token";
/// Header alternative for scripts (`fetch`).
pub const CSRF_HEADER: &str = "x-csrf-token";
const FORWARDED_FOR: &str = "x-forwarded-for";

const KEY_USER: &str = "uid";
const KEY_VERSION: &str = "sv";
const KEY_CSRF: &str = "csrf";
/// Unix seconds of the login, and of the last request seen.
const KEY_LOGIN_AT: &str = "login_at";
const KEY_SEEN: &str = "seen";

/// The last-seen time is written at most this often, so idle time is
/// known to the minute at one write per minute of use.
const SEEN_EVERY_SECONDS: i64 = 60;

/// Who is asking, and the CSRF token for forms on the page. Put into the
/// request extensions by [`auth_context`]; read by `PageContext`,
/// `MaybeUser`, `CurrentUser` and `RequireBeheerder`.
#[derive(Debug, Clone, Default)]
pub struct AuthContext {
    pub user: Option<CurrentUser>,
    pub csrf_token: String,
}

/// Marks a response made for one visitor (a signed-in user, or a page with
/// an anonymous visitor's form token): `security_headers` sends it with
/// `Cache-Control: private, no-store`, so no shared cache keeps it.
#[derive(Debug, Clone, Copy)]
pub struct Personal;

/// How long a session may last: since the last request, and in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifetime {
    pub idle: chrono::Duration,
    pub absolute: chrono::Duration,
}

impl Lifetime {
    /// Staff see protected addresses and visit notes: ASVS level 2 asks 12
    /// hours in all and 30 minutes idle. Residents may stay logged in on
    /// their own phone: 14 days idle, and at most 90 days after the login.
    pub fn of(role: Role) -> Self {
        match role {
            Role::Bewoner => {
                Self { idle: chrono::Duration::days(14), absolute: chrono::Duration::days(90) }
            }
            Role::Wijkteam | Role::Gemeente | Role::Beheerder => {
                Self { idle: chrono::Duration::minutes(30), absolute: chrono::Duration::hours(12) }
            }
        }
    }

    /// Whether a session that logged in and was last seen at these unix
    /// seconds is still alive at `now`.
    pub fn allows(&self, login_at: i64, seen: i64, now: i64) -> bool {
        now - seen <= self.idle.num_seconds() && now - login_at <= self.absolute.num_seconds()
    }

    /// When the session ends if it is not used again after `now`.
    fn ends_at(&self, login_at: i64, now: i64) -> i64 {
        (now + self.idle.num_seconds()).min(login_at + self.absolute.num_seconds())
    }
}

/// Starts the task that removes expired sessions every hour. The table
/// itself comes from the migrations, so tests have it too.
pub fn start_session_cleanup(db: &PgPool) {
    let store = PgSessionStore::new(db.clone());
    tokio::spawn(async move {
        let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every_hour.tick().await;
            if let Err(e) = store.delete_expired().await {
                tracing::warn!(error = %e, "deleting expired sessions failed");
            }
        }
    });
}

/// The session layer, and the cookie key as a request extension for
/// [`auth_context`] and the login handler.
pub fn layer(
    state: &AppState,
) -> Stack<SessionManagerLayer<PgSessionStore>, axum::Extension<CookieKey>> {
    let secure = state.config.secure_cookies;
    let sessions = SessionManagerLayer::new(PgSessionStore::new(state.db.clone()))
        .with_name(session_cookie_name(secure))
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_path("/")
        // The longest any session lasts idle; `keep_alive` shortens it
        // per role.
        .with_expiry(Expiry::OnInactivity(Duration::days(14)));
    Stack::new(sessions, axum::Extension(CookieKey::new(state.db.clone())))
}

/// Starts a signed-in session. A new session id defeats session fixation,
/// and a new CSRF token goes with it.
pub async fn log_in(session: &Session, user_id: Uuid, version: i32) -> anyhow::Result<()> {
    let now = Utc::now().timestamp();
    session.cycle_id().await?;
    session.insert(KEY_USER, user_id).await?;
    session.insert(KEY_VERSION, version).await?;
    session.insert(KEY_CSRF, random_token()).await?;
    session.insert(KEY_LOGIN_AT, now).await?;
    session.insert(KEY_SEEN, now).await?;
    Ok(())
}

/// Keeps this session signed in after the password (and so the session
/// version) changed; other sessions of the user end.
pub async fn refresh_version(session: &Session, version: i32) -> anyhow::Result<()> {
    session.cycle_id().await?;
    session.insert(KEY_VERSION, version).await?;
    Ok(())
}

/// Ends the session: deleted from the store, cookie cleared.
pub async fn log_out(session: &Session) -> anyhow::Result<()> {
    session.flush().await?;
    Ok(())
}

/// Where the token of this request must come from.
enum Token {
    /// A signed-in session's synchronizer token.
    Session(String),
    /// An anonymous visitor's: from the cookie (`nonce`), or made now for a
    /// visitor without one (`fresh`: the cookie is set if a form uses it).
    Cookie { token: String, nonce: String, fresh: bool },
}

impl Token {
    fn value(&self) -> &str {
        match self {
            Token::Session(t) | Token::Cookie { token: t, .. } => t,
        }
    }

    /// What a POST must send; nothing matches for a visitor without cookie.
    fn expected(&self) -> Option<&str> {
        match self {
            Token::Cookie { fresh: true, .. } => None,
            _ => Some(self.value()),
        }
    }
}

/// Loads the user and the CSRF token, and refuses unsafe requests without a
/// valid token. Sits outside `error_pages` so that page sees the user too.
pub async fn auth_context(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    // Static files need neither user nor token; skip the session lookup.
    if !unsafe_method && req.uri().path().starts_with("/static/") {
        return next.run(req).await;
    }
    let session = req.extensions().get::<Session>().cloned();
    let key = req.extensions().get::<CookieKey>().cloned();
    let (Some(session), Some(key)) = (session, key) else {
        return next.run(req).await;
    };
    let secure = state.config.secure_cookies;

    let user = load_user(&state.db, &session).await;
    let token = match &user {
        Some(_) => Token::Session(session_token(&session).await),
        None => {
            let (nonce, fresh) = match csrf::anonymous_nonce(req.headers(), secure) {
                Some(nonce) => (nonce, false),
                None => (random_token(), true),
            };
            Token::Cookie { token: csrf::anonymous_token(&key, &nonce).await, nonce, fresh }
        }
    };
    let auth = AuthContext { user, csrf_token: token.value().to_owned() };

    let mut req = if unsafe_method {
        let (req, sent) = match csrf::token_from_request(req).await {
            Ok(pair) => pair,
            Err(response) => return response,
        };
        let valid = match (token.expected(), sent) {
            (Some(expected), Some(sent)) if !expected.is_empty() => {
                bool::from(expected.as_bytes().ct_eq(sent.trim().as_bytes()))
            }
            _ => false,
        };
        if !valid {
            tracing::info!(path = %req.uri().path(), "refused a request without a valid CSRF token");
            return csrf::csrf_refused(&state, req, auth).await;
        }
        req
    } else {
        req
    };

    req.extensions_mut().insert(auth.clone());
    let mut response = next.run(req).await;
    match (&auth.user, token) {
        (Some(user), _) => {
            keep_alive(&session, user.role).await;
            response.extensions_mut().insert(Personal);
        }
        (None, Token::Cookie { token, nonce, fresh: true }) => {
            let (uses, with_body) = csrf::form_uses(&token, response).await;
            response = with_body;
            if uses && let Some(cookie) = keys::set_cookie(keys::CSRF_COOKIE, nonce, secure, None) {
                response.headers_mut().append(header::SET_COOKIE, cookie);
                response.extensions_mut().insert(Personal);
            }
        }
        // A page carries the token that goes with this visitor's cookie.
        (None, _) => {
            if csrf::is_html(&response) {
                response.extensions_mut().insert(Personal);
            }
        }
    }
    response
}

/// The session's CSRF token; one is made for a session that has none.
async fn session_token(session: &Session) -> String {
    if let Ok(Some(token)) = session.get::<String>(KEY_CSRF).await {
        return token;
    }
    let token = random_token();
    if let Err(e) = session.insert(KEY_CSRF, &token).await {
        tracing::warn!(error = %e, "storing the CSRF token failed");
    }
    token
}

/// Notes the time of this request (at most once a minute) and moves the
/// row's expiry to the end of the role's idle time, capped by its absolute
/// limit, so the store forgets the session when it ends.
async fn keep_alive(session: &Session, role: Role) {
    // Logged out by the handler: writing now would store an empty session.
    if !matches!(session.get::<Uuid>(KEY_USER).await, Ok(Some(_))) {
        return;
    }
    let now = Utc::now().timestamp();
    let seen = session.get::<i64>(KEY_SEEN).await.ok().flatten().unwrap_or(0);
    if now - seen < SEEN_EVERY_SECONDS {
        return;
    }
    let login_at = session.get::<i64>(KEY_LOGIN_AT).await.ok().flatten().unwrap_or(now);
    let ends = Lifetime::of(role).ends_at(login_at, now);
    if let Err(e) = session.insert(KEY_SEEN, now).await {
        tracing::warn!(error = %e, "refreshing the session failed");
        return;
    }
    if let Ok(ends) = OffsetDateTime::from_unix_timestamp(ends) {
        session.set_expiry(Some(Expiry::AtDateTime(ends)));
    }
}

async fn load_user(db: &PgPool, session: &Session) -> Option<CurrentUser> {
    let id: Uuid = session.get(KEY_USER).await.ok().flatten()?;
    let version: i32 = session.get(KEY_VERSION).await.ok().flatten().unwrap_or(0);
    // Sessions from before these keys existed count as expired.
    let login_at: i64 = session.get(KEY_LOGIN_AT).await.ok().flatten().unwrap_or(0);
    let seen: i64 = session.get(KEY_SEEN).await.ok().flatten().unwrap_or(0);
    let now = Utc::now().timestamp();
    match crate::db::users::load_current(db, id).await {
        Ok(Some((user, current)))
            if current == version && Lifetime::of(user.role).allows(login_at, seen, now) =>
        {
            Some(user)
        }
        Ok(_) => {
            // Account gone, password changed elsewhere, or the session is
            // too old or idle too long: end it.
            if let Err(e) = session.flush().await {
                tracing::warn!(error = %e, "ending a session failed");
            }
            None
        }
        Err(e) => {
            tracing::error!(error = %e, "loading the signed-in user failed");
            None
        }
    }
}

/// The client's IP address for rate limiting: the socket peer, or the
/// last `X-Forwarded-For` entry (the one our own proxy added; earlier ones
/// are the client's word) when `HAARVATEN_TRUSTED_PROXY` is set.
pub fn client_ip(parts: &axum::http::request::Parts, trust_forwarded_for: bool) -> String {
    if trust_forwarded_for
        && let Some(ip) = parts
            .headers
            .get(FORWARDED_FOR)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    {
        return ip.to_owned();
    }
    parts
        .extensions
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|ci| ci.0.ip().to_string())
        .unwrap_or_else(|| "onbekend".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_sessions_end_after_12_hours_or_30_idle_minutes() {
        let staff = Lifetime::of(Role::Wijkteam);
        let now = 1_000_000;
        assert!(staff.allows(now - 11 * 3600, now - 29 * 60, now));
        assert!(!staff.allows(now - 11 * 3600, now - 31 * 60, now));
        assert!(!staff.allows(now - 12 * 3600 - 1, now, now));
        let bewoner = Lifetime::of(Role::Bewoner);
        assert!(bewoner.allows(now - 30 * 86400, now - 86400, now));
        assert!(!bewoner.allows(now - 91 * 86400, now, now));
        assert_eq!(staff.ends_at(now - 12 * 3600 + 60, now), now + 60);
    }
}
