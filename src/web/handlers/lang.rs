//! The language switch: remembers the choice in a cookie and goes back.

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::web::extractors::{LANG_COOKIE, Query};

#[derive(Deserialize)]
pub struct SwitchQuery {
    terug: Option<String>,
}

pub async fn switch(Path(code): Path<String>, Query(q): Query<SwitchQuery>) -> AppResult<Response> {
    let lang = Lang::parse(&code).ok_or(AppError::NotFound)?;
    // Only local paths, so the switch cannot be used as an open redirect.
    let back = q
        .terug
        .filter(|t| t.starts_with('/') && !t.starts_with("//") && !t.contains('\\'))
        .unwrap_or_else(|| "/".into());
    let mut response = Redirect::to(&back).into_response();
    let cookie =
        format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly", lang.code());
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}
