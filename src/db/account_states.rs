//! Blocking and erasing accounts (migration 0131), and the e-mail change
//! that waits on a token. A removed account keeps its row, so what it did
//! (revisions, proposals, tips, visits) stays and reads "verwijderde
//! gebruiker"; everything personal about it goes.

use sqlx::PgConnection;
use uuid::Uuid;

use super::DbResult;
use crate::domain::user::removed_email;

/// Blocks (`true`) or unblocks an account that is not removed. Raising the
/// session version ends every session, now and when it is unblocked.
/// `false` when nothing changed (unknown, removed or already so).
pub async fn set_blocked(tx: &mut PgConnection, id: Uuid, blocked: bool) -> DbResult<bool> {
    let done = sqlx::query!(
        "UPDATE users SET blocked_at = CASE WHEN $2 THEN now() END,
                          session_version = session_version + 1, updated_at = now()
         WHERE id = $1 AND removed_at IS NULL AND (blocked_at IS NOT NULL) <> $2",
        id,
        blocked,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    Ok(done == 1)
}

/// Erases the personal data of an account in the caller's transaction: its
/// address (replaced by one that cannot receive mail), its password, its
/// wijken, its tokens, sessions, login attempts and mail, and its address
/// wherever it was copied (revisions, the audit log). Returns the old
/// address; `None` when there is no such account or it was removed already.
pub async fn erase(tx: &mut PgConnection, id: Uuid) -> DbResult<Option<String>> {
    let placeholder = removed_email(id);
    let old = sqlx::query_scalar!(
        r#"
        WITH old AS (SELECT email FROM users WHERE id = $1 AND removed_at IS NULL FOR UPDATE)
        UPDATE users u SET email = $2, password_hash = '', removed_at = now(), blocked_at = NULL,
                           email_confirmed_at = NULL, session_version = u.session_version + 1,
                           updated_at = now()
        FROM old WHERE u.id = $1
        RETURNING old.email AS "email!"
        "#,
        id,
        placeholder,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(old) = old else { return Ok(None) };
    sqlx::query!("DELETE FROM user_wijken WHERE user_id = $1", id).execute(&mut *tx).await?;
    sqlx::query!("DELETE FROM account_tokens WHERE user_id = $1", id).execute(&mut *tx).await?;
    sqlx::query!("DELETE FROM login_attempts WHERE email = $1", old).execute(&mut *tx).await?;
    sqlx::query!("DELETE FROM mail_outbox WHERE recipient = $1 OR reply_to = $1", old)
        .execute(&mut *tx)
        .await?;
    // The session rows hold the account id (`uid`, `web::session`); the version above already ends
    // them, this removes them from the table too.
    sqlx::query!("DELETE FROM sessions WHERE data ->> 'uid' = $1::uuid::text", id)
        .execute(&mut *tx)
        .await?;
    sqlx::query!(
        "UPDATE place_revisions SET author_email = $2 WHERE author_id = $1 AND author_email IS NOT NULL",
        id,
        placeholder,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE audit_log SET actor_email = $2 WHERE actor_id = $1 AND actor_email IS NOT NULL",
        id,
        placeholder,
    )
    .execute(&mut *tx)
    .await?;
    // Entries about the account: its address as the subject (failed
    // logins) or in the details (sign-up, role changes).
    sqlx::query!(
        "UPDATE audit_log SET subject = CASE WHEN subject = $2 THEN 'user:' || $1::uuid ELSE subject END,
                              details = details - 'email'
         WHERE subject = $2 OR subject = 'user:' || $1::uuid",
        id,
        old,
    )
    .execute(&mut *tx)
    .await?;
    Ok(Some(old))
}

/// Stores a pending e-mail change on a new token (the old tokens of that
/// kind stop working).
pub async fn insert_email_token(
    tx: &mut PgConnection,
    hash: &str,
    user_id: Uuid,
    new_email: &str,
    valid_secs: f64,
) -> DbResult<()> {
    sqlx::query!(
        "UPDATE account_tokens SET used_at = now()
         WHERE user_id = $1 AND purpose = 'e-mail' AND used_at IS NULL",
        user_id,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO account_tokens (token_hash, user_id, purpose, expires_at, new_email)
         VALUES ($1, $2, 'e-mail', now() + make_interval(secs => $4), $3)",
        hash,
        user_id,
        new_email,
        valid_secs,
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// An e-mail change whose link was followed.
#[derive(Debug, Clone)]
pub struct EmailChange {
    pub user_id: Uuid,
    pub old_email: String,
    pub new_email: String,
    pub lang: String,
}

/// Uses up an e-mail change token and sets the new address, in one
/// transaction of the caller. A taken address violates `users_email_key`.
pub async fn take_email_change(tx: &mut PgConnection, hash: &str) -> DbResult<Option<EmailChange>> {
    let taken = sqlx::query!(
        r#"UPDATE account_tokens SET used_at = now()
           WHERE token_hash = $1 AND purpose = 'e-mail' AND used_at IS NULL AND expires_at > now()
           RETURNING user_id, new_email AS "new_email!""#,
        hash,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(t) = taken else { return Ok(None) };
    let row = sqlx::query!(
        r#"
        WITH old AS (SELECT email FROM users WHERE id = $1 AND removed_at IS NULL FOR UPDATE)
        UPDATE users u SET email = $2, email_confirmed_at = now(), updated_at = now()
        FROM old WHERE u.id = $1
        RETURNING old.email AS "old_email!", u.lang AS "lang!"
        "#,
        t.user_id,
        t.new_email,
    )
    .fetch_optional(&mut *tx)
    .await?;
    Ok(row.map(|r| EmailChange {
        user_id: t.user_id,
        old_email: r.old_email,
        new_email: t.new_email,
        lang: r.lang,
    }))
}
