//! `/wijkteam/plekken/{id}`: a place's visits, without free text.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use sqlx::PgPool;
use uuid::Uuid;

use crate::db::visits;
use crate::domain::user::{Action, CurrentUser};
use crate::error::{AppError, AppResult};
use crate::web::templates::{PageContext, render};

pub struct HistoryRow {
    pub id: Uuid,
    pub date: String,
    pub purpose: String,
    pub members: String,
    pub followup: Option<String>,
    pub has_notes: bool,
}

#[derive(Template)]
#[template(path = "wijkteam/place.html")]
struct PlaceHistoryPage {
    ctx: PageContext,
    place: visits::VisitPlace,
    type_label: String,
    rows: Vec<HistoryRow>,
    can_log: bool,
}

/// `/wijkteam/plekken/{id}`: every visit to a place, without free text
/// (each visit links to its page with the notes).
pub async fn place_history(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    let place = visits::place(&db, id).await?.ok_or(AppError::NotFound)?;
    if !me.may(Action::ViewVisitNotes, &place.wijk_code) {
        return Err(AppError::Forbidden);
    }
    let rows = visits::of_place(&db, id)
        .await?
        .into_iter()
        .map(|v| HistoryRow {
            id: v.id,
            date: ctx.date(&v.visited_on),
            purpose: ctx.t(&v.purpose.label_key()),
            members: v.members.join(", "),
            followup: v.followup_due.map(|d| {
                let key = if v.followup_open {
                    "wijkteam-followup-open"
                } else {
                    "wijkteam-followup-closed"
                };
                ctx.t1(key, "date", ctx.date(&d))
            }),
            has_notes: v.has_notes,
        })
        .collect();
    let p = PlaceHistoryPage {
        type_label: ctx.t(&place.place_type.label_key()),
        can_log: me.may(Action::LogVisit, &place.wijk_code) && !place.hidden,
        ctx,
        place,
        rows,
    };
    render(&p)
}
