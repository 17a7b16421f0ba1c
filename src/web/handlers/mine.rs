//! "Mijn voorstellen": what a signed-in user proposed and the tips and
//! notes they left, with how each was decided or answered.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use sqlx::PgPool;

use super::review::NoticeQuery;
use crate::db::{annotations, proposals};
use crate::domain::proposal::ProposalStatus;
use crate::domain::user::CurrentUser;
use crate::error::AppResult;
use crate::web::extractors::Query;
use crate::web::templates::PageContext;

pub struct MineItem {
    pub name: String,
    pub kind: String,
    pub date: String,
    pub status: String,
    pub status_class: &'static str,
    pub reason: String,
    pub place_url: Option<String>,
}

#[derive(Template)]
#[template(path = "review/mine.html")]
struct MinePage {
    ctx: PageContext,
    items: Vec<MineItem>,
    /// The tips and notes the user left, with the answers
    /// (`review/_mine_notes.html`).
    notes: Vec<MineNote>,
    sent: bool,
}

/// A note the user left, with how it was dealt with.
pub struct MineNote {
    pub place_name: String,
    /// `None` for a hidden place: named, not linked.
    pub place_url: Option<String>,
    pub kind: String,
    pub date: String,
    pub body: String,
    pub status: String,
    pub answer: String,
}

pub async fn mine(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let items = proposals::by_proposer(&db, me.id)
        .await?
        .into_iter()
        .map(|p| MineItem {
            kind: ctx.t(if p.base_snapshot.is_some() {
                "review-kind-edit"
            } else {
                "review-kind-new"
            }),
            date: ctx.date(&p.created_at.date_naive()),
            status: ctx.t(&p.status.label_key()),
            status_class: match p.status {
                ProposalStatus::Accepted => "proposal-accepted",
                ProposalStatus::Rejected => "proposal-rejected",
                ProposalStatus::Open => "proposal-open",
            },
            place_url: p
                .place_id
                .filter(|_| p.status != ProposalStatus::Rejected || p.base_snapshot.is_some())
                .map(|id| format!("/plekken/{id}")),
            reason: p.reason,
            name: p.name,
        })
        .collect();
    let notes = annotations::by_author(&db, me.id)
        .await?
        .into_iter()
        .map(|n| MineNote {
            place_url: (!n.place_hidden).then(|| format!("/plekken/{}", n.place_id)),
            place_name: n.place_name,
            kind: ctx.t(&n.kind.label_key()),
            date: ctx.date(&n.created_at.date_naive()),
            body: n.body,
            status: ctx.t(match (n.resolved, n.published) {
                (false, _) => "tip-status-open",
                (true, false) => "tip-status-done",
                (true, true) => "tip-status-published",
            }),
            answer: n.answer,
        })
        .collect();
    let page = MinePage { ctx, items, notes, sent: q.verstuurd.is_some() };
    Ok(Html(page.render()?).into_response())
}
