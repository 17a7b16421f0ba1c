//! "Klopt dit nog?" pages (issue 12): the signed link from the mail shows
//! what the public sees of the place, with "Ja, klopt" and "Er is iets
//! veranderd" (a form prefilled with those fields); staff send the
//! question from the place page. A used, expired or changed link gets a
//! Dutch 4xx page. Nothing here shows more than the public place page:
//! the link may be forwarded, so a private huiskamer's address stays off.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::auth::form_page;
use crate::db::places::PlaceRecord;
use crate::domain::opening_hours::OpeningHours;
use crate::domain::place::{Precision, sees_exact_location, street_only};
use crate::domain::place_check::LinkError;
use crate::domain::proposal::ANNOTATION_MAX;
use crate::domain::user::CurrentUser;
use crate::error::{AppResult, UserMessage};
use crate::ops::place_checks::{self, CheckError};
use crate::ops::places::load_visible;
use crate::web::extractors::form_value;
use crate::web::forms::FormErrors;
use crate::web::state::AppState;
use crate::web::templates::PageContext;

/// The fields a place can correct through its link, as the public sees
/// them: (form name, current value).
fn public_fields(p: &PlaceRecord) -> Vec<(&'static str, String)> {
    let address = if sees_exact_location(None, p.precision, &p.wijk_code) {
        p.address.clone()
    } else if p.precision == Precision::Straat {
        street_only(&p.address).to_owned()
    } else {
        String::new()
    };
    let postcode = if p.precision.is_public() { p.postcode.clone() } else { String::new() };
    vec![
        ("naam", p.name.to_string()),
        ("omschrijving", p.description.clone()),
        ("adres", address),
        ("postcode", postcode),
        ("openingstijden", p.opening_hours.clone()),
        ("telefoon", p.phone.clone()),
        ("email", p.email.clone()),
        ("website", p.website.clone()),
    ]
}

struct Field {
    name: &'static str,
    label: String,
    value: String,
}

fn fields(ctx: &PageContext, values: Vec<(&'static str, String)>) -> Vec<Field> {
    values
        .into_iter()
        .map(|(name, value)| Field { name, label: ctx.t(&format!("field-{name}")), value })
        .collect()
}

#[derive(Template)]
#[template(path = "places/check.html")]
struct CheckPage {
    ctx: PageContext,
    token: String,
    name: String,
    fields: Vec<Field>,
}

#[derive(Template)]
#[template(path = "places/check_changed.html")]
struct ChangedPage {
    ctx: PageContext,
    token: String,
    name: String,
    fields: Vec<Field>,
    note: String,
    errors: FormErrors,
}

#[derive(Template)]
#[template(path = "places/check_done.html")]
struct DonePage {
    ctx: PageContext,
    message: String,
    place_url: String,
}

#[derive(Template)]
#[template(path = "places/check_error.html")]
struct LinkErrorPage {
    ctx: PageContext,
    message: String,
}

/// The page for a link that does not work, or the error itself.
fn link_error(ctx: PageContext, e: CheckError) -> AppResult<Response> {
    let (status, key) = match e {
        CheckError::Link(LinkError::Tampered) => (StatusCode::BAD_REQUEST, "check-tampered"),
        CheckError::Link(LinkError::Expired) => (StatusCode::GONE, "check-expired"),
        CheckError::Used => (StatusCode::GONE, "check-used"),
        CheckError::Other(e) => return Err(e),
    };
    let message = ctx.t(key);
    form_page(status, &LinkErrorPage { ctx, message })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(token): Path<String>,
) -> AppResult<Response> {
    match place_checks::open_link(&state.db, &token, OpeningHours::today()).await {
        Ok(p) => {
            let fields = fields(&ctx, public_fields(&p));
            form_page(StatusCode::OK, &CheckPage { ctx, token, name: p.name.to_string(), fields })
        }
        Err(e) => link_error(ctx, e),
    }
}

pub async fn confirm(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let place = match place_checks::open_link(&state.db, &token, OpeningHours::today()).await {
        Ok(p) => p,
        Err(e) => return link_error(ctx, e),
    };
    match place_checks::confirm(&state.db, &token, OpeningHours::today()).await {
        Ok(id) => {
            let message = ctx.t1("check-yes-done", "name", place.name.to_string());
            form_page(
                StatusCode::OK,
                &DonePage { ctx, message, place_url: format!("/plekken/{id}") },
            )
        }
        Err(e) => link_error(ctx, e),
    }
}

pub async fn changed_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(token): Path<String>,
) -> AppResult<Response> {
    match place_checks::open_link(&state.db, &token, OpeningHours::today()).await {
        Ok(p) => {
            let fields = fields(&ctx, public_fields(&p));
            let page = ChangedPage {
                ctx,
                token,
                name: p.name.to_string(),
                fields,
                note: String::new(),
                errors: FormErrors::default(),
            };
            form_page(StatusCode::OK, &page)
        }
        Err(e) => link_error(ctx, e),
    }
}

/// Longest note and field value taken from the form, in characters.
const VALUE_MAX: usize = 1000;

pub async fn changed(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(token): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let place = match place_checks::open_link(&state.db, &token, OpeningHours::today()).await {
        Ok(p) => p,
        Err(e) => return link_error(ctx, e),
    };
    let current = public_fields(&place);
    let given: Vec<(&'static str, String)> = current
        .iter()
        .map(|(name, _)| (*name, form_value(&pairs, name).trim().chars().take(VALUE_MAX).collect()))
        .collect();
    let note: String = form_value(&pairs, "opmerking").trim().chars().take(VALUE_MAX).collect();
    // Only what changed goes to the reviewers, one line per field.
    let mut lines = vec![ctx.t("check-changed-text")];
    for ((name, old), (_, new)) in current.iter().zip(&given) {
        if old.trim() != new.as_str() {
            lines.push(format!("{}: {}", ctx.t(&format!("field-{name}")), new));
        }
    }
    if lines.len() == 1 && note.is_empty() {
        let mut errors = FormErrors::default();
        errors.add(&ctx, "opmerking", &UserMessage::new("check-changed-nothing"));
        let fields = fields(&ctx, given);
        let name = place.name.to_string();
        let page = ChangedPage { ctx, token, name, fields, note, errors };
        return form_page(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    if !note.is_empty() {
        lines.push(String::new());
        lines.push(note);
    }
    // The queue keeps a note of at most ANNOTATION_MAX characters.
    let text: String = lines.join("\n").chars().take(ANNOTATION_MAX).collect();
    match place_checks::report_change(&state.db, &state.mail, &token, OpeningHours::today(), &text)
        .await
    {
        Ok(_) => {
            let message = ctx.t("check-changed-done");
            let place_url = format!("/plekken/{}", place.id);
            form_page(StatusCode::OK, &DonePage { ctx, message, place_url })
        }
        Err(e) => link_error(ctx, e),
    }
}

/// `POST /plekken/{id}/klopt-dit-nog`: staff who may verify the place send
/// the question now.
pub async fn ask(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let place = load_visible(&state.db, &id, Some(&me)).await?;
    let sent =
        place_checks::ask(&state.db, &state.mail, &me, &place, OpeningHours::today()).await?;
    let flag = if sent { "gevraagd" } else { "niet-gevraagd" };
    Ok(Redirect::to(&format!("/plekken/{}?klopt-dit-nog={flag}", place.id)).into_response())
}
