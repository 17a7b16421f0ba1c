//! A PostgreSQL session store for tower-sessions, so that several app
//! instances share sessions.
//!
//! Why not tower-sessions-sqlx-store: it switches on sqlx's `time` feature,
//! and with both `time` and `chrono` enabled the `query!` macros map
//! timestamps to `time` types, which breaks every chrono-typed query in the
//! app. This store is the same few queries with chrono, in our migrations.
//!
//! The table keeps SHA-256 of the session id, never the id itself (the
//! cookie keeps that): a database dump or backup gives no working login.

use async_trait::async_trait;
use sha2::{Digest, Sha256};
use sqlx::{PgExecutor, PgPool};
use tower_sessions::cookie::time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

use super::DbResult;

/// What the table stores for a session id: SHA-256 of it, as hex. The id is
/// 128 random bits, so a plain hash cannot be reversed by guessing.
pub fn stored_id(id: &Id) -> String {
    Sha256::digest(id.to_string().as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The key that signs the app's own cookies, made by migration 0052 and
/// shared by every instance that uses this database.
pub async fn cookie_key(db: impl PgExecutor<'_>) -> DbResult<Vec<u8>> {
    sqlx::query_scalar!("SELECT secret FROM app_secrets WHERE name = 'cookie_key'")
        .fetch_one(db)
        .await
}

#[derive(Debug, Clone)]
pub struct PgSessionStore {
    pool: PgPool,
}

impl PgSessionStore {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }
}

fn backend(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

fn to_chrono(t: OffsetDateTime) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(t.unix_timestamp(), t.nanosecond()).unwrap_or_default()
}

fn to_time(t: chrono::DateTime<chrono::Utc>) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(t.timestamp()).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

#[async_trait]
impl SessionStore for PgSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let data = serde_json::to_value(&record.data).map_err(backend)?;
        // Ids are 128 random bits; a clash is only theoretical, but retrying
        // costs nothing and never overwrites someone else's session.
        loop {
            let inserted = sqlx::query!(
                "INSERT INTO sessions (id, data, expiry_date) VALUES ($1, $2, $3)
                 ON CONFLICT (id) DO NOTHING",
                stored_id(&record.id),
                data,
                to_chrono(record.expiry_date),
            )
            .execute(&self.pool)
            .await
            .map_err(backend)?
            .rows_affected();
            if inserted == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = serde_json::to_value(&record.data).map_err(backend)?;
        sqlx::query!(
            "INSERT INTO sessions (id, data, expiry_date) VALUES ($1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET data = excluded.data, expiry_date = excluded.expiry_date",
            stored_id(&record.id),
            data,
            to_chrono(record.expiry_date),
        )
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, session_id: &Id) -> session_store::Result<Option<Record>> {
        let row = sqlx::query!(
            "SELECT data, expiry_date FROM sessions WHERE id = $1 AND expiry_date > now()",
            stored_id(session_id)
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(Record {
            id: *session_id,
            data: serde_json::from_value(row.data).map_err(backend)?,
            expiry_date: to_time(row.expiry_date),
        }))
    }

    async fn delete(&self, session_id: &Id) -> session_store::Result<()> {
        sqlx::query!("DELETE FROM sessions WHERE id = $1", stored_id(session_id))
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

impl PgSessionStore {
    /// Removes expired sessions; returns how many.
    pub async fn delete_expired(&self) -> Result<u64, sqlx::Error> {
        Ok(sqlx::query!("DELETE FROM sessions WHERE expiry_date < now()")
            .execute(&self.pool)
            .await?
            .rows_affected())
    }
}
