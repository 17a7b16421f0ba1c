//! What the public sends about a place (migration 0071): the counts behind
//! the rate limits, the wijkteam a message goes to when the place has no
//! e-mail address, and anonymous corrections as annotations.

use sqlx::PgExecutor;
use uuid::Uuid;

use super::DbResult;
use super::mail_users::Recipient;
use crate::domain::contact::{CorrectionTopic, MessageKind};
use crate::domain::proposal::AnnotationKind;
use crate::i18n::Lang;

/// Serialises the counting for one place until the transaction ends, so
/// parallel posts cannot all slip under a limit.
pub async fn lock_place(tx: &mut sqlx::PgConnection, place: Uuid) -> DbResult<()> {
    sqlx::query!(
        "SELECT pg_advisory_xact_lock(hashtext('place_messages:' || $1::uuid::text))",
        place
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// How many were sent recently: to this place today, from this IP and
/// from this sender this hour.
#[derive(Debug, Clone, Copy)]
pub struct Recent {
    pub place_today: i64,
    pub ip_hour: i64,
    pub sender_hour: i64,
}

pub async fn recent(
    db: impl PgExecutor<'_>,
    kind: MessageKind,
    place: Uuid,
    ip_hash: &str,
    sender_hash: Option<&str>,
) -> DbResult<Recent> {
    let row = sqlx::query!(
        r#"SELECT
             count(*) FILTER (WHERE place_id = $2 AND created_at > now() - interval '1 day') AS "place!",
             count(*) FILTER (WHERE ip_hash = $3 AND created_at > now() - interval '1 hour') AS "ip!",
             count(*) FILTER (WHERE sender_hash = $4 AND created_at > now() - interval '1 hour') AS "sender!"
           FROM place_messages
           WHERE kind = $1 AND created_at > now() - interval '1 day'
             AND (place_id = $2 OR ip_hash = $3 OR sender_hash = $4)"#,
        kind.slug(),
        place,
        ip_hash,
        sender_hash,
    )
    .fetch_one(db)
    .await?;
    Ok(Recent { place_today: row.place, ip_hour: row.ip, sender_hour: row.sender })
}

/// Counts one, and forgets those older than two days.
pub async fn record(
    tx: &mut sqlx::PgConnection,
    kind: MessageKind,
    place: Uuid,
    ip_hash: &str,
    sender_hash: Option<&str>,
) -> DbResult<()> {
    sqlx::query!("DELETE FROM place_messages WHERE created_at < now() - interval '2 days'")
        .execute(&mut *tx)
        .await?;
    sqlx::query!(
        "INSERT INTO place_messages (place_id, kind, ip_hash, sender_hash) VALUES ($1, $2, $3, $4)",
        place,
        kind.slug(),
        ip_hash,
        sender_hash,
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The wijkteam members of a wijk with a confirmed address: who gets a
/// message for a place without an e-mail address, and the notices of the
/// wijk's review queue.
pub async fn wijkteam(db: impl PgExecutor<'_>, wijk: &str) -> DbResult<Vec<Recipient>> {
    let rows = sqlx::query!(
        "SELECT u.id, u.email, u.lang FROM users u JOIN user_wijken w ON w.user_id = u.id
         WHERE w.wijk_code = $1 AND u.role = 'wijkteam' AND u.email_confirmed_at IS NOT NULL
         ORDER BY u.email",
        wijk
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Recipient {
            id: r.id,
            email: r.email,
            lang: Lang::parse(&r.lang).unwrap_or_default(),
            confirmed: true,
        })
        .collect())
}

/// An anonymous (or signed-in) correction, as an open annotation of kind
/// `correctie` for the reviewers of the place's wijk.
pub async fn insert_correction(
    db: impl PgExecutor<'_>,
    place: Uuid,
    author: Option<Uuid>,
    topic: CorrectionTopic,
    body: &str,
    reply_email: Option<&str>,
) -> DbResult<i64> {
    sqlx::query_scalar!(
        "INSERT INTO place_annotations (place_id, author_id, kind, body, topic, reply_email)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        place,
        author,
        AnnotationKind::Correctie.slug(),
        body,
        topic.slug(),
        reply_email,
    )
    .fetch_one(db)
    .await
}
