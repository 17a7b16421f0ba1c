//! Revisions of places: one row per published change, written in the same
//! transaction as the change, with a full snapshot for exact restores.

use sqlx::PgExecutor;
use uuid::Uuid;

use super::DbResult;
use crate::domain::place_input::PlaceInput;
use crate::domain::revision::{FieldChange, RevisionKind};
use crate::domain::user::Role;

pub struct NewRevision<'a> {
    pub place_id: Uuid,
    pub version: i32,
    pub kind: RevisionKind,
    pub author: Option<Uuid>,
    pub reviewer: Option<Uuid>,
    pub changes: &'a [FieldChange],
    pub snapshot: &'a PlaceInput,
    pub hidden: bool,
    pub note: &'a str,
}

pub async fn insert(db: impl PgExecutor<'_>, r: &NewRevision<'_>) -> DbResult<()> {
    let changes = serde_json::to_value(r.changes).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let snapshot =
        serde_json::to_value(r.snapshot).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query!(
        "INSERT INTO place_revisions
            (place_id, version, kind, author_id, author_email, reviewer_id, changes, snapshot,
             hidden, note)
         VALUES ($1, $2, $3, $4, (SELECT email FROM users WHERE id = $4), $5, $6, $7, $8, $9)",
        r.place_id,
        r.version,
        r.kind.slug(),
        r.author,
        r.reviewer,
        changes,
        snapshot,
        r.hidden,
        r.note,
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Dates a revision to when that version was really made: a baseline
/// written at the first edit of an imported place describes the import.
pub async fn set_created_at(
    db: impl PgExecutor<'_>,
    place_id: Uuid,
    version: i32,
    at: chrono::DateTime<chrono::Utc>,
) -> DbResult<()> {
    sqlx::query!(
        "UPDATE place_revisions SET created_at = $3 WHERE place_id = $1 AND version = $2",
        place_id,
        version,
        at
    )
    .execute(db)
    .await?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct Revision {
    pub id: i64,
    pub version: i32,
    pub kind: RevisionKind,
    /// Shown to staff only; the public sees the role.
    pub author_email: Option<String>,
    /// The author's role now (`None` for an import or a deleted account).
    pub author_role: Option<Role>,
    pub reviewer_email: Option<String>,
    pub reviewer_role: Option<Role>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub changes: Vec<FieldChange>,
    pub snapshot: PlaceInput,
    pub hidden: bool,
    pub note: String,
}

/// Every revision of a place, newest first.
pub async fn for_place(db: impl PgExecutor<'_>, place_id: Uuid) -> DbResult<Vec<Revision>> {
    let rows = sqlx::query!(
        r#"SELECT r.id, r.version, r.kind AS "kind: RevisionKind", r.author_email,
                  a.role AS "author_role?: Role",
                  u.email AS "reviewer_email?", u.role AS "reviewer_role?: Role",
                  r.created_at, r.changes, r.snapshot, r.hidden, r.note
           FROM place_revisions r
           LEFT JOIN users a ON a.id = r.author_id
           LEFT JOIN users u ON u.id = r.reviewer_id
           WHERE r.place_id = $1 ORDER BY r.version DESC"#,
        place_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Revision {
            id: r.id,
            version: r.version,
            kind: r.kind,
            author_email: r.author_email,
            author_role: r.author_role,
            reviewer_email: r.reviewer_email,
            reviewer_role: r.reviewer_role,
            created_at: r.created_at,
            changes: serde_json::from_value(r.changes).unwrap_or_default(),
            snapshot: serde_json::from_value(r.snapshot).unwrap_or_default(),
            hidden: r.hidden,
            note: r.note,
        })
        .collect())
}

/// The snapshot of one version of a place.
pub async fn snapshot_at(
    db: impl PgExecutor<'_>,
    place_id: Uuid,
    version: i32,
) -> DbResult<Option<PlaceInput>> {
    let row = sqlx::query_scalar!(
        "SELECT snapshot FROM place_revisions WHERE place_id = $1 AND version = $2",
        place_id,
        version
    )
    .fetch_optional(db)
    .await?;
    Ok(row.and_then(|v| serde_json::from_value(v).ok()))
}
