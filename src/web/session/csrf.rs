//! Reading the CSRF token a request sends, the token of an anonymous
//! visitor, and the page that refuses a request without a valid token.
//!
//! Signed-in users have a synchronizer token in their session. Anonymous
//! visitors have no session row (issue 10: every cookieless GET of the
//! login form stored one); their token is the HMAC of a random value kept
//! in a cookie (a signed double-submit token). A page that does not know
//! the key cannot make a matching token for a cookie, and with secure
//! cookies the `__Host-` prefix stops other sites on a subdomain from
//! planting one.

use askama::Template;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use super::keys::{CSRF_COOKIE, CookieKey, cookie_name, request_cookie};
use super::{AuthContext, CSRF_FIELD, CSRF_HEADER};
use crate::web::state::AppState;
use crate::web::templates::PageContext;

/// Largest form body the CSRF check reads into memory.
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

/// Largest multipart body it reads on the places upload (`/beheer/import…`),
/// which takes files up to 20 MB (`handlers::import_upload`) and says so in
/// Dutch when one is larger; beyond this the plain "too large" page
/// answers. Other routes keep the 2 MB limit.
const MAX_MULTIPART_BYTES: usize = crate::web::handlers::import_upload::MAX_BODY_BYTES;

const CSRF_PURPOSE: &str = "csrf";

/// The random value in an anonymous visitor's CSRF cookie, if it has the
/// shape we make (64 hex digits).
pub(super) fn anonymous_nonce(headers: &HeaderMap, secure: bool) -> Option<String> {
    request_cookie(headers, &cookie_name(CSRF_COOKIE, secure))
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The form token that goes with an anonymous visitor's cookie value.
pub(super) async fn anonymous_token(key: &CookieKey, nonce: &str) -> String {
    key.sign(CSRF_PURPOSE, nonce).await.unwrap_or_else(|e| {
        // Without the key no token can be valid; forms then answer 403.
        tracing::error!(error = %e, "reading the cookie key failed");
        String::new()
    })
}

pub(super) fn is_html(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

/// Whether the page in `response` holds a form that posts `token`.
pub(super) async fn form_uses(token: &str, response: Response) -> (bool, Response) {
    if !is_html(&response) || token.is_empty() {
        return (false, response);
    }
    let (parts, body) = response.into_parts();
    // Pages are rendered into memory already; this only collects them.
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return (false, StatusCode::INTERNAL_SERVER_ERROR.into_response());
    };
    let html = String::from_utf8_lossy(&bytes);
    let uses = html.contains(CSRF_FIELD) && html.contains(token);
    (uses, Response::from_parts(parts, Body::from(bytes)))
}

/// Reads the token from the header or the form body, and rebuilds the
/// request so the handler can still read the body.
pub(super) async fn token_from_request(
    req: Request,
) -> Result<(Request, Option<String>), Response> {
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
    let upload = parts.uri.path().starts_with("/beheer/import");
    let limit = if upload && content_type.starts_with("multipart/form-data") {
        MAX_MULTIPART_BYTES
    } else {
        MAX_FORM_BYTES
    };
    let bytes = axum::body::to_bytes(body, limit)
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
pub(super) async fn csrf_refused(state: &AppState, req: Request, auth: AuthContext) -> Response {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_field_in_a_multipart_body() {
        let body = b"--x\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc123\r\n--x--\r\n";
        assert_eq!(multipart_field(body, "csrf_token").as_deref(), Some("abc123"));
    }
}
