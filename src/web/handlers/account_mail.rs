//! `/wachtwoord-vergeten`, `/wachtwoord-herstellen/{token}`,
//! `/e-mail-bevestigen/{token}` and `/account/bevestigen`: the pages of the
//! account mails (issue 12). The forgot form answers the same whatever the
//! address (no account enumeration); without `HAARVATEN_SMTP_URL` it says
//! to ask the beheerder.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::auth::{add_problems, form_page};
use crate::domain::user::{CurrentUser, Email, Password};
use crate::error::AppResult;
use crate::ops::account_mail::{self, ResetError};
use crate::web::forms::{AccountFields, FormErrors};
use crate::web::session;
use crate::web::state::AppState;
use crate::web::templates::PageContext;

#[derive(Template)]
#[template(path = "auth/forgot.html")]
struct ForgotPage {
    ctx: PageContext,
    errors: FormErrors,
    email: String,
    mail_enabled: bool,
    sent: bool,
}

pub async fn forgot_form(State(state): State<AppState>, ctx: PageContext) -> AppResult<Response> {
    let page = ForgotPage {
        ctx,
        errors: FormErrors::default(),
        email: String::new(),
        mail_enabled: state.mail.enabled(),
        sent: false,
    };
    form_page(StatusCode::OK, &page)
}

pub async fn forgot(
    State(state): State<AppState>,
    ctx: PageContext,
    Form(form): Form<AccountFields>,
) -> AppResult<Response> {
    let mail_enabled = state.mail.enabled();
    let mut errors = FormErrors::default();
    let email = Email::parse(&form.email).map_err(|m| errors.add(&ctx, "email", &m)).ok();
    let Some(email) = email else {
        let status = if mail_enabled { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
        let page = ForgotPage { ctx, errors, email: form.email, mail_enabled, sent: false };
        return form_page(status, &page);
    };
    account_mail::request_password_reset(&state.db, &state.mail, &email).await?;
    // Without mail the page says again whom to ask.
    let page = ForgotPage { ctx, errors, email: String::new(), mail_enabled, sent: true };
    form_page(StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "auth/reset.html")]
struct ResetPage {
    ctx: PageContext,
    errors: FormErrors,
    token: String,
    works: bool,
    min_len: usize,
}

pub async fn reset_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let works = account_mail::reset_link_works(&state.db, &token).await?;
    let status = if works { StatusCode::OK } else { StatusCode::GONE };
    let errors = FormErrors::default();
    form_page(status, &ResetPage { ctx, errors, token, works, min_len: Password::MIN_LEN })
}

pub async fn reset(
    State(state): State<AppState>,
    ctx: PageContext,
    session: Session,
    Path(token): Path<String>,
    Form(form): Form<AccountFields>,
) -> AppResult<Response> {
    let new = Password::parse_repeated(&form.password, &form.password_repeat);
    let mut errors = FormErrors::default();
    let (status, works) = match account_mail::reset_password(&state.db, &token, new).await {
        Ok(done) => {
            session::log_in(&session, done.user_id, done.session_version).await?;
            return Ok(Redirect::to("/account?hersteld=1").into_response());
        }
        Err(ResetError::LinkExpired) => (StatusCode::GONE, false),
        Err(ResetError::Account(e)) => {
            add_problems(&ctx, &mut errors, e)?;
            (StatusCode::UNPROCESSABLE_ENTITY, true)
        }
    };
    form_page(status, &ResetPage { ctx, errors, token, works, min_len: Password::MIN_LEN })
}

#[derive(Template)]
#[template(path = "auth/confirmed.html")]
struct ConfirmedPage {
    ctx: PageContext,
    done: bool,
}

pub async fn confirm(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let done = account_mail::confirm_email(&state.db, &token).await?;
    let status = if done { StatusCode::OK } else { StatusCode::GONE };
    form_page(status, &ConfirmedPage { ctx, done })
}

pub async fn resend(State(state): State<AppState>, me: CurrentUser) -> AppResult<Response> {
    account_mail::resend_confirmation(&state.db, &state.mail, me.id).await?;
    Ok(Redirect::to("/account?opnieuw=1").into_response())
}
