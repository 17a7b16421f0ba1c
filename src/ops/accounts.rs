//! Accounts: sign-up and `haarvaten user create` (one [`register`]), logging
//! in and out, password changes and role changes. Each operation writes its
//! audit record in the same transaction as the change it records.

use sqlx::PgPool;
use uuid::Uuid;

use crate::db::audit::{self, actions};
use crate::db::users::{self, UserSummary};
use crate::domain::user::{CurrentUser, Email, Password, Role, RoleScope, verify_password};
use crate::error::{AppError, AppResult, UserMessage};
use crate::i18n::Lang;
use crate::mail::Outbox;
use crate::ops::account_mail;

/// Failed logins allowed within the window: for one account from one IP
/// address (or from one known device of its owner), from one IP for any
/// accounts, and for one account from all unknown devices together (a
/// guesser with many addresses). A stranger's failures block the
/// stranger's address, not the owner: the owner gets through from another
/// address, or from a device that logged in before (see [`Device`]).
pub const MAX_FAILURES_PER_ACCOUNT_AND_IP: i64 = 5;
pub const MAX_FAILURES_PER_IP: i64 = 20;
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 50;
pub const FAILURE_WINDOW_MINUTES: i32 = 15;

/// A problem with one form field: the field's name and the message shown
/// beside it.
pub type FieldProblem = (&'static str, UserMessage);

/// Why an account operation did not happen.
#[derive(Debug)]
pub enum AccountError {
    /// Input the user can correct, in the order of the form's fields.
    Invalid(Vec<FieldProblem>),
    /// Anything else; rendered as an error page.
    Failed(AppError),
}

impl AccountError {
    fn field(name: &'static str, key: &'static str) -> Self {
        Self::Invalid(vec![(name, UserMessage::new(key))])
    }
}

impl From<AppError> for AccountError {
    fn from(e: AppError) -> Self {
        Self::Failed(e)
    }
}

impl From<sqlx::Error> for AccountError {
    fn from(e: sqlx::Error) -> Self {
        Self::Failed(e.into())
    }
}

impl From<anyhow::Error> for AccountError {
    fn from(e: anyhow::Error) -> Self {
        Self::Failed(e.into())
    }
}

/// The audit subject of an account.
fn subject(id: Uuid) -> String {
    format!("user:{id}")
}

/// Where a new account comes from; the audit log records it.
#[derive(Debug, Clone, Copy)]
pub enum Origin<'a> {
    /// Someone signed up on the site (always a bewoner), in this language:
    /// the address is to be confirmed through a mail from this outbox.
    SignUp { outbox: &'a Outbox, lang: Lang },
    /// `haarvaten user create`, also for the first beheerder.
    Cli,
}

/// A parsed new account.
#[derive(Debug)]
pub struct NewAccount {
    pub email: Email,
    pub password: Password,
    pub scope: RoleScope,
}

/// Creates an account with its role, scope and audit record. A taken
/// address (`users_email_key`) is a problem of the e-mail field.
pub async fn register(
    db: &PgPool,
    account: NewAccount,
    origin: Origin<'_>,
) -> Result<Uuid, AccountError> {
    let NewAccount { email, password, scope } = account;
    let hash = password.hash().await?;
    let mut tx = db.begin().await?;
    let inserted =
        users::insert(&mut *tx, &email, &hash, scope.role, scope.gemeente.as_deref()).await;
    let id = match inserted {
        Ok(id) => id,
        Err(e) if violates(&e, "users_email_key") => {
            return Err(AccountError::field("email", "auth-error-email-taken"));
        }
        Err(e) => return Err(e.into()),
    };
    users::set_wijken(&mut tx, id, &scope.wijken).await?;
    match origin {
        Origin::SignUp { outbox, lang } => {
            let details = serde_json::json!({ "email": email.as_str() });
            audit::record(&mut *tx, Some(id), actions::SIGNUP, &subject(id), details).await?;
            account_mail::start_confirmation(&mut tx, outbox, id, &email, lang).await?;
        }
        Origin::Cli => {
            let details = serde_json::json!({
                "email": email.as_str(),
                "role": scope.role.slug(),
                "wijken": scope.wijken,
                "gemeente": scope.gemeente,
                "via": "cli",
            });
            audit::record(&mut *tx, None, actions::USER_CREATED, &subject(id), details).await?;
        }
    }
    tx.commit().await?;
    Ok(id)
}

fn violates(e: &sqlx::Error, constraint: &str) -> bool {
    e.as_database_error().and_then(|d| d.constraint()) == Some(constraint)
}

/// The outcome of a login attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Login {
    /// Too many recent failures for this address or IP; not even checked.
    Blocked,
    /// Unknown address or wrong password; the visitor is not told which.
    Refused,
    /// The password is right: start a session with this version.
    Accepted { user_id: Uuid, session_version: i32 },
}

/// A browser that logged in to an account before, as its signed device
/// cookie says (the web layer checks the signature). Its attempts are
/// counted apart, so a stranger's failures do not lock the owner out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub user_id: Uuid,
    /// Random, per browser; stored with the attempts it makes.
    pub id: String,
}

/// Checks a login under the limits above. Counting the recent failures and
/// reserving this attempt happen in one transaction under a lock per
/// address and per IP, so parallel attempts cannot all slip under the
/// limit; the slow password check runs after that transaction, and the
/// outcome with its audit entry is recorded in a second one. Starting the
/// session is left to the caller, which owns the cookie.
pub async fn log_in(
    db: &PgPool,
    email: &Email,
    password: String,
    ip: &str,
    device: Option<&Device>,
    lang: Lang,
) -> AppResult<Login> {
    let details = serde_json::json!({ "ip": ip });
    let record = users::find_for_login(db, email.as_str()).await?;
    // Only a device of this very account counts as known.
    let device = device.filter(|d| record.as_ref().is_some_and(|r| r.id == d.user_id));
    let device_id = device.map(|d| d.id.as_str());

    let mut tx = db.begin().await?;
    users::lock_login(&mut tx, email.as_str(), ip).await?;
    let failures =
        users::recent_failures(&mut *tx, email.as_str(), ip, device_id, FAILURE_WINDOW_MINUTES)
            .await?;
    let blocked = match device {
        Some(_) => failures.account_from_device >= MAX_FAILURES_PER_ACCOUNT_AND_IP,
        None => {
            failures.account_from_ip >= MAX_FAILURES_PER_ACCOUNT_AND_IP
                || failures.from_ip >= MAX_FAILURES_PER_IP
                || failures.account >= MAX_FAILURES_PER_ACCOUNT
        }
    };
    if blocked {
        audit::record(&mut *tx, None, actions::LOGIN_BLOCKED, email.as_str(), details).await?;
        tx.commit().await?;
        return Ok(Login::Blocked);
    }
    let attempt = users::insert_attempt(&mut *tx, email.as_str(), ip, device_id).await?;
    tx.commit().await?;

    let ok = verify_password(password, record.as_ref().map(|r| r.password_hash.clone())).await;
    let mut tx = db.begin().await?;
    let outcome = match record.filter(|_| ok) {
        None => {
            users::prune_attempts(&mut *tx).await?;
            audit::record(&mut *tx, None, actions::LOGIN_FAILED, email.as_str(), details).await?;
            Login::Refused
        }
        Some(r) => {
            users::mark_succeeded(&mut *tx, attempt).await?;
            users::clear_failures(&mut *tx, email.as_str(), ip, device_id).await?;
            users::touch_last_login(&mut *tx, r.id, lang).await?;
            audit::record(&mut *tx, Some(r.id), actions::LOGIN, &subject(r.id), details).await?;
            Login::Accepted { user_id: r.id, session_version: r.session_version }
        }
    };
    tx.commit().await?;
    Ok(outcome)
}

/// Records a logout; ending the session is left to the caller.
pub async fn log_out(db: &PgPool, user: &CurrentUser) -> AppResult<()> {
    let details = serde_json::json!({});
    audit::record(db, Some(user.id), actions::LOGOUT, &subject(user.id), details).await?;
    Ok(())
}

/// Changes the signed-in user's password after checking the current one,
/// and ends their other sessions. `new` is the parsed new password or the
/// problem with it. Returns the new session version for this session.
pub async fn change_password(
    db: &PgPool,
    me: &CurrentUser,
    current: String,
    new: Result<Password, FieldProblem>,
) -> Result<i32, AccountError> {
    let record = users::find_for_login(db, &me.email).await?.ok_or(AppError::Unauthorized)?;
    let mut problems = Vec::new();
    if current.is_empty() {
        problems.push(("current", UserMessage::new("auth-error-password-required")));
    } else if !verify_password(current, Some(record.password_hash)).await {
        problems.push(("current", UserMessage::new("auth-error-current-wrong")));
    }
    let password = new.map_err(|p| problems.push(p)).ok();
    let (Some(password), true) = (password, problems.is_empty()) else {
        return Err(AccountError::Invalid(problems));
    };
    let hash = password.hash().await?;
    let version = set_password(db, me.id, Some(me.id), &hash, serde_json::json!({})).await?;
    version.ok_or(AccountError::Failed(AppError::Unauthorized))
}

/// Sets a new password for the account with this address (CLI) and ends its
/// sessions. `false` when there is no such account.
pub async fn set_password_by_email(
    db: &PgPool,
    email: &Email,
    password: Password,
) -> AppResult<bool> {
    let Some(id) = users::find_id_by_email(db, email.as_str()).await? else {
        return Ok(false);
    };
    let hash = password.hash().await?;
    let version = set_password(db, id, None, &hash, serde_json::json!({ "via": "cli" })).await?;
    Ok(version.is_some())
}

/// The password write with its audit record, in one transaction.
async fn set_password(
    db: &PgPool,
    id: Uuid,
    actor: Option<Uuid>,
    hash: &str,
    details: serde_json::Value,
) -> AppResult<Option<i32>> {
    let mut tx = db.begin().await?;
    let version = users::set_password(&mut *tx, id, hash).await?;
    if version.is_some() {
        audit::record(&mut *tx, actor, actions::PASSWORD_CHANGED, &subject(id), details).await?;
    }
    tx.commit().await?;
    Ok(version)
}

/// A beheerder gives `user` a role and scope. Refused for one's own account
/// unless it stays beheerder (the last beheerder could lock everyone out),
/// and for area codes that are not in `areas`.
pub async fn change_role(
    db: &PgPool,
    actor: &CurrentUser,
    user: &UserSummary,
    scope: RoleScope,
) -> Result<(), AccountError> {
    let mut problems = Vec::new();
    if actor.id == user.id && scope.role != Role::Beheerder {
        problems.push(("role", UserMessage::new("admin-error-own-role")));
    }
    let mut codes = scope.wijken.clone();
    codes.extend(scope.gemeente.clone());
    let known = users::known_areas(db, &codes).await?;
    if let Some(unknown) = codes.iter().find(|c| !known.contains(c)) {
        let field = if scope.gemeente.as_ref() == Some(unknown) { "gemeente" } else { "wijken" };
        problems.push((field, UserMessage::new("admin-error-unknown-area").arg("code", unknown)));
    }
    if !problems.is_empty() {
        return Err(AccountError::Invalid(problems));
    }
    let mut tx = db.begin().await?;
    users::set_role(&mut tx, user.id, scope.role, &scope.wijken, scope.gemeente.as_deref()).await?;
    let details = serde_json::json!({
        "email": user.email,
        "from": { "role": user.role.slug(), "wijken": user.wijken, "gemeente": user.gemeente },
        "to": { "role": scope.role.slug(), "wijken": scope.wijken, "gemeente": scope.gemeente },
    });
    audit::record(&mut *tx, Some(actor.id), actions::ROLE_CHANGED, &subject(user.id), details)
        .await?;
    tx.commit().await?;
    Ok(())
}
