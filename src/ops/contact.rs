//! The public reaching a place (issue 12). A message is relayed by mail to
//! the place's contact address, or, without one, to the wijkteam of its
//! wijk, with the sender as Reply-To; the sender never learns where it
//! went. A correction lands as an open annotation in the review queue.
//! Both are rate limited per IP address, per sender and per place; only
//! hashes are kept for that (`place_messages`).

use sqlx::PgPool;

use crate::db::audit;
use crate::db::mail_users::Recipient;
use crate::db::place_messages;
use crate::db::places::PlaceRecord;
use crate::domain::contact::{ContactMessage, Correction, MessageKind, fingerprint};
use crate::domain::notify::NoticeEvent;
use crate::domain::user::{CurrentUser, Email};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::mail::{MailKind, Outbox, Outgoing, messages};
use crate::ops::notify;

pub const MESSAGE_RELAYED: &str = "contact.message";
pub const CORRECTION_ADDED: &str = "contact.correction";

/// Why a message or correction was not taken.
#[derive(Debug)]
pub enum ContactError {
    /// Too many recently; the visitor is asked to wait.
    TooMany,
    /// Nobody to send it to (no address, no wijkteam with one), or mail
    /// is off.
    NoRecipient,
    Other(AppError),
}
super::other_error_from!(ContactError);

/// Who a message for `place` goes to: its own address, else the wijkteam.
#[derive(Debug, Clone)]
pub enum Route {
    Place(String),
    Wijkteam(Vec<Recipient>),
}

/// Where a message for this place would go, if anywhere.
pub async fn route(
    db: &PgPool,
    outbox: &Outbox,
    place: &PlaceRecord,
) -> Result<Route, ContactError> {
    if !outbox.enabled() {
        return Err(ContactError::NoRecipient);
    }
    if let Ok(email) = Email::parse(&place.email) {
        return Ok(Route::Place(email.to_string()));
    }
    let team = place_messages::wijkteam(db, &place.wijk_code).await?;
    if team.is_empty() {
        return Err(ContactError::NoRecipient);
    }
    Ok(Route::Wijkteam(team))
}

/// Checks the limits for `kind` and counts this one, in `tx`.
async fn count_within_limits(
    tx: &mut sqlx::PgConnection,
    kind: MessageKind,
    place: &PlaceRecord,
    ip: &str,
    sender: Option<&Email>,
) -> Result<(), ContactError> {
    let ip_hash = fingerprint(ip);
    let sender_hash = sender.map(|e| fingerprint(e.as_str()));
    place_messages::lock_place(tx, place.id).await?;
    let recent =
        place_messages::recent(&mut *tx, kind, place.id, &ip_hash, sender_hash.as_deref()).await?;
    if recent.place_today >= kind.max_per_place_per_day()
        || recent.ip_hour >= kind.max_per_ip_per_hour()
        || recent.sender_hour >= kind.max_per_sender_per_hour()
    {
        return Err(ContactError::TooMany);
    }
    place_messages::record(tx, kind, place.id, &ip_hash, sender_hash.as_deref()).await?;
    Ok(())
}

/// Relays a message. The mails, the count and the audit entry (which holds
/// no part of the message) are written in one transaction.
pub async fn send_message(
    db: &PgPool,
    outbox: &Outbox,
    place: &PlaceRecord,
    message: &ContactMessage,
    ip: &str,
) -> Result<(), ContactError> {
    let route = route(db, outbox, place).await?;
    let mut tx = db.begin().await?;
    count_within_limits(&mut tx, MessageKind::Message, place, ip, Some(&message.email)).await?;
    let link = outbox.link(&format!("/plekken/{}", place.id));
    let name = place.name.to_string();
    let recipients: Vec<(String, Lang, bool)> = match &route {
        // The place's own address: a Dutch mail (no account, no language).
        Route::Place(email) => vec![(email.clone(), Lang::Nl, false)],
        Route::Wijkteam(team) => team.iter().map(|r| (r.email.clone(), r.lang, true)).collect(),
    };
    for (to, lang, via_team) in recipients {
        let content = messages::contact_message(lang, &name, message, &link, via_team);
        let mail = Outgoing {
            kind: MailKind::ContactMessage,
            to,
            reply_to: Some(message.email.to_string()),
            lang,
            content,
        };
        outbox.enqueue(&mut *tx, mail).await?;
    }
    let details = serde_json::json!({ "via": if matches!(route, Route::Place(_)) { "place" } else { "wijkteam" } });
    audit::record(&mut *tx, None, MESSAGE_RELAYED, &format!("place:{}", place.id), details).await?;
    tx.commit().await?;
    Ok(())
}

/// Stores a correction as an open annotation for the reviewers of the
/// place's wijk, with the signed-in author if there is one.
pub async fn report_correction(
    db: &PgPool,
    outbox: &Outbox,
    place: &PlaceRecord,
    me: Option<&CurrentUser>,
    correction: &Correction,
    ip: &str,
) -> Result<i64, ContactError> {
    let mut tx = db.begin().await?;
    count_within_limits(
        &mut tx,
        MessageKind::Correction,
        place,
        ip,
        correction.reply_email.as_ref(),
    )
    .await?;
    let id = place_messages::insert_correction(
        &mut *tx,
        place.id,
        me.map(|u| u.id),
        correction.topic,
        correction.text.as_str(),
        correction.reply_email.as_ref().map(Email::as_str),
    )
    .await?;
    let name = place.name.to_string();
    let ev = notify::Event {
        event: NoticeEvent::Correction,
        place_name: &name,
        path: "/beoordelen",
        detail: "",
    };
    notify::review(&mut tx, outbox, &place.wijk_code, me.map(|u| u.id), ev).await?;
    let details = serde_json::json!({ "place": place.id, "topic": correction.topic.slug() });
    audit::record(
        &mut *tx,
        me.map(|u| u.id),
        CORRECTION_ADDED,
        &format!("annotation:{id}"),
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}
