//! `/plekken/{id}/bewerken`: the edit form, its submission, and the
//! conflict view when someone else saved first.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::address::{self, AddressBox, Located};
use super::form::{FormPage, bounds_of, build_groups, read_form};
use super::week::{apply_week, week_form};
use super::{add_errors, page_response};
use crate::db::places::{self, PlaceRecord};
use crate::domain::place::sees_exact_location;
use crate::domain::place_field::PlaceField;
use crate::domain::place_input::PlaceInput;
use crate::domain::user::{Action, CurrentUser};
use crate::error::{AppError, AppResult};
use crate::ops::places::{Conflict, Saved, WriteError, load_visible};
use crate::web::display::{ChangeRow, change_rows};
use crate::web::forms::FormErrors;
use crate::web::state::AppState;
use crate::web::templates::PageContext;

/// Whether this user may see the exact location of this place.
fn sees(user: &CurrentUser, place: &PlaceRecord) -> bool {
    sees_exact_location(Some(user), place.precision, &place.wijk_code)
}

/// What the edit form shows of the current place: protected fields are
/// left empty for users who may not see them (empty means "unchanged").
fn form_input(place: &PlaceRecord, sees: bool) -> PlaceInput {
    visible_input(place.to_input(), sees)
}

/// `input` with the protected fields emptied for who may not see them.
fn visible_input(mut input: PlaceInput, sees: bool) -> PlaceInput {
    if !sees {
        for f in PlaceField::ALL.iter().filter(|f| f.is_protected()) {
            f.get_mut(&mut input).clear();
        }
    }
    input
}

/// Fills what the form left out from the current place.
fn complete_input(mut input: PlaceInput, place: &PlaceRecord, sees: bool) -> PlaceInput {
    let current = place.to_input();
    input.source = current.source.clone();
    input.last_verified = current.last_verified.clone();
    if !sees {
        for f in PlaceField::ALL.iter().filter(|f| f.is_protected()) {
            if f.get(&input).trim().is_empty() {
                *f.get_mut(&mut input) = f.get(&current).to_owned();
            }
        }
    }
    let has_point = !input.lon.trim().is_empty() || !input.lat.trim().is_empty();
    if input.buurt.trim().is_empty() && !has_point {
        input.wijk = current.wijk;
    }
    input
}

/// The conflict view's extra parts: what the other person changed and the
/// fields both changed.
struct ConflictView {
    rows: Vec<ChangeRow>,
    clash: Option<String>,
}

/// The edit page for `place`, with the conflict view when there is one.
fn edit_page(
    ctx: PageContext,
    place: &PlaceRecord,
    input: &PlaceInput,
    errors: FormErrors,
    buurten: &[places::BuurtOption],
    conflict: Option<ConflictView>,
    sees: bool,
) -> FormPage {
    let groups = build_groups(&ctx, input, &errors, buurten, true);
    let reviewer =
        ctx.user.as_ref().is_some_and(|u| u.may(Action::PublishDirectly, &place.wijk_code));
    FormPage {
        title: ctx.t1("edit-edit-title", "name", &place.name),
        intro: ctx.t(if reviewer { "edit-edit-intro-direct" } else { "edit-edit-intro" }),
        action: format!("/plekken/{}/bewerken", place.id),
        submit: ctx.t(if reviewer { "edit-save" } else { "edit-propose" }),
        groups,
        errors,
        version: Some(place.version),
        is_conflict: conflict.is_some(),
        conflict_clash: conflict.as_ref().and_then(|c| c.clash.clone()),
        conflict: conflict.map(|c| c.rows).unwrap_or_default(),
        place_url: Some(format!("/plekken/{}", place.id)),
        protected_note: !sees,
        map_bounds: bounds_of(Some(place)),
        week: week_form(&ctx, &input.opening_hours, None),
        address: AddressBox::default(),
        ctx,
    }
}

/// Gives the edit page its address box and the map picker's box.
async fn with_address(
    mut page: FormPage,
    state: &AppState,
    me: &CurrentUser,
    place: &PlaceRecord,
    located: &Located,
) -> AppResult<FormPage> {
    page.map_bounds = address::map_bounds(state, me, Some(place)).await?;
    page.address = AddressBox::new(&page.ctx, state, located);
    Ok(page)
}

pub async fn edit_form(
    ctx: PageContext,
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let db = &state.db;
    let place = load_visible(db, &id, Some(&me)).await?;
    let sees = sees(&me, &place);
    let buurten = places::buurt_options(db).await?;
    let input = form_input(&place, sees);
    let page = edit_page(ctx, &place, &input, FormErrors::default(), &buurten, None, sees);
    let page = with_address(page, &state, &me, &place, &Located::Ready).await?;
    page_response(StatusCode::OK, &page)
}

pub async fn update(
    ctx: PageContext,
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let db = &state.db;
    let place = load_visible(db, &id, Some(&me)).await?;
    let sees_place = sees(&me, &place);
    let (mut raw, version) = read_form(&pairs);
    let version = version.ok_or(AppError::bad_request("edit-error-no-version"))?;
    let (week, week_error) = apply_week(&pairs, &mut raw);
    let located = address::locate(&state, &mut raw, &pairs, Some(&place.to_input())).await;
    if let Located::Choose(_) = located {
        // Nothing is saved until the user says which address is meant.
        let buurten = places::buurt_options(db).await?;
        let place = PlaceRecord { version, ..place };
        let mut page =
            edit_page(ctx, &place, &raw, FormErrors::default(), &buurten, None, sees_place);
        page.week = week_form(&page.ctx, &raw.opening_hours, week.as_ref());
        let page = with_address(page, &state, &me, &place, &located).await?;
        return page_response(StatusCode::OK, &page);
    }
    let input = complete_input(raw.clone(), &place, sees_place);
    let result = match week_error {
        // The day form is wrong: show it with every other problem too.
        Some(e) => {
            let mut errs = input.parse().err().unwrap_or_default();
            errs.push(e);
            Err(WriteError::Invalid(errs))
        }
        None => crate::ops::places::update(db, &state.mail, &me, &place, &input, version).await,
    };
    match result {
        Ok(Saved::Published(id) | Saved::Unchanged(id)) => {
            Ok(Redirect::to(&format!("/plekken/{id}")).into_response())
        }
        Ok(Saved::Proposed) => Ok(Redirect::to("/mijn-voorstellen?verstuurd=1").into_response()),
        Err(WriteError::Invalid(errs)) => {
            let mut errors = FormErrors::default();
            add_errors(&ctx, &mut errors, &errs);
            let buurten = places::buurt_options(db).await?;
            // The form keeps the version it started from.
            let place = PlaceRecord { version, ..place };
            let mut page = edit_page(ctx, &place, &raw, errors, &buurten, None, sees_place);
            page.week = week_form(&page.ctx, &raw.opening_hours, week.as_ref());
            let page = with_address(page, &state, &me, &place, &located).await?;
            page_response(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(WriteError::Conflict(conflict)) => {
            // Someone saved first: the form now holds their change and the
            // user's, merged field by field, and saves against the version
            // it shows; where both changed a field, theirs is kept and named.
            let Conflict { current, merged, their_changes, clashes } = *conflict;
            let sees = sees(&me, &current);
            let skip = [PlaceField::Wijk, PlaceField::Source, PlaceField::LastVerified];
            let rows = change_rows(&ctx, &their_changes, sees, &skip);
            let clash = (!clashes.is_empty()).then(|| {
                let labels: Vec<String> =
                    clashes.iter().map(|f| ctx.t(&format!("field-{f}"))).collect();
                ctx.t1("edit-conflict-clash", "fields", labels.join(", "))
            });
            let shown = visible_input(merged, sees);
            let buurten = places::buurt_options(db).await?;
            let view = Some(ConflictView { rows, clash });
            let page =
                edit_page(ctx, &current, &shown, FormErrors::default(), &buurten, view, sees);
            let page = with_address(page, &state, &me, &current, &Located::Ready).await?;
            page_response(StatusCode::CONFLICT, &page)
        }
        Err(WriteError::Other(e)) => Err(e),
    }
}
