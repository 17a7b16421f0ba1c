//! Accounts: users with role and scope, and login attempts for rate limiting.

use sqlx::PgExecutor;
use uuid::Uuid;

use super::DbResult;
use crate::domain::user::{CurrentUser, Email, Role};
use crate::i18n::Lang;

/// What a login needs to check a password.
#[derive(Debug, Clone)]
pub struct LoginRecord {
    pub id: Uuid,
    pub password_hash: String,
    pub session_version: i32,
}

/// One account as the beheerder sees it in the list.
#[derive(Debug, Clone)]
pub struct UserSummary {
    pub id: Uuid,
    pub email: String,
    pub role: Role,
    pub wijken: Vec<String>,
    pub gemeente: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub last_login_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Blocked by a beheerder: no login, no session (migration 0131).
    pub blocked: bool,
    /// Removed: its personal data are erased.
    pub removed: bool,
}

/// Inserts an account. A taken address violates `users_email_key`; the
/// caller (`ops::accounts::register`) puts that message on the e-mail field.
pub async fn insert(
    db: impl PgExecutor<'_>,
    email: &Email,
    password_hash: &str,
    role: Role,
    gemeente: Option<&str>,
) -> DbResult<Uuid> {
    let id = Uuid::new_v4();
    sqlx::query!(
        "INSERT INTO users (id, email, password_hash, role, gemeente_code) VALUES ($1, $2, $3, $4, $5)",
        id,
        email.as_str(),
        password_hash,
        role.slug(),
        gemeente,
    )
    .execute(db)
    .await?;
    Ok(id)
}

/// Replaces the wijken of a wijkteam member.
pub async fn set_wijken(
    tx: &mut sqlx::PgConnection,
    user_id: Uuid,
    wijken: &[String],
) -> DbResult<()> {
    sqlx::query!("DELETE FROM user_wijken WHERE user_id = $1", user_id).execute(&mut *tx).await?;
    sqlx::query!(
        "INSERT INTO user_wijken (user_id, wijk_code) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING",
        user_id,
        wijken,
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Sets role and scope in one go; wijken are cleared for other roles.
pub async fn set_role(
    tx: &mut sqlx::PgConnection,
    user_id: Uuid,
    role: Role,
    wijken: &[String],
    gemeente: Option<&str>,
) -> DbResult<bool> {
    let done = sqlx::query!(
        "UPDATE users SET role = $2, gemeente_code = $3, updated_at = now() WHERE id = $1",
        user_id,
        role.slug(),
        gemeente,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    let wijken: &[String] = if role == Role::Wijkteam { wijken } else { &[] };
    set_wijken(tx, user_id, wijken).await?;
    Ok(done)
}

pub async fn find_for_login(db: impl PgExecutor<'_>, email: &str) -> DbResult<Option<LoginRecord>> {
    sqlx::query_as!(
        LoginRecord,
        "SELECT id, password_hash, session_version FROM users
         WHERE email = $1 AND blocked_at IS NULL AND removed_at IS NULL",
        email
    )
    .fetch_optional(db)
    .await
}

pub async fn find_id_by_email(db: impl PgExecutor<'_>, email: &str) -> DbResult<Option<Uuid>> {
    sqlx::query_scalar!("SELECT id FROM users WHERE email = $1", email).fetch_optional(db).await
}

/// Loads the user behind a session, with the session version it must match.
pub async fn load_current(
    db: impl PgExecutor<'_>,
    id: Uuid,
) -> DbResult<Option<(CurrentUser, i32)>> {
    let row = sqlx::query!(
        r#"
        SELECT u.id, u.email, u.role AS "role: Role", u.gemeente_code, u.session_version,
               COALESCE(array_agg(w.wijk_code ORDER BY w.wijk_code)
                        FILTER (WHERE w.wijk_code IS NOT NULL), '{}') AS "wijken!"
        FROM users u LEFT JOIN user_wijken w ON w.user_id = u.id
        WHERE u.id = $1 AND u.blocked_at IS NULL AND u.removed_at IS NULL
        GROUP BY u.id
        "#,
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| {
        let user = CurrentUser {
            id: r.id,
            email: r.email,
            role: r.role,
            wijken: r.wijken,
            gemeente: r.gemeente_code,
        };
        (user, r.session_version)
    }))
}

/// Stores a new password hash and ends the user's other sessions by raising
/// the session version. Returns the new version.
pub async fn set_password(
    db: impl PgExecutor<'_>,
    id: Uuid,
    password_hash: &str,
) -> DbResult<Option<i32>> {
    sqlx::query_scalar!(
        "UPDATE users SET password_hash = $2, session_version = session_version + 1,
                updated_at = now() WHERE id = $1 RETURNING session_version",
        id,
        password_hash
    )
    .fetch_optional(db)
    .await
}

/// Records the login and the language it was made in: mails to the
/// account are written in that language.
pub async fn touch_last_login(db: impl PgExecutor<'_>, id: Uuid, lang: Lang) -> DbResult<()> {
    sqlx::query!(
        "UPDATE users SET last_login_at = now(), lang = $2 WHERE id = $1",
        id,
        lang.code()
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Every account, by e-mail address.
pub async fn list(db: impl PgExecutor<'_>) -> DbResult<Vec<UserSummary>> {
    summaries(db, None).await
}

pub async fn get(db: impl PgExecutor<'_>, id: Uuid) -> DbResult<Option<UserSummary>> {
    Ok(summaries(db, Some(id)).await?.pop())
}

/// All accounts, or the one with `id`.
async fn summaries(db: impl PgExecutor<'_>, id: Option<Uuid>) -> DbResult<Vec<UserSummary>> {
    sqlx::query_as!(
        UserSummary,
        r#"
        SELECT u.id, u.email, u.role AS "role: Role", u.gemeente_code AS gemeente,
               u.created_at, u.last_login_at, u.blocked_at IS NOT NULL AS "blocked!",
               u.removed_at IS NOT NULL AS "removed!",
               COALESCE(array_agg(w.wijk_code ORDER BY w.wijk_code)
                        FILTER (WHERE w.wijk_code IS NOT NULL), '{}') AS "wijken!"
        FROM users u LEFT JOIN user_wijken w ON w.user_id = u.id
        WHERE $1::uuid IS NULL OR u.id = $1
        GROUP BY u.id
        ORDER BY u.email
        "#,
        id
    )
    .fetch_all(db)
    .await
}

/// The codes among `codes` that exist as wijk / gemeente in `areas`.
pub async fn known_areas(db: impl PgExecutor<'_>, codes: &[String]) -> DbResult<Vec<String>> {
    sqlx::query_scalar!("SELECT code FROM areas WHERE code = ANY($1::text[])", codes)
        .fetch_all(db)
        .await
}

/// Serialises the login attempts for one address and from one IP until
/// the transaction ends, so counting the failures and reserving the next
/// attempt cannot interleave (issue 10: 30 parallel attempts were all
/// checked). Always the account first, then the IP, so two attempts never
/// wait for each other in a circle.
pub async fn lock_login(tx: &mut sqlx::PgConnection, email: &str, ip: &str) -> DbResult<()> {
    sqlx::query!(
        r#"SELECT true AS "locked!" FROM pg_advisory_xact_lock(hashtextextended('login-email:' || $1, 0))"#,
        email
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        r#"SELECT true AS "locked!" FROM pg_advisory_xact_lock(hashtextextended('login-ip:' || $1, 0))"#,
        ip
    )
    .fetch_one(&mut *tx)
    .await?;
    Ok(())
}

/// Failed attempts within the window, counted the ways the limits need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecentFailures {
    /// For this address from this IP.
    pub account_from_ip: i64,
    /// From this IP, for any address.
    pub from_ip: i64,
    /// For this address, from anywhere.
    pub account: i64,
    /// For this address from this known device (0 without one).
    pub account_from_device: i64,
}

pub async fn recent_failures(
    db: impl PgExecutor<'_>,
    email: &str,
    ip: &str,
    device: Option<&str>,
    window_minutes: i32,
) -> DbResult<RecentFailures> {
    let row = sqlx::query!(
        r#"
        SELECT count(*) FILTER (WHERE email = $1 AND ip = $2) AS "account_from_ip!",
               count(*) FILTER (WHERE ip = $2) AS "from_ip!",
               count(*) FILTER (WHERE email = $1) AS "account!",
               count(*) FILTER (WHERE email = $1 AND device = $3) AS "account_from_device!"
        FROM login_attempts
        WHERE NOT succeeded
          AND attempted_at > now() - make_interval(mins => $4)
          AND (email = $1 OR ip = $2)
        "#,
        email,
        ip,
        device,
        window_minutes
    )
    .fetch_one(db)
    .await?;
    Ok(RecentFailures {
        account_from_ip: row.account_from_ip,
        from_ip: row.from_ip,
        account: row.account,
        account_from_device: row.account_from_device,
    })
}

/// Reserves an attempt before the password is checked: it counts as a
/// failure until [`mark_succeeded`], so attempts running at the same time
/// see it. Returns its id.
pub async fn insert_attempt(
    db: impl PgExecutor<'_>,
    email: &str,
    ip: &str,
    device: Option<&str>,
) -> DbResult<i64> {
    sqlx::query_scalar!(
        "INSERT INTO login_attempts (email, ip, device, succeeded) VALUES ($1, $2, $3, false)
         RETURNING id",
        email,
        ip,
        device
    )
    .fetch_one(db)
    .await
}

pub async fn mark_succeeded(db: impl PgExecutor<'_>, attempt: i64) -> DbResult<()> {
    sqlx::query!("UPDATE login_attempts SET succeeded = true WHERE id = $1", attempt)
        .execute(db)
        .await?;
    Ok(())
}

/// Forgets an address's failed attempts from this known device or, without
/// one, from this IP: a user who finally remembers the password starts with
/// a clean slate there. A login from a known device leaves the failures of
/// its IP alone: they may be a stranger's on the same network.
pub async fn clear_failures(
    db: impl PgExecutor<'_>,
    email: &str,
    ip: &str,
    device: Option<&str>,
) -> DbResult<()> {
    sqlx::query!(
        "DELETE FROM login_attempts
         WHERE email = $1 AND NOT succeeded
           AND CASE WHEN $3::text IS NULL THEN ip = $2 AND device IS NULL
                    ELSE device = $3 END",
        email,
        ip,
        device
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Keeps the table small; a day is far beyond any window.
pub async fn prune_attempts(db: impl PgExecutor<'_>) -> DbResult<()> {
    sqlx::query!("DELETE FROM login_attempts WHERE attempted_at < now() - interval '1 day'")
        .execute(db)
        .await?;
    Ok(())
}
