//! The mail outbox (`mail_outbox`, migration 0070): rows are inserted in the
//! transaction of the event that causes them and claimed by the workers of
//! every instance with `FOR UPDATE SKIP LOCKED` (see `mail::worker`).

use sqlx::PgExecutor;

use super::DbResult;
use crate::mail::MailKind;

pub struct NewMail<'a> {
    pub kind: MailKind,
    pub recipient: &'a str,
    pub reply_to: Option<&'a str>,
    pub subject: &'a str,
    pub body_text: &'a str,
    pub body_html: &'a str,
}

pub async fn insert(db: impl PgExecutor<'_>, mail: &NewMail<'_>) -> DbResult<i64> {
    sqlx::query_scalar!(
        "INSERT INTO mail_outbox (kind, recipient, reply_to, subject, body_text, body_html)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        mail.kind.slug(),
        mail.recipient,
        mail.reply_to,
        mail.subject,
        mail.body_text,
        mail.body_html,
    )
    .fetch_one(db)
    .await
}

/// A mail a worker has claimed and now sends.
#[derive(Debug, Clone)]
pub struct ClaimedMail {
    pub id: i64,
    pub kind: MailKind,
    pub recipient: String,
    pub reply_to: Option<String>,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// Including this one.
    pub attempts: i32,
}

/// Claims up to `limit` due mails for `lease_secs`: their next attempt
/// moves past the lease, so no other worker takes them meanwhile, and a
/// worker that dies leaves them to another once the lease is over. Rows
/// another worker is claiming at this moment are skipped, not waited for.
pub async fn claim(
    db: impl PgExecutor<'_>,
    limit: i64,
    lease_secs: f64,
) -> DbResult<Vec<ClaimedMail>> {
    sqlx::query_as!(
        ClaimedMail,
        r#"
        UPDATE mail_outbox o
        SET attempts = o.attempts + 1,
            next_attempt_at = now() + make_interval(secs => $2)
        WHERE o.id IN (
            SELECT id FROM mail_outbox
            WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
            ORDER BY next_attempt_at, id
            LIMIT $1
            FOR UPDATE SKIP LOCKED)
        RETURNING o.id, o.kind AS "kind: MailKind", o.recipient, o.reply_to, o.subject,
                  o.body_text, o.body_html, o.attempts
        "#,
        limit,
        lease_secs,
    )
    .fetch_all(db)
    .await
}

/// Sent: what the mail said (and who wrote it, for a relay) is not kept.
pub async fn mark_sent(db: impl PgExecutor<'_>, id: i64) -> DbResult<()> {
    sqlx::query!(
        "UPDATE mail_outbox SET sent_at = now(), body_text = '', body_html = '',
                reply_to = NULL, last_error = NULL
         WHERE id = $1",
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Not sent this time: try again after `retry_secs`.
pub async fn retry_later(
    db: impl PgExecutor<'_>,
    id: i64,
    retry_secs: f64,
    error: &str,
) -> DbResult<()> {
    sqlx::query!(
        "UPDATE mail_outbox SET next_attempt_at = now() + make_interval(secs => $2),
                last_error = $3
         WHERE id = $1",
        id,
        retry_secs,
        error
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Given up: kept with its last error for the beheerder.
pub async fn mark_failed(db: impl PgExecutor<'_>, id: i64, error: &str) -> DbResult<()> {
    sqlx::query!(
        "UPDATE mail_outbox SET failed_at = now(), last_error = $2, body_text = '',
                body_html = '', reply_to = NULL
         WHERE id = $1",
        id,
        error
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Seconds until the next unsent mail is due (0 when one is due now).
pub async fn seconds_to_next(db: impl PgExecutor<'_>) -> DbResult<Option<f64>> {
    sqlx::query_scalar!(
        r#"SELECT GREATEST(0, EXTRACT(EPOCH FROM min(next_attempt_at) - now()))::float8 AS "secs"
           FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL"#
    )
    .fetch_one(db)
    .await
}
