//! Correcting and removing a visit, by the member who logged it: the form
//! again with what was stored (`/wijkteam/bezoeken/{id}/bewerken`), and a
//! page that asks before the visit is removed (`…/verwijderen`). Both go
//! through `ops::visits`, which checks that the actor logged the visit.

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use sqlx::PgPool;
use uuid::Uuid;

use super::page;
use super::visits::{FormFor, visit_form_page};
use crate::config::Config;
use crate::db::visits;
use crate::domain::opening_hours::OpeningHours;
use crate::domain::user::CurrentUser;
use crate::domain::visit::VisitFormInput;
use crate::error::{AppError, AppResult};
use crate::ops::visits::{self as ops, LogVisit};
use crate::web::forms::FormErrors;
use crate::web::templates::{PageContext, render};

fn visit_id(raw: &str) -> AppResult<Uuid> {
    Uuid::parse_str(raw).map_err(|_| AppError::NotFound)
}

/// `GET /wijkteam/bezoeken/{id}/bewerken`: the visit form with what was
/// stored, for the member who logged it.
pub async fn edit_visit(
    ctx: PageContext,
    State(db): State<PgPool>,
    State(config): State<Arc<Config>>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = visit_id(&id)?;
    let v = ops::own_visit(&db, &me, id, true).await?;
    let place = visits::place(&db, v.place_id).await?.ok_or(AppError::NotFound)?;
    let team = visits::team_of(&db, &v.wijk_code).await?;
    let target = FormFor { edit_of: Some(id), retention_months: config.retention_months };
    let p = visit_form_page(ctx, &me, &place, &team, v.to_form(), FormErrors::default(), target);
    page(StatusCode::OK, &p)
}

/// `POST /wijkteam/bezoeken/{id}/bewerken`: stores the correction, or the
/// form again with the input kept and each message at its field (422).
pub async fn update_visit(
    ctx: PageContext,
    State(db): State<PgPool>,
    State(config): State<Arc<Config>>,
    me: CurrentUser,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let id = visit_id(&id)?;
    let input = VisitFormInput::from_pairs(&pairs);
    match ops::correct_visit(&db, &me, id, &input, OpeningHours::today()).await? {
        LogVisit::Logged(id) => {
            Ok(Redirect::to(&format!("/wijkteam/bezoeken/{id}?gewijzigd=1")).into_response())
        }
        LogVisit::Invalid { place, team, errors: field_errors } => {
            let mut errors = FormErrors::default();
            for (field, m) in &field_errors {
                errors.add(&ctx, field, m);
            }
            let target = FormFor { edit_of: Some(id), retention_months: config.retention_months };
            let p = visit_form_page(ctx, &me, &place, &team, input, errors, target);
            page(StatusCode::UNPROCESSABLE_ENTITY, &p)
        }
    }
}

#[derive(Template)]
#[template(path = "wijkteam/visit_delete.html")]
struct DeletePage {
    ctx: PageContext,
    id: Uuid,
    place_id: Uuid,
    place_name: String,
    visited_on: String,
    question: String,
}

/// `GET /wijkteam/bezoeken/{id}/verwijderen`: asks first; removing
/// cannot be undone.
pub async fn delete_form(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let v = ops::own_visit(&db, &me, visit_id(&id)?, false).await?;
    let visited_on = ctx.date(&v.visited_on);
    render(&DeletePage {
        question: ctx.lang.t_args(
            "visit-delete-question",
            &[("place", v.place_name.clone()), ("date", visited_on.clone())],
        ),
        id: v.id,
        place_id: v.place_id,
        place_name: v.place_name,
        visited_on,
        ctx,
    })
}

/// `POST /wijkteam/bezoeken/{id}/verwijderen`.
pub async fn delete_visit(
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    ops::remove_visit(&db, &me, visit_id(&id)?).await?;
    Ok(Redirect::to("/wijkteam?verwijderd=1").into_response())
}
