//! Request extractors with friendly, translated rejections.

use axum::extract::{FromRef, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::{AppError, UserMessage};
use crate::i18n::Lang;
use crate::state::AppState;
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
        Ok(PageContext {
            lang: lang_from_parts(parts),
            current: parts
                .uri
                .path_and_query()
                .map(|pq| pq.as_str().to_owned())
                .unwrap_or_else(|| "/".into()),
            tile_url: state.config.tile_url.clone(),
            tile_attribution: state.config.tile_attribution.clone(),
        })
    }
}

/// Like `axum::extract::Query`, but a malformed query string is a 400 with
/// a translated message instead of axum's plain-text rejection.
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        serde_urlencoded::from_str(query)
            .map(Query)
            .map_err(|e| AppError::BadRequest(UserMessage::new("error-bad-query").arg("detail", e)))
    }
}
