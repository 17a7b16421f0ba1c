//! The audit log: who did what to which subject, and when. Append-only;
//! any module records its own events with [`record`].

use sqlx::PgExecutor;
use uuid::Uuid;

use super::DbResult;

/// Action names used so far. Others may add their own (lowercase, dots and
/// underscores), e.g. `review.accept`, `visit.notes_viewed`.
pub mod actions {
    pub const LOGIN: &str = "auth.login";
    pub const LOGIN_FAILED: &str = "auth.login_failed";
    pub const LOGIN_BLOCKED: &str = "auth.login_blocked";
    pub const LOGOUT: &str = "auth.logout";
    pub const SIGNUP: &str = "auth.signup";
    pub const PASSWORD_CHANGED: &str = "auth.password_changed";
    pub const USER_CREATED: &str = "user.created";
    pub const ROLE_CHANGED: &str = "user.role_changed";
    pub const RESET_REQUESTED: &str = "auth.reset_requested";
    pub const PASSWORD_RESET: &str = "auth.password_reset";
    pub const EMAIL_CONFIRMED: &str = "auth.email_confirmed";
    pub const USER_BLOCKED: &str = "user.blocked";
    pub const USER_UNBLOCKED: &str = "user.unblocked";
    pub const USER_REMOVED: &str = "user.removed";
    pub const EMAIL_CHANGE_REQUESTED: &str = "auth.email_change_requested";
    pub const EMAIL_CHANGED: &str = "auth.email_changed";
    pub const ACCOUNT_DELETED: &str = "auth.account_deleted";
}

#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub id: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor_id: Option<Uuid>,
    pub actor_email: Option<String>,
    pub action: String,
    pub subject: String,
    pub details: serde_json::Value,
}

/// Appends one entry. `actor` is `None` for anonymous events (a failed
/// login); the actor's e-mail is copied so the log reads well later on.
/// Call it in the same transaction as the change it records.
pub async fn record(
    db: impl PgExecutor<'_>,
    actor: Option<Uuid>,
    action: &str,
    subject: &str,
    details: serde_json::Value,
) -> DbResult<()> {
    sqlx::query!(
        "INSERT INTO audit_log (actor_id, actor_email, action, subject, details)
         VALUES ($1, (SELECT email FROM users WHERE id = $1), $2, $3, $4)",
        actor,
        action,
        subject,
        details
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Which entries the log page shows: one family of actions (`place`
/// for `place.*`) and/or actors whose e-mail contains a text.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub family: Option<String>,
    pub actor: Option<String>,
}

/// Newest first, one page.
pub async fn page(
    db: impl PgExecutor<'_>,
    f: &AuditFilter,
    limit: i64,
    offset: i64,
) -> DbResult<Vec<AuditEntry>> {
    sqlx::query_as!(
        AuditEntry,
        r#"SELECT id, at, actor_id, actor_email, action, subject, details
           FROM audit_log
           WHERE ($3::text IS NULL OR action LIKE $3 || '.%')
             AND ($4::text IS NULL OR strpos(lower(actor_email), lower($4)) > 0)
           ORDER BY at DESC, id DESC LIMIT $1 OFFSET $2"#,
        limit,
        offset,
        f.family.as_deref(),
        f.actor.as_deref(),
    )
    .fetch_all(db)
    .await
}

pub async fn count(db: impl PgExecutor<'_>, f: &AuditFilter) -> DbResult<i64> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM audit_log
           WHERE ($1::text IS NULL OR action LIKE $1 || '.%')
             AND ($2::text IS NULL OR strpos(lower(actor_email), lower($2)) > 0)"#,
        f.family.as_deref(),
        f.actor.as_deref(),
    )
    .fetch_one(db)
    .await
}

/// Entries with one action, newest first (for tests and later reports).
pub async fn by_action(db: impl PgExecutor<'_>, action: &str) -> DbResult<Vec<AuditEntry>> {
    sqlx::query_as!(
        AuditEntry,
        "SELECT id, at, actor_id, actor_email, action, subject, details
         FROM audit_log WHERE action = $1 ORDER BY at DESC, id DESC",
        action
    )
    .fetch_all(db)
    .await
}
