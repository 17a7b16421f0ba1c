//! Notes residents leave on a place (a tip, a correction, "is dit nog
//! open?") and reviewers marking them done.

use serde_json::json;
use sqlx::PgPool;

use crate::db::annotations;
use crate::db::audit;
use crate::db::places::PlaceRecord;
use crate::domain::proposal::{AnnotationKind, NoteText};
use crate::domain::user::{Action, CurrentUser};
use crate::error::{AppError, AppResult};

pub const ANNOTATION_ADDED: &str = "annotation.added";
pub const ANNOTATION_RESOLVED: &str = "review.annotation_resolved";

/// Stores a note on a visible place.
pub async fn add(
    db: &PgPool,
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
    tx.commit().await?;
    Ok(id)
}

/// Marks a note done, by a reviewer of its place's wijk.
pub async fn resolve(db: &PgPool, me: &CurrentUser, id: i64) -> AppResult<()> {
    let wijk = annotations::wijk_of(db, id).await?.ok_or(AppError::NotFound)?;
    if !me.can_review_wijk(&wijk) {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    annotations::resolve(&mut *tx, id, me.id).await?;
    audit::record(
        &mut *tx,
        Some(me.id),
        ANNOTATION_RESOLVED,
        &format!("annotation:{id}"),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
