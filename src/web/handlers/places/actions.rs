//! Staff actions on a place page: "gecontroleerd" in one click, and hiding
//! or showing a place (beheerder only).

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use sqlx::PgPool;
use uuid::Uuid;

use crate::domain::user::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::ops::places::load_visible;
use crate::web::extractors::form_value;

/// Confirms that the place is current.
pub async fn verify(
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let p = load_visible(&db, &id, Some(&me)).await?;
    crate::ops::places::verify(&db, &me, &p).await?;
    Ok(Redirect::to(&format!("/plekken/{}?gecontroleerd=1", p.id)).into_response())
}

/// Hides a place (spam, privacy), with a reason; reversible with [`unhide`].
pub async fn hide(
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    set_hidden(db, me, id, pairs, true).await
}

pub async fn unhide(
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    set_hidden(db, me, id, pairs, false).await
}

async fn set_hidden(
    db: PgPool,
    me: CurrentUser,
    id: String,
    pairs: Vec<(String, String)>,
    hidden: bool,
) -> AppResult<Response> {
    let id = Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    crate::ops::places::set_hidden(&db, &me, id, hidden, &form_value(&pairs, "reden")).await?;
    Ok(Redirect::to(&format!("/plekken/{id}")).into_response())
}
