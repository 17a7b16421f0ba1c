//! Staff care of a place: restoring an earlier version, confirming that the
//! data is current ("gecontroleerd"), and hiding a place (spam, privacy).
//! Each is a revision and an audit record in one transaction.

use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use super::audit_actions::{PLACE_HIDDEN, PLACE_RESTORED, PLACE_UNHIDDEN, PLACE_VERIFIED};
use super::{Authors, conflict, ensure_baseline, lock, prepare_stored, publish};
use crate::db::audit;
use crate::db::places::{self, PlaceRecord};
use crate::db::revisions::{self, NewRevision};
use crate::domain::opening_hours::OpeningHours;
use crate::domain::revision::{FieldChange, HIDDEN_FIELD, RevisionKind};
use crate::domain::user::{Action, CurrentUser};
use crate::error::{AppError, AppResult};

/// Longest reason for hiding a place, in characters.
const HIDE_REASON_MAX: usize = 1000;

/// Restores the fields of version `target`; the restore is itself a new
/// revision. `seen` is the version the reviewer looked at: if the place
/// changed since, nothing is written.
pub async fn restore_revision(
    db: &PgPool,
    me: &CurrentUser,
    place: &PlaceRecord,
    target: i32,
    seen: Option<i32>,
) -> AppResult<()> {
    if !me.may(Action::RestoreRevision, &place.wijk_code) {
        return Err(AppError::Forbidden);
    }
    let snapshot = revisions::snapshot_at(db, place.id, target).await?.ok_or(AppError::NotFound)?;
    let old = prepare_stored(db, &snapshot).await?;
    if !me.may(Action::RestoreRevision, &old.areas.wijk_code) {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    let current = lock(&mut tx, place.id).await?;
    if Some(current.version) != seen {
        return Err(conflict());
    }
    let by = Authors { author: Some(me.id), reviewer: None };
    let note = crate::domain::revision::restore_note(target);
    publish(&mut tx, &current, &old, RevisionKind::Restore, by, &note)
        .await?
        .ok_or_else(conflict)?;
    let subject = format!("place:{}", place.id);
    let details = json!({ "version": target });
    audit::record(&mut *tx, Some(me.id), PLACE_RESTORED, &subject, details).await?;
    tx.commit().await?;
    Ok(())
}

/// Confirms in one step that the place is current: sets the verified date
/// to today.
pub async fn verify(db: &PgPool, me: &CurrentUser, place: &PlaceRecord) -> AppResult<()> {
    if !me.may(Action::VerifyPlace, &place.wijk_code) {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    let current = lock(&mut tx, place.id).await?;
    let mut input = current.to_input();
    input.last_verified = OpeningHours::today().to_string();
    let checked = prepare_stored(db, &input).await?;
    let by = Authors { author: Some(me.id), reviewer: None };
    publish(&mut tx, &current, &checked, RevisionKind::Verify, by, "")
        .await?
        .ok_or_else(conflict)?;
    let subject = format!("place:{}", place.id);
    audit::record(&mut *tx, Some(me.id), PLACE_VERIFIED, &subject, json!({})).await?;
    tx.commit().await?;
    Ok(())
}

/// Hides a place from everyone but the beheerder, or shows it again, with
/// a reason (required for hiding). Nobody without the right may even learn
/// that a hidden place exists.
pub async fn set_hidden(
    db: &PgPool,
    me: &CurrentUser,
    id: Uuid,
    hidden: bool,
    reason: &str,
) -> AppResult<()> {
    let place = places::get(db, id).await?.ok_or(AppError::NotFound)?;
    if !me.may(Action::HidePlace, &place.wijk_code) {
        return Err(if place.hidden { AppError::NotFound } else { AppError::Forbidden });
    }
    let reason: String = reason.chars().take(HIDE_REASON_MAX).collect();
    if crate::domain::text::has_control_characters(&reason, true) {
        return Err(AppError::bad_request(crate::domain::text::CONTROL_CHARACTERS));
    }
    if hidden && reason.is_empty() {
        return Err(AppError::bad_request("place-hide-reason-required"));
    }
    let mut tx = db.begin().await?;
    let current = lock(&mut tx, id).await?;
    if current.hidden == hidden {
        return Ok(());
    }
    ensure_baseline(&mut tx, &current).await?;
    let version =
        places::set_hidden(&mut *tx, id, current.version, hidden).await?.ok_or_else(conflict)?;
    let yes_no = |b: bool| if b { "ja" } else { "nee" }.to_owned();
    let changes =
        [FieldChange { field: HIDDEN_FIELD.into(), old: yes_no(!hidden), new: yes_no(hidden) }];
    revisions::insert(
        &mut *tx,
        &NewRevision {
            place_id: id,
            version,
            kind: if hidden { RevisionKind::Hide } else { RevisionKind::Unhide },
            author: Some(me.id),
            reviewer: None,
            changes: &changes,
            snapshot: &current.to_input(),
            hidden,
            note: &reason,
        },
    )
    .await?;
    let action = if hidden { PLACE_HIDDEN } else { PLACE_UNHIDDEN };
    let details = json!({ "reason": reason });
    audit::record(&mut *tx, Some(me.id), action, &format!("place:{id}"), details).await?;
    tx.commit().await?;
    Ok(())
}
