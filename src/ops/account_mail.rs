//! Account mail (issue 12): the password reset and the confirmation of a
//! new account's address. A token is 256 random bits sent in a link and
//! stored as its SHA-256 (`account_tokens`); the mail is queued in the same
//! transaction as the token, so there is never one without the other.

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::accounts::{AccountError, FieldProblem};
use crate::db::audit::{self, actions};
use crate::db::{account_tokens, mail_users, users};
use crate::domain::user::{Email, Password, TokenPurpose, random_token, token_hash};
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::mail::{MailKind, Outbox, Outgoing, messages};

fn subject(id: Uuid) -> String {
    format!("user:{id}")
}

/// Someone asks for a reset link for `email`. Whatever the outcome, the
/// visitor is told the same (no account enumeration): no mail goes out for
/// an unknown or unconfirmed address, nor past three links an hour. The
/// request of a known account is recorded, also when mail is off (the
/// beheerder then sees who needs `haarvaten user set-password`).
pub async fn request_password_reset(db: &PgPool, outbox: &Outbox, email: &Email) -> AppResult<()> {
    let mut tx = db.begin().await?;
    let recipient = mail_users::by_email(&mut *tx, email.as_str()).await?;
    let Some(r) = recipient.filter(|r| r.confirmed) else {
        return Ok(());
    };
    let purpose = TokenPurpose::PasswordReset;
    let limited =
        account_tokens::made_last_hour(&mut *tx, r.id, purpose).await? >= purpose.max_per_hour();
    let mailed = outbox.enabled() && !limited;
    if mailed {
        let token = new_token(&mut tx, r.id, purpose).await?;
        let link = outbox.link(&format!("/wachtwoord-herstellen/{token}"));
        let mail = Outgoing {
            kind: MailKind::PasswordReset,
            to: r.email.clone(),
            reply_to: None,
            lang: r.lang,
            content: messages::password_reset(r.lang, link),
        };
        outbox.enqueue(&mut *tx, mail).await?;
    }
    let details = serde_json::json!({ "mailed": mailed });
    audit::record(&mut *tx, None, actions::RESET_REQUESTED, &subject(r.id), details).await?;
    tx.commit().await?;
    Ok(())
}

/// Makes a token, stores its hash, and returns the token for the link.
async fn new_token(
    tx: &mut PgConnection,
    user_id: Uuid,
    purpose: TokenPurpose,
) -> AppResult<String> {
    let token = random_token();
    account_tokens::insert(&mut *tx, &token_hash(&token), user_id, purpose).await?;
    Ok(token)
}

/// Whether a reset link still works (for the page that shows its form).
pub async fn reset_link_works(db: &PgPool, token: &str) -> AppResult<bool> {
    let hash = token_hash(token);
    Ok(account_tokens::works(db, &hash, TokenPurpose::PasswordReset).await?)
}

/// What a reset did, for the handler to sign this browser in.
#[derive(Debug)]
pub struct ResetDone {
    pub user_id: Uuid,
    pub session_version: i32,
}

#[derive(Debug)]
pub enum ResetError {
    /// Used, expired or never made.
    LinkExpired,
    /// The new password is not acceptable; the link still works.
    Account(AccountError),
}

impl<E: Into<AccountError>> From<E> for ResetError {
    fn from(e: E) -> Self {
        Self::Account(e.into())
    }
}

/// Sets the new password through a reset link: uses the token up (and
/// every other reset link of the account), raises the session version so
/// every session of the account ends, and records it.
pub async fn reset_password(
    db: &PgPool,
    token: &str,
    new: Result<Password, FieldProblem>,
) -> Result<ResetDone, ResetError> {
    let hash = token_hash(token);
    let purpose = TokenPurpose::PasswordReset;
    if !account_tokens::works(db, &hash, purpose).await? {
        return Err(ResetError::LinkExpired);
    }
    let password = new.map_err(|p| ResetError::Account(AccountError::Invalid(vec![p])))?;
    let password_hash = password.hash().await?;
    let mut tx = db.begin().await?;
    let Some(user_id) = account_tokens::take(&mut *tx, &hash, purpose).await? else {
        return Err(ResetError::LinkExpired);
    };
    account_tokens::use_all(&mut *tx, user_id, purpose).await?;
    let Some(version) = users::set_password(&mut *tx, user_id, &password_hash).await? else {
        return Err(ResetError::LinkExpired);
    };
    // Following the link proves the address too.
    mail_users::confirm(&mut *tx, user_id).await?;
    audit::record(
        &mut *tx,
        Some(user_id),
        actions::PASSWORD_RESET,
        &subject(user_id),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(ResetDone { user_id, session_version: version })
}

/// Marks a new sign-up as unconfirmed and queues its confirmation mail, in
/// the sign-up's transaction.
pub async fn start_confirmation(
    tx: &mut PgConnection,
    outbox: &Outbox,
    user_id: Uuid,
    email: &Email,
    lang: Lang,
) -> AppResult<()> {
    mail_users::start_confirmation(&mut *tx, user_id, lang).await?;
    queue_confirmation(tx, outbox, user_id, email.as_str(), lang).await
}

async fn queue_confirmation(
    tx: &mut PgConnection,
    outbox: &Outbox,
    user_id: Uuid,
    email: &str,
    lang: Lang,
) -> AppResult<()> {
    let token = new_token(tx, user_id, TokenPurpose::ConfirmEmail).await?;
    let link = outbox.link(&format!("/e-mail-bevestigen/{token}"));
    let mail = Outgoing {
        kind: MailKind::ConfirmEmail,
        to: email.to_owned(),
        reply_to: None,
        lang,
        content: messages::confirm_email(lang, link),
    };
    outbox.enqueue(&mut *tx, mail).await?;
    Ok(())
}

/// The signed-in owner of an unconfirmed account asks for the mail again
/// (at most three an hour). Returns whether a new link was made; its mail
/// goes out when mail is on.
pub async fn resend_confirmation(db: &PgPool, outbox: &Outbox, user_id: Uuid) -> AppResult<bool> {
    let mut tx = db.begin().await?;
    let Some(r) = mail_users::by_id(&mut *tx, user_id).await?.filter(|r| !r.confirmed) else {
        return Ok(false);
    };
    let purpose = TokenPurpose::ConfirmEmail;
    if account_tokens::made_last_hour(&mut *tx, r.id, purpose).await? >= purpose.max_per_hour() {
        return Ok(false);
    }
    queue_confirmation(&mut tx, outbox, r.id, &r.email, r.lang).await?;
    tx.commit().await?;
    Ok(true)
}

/// Follows a confirmation link. `false` when it no longer works.
pub async fn confirm_email(db: &PgPool, token: &str) -> AppResult<bool> {
    let mut tx = db.begin().await?;
    let hash = token_hash(token);
    let Some(user_id) = account_tokens::take(&mut *tx, &hash, TokenPurpose::ConfirmEmail).await?
    else {
        return Ok(false);
    };
    mail_users::confirm(&mut *tx, user_id).await?;
    audit::record(
        &mut *tx,
        Some(user_id),
        actions::EMAIL_CONFIRMED,
        &subject(user_id),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}
