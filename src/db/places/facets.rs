//! Facet counts of the public list (issue 15, item 8): next to every filter
//! choice, how many places the list would show with that choice, the other
//! active filters kept. Standard faceting: a choice list counts without its
//! own filter (so every type shows its count while one type is chosen), a
//! checkbox counts with it added. Everything goes through
//! `hv_public_search`, the one public filter, in one statement of one
//! grouped query per facet.
//!
//! "Open now" is decided in Rust (`PlaceStatus::state_at`). Its own count,
//! and every count while it is ticked, groups by status and opening hours
//! as well: thousands of places share a handful of hour texts, so the rows
//! stay few and each text is evaluated once.

use sqlx::PgExecutor;

use super::PlaceFilter;
use crate::db::DbResult;
use crate::domain::place::PlaceStatus;

/// One group of a facet: `facet` is `type`, `category`, `target_group`,
/// `initiator`, `access` (value `ground_floor`, `wheelchair` or
/// `no_reception`) or `open_now` (no value); `status` and `opening_hours`
/// are set when the caller asked to decide "open now" per group.
#[derive(Debug, Clone)]
pub struct FacetRow {
    pub facet: String,
    pub value: Option<String>,
    pub status: Option<PlaceStatus>,
    pub opening_hours: Option<String>,
    pub n: i64,
}

/// The groups of every facet for `filter`. With `by_hours` (the "open now"
/// filter is ticked) every group is split by status and opening hours, so
/// the caller keeps only the open ones; the `open_now` facet always is.
pub async fn facet_rows(
    db: impl PgExecutor<'_>,
    filter: &PlaceFilter,
    by_hours: bool,
) -> DbResult<Vec<FacetRow>> {
    // `$1::jsonb - 'type'`: the filter without its own choice, so each facet is
    // one grouped scan over the public places the other filters leave.
    sqlx::query_as!(
        FacetRow,
        r#"
        SELECT f.facet AS "facet!", f.value, f.status AS "status?: PlaceStatus",
               f.opening_hours, sum(f.n)::int8 AS "n!"
        FROM (
            SELECT 'type' AS facet, p.place_type AS value,
                   CASE WHEN $2::bool THEN p.status END AS status,
                   CASE WHEN $2::bool THEN p.opening_hours END AS opening_hours, count(*) AS n
            FROM hv_public_search($1::jsonb - 'type') p GROUP BY 2, 3, 4
            UNION ALL
            SELECT 'category', p.category,
                   CASE WHEN $2::bool THEN p.status END, CASE WHEN $2::bool THEN p.opening_hours END,
                   count(*)
            FROM hv_public_search($1::jsonb - 'category') p GROUP BY 2, 3, 4
            UNION ALL
            SELECT 'target_group', g.g,
                   CASE WHEN $2::bool THEN p.status END, CASE WHEN $2::bool THEN p.opening_hours END,
                   count(*)
            FROM hv_public_search($1::jsonb - 'target_group') p, unnest(p.target_groups) g (g)
            GROUP BY 2, 3, 4
            UNION ALL
            SELECT 'initiator', p.initiator,
                   CASE WHEN $2::bool THEN p.status END, CASE WHEN $2::bool THEN p.opening_hours END,
                   count(*)
            FROM hv_public_search($1::jsonb - 'initiator') p GROUP BY 2, 3, 4
            UNION ALL
            SELECT 'access', a.value, s.status, s.opening_hours, a.n
            FROM (
                SELECT CASE WHEN $2::bool THEN p.status END AS status,
                       CASE WHEN $2::bool THEN p.opening_hours END AS opening_hours,
                       count(*) FILTER (WHERE p.ground_floor IS TRUE) AS ground_floor,
                       count(*) FILTER (WHERE p.wheelchair IS TRUE) AS wheelchair,
                       count(*) FILTER (WHERE p.no_reception IS TRUE) AS no_reception
                FROM hv_public_search($1::jsonb) p GROUP BY 1, 2
            ) s,
            LATERAL (VALUES ('ground_floor', s.ground_floor), ('wheelchair', s.wheelchair),
                            ('no_reception', s.no_reception)) a (value, n)
            UNION ALL
            SELECT 'open_now', NULL, p.status, p.opening_hours, count(*)
            FROM hv_public_search($1::jsonb) p GROUP BY 3, 4
        ) f
        GROUP BY 1, 2, 3, 4
        "#,
        filter.sql(),
        by_hours,
    )
    .fetch_all(db)
    .await
}
