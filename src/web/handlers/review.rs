//! The review queue (`/beoordelen`): open proposals and annotations for the
//! wijken a reviewer works in; accept (publishes, with a revision) or reject
//! with a reason the proposer reads on `/mijn-voorstellen`.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use sqlx::PgPool;
use uuid::Uuid;

use crate::db::annotations::{self, Annotation};
use crate::db::audit;
use crate::db::places;
use crate::db::proposals::{self, Proposal};
use crate::db::revisions::kinds;
use crate::domain::place_input::PlaceInput;
use crate::domain::revision;
use crate::domain::user::{CurrentUser, Role};
use crate::error::{AppError, AppResult, UserMessage};
use crate::web::extractors::Query;
use crate::web::forms::FormErrors;
use crate::web::handlers::edit::{self, audit_actions, display_value};
use crate::web::templates::PageContext;

const REASON_MAX: usize = 1000;

/// Only reviewers reach the queue; residents get a 403.
fn require_reviewer(me: &CurrentUser) -> AppResult<()> {
    if me.role == Role::Bewoner { Err(AppError::Forbidden) } else { Ok(()) }
}

/// A reviewer may act on a proposal of a wijk they review, never their own.
fn may_review(me: &CurrentUser, p: &Proposal) -> bool {
    p.proposer_id != me.id && me.can_review_wijk(&p.wijk_code)
}

pub struct QueueItem {
    pub url: String,
    pub name: String,
    pub kind: String,
    pub wijk_name: String,
    pub proposer: String,
    pub date: String,
}

pub struct AnnotationItem {
    pub id: i64,
    pub place_url: String,
    pub place_name: String,
    pub kind: String,
    pub body: String,
    pub author: String,
    pub date: String,
}

#[derive(Template)]
#[template(path = "review/queue.html")]
struct QueuePage {
    ctx: PageContext,
    items: Vec<QueueItem>,
    notes: Vec<AnnotationItem>,
    notice: Option<&'static str>,
}

#[derive(serde::Deserialize, Default)]
pub struct NoticeQuery {
    klaar: Option<String>,
    verstuurd: Option<String>,
}

pub fn annotation_items(ctx: &PageContext, list: Vec<Annotation>) -> Vec<AnnotationItem> {
    list.into_iter()
        .map(|n| AnnotationItem {
            id: n.id,
            place_url: format!("/plekken/{}", n.place_id),
            place_name: n.place_name,
            kind: ctx.t(&format!("annotation-kind-{}", n.kind)),
            body: n.body,
            author: n.author_email.unwrap_or_default(),
            date: ctx.date(&n.created_at.date_naive()),
        })
        .collect()
}

pub async fn queue(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    require_reviewer(&me)?;
    let items = proposals::open(&db)
        .await?
        .into_iter()
        .filter(|p| may_review(&me, p))
        .map(|p| QueueItem {
            url: format!("/beoordelen/{}", p.id),
            kind: ctx.t(if p.place_id.is_some() { "review-kind-edit" } else { "review-kind-new" }),
            name: p.name,
            wijk_name: p.wijk_name,
            proposer: p.proposer_email,
            date: ctx.date(&p.created_at.date_naive()),
        })
        .collect();
    let notes = annotations::open(&db, None)
        .await?
        .into_iter()
        .filter(|n| me.can_review_wijk(&n.wijk_code) && n.author_id != Some(me.id))
        .collect();
    let notes = annotation_items(&ctx, notes);
    let notice = q.klaar.as_deref().map(|k| match k {
        "geaccepteerd" => "review-notice-accepted",
        "afgewezen" => "review-notice-rejected",
        _ => "review-notice-done",
    });
    let page = QueuePage { ctx, items, notes, notice };
    Ok(Html(page.render()?).into_response())
}

pub struct DiffRow {
    pub label: String,
    pub old: String,
    pub new: String,
}

#[derive(Template)]
#[template(path = "review/show.html")]
struct ProposalPage {
    ctx: PageContext,
    id: Uuid,
    name: String,
    is_new: bool,
    place_url: Option<String>,
    wijk_name: String,
    proposer: String,
    date: String,
    rows: Vec<DiffRow>,
    open: bool,
    status_label: String,
    reason: String,
    errors: FormErrors,
}

fn diff_rows(ctx: &PageContext, base: &PlaceInput, new: &PlaceInput) -> Vec<DiffRow> {
    revision::diff(base, new)
        .into_iter()
        .filter(|c| !matches!(c.field.as_str(), "bron"))
        .map(|c| DiffRow {
            label: ctx.t(&format!("field-{}", c.field)),
            old: display_value(ctx, &c.field, &c.old),
            new: display_value(ctx, &c.field, &c.new),
        })
        .collect()
}

fn proposal_page(
    ctx: PageContext,
    p: &Proposal,
    reason: String,
    errors: FormErrors,
) -> ProposalPage {
    let base = p.base_snapshot.clone().unwrap_or_default();
    let rows = diff_rows(&ctx, &base, &p.input);
    ProposalPage {
        id: p.id,
        name: p.name.clone(),
        is_new: p.place_id.is_none() || p.base_snapshot.is_none(),
        place_url: p.place_id.map(|id| format!("/plekken/{id}")),
        wijk_name: p.wijk_name.clone(),
        proposer: p.proposer_email.clone(),
        date: ctx.date(&p.created_at.date_naive()),
        rows,
        open: p.status == "open",
        status_label: ctx.t(&format!("proposal-status-{}", p.status)),
        reason,
        errors,
        ctx,
    }
}

async fn load(db: &PgPool, me: &CurrentUser, id: &str) -> AppResult<Proposal> {
    require_reviewer(me)?;
    let id = Uuid::parse_str(id).map_err(|_| AppError::NotFound)?;
    let p = proposals::get(db, id).await?.ok_or(AppError::NotFound)?;
    if !may_review(me, &p) {
        return Err(AppError::Forbidden);
    }
    Ok(p)
}

pub async fn show(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let p = load(&db, &me, &id).await?;
    let reason = p.reason.clone();
    let page = proposal_page(ctx, &p, reason, FormErrors::default());
    Ok(Html(page.render()?).into_response())
}

pub async fn accept(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let p = load(&db, &me, &id).await?;
    if p.status != "open" {
        return Err(AppError::Conflict(UserMessage::new("review-error-decided")));
    }
    let mut tx = db.begin().await?;
    let place_id = match (p.place_id, &p.base_snapshot) {
        (Some(place_id), Some(base)) => {
            let current =
                places::get_for_update(&mut tx, place_id).await?.ok_or(AppError::NotFound)?;
            // Only the fields the proposer changed, on top of what is
            // current now; a field changed both ways is a real conflict.
            let merged =
                revision::merge(base, &p.input, &current.to_input()).map_err(|fields| {
                    let labels: Vec<String> =
                        fields.iter().map(|f| ctx.t(&format!("field-{f}"))).collect();
                    AppError::Conflict(
                        UserMessage::new("review-error-conflict").arg("fields", labels.join(", ")),
                    )
                })?;
            let (fields, areas) = parse_for_accept(&db, &ctx, &merged).await?;
            if !me.can_review_wijk(&areas.wijk_code) {
                return Err(AppError::Forbidden);
            }
            edit::publish(
                &mut tx,
                &current,
                &fields,
                &areas,
                kinds::EDIT,
                p.proposer_id,
                Some(me.id),
                "",
            )
            .await?
            .ok_or(AppError::Conflict(UserMessage::new("edit-error-conflict")))?;
            place_id
        }
        _ => {
            let (fields, areas) = parse_for_accept(&db, &ctx, &p.input).await?;
            if !me.can_review_wijk(&areas.wijk_code) {
                return Err(AppError::Forbidden);
            }
            edit::create_place(&mut tx, &fields, &areas, p.proposer_id, Some(me.id)).await?
        }
    };
    if !proposals::decide(&mut *tx, p.id, me.id, true, "", Some(place_id)).await? {
        return Err(AppError::Conflict(UserMessage::new("review-error-decided")));
    }
    audit::record(
        &mut *tx,
        Some(me.id),
        audit_actions::PROPOSAL_ACCEPTED,
        &format!("proposal:{}", p.id),
        serde_json::json!({ "place": place_id, "proposer": p.proposer_id }),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/beoordelen?klaar=geaccepteerd").into_response())
}

/// A stored proposal that no longer parses (rules changed, area removed)
/// cannot be accepted as is: a 409 with the reason, never a 500.
async fn parse_for_accept(
    db: &PgPool,
    ctx: &PageContext,
    input: &PlaceInput,
) -> AppResult<(crate::domain::place::PlaceFields, places::PlaceAreas)> {
    let mut errors = FormErrors::default();
    match edit::parse_with_areas(db, ctx, &revision::for_parsing(input), &mut errors).await? {
        Some(ok) => Ok(ok),
        None => {
            let detail =
                errors.list().iter().map(|(_, m)| m.as_str()).collect::<Vec<_>>().join(" ");
            Err(AppError::Conflict(UserMessage::new("review-error-invalid").arg("detail", detail)))
        }
    }
}

pub async fn reject(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let p = load(&db, &me, &id).await?;
    if p.status != "open" {
        return Err(AppError::Conflict(UserMessage::new("review-error-decided")));
    }
    let reason = pairs
        .iter()
        .find(|(k, _)| k == "reden")
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default();
    let mut errors = FormErrors::default();
    if reason.is_empty() {
        errors.add(&ctx, "reden", &UserMessage::new("review-error-reason"));
    } else if reason.chars().count() > REASON_MAX {
        errors.add(
            &ctx,
            "reden",
            &UserMessage::new("annotation-error-too-long").arg("max", REASON_MAX),
        );
    }
    if !errors.is_empty() {
        let page = proposal_page(ctx, &p, reason, errors);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response());
    }
    let mut tx = db.begin().await?;
    if !proposals::decide(&mut *tx, p.id, me.id, false, &reason, None).await? {
        return Err(AppError::Conflict(UserMessage::new("review-error-decided")));
    }
    audit::record(
        &mut *tx,
        Some(me.id),
        audit_actions::PROPOSAL_REJECTED,
        &format!("proposal:{}", p.id),
        serde_json::json!({ "reason": reason, "proposer": p.proposer_id }),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/beoordelen?klaar=afgewezen").into_response())
}

pub async fn resolve_annotation(
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let wijk = annotations::wijk_of(&db, id).await?.ok_or(AppError::NotFound)?;
    if !me.can_review_wijk(&wijk) {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    annotations::resolve(&mut *tx, id, me.id).await?;
    audit::record(
        &mut *tx,
        Some(me.id),
        audit_actions::ANNOTATION_RESOLVED,
        &format!("annotation:{id}"),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/beoordelen?klaar=opmerking").into_response())
}

// ---------------------------------------------------------------- mine

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
    sent: bool,
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
            status: ctx.t(&format!("proposal-status-{}", p.status)),
            status_class: match p.status.as_str() {
                "accepted" => "proposal-accepted",
                "rejected" => "proposal-rejected",
                _ => "proposal-open",
            },
            place_url: p
                .place_id
                .filter(|_| p.status != "rejected" || p.base_snapshot.is_some())
                .map(|id| format!("/plekken/{id}")),
            reason: p.reason,
            name: p.name,
        })
        .collect();
    let page = MinePage { ctx, items, sent: q.verstuurd.is_some() };
    Ok(Html(page.render()?).into_response())
}
