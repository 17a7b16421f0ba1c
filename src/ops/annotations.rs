//! Notes residents leave on a place (a tip, a correction, "is dit nog
//! open?") and reviewers answering them, marking them done and showing a
//! tip on the place page (or taking it off again).

use serde_json::json;
use sqlx::PgPool;

use crate::db::annotations;
use crate::db::audit;
use crate::db::places::PlaceRecord;
use crate::domain::notify::NoticeEvent;
use crate::domain::proposal::{AnnotationKind, NoteText};
use crate::domain::user::{Action, CurrentUser};
use crate::error::{AppError, AppResult, UserMessage};
use crate::mail::Outbox;
use crate::ops::notify;

pub const ANNOTATION_ADDED: &str = "annotation.added";
pub const ANNOTATION_RESOLVED: &str = "review.annotation_resolved";
pub const ANNOTATION_UNPUBLISHED: &str = "review.annotation_unpublished";

/// Stores a note on a visible place.
pub async fn add(
    db: &PgPool,
    outbox: &Outbox,
    me: &CurrentUser,
    place: &PlaceRecord,
    kind: AnnotationKind,
    body: &NoteText,
) -> AppResult<i64> {
    if !me.may(Action::Annotate, &place.wijk_code) {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    let id = annotations::insert(&mut *tx, place.id, me.id, kind, body.as_str()).await?;
    let details = json!({ "place": place.id, "kind": kind.slug() });
    audit::record(&mut *tx, Some(me.id), ANNOTATION_ADDED, &format!("annotation:{id}"), details)
        .await?;
    // Tips and corrections wait for the reviewers; a "nog open?" question
    // is answered from the queue without a mail.
    let event = match kind {
        AnnotationKind::Tip => Some(NoticeEvent::Tip),
        AnnotationKind::Correctie => Some(NoticeEvent::Correction),
        AnnotationKind::NogOpen => None,
    };
    if let Some(event) = event {
        let name = place.name.to_string();
        let ev = notify::Event { event, place_name: &name, path: "/beoordelen", detail: "" };
        notify::review(&mut tx, outbox, &place.wijk_code, Some(me.id), ev).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Marks a note done, by a reviewer of its place's wijk, with an answer
/// its author reads (optional) and, for a tip, whether it is shown on the
/// place page.
pub async fn resolve(
    db: &PgPool,
    me: &CurrentUser,
    id: i64,
    answer: Option<&NoteText>,
    publish: bool,
) -> AppResult<()> {
    let note = annotations::meta_of(db, id).await?.ok_or(AppError::NotFound)?;
    if !me.can_review_wijk(&note.wijk_code) {
        return Err(AppError::Forbidden);
    }
    if publish && !note.kind.is_publishable() {
        return Err(AppError::bad_request("tip-error-not-publishable"));
    }
    if note.resolved {
        return Err(AppError::Conflict(UserMessage::new("tip-error-done")));
    }
    let text = answer.map(NoteText::as_str).unwrap_or_default();
    let mut tx = db.begin().await?;
    if !annotations::answer(&mut *tx, id, me.id, text, publish)
        .await
        .map_err(AppError::from_constraint)?
    {
        return Err(AppError::Conflict(UserMessage::new("tip-error-done")));
    }
    let details = json!({ "answered": answer.is_some(), "published": publish });
    audit::record(&mut *tx, Some(me.id), ANNOTATION_RESOLVED, &format!("annotation:{id}"), details)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Takes a shown tip off the place page, by a reviewer of its wijk.
pub async fn unpublish(db: &PgPool, me: &CurrentUser, id: i64) -> AppResult<()> {
    let note = annotations::meta_of(db, id).await?.ok_or(AppError::NotFound)?;
    if !me.can_review_wijk(&note.wijk_code) {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    if annotations::unpublish(&mut *tx, id).await? {
        let subject = format!("annotation:{id}");
        audit::record(&mut *tx, Some(me.id), ANNOTATION_UNPUBLISHED, &subject, json!({})).await?;
    }
    tx.commit().await?;
    Ok(())
}
