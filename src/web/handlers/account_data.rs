//! `/account/mijn-gegevens.json`: a signed-in person downloads everything
//! the registry holds about their account (AVG inzage), as JSON. Private
//! and never cached: it holds their e-mail, texts and login addresses.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sqlx::PgPool;

use crate::db::personal;
use crate::domain::user::CurrentUser;
use crate::error::AppResult;

/// The file name of the download.
pub const FILE_NAME: &str = "haarvaten-mijn-gegevens.json";

pub async fn my_data(State(db): State<PgPool>, me: CurrentUser) -> AppResult<Response> {
    let data = personal::of_account(&db, me.id).await?;
    let body =
        serde_json::to_vec_pretty(&data).map_err(|e| crate::error::AppError::Other(e.into()))?;
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{FILE_NAME}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}
