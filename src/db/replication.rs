//! Where a streaming replica stands compared with the primary: the page
//! cache waits for the replica to replay a change before it trusts pages
//! read from it (`web::page_cache`, `HAARVATEN_READ_DATABASE_URL`).

use sqlx::PgExecutor;

use super::DbResult;

/// The primary's current write-ahead log position, as text (`0/3000148`).
pub async fn current_wal_lsn(primary: impl PgExecutor<'_>) -> DbResult<String> {
    sqlx::query_scalar!(r#"SELECT pg_current_wal_lsn()::text AS "lsn!""#).fetch_one(primary).await
}

/// Whether the replica has replayed the log up to `lsn`. A server that is
/// not in recovery (no replica after all, or one promoted) has everything.
pub async fn has_replayed(replica: impl PgExecutor<'_>, lsn: &str) -> DbResult<bool> {
    sqlx::query_scalar!(
        r#"SELECT COALESCE(pg_last_wal_replay_lsn() >= $1::text::pg_lsn, true) AS "done!""#,
        lsn
    )
    .fetch_one(replica)
    .await
}
