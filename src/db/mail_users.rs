//! What mail needs to know of an account: its language and whether its
//! address is confirmed (issue 12). Until then it gets no mail but the
//! confirmation.

use sqlx::PgExecutor;
use uuid::Uuid;

use super::DbResult;
use crate::i18n::Lang;

/// An account as a mail recipient.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub id: Uuid,
    pub email: String,
    pub lang: Lang,
    pub confirmed: bool,
}

fn recipient(id: Uuid, email: String, lang: &str, confirmed: Option<bool>) -> Recipient {
    Recipient {
        id,
        email,
        lang: Lang::parse(lang).unwrap_or_default(),
        confirmed: confirmed == Some(true),
    }
}

pub async fn by_email(db: impl PgExecutor<'_>, email: &str) -> DbResult<Option<Recipient>> {
    let row = sqlx::query!(
        "SELECT id, email, lang, email_confirmed_at IS NOT NULL AS confirmed FROM users WHERE email = $1",
        email
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| recipient(r.id, r.email, &r.lang, r.confirmed)))
}

pub async fn by_id(db: impl PgExecutor<'_>, id: Uuid) -> DbResult<Option<Recipient>> {
    let row = sqlx::query!(
        "SELECT id, email, lang, email_confirmed_at IS NOT NULL AS confirmed FROM users WHERE id = $1",
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| recipient(r.id, r.email, &r.lang, r.confirmed)))
}

/// A new sign-up: its language, and no confirmed address yet.
pub async fn start_confirmation(db: impl PgExecutor<'_>, id: Uuid, lang: Lang) -> DbResult<()> {
    sqlx::query!(
        "UPDATE users SET email_confirmed_at = NULL, lang = $2 WHERE id = $1",
        id,
        lang.code()
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn confirm(db: impl PgExecutor<'_>, id: Uuid) -> DbResult<()> {
    sqlx::query!(
        "UPDATE users SET email_confirmed_at = COALESCE(email_confirmed_at, now()) WHERE id = $1",
        id
    )
    .execute(db)
    .await?;
    Ok(())
}
