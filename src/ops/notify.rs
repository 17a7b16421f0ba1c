//! Notifications (issue 12; docs/mail.md): who hears of an event, and how.
//! The operation that causes an event calls [`review`] or [`decision`] in
//! its own transaction, so the notice (and for "direct" its mail) exists
//! exactly when the event does. The daily job ([`crate::notify`]) sends
//! the digests ([`send_digests`]) and finds due follow-ups
//! ([`followups_due`]). Only accounts with a confirmed address are
//! notified; "never" stores nothing.

use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::db::audit;
use crate::db::notifications::{self as db, NewNotice, Subscriber};
use crate::domain::notify::{Delivery, NoticeEvent, NoticeKind};
use crate::domain::user::{Action, CurrentUser};
use crate::error::AppResult;
use crate::mail::notices::{self, Notice};
use crate::mail::{MailKind, Outbox, Outgoing};

pub const SETTINGS_CHANGED: &str = "user.notifications_changed";
/// Where a user changes what they get; named in every notification mail.
pub const SETTINGS_PATH: &str = "/account/meldingen";
/// Mailed notices are kept this long, then pruned by the daily job.
pub const KEEP_MAILED_DAYS: i32 = 90;
/// Follow-ups handled per transaction of the daily job.
const FOLLOWUP_BATCH: i64 = 100;

/// Something that happened to a place, for the people who hear of it.
#[derive(Debug, Clone, Copy)]
pub struct Event<'a> {
    pub event: NoticeEvent,
    pub place_name: &'a str,
    /// The page the mail points to.
    pub path: &'a str,
    /// A rejection's reason.
    pub detail: &'a str,
}

/// Stores the notice for `to` as they chose, in `tx`: nothing for "never",
/// the notice with its queued mail for "direct", the notice alone for the
/// digest.
async fn deliver(
    tx: &mut PgConnection,
    outbox: &Outbox,
    to: &Subscriber,
    ev: &Event<'_>,
) -> AppResult<()> {
    let delivery = to.delivery(ev.event.kind());
    if delivery == Delivery::Never {
        return Ok(());
    }
    let mailed = if delivery == Delivery::Direct {
        let notice = Notice {
            event: ev.event,
            place: ev.place_name.to_owned(),
            link: outbox.link(ev.path),
            detail: ev.detail.to_owned(),
        };
        let content = notices::single(to.lang, &notice, &outbox.link(SETTINGS_PATH));
        let mail = Outgoing {
            kind: MailKind::Notification,
            to: to.email.clone(),
            reply_to: None,
            lang: to.lang,
            content,
        };
        outbox.enqueue(&mut *tx, mail).await?
    } else {
        false
    };
    let notice = NewNotice {
        user: to.id,
        event: ev.event,
        delivery,
        place_name: ev.place_name,
        link: ev.path,
        detail: ev.detail,
        mailed,
    };
    db::insert(&mut *tx, &notice).await?;
    Ok(())
}

/// Tells everyone who may review `wijk` (the rights matrix decides) that a
/// proposal, tip or correction waits there; not the one who made it.
pub async fn review(
    tx: &mut PgConnection,
    outbox: &Outbox,
    wijk: &str,
    actor: Option<Uuid>,
    ev: Event<'_>,
) -> AppResult<()> {
    for s in db::review_candidates(&mut *tx, wijk).await? {
        let as_user = CurrentUser {
            id: s.id,
            email: s.email.clone(),
            role: s.role,
            wijken: s.wijken.clone(),
            gemeente: s.gemeente.clone(),
        };
        if Some(s.id) != actor && as_user.may(Action::ReviewProposals, wijk) {
            deliver(tx, outbox, &s, &ev).await?;
        }
    }
    Ok(())
}

/// Tells the proposer that their proposal was accepted or rejected.
pub async fn decision(
    tx: &mut PgConnection,
    outbox: &Outbox,
    proposer: Uuid,
    ev: Event<'_>,
) -> AppResult<()> {
    if let Some(s) = db::subscriber(&mut *tx, proposer, NoticeKind::Decision).await? {
        deliver(tx, outbox, &s, &ev).await?;
    }
    Ok(())
}

/// The daily job: tells the members of each visit whose follow-up date is
/// reached (and that is not done), once per follow-up. Returns how many
/// follow-ups were noticed.
pub async fn followups_due(db_pool: &PgPool, outbox: &Outbox, today: NaiveDate) -> AppResult<u64> {
    let mut noticed = 0;
    loop {
        let mut tx = db_pool.begin().await?;
        let due = db::due_followups(&mut *tx, today, FOLLOWUP_BATCH).await?;
        if due.is_empty() {
            return Ok(noticed);
        }
        for f in &due {
            if !db::mark_followup_noticed(&mut *tx, f.visit_id).await? {
                continue;
            }
            let path = format!("/wijkteam/bezoeken/{}", f.visit_id);
            let ev = Event {
                event: NoticeEvent::Followup,
                place_name: &f.place_name,
                path: &path,
                detail: "",
            };
            for member in db::followup_members(&mut *tx, f.visit_id, &f.wijk_code).await? {
                deliver(&mut tx, outbox, &member, &ev).await?;
            }
            noticed += 1;
        }
        tx.commit().await?;
    }
}

/// The daily job: one mail per user with everything that waited for their
/// digest, at most one a day. Without mail nothing is taken, so the
/// notices wait until mail works. Returns how many digests were queued.
pub async fn send_digests(db_pool: &PgPool, outbox: &Outbox, today: NaiveDate) -> AppResult<u64> {
    if !outbox.enabled() {
        return Ok(0);
    }
    let mut sent = 0;
    for user in db::users_with_pending(db_pool).await? {
        let mut tx = db_pool.begin().await?;
        // The address must still be confirmed; the kind only picks a row.
        let Some(s) = db::subscriber(&mut *tx, user, NoticeKind::Decision).await? else {
            continue;
        };
        if !db::claim_digest_day(&mut *tx, user, today).await? {
            continue;
        }
        let pending = db::take_pending(&mut *tx, user).await?;
        if pending.is_empty() {
            continue;
        }
        let list: Vec<Notice> = pending
            .into_iter()
            .map(|p| Notice {
                event: p.event,
                place: p.place_name,
                link: outbox.link(&p.link),
                detail: p.detail,
            })
            .collect();
        let content = notices::digest(s.lang, &list, &outbox.link(SETTINGS_PATH));
        let mail = Outgoing {
            kind: MailKind::Notification,
            to: s.email,
            reply_to: None,
            lang: s.lang,
            content,
        };
        outbox.enqueue(&mut *tx, mail).await?;
        tx.commit().await?;
        sent += 1;
    }
    Ok(sent)
}

/// The daily job: forgets notices mailed more than [`KEEP_MAILED_DAYS`]
/// ago. Returns how many went.
pub async fn prune(db_pool: &PgPool) -> AppResult<u64> {
    Ok(db::prune(db_pool, KEEP_MAILED_DAYS).await?)
}

/// What `me` chose per kind, with the default for kinds they did not.
pub async fn settings(
    db_pool: &PgPool,
    me: &CurrentUser,
) -> AppResult<Vec<(NoticeKind, Delivery)>> {
    let stored = db::settings(db_pool, me.id).await?;
    Ok(NoticeKind::ALL
        .iter()
        .filter(|k| k.applies_to(me.role))
        .map(|k| {
            let chosen = stored.iter().find(|(s, _)| s == k).map(|(_, d)| *d);
            (*k, chosen.unwrap_or_else(|| k.default_delivery(me.role)))
        })
        .collect())
}

/// Stores `me`'s choices (kinds that do not apply to their role are
/// ignored), with an audit record.
pub async fn set_settings(
    db_pool: &PgPool,
    me: &CurrentUser,
    choices: &[(NoticeKind, Delivery)],
) -> AppResult<()> {
    let mut tx = db_pool.begin().await?;
    let mut stored = serde_json::Map::new();
    for (kind, delivery) in choices.iter().filter(|(k, _)| k.applies_to(me.role)) {
        db::set_setting(&mut *tx, me.id, *kind, *delivery).await?;
        stored.insert(kind.slug().to_owned(), delivery.slug().into());
    }
    let subject = format!("user:{}", me.id);
    audit::record(&mut *tx, Some(me.id), SETTINGS_CHANGED, &subject, stored.into()).await?;
    tx.commit().await?;
    Ok(())
}
