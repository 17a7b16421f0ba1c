//! "Klopt dit nog?" (issue 12; docs/mail.md): a place with a contact e-mail
//! is asked once a year (the daily job, a batch at a time, and `haarvaten
//! check-places`) or when staff ask from its page; the signed link lets
//! the place confirm its data (a `verify` revision, as confirmed by the
//! place) or report a change without an account.
//!
//! A change lands in the review queue as a correction, not as a proposal:
//! a proposal belongs to an account (its proposer reads the decision on
//! "mijn voorstellen" and gets the mail), and accepting one publishes its
//! fields as they are, while this comes from whoever holds a link. A
//! correction is what the anonymous "Klopt er iets niet?" makes already:
//! the reviewer reads it and edits the place.

use chrono::NaiveDate;
use serde_json::json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::places::{Authors, conflict, prepare_stored, publish};
use crate::db::places::{self, PlaceRecord};
use crate::db::{audit, place_checks, place_messages};
use crate::domain::contact::CorrectionTopic;
use crate::domain::notify::NoticeEvent;
use crate::domain::place_check::{self, LinkError, VALID_DAYS};
use crate::domain::revision::RevisionKind;
use crate::domain::user::{Action, CurrentUser, Email};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::mail::{MailKind, Outbox, Outgoing, messages};
use crate::ops::notify;

pub const CHECK_SENT: &str = "place.check_sent";
pub const CONFIRMED_BY_PLACE: &str = "place.confirmed_by_place";
pub const CHANGE_REPORTED: &str = "place.change_reported";
/// Places asked per run of the yearly job, so a first run on a large
/// register does not flood the mail server.
pub const YEARLY_BATCH: i64 = 50;

/// Why a link cannot be used.
#[derive(Debug)]
pub enum CheckError {
    Link(LinkError),
    /// Answered already.
    Used,
    Other(AppError),
}
super::other_error_from!(CheckError);

/// Queues the question for `place` in `tx`. `false`: no usable address,
/// mail is off, or it was asked today already.
async fn send(
    tx: &mut PgConnection,
    outbox: &Outbox,
    place: &PlaceRecord,
    today: NaiveDate,
    asked_by: Option<Uuid>,
) -> AppResult<bool> {
    let Ok(email) = Email::parse(&place.email) else {
        return Ok(false);
    };
    if !outbox.enabled()
        || !place_checks::insert(&mut *tx, place.id, &place.wijk_code, today, asked_by).await?
    {
        return Ok(false);
    }
    let key = place_checks::key(&mut *tx).await?;
    let token = place_check::sign(&key, place.id, today);
    let link = outbox.link(&format!("/klopt-dit-nog/{token}"));
    // The place's own address has no account, so no language: Dutch.
    let content = messages::place_check(Lang::Nl, &place.name.to_string(), link, VALID_DAYS);
    let mail = Outgoing {
        kind: MailKind::CheckRequest,
        to: email.to_string(),
        reply_to: None,
        lang: Lang::Nl,
        content,
    };
    outbox.enqueue(&mut *tx, mail).await?;
    let details = json!({ "asked_by": if asked_by.is_some() { "staff" } else { "yearly" } });
    audit::record(&mut *tx, asked_by, CHECK_SENT, &format!("place:{}", place.id), details).await?;
    Ok(true)
}

/// Staff who may verify the place send the question now. `false` when it
/// could not be sent (no address, mail off, sent today already).
pub async fn ask(
    db: &PgPool,
    outbox: &Outbox,
    me: &CurrentUser,
    place: &PlaceRecord,
    today: NaiveDate,
) -> AppResult<bool> {
    if !me.may(Action::VerifyPlace, &place.wijk_code) {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    let sent = send(&mut tx, outbox, place, today, Some(me.id)).await?;
    tx.commit().await?;
    Ok(sent)
}

/// The yearly question to at most `limit` places that are due. Returns
/// how many were asked.
pub async fn ask_yearly(
    db: &PgPool,
    outbox: &Outbox,
    today: NaiveDate,
    limit: i64,
) -> AppResult<u64> {
    if !outbox.enabled() {
        return Ok(0);
    }
    let days = place_check::ASK_AGAIN_DAYS as i32;
    let mut asked = 0;
    for id in place_checks::due(db, today, days, limit).await? {
        let mut tx = db.begin().await?;
        let Some(place) = places::get(&mut *tx, id).await? else { continue };
        if send(&mut tx, outbox, &place, today, None).await? {
            asked += 1;
        }
        tx.commit().await?;
    }
    Ok(asked)
}

/// The place a link is for, if it still works (for the pages).
pub async fn open_link(
    db: &PgPool,
    token: &str,
    today: NaiveDate,
) -> Result<PlaceRecord, CheckError> {
    let key = place_checks::key(db).await?;
    let (id, issued) = place_check::verify(&key, token, today).map_err(CheckError::Link)?;
    if !place_checks::is_open(db, id, issued).await? {
        return Err(CheckError::Used);
    }
    let place = places::get(db, id).await?.ok_or(CheckError::Link(LinkError::Tampered))?;
    if place.hidden {
        return Err(CheckError::Link(LinkError::Tampered));
    }
    Ok(place)
}

async fn use_link(
    tx: &mut PgConnection,
    token: &str,
    today: NaiveDate,
    answer: &str,
) -> Result<PlaceRecord, CheckError> {
    let key = place_checks::key(&mut *tx).await?;
    let (id, issued) = place_check::verify(&key, token, today).map_err(CheckError::Link)?;
    if !place_checks::answer(&mut *tx, id, issued, answer).await? {
        return Err(CheckError::Used);
    }
    places::get_for_update(&mut *tx, id).await?.ok_or(CheckError::Link(LinkError::Tampered))
}

/// "Ja, klopt": the verified date becomes today, as a `verify` revision
/// without an author (the note says the place confirmed it).
pub async fn confirm(db: &PgPool, token: &str, today: NaiveDate) -> Result<Uuid, CheckError> {
    let mut tx = db.begin().await?;
    let current = use_link(&mut tx, token, today, "klopt").await?;
    let mut input = current.to_input();
    input.last_verified = today.to_string();
    let checked = prepare_stored(db, &input).await?;
    let by = Authors { author: None, reviewer: None };
    publish(&mut tx, &current, &checked, RevisionKind::Verify, by, "Bevestigd door de plek")
        .await?
        .ok_or_else(conflict)?;
    let subject = format!("place:{}", current.id);
    audit::record(&mut *tx, None, CONFIRMED_BY_PLACE, &subject, json!({})).await?;
    tx.commit().await?;
    Ok(current.id)
}

/// "Er is iets veranderd": what the place wrote (its changed fields and a
/// note, as `text`) waits in the review queue as a correction, with the
/// place's address to answer; its reviewers are notified.
pub async fn report_change(
    db: &PgPool,
    outbox: &Outbox,
    token: &str,
    today: NaiveDate,
    text: &str,
) -> Result<i64, CheckError> {
    let mut tx = db.begin().await?;
    let place = use_link(&mut tx, token, today, "veranderd").await?;
    let reply = Email::parse(&place.email).ok().map(|e| e.to_string());
    let id = place_messages::insert_correction(
        &mut *tx,
        place.id,
        None,
        CorrectionTopic::Other,
        text,
        reply.as_deref(),
    )
    .await
    .map_err(AppError::from_constraint)?;
    let name = place.name.to_string();
    let ev = notify::Event {
        event: NoticeEvent::Correction,
        place_name: &name,
        path: "/beoordelen",
        detail: "",
    };
    notify::review(&mut tx, outbox, &place.wijk_code, None, ev).await?;
    let subject = format!("annotation:{id}");
    audit::record(&mut *tx, None, CHANGE_REPORTED, &subject, json!({ "place": place.id })).await?;
    tx.commit().await?;
    Ok(id)
}
