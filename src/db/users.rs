//! Accounts: users with role and scope, and login attempts for rate limiting.

use sqlx::{PgExecutor, PgPool};
use uuid::Uuid;

use crate::domain::user::{CurrentUser, Email, Role};

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
}

/// Inserts an account. A taken address violates `users_email_key`, which
/// `AppError::from_constraint` turns into a form error.
pub async fn insert(
    db: impl PgExecutor<'_>,
    email: &Email,
    password_hash: &str,
    role: Role,
    gemeente: Option<&str>,
) -> Result<Uuid, sqlx::Error> {
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
) -> Result<(), sqlx::Error> {
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
) -> Result<bool, sqlx::Error> {
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

pub async fn find_for_login(
    db: impl PgExecutor<'_>,
    email: &str,
) -> Result<Option<LoginRecord>, sqlx::Error> {
    sqlx::query_as!(
        LoginRecord,
        "SELECT id, password_hash, session_version FROM users WHERE email = $1",
        email
    )
    .fetch_optional(db)
    .await
}

pub async fn find_id_by_email(
    db: impl PgExecutor<'_>,
    email: &str,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar!("SELECT id FROM users WHERE email = $1", email).fetch_optional(db).await
}

/// Loads the user behind a session, with the session version it must match.
pub async fn load_current(
    db: impl PgExecutor<'_>,
    id: Uuid,
) -> Result<Option<(CurrentUser, i32)>, sqlx::Error> {
    let row = sqlx::query!(
        r#"
        SELECT u.id, u.email, u.role, u.gemeente_code, u.session_version,
               COALESCE(array_agg(w.wijk_code ORDER BY w.wijk_code)
                        FILTER (WHERE w.wijk_code IS NOT NULL), '{}') AS "wijken!"
        FROM users u LEFT JOIN user_wijken w ON w.user_id = u.id
        WHERE u.id = $1
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
            role: Role::parse(&r.role).unwrap_or(Role::Bewoner),
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
) -> Result<Option<i32>, sqlx::Error> {
    sqlx::query_scalar!(
        "UPDATE users SET password_hash = $2, session_version = session_version + 1,
                updated_at = now() WHERE id = $1 RETURNING session_version",
        id,
        password_hash
    )
    .fetch_optional(db)
    .await
}

pub async fn touch_last_login(db: impl PgExecutor<'_>, id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE users SET last_login_at = now() WHERE id = $1", id).execute(db).await?;
    Ok(())
}

pub async fn list(db: impl PgExecutor<'_>) -> Result<Vec<UserSummary>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"
        SELECT u.id, u.email, u.role, u.gemeente_code, u.created_at, u.last_login_at,
               COALESCE(array_agg(w.wijk_code ORDER BY w.wijk_code)
                        FILTER (WHERE w.wijk_code IS NOT NULL), '{}') AS "wijken!"
        FROM users u LEFT JOIN user_wijken w ON w.user_id = u.id
        GROUP BY u.id
        ORDER BY u.email
        "#
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| UserSummary {
            id: r.id,
            email: r.email,
            role: Role::parse(&r.role).unwrap_or(Role::Bewoner),
            wijken: r.wijken,
            gemeente: r.gemeente_code,
            created_at: r.created_at,
            last_login_at: r.last_login_at,
        })
        .collect())
}

pub async fn get(db: &PgPool, id: Uuid) -> Result<Option<UserSummary>, sqlx::Error> {
    Ok(list(db).await?.into_iter().find(|u| u.id == id))
}

/// The codes among `codes` that exist as wijk / gemeente in `areas`.
pub async fn known_areas(
    db: impl PgExecutor<'_>,
    codes: &[String],
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!("SELECT code FROM areas WHERE code = ANY($1::text[])", codes)
        .fetch_all(db)
        .await
}

/// Failed attempts within the window, per e-mail and per IP.
pub async fn recent_failures(
    db: impl PgExecutor<'_>,
    email: &str,
    ip: &str,
    window_minutes: i32,
) -> Result<(i64, i64), sqlx::Error> {
    let row = sqlx::query!(
        r#"
        SELECT count(*) FILTER (WHERE email = $1) AS "by_email!",
               count(*) FILTER (WHERE ip = $2) AS "by_ip!"
        FROM login_attempts
        WHERE NOT succeeded
          AND attempted_at > now() - make_interval(mins => $3)
          AND (email = $1 OR ip = $2)
        "#,
        email,
        ip,
        window_minutes
    )
    .fetch_one(db)
    .await?;
    Ok((row.by_email, row.by_ip))
}

/// Records an attempt. A success clears that address's failures, so a
/// user who finally remembers the password starts with a clean slate.
pub async fn record_attempt(
    db: &PgPool,
    email: &str,
    ip: &str,
    succeeded: bool,
) -> Result<(), sqlx::Error> {
    if succeeded {
        sqlx::query!("DELETE FROM login_attempts WHERE email = $1 AND NOT succeeded", email)
            .execute(db)
            .await?;
    } else {
        sqlx::query!(
            "INSERT INTO login_attempts (email, ip, succeeded) VALUES ($1, $2, false)",
            email,
            ip
        )
        .execute(db)
        .await?;
        // Keep the table small; a day is far beyond any window.
        sqlx::query!("DELETE FROM login_attempts WHERE attempted_at < now() - interval '1 day'")
            .execute(db)
            .await?;
    }
    Ok(())
}

/// A user message in Dutch, for the command line.
pub fn dutch(m: &crate::error::UserMessage) -> String {
    let args: Vec<(&str, String)> = m.args.iter().map(|(k, v)| (*k, v.clone())).collect();
    crate::i18n::Lang::Nl.t_args(m.key, &args)
}

/// Creates an account with a role, for the CLI and for tests: parses the
/// input, hashes the password and records the creation in the audit log,
/// all in one transaction. Errors are Dutch, ready to print.
pub async fn create_account(
    db: &PgPool,
    email: &str,
    scope: &crate::domain::user::RoleScope,
    password: &str,
) -> anyhow::Result<Uuid> {
    use crate::domain::user::Password;
    let nl = |m: crate::error::UserMessage| anyhow::anyhow!(dutch(&m));
    let email = Email::parse(email).map_err(nl)?;
    let hash = Password::parse(password).map_err(nl)?.hash().await?;
    let mut tx = db.begin().await?;
    let id = match insert(&mut *tx, &email, &hash, scope.role, scope.gemeente.as_deref()).await {
        Ok(id) => id,
        Err(e) => {
            return Err(match crate::error::AppError::from_constraint(e) {
                crate::error::AppError::BadRequest(m) => nl(m),
                other => anyhow::anyhow!(other),
            });
        }
    };
    set_wijken(&mut tx, id, &scope.wijken).await?;
    crate::db::audit::record(
        &mut *tx,
        None,
        crate::db::audit::actions::USER_CREATED,
        &format!("user:{id}"),
        serde_json::json!({
            "email": email.as_str(),
            "role": scope.role.slug(),
            "wijken": scope.wijken,
            "gemeente": scope.gemeente,
            "via": "cli",
        }),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Sets a new password for an existing account (CLI). Ends its sessions.
pub async fn set_password_by_email(db: &PgPool, email: &str, password: &str) -> anyhow::Result<()> {
    use crate::domain::user::Password;
    let email = Email::parse(email).map_err(|m| anyhow::anyhow!(dutch(&m)))?;
    let password = Password::parse(password).map_err(|m| anyhow::anyhow!(dutch(&m)))?;
    let id = find_id_by_email(db, email.as_str())
        .await?
        .ok_or_else(|| anyhow::anyhow!("Er is geen account met het e-mailadres {email}."))?;
    let hash = password.hash().await?;
    let mut tx = db.begin().await?;
    set_password(&mut *tx, id, &hash).await?;
    crate::db::audit::record(
        &mut *tx,
        None,
        crate::db::audit::actions::PASSWORD_CHANGED,
        &format!("user:{id}"),
        serde_json::json!({ "via": "cli" }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
