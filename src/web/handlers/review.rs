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
use crate::db::proposals::{self, Proposal};
use crate::domain::place_field::PlaceField;
use crate::domain::proposal::{NoteText, REASON_MAX};
use crate::domain::revision;
use crate::domain::user::{CurrentUser, Role};
use crate::error::{AppError, AppResult, UserMessage};
use crate::ops::proposals::{DecideError, may_review};
use crate::web::display::{ChangeRow, area_codes, change_rows_named};
use crate::web::extractors::{Query, form_value};
use crate::web::forms::FormErrors;
use crate::web::templates::PageContext;

/// Only reviewers reach the queue; residents get a 403.
fn require_reviewer(me: &CurrentUser) -> AppResult<()> {
    if me.role == Role::Bewoner { Err(AppError::Forbidden) } else { Ok(()) }
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
    /// A tip: the reviewer may show it on the place page.
    pub publishable: bool,
    pub answer: AnswerForm,
    pub correction: CorrectionFacts,
}

/// The answer form of a note: empty, or as it comes back after a problem.
#[derive(Default)]
pub struct AnswerForm {
    pub text: String,
    pub publish: bool,
    pub error: Option<String>,
}

/// A correction's topic, its writer's address for an answer, and for
/// "gestopt" the close form, which asks for the date. All `None` for
/// other notes.
pub struct CorrectionFacts {
    pub topic: Option<String>,
    pub reply_email: Option<String>,
    pub close_url: Option<String>,
}

/// An answer to a note that could not be saved, shown again in its form.
pub struct FailedAnswer {
    pub id: i64,
    pub form: AnswerForm,
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
    pub klaar: Option<String>,
    pub verstuurd: Option<String>,
}

pub fn annotation_items(ctx: &PageContext, list: Vec<Annotation>) -> Vec<AnnotationItem> {
    list.into_iter()
        .map(|n| AnnotationItem {
            id: n.id,
            place_url: format!("/plekken/{}", n.place_id),
            place_name: n.place_name,
            kind: ctx.t(&n.kind.label_key()),
            body: n.body,
            author: n.author_email.map(|e| ctx.who(&e)).unwrap_or_default(),
            date: ctx.date(&n.created_at.date_naive()),
            publishable: n.kind.is_publishable(),
            answer: AnswerForm::default(),
            correction: CorrectionFacts {
                topic: n.topic.map(|t| ctx.t(&t.label_key())),
                reply_email: n.reply_email,
                close_url: n
                    .topic
                    .filter(|t| t.asks_for_closing_date())
                    .map(|_| format!("/plekken/{}/opheffen", n.place_id)),
            },
        })
        .collect()
}

pub async fn queue(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let notice = q.klaar.as_deref().map(|k| match k {
        "geaccepteerd" => "review-notice-accepted",
        "afgewezen" => "review-notice-rejected",
        _ => "review-notice-done",
    });
    let page = queue_page(ctx, &db, &me, notice, None).await?;
    Ok(Html(page.render()?).into_response())
}

/// The queue, with a failed answer shown again in its note's form.
pub async fn queue_page(
    ctx: PageContext,
    db: &PgPool,
    me: &CurrentUser,
    notice: Option<&'static str>,
    failed: Option<FailedAnswer>,
) -> AppResult<impl Template> {
    require_reviewer(me)?;
    let items = proposals::open(db)
        .await?
        .into_iter()
        .filter(|p| may_review(me, p))
        .map(|p| QueueItem {
            url: format!("/beoordelen/{}", p.id),
            kind: ctx.t(if p.place_id.is_some() { "review-kind-edit" } else { "review-kind-new" }),
            name: p.name,
            wijk_name: p.wijk_name,
            proposer: ctx.who(&p.proposer_email),
            date: ctx.date(&p.created_at.date_naive()),
        })
        .collect();
    let notes = annotations::open(db, None)
        .await?
        .into_iter()
        .filter(|n| me.can_review_wijk(&n.wijk_code) && n.author_id != Some(me.id))
        .collect();
    let mut notes = annotation_items(&ctx, notes);
    if let Some(f) = failed
        && let Some(n) = notes.iter_mut().find(|n| n.id == f.id)
    {
        n.answer = f.form;
    }
    Ok(QueuePage { ctx, items, notes, notice })
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
    rows: Vec<ChangeRow>,
    open: bool,
    status_label: String,
    reason: String,
    errors: FormErrors,
    /// The proposed point and, for an edit, the current one.
    map: Option<PointMap>,
}

/// The data of the review map: the proposed point (and the point now).
pub struct PointMap {
    pub lon: String,
    pub lat: String,
    pub old: Option<(String, String)>,
    /// "lat, lon" as people type them into a map.
    pub text: String,
    pub old_text: Option<String>,
    /// For the link that works without JavaScript.
    pub osm_url: String,
}

impl PointMap {
    fn of(input: &crate::domain::place_input::PlaceInput) -> Option<(f64, f64)> {
        let num =
            |s: &str| s.trim().replace(',', ".").parse::<f64>().ok().filter(|x| x.is_finite());
        Some((num(&input.lon)?, num(&input.lat)?))
    }

    fn new(p: &Proposal) -> Option<Self> {
        let (lon, lat) = Self::of(&p.input)?;
        let old = p.base_snapshot.as_ref().and_then(Self::of).filter(|o| *o != (lon, lat));
        Some(Self {
            lon: format!("{lon:.6}"),
            lat: format!("{lat:.6}"),
            old: old.map(|(x, y)| (format!("{x:.6}"), format!("{y:.6}"))),
            text: format!("{lat:.6}, {lon:.6}"),
            old_text: old.map(|(x, y)| format!("{y:.6}, {x:.6}")),
            osm_url: format!(
                "https://www.openstreetmap.org/?mlat={lat:.6}&mlon={lon:.6}#map=18/{lat:.6}/{lon:.6}"
            ),
        })
    }
}

/// The proposal page; wijk and buurt codes in the diff get their names.
async fn proposal_page(
    ctx: PageContext,
    db: &PgPool,
    p: &Proposal,
    reason: String,
    errors: FormErrors,
) -> AppResult<ProposalPage> {
    let base = p.base_snapshot.clone().unwrap_or_default();
    let changes = revision::diff(&base, &p.input);
    let names = crate::db::areas::names(db, &area_codes(&changes)).await?;
    // Reviewers of the wijk see protected fields.
    let rows = change_rows_named(&ctx, &changes, true, &[PlaceField::Source], &names);
    Ok(ProposalPage {
        id: p.id,
        name: p.name.clone(),
        is_new: p.place_id.is_none() || p.base_snapshot.is_none(),
        place_url: p.place_id.map(|id| format!("/plekken/{id}")),
        wijk_name: p.wijk_name.clone(),
        proposer: ctx.who(&p.proposer_email),
        date: ctx.date(&p.created_at.date_naive()),
        rows,
        open: p.status.is_open(),
        status_label: ctx.t(&p.status.label_key()),
        reason,
        errors,
        map: PointMap::new(p),
        ctx,
    })
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
    let page = proposal_page(ctx, &db, &p, reason, FormErrors::default()).await?;
    Ok(Html(page.render()?).into_response())
}

pub async fn accept(
    ctx: PageContext,
    State(db): State<PgPool>,
    State(outbox): State<crate::mail::Outbox>,
    me: CurrentUser,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let p = load(&db, &me, &id).await?;
    let checked = form_value(&pairs, "gecontroleerd") == "1";
    match crate::ops::proposals::accept(&db, &outbox, &me, &p, checked).await {
        Ok(()) => Ok(Redirect::to("/beoordelen?klaar=geaccepteerd").into_response()),
        // A field changed both in the proposal and since: a real conflict.
        Err(DecideError::Conflict(fields)) => {
            let labels: Vec<String> = fields.iter().map(|f| ctx.t(&format!("field-{f}"))).collect();
            let message =
                UserMessage::new("review-error-conflict").arg("fields", labels.join(", "));
            Err(AppError::Conflict(message))
        }
        // A stored proposal that no longer parses (rules changed, area
        // removed) cannot be accepted as is: a 409 with the reason.
        Err(DecideError::Invalid(errs)) => {
            let detail = errs.iter().map(|e| ctx.t(e.key)).collect::<Vec<_>>().join(" ");
            Err(AppError::Conflict(UserMessage::new("review-error-invalid").arg("detail", detail)))
        }
        Err(DecideError::Other(e)) => Err(e),
    }
}

pub async fn reject(
    ctx: PageContext,
    State(db): State<PgPool>,
    State(outbox): State<crate::mail::Outbox>,
    me: CurrentUser,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let p = load(&db, &me, &id).await?;
    if !p.status.is_open() {
        return Err(AppError::Conflict(UserMessage::new("review-error-decided")));
    }
    let raw = form_value(&pairs, "reden");
    let reason = match NoteText::parse(&raw, REASON_MAX, "review-error-reason") {
        Ok(reason) => reason,
        Err((key, max)) => {
            let mut errors = FormErrors::default();
            errors.add(&ctx, "reden", &UserMessage::new(key).arg("max", max));
            let page = proposal_page(ctx, &db, &p, raw.trim().to_owned(), errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response());
        }
    };
    crate::ops::proposals::reject(&db, &outbox, &me, &p, &reason).await?;
    Ok(Redirect::to("/beoordelen?klaar=afgewezen").into_response())
}
