//! `/plekken/{id}/opmerking`: a resident leaves a tip, a correction or
//! "is dit nog open?" on a place, for the reviewers of its wijk; the
//! reviewers answer it and may show a tip on the place page.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use sqlx::PgPool;

use crate::db::places::PlaceRecord;
use crate::domain::proposal::{ANNOTATION_MAX, ANSWER_MAX, AnnotationKind, NoteText};
use crate::domain::user::{Action, CurrentUser};
use crate::error::{AppError, AppResult, UserMessage};
use crate::ops::places::load_visible;
use crate::web::extractors::form_value;
use crate::web::forms::FormErrors;
use crate::web::handlers::edit::form::OptionView;
use crate::web::handlers::review::{AnswerForm, FailedAnswer, queue_page};
use crate::web::templates::PageContext;

#[derive(Template)]
#[template(path = "edit/annotate.html")]
struct AnnotatePage {
    ctx: PageContext,
    name: String,
    place_url: String,
    action: String,
    kinds: Vec<OptionView>,
    body: String,
    max: usize,
    errors: FormErrors,
}

fn annotate_page(
    ctx: PageContext,
    place: &PlaceRecord,
    kind: &str,
    body: String,
    errors: FormErrors,
) -> AnnotatePage {
    let kinds = AnnotationKind::ALL
        .iter()
        .map(|k| OptionView {
            value: k.slug().to_owned(),
            label: ctx.t(&k.label_key()),
            selected: k.slug() == kind,
        })
        .collect();
    AnnotatePage {
        name: place.name.to_string(),
        place_url: format!("/plekken/{}", place.id),
        action: format!("/plekken/{}/opmerking", place.id),
        kinds,
        body,
        max: ANNOTATION_MAX,
        errors,
        ctx,
    }
}

pub async fn annotate_form(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let place = load_visible(&db, &id, Some(&me)).await?;
    let tip = AnnotationKind::Tip.slug();
    let page = annotate_page(ctx, &place, tip, String::new(), FormErrors::default());
    Ok((StatusCode::OK, Html(page.render()?)).into_response())
}

pub async fn annotate(
    ctx: PageContext,
    State(db): State<PgPool>,
    State(outbox): State<crate::mail::Outbox>,
    me: CurrentUser,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let place = load_visible(&db, &id, Some(&me)).await?;
    if !me.may(Action::Annotate, &place.wijk_code) {
        return Err(AppError::Forbidden);
    }
    let kind_raw = form_value(&pairs, "soort");
    let body_raw = form_value(&pairs, "tekst");
    let mut errors = FormErrors::default();
    let kind = AnnotationKind::parse(&kind_raw);
    if kind.is_none() {
        errors.add(&ctx, "soort", &UserMessage::new("annotation-error-kind"));
    }
    let body = NoteText::parse(&body_raw, ANNOTATION_MAX, "error-required");
    if let Err((key, max)) = &body {
        let label = ctx.t("annotation-body");
        errors.add_labelled(&ctx, "tekst", &label, &UserMessage::new(key).arg("max", max));
    }
    let (Some(kind), Ok(body)) = (kind, body) else {
        let page = annotate_page(ctx, &place, &kind_raw, body_raw.trim().to_owned(), errors);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response());
    };
    crate::ops::annotations::add(&db, &outbox, &me, &place, kind, &body).await?;
    Ok(Redirect::to(&format!("/plekken/{}?opmerking=ontvangen", place.id)).into_response())
}

/// `/opmerkingen/{id}/afgehandeld`: a reviewer deals with a note, with an
/// answer for its author (`antwoord`, optional) and, for a tip, `tonen=1`
/// to show it on the place page. A problem with the answer shows the queue
/// again with the message next to that note's answer, the text kept.
pub async fn resolve(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let raw = form_value(&pairs, "antwoord");
    let publish = form_value(&pairs, "tonen") == "1";
    let answer = match NoteText::parse_optional(&raw, ANSWER_MAX) {
        Ok(answer) => answer,
        Err((key, max)) => {
            let error = ctx.msg(&UserMessage::new(key).arg("max", max));
            let failed = FailedAnswer {
                id,
                form: AnswerForm { text: raw.trim().to_owned(), publish, error: Some(error) },
            };
            let page = queue_page(ctx, &db, &me, None, Some(failed)).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response());
        }
    };
    crate::ops::annotations::resolve(&db, &me, id, answer.as_ref(), publish).await?;
    Ok(Redirect::to("/beoordelen?klaar=opmerking").into_response())
}

/// `/opmerkingen/{id}/niet-tonen`: a reviewer takes a shown tip off the
/// place page again; back to that page.
pub async fn unpublish(
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    crate::ops::annotations::unpublish(&db, &me, id).await?;
    let back = match uuid::Uuid::parse_str(form_value(&pairs, "plek").trim()) {
        Ok(place) => format!("/plekken/{place}"),
        Err(_) => "/beoordelen".to_owned(),
    };
    Ok(Redirect::to(&back).into_response())
}
