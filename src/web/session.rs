//! Sessions, the signed-in user and CSRF protection, set up once for every
//! route.
//!
//! Sessions live in PostgreSQL (tower-sessions with our store in
//! `db::sessions`), so several app instances share them. The cookie is HttpOnly, SameSite=Lax,
//! and Secure when `HAARVATEN_SECURE_COOKIES` is set.
//!
//! CSRF: a synchronizer token kept in the session, checked by the
//! [`auth_context`] middleware for every POST/PUT/PATCH/DELETE before any
//! handler runs, so no handler can forget it. The token comes from the form
//! field `csrf_token` or the `x-csrf-token` header and is compared in
//! constant time. We chose this over axum_csrf, whose double-submit cookie
//! adds a second cookie and is weaker against cookie injection; we already
//! have a server-side session to keep the token in.

use askama::Template;
use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use sqlx::PgPool;
use subtle::ConstantTimeEq;
use tower_sessions::cookie::SameSite;
use tower_sessions::cookie::time::Duration;
use tower_sessions::{Expiry, Session, SessionManagerLayer};
use uuid::Uuid;

use crate::db::sessions::PgSessionStore;
use crate::domain::user::{CurrentUser, random_token};
use crate::web::state::AppState;
use crate::web::templates::PageContext;

/// Name of the form field that carries the CSRF token.
pub const CSRF_FIELD: &str = "csrf_token";
/// Header alternative for scripts (`fetch`).
pub const CSRF_HEADER: &str = "x-csrf-token";
pub const SESSION_COOKIE: &str = "hv_sessie";
const FORWARDED_FOR: &str = "x-forwarded-for";

const KEY_USER: &str = "uid";
const KEY_VERSION: &str = "sv";
const KEY_CSRF: &str = "csrf";
const KEY_DAY: &str = "day";

/// Largest form body the CSRF check reads into memory.
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

/// Who is asking, and the CSRF token for forms on the page. Put into the
/// request extensions by [`auth_context`]; read by `PageContext`,
/// `MaybeUser`, `CurrentUser` and `RequireBeheerder`.
#[derive(Debug, Clone, Default)]
pub struct AuthContext {
    pub user: Option<CurrentUser>,
    pub csrf_token: String,
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

pub fn layer(state: &AppState) -> SessionManagerLayer<PgSessionStore> {
    SessionManagerLayer::new(PgSessionStore::new(state.db.clone()))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.secure_cookies)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(Duration::days(14)))
}

/// Starts a signed-in session. A new session id defeats session fixation,
/// and a new CSRF token goes with it.
pub async fn log_in(session: &Session, user_id: Uuid, version: i32) -> anyhow::Result<()> {
    session.cycle_id().await?;
    session.insert(KEY_USER, user_id).await?;
    session.insert(KEY_VERSION, version).await?;
    session.insert(KEY_CSRF, random_token()).await?;
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

/// Loads the user and the CSRF token, and refuses unsafe requests without a
/// valid token. Sits outside `error_pages` so that page sees the user too.
pub async fn auth_context(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let session = req.extensions().get::<Session>().cloned();
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    // Static files need neither user nor token; skip the session lookup.
    if !unsafe_method && req.uri().path().starts_with("/static/") {
        return next.run(req).await;
    }
    let Some(session) = session else {
        return next.run(req).await;
    };

    let user = load_user(&state.db, &session).await;
    let stored: Option<String> = session.get(KEY_CSRF).await.unwrap_or_else(|e| {
        tracing::warn!(error = %e, "reading the session failed");
        None
    });
    let fresh = stored.is_none();
    let csrf_token = stored.clone().unwrap_or_else(random_token);
    let auth = AuthContext { user, csrf_token };

    let req = if unsafe_method {
        let (req, sent) = match token_from_request(req).await {
            Ok(pair) => pair,
            Err(response) => return response,
        };
        let valid = match (&stored, sent) {
            (Some(expected), Some(sent)) => {
                bool::from(expected.as_bytes().ct_eq(sent.trim().as_bytes()))
            }
            _ => false,
        };
        if !valid {
            tracing::info!(path = %req.uri().path(), "refused a request without a valid CSRF token");
            return csrf_refused(&state, req, auth).await;
        }
        req
    } else {
        req
    };

    let mut req = req;
    req.extensions_mut().insert(auth.clone());
    let response = next.run(req).await;
    if fresh {
        return keep_token_if_a_form_uses_it(&session, &auth.csrf_token, response).await;
    }
    if auth.user.is_some() {
        keep_alive(&session).await;
    }
    response
}

/// Stores a new token only when the page holds a form that posts it. Pages
/// without forms (most public pages, health checks, JSON) then create no
/// session, so crawlers do not fill the session table.
async fn keep_token_if_a_form_uses_it(
    session: &Session,
    token: &str,
    response: Response,
) -> Response {
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (parts, body) = response.into_parts();
    // Pages are rendered into memory already; this only collects them.
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let html = String::from_utf8_lossy(&bytes);
    if html.contains(CSRF_FIELD)
        && html.contains(token)
        && matches!(session.get::<String>(KEY_CSRF).await, Ok(None))
        && let Err(e) = session.insert(KEY_CSRF, token).await
    {
        tracing::warn!(error = %e, "storing the CSRF token failed");
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// tower-sessions extends the expiry only when the session changes. A
/// signed-in session is touched once a day, so it lasts 14 days after the
/// last visit instead of after the login, at one write per day.
async fn keep_alive(session: &Session) {
    let today = chrono::Utc::now().date_naive().to_string();
    if session.get::<String>(KEY_DAY).await.ok().flatten().as_deref() != Some(today.as_str())
        && let Err(e) = session.insert(KEY_DAY, today).await
    {
        tracing::warn!(error = %e, "refreshing the session failed");
    }
}

async fn load_user(db: &PgPool, session: &Session) -> Option<CurrentUser> {
    let id: Uuid = session.get(KEY_USER).await.ok().flatten()?;
    let version: i32 = session.get(KEY_VERSION).await.ok().flatten().unwrap_or(0);
    match crate::db::users::load_current(db, id).await {
        Ok(Some((user, current))) if current == version => Some(user),
        Ok(_) => {
            // Account gone or password changed elsewhere: sign this session out.
            let _ = session.remove_value(KEY_USER).await;
            None
        }
        Err(e) => {
            tracing::error!(error = %e, "loading the signed-in user failed");
            None
        }
    }
}

/// Reads the token from the header or the form body, and rebuilds the
/// request so the handler can still read the body.
async fn token_from_request(req: Request) -> Result<(Request, Option<String>), Response> {
    if let Some(v) = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        let token = v.to_owned();
        return Ok((req, Some(token)));
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|_| StatusCode::PAYLOAD_TOO_LARGE.into_response())?;
    let token = if content_type.starts_with("application/x-www-form-urlencoded") {
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .ok()
            .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v))
    } else if content_type.starts_with("multipart/form-data") {
        multipart_field(&bytes, CSRF_FIELD)
    } else {
        None
    };
    Ok((Request::from_parts(parts, Body::from(bytes)), token))
}

/// The value of a small text field in a multipart body, found by name.
fn multipart_field(body: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let marker = format!("name=\"{name}\"");
    let start = text.find(&marker)?;
    let rest = &text[start..];
    let value_start = rest.find("\r\n\r\n")? + 4;
    let value = &rest[value_start..];
    let end = value.find("\r\n").unwrap_or(value.len());
    Some(value[..end].to_owned())
}

#[derive(Template)]
#[template(path = "error.html")]
struct CsrfErrorPage {
    ctx: PageContext,
    title: String,
    message: String,
    reference: Option<String>,
}

/// 403 with a page in the visitor's language. Rendered here because this
/// middleware runs outside `error_pages`.
async fn csrf_refused(state: &AppState, req: Request, auth: AuthContext) -> Response {
    let (mut parts, _) = req.into_parts();
    let is_api = parts.uri.path().starts_with("/api/");
    parts.extensions.insert(auth);
    let ctx = match PageContext::from_request_parts(&mut parts, state).await {
        Ok(ctx) => ctx,
        Err(_) => return StatusCode::FORBIDDEN.into_response(),
    };
    let title = ctx.t("auth-csrf-title");
    let message = ctx.t("auth-csrf-text");
    if is_api {
        let body = serde_json::json!({ "error": message, "status": 403 });
        return (StatusCode::FORBIDDEN, axum::Json(body)).into_response();
    }
    let page = CsrfErrorPage { ctx, title, message, reference: None };
    match page.render() {
        Ok(html) => (StatusCode::FORBIDDEN, Html(html)).into_response(),
        Err(_) => StatusCode::FORBIDDEN.into_response(),
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
    fn finds_a_field_in_a_multipart_body() {
        let body = b"--x\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc123\r\n--x--\r\n";
        assert_eq!(multipart_field(body, "csrf_token").as_deref(), Some("abc123"));
    }
}
