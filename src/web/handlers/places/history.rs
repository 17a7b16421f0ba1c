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
use crate::domain::revision::{self, RevisionKind, restored_version};
use crate::domain::user::{Action, CurrentUser, Role};
use crate::error::{AppError, AppResult};
use crate::ops::places::load_visible;
use crate::web::display::{ChangeRow, area_codes, change_rows, change_rows_named};
use crate::web::extractors::{MaybeUser, Query, form_value};
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
    revisions: Vec<RevisionView>,
    may_restore: bool,
    /// After a restore: which version came back, as a notice.
    restored: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct HistoryQuery {
    teruggezet: Option<String>,
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
        Some(email) if staff => format!("{label} ({})", ctx.who(&email)),
        _ => label,
    }
}

/// Values of protected fields are shown only to roles that may see them.
pub async fn history(
    ctx: PageContext,
    State(db): State<PgPool>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<String>,
    Query(q): Query<HistoryQuery>,
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
            when: when(&ctx, r.created_at),
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
        revisions,
        may_restore,
        restored: q.teruggezet.and_then(|v| v.parse::<i32>().ok()).map(|v| {
            ctx.lang.t_args(
                "history-restored",
                &[("version", v.to_string()), ("current", p.version.to_string())],
            )
        }),
        ctx,
    };
    render(&page)
}

#[derive(Template)]
#[template(path = "places/restore.html")]
struct RestorePage {
    ctx: PageContext,
    id: Uuid,
    name: String,
    /// The version the reviewer looks at now (the conflict check).
    version: i32,
    target: i32,
    intro: String,
    changes: Vec<ChangeRow>,
}

/// `GET …/{version}/terugzetten`: what restoring would change, and the
/// button that does it. A restore overwrites every field, so it is asked
/// first instead of done by one click on the history page.
pub async fn restore_form(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Path((id, version)): Path<(String, String)>,
) -> AppResult<Response> {
    let p = load_visible(&db, &id, Some(&me)).await?;
    if !me.may(Action::RestoreRevision, &p.wijk_code) {
        return Err(AppError::Forbidden);
    }
    let target: i32 = version.parse().map_err(|_| AppError::NotFound)?;
    let r = revisions::for_place(&db, p.id)
        .await?
        .into_iter()
        .find(|r| r.version == target && r.version != p.version && r.kind.is_restorable())
        .ok_or(AppError::NotFound)?;
    let changes = revision::diff(&p.to_input(), &r.snapshot);
    let names = crate::db::areas::names(&db, &area_codes(&changes)).await?;
    let page = RestorePage {
        changes: change_rows_named(&ctx, &changes, true, &[PlaceField::Source], &names),
        intro: ctx.lang.t_args(
            "restore-intro",
            &[
                ("name", p.name.to_string()),
                ("version", target.to_string()),
                ("when", when(&ctx, r.created_at)),
            ],
        ),
        id: p.id,
        name: p.name.to_string(),
        version: p.version,
        target,
        ctx,
    };
    render(&page)
}

fn when(ctx: &PageContext, at: chrono::DateTime<chrono::Utc>) -> String {
    format!(
        "{} {}",
        ctx.date(&at.date_naive()),
        at.with_timezone(&chrono_tz::Europe::Amsterdam).format("%H:%M")
    )
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
    Ok(Redirect::to(&format!("/plekken/{}/geschiedenis?teruggezet={target}", p.id)).into_response())
}
