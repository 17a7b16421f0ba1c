//! Request extractors with friendly, translated rejections.

pub mod query;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use serde::de::DeserializeOwned;

use crate::domain::user::CurrentUser;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::web::session::AuthContext;
use crate::web::state::AppState;
use crate::web::templates::PageContext;

pub const LANG_COOKIE: &str = "hv_lang";

/// The visitor's language: the remembered choice, else `Accept-Language`,
/// else Dutch.
pub fn lang_from_parts(parts: &Parts) -> Lang {
    cookie(parts, LANG_COOKIE)
        .and_then(|v| Lang::parse(&v))
        .or_else(|| {
            parts
                .headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|h| h.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or_default()
}

/// Reads one cookie value from the request headers.
pub fn cookie(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(|h| h.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

impl<S> FromRequestParts<S> for PageContext
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let auth = parts.extensions.get::<AuthContext>().cloned().unwrap_or_default();
        let lang = lang_from_parts(parts);
        Ok(PageContext {
            lang,
            current: parts
                .uri
                .path_and_query()
                .map(|pq| pq.as_str().to_owned())
                .unwrap_or_else(|| "/".into()),
            tile_url: state.config.tile_url.clone(),
            tile_attribution: state
                .config
                .tile_attribution
                .clone()
                .unwrap_or_else(|| lang.t("map-attribution-osm")),
            user: auth.user,
            csrf_token: auth.csrf_token,
            area_sources: None,
        })
    }
}

/// Like `axum::extract::Query`, but a malformed query string is a 400 with
/// a translated message that names the parameter and what it takes
/// ([`query::QueryError`]) instead of axum's English plain-text rejection.
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Query(query::parse(parts.uri.query().unwrap_or_default())?))
    }
}

/// The visitor's account, if signed in. Never rejects.
pub struct MaybeUser(pub Option<CurrentUser>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeUser {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeUser(parts.extensions.get::<AuthContext>().and_then(|a| a.user.clone())))
    }
}

/// The pool a public page reads from: the read replica
/// (`HAARVATEN_READ_DATABASE_URL`) for anonymous visitors, the primary for
/// a signed-in user, who may just have changed what the page shows (a
/// replica replays a commit a moment later). Without a replica both are
/// the primary.
pub struct ReadDb(pub sqlx::PgPool);

impl FromRequestParts<AppState> for ReadDb {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let signed_in = parts.extensions.get::<AuthContext>().is_some_and(|a| a.user.is_some());
        Ok(ReadDb(if signed_in { state.db.clone() } else { state.read_db.clone() }))
    }
}

/// A signed-in user is required: anonymous visitors of a page are sent to
/// `/inloggen?terug=<this page>`; under `/api/` they get a 401.
impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<AuthContext>().and_then(|a| a.user.clone()) {
            Some(user) => Ok(user),
            None => Err(login_redirect(parts)),
        }
    }
}

/// The redirect (or 401) for a visitor who must sign in first.
pub fn login_redirect(parts: &Parts) -> Response {
    if parts.uri.path().starts_with("/api/") {
        return AppError::Unauthorized.into_response();
    }
    // After a POST there is no page to return to; go back to where it came from.
    let back = if parts.method == axum::http::Method::GET {
        parts.uri.path_and_query().map(|pq| pq.as_str().to_owned()).unwrap_or_else(|| "/".into())
    } else {
        "/".into()
    };
    let query = serde_urlencoded::to_string([("terug", back.as_str())]).unwrap_or_default();
    Redirect::to(&format!("/inloggen?{query}")).into_response()
}

/// A signed-in beheerder: anonymous visitors go to the login page, anyone
/// else gets a 403.
pub struct RequireBeheerder(pub CurrentUser);

impl<S: Send + Sync> FromRequestParts<S> for RequireBeheerder {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        if user.is_beheerder() {
            Ok(RequireBeheerder(user))
        } else {
            Err(AppError::Forbidden.into_response())
        }
    }
}

/// The trimmed value of one field of a form read as name/value pairs (the
/// shape for forms with repeated fields); empty when absent.
pub fn form_value(pairs: &[(String, String)], key: &str) -> String {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim().to_owned()).unwrap_or_default()
}
