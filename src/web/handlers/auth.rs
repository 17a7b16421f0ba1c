//! Sign-up, login (rate-limited), logout, account page and password change.

use askama::Template;
use axum::Form;
use axum::extract::{FromRef, FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use crate::db::audit::{self, actions};
use crate::db::users;
use crate::domain::user::{CurrentUser, Email, Password, verify_password};
use crate::error::{AppError, AppResult, UserMessage};
use crate::web::extractors::Query;
use crate::web::forms::FormErrors;
use crate::web::session;
use crate::web::state::AppState;
use crate::web::templates::PageContext;

/// Failed logins allowed per address, and per IP, within the window.
pub const MAX_FAILURES_PER_EMAIL: i64 = 5;
pub const MAX_FAILURES_PER_IP: i64 = 20;
pub const FAILURE_WINDOW_MINUTES: i32 = 15;

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

fn form_page<T: Template>(status: StatusCode, page: &T) -> AppResult<Response> {
    Ok((status, axum::response::Html(page.render()?)).into_response())
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

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    terug: String,
}

pub async fn login(
    State(state): State<AppState>,
    ctx: PageContext,
    session: Session,
    ClientIp(ip): ClientIp,
    Form(form): Form<LoginForm>,
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

    let (by_email, by_ip) =
        users::recent_failures(&state.db, email.as_str(), &ip, FAILURE_WINDOW_MINUTES).await?;
    if by_email >= MAX_FAILURES_PER_EMAIL || by_ip >= MAX_FAILURES_PER_IP {
        audit::record(
            &state.db,
            None,
            actions::LOGIN_BLOCKED,
            email.as_str(),
            serde_json::json!({ "ip": ip }),
        )
        .await?;
        errors.add(
            &ctx,
            "email",
            &UserMessage::new("auth-error-rate-limited").arg("minutes", FAILURE_WINDOW_MINUTES),
        );
        let page = LoginPage { ctx, errors, email: form.email, terug };
        return form_page(StatusCode::TOO_MANY_REQUESTS, &page);
    }

    let record = users::find_for_login(&state.db, email.as_str()).await?;
    let ok = verify_password(form.password, record.as_ref().map(|r| r.password_hash.clone())).await;
    let Some(record) = record.filter(|_| ok) else {
        users::record_attempt(&state.db, email.as_str(), &ip, false).await?;
        audit::record(
            &state.db,
            None,
            actions::LOGIN_FAILED,
            email.as_str(),
            serde_json::json!({ "ip": ip }),
        )
        .await?;
        errors.add(&ctx, "password", &UserMessage::new("auth-error-wrong-credentials"));
        let page = LoginPage { ctx, errors, email: form.email, terug };
        return form_page(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };

    users::record_attempt(&state.db, email.as_str(), &ip, true).await?;
    users::touch_last_login(&state.db, record.id).await?;
    session::log_in(&session, record.id, record.session_version).await?;
    audit::record(
        &state.db,
        Some(record.id),
        actions::LOGIN,
        &format!("user:{}", record.id),
        serde_json::json!({ "ip": ip }),
    )
    .await?;
    let target = if terug.is_empty() { "/".to_owned() } else { terug };
    Ok(Redirect::to(&target).into_response())
}

pub async fn logout(
    State(state): State<AppState>,
    session: Session,
    ctx: PageContext,
) -> AppResult<Response> {
    if let Some(user) = &ctx.user {
        audit::record(
            &state.db,
            Some(user.id),
            actions::LOGOUT,
            &format!("user:{}", user.id),
            serde_json::json!({}),
        )
        .await?;
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

#[derive(Deserialize)]
pub struct RegisterForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_repeat: String,
}

pub async fn register(
    State(state): State<AppState>,
    ctx: PageContext,
    session: Session,
    Form(form): Form<RegisterForm>,
) -> AppResult<Response> {
    let mut errors = FormErrors::default();
    let email = Email::parse(&form.email).map_err(|m| errors.add(&ctx, "email", &m)).ok();
    let password =
        Password::parse(&form.password).map_err(|m| errors.add(&ctx, "password", &m)).ok();
    if password.is_some() && form.password != form.password_repeat {
        errors.add(&ctx, "password_repeat", &UserMessage::new("auth-error-password-mismatch"));
    }
    let invalid = |ctx, errors, email| {
        let page = RegisterPage { ctx, errors, email, min_len: Password::MIN_LEN };
        form_page(StatusCode::UNPROCESSABLE_ENTITY, &page)
    };
    let (Some(email), Some(password), true) = (email, password, errors.is_empty()) else {
        return invalid(ctx, errors, form.email);
    };

    let hash = password.hash().await?;
    let mut tx = state.db.begin().await?;
    let id = match users::insert(&mut *tx, &email, &hash, crate::domain::user::Role::Bewoner, None)
        .await
    {
        Ok(id) => id,
        Err(e) => match AppError::from_constraint(e) {
            AppError::BadRequest(m) => {
                errors.add(&ctx, "email", &m);
                return invalid(ctx, errors, form.email);
            }
            other => return Err(other),
        },
    };
    audit::record(
        &mut *tx,
        Some(id),
        actions::SIGNUP,
        &format!("user:{id}"),
        serde_json::json!({ "email": email.as_str() }),
    )
    .await?;
    tx.commit().await?;
    session::log_in(&session, id, 1).await?;
    Ok(Redirect::to("/account?welkom=1").into_response())
}

// ---------------------------------------------------------------- account

#[derive(Template)]
#[template(path = "auth/account.html")]
struct AccountPage {
    ctx: PageContext,
    me: CurrentUser,
    notice: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct AccountQuery {
    welkom: Option<String>,
    wachtwoord: Option<String>,
}

pub async fn account(
    ctx: PageContext,
    me: CurrentUser,
    Query(q): Query<AccountQuery>,
) -> AppResult<Response> {
    let notice = if q.welkom.is_some() {
        Some("auth-welcome")
    } else if q.wachtwoord.is_some() {
        Some("auth-password-changed")
    } else {
        None
    };
    form_page(StatusCode::OK, &AccountPage { ctx, me, notice })
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

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_repeat: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    ctx: PageContext,
    me: CurrentUser,
    session: Session,
    Form(form): Form<PasswordForm>,
) -> AppResult<Response> {
    let mut errors = FormErrors::default();
    let record =
        users::find_for_login(&state.db, &me.email).await?.ok_or(AppError::Unauthorized)?;
    if form.current.is_empty() {
        errors.add(&ctx, "current", &UserMessage::new("auth-error-password-required"));
    } else if !verify_password(form.current, Some(record.password_hash)).await {
        errors.add(&ctx, "current", &UserMessage::new("auth-error-current-wrong"));
    }
    let password =
        Password::parse(&form.password).map_err(|m| errors.add(&ctx, "password", &m)).ok();
    if password.is_some() && form.password != form.password_repeat {
        errors.add(&ctx, "password_repeat", &UserMessage::new("auth-error-password-mismatch"));
    }
    let (Some(password), true) = (password, errors.is_empty()) else {
        let page = PasswordPage { ctx, errors, min_len: Password::MIN_LEN };
        return form_page(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let hash = password.hash().await?;
    let mut tx = state.db.begin().await?;
    let version =
        users::set_password(&mut *tx, me.id, &hash).await?.ok_or(AppError::Unauthorized)?;
    audit::record(
        &mut *tx,
        Some(me.id),
        actions::PASSWORD_CHANGED,
        &format!("user:{}", me.id),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    session::refresh_version(&session, version).await?;
    Ok(Redirect::to("/account?wachtwoord=gewijzigd").into_response())
}
