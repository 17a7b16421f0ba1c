//! `/plekken/{id}/bericht` ("Stuur een bericht") and
//! `/plekken/{id}/klopt-er-iets-niet` (an anonymous correction): forms on
//! pages of their own, linked from every place page, so the place page
//! itself carries no form token and stays in the page cache. Neither page
//! shows where a message goes, nor more of a place's location than its
//! page does.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::auth::{ClientIp, form_page};
use crate::db::places::PlaceRecord;
use crate::domain::contact::{
    self, ContactMessage, Correction, CorrectionTopic, Problem, TEXT_MAX,
};
use crate::error::{AppResult, UserMessage};
use crate::ops::contact::{self as ops, ContactError};
use crate::ops::places::load_visible;
use crate::web::extractors::Query;
use crate::web::forms::FormErrors;
use crate::web::handlers::edit::form::OptionView;
use crate::web::state::AppState;
use crate::web::templates::PageContext;

#[derive(Deserialize)]
pub struct SentQuery {
    verstuurd: Option<String>,
}

#[derive(Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    naam: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    tekst: String,
    /// The honeypot (`domain::contact::is_bot`).
    #[serde(default)]
    website: String,
}

#[derive(Template)]
#[template(path = "places/contact.html")]
struct ContactPage {
    ctx: PageContext,
    place_name: String,
    place_url: String,
    action: String,
    available: bool,
    sent: bool,
    errors: FormErrors,
    form: ContactForm,
    max: usize,
}

fn add_all(ctx: &PageContext, errors: &mut FormErrors, problems: &[Problem]) {
    for (field, message) in problems {
        errors.add(ctx, field, message);
    }
}

fn place_urls(place: &PlaceRecord, tail: &str) -> (String, String, String) {
    let url = format!("/plekken/{}", place.id);
    (place.name.to_string(), url.clone(), format!("{url}/{tail}"))
}

pub async fn contact_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(id): Path<String>,
    Query(q): Query<SentQuery>,
) -> AppResult<Response> {
    let place = load_visible(&state.db, &id, ctx.user.as_ref()).await?;
    let available = ops::route(&state.db, &state.mail, &place).await.is_ok();
    let (place_name, place_url, action) = place_urls(&place, "bericht");
    let form = ContactForm {
        naam: String::new(),
        email: ctx.user.as_ref().map(|u| u.email.clone()).unwrap_or_default(),
        tekst: String::new(),
        website: String::new(),
    };
    let sent = q.verstuurd.is_some();
    let errors = FormErrors::default();
    let page = ContactPage {
        ctx,
        place_name,
        place_url,
        action,
        available,
        sent,
        errors,
        form,
        max: TEXT_MAX,
    };
    form_page(StatusCode::OK, &page)
}

pub async fn contact(
    State(state): State<AppState>,
    ctx: PageContext,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    Form(form): Form<ContactForm>,
) -> AppResult<Response> {
    let place = load_visible(&state.db, &id, ctx.user.as_ref()).await?;
    let (place_name, place_url, action) = place_urls(&place, "bericht");
    let thanks = Redirect::to(&format!("{action}?verstuurd=1")).into_response();
    if contact::is_bot(&form.website) {
        return Ok(thanks);
    }
    let mut errors = FormErrors::default();
    let (status, available) = match ContactMessage::parse(&form.naam, &form.email, &form.tekst) {
        Err(problems) => {
            add_all(&ctx, &mut errors, &problems);
            (StatusCode::UNPROCESSABLE_ENTITY, true)
        }
        Ok(message) => match ops::send_message(&state.db, &state.mail, &place, &message, &ip).await
        {
            Ok(()) => return Ok(thanks),
            Err(ContactError::TooMany) => {
                errors.add(&ctx, "tekst", &UserMessage::new("contact-error-too-many"));
                (StatusCode::TOO_MANY_REQUESTS, true)
            }
            Err(ContactError::NoRecipient) => (StatusCode::SERVICE_UNAVAILABLE, false),
            Err(ContactError::Other(e)) => return Err(e),
        },
    };
    let page = ContactPage {
        ctx,
        place_name,
        place_url,
        action,
        available,
        sent: false,
        errors,
        form,
        max: TEXT_MAX,
    };
    form_page(status, &page)
}

#[derive(Deserialize)]
pub struct CorrectionForm {
    #[serde(default)]
    onderwerp: String,
    #[serde(default)]
    tekst: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    website: String,
}

#[derive(Template)]
#[template(path = "places/correction.html")]
struct CorrectionPage {
    ctx: PageContext,
    place_name: String,
    place_url: String,
    action: String,
    topics: Vec<OptionView>,
    sent: bool,
    errors: FormErrors,
    form: CorrectionForm,
    max: usize,
}

impl CorrectionPage {
    fn new(
        ctx: PageContext,
        place: &PlaceRecord,
        form: CorrectionForm,
        errors: FormErrors,
    ) -> Self {
        let (place_name, place_url, action) = place_urls(place, "klopt-er-iets-niet");
        let topics = CorrectionTopic::ALL
            .iter()
            .map(|t| OptionView {
                value: t.slug().to_owned(),
                label: ctx.t(&t.label_key()),
                selected: t.slug() == form.onderwerp,
            })
            .collect();
        Self {
            ctx,
            place_name,
            place_url,
            action,
            topics,
            sent: false,
            errors,
            form,
            max: TEXT_MAX,
        }
    }
}

pub async fn correction_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(id): Path<String>,
    Query(q): Query<SentQuery>,
) -> AppResult<Response> {
    let place = load_visible(&state.db, &id, ctx.user.as_ref()).await?;
    let form = CorrectionForm {
        onderwerp: String::new(),
        tekst: String::new(),
        email: String::new(),
        website: String::new(),
    };
    let mut page = CorrectionPage::new(ctx, &place, form, FormErrors::default());
    page.sent = q.verstuurd.is_some();
    form_page(StatusCode::OK, &page)
}

pub async fn correction(
    State(state): State<AppState>,
    ctx: PageContext,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    Form(form): Form<CorrectionForm>,
) -> AppResult<Response> {
    let place = load_visible(&state.db, &id, ctx.user.as_ref()).await?;
    let thanks = Redirect::to(&format!("/plekken/{}/klopt-er-iets-niet?verstuurd=1", place.id))
        .into_response();
    if contact::is_bot(&form.website) {
        return Ok(thanks);
    }
    let mut errors = FormErrors::default();
    let status = match Correction::parse(&form.onderwerp, &form.tekst, &form.email) {
        Err(problems) => {
            add_all(&ctx, &mut errors, &problems);
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Ok(c) => {
            match ops::report_correction(&state.db, &state.mail, &place, ctx.user.as_ref(), &c, &ip)
                .await
            {
                Ok(_) => return Ok(thanks),
                Err(ContactError::TooMany) => {
                    errors.add(&ctx, "tekst", &UserMessage::new("contact-error-too-many"));
                    StatusCode::TOO_MANY_REQUESTS
                }
                Err(ContactError::NoRecipient) => StatusCode::SERVICE_UNAVAILABLE,
                Err(ContactError::Other(e)) => return Err(e),
            }
        }
    };
    form_page(status, &CorrectionPage::new(ctx, &place, form, errors))
}
