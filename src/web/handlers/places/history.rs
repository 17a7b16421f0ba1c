//! `/plekken/{id}/geschiedenis`: every revision of a place with a readable
//! diff, and restoring an earlier version.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use sqlx::PgPool;
use uuid::Uuid;

use crate::db::revisions;
use crate::domain::place_field::PlaceField;
use crate::domain::user::{Action, CurrentUser};
use crate::error::{AppError, AppResult};
use crate::ops::places::load_visible;
use crate::web::display::{ChangeRow, change_rows};
use crate::web::extractors::{MaybeUser, form_value};
use crate::web::templates::{PageContext, render};

pub struct RevisionView {
    pub version: i32,
    pub kind: String,
    pub who: String,
    pub reviewer: Option<String>,
    pub when: String,
    pub note: String,
    pub changes: Vec<ChangeRow>,
    pub restorable: bool,
}

#[derive(Template)]
#[template(path = "places/history.html")]
struct HistoryPage {
    ctx: PageContext,
    id: Uuid,
    name: String,
    version: i32,
    revisions: Vec<RevisionView>,
    may_restore: bool,
}

/// Values of protected fields are shown only to roles that may see them.
pub async fn history(
    ctx: PageContext,
    State(db): State<PgPool>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let p = load_visible(&db, &id, user.as_ref()).await?;
    let sees = user.as_ref().is_some_and(|u| u.sees_protected_fields_in_wijk(&p.wijk_code));
    let may_restore = user.as_ref().is_some_and(|u| u.may(Action::RestoreRevision, &p.wijk_code));
    let list = revisions::for_place(&db, p.id).await?;
    let revisions = list
        .into_iter()
        .map(|r| RevisionView {
            version: r.version,
            kind: ctx.t(&r.kind.label_key()),
            who: r.author_email.unwrap_or_else(|| ctx.t("revision-import")),
            reviewer: r.reviewer_email,
            when: format!(
                "{} {}",
                ctx.date(&r.created_at.date_naive()),
                r.created_at.with_timezone(&chrono_tz::Europe::Amsterdam).format("%H:%M")
            ),
            note: r.note,
            changes: change_rows(&ctx, &r.changes, sees, &[PlaceField::Source]),
            restorable: r.version != p.version && r.kind.is_restorable(),
        })
        .collect();
    let page = HistoryPage {
        id: p.id,
        name: p.name.clone(),
        version: p.version,
        revisions,
        may_restore,
        ctx,
    };
    render(&page)
}

/// Restores the fields of an earlier version. The form carries the version
/// the reviewer looked at.
pub async fn restore(
    State(db): State<PgPool>,
    me: CurrentUser,
    Path((id, version)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let p = load_visible(&db, &id, Some(&me)).await?;
    let target: i32 = version.parse().map_err(|_| AppError::NotFound)?;
    let seen: Option<i32> = form_value(&pairs, "versie").parse().ok();
    crate::ops::places::restore_revision(&db, &me, &p, target, seen).await?;
    Ok(Redirect::to(&format!("/plekken/{}/geschiedenis", p.id)).into_response())
}
