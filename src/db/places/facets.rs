//! Facet counts of the public list (issue 15, item 8): next to every filter
//! choice, how many places the list would show with that choice, the other
//! active filters kept. Standard faceting: a choice list counts without its
//! own filter (so every type shows its count while one type is chosen), a
//! checkbox counts with it added. Everything goes through
//! `hv_public_search`, the one public filter, in one scan grouped per
//! facet.
//!
//! "Open now" is decided in Rust (`PlaceStatus::state_at`). Its own count,
//! and every count while it is ticked, groups by status and opening hours
//! as well: thousands of places share a handful of hour texts, so the rows
//! stay few and each text is evaluated once.

use sqlx::PgExecutor;

use super::PlaceFilter;
use crate::db::DbResult;
use crate::domain::place::PlaceStatus;

/// The groups of every facet for `filter`. With `by_hours` (the "open now"
/// filter is ticked) every group is split by status and opening hours, so
/// the caller keeps only the open ones; the `open_now` groups always are.
pub async fn facet_rows(
    db: impl PgExecutor<'_>,
    filter: &PlaceFilter,
    by_hours: bool,
) -> DbResult<Vec<FacetRow>> {
    // One scan of the places the filter leaves without any facet's own
    // choice (the words, areas, closed places and the public rules stay in
    // hv_public_search), grouped once per facet (GROUPING SETS); each
    // facet counts the rows that pass the other facets' choices, tested as
    // hv_public_search does (migration 0101). At national scale (100,000
    // places) this is one scan where a grouped query per facet made six,
    // each repeating a text search.
    sqlx::query_as!(
        FacetRow,
        r#"
        SELECT CASE WHEN GROUPING(s.place_type) = 0 THEN 'type'
                    WHEN GROUPING(s.category) = 0 THEN 'category'
                    WHEN GROUPING(s.target_groups) = 0 THEN 'target_group'
                    WHEN GROUPING(s.initiator) = 0 THEN 'initiator'
                    ELSE 'open_now' END AS "facet!",
               COALESCE(s.place_type, s.category, s.initiator) AS value,
               s.target_groups AS "target_groups?",
               COALESCE(s.status, s.sh) AS "status?: PlaceStatus",
               COALESCE(s.opening_hours, s.oh) AS opening_hours,
               CASE WHEN GROUPING(s.place_type) = 0
                        THEN count(*) FILTER (WHERE s.c AND s.g AND s.i AND s.a)
                    WHEN GROUPING(s.category) = 0
                        THEN count(*) FILTER (WHERE s.t AND s.g AND s.i AND s.a)
                    WHEN GROUPING(s.target_groups) = 0
                        THEN count(*) FILTER (WHERE s.t AND s.c AND s.i AND s.a)
                    WHEN GROUPING(s.initiator) = 0
                        THEN count(*) FILTER (WHERE s.t AND s.c AND s.g AND s.a)
                    ELSE count(*) FILTER (WHERE s.t AND s.c AND s.g AND s.i AND s.a)
               END AS "n!",
               count(*) FILTER (WHERE s.t AND s.c AND s.g AND s.i AND s.a
                                  AND s.ground_floor IS TRUE) AS "ground_floor!",
               count(*) FILTER (WHERE s.t AND s.c AND s.g AND s.i AND s.a
                                  AND s.wheelchair IS TRUE) AS "wheelchair!",
               count(*) FILTER (WHERE s.t AND s.c AND s.g AND s.i AND s.a
                                  AND s.no_reception IS TRUE) AS "no_reception!"
        FROM (
            SELECT p.place_type, p.category, p.target_groups, p.initiator, p.status,
                   p.opening_hours, p.ground_floor, p.wheelchair, p.no_reception,
                   CASE WHEN $2::bool THEN p.status END AS sh,
                   CASE WHEN $2::bool THEN p.opening_hours END AS oh,
                   ($1::jsonb ->> 'type' IS NULL OR p.place_type = $1::jsonb ->> 'type') AS t,
                   ($1::jsonb ->> 'category' IS NULL OR p.category = $1::jsonb ->> 'category') AS c,
                   ($1::jsonb ->> 'target_group' IS NULL
                    OR $1::jsonb ->> 'target_group' = ANY (p.target_groups)) AS g,
                   ($1::jsonb ->> 'initiator' IS NULL
                    OR p.initiator = $1::jsonb ->> 'initiator') AS i,
                   ((NOT COALESCE(($1::jsonb ->> 'ground_floor')::boolean, false)
                     OR p.ground_floor IS TRUE)
                    AND (NOT COALESCE(($1::jsonb ->> 'wheelchair')::boolean, false)
                         OR p.wheelchair IS TRUE)
                    AND (NOT COALESCE(($1::jsonb ->> 'no_reception')::boolean, false)
                         OR p.no_reception IS TRUE)) AS a
            FROM hv_public_search($1::jsonb - '{type,category,target_group,initiator,ground_floor,wheelchair,no_reception}'::text[]) p
        ) s
        GROUP BY GROUPING SETS ((s.place_type, s.sh, s.oh), (s.category, s.sh, s.oh),
                                (s.target_groups, s.sh, s.oh), (s.initiator, s.sh, s.oh),
                                (s.status, s.opening_hours))
        "#,
        filter.sql(),
        by_hours,
    )
    .fetch_all(db)
    .await
}

/// One group of a facet: `facet` is `type`, `category`, `initiator` (with
/// `value`), `target_group` (with the `target_groups` of the places in it:
/// a place may be in several) or `open_now` (per status and opening hours,
/// with the access counts). `status` and `opening_hours` are set on the
/// other facets only when the caller asked to decide "open now" per group.
#[derive(Debug, Clone)]
pub struct FacetRow {
    pub facet: String,
    pub value: Option<String>,
    pub target_groups: Option<Vec<String>>,
    pub status: Option<PlaceStatus>,
    pub opening_hours: Option<String>,
    pub n: i64,
    pub ground_floor: i64,
    pub wheelchair: i64,
    pub no_reception: i64,
}
