//! `/account/meldingen`: what a signed-in user hears of by mail, per kind
//! (issue 12): at once, in a daily digest, or not at all. Only the kinds
//! that fit the user's role are shown.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::auth::form_page;
use crate::domain::notify::{Delivery, NoticeKind};
use crate::domain::user::CurrentUser;
use crate::error::{AppResult, UserMessage};
use crate::ops::notify;
use crate::web::extractors::{Query, form_value};
use crate::web::forms::FormErrors;
use crate::web::state::AppState;
use crate::web::templates::PageContext;

/// One kind with its choice, as the form shows it.
struct Row {
    kind: &'static str,
    label_key: String,
    hint_key: String,
    chosen: String,
    default_key: String,
}

#[derive(Template)]
#[template(path = "auth/notifications.html")]
struct NotificationsPage {
    ctx: PageContext,
    errors: FormErrors,
    rows: Vec<Row>,
    deliveries: &'static [Delivery],
    saved: bool,
    unconfirmed: bool,
    mail_enabled: bool,
}

#[derive(serde::Deserialize)]
pub struct SavedQuery {
    opgeslagen: Option<String>,
}

async fn page(
    state: &AppState,
    ctx: PageContext,
    me: &CurrentUser,
    chosen: &[(NoticeKind, String)],
    errors: FormErrors,
    saved: bool,
) -> AppResult<NotificationsPage> {
    let rows = chosen
        .iter()
        .map(|(kind, value)| Row {
            kind: kind.slug(),
            label_key: kind.label_key(),
            hint_key: format!("{}-hint", kind.label_key()),
            chosen: value.clone(),
            default_key: kind.default_delivery(me.role).label_key(),
        })
        .collect();
    let recipient = crate::db::mail_users::by_id(&state.db, me.id).await?;
    Ok(NotificationsPage {
        ctx,
        errors,
        rows,
        deliveries: Delivery::ALL,
        saved,
        unconfirmed: recipient.is_some_and(|r| !r.confirmed),
        mail_enabled: state.mail.enabled(),
    })
}

pub async fn form(
    State(state): State<AppState>,
    ctx: PageContext,
    me: CurrentUser,
    Query(q): Query<SavedQuery>,
) -> AppResult<Response> {
    let current = notify::settings(&state.db, &me).await?;
    let chosen: Vec<_> = current.iter().map(|(k, d)| (*k, d.slug().to_owned())).collect();
    let page =
        page(&state, ctx, &me, &chosen, FormErrors::default(), q.opgeslagen.is_some()).await?;
    form_page(StatusCode::OK, &page)
}

pub async fn save(
    State(state): State<AppState>,
    ctx: PageContext,
    me: CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let kinds: Vec<NoticeKind> =
        NoticeKind::ALL.iter().copied().filter(|k| k.applies_to(me.role)).collect();
    let raw: Vec<(NoticeKind, String)> =
        kinds.iter().map(|k| (*k, form_value(&pairs, k.slug()))).collect();
    let mut errors = FormErrors::default();
    let mut choices = Vec::new();
    for (kind, value) in &raw {
        match Delivery::parse(value) {
            Some(d) => choices.push((*kind, d)),
            None => errors.add(&ctx, kind.slug(), &UserMessage::new("notify-error-delivery")),
        }
    }
    if !errors.is_empty() {
        let page = page(&state, ctx, &me, &raw, errors, false).await?;
        return form_page(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    notify::set_settings(&state.db, &me, &choices).await?;
    Ok(Redirect::to("/account/meldingen?opgeslagen=1").into_response())
}
