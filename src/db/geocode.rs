//! The geocode cache (`geocode_cache`, migration 0080): answers of the
//! geocoder by endpoint and normalised question. See `crate::geocode`.

use sqlx::PgExecutor;

use crate::db::DbResult;
use crate::geocode::Endpoint;

/// A cached answer and how old it is.
#[derive(Debug)]
pub struct Cached {
    pub candidates: serde_json::Value,
    pub empty: bool,
    pub age_secs: i64,
}

pub async fn get(
    db: impl PgExecutor<'_>,
    endpoint: Endpoint,
    key: &str,
) -> DbResult<Option<Cached>> {
    let row = sqlx::query!(
        r#"
        SELECT candidates AS "candidates!",
               jsonb_array_length(candidates) = 0 AS "empty!",
               extract(epoch FROM now() - fetched_at)::int8 AS "age_secs!"
        FROM geocode_cache WHERE endpoint = $1 AND query = $2
        "#,
        endpoint.slug(),
        key,
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Cached { candidates: r.candidates, empty: r.empty, age_secs: r.age_secs }))
}

/// Stores (or renews) an answer.
pub async fn put(
    db: impl PgExecutor<'_>,
    endpoint: Endpoint,
    key: &str,
    candidates: &serde_json::Value,
) -> DbResult<()> {
    sqlx::query!(
        r#"
        INSERT INTO geocode_cache (endpoint, query, candidates) VALUES ($1, $2, $3)
        ON CONFLICT (endpoint, query)
        DO UPDATE SET candidates = EXCLUDED.candidates, fetched_at = now()
        "#,
        endpoint.slug(),
        key,
        candidates,
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Removes answers older than `secs`; returns how many.
pub async fn purge(db: impl PgExecutor<'_>, secs: i64) -> DbResult<u64> {
    let done = sqlx::query!(
        "DELETE FROM geocode_cache WHERE fetched_at < now() - make_interval(secs => $1::float8)",
        secs as f64,
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}
