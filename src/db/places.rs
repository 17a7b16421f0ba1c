//! Meeting places: insert, read, and the public list/search queries.

use sqlx::PgExecutor;
use uuid::Uuid;

use super::DbResult;
use crate::domain::area::AreaProblem;
use crate::domain::place::PlaceFields;

/// A place as stored, with everything (also the exact location). Views
/// decide what of it a visitor may see.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PlaceRecord {
    pub id: Uuid,
    pub name: String,
    pub place_type: String,
    pub category: String,
    pub description: String,
    pub address: String,
    pub postcode: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub public_lon: Option<f64>,
    pub public_lat: Option<f64>,
    pub precision: String,
    pub wijk_code: String,
    pub wijk_name: String,
    pub buurt_code: Option<String>,
    pub buurt_name: Option<String>,
    pub initiator: String,
    pub target_groups: Vec<String>,
    pub opening_hours: String,
    pub ground_floor: Option<bool>,
    pub wheelchair: Option<bool>,
    pub street_visible: Option<bool>,
    pub no_reception: Option<bool>,
    pub phone: String,
    pub email: String,
    pub website: String,
    pub founded_year: Option<i32>,
    pub status: String,
    pub closed_on: Option<chrono::NaiveDate>,
    pub closing_reason: String,
    pub last_verified: Option<chrono::NaiveDate>,
    pub source: String,
    pub hidden: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub version: i32,
}

/// The wijk and buurt a place belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceAreas {
    pub wijk_code: String,
    pub buurt_code: Option<String>,
}

/// Finds the wijk and buurt from the point with PostGIS, or checks the
/// hand-picked area. A point outside every wijk is the user's error: the
/// inner `Err`.
pub async fn resolve_areas(
    db: impl PgExecutor<'_>,
    fields: &PlaceFields,
) -> DbResult<Result<PlaceAreas, AreaProblem>> {
    let (lon, lat) = fields.point.unzip();
    let manual = fields.manual_area.as_ref().map(|c| c.as_str().to_owned());
    let row = sqlx::query!(
        r#"
        WITH pt AS (
            SELECT ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326) AS g
            WHERE $1::float8 IS NOT NULL AND $2::float8 IS NOT NULL
        ),
        by_point AS (
            SELECT
                (SELECT a.code FROM areas a, pt WHERE a.level = 'wijk'
                   AND ST_Intersects(a.geom, pt.g) ORDER BY a.code LIMIT 1) AS wijk,
                (SELECT a.code FROM areas a, pt WHERE a.level = 'buurt'
                   AND ST_Intersects(a.geom, pt.g) ORDER BY a.code LIMIT 1) AS buurt
        ),
        by_hand AS (
            SELECT a.level, a.code, a.parent_code FROM areas a WHERE a.code = $3
        )
        SELECT
            (SELECT count(*) FROM pt) = 1 AS "has_point!",
            (SELECT wijk FROM by_point) AS point_wijk,
            (SELECT buurt FROM by_point) AS point_buurt,
            (SELECT level FROM by_hand) AS hand_level,
            (SELECT code FROM by_hand) AS hand_code,
            (SELECT parent_code FROM by_hand) AS hand_parent
        "#,
        lon,
        lat,
        manual,
    )
    .fetch_one(db)
    .await?;

    if row.has_point {
        let Some(wijk) = row.point_wijk else {
            return Ok(Err(AreaProblem::PointOutside));
        };
        // Overlapping national outlines can give a buurt of another wijk;
        // the wijk found directly wins then.
        let buurt = row.point_buurt.filter(|b| b.get(2..8) == wijk.get(2..8));
        return Ok(Ok(PlaceAreas { wijk_code: wijk, buurt_code: buurt }));
    }
    Ok(match (row.hand_level.as_deref(), row.hand_code, row.hand_parent) {
        (Some("buurt"), Some(code), Some(parent)) => {
            Ok(PlaceAreas { wijk_code: parent, buurt_code: Some(code) })
        }
        (Some("wijk"), Some(code), _) => Ok(PlaceAreas { wijk_code: code, buurt_code: None }),
        _ => Err(AreaProblem::AreaRequired),
    })
}

/// Inserts a new place with the given id and areas. Violated constraints
/// become user-facing errors.
pub async fn insert(
    db: impl PgExecutor<'_>,
    id: Uuid,
    f: &PlaceFields,
    areas: &PlaceAreas,
) -> DbResult<()> {
    let (lon, lat) = f.point.unzip();
    let groups: Vec<String> = f.target_groups.iter().map(|g| g.slug().to_owned()).collect();
    sqlx::query!(
        r#"
        INSERT INTO places (
            id, name, place_type, category, description, address, postcode,
            location, precision, public_location, wijk_code, buurt_code,
            initiator, target_groups, opening_hours, ground_floor, wheelchair,
            street_visible, no_reception, phone, email, website, founded_year,
            status, closed_on, closing_reason, last_verified, source
        )
        SELECT
            $1, $2, $3, $4, $5, $6, $7,
            pt.g, $10,
            CASE WHEN $10 = 'exact' AND pt.g IS NOT NULL THEN pt.g
                 ELSE (SELECT label_point FROM areas WHERE code = COALESCE($12, $11)) END,
            $11, $12,
            $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
            $24, $25, $26, $27, $28
        FROM (SELECT CASE WHEN $8::float8 IS NULL OR $9::float8 IS NULL THEN NULL
                     ELSE ST_SetSRID(ST_MakePoint($8, $9), 4326) END AS g) pt
        "#,
        id,
        f.name.as_str(),
        f.place_type.slug(),
        f.category,
        f.description,
        f.address,
        f.postcode,
        lon,
        lat,
        f.precision.slug(),
        areas.wijk_code,
        areas.buurt_code,
        f.initiator.slug(),
        &groups,
        f.opening_hours,
        f.ground_floor,
        f.wheelchair,
        f.street_visible,
        f.no_reception,
        f.phone,
        f.email,
        f.website,
        f.founded_year,
        f.status.slug(),
        f.closed_on,
        f.closing_reason,
        f.last_verified,
        f.source,
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Writes new fields over a place, only if it is still at
/// `expected_version`. Returns the new version, or `None` when someone else
/// saved first (the caller shows the conflict view).
pub async fn update(
    db: impl PgExecutor<'_>,
    id: Uuid,
    expected_version: i32,
    f: &PlaceFields,
    areas: &PlaceAreas,
) -> DbResult<Option<i32>> {
    let (lon, lat) = f.point.unzip();
    let groups: Vec<String> = f.target_groups.iter().map(|g| g.slug().to_owned()).collect();
    let version = sqlx::query_scalar!(
        r#"
        UPDATE places p SET
            name = $3, place_type = $4, category = $5, description = $6, address = $7,
            postcode = $8, location = pt.g, precision = $11,
            public_location = CASE WHEN $11 = 'exact' AND pt.g IS NOT NULL THEN pt.g
                 ELSE (SELECT label_point FROM areas WHERE code = COALESCE($13, $12)) END,
            wijk_code = $12, buurt_code = $13, initiator = $14, target_groups = $15,
            opening_hours = $16, ground_floor = $17, wheelchair = $18, street_visible = $19,
            no_reception = $20, phone = $21, email = $22, website = $23, founded_year = $24,
            status = $25, closed_on = $26, closing_reason = $27, last_verified = $28,
            source = $29, updated_at = now(), version = p.version + 1
        FROM (SELECT CASE WHEN $9::float8 IS NULL OR $10::float8 IS NULL THEN NULL
                     ELSE ST_SetSRID(ST_MakePoint($9, $10), 4326) END AS g) pt
        WHERE p.id = $1 AND p.version = $2
        RETURNING p.version
        "#,
        id,
        expected_version,
        f.name.as_str(),
        f.place_type.slug(),
        f.category,
        f.description,
        f.address,
        f.postcode,
        lon,
        lat,
        f.precision.slug(),
        areas.wijk_code,
        areas.buurt_code,
        f.initiator.slug(),
        &groups,
        f.opening_hours,
        f.ground_floor,
        f.wheelchair,
        f.street_visible,
        f.no_reception,
        f.phone,
        f.email,
        f.website,
        f.founded_year,
        f.status.slug(),
        f.closed_on,
        f.closing_reason,
        f.last_verified,
        f.source,
    )
    .fetch_optional(db)
    .await?;
    Ok(version)
}

/// Hides or shows a place, only if it is still at `expected_version`.
/// Returns the new version, or `None` on a conflict.
pub async fn set_hidden(
    db: impl PgExecutor<'_>,
    id: Uuid,
    expected_version: i32,
    hidden: bool,
) -> DbResult<Option<i32>> {
    let version = sqlx::query_scalar!(
        "UPDATE places SET hidden = $3, updated_at = now(), version = version + 1
         WHERE id = $1 AND version = $2 RETURNING version",
        id,
        expected_version,
        hidden
    )
    .fetch_optional(db)
    .await?;
    Ok(version)
}

/// Locks the place row for the rest of the transaction and reads it, so a
/// change computed from it cannot race another one.
pub async fn get_for_update(
    db: &mut sqlx::PgConnection,
    id: Uuid,
) -> DbResult<Option<PlaceRecord>> {
    let found = sqlx::query_scalar!("SELECT id FROM places WHERE id = $1 FOR UPDATE", id)
        .fetch_optional(&mut *db)
        .await?;
    if found.is_none() {
        return Ok(None);
    }
    get(&mut *db, id).await
}

impl PlaceRecord {
    /// Every field as a snapshot (see `domain::revision::snapshot`): the
    /// same formatting, so an unchanged place has an empty diff.
    pub fn to_input(&self) -> crate::domain::place_input::PlaceInput {
        let yes_no = |v: Option<bool>| match v {
            Some(true) => "ja".to_owned(),
            Some(false) => "nee".to_owned(),
            None => String::new(),
        };
        let (lon, lat) = match (self.lon, self.lat) {
            (Some(x), Some(y)) => (x.to_string(), y.to_string()),
            _ => Default::default(),
        };
        crate::domain::place_input::PlaceInput {
            name: self.name.clone(),
            place_type: self.place_type.clone(),
            category: self.category.clone(),
            description: self.description.clone(),
            address: self.address.clone(),
            postcode: self.postcode.clone(),
            lon,
            lat,
            x: String::new(),
            y: String::new(),
            precision: self.precision.clone(),
            wijk: self.wijk_code.clone(),
            buurt: self.buurt_code.clone().unwrap_or_default(),
            initiator: self.initiator.clone(),
            target_groups: self.target_groups.join(";"),
            opening_hours: self.opening_hours.clone(),
            ground_floor: yes_no(self.ground_floor),
            wheelchair: yes_no(self.wheelchair),
            street_visible: yes_no(self.street_visible),
            no_reception: yes_no(self.no_reception),
            phone: self.phone.clone(),
            email: self.email.clone(),
            website: self.website.clone(),
            founded_year: self.founded_year.map(|y| y.to_string()).unwrap_or_default(),
            status: self.status.clone(),
            closed_on: self.closed_on.map(|d| d.to_string()).unwrap_or_default(),
            closing_reason: self.closing_reason.clone(),
            last_verified: self.last_verified.map(|d| d.to_string()).unwrap_or_default(),
            source: self.source.clone(),
        }
    }
}

/// Reads one place with its area names; `None` when it does not exist.
pub async fn get(db: impl PgExecutor<'_>, id: Uuid) -> DbResult<Option<PlaceRecord>> {
    let place = sqlx::query_as!(
        PlaceRecord,
        r#"
        SELECT p.id, p.name, p.place_type, p.category, p.description, p.address, p.postcode,
               ST_X(p.location) AS lon, ST_Y(p.location) AS lat,
               ST_X(p.public_location) AS public_lon, ST_Y(p.public_location) AS public_lat,
               p.precision, p.wijk_code, w.name AS wijk_name,
               p.buurt_code, b.name AS "buurt_name?",
               p.initiator, p.target_groups, p.opening_hours, p.ground_floor, p.wheelchair,
               p.street_visible, p.no_reception, p.phone, p.email, p.website, p.founded_year,
               p.status, p.closed_on, p.closing_reason, p.last_verified, p.source, p.hidden,
               p.created_at, p.updated_at, p.version
        FROM places p
        JOIN areas w ON w.code = p.wijk_code
        LEFT JOIN areas b ON b.code = p.buurt_code
        WHERE p.id = $1
        "#,
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(place)
}

/// What the public list, search and map may filter on, already parsed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlaceFilter {
    /// Sanitised, lowercased search words (letters and digits only).
    pub words: Vec<String>,
    pub place_type: Option<crate::domain::place::PlaceType>,
    pub category: Option<String>,
    pub target_group: Option<crate::domain::place::TargetGroup>,
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
    pub place_type: String,
    pub category: String,
    pub status: String,
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

/// Counts the places `search` would return, up to `cap`. The demo check
/// uses the partial index on demo places. Lists filtered only by type and
/// wijk (the home page, most wijk links) read the trigger-kept
/// `place_counts` instead of counting rows: exact and instant at any scale.
pub async fn count_matches(
    db: impl PgExecutor<'_>,
    filter: &PlaceFilter,
    cap: i64,
) -> DbResult<MatchCount> {
    let counted_ahead = filter.words.is_empty()
        && filter.category.is_none()
        && filter.target_group.is_none()
        && !filter.include_closed;
    if counted_ahead {
        let row = sqlx::query!(
            r#"
            SELECT
                (SELECT COALESCE(sum(c.n), 0)::int8 FROM place_counts c
                 WHERE ($1::text IS NULL OR c.place_type = $1)
                   AND ($2::text IS NULL OR c.wijk_code = $2)
                   AND ($3::text IS NULL OR c.wijk_code IN (
                        SELECT a.code FROM areas a WHERE a.parent_code = $3))) AS "total!",
                EXISTS (SELECT 1 FROM places p
                        WHERE p.source LIKE 'demo: %' AND NOT p.hidden
                          AND p.status <> 'opgeheven'
                          AND ($1::text IS NULL OR p.place_type = $1)
                          AND ($2::text IS NULL OR p.wijk_code = $2)
                          AND ($3::text IS NULL OR p.wijk_code IN (
                               SELECT a.code FROM areas a WHERE a.parent_code = $3))) AS "any_demo!"
            "#,
            filter.place_type.map(|t| t.slug()),
            filter.wijk.as_ref().map(|w| w.as_str()),
            filter.gemeente.as_ref().map(|g| g.as_str()),
        )
        .fetch_one(db)
        .await?;
        // Same meaning as the counted path: at the cap, "more than".
        return Ok(MatchCount { total: row.total.min(cap), any_demo: row.any_demo });
    }
    let row = sqlx::query!(
        r#"
        WITH m AS NOT MATERIALIZED (
            SELECT p.source
            FROM places p
            WHERE NOT p.hidden
              AND ($1::bool OR p.status <> 'opgeheven')
              AND ($2::text IS NULL OR p.place_type = $2)
              AND ($3::text IS NULL OR p.category = $3)
              AND ($4::text IS NULL OR $4 = ANY (p.target_groups))
              AND ($5::text IS NULL OR p.wijk_code = $5)
              AND ($10::text IS NULL OR p.wijk_code IN (
                   SELECT a.code FROM areas a WHERE a.parent_code = $10))
              AND ($6::text IS NULL
                   OR p.search_doc @@ (to_tsquery('simple', hv_unaccent($6))
                                       || to_tsquery('dutch', hv_unaccent($6)))
                   OR (hv_unaccent(p.name) ILIKE hv_unaccent('%' || ($9::text) || '%')
                       AND hv_unaccent(p.name) ILIKE ALL (
                        SELECT '%' || hv_unaccent(x) || '%' FROM unnest($7::text[]) x)))
        )
        SELECT (SELECT count(*) FROM (SELECT 1 FROM m LIMIT $8) c) AS "total!",
               EXISTS (SELECT 1 FROM m WHERE m.source LIKE 'demo: %') AS "any_demo!"
        "#,
        filter.include_closed,
        filter.place_type.map(|t| t.slug()),
        filter.category.as_deref(),
        filter.target_group.map(|g| g.slug()),
        filter.wijk.as_ref().map(|w| w.as_str()),
        filter.tsquery(),
        &filter.words,
        cap,
        filter.longest_word(),
        filter.gemeente.as_ref().map(|g| g.as_str()),
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
    let Some(tsquery) = filter.tsquery() else {
        return Ok(SearchPage { items: list(db, filter, limit, offset).await?, count: None });
    };
    // Two steps, so the planner sees a plain join: find up to 500
    // candidates with the text indexes, then rank only those. Ranking
    // every match of a common word costs tens of ms at national scale.
    let rows = sqlx::query!(
        r#"
        WITH cand AS MATERIALIZED (
            SELECT c.id FROM places c
            WHERE NOT c.hidden
              AND ($1::bool OR c.status <> 'opgeheven')
              AND ($2::text IS NULL OR c.place_type = $2)
              AND ($3::text IS NULL OR c.category = $3)
              AND ($4::text IS NULL OR $4 = ANY (c.target_groups))
              AND ($5::text IS NULL OR c.wijk_code = $5)
              AND ($12::text IS NULL OR c.wijk_code IN (
                   SELECT a.code FROM areas a WHERE a.parent_code = $12))
              AND (c.search_doc @@ (to_tsquery('simple', hv_unaccent($6))
                                    || to_tsquery('dutch', hv_unaccent($6)))
                   OR (hv_unaccent(c.name) ILIKE hv_unaccent('%' || ($10::text) || '%')
                       AND hv_unaccent(c.name) ILIKE ALL (
                        SELECT '%' || hv_unaccent(x) || '%' FROM unnest($7::text[]) x)))
            LIMIT $11
        )
        SELECT p.id, p.name, p.place_type, p.category, p.status, p.opening_hours,
               p.wijk_code, w.name AS wijk_name, p.buurt_code, b.name AS "buurt_name?",
               p.source LIKE 'demo: %' AS "demo!",
               count(*) OVER () AS "total!",
               bool_or(p.source LIKE 'demo: %') OVER () AS "any_demo!"
        FROM cand
        JOIN places p ON p.id = cand.id
        JOIN areas w ON w.code = p.wijk_code
        LEFT JOIN areas b ON b.code = p.buurt_code
        ORDER BY
            ts_rank(p.search_doc, to_tsquery('simple', hv_unaccent($6))
                                  || to_tsquery('dutch', hv_unaccent($6)))
              + CASE WHEN hv_unaccent(p.name) ILIKE ALL (
                        SELECT '%' || hv_unaccent(x) || '%' FROM unnest($7::text[]) x)
                     THEN 1 ELSE 0 END DESC,
            lower(p.name), p.id
        LIMIT $8 OFFSET $9
        "#,
        filter.include_closed,
        filter.place_type.map(|t| t.slug()),
        filter.category.as_deref(),
        filter.target_group.map(|g| g.slug()),
        filter.wijk.as_ref().map(|w| w.as_str()),
        tsquery,
        &filter.words,
        limit,
        offset,
        filter.longest_word(),
        SEARCH_CANDIDATES,
        filter.gemeente.as_ref().map(|g| g.as_str()),
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
        SELECT p.id, p.name, p.place_type, p.category, p.status, p.opening_hours,
               p.wijk_code, w.name AS wijk_name, p.buurt_code, b.name AS "buurt_name?",
               p.source LIKE 'demo: %' AS "demo!"
        FROM places p
        JOIN areas w ON w.code = p.wijk_code
        LEFT JOIN areas b ON b.code = p.buurt_code
        WHERE NOT p.hidden
          AND ($1::bool OR p.status <> 'opgeheven')
          AND ($2::text IS NULL OR p.place_type = $2)
          AND ($3::text IS NULL OR p.category = $3)
          AND ($4::text IS NULL OR $4 = ANY (p.target_groups))
          AND ($5::text IS NULL OR p.wijk_code = $5)
          AND ($8::text IS NULL OR p.wijk_code IN (
               SELECT a.code FROM areas a WHERE a.parent_code = $8))
        ORDER BY lower(p.name), p.id
        LIMIT $6 OFFSET $7
        "#,
        filter.include_closed,
        filter.place_type.map(|t| t.slug()),
        filter.category.as_deref(),
        filter.target_group.map(|g| g.slug()),
        filter.wijk.as_ref().map(|w| w.as_str()),
        limit,
        offset,
        filter.gemeente.as_ref().map(|g| g.as_str()),
    )
    .fetch_all(db)
    .await?;
    Ok(rows)
}

/// Id and opening hours of the public places with a public location inside
/// the box, for filtering "open now" before building the GeoJSON.
pub async fn opening_hours_in_box(
    db: impl PgExecutor<'_>,
    filter: &PlaceFilter,
    bbox: [f64; 4],
) -> DbResult<Vec<(Uuid, String)>> {
    let rows = sqlx::query!(
        r#"
        SELECT p.id, p.opening_hours
        FROM places p
        WHERE NOT p.hidden AND p.opening_hours <> '' AND p.status = 'actief'
          AND p.public_location && ST_MakeEnvelope($1, $2, $3, $4, 4326)
          AND ($5::bool OR p.status <> 'opgeheven')
          AND ($6::text IS NULL OR p.place_type = $6)
          AND ($7::text IS NULL OR p.category = $7)
          AND ($8::text IS NULL OR $8 = ANY (p.target_groups))
          AND ($9::text IS NULL OR p.wijk_code = $9)
          AND ($13::text IS NULL OR p.wijk_code IN (
               SELECT a.code FROM areas a WHERE a.parent_code = $13))
          AND ($10::text IS NULL
               OR p.search_doc @@ (to_tsquery('simple', hv_unaccent($10))
                                   || to_tsquery('dutch', hv_unaccent($10)))
               OR (hv_unaccent(p.name) ILIKE hv_unaccent('%' || ($12::text) || '%')
                   AND hv_unaccent(p.name) ILIKE ALL (
                    SELECT '%' || hv_unaccent(x) || '%' FROM unnest($11::text[]) x)))
        "#,
        bbox[0],
        bbox[1],
        bbox[2],
        bbox[3],
        filter.include_closed,
        filter.place_type.map(|t| t.slug()),
        filter.category.as_deref(),
        filter.target_group.map(|g| g.slug()),
        filter.wijk.as_ref().map(|w| w.as_str()),
        filter.tsquery(),
        &filter.words,
        filter.longest_word(),
        filter.gemeente.as_ref().map(|g| g.as_str()),
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.opening_hours)).collect())
}

/// The public places in a box as an RFC 7946 FeatureCollection (JSON text),
/// built in SQL. Geometry is always `public_location`, never the exact
/// `location`. When more than `max_points` places match, grid clusters of
/// `cell` degrees are returned instead: `{"cluster": true, "count": n}`.
/// `only_ids` narrows the result (used for "open now"); `type_labels` are
/// the visitor's labels for huiskamer, zelfbeheer and huis_van_de_wijk.
#[allow(clippy::too_many_arguments)]
pub async fn geojson_in_box(
    db: impl PgExecutor<'_>,
    filter: &PlaceFilter,
    bbox: [f64; 4],
    max_points: i64,
    cell: f64,
    only_ids: Option<&[Uuid]>,
    type_labels: [&str; 3],
) -> DbResult<String> {
    sqlx::query_scalar!(
        r#"
        WITH f AS MATERIALIZED (
            SELECT p.id, p.name, p.place_type, p.category, p.status, p.precision,
                   p.public_location AS g
            FROM places p
            WHERE NOT p.hidden
              AND p.public_location && ST_MakeEnvelope($1, $2, $3, $4, 4326)
              AND ($5::bool OR p.status <> 'opgeheven')
              AND ($6::text IS NULL OR p.place_type = $6)
              AND ($7::text IS NULL OR p.category = $7)
              AND ($8::text IS NULL OR $8 = ANY (p.target_groups))
              AND ($9::text IS NULL OR p.wijk_code = $9)
              AND ($19::text IS NULL OR p.wijk_code IN (
                   SELECT a.code FROM areas a WHERE a.parent_code = $19))
              AND ($10::text IS NULL
                   OR p.search_doc @@ (to_tsquery('simple', hv_unaccent($10))
                                       || to_tsquery('dutch', hv_unaccent($10)))
                   OR (hv_unaccent(p.name) ILIKE hv_unaccent('%' || ($18::text) || '%')
                       AND hv_unaccent(p.name) ILIKE ALL (
                        SELECT '%' || hv_unaccent(x) || '%' FROM unnest($11::text[]) x)))
              AND ($12::uuid[] IS NULL OR p.id = ANY ($12))
        ),
        n AS (SELECT count(*) AS n FROM f)
        SELECT CASE WHEN (SELECT n FROM n) > $13 THEN (
            SELECT json_build_object('type', 'FeatureCollection', 'features',
                COALESCE(json_agg(json_build_object(
                    'type', 'Feature',
                    'geometry', ST_AsGeoJSON(c.centre, 6)::json,
                    'properties', json_build_object('cluster', true, 'count', c.n)
                )), '[]'::json))
            FROM (SELECT count(*) AS n, ST_Centroid(ST_Collect(g)) AS centre
                  FROM f GROUP BY ST_SnapToGrid(g, $14::float8)) c
        ) ELSE (
            SELECT json_build_object('type', 'FeatureCollection', 'features',
                COALESCE(json_agg(json_build_object(
                    'type', 'Feature',
                    'id', f.id,
                    'geometry', ST_AsGeoJSON(f.g, 6)::json,
                    'properties', json_build_object(
                        'id', f.id, 'name', f.name, 'type', f.place_type,
                        'type_label', CASE f.place_type WHEN 'huiskamer' THEN $15::text
                                        WHEN 'zelfbeheer' THEN $16::text ELSE $17::text END,
                        'category', f.category, 'status', f.status,
                        'precision', f.precision, 'url', '/plekken/' || f.id)
                ) ORDER BY f.name), '[]'::json))
            FROM f
        ) END::text AS "json!"
        "#,
        bbox[0],
        bbox[1],
        bbox[2],
        bbox[3],
        filter.include_closed,
        filter.place_type.map(|t| t.slug()),
        filter.category.as_deref(),
        filter.target_group.map(|g| g.slug()),
        filter.wijk.as_ref().map(|w| w.as_str()),
        filter.tsquery(),
        &filter.words,
        only_ids,
        max_points,
        cell,
        type_labels[0],
        type_labels[1],
        type_labels[2],
        filter.longest_word(),
        filter.gemeente.as_ref().map(|g| g.as_str()),
    )
    .fetch_one(db)
    .await
    .map_err(Into::into)
}

/// A buurt to choose in the place form, with its wijk for grouping.
#[derive(Debug, Clone)]
pub struct BuurtOption {
    pub code: String,
    pub name: String,
    pub wijk_name: String,
}

/// Every buurt (up to a cap, enough for any one city), by wijk and name.
pub async fn buurt_options(db: impl PgExecutor<'_>) -> DbResult<Vec<BuurtOption>> {
    let rows = sqlx::query_as!(
        BuurtOption,
        r#"SELECT b.code, b.name, w.name AS wijk_name
           FROM areas b JOIN areas w ON w.code = b.parent_code
           WHERE b.level = 'buurt'
           ORDER BY w.name, b.name, b.code LIMIT 3000"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows)
}
