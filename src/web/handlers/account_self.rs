//! The owner's self-service on /account (issue 15, item 21): another e-mail
//! address (`/account/e-mail`, confirmed through the link mailed to it at
//! `/e-mail-wijzigen/{token}`) and deleting the account
//! (`/account/verwijderen`, ending with a goodbye page). The operations are
//! in `ops::account_state`.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::auth::{add_problems, form_page};
use crate::domain::user::{CurrentUser, Email};
use crate::error::AppResult;
use crate::ops::account_state;
use crate::web::forms::{AccountFields, FormErrors};
use crate::web::session;
use crate::web::state::AppState;
use crate::web::templates::PageContext;

#[derive(Template)]
#[template(path = "auth/email_change.html")]
struct EmailPage {
    ctx: PageContext,
    me: CurrentUser,
    errors: FormErrors,
    email: String,
    mail_enabled: bool,
}

/// The page of the link in the mail: changed, or the link no longer works.
#[derive(Template)]
#[template(path = "auth/email_changed.html")]
struct EmailChangedPage {
    ctx: PageContext,
    done: bool,
}

pub async fn email_form(
    State(state): State<AppState>,
    ctx: PageContext,
    me: CurrentUser,
) -> AppResult<Response> {
    let mail_enabled = state.mail.enabled();
    let page =
        EmailPage { ctx, me, errors: FormErrors::default(), email: String::new(), mail_enabled };
    form_page(StatusCode::OK, &page)
}

pub async fn change_email(
    State(state): State<AppState>,
    ctx: PageContext,
    me: CurrentUser,
    Form(form): Form<AccountFields>,
) -> AppResult<Response> {
    let new = Email::parse(&form.email).map_err(|m| ("email", m));
    let lang = ctx.lang;
    match account_state::request_email_change(&state.db, &state.mail, &me, lang, form.password, new)
        .await
    {
        Ok(()) => Ok(Redirect::to("/account?nieuw_adres=1").into_response()),
        Err(e) => {
            let mut errors = FormErrors::default();
            add_problems(&ctx, &mut errors, e)?;
            let mail_enabled = state.mail.enabled();
            let page = EmailPage { ctx, me, errors, email: form.email, mail_enabled };
            form_page(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

/// `GET /e-mail-wijzigen/{token}`: the link in the mail to the new address.
pub async fn confirm_email(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let done = account_state::confirm_email_change(&state.db, &state.mail, &token).await?;
    let status = if done { StatusCode::OK } else { StatusCode::GONE };
    form_page(status, &EmailChangedPage { ctx, done })
}

#[derive(Template)]
#[template(path = "auth/delete_account.html")]
struct DeletePage {
    ctx: PageContext,
    errors: FormErrors,
}

pub async fn delete_form(ctx: PageContext, _me: CurrentUser) -> AppResult<Response> {
    form_page(StatusCode::OK, &DeletePage { ctx, errors: FormErrors::default() })
}

#[derive(Template)]
#[template(path = "auth/goodbye.html")]
struct GoodbyePage {
    ctx: PageContext,
}

pub async fn delete(
    State(state): State<AppState>,
    mut ctx: PageContext,
    me: CurrentUser,
    session: Session,
    Form(form): Form<AccountFields>,
) -> AppResult<Response> {
    match account_state::delete_own(&state.db, &me, form.password).await {
        Ok(()) => {
            session::log_out(&session).await?;
            // The page is shown to someone who is no longer signed in.
            ctx.user = None;
            form_page(StatusCode::OK, &GoodbyePage { ctx })
        }
        Err(e) => {
            let mut errors = FormErrors::default();
            add_problems(&ctx, &mut errors, e)?;
            form_page(StatusCode::UNPROCESSABLE_ENTITY, &DeletePage { ctx, errors })
        }
    }
}
