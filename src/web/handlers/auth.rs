//! Sign-up, login (rate-limited), logout, account page and password change.
//!
//! A successful login also sets the device cookie (`session::keys`): from
//! that browser the owner gets through even while a stranger's failures
//! block the stranger's address.

use askama::Template;
use axum::extract::{FromRef, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use tower_sessions::Session;

use crate::domain::user::{CurrentUser, Email, Password, RoleScope};
use crate::error::{AppResult, UserMessage};
use crate::ops::accounts::{self, AccountError, FAILURE_WINDOW_MINUTES, Login, NewAccount, Origin};
use crate::web::extractors::Query;
use crate::web::forms::AccountFields;
use crate::web::forms::FormErrors;
use crate::web::session::{self, CookieKey, keys};
use crate::web::state::AppState;
use crate::web::templates::PageContext;

/// The client's IP address for rate limiting (see `session::client_ip`).
pub struct ClientIp(pub String);

impl<S> FromRequestParts<S> for ClientIp
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        Ok(ClientIp(session::client_ip(parts, state.config.trusted_proxy)))
    }
}

/// Only local paths, so `terug` cannot be used as an open redirect.
fn safe_back(back: &str) -> Option<String> {
    let ok = back.starts_with('/') && !back.starts_with("//") && !back.contains('\\');
    ok.then(|| back.to_owned())
}

pub(super) fn form_page<T: Template>(status: StatusCode, page: &T) -> AppResult<Response> {
    Ok((status, axum::response::Html(page.render()?)).into_response())
}

/// Puts an operation's field problems beside their fields; any other
/// failure becomes the error page.
pub(super) fn add_problems(
    ctx: &PageContext,
    errors: &mut FormErrors,
    error: AccountError,
) -> AppResult<()> {
    match error {
        AccountError::Invalid(problems) => {
            for (field, message) in &problems {
                errors.add(ctx, field, message);
            }
            Ok(())
        }
        AccountError::Failed(e) => Err(e),
    }
}

// ---------------------------------------------------------------- login

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage {
    ctx: PageContext,
    errors: FormErrors,
    email: String,
    terug: String,
}

#[derive(Deserialize)]
pub struct BackQuery {
    terug: Option<String>,
}

pub async fn login_form(ctx: PageContext, Query(q): Query<BackQuery>) -> AppResult<Response> {
    let terug = q.terug.as_deref().and_then(safe_back).unwrap_or_default();
    form_page(
        StatusCode::OK,
        &LoginPage { ctx, errors: FormErrors::default(), email: String::new(), terug },
    )
}

pub async fn login(
    State(state): State<AppState>,
    Extension(key): Extension<CookieKey>,
    headers: HeaderMap,
    ctx: PageContext,
    session: Session,
    ClientIp(ip): ClientIp,
    Form(form): Form<AccountFields>,
) -> AppResult<Response> {
    let terug = safe_back(&form.terug).unwrap_or_default();
    let mut errors = FormErrors::default();
    let email = match Email::parse(&form.email) {
        Ok(e) => Some(e),
        Err(m) => {
            errors.add(&ctx, "email", &m);
            None
        }
    };
    if form.password.is_empty() {
        errors.add(&ctx, "password", &UserMessage::new("auth-error-password-required"));
    }
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        let page = LoginPage { ctx, errors, email: form.email, terug };
        return form_page(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };

    let secure = state.config.secure_cookies;
    let device = keys::known_device(&headers, &key, secure).await;
    let (status, field, message) =
        match accounts::log_in(&state.db, &email, form.password, &ip, device.as_ref(), ctx.lang)
            .await?
        {
            Login::Accepted { user_id, session_version } => {
                session::log_in(&session, user_id, session_version).await?;
                let target = if terug.is_empty() { "/".to_owned() } else { terug };
                let mut response = Redirect::to(&target).into_response();
                let cookie = keys::device_cookie(&key, user_id, device.as_ref(), secure).await?;
                if let Some(cookie) = cookie {
                    response.headers_mut().append(header::SET_COOKIE, cookie);
                }
                return Ok(response);
            }
            Login::Blocked => (
                StatusCode::TOO_MANY_REQUESTS,
                "email",
                UserMessage::new("auth-error-rate-limited").arg("minutes", FAILURE_WINDOW_MINUTES),
            ),
            Login::Refused => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "password",
                UserMessage::new("auth-error-wrong-credentials"),
            ),
        };
    errors.add(&ctx, field, &message);
    form_page(status, &LoginPage { ctx, errors, email: form.email, terug })
}

pub async fn logout(
    State(state): State<AppState>,
    session: Session,
    ctx: PageContext,
) -> AppResult<Response> {
    if let Some(user) = &ctx.user {
        accounts::log_out(&state.db, user).await?;
    }
    session::log_out(&session).await?;
    Ok(Redirect::to("/").into_response())
}

// ---------------------------------------------------------------- sign-up

#[derive(Template)]
#[template(path = "auth/register.html")]
struct RegisterPage {
    ctx: PageContext,
    errors: FormErrors,
    email: String,
    min_len: usize,
}

pub async fn register_form(ctx: PageContext) -> AppResult<Response> {
    let page = RegisterPage {
        ctx,
        errors: FormErrors::default(),
        email: String::new(),
        min_len: Password::MIN_LEN,
    };
    form_page(StatusCode::OK, &page)
}

pub async fn register(
    State(state): State<AppState>,
    ctx: PageContext,
    session: Session,
    Form(form): Form<AccountFields>,
) -> AppResult<Response> {
    let mut errors = FormErrors::default();
    let email = Email::parse(&form.email).map_err(|m| errors.add(&ctx, "email", &m)).ok();
    let password = Password::parse_repeated(&form.password, &form.password_repeat)
        .map_err(|(field, m)| errors.add(&ctx, field, &m))
        .ok();
    if let (Some(email), Some(password), true) = (email, password, errors.is_empty()) {
        let account = NewAccount { email, password, scope: RoleScope::bewoner() };
        let origin = Origin::SignUp { outbox: &state.mail, lang: ctx.lang };
        match accounts::register(&state.db, account, origin).await {
            Ok(id) => {
                session::log_in(&session, id, 1).await?;
                return Ok(Redirect::to("/account?welkom=1").into_response());
            }
            Err(e) => add_problems(&ctx, &mut errors, e)?,
        }
    }
    let page = RegisterPage { ctx, errors, email: form.email, min_len: Password::MIN_LEN };
    form_page(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

// ---------------------------------------------------------------- account

#[derive(Template)]
#[template(path = "auth/account.html")]
struct AccountPage {
    ctx: PageContext,
    me: CurrentUser,
    notice: Option<&'static str>,
    /// The address is not confirmed yet (see `handlers::account_mail`).
    unconfirmed: bool,
    mail_enabled: bool,
}

#[derive(Deserialize)]
pub struct AccountQuery {
    welkom: Option<String>,
    wachtwoord: Option<String>,
    hersteld: Option<String>,
    opnieuw: Option<String>,
    /// After asking for another address: the link is on its way.
    nieuw_adres: Option<String>,
}

pub async fn account(
    State(state): State<AppState>,
    ctx: PageContext,
    me: CurrentUser,
    Query(q): Query<AccountQuery>,
) -> AppResult<Response> {
    let notice = crate::web::forms::first_notice([
        (q.welkom.is_some(), "auth-welcome"),
        (q.wachtwoord.is_some(), "auth-password-changed"),
        (q.hersteld.is_some(), "reset-done"),
        (q.opnieuw.is_some(), "confirm-resent"),
        (q.nieuw_adres.is_some(), "email-change-sent"),
    ]);
    let recipient = crate::db::mail_users::by_id(&state.db, me.id).await?;
    let unconfirmed = recipient.is_some_and(|r| !r.confirmed);
    let mail_enabled = state.mail.enabled();
    form_page(StatusCode::OK, &AccountPage { ctx, me, notice, unconfirmed, mail_enabled })
}

#[derive(Template)]
#[template(path = "auth/password.html")]
struct PasswordPage {
    ctx: PageContext,
    errors: FormErrors,
    min_len: usize,
}

pub async fn password_form(ctx: PageContext, _me: CurrentUser) -> AppResult<Response> {
    let page = PasswordPage { ctx, errors: FormErrors::default(), min_len: Password::MIN_LEN };
    form_page(StatusCode::OK, &page)
}

pub async fn change_password(
    State(state): State<AppState>,
    ctx: PageContext,
    me: CurrentUser,
    session: Session,
    Form(form): Form<AccountFields>,
) -> AppResult<Response> {
    let new = Password::parse_repeated(&form.password, &form.password_repeat);
    let mut errors = FormErrors::default();
    match accounts::change_password(&state.db, &me, form.current, new).await {
        Ok(version) => {
            session::refresh_version(&session, version).await?;
            Ok(Redirect::to("/account?wachtwoord=gewijzigd").into_response())
        }
        Err(e) => {
            add_problems(&ctx, &mut errors, e)?;
            let page = PasswordPage { ctx, errors, min_len: Password::MIN_LEN };
            form_page(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}
