//! `/plekken/nieuw`: the form for a new place and its submission.

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::address::{self, AddressBox, Located};
use super::form::{FormPage, build_groups, read_form};
use super::week::{apply_week, week_form};
use super::{add_errors, page_response};
use crate::db::places;
use crate::domain::place::Precision;
use crate::domain::place_input::PlaceInput;
use crate::domain::user::CurrentUser;
use crate::error::{AppError, AppResult, UserMessage};
use crate::ops::places::{Saved, WriteError};
use crate::web::forms::FormErrors;
use crate::web::state::AppState;
use crate::web::templates::PageContext;

async fn new_page(
    ctx: PageContext,
    state: &AppState,
    me: &CurrentUser,
    input: &PlaceInput,
    errors: FormErrors,
    located: &Located,
) -> AppResult<FormPage> {
    let buurten = places::buurt_options(&state.db).await?;
    let groups = build_groups(&ctx, input, &errors, &buurten, false);
    Ok(FormPage {
        title: ctx.t("edit-new-title"),
        intro: ctx.t("edit-new-intro"),
        action: "/plekken/nieuw".into(),
        submit: ctx.t("edit-new-submit"),
        groups,
        errors,
        version: None,
        conflict: vec![],
        is_conflict: false,
        conflict_clash: None,
        place_url: None,
        protected_note: false,
        map_bounds: address::map_bounds(state, me, None).await?,
        address: AddressBox::new(&ctx, state, located),
        week: week_form(&ctx, &input.opening_hours, None),
        ctx,
    })
}

pub async fn new_form(
    ctx: PageContext,
    State(state): State<AppState>,
    me: CurrentUser,
) -> AppResult<Response> {
    // Privacy first: a new place shows only its buurt unless chosen.
    let input = PlaceInput { precision: Precision::Buurt.slug().into(), ..Default::default() };
    let page = new_page(ctx, &state, &me, &input, FormErrors::default(), &Located::Ready).await?;
    page_response(StatusCode::OK, &page)
}

pub async fn create(
    ctx: PageContext,
    State(state): State<AppState>,
    me: CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (mut input, _) = read_form(&pairs);
    input.source = "website".into();
    input.status.clear();
    input.closed_on.clear();
    input.closing_reason.clear();
    let (week, week_error) = apply_week(&pairs, &mut input);
    let located = address::locate(&state, &mut input, &pairs, None).await;
    if let Located::Choose(_) = located {
        // Nothing is saved until the user says which address is meant.
        let mut page = new_page(ctx, &state, &me, &input, FormErrors::default(), &located).await?;
        page.week = week_form(&page.ctx, &input.opening_hours, week.as_ref());
        return page_response(StatusCode::OK, &page);
    }
    let result = match week_error {
        // The day form is wrong: show it with every other problem too.
        Some(e) => {
            let mut errs = input.parse().err().unwrap_or_default();
            errs.push(e);
            Err(WriteError::Invalid(errs))
        }
        None => crate::ops::places::create(&state.db, &state.mail, &me, &input).await,
    };
    match result {
        Ok(Saved::Published(id)) => Ok(Redirect::to(&format!("/plekken/{id}")).into_response()),
        Ok(Saved::Proposed | Saved::Unchanged(_)) => {
            Ok(Redirect::to("/mijn-voorstellen?verstuurd=1").into_response())
        }
        Err(WriteError::Invalid(errs)) => {
            let mut errors = FormErrors::default();
            add_errors(&ctx, &mut errors, &errs);
            let mut page = new_page(ctx, &state, &me, &input, errors, &located).await?;
            page.week = week_form(&page.ctx, &input.opening_hours, week.as_ref());
            page_response(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        // A new place has no version to conflict with.
        Err(WriteError::Conflict { .. }) => {
            Err(AppError::Conflict(UserMessage::new("edit-error-conflict")))
        }
        Err(WriteError::Other(e)) => Err(e),
    }
}
