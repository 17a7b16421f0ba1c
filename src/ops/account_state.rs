//! Blocking and removing accounts (issue 15, item 18, by a beheerder) and
//! the owner's own self-service (item 21): changing the e-mail address
//! through a link to the new address, and deleting the account. Removing
//! and deleting are one erase (`db::account_states::erase`): the row stays
//! so what the person did keeps its place, as "verwijderde gebruiker".

use sqlx::PgPool;
use uuid::Uuid;

use super::accounts::{AccountError, FieldProblem};
use crate::db::account_states;
use crate::db::audit::{self, actions};
use crate::db::users::{self, UserSummary};
use crate::domain::user::{CurrentUser, Email, TokenPurpose, random_token, token_hash};
use crate::domain::user::{is_removed_email, verify_password};
use crate::error::{AppError, AppResult, UserMessage};
use crate::i18n::Lang;
use crate::mail::{MailKind, Outbox, Outgoing, messages};

fn subject(id: Uuid) -> String {
    format!("user:{id}")
}

fn problem(field: &'static str, key: &'static str) -> AccountError {
    AccountError::Invalid(vec![(field, UserMessage::new(key))])
}

/// A beheerder blocks (`true`) or unblocks an account: a blocked one cannot
/// log in and its sessions end. Not one's own account (the last beheerder
/// could lock everyone out), nor a removed one.
pub async fn set_blocked(
    db: &PgPool,
    actor: &CurrentUser,
    user: &UserSummary,
    blocked: bool,
) -> Result<(), AccountError> {
    if actor.id == user.id {
        return Err(problem("account", "account-error-own"));
    }
    let mut tx = db.begin().await?;
    if account_states::set_blocked(&mut tx, user.id, blocked).await? {
        let action = if blocked { actions::USER_BLOCKED } else { actions::USER_UNBLOCKED };
        let details = serde_json::json!({ "email": user.email });
        audit::record(&mut *tx, Some(actor.id), action, &subject(user.id), details).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A beheerder removes an account: its personal data are erased, what it
/// did stays under "verwijderde gebruiker". Not one's own.
pub async fn remove(
    db: &PgPool,
    actor: &CurrentUser,
    user: &UserSummary,
) -> Result<(), AccountError> {
    if actor.id == user.id {
        return Err(problem("account", "account-error-own"));
    }
    let mut tx = db.begin().await?;
    if account_states::erase(&mut tx, user.id).await?.is_some() {
        let details = serde_json::json!({ "role": user.role.slug() });
        audit::record(&mut *tx, Some(actor.id), actions::USER_REMOVED, &subject(user.id), details)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Checks the signed-in user's password; a problem of the `password` field.
async fn check_password(
    db: &PgPool,
    me: &CurrentUser,
    password: String,
) -> Result<(), AccountError> {
    let record = users::find_for_login(db, &me.email).await?.ok_or(AppError::Unauthorized)?;
    if password.is_empty() {
        return Err(problem("password", "auth-error-password-required"));
    }
    if !verify_password(password, Some(record.password_hash)).await {
        return Err(problem("password", "auth-error-current-wrong"));
    }
    Ok(())
}

/// The owner deletes their own account after giving the password: the same
/// erase as [`remove`], recorded as their own act. The caller ends the
/// browser's session.
pub async fn delete_own(
    db: &PgPool,
    me: &CurrentUser,
    password: String,
) -> Result<(), AccountError> {
    check_password(db, me, password).await?;
    let mut tx = db.begin().await?;
    if account_states::erase(&mut tx, me.id).await?.is_some() {
        let details = serde_json::json!({ "role": me.role.slug() });
        audit::record(&mut *tx, Some(me.id), actions::ACCOUNT_DELETED, &subject(me.id), details)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The owner asks to use another address: with the right password, a link
/// goes to the new address (at most three an hour); the address changes
/// only when it is followed ([`confirm_email_change`]). Refused while mail
/// is off: the link could never arrive.
pub async fn request_email_change(
    db: &PgPool,
    outbox: &Outbox,
    me: &CurrentUser,
    lang: Lang,
    password: String,
    new: Result<Email, FieldProblem>,
) -> Result<(), AccountError> {
    if !outbox.enabled() {
        return Err(problem("email", "email-change-no-mail"));
    }
    let mut problems = Vec::new();
    let new = new.map_err(|p| problems.push(p)).ok();
    if let Some(e) = &new {
        if e.as_str() == me.email {
            problems.push(("email", UserMessage::new("email-change-error-same")));
        } else if is_removed_email(e.as_str()) {
            problems.push(("email", UserMessage::new("auth-error-email-invalid")));
        } else if users::find_id_by_email(db, e.as_str()).await?.is_some() {
            problems.push(("email", UserMessage::new("auth-error-email-taken")));
        }
    }
    match check_password(db, me, password).await {
        Ok(()) => {}
        Err(AccountError::Invalid(p)) => problems.extend(p),
        Err(other) => return Err(other),
    }
    let (Some(new), true) = (new, problems.is_empty()) else {
        return Err(AccountError::Invalid(problems));
    };
    let purpose = TokenPurpose::ChangeEmail;
    let mut tx = db.begin().await?;
    if crate::db::account_tokens::made_last_hour(&mut *tx, me.id, purpose).await?
        >= purpose.max_per_hour()
    {
        return Err(problem("email", "email-change-error-limit"));
    }
    let token = random_token();
    let valid = purpose.valid_for().num_seconds() as f64;
    account_states::insert_email_token(&mut tx, &token_hash(&token), me.id, new.as_str(), valid)
        .await?;
    let link = outbox.link(&format!("/e-mail-wijzigen/{token}"));
    let mail = Outgoing {
        kind: MailKind::ChangeEmail,
        to: new.as_str().to_owned(),
        reply_to: None,
        lang,
        content: messages::change_email(lang, link),
    };
    outbox.enqueue(&mut *tx, mail).await?;
    let details = serde_json::json!({});
    audit::record(&mut *tx, Some(me.id), actions::EMAIL_CHANGE_REQUESTED, &subject(me.id), details)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Follows the link in the mail to the new address: the address changes,
/// counts as confirmed, and the old address is told. `false` when the link
/// no longer works or the address was taken meanwhile.
pub async fn confirm_email_change(db: &PgPool, outbox: &Outbox, token: &str) -> AppResult<bool> {
    let mut tx = db.begin().await?;
    let change = match account_states::take_email_change(&mut tx, &token_hash(token)).await {
        Ok(Some(c)) => c,
        Ok(None) => return Ok(false),
        Err(e) if e.as_database_error().and_then(|d| d.constraint()) == Some("users_email_key") => {
            return Ok(false);
        }
        Err(e) => return Err(e.into()),
    };
    let lang = Lang::parse(&change.lang).unwrap_or_default();
    let notice = Outgoing {
        kind: MailKind::EmailChanged,
        to: change.old_email.clone(),
        reply_to: None,
        lang,
        content: messages::email_changed(lang, &change.new_email),
    };
    outbox.enqueue(&mut *tx, notice).await?;
    audit::record(
        &mut *tx,
        Some(change.user_id),
        actions::EMAIL_CHANGED,
        &subject(change.user_id),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}
