//! Proposals: new places and edits by residents, waiting in the review
//! queue until a reviewer of that wijk accepts or rejects them.

use sqlx::PgExecutor;
use uuid::Uuid;

use super::DbResult;
use crate::domain::place_input::PlaceInput;
use crate::domain::proposal::ProposalStatus;

pub struct NewProposal<'a> {
    pub id: Uuid,
    pub place_id: Option<Uuid>,
    pub base_version: Option<i32>,
    pub base_snapshot: Option<&'a PlaceInput>,
    pub input: &'a PlaceInput,
    pub wijk_code: &'a str,
    pub proposer: Uuid,
}

pub async fn insert(db: impl PgExecutor<'_>, p: &NewProposal<'_>) -> DbResult<()> {
    let input = serde_json::to_value(p.input).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let base = p
        .base_snapshot
        .map(serde_json::to_value)
        .transpose()
        .map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query!(
        "INSERT INTO place_proposals
            (id, place_id, base_version, base_snapshot, input, wijk_code, name, proposer_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        p.id,
        p.place_id,
        p.base_version,
        base,
        input,
        p.wijk_code,
        p.input.name.trim(),
        p.proposer,
    )
    .execute(db)
    .await?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct Proposal {
    pub id: Uuid,
    pub place_id: Option<Uuid>,
    pub base_version: Option<i32>,
    pub base_snapshot: Option<PlaceInput>,
    pub input: PlaceInput,
    pub wijk_code: String,
    pub wijk_name: String,
    pub name: String,
    pub proposer_id: Uuid,
    pub proposer_email: String,
    pub status: ProposalStatus,
    pub reason: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub decided_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Proposals by id, proposer or open status (any filter may be `None`).
async fn select(
    db: impl PgExecutor<'_>,
    id: Option<Uuid>,
    proposer: Option<Uuid>,
    only_open: bool,
) -> DbResult<Vec<Proposal>> {
    let rows = sqlx::query!(
        r#"SELECT p.id, p.place_id, p.base_version, p.base_snapshot, p.input, p.wijk_code,
                  a.name AS wijk_name, p.name, p.proposer_id, u.email AS proposer_email,
                  p.status AS "status: ProposalStatus", p.reason, p.created_at, p.decided_at
           FROM place_proposals p
           JOIN users u ON u.id = p.proposer_id
           JOIN areas a ON a.code = p.wijk_code
           WHERE ($1::uuid IS NULL OR p.id = $1)
             AND ($2::uuid IS NULL OR p.proposer_id = $2)
             AND (NOT $3::bool OR p.status = 'open')
           ORDER BY p.created_at, p.id"#,
        id,
        proposer,
        only_open
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Proposal {
            id: r.id,
            place_id: r.place_id,
            base_version: r.base_version,
            base_snapshot: r.base_snapshot.and_then(|v| serde_json::from_value(v).ok()),
            input: serde_json::from_value(r.input).unwrap_or_default(),
            wijk_code: r.wijk_code,
            wijk_name: r.wijk_name,
            name: r.name,
            proposer_id: r.proposer_id,
            proposer_email: r.proposer_email,
            status: r.status,
            reason: r.reason,
            created_at: r.created_at,
            decided_at: r.decided_at,
        })
        .collect())
}

pub async fn get(db: impl PgExecutor<'_>, id: Uuid) -> DbResult<Option<Proposal>> {
    Ok(select(db, Some(id), None, false).await?.into_iter().next())
}

/// Open proposals, oldest first; the handler keeps the ones the reviewer
/// may act on (wijk scope, never their own).
pub async fn open(db: impl PgExecutor<'_>) -> DbResult<Vec<Proposal>> {
    select(db, None, None, true).await
}

/// One user's proposals, newest first.
pub async fn by_proposer(db: impl PgExecutor<'_>, proposer: Uuid) -> DbResult<Vec<Proposal>> {
    let mut all = select(db, None, Some(proposer), false).await?;
    all.reverse();
    Ok(all)
}

/// Closes an open proposal; `false` when it was decided already.
pub async fn decide(
    db: impl PgExecutor<'_>,
    id: Uuid,
    reviewer: Uuid,
    accepted: bool,
    reason: &str,
    place_id: Option<Uuid>,
) -> DbResult<bool> {
    let done = sqlx::query!(
        "UPDATE place_proposals
         SET status = CASE WHEN $3 THEN 'accepted' ELSE 'rejected' END, reviewer_id = $2,
             reason = $4, decided_at = now(), place_id = COALESCE(place_id, $5),
             base_version = CASE WHEN place_id IS NULL AND $5::uuid IS NOT NULL THEN 0
                                 ELSE base_version END
         WHERE id = $1 AND status = 'open'",
        id,
        reviewer,
        accepted,
        reason,
        place_id,
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}
