//! Proposing, editing and closing a place. A user who may publish in the
//! wijk publishes at once; anyone else's change goes to the review queue as
//! a proposal.

use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use super::audit_actions::{PLACE_CLOSED, PLACE_CREATED, PLACE_EDITED, PROPOSAL_CREATED};
use super::{
    Authors, Conflict, Saved, WriteError, conflict, insert_with_revision, lock, prepare, publish,
};
use crate::db::places::PlaceRecord;
use crate::db::{audit, proposals};
use crate::domain::notify::NoticeEvent;
use crate::domain::opening_hours::OpeningHours;
use crate::domain::place::PlaceStatus;
use crate::domain::place_input::{FieldError, PlaceInput};
use crate::domain::revision::{self, RevisionKind};
use crate::domain::user::{Action, CurrentUser};
use crate::error::AppError;
use crate::mail::Outbox;
use crate::ops::notify;

fn subject(id: Uuid) -> String {
    format!("place:{id}")
}

/// Where reviewers find a new proposal.
const REVIEW_PATH: &str = "/beoordelen";

fn proposal_subject(id: Uuid) -> String {
    format!("proposal:{id}")
}

/// A new place: published by who may publish in its wijk, else proposed.
pub async fn create(
    db: &PgPool,
    outbox: &Outbox,
    me: &CurrentUser,
    input: &PlaceInput,
) -> Result<Saved, WriteError> {
    let new = prepare(db, input).await?.map_err(WriteError::Invalid)?;
    let mut tx = db.begin().await?;
    if me.may(Action::PublishDirectly, &new.areas.wijk_code) {
        let id =
            insert_with_revision(&mut tx, &new, Authors { author: Some(me.id), reviewer: None })
                .await?;
        let details = json!({ "wijk": new.areas.wijk_code });
        audit::record(&mut *tx, Some(me.id), PLACE_CREATED, &subject(id), details).await?;
        tx.commit().await?;
        return Ok(Saved::Published(id));
    }
    let proposal = Uuid::new_v4();
    proposals::insert(
        &mut *tx,
        &proposals::NewProposal {
            id: proposal,
            place_id: None,
            base_version: None,
            base_snapshot: None,
            input: &new.snapshot(),
            wijk_code: &new.areas.wijk_code,
            proposer: me.id,
        },
    )
    .await?;
    let details = json!({ "wijk": new.areas.wijk_code });
    audit::record(&mut *tx, Some(me.id), PROPOSAL_CREATED, &proposal_subject(proposal), details)
        .await?;
    let name = new.fields.name.to_string();
    let ev = notify::Event {
        event: NoticeEvent::Proposal,
        place_name: &name,
        path: REVIEW_PATH,
        detail: "",
    };
    notify::review(&mut tx, outbox, &new.areas.wijk_code, Some(me.id), ev).await?;
    tx.commit().await?;
    Ok(Saved::Proposed)
}

/// An edit of `place`, started from `version`. Publishing needs the right
/// in the place's wijk and in the wijk it moves to.
pub async fn update(
    db: &PgPool,
    outbox: &Outbox,
    me: &CurrentUser,
    place: &PlaceRecord,
    input: &PlaceInput,
    version: i32,
) -> Result<Saved, WriteError> {
    let new = prepare(db, input).await?.map_err(WriteError::Invalid)?;
    let direct = me.may(Action::PublishDirectly, &place.wijk_code)
        && me.may(Action::PublishDirectly, &new.areas.wijk_code);
    let mut tx = db.begin().await?;
    let current = lock(&mut tx, place.id).await?;
    if current.version != version {
        return Err(Conflict::build(&mut tx, current, Some(version), &new.snapshot()).await?);
    }
    if direct {
        let by = Authors { author: Some(me.id), reviewer: None };
        let Some((_, changes)) =
            publish(&mut tx, &current, &new, RevisionKind::Edit, by, "").await?
        else {
            return Err(conflict())?;
        };
        let details = json!({ "fields": changes.iter().map(|c| &c.field).collect::<Vec<_>>() });
        audit::record(&mut *tx, Some(me.id), PLACE_EDITED, &subject(current.id), details).await?;
        tx.commit().await?;
        return Ok(Saved::Published(current.id));
    }
    let proposed = new.snapshot();
    let base = current.to_input();
    if revision::diff(&base, &proposed).is_empty() {
        return Ok(Saved::Unchanged(current.id));
    }
    let proposal = Uuid::new_v4();
    proposals::insert(
        &mut *tx,
        &proposals::NewProposal {
            id: proposal,
            place_id: Some(current.id),
            base_version: Some(current.version),
            base_snapshot: Some(&base),
            input: &proposed,
            wijk_code: &current.wijk_code,
            proposer: me.id,
        },
    )
    .await?;
    let details = json!({ "wijk": current.wijk_code, "place": current.id });
    audit::record(&mut *tx, Some(me.id), PROPOSAL_CREATED, &proposal_subject(proposal), details)
        .await?;
    let name = current.name.to_string();
    let ev = notify::Event {
        event: NoticeEvent::Edit,
        place_name: &name,
        path: REVIEW_PATH,
        detail: "",
    };
    notify::review(&mut tx, outbox, &current.wijk_code, Some(me.id), ev).await?;
    tx.commit().await?;
    Ok(Saved::Proposed)
}

/// What a reviewer records when a place stopped.
#[derive(Debug, Clone, Copy)]
pub struct Closing<'a> {
    pub closed_on: &'a str,
    pub reason: &'a str,
    /// The reviewer checked that it stopped: the verified date becomes
    /// today.
    pub checked: bool,
}

/// Records that a place stopped ("gestopt") on `closed_on`, with a reason.
/// The place stays, with its history.
pub async fn close(
    db: &PgPool,
    me: &CurrentUser,
    place: &PlaceRecord,
    version: Option<i32>,
    closing: Closing<'_>,
) -> Result<(), WriteError> {
    let Closing { closed_on, reason, checked } = closing;
    if !me.may(Action::ClosePlace, &place.wijk_code) {
        return Err(AppError::Forbidden)?;
    }
    if reason.trim().is_empty() {
        return Err(WriteError::Invalid(vec![FieldError {
            field: "reden_opheffing",
            key: "error-required",
        }]));
    }
    let mut input = place.to_input();
    input.status = PlaceStatus::Opgeheven.slug().into();
    input.closed_on = closed_on.to_owned();
    input.closing_reason = reason.to_owned();
    if checked {
        input.last_verified = OpeningHours::today().to_string();
    }
    let new = prepare(db, &revision::for_parsing(&input)).await?.map_err(WriteError::Invalid)?;
    let mut tx = db.begin().await?;
    let current = lock(&mut tx, place.id).await?;
    if version != Some(current.version) {
        return Err(Conflict::build(&mut tx, current, version, &new.snapshot()).await?);
    }
    let by = Authors { author: Some(me.id), reviewer: None };
    let note = new.fields.closing_reason.clone();
    publish(&mut tx, &current, &new, RevisionKind::Close, by, &note).await?.ok_or_else(conflict)?;
    let details = json!({ "reason": new.fields.closing_reason, "closed_on": new.fields.closed_on });
    audit::record(&mut *tx, Some(me.id), PLACE_CLOSED, &subject(current.id), details).await?;
    tx.commit().await?;
    Ok(())
}
