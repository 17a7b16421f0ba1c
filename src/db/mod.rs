//! Database access: one file per aggregate. Functions take
//! `impl PgExecutor<'_>` so callers decide about transactions, and return
//! the driver's error unmapped ([`DbResult`]): which violated constraint
//! means what to a user is decided by the caller (an operation in
//! `crate::ops` or a handler), so the message lands on the right field.

pub mod account_states;
pub mod account_tokens;
pub mod annotations;
pub mod area_pages;
pub mod areas;
pub mod audit;
pub mod export;
pub mod geocode;
pub mod hsds;
pub mod import_uploads;
pub mod imports;
pub mod mail_users;
pub mod notifications;
pub mod outbox;
pub mod overview;
pub mod personal;
pub mod place_checks;
pub mod place_messages;
pub mod places;
pub mod population;
pub mod proposals;
pub mod replication;
pub mod revisions;
pub mod sessions;
pub mod users;
pub mod visits;
pub mod wijken;

use std::str::FromStr;

use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgPool};

/// The result of every query function in this layer.
pub type DbResult<T> = Result<T, sqlx::Error>;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Connects to the configured database, creating it and enabling PostGIS
/// when missing, then runs the embedded migrations.
pub async fn connect_and_migrate(url: &str) -> anyhow::Result<PgPool> {
    let options = PgConnectOptions::from_str(url)
        .context("DATABASE_URL is not a valid URL")?
        // The optional filters (`$2::text IS NULL OR col = $2`) only plan
        // well when the planner sees the values; a cached generic plan
        // scans every place.
        .options([("plan_cache_mode", "force_custom_plan")]);
    create_database_if_missing(&options).await?;
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(std::time::Duration::from_secs(5))
        .connect_with(options.clone())
        .await
        .with_context(|| format!("cannot connect to PostgreSQL at {}", redact(url)))?;
    enable_postgis(&pool).await?;
    MIGRATOR.run(&pool).await.context("running database migrations failed")?;
    Ok(pool)
}

/// A pool on a read-only streaming replica of the primary
/// (`HAARVATEN_READ_DATABASE_URL`): no database is created and nothing is
/// migrated there, since a standby takes both from the primary.
pub async fn connect_replica(url: &str) -> anyhow::Result<PgPool> {
    let options = PgConnectOptions::from_str(url)
        .context("HAARVATEN_READ_DATABASE_URL is not a valid URL")?
        .options([("plan_cache_mode", "force_custom_plan")]);
    PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(std::time::Duration::from_secs(5))
        .connect_with(options)
        .await
        .with_context(|| format!("cannot connect to the read replica at {}", redact(url)))
}

async fn create_database_if_missing(options: &PgConnectOptions) -> anyhow::Result<()> {
    let Some(name) = options.get_database().map(str::to_owned) else {
        return Ok(());
    };
    let admin = options.clone().database("postgres");
    let mut conn = admin.connect().await.with_context(|| {
        format!(
            "cannot reach PostgreSQL at {}:{}; is it running? \
             (Debian: pg_ctlcluster --skip-systemctl-redirect 15 main start)",
            options.get_host(),
            options.get_port()
        )
    })?;
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(&name)
            .fetch_one(&mut conn)
            .await?;
    if !exists {
        let quoted = name.replace('"', "\"\"");
        // CREATE DATABASE cannot take a bind parameter; the name is quoted.
        match sqlx::raw_sql(&format!("CREATE DATABASE \"{quoted}\"")).execute(&mut conn).await {
            Ok(_) => tracing::info!(database = %name, "created database"),
            // Another process may have created it at the same moment.
            Err(e) if e.as_database_error().and_then(|d| d.code()).as_deref() == Some("42P04") => {}
            Err(e) => return Err(e).context("creating the database failed"),
        }
    }
    conn.close().await?;
    Ok(())
}

async fn enable_postgis(pool: &PgPool) -> anyhow::Result<()> {
    let available: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'postgis')",
    )
    .fetch_one(pool)
    .await?;
    if !available {
        anyhow::bail!(
            "PostGIS is not installed on the PostgreSQL server. On Debian: \
             apt-get install postgresql-15-postgis-3 (match your PostgreSQL version)"
        );
    }
    sqlx::raw_sql(
        "CREATE EXTENSION IF NOT EXISTS postgis; CREATE EXTENSION IF NOT EXISTS unaccent;",
    )
    .execute(pool)
    .await
    .context("enabling PostGIS failed (the database user must be allowed to create extensions)")?;
    Ok(())
}

fn redact(url: &str) -> String {
    match url.split_once('@') {
        Some((creds, rest)) if creds.contains(':') && creds.matches(':').count() > 1 => {
            let scheme_user = creds.rsplit_once(':').map(|(a, _)| a).unwrap_or(creds);
            format!("{scheme_user}:***@{rest}")
        }
        _ => url.to_owned(),
    }
}
