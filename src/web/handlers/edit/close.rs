//! `/plekken/{id}/opheffen`: recording that a place stopped, with the date
//! and a reason. The place stays, with its history.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use sqlx::PgPool;

use super::{add_errors, page_response};
use crate::db::places::PlaceRecord;
use crate::domain::opening_hours::OpeningHours;
use crate::domain::user::{Action, CurrentUser};
use crate::error::{AppError, AppResult, UserMessage};
use crate::ops::places::{Closing, WriteError, load_visible};
use crate::web::extractors::form_value;
use crate::web::forms::FormErrors;
use crate::web::templates::PageContext;

#[derive(Template)]
#[template(path = "edit/close.html")]
struct ClosePage {
    ctx: PageContext,
    name: String,
    place_url: String,
    action: String,
    version: i32,
    form: CloseForm,
    errors: FormErrors,
}

/// The form as the reviewer filled it in, kept when it comes back.
#[derive(Default)]
struct CloseForm {
    closed_on: String,
    reason: String,
    /// "I checked that it stopped".
    checked: bool,
}

impl ClosePage {
    fn new(ctx: PageContext, place: &PlaceRecord, form: CloseForm, errors: FormErrors) -> Self {
        ClosePage {
            name: place.name.to_string(),
            place_url: format!("/plekken/{}", place.id),
            action: format!("/plekken/{}/opheffen", place.id),
            version: place.version,
            form,
            errors,
            ctx,
        }
    }
}

pub async fn close_form(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let place = load_visible(&db, &id, Some(&me)).await?;
    if !me.may(Action::ClosePlace, &place.wijk_code) {
        return Err(AppError::Forbidden);
    }
    let today = OpeningHours::today().to_string();
    let form = CloseForm { closed_on: today, ..CloseForm::default() };
    let page = ClosePage::new(ctx, &place, form, FormErrors::default());
    page_response(StatusCode::OK, &page)
}

pub async fn close(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let place = load_visible(&db, &id, Some(&me)).await?;
    let version: Option<i32> = form_value(&pairs, "versie").trim().parse().ok();
    let closed_on = form_value(&pairs, "opgeheven_op");
    let reason = form_value(&pairs, "reden_opheffing");
    let checked = form_value(&pairs, "gecontroleerd") == "1";
    let closing = Closing { closed_on: &closed_on, reason: &reason, checked };
    let mut errors = FormErrors::default();
    let (status, place) = match crate::ops::places::close(&db, &me, &place, version, closing).await
    {
        Ok(()) => return Ok(Redirect::to(&format!("/plekken/{}", place.id)).into_response()),
        Err(WriteError::Invalid(errs)) => {
            add_errors(&ctx, &mut errors, &errs);
            (StatusCode::UNPROCESSABLE_ENTITY, place)
        }
        Err(WriteError::Conflict(conflict)) => {
            errors.add(&ctx, "opgeheven_op", &UserMessage::new("edit-error-conflict"));
            (StatusCode::CONFLICT, conflict.current)
        }
        Err(WriteError::Other(e)) => return Err(e),
    };
    let page = ClosePage::new(ctx, &place, CloseForm { closed_on, reason, checked }, errors);
    page_response(status, &page)
}
