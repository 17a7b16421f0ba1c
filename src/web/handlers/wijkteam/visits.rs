//! Logging a visit (the form, and storing it through `ops::visits`), one
//! visit with its notes, and marking its follow-up done.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use sqlx::PgPool;
use std::sync::Arc;
use uuid::Uuid;

use super::{own_wijken, page};
use crate::config::Config;
use crate::db::visits::{self, Member, VisitPlace};
use crate::domain::opening_hours::OpeningHours;
use crate::domain::user::{Action, CurrentUser};
use crate::domain::visit::{Purpose, VisitFormInput};
use crate::error::{AppError, AppResult};
use crate::ops::visits::{self as ops, LogVisit};
use crate::web::extractors::Query;
use crate::web::forms::FormErrors;
use crate::web::templates::{PageContext, render};

pub struct Choice {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "wijkteam/visit_form.html")]
pub(super) struct VisitFormPage {
    ctx: PageContext,
    errors: FormErrors,
    place_id: Uuid,
    place_name: String,
    wijk_name: String,
    form: VisitFormInput,
    purposes: Vec<Choice>,
    colleagues: Vec<Choice>,
    today: String,
    /// The visit being corrected; `None` for a new one.
    edit_of: Option<Uuid>,
    /// How long notes are kept, for the notice on the form.
    retention_months: u32,
}

#[derive(Template)]
#[template(path = "wijkteam/choose_place.html")]
struct ChoosePlacePage {
    ctx: PageContext,
    places: Vec<(Uuid, String, String)>,
}

#[derive(Debug, Deserialize)]
pub struct NewVisitQuery {
    plek: Option<String>,
}

/// Which visit the form is for, and how long its notes are kept.
#[derive(Clone, Copy)]
pub(super) struct FormFor {
    pub edit_of: Option<Uuid>,
    pub retention_months: u32,
}

pub(super) fn visit_form_page(
    ctx: PageContext,
    me: &CurrentUser,
    place: &VisitPlace,
    team: &[Member],
    form: VisitFormInput,
    errors: FormErrors,
    target: FormFor,
) -> VisitFormPage {
    let purposes = Purpose::ALL
        .iter()
        .map(|p| Choice {
            value: p.slug().to_owned(),
            label: ctx.t(&p.label_key()),
            checked: form.doel == p.slug(),
        })
        .collect();
    let colleagues = team
        .iter()
        .filter(|m| m.id != me.id)
        .map(|m| Choice {
            value: m.id.to_string(),
            label: m.email.clone(),
            checked: form.leden.iter().any(|l| l.trim() == m.id.to_string()),
        })
        .collect();
    VisitFormPage {
        ctx,
        errors,
        place_id: place.id,
        place_name: place.name.clone(),
        wijk_name: place.wijk_name.clone(),
        form,
        purposes,
        colleagues,
        today: OpeningHours::today().to_string(),
        edit_of: target.edit_of,
        retention_months: target.retention_months,
    }
}

/// `GET /wijkteam/bezoeken/nieuw?plek=<id>`; without a place, a list to
/// choose from (a plain GET form, so it works without JavaScript).
pub async fn new_visit(
    ctx: PageContext,
    State(db): State<PgPool>,
    State(config): State<Arc<Config>>,
    me: CurrentUser,
    Query(q): Query<NewVisitQuery>,
) -> AppResult<Response> {
    let Some(raw) = q.plek.filter(|s| !s.trim().is_empty()) else {
        let own = own_wijken(&me);
        if own.is_empty() {
            return Err(AppError::Forbidden);
        }
        let mut list = visits::dashboard(&db, &own, OpeningHours::today()).await?;
        list.sort_by(|a, b| a.wijk_name.cmp(&b.wijk_name).then(a.name.cmp(&b.name)));
        let places = list.into_iter().map(|p| (p.id, p.name, p.wijk_name)).collect();
        return render(&ChoosePlacePage { ctx, places });
    };
    let place = ops::place_for_logging(&db, &me, &raw).await?;
    let team = visits::team_of(&db, &place.wijk_code).await?;
    let form = VisitFormInput { datum: OpeningHours::today().to_string(), ..Default::default() };
    let target = FormFor { edit_of: None, retention_months: config.retention_months };
    let p = visit_form_page(ctx, &me, &place, &team, form, FormErrors::default(), target);
    page(StatusCode::OK, &p)
}

/// `POST /wijkteam/bezoeken`: stores the visit, or shows the form again
/// with the input kept and a message next to each wrong field (422).
pub async fn create_visit(
    ctx: PageContext,
    State(db): State<PgPool>,
    State(config): State<Arc<Config>>,
    me: CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let raw_place = pairs.iter().find(|(k, _)| k == "plek").map(|(_, v)| v.as_str());
    let input = VisitFormInput::from_pairs(&pairs);
    match ops::log_visit(&db, &me, raw_place.unwrap_or_default(), &input, OpeningHours::today())
        .await?
    {
        LogVisit::Logged(_) => Ok(Redirect::to("/wijkteam?opgeslagen=1").into_response()),
        LogVisit::Invalid { place, team, errors: field_errors } => {
            let mut errors = FormErrors::default();
            for (field, m) in &field_errors {
                errors.add(&ctx, field, m);
            }
            let target = FormFor { edit_of: None, retention_months: config.retention_months };
            let p = visit_form_page(ctx, &me, &place, &team, input, errors, target);
            page(StatusCode::UNPROCESSABLE_ENTITY, &p)
        }
    }
}

// ---------------------------------------------------------------- one visit

#[derive(Template)]
#[template(path = "wijkteam/visit.html")]
struct VisitPage {
    ctx: PageContext,
    v: visits::VisitDetail,
    visited_on: String,
    purpose_label: String,
    followup_due: Option<String>,
    next_visit: Option<String>,
    can_close_followup: bool,
    may_correct: bool,
    may_remove: bool,
    /// "Gewijzigd" after a correction.
    corrected: bool,
    retention_months: u32,
}

#[derive(Debug, Default, Deserialize)]
pub struct VisitQuery {
    gewijzigd: Option<String>,
}

/// `/wijkteam/bezoeken/{id}`: the visit with its notes. Reading another
/// member's notes is written to the audit log first.
pub async fn show_visit(
    ctx: PageContext,
    State(db): State<PgPool>,
    State(config): State<Arc<Config>>,
    me: CurrentUser,
    Path(id): Path<String>,
    Query(q): Query<VisitQuery>,
) -> AppResult<Response> {
    let id = Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    let v = ops::view_visit(&db, &me, id).await?;
    let p = VisitPage {
        visited_on: ctx.date(&v.visited_on),
        purpose_label: ctx.t(&v.purpose.label_key()),
        followup_due: v.followup_due.map(|d| ctx.date(&d)),
        next_visit: v.next_visit_on.map(|d| ctx.date(&d)),
        can_close_followup: me.may(Action::LogVisit, &v.wijk_code)
            && v.followup_due.is_some()
            && v.followup_done_at.is_none(),
        may_correct: v.may_correct(&me),
        may_remove: v.may_remove(&me),
        corrected: q.gewijzigd.is_some(),
        retention_months: config.retention_months,
        ctx,
        v,
    };
    render(&p)
}

/// `POST /wijkteam/bezoeken/{id}/opvolging-klaar`.
pub async fn followup_done(
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    ops::mark_followup_done(&db, &me, id).await?;
    Ok(Redirect::to("/wijkteam?klaar=1").into_response())
}
