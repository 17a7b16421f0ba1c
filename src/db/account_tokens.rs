//! Single-use tokens of mailed links (`account_tokens`, migration 0070),
//! kept as their SHA-256 only (`domain::user::token_hash`).

use sqlx::PgExecutor;
use uuid::Uuid;

use super::DbResult;
use crate::domain::user::TokenPurpose;

pub async fn insert(
    db: impl PgExecutor<'_>,
    hash: &str,
    user_id: Uuid,
    purpose: TokenPurpose,
) -> DbResult<()> {
    let valid_secs = purpose.valid_for().num_seconds() as f64;
    sqlx::query!(
        "INSERT INTO account_tokens (token_hash, user_id, purpose, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(secs => $4))",
        hash,
        user_id,
        purpose.slug(),
        valid_secs,
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Tokens of this purpose made for the account in the last hour.
pub async fn made_last_hour(
    db: impl PgExecutor<'_>,
    user_id: Uuid,
    purpose: TokenPurpose,
) -> DbResult<i64> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM account_tokens
           WHERE user_id = $1 AND purpose = $2 AND created_at > now() - interval '1 hour'"#,
        user_id,
        purpose.slug(),
    )
    .fetch_one(db)
    .await
}

/// Whether a token still works (unused, not expired).
pub async fn works(db: impl PgExecutor<'_>, hash: &str, purpose: TokenPurpose) -> DbResult<bool> {
    let works = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM account_tokens WHERE token_hash = $1 AND purpose = $2
                  AND used_at IS NULL AND expires_at > now()) AS "works!""#,
        hash,
        purpose.slug(),
    )
    .fetch_one(db)
    .await?;
    Ok(works)
}

/// Uses the token up, if it still works: one statement, so two requests
/// with the same link cannot both succeed. Returns its account.
pub async fn take(
    db: impl PgExecutor<'_>,
    hash: &str,
    purpose: TokenPurpose,
) -> DbResult<Option<Uuid>> {
    sqlx::query_scalar!(
        "UPDATE account_tokens SET used_at = now()
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
         RETURNING user_id",
        hash,
        purpose.slug(),
    )
    .fetch_optional(db)
    .await
}

/// Ends every other unused token of this purpose for the account (after a
/// reset, older reset links must not work either).
pub async fn use_all(
    db: impl PgExecutor<'_>,
    user_id: Uuid,
    purpose: TokenPurpose,
) -> DbResult<()> {
    sqlx::query!(
        "UPDATE account_tokens SET used_at = now()
         WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL",
        user_id,
        purpose.slug(),
    )
    .execute(db)
    .await?;
    Ok(())
}
