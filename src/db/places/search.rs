//! The public list and search: filters, counts and ranked pages. Hidden
//! places never match.

use sqlx::PgExecutor;
use uuid::Uuid;

use crate::db::DbResult;
use crate::domain::place::{PlaceStatus, PlaceType};

/// What the public list, search and map may filter on, already parsed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlaceFilter {
    /// Sanitised, lowercased search words (letters and digits only).
    pub words: Vec<String>,
    pub place_type: Option<PlaceType>,
    pub category: Option<String>,
    pub target_group: Option<crate::domain::place::TargetGroup>,
    pub initiator: Option<crate::domain::place::Initiator>,
    /// Only places known to be on the ground floor, wheelchair accessible,
    /// without a reception desk at the door.
    pub ground_floor: bool,
    pub wheelchair: bool,
    pub no_reception: bool,
    pub wijk: Option<crate::domain::area::CbsCode>,
    /// Only places in the wijken of this gemeente.
    pub gemeente: Option<crate::domain::area::CbsCode>,
    pub include_closed: bool,
    pub open_now: bool,
}

impl PlaceFilter {
    /// The prefix tsquery for the words: `buurt:* & cafe:*`. Safe to hand to
    /// `to_tsquery` because the words hold only letters and digits.
    pub fn tsquery(&self) -> Option<String> {
        (!self.words.is_empty())
            .then(|| self.words.iter().map(|w| format!("{w}:*")).collect::<Vec<_>>().join(" & "))
    }
}

impl PlaceFilter {
    /// The longest search word: the one the trigram index on names narrows
    /// best; the other words are checked on the rows it finds.
    pub fn longest_word(&self) -> Option<&str> {
        self.words.iter().max_by_key(|w| w.chars().count()).map(String::as_str)
    }
}

/// Splits free text into at most eight search words of letters and digits.
pub fn search_words(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().chars().take(40).collect())
        .take(8)
        .collect()
}

/// One row of the public list: only fields every visitor may see.
#[derive(Debug, Clone)]
pub struct PlaceListItem {
    pub id: Uuid,
    pub name: String,
    pub place_type: PlaceType,
    pub category: String,
    pub status: PlaceStatus,
    pub opening_hours: String,
    pub wijk_code: String,
    pub wijk_name: String,
    pub buurt_code: Option<String>,
    pub buurt_name: Option<String>,
    pub demo: bool,
}

/// How many places match (counted up to a cap, so a national list stays
/// fast), and whether any match is a demo place with an approximate location.
#[derive(Debug, Clone, Copy, Default)]
pub struct MatchCount {
    pub total: i64,
    pub any_demo: bool,
}

impl PlaceFilter {
    /// The filter as the one argument of the SQL function
    /// `hv_public_search` (migration 0050), which holds the public rules
    /// and every filter in one place. `open_now` is decided in Rust.
    pub(crate) fn sql(&self) -> serde_json::Value {
        serde_json::json!({
            "include_closed": self.include_closed,
            "type": self.place_type.map(|t| t.slug()),
            "category": self.category,
            "target_group": self.target_group.map(|g| g.slug()),
            "initiator": self.initiator.map(|i| i.slug()),
            "ground_floor": self.ground_floor,
            "wheelchair": self.wheelchair,
            "no_reception": self.no_reception,
            "wijk": self.wijk.as_ref().map(|w| w.as_str()),
            "gemeente": self.gemeente.as_ref().map(|g| g.as_str()),
            "tsquery": self.tsquery(),
            "words": self.words,
            "longest": self.longest_word(),
        })
    }
}

/// Counts the places `search` would return, up to `cap`. The demo check
/// uses the partial index on demo places. Lists filtered only by type and
/// wijk (the home page, most wijk links) read the trigger-kept
/// `place_counts` instead of counting rows: exact and instant at any scale.
pub async fn count_matches(
    db: impl PgExecutor<'_>,
    filter: &PlaceFilter,
    cap: i64,
) -> DbResult<MatchCount> {
    let counted_ahead = *filter
        == PlaceFilter {
            place_type: filter.place_type,
            wijk: filter.wijk.clone(),
            gemeente: filter.gemeente.clone(),
            open_now: filter.open_now,
            ..Default::default()
        };
    if counted_ahead {
        let row = sqlx::query!(
            r#"
            SELECT
                (SELECT COALESCE(sum(c.n), 0)::int8 FROM place_counts c
                 WHERE ($1::text IS NULL OR c.place_type = $1)
                   AND ($2::text IS NULL OR c.wijk_code = $2)
                   AND ($3::text IS NULL OR c.wijk_code IN (
                        SELECT a.code FROM areas a WHERE a.parent_code = $3))) AS "total!",
                EXISTS (SELECT 1 FROM hv_public_search($4) p WHERE p.demo) AS "any_demo!"
            "#,
            filter.place_type.map(|t| t.slug()),
            filter.wijk.as_ref().map(|w| w.as_str()),
            filter.gemeente.as_ref().map(|g| g.as_str()),
            filter.sql(),
        )
        .fetch_one(db)
        .await?;
        // Same meaning as the counted path: at the cap, "more than".
        return Ok(MatchCount { total: row.total.min(cap), any_demo: row.any_demo });
    }
    let row = sqlx::query!(
        r#"
        WITH m AS NOT MATERIALIZED (
            SELECT p.demo FROM hv_public_search($1) p
        )
        SELECT (SELECT count(*) FROM (SELECT 1 FROM m LIMIT $2) c) AS "total!",
               EXISTS (SELECT 1 FROM m WHERE m.demo) AS "any_demo!"
        "#,
        filter.sql(),
        cap,
    )
    .fetch_one(db)
    .await?;
    Ok(MatchCount { total: row.total, any_demo: row.any_demo })
}

/// A search ranks at most this many matches, so a very common word stays
/// fast; the list then says "more than 500".
pub const SEARCH_CANDIDATES: i64 = 500;

/// One page of [`search`], with the match count when the query could give
/// it for free (a text search counts its ranked candidates).
pub struct SearchPage {
    pub items: Vec<PlaceListItem>,
    pub count: Option<MatchCount>,
}

/// Public places matching `filter`, best match first when searching, else
/// by name. Hidden places never match; closed ones only on request. A
/// search ranks only the first [`SEARCH_CANDIDATES`] matches found, so a
/// very common word stays fast (the order among the rest is not guaranteed
/// then). `limit = None` returns every match (used when filtering "open
/// now" in Rust, and for a wijk page). The `open_now` flag is not applied
/// here; totals come from [`count_matches`] or the page itself.
pub async fn search(
    db: impl PgExecutor<'_>,
    filter: &PlaceFilter,
    limit: Option<i64>,
    offset: i64,
) -> DbResult<Vec<PlaceListItem>> {
    Ok(search_page(db, filter, limit, offset).await?.items)
}

/// [`search`], plus the match count of a text search.
pub async fn search_page(
    db: impl PgExecutor<'_>,
    filter: &PlaceFilter,
    limit: Option<i64>,
    offset: i64,
) -> DbResult<SearchPage> {
    if filter.words.is_empty() {
        return Ok(SearchPage { items: list(db, filter, limit, offset).await?, count: None });
    }
    // Two steps, so the planner sees a plain join: find up to 500
    // candidates with the text indexes, then rank only those. Ranking
    // every match of a common word costs tens of ms at national scale.
    let rows = sqlx::query!(
        r#"
        WITH cand AS MATERIALIZED (
            SELECT c.id FROM hv_public_search($1) c
            LIMIT $2
        )
        SELECT p.id AS "id!", p.name AS "name!", p.place_type AS "place_type!: PlaceType",
               p.category AS "category!", p.status AS "status!: PlaceStatus",
               p.opening_hours AS "opening_hours!", p.wijk_code AS "wijk_code!",
               w.name AS wijk_name, p.buurt_code, b.name AS "buurt_name?", p.demo AS "demo!",
               count(*) OVER () AS "total!",
               bool_or(p.demo) OVER () AS "any_demo!"
        FROM cand
        JOIN public_places p ON p.id = cand.id
        JOIN areas w ON w.code = p.wijk_code
        LEFT JOIN areas b ON b.code = p.buurt_code
        ORDER BY
            ts_rank(p.search_doc, to_tsquery('simple', hv_unaccent($1 ->> 'tsquery'))
                                  || to_tsquery('dutch', hv_unaccent($1 ->> 'tsquery')))
              + CASE WHEN hv_unaccent(p.name) ILIKE ALL (
                        SELECT '%' || hv_unaccent(x) || '%'
                        FROM unnest(hv_json_words($1 -> 'words')) x)
                     THEN 1 ELSE 0 END DESC,
            lower(p.name), p.id
        LIMIT $3 OFFSET $4
        "#,
        filter.sql(),
        SEARCH_CANDIDATES,
        limit,
        offset,
    )
    .fetch_all(db)
    .await?;
    let count = rows.first().map(|r| MatchCount { total: r.total, any_demo: r.any_demo });
    let items = rows
        .into_iter()
        .map(|r| PlaceListItem {
            id: r.id,
            name: r.name,
            place_type: r.place_type,
            category: r.category,
            status: r.status,
            opening_hours: r.opening_hours,
            wijk_code: r.wijk_code,
            wijk_name: r.wijk_name,
            buurt_code: r.buurt_code,
            buurt_name: r.buurt_name,
            demo: r.demo,
        })
        .collect();
    Ok(SearchPage { items, count })
}

/// The public places matching the filters without search words, by name
/// (the `places_name_idx` order).
async fn list(
    db: impl PgExecutor<'_>,
    filter: &PlaceFilter,
    limit: Option<i64>,
    offset: i64,
) -> DbResult<Vec<PlaceListItem>> {
    let rows = sqlx::query_as!(
        PlaceListItem,
        r#"
        SELECT p.id AS "id!", p.name AS "name!", p.place_type AS "place_type!: PlaceType",
               p.category AS "category!", p.status AS "status!: PlaceStatus",
               p.opening_hours AS "opening_hours!", p.wijk_code AS "wijk_code!",
               w.name AS wijk_name, p.buurt_code, b.name AS "buurt_name?", p.demo AS "demo!"
        FROM hv_public_search($1) p
        JOIN areas w ON w.code = p.wijk_code
        LEFT JOIN areas b ON b.code = p.buurt_code
        ORDER BY lower(p.name), p.id
        LIMIT $2 OFFSET $3
        "#,
        filter.sql(),
        limit,
        offset,
    )
    .fetch_all(db)
    .await?;
    Ok(rows)
}
