//! The web upload's files between its steps (`import_uploads`, migration
//! 0150) and the mappings a gemeente saved (`import_mappings`). An upload is
//! read only together with its owner, so another account never sees it.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;
use uuid::Uuid;

use super::DbResult;

/// One uploaded file and the mapping chosen for it so far.
#[derive(Debug, Clone)]
pub struct Upload {
    pub id: Uuid,
    pub gemeente_code: Option<String>,
    pub file_name: String,
    pub data: Vec<u8>,
    /// TOML, as the command line reads it.
    pub mapping: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A saved mapping of a gemeente, without its text (for the choice).
#[derive(Debug, Clone)]
pub struct SavedMapping {
    pub id: i64,
    pub name: String,
    pub updated_at: DateTime<Utc>,
}

/// Removes uploads past their expiry (an upload nobody finished).
pub async fn delete_expired(db: impl PgExecutor<'_>) -> DbResult<u64> {
    Ok(sqlx::query!("DELETE FROM import_uploads WHERE expires_at < now()")
        .execute(db)
        .await?
        .rows_affected())
}

pub async fn insert(
    db: impl PgExecutor<'_>,
    id: Uuid,
    owner: Uuid,
    gemeente: Option<&str>,
    file_name: &str,
    data: &[u8],
) -> DbResult<()> {
    sqlx::query!(
        "INSERT INTO import_uploads (id, owner_id, gemeente_code, file_name, data)
         VALUES ($1, $2, $3, $4, $5)",
        id,
        owner,
        gemeente,
        file_name,
        data
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The upload, when `owner` made it and it has not expired.
pub async fn get(db: impl PgExecutor<'_>, id: Uuid, owner: Uuid) -> DbResult<Option<Upload>> {
    let row = sqlx::query!(
        "SELECT id, gemeente_code, file_name, data, mapping, created_at FROM import_uploads
         WHERE id = $1 AND owner_id = $2 AND expires_at >= now()",
        id,
        owner
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Upload {
        id: r.id,
        gemeente_code: r.gemeente_code,
        file_name: r.file_name,
        data: r.data,
        mapping: r.mapping,
        created_at: r.created_at,
    }))
}

/// Sets the upload's mapping; `false` when it is not the owner's.
pub async fn set_mapping(
    db: impl PgExecutor<'_>,
    id: Uuid,
    owner: Uuid,
    mapping: &str,
) -> DbResult<bool> {
    let done = sqlx::query!(
        "UPDATE import_uploads SET mapping = $3 WHERE id = $1 AND owner_id = $2",
        id,
        owner,
        mapping
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn delete(db: impl PgExecutor<'_>, id: Uuid) -> DbResult<()> {
    sqlx::query!("DELETE FROM import_uploads WHERE id = $1", id).execute(db).await?;
    Ok(())
}

/// The saved mappings of a gemeente, by name.
pub async fn mappings_of(db: impl PgExecutor<'_>, gemeente: &str) -> DbResult<Vec<SavedMapping>> {
    let rows = sqlx::query!(
        "SELECT id, name, updated_at FROM import_mappings WHERE gemeente_code = $1 ORDER BY name",
        gemeente
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| SavedMapping { id: r.id, name: r.name, updated_at: r.updated_at })
        .collect())
}

/// The text of a saved mapping of this gemeente.
pub async fn mapping_text(
    db: impl PgExecutor<'_>,
    gemeente: &str,
    id: i64,
) -> DbResult<Option<String>> {
    sqlx::query_scalar!(
        "SELECT mapping FROM import_mappings WHERE id = $1 AND gemeente_code = $2",
        id,
        gemeente
    )
    .fetch_optional(db)
    .await
}

/// Saves a mapping under its name (the same name replaces it).
pub async fn save_mapping(
    db: impl PgExecutor<'_>,
    gemeente: &str,
    name: &str,
    mapping: &str,
    by: Uuid,
) -> DbResult<i64> {
    sqlx::query_scalar!(
        "INSERT INTO import_mappings (gemeente_code, name, mapping, updated_by)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (gemeente_code, name)
         DO UPDATE SET mapping = EXCLUDED.mapping, updated_by = EXCLUDED.updated_by,
                       updated_at = now()
         RETURNING id",
        gemeente,
        name,
        mapping,
        by
    )
    .fetch_one(db)
    .await
}
