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
use crate::domain::revision::{RevisionKind, restored_version};
use crate::domain::user::{Action, CurrentUser, Role};
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

/// Who made a change, as the public may read it: the role, never a name or
/// an e-mail address (personal data). Reviewers of the wijk also see the
/// address, to follow up.
fn who(
    ctx: &PageContext,
    role: Option<Role>,
    email: Option<String>,
    wijk_name: &str,
    staff: bool,
) -> String {
    let label = match role {
        None if email.is_none() => ctx.t("revision-import"),
        None => ctx.t("history-by-someone"),
        Some(Role::Bewoner) => ctx.t("history-by-bewoner"),
        Some(Role::Wijkteam) => ctx.t1("history-by-wijkteam", "wijk", wijk_name),
        Some(Role::Gemeente) => ctx.t("history-by-gemeente"),
        Some(Role::Beheerder) => ctx.t("history-by-beheerder"),
    };
    match email {
        Some(email) if staff => format!("{label} ({email})"),
        _ => label,
    }
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
    let staff = user.as_ref().is_some_and(|u| u.can_review_wijk(&p.wijk_code));
    let list = revisions::for_place(&db, p.id).await?;
    let revisions = list
        .into_iter()
        .map(|r| RevisionView {
            version: r.version,
            kind: ctx.t(&r.kind.label_key()),
            who: who(&ctx, r.author_role, r.author_email, &p.wijk_name, staff),
            reviewer: r
                .reviewer_role
                .map(|role| who(&ctx, Some(role), r.reviewer_email, &p.wijk_name, staff)),
            when: format!(
                "{} {}",
                ctx.date(&r.created_at.date_naive()),
                r.created_at.with_timezone(&chrono_tz::Europe::Amsterdam).format("%H:%M")
            ),
            // A restore's note names the version; say it in the visitor's
            // language ("teruggezet: versie 1", "restored: version 1").
            note: match (r.kind, restored_version(&r.note)) {
                (RevisionKind::Restore, Some(v)) => ctx.t1("history-restored-from", "version", v),
                _ => r.note,
            },
            changes: change_rows(&ctx, &r.changes, sees, &[PlaceField::Source]),
            restorable: r.version != p.version && r.kind.is_restorable(),
        })
        .collect();
    let page = HistoryPage {
        id: p.id,
        name: p.name.to_string(),
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
