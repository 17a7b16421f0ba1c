//! Deciding a resident's proposal. Accepting publishes it (a new place, or
//! only the fields the proposer changed on top of the place as it is now)
//! with the proposer as author and the reviewer as reviewer; rejecting
//! stores the reason the proposer reads. Both in one transaction with the
//! audit record.

use serde_json::json;
use sqlx::PgPool;

use super::places::{Authors, insert_with_revision, prepare, publish};
use crate::db::proposals::{self, Proposal};
use crate::db::{audit, places};
use crate::domain::notify::NoticeEvent;
use crate::domain::opening_hours::OpeningHours;
use crate::domain::place_input::{FieldError, PlaceInput};
use crate::domain::proposal::NoteText;
use crate::domain::revision::{self, RevisionKind};
use crate::domain::user::CurrentUser;
use crate::error::{AppError, UserMessage};
use crate::mail::Outbox;
use crate::ops::notify;

pub const PROPOSAL_ACCEPTED: &str = "review.accept";
pub const PROPOSAL_REJECTED: &str = "review.reject";

/// Why a proposal could not be accepted.
#[derive(Debug)]
pub enum DecideError {
    /// These fields changed both in the proposal and since it was made.
    Conflict(Vec<String>),
    /// The stored proposal no longer parses (rules changed, area removed).
    Invalid(Vec<FieldError>),
    Other(AppError),
}

super::other_error_from!(DecideError);

fn decided() -> AppError {
    AppError::Conflict(UserMessage::new("review-error-decided"))
}

/// A reviewer may act on a proposal of a wijk they review, never their own.
pub fn may_review(me: &CurrentUser, p: &Proposal) -> bool {
    p.proposer_id != me.id && me.can_review_wijk(&p.wijk_code)
}

async fn prepare_proposal(
    db: &PgPool,
    input: &PlaceInput,
) -> Result<super::places::Prepared, DecideError> {
    prepare(db, &revision::for_parsing(input)).await?.map_err(DecideError::Invalid)
}

/// Accepts `p`. `checked`: the reviewer says they checked the data, which
/// sets its verified date to today; accepting alone does not.
pub async fn accept(
    db: &PgPool,
    outbox: &Outbox,
    me: &CurrentUser,
    p: &Proposal,
    checked: bool,
) -> Result<(), DecideError> {
    if !may_review(me, p) {
        return Err(AppError::Forbidden)?;
    }
    if !p.status.is_open() {
        return Err(decided())?;
    }
    let by = Authors { author: Some(p.proposer_id), reviewer: Some(me.id) };
    let mut tx = db.begin().await?;
    let place_id = match (p.place_id, &p.base_snapshot) {
        (Some(place_id), Some(base)) => {
            let current =
                places::get_for_update(&mut tx, place_id).await?.ok_or(AppError::NotFound)?;
            let mut merged = revision::merge(base, &p.input, &current.to_input())
                .map_err(DecideError::Conflict)?;
            if checked {
                merged.last_verified = OpeningHours::today().to_string();
            }
            let new = prepare_proposal(db, &merged).await?;
            if !me.can_review_wijk(&new.areas.wijk_code) {
                return Err(AppError::Forbidden)?;
            }
            publish(&mut tx, &current, &new, RevisionKind::Edit, by, "")
                .await?
                .ok_or(AppError::Conflict(UserMessage::new("edit-error-conflict")))?;
            place_id
        }
        _ => {
            let mut input = p.input.clone();
            if checked {
                input.last_verified = OpeningHours::today().to_string();
            }
            let new = prepare_proposal(db, &input).await?;
            if !me.can_review_wijk(&new.areas.wijk_code) {
                return Err(AppError::Forbidden)?;
            }
            insert_with_revision(&mut tx, &new, by).await?
        }
    };
    if !proposals::decide(&mut *tx, p.id, me.id, true, "", Some(place_id)).await? {
        return Err(decided())?;
    }
    let details = json!({ "place": place_id, "proposer": p.proposer_id, "checked": checked });
    let subject = format!("proposal:{}", p.id);
    audit::record(&mut *tx, Some(me.id), PROPOSAL_ACCEPTED, &subject, details).await?;
    let path = format!("/plekken/{place_id}");
    let ev = notify::Event {
        event: NoticeEvent::Accepted,
        place_name: &p.name,
        path: &path,
        detail: "",
    };
    notify::decision(&mut tx, outbox, p.proposer_id, ev).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn reject(
    db: &PgPool,
    outbox: &Outbox,
    me: &CurrentUser,
    p: &Proposal,
    reason: &NoteText,
) -> Result<(), AppError> {
    if !may_review(me, p) {
        return Err(AppError::Forbidden);
    }
    if !p.status.is_open() {
        return Err(decided());
    }
    let mut tx = db.begin().await?;
    if !proposals::decide(&mut *tx, p.id, me.id, false, reason.as_str(), None).await? {
        return Err(decided());
    }
    let details = json!({ "reason": reason.as_str(), "proposer": p.proposer_id });
    let subject = format!("proposal:{}", p.id);
    audit::record(&mut *tx, Some(me.id), PROPOSAL_REJECTED, &subject, details).await?;
    let ev = notify::Event {
        event: NoticeEvent::Rejected,
        place_name: &p.name,
        path: "/mijn-voorstellen",
        detail: reason.as_str(),
    };
    notify::decision(&mut tx, outbox, p.proposer_id, ev).await?;
    tx.commit().await?;
    Ok(())
}
