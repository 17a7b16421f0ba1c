//! "Klopt dit nog?" (migration 0141): the links sent to places, their
//! answers, the places due for their yearly question and the overview's
//! counts.

use chrono::NaiveDate;
use sqlx::PgExecutor;
use uuid::Uuid;

use super::DbResult;

/// The key that signs the links, made by migration 0141.
pub async fn key(db: impl PgExecutor<'_>) -> DbResult<Vec<u8>> {
    sqlx::query_scalar!("SELECT secret FROM app_secrets WHERE name = 'place_check_key'")
        .fetch_one(db)
        .await
}

/// Records a link sent today; `false` when the place got one today already.
pub async fn insert(
    db: impl PgExecutor<'_>,
    place: Uuid,
    wijk: &str,
    issued: NaiveDate,
    asked_by: Option<Uuid>,
) -> DbResult<bool> {
    let done = sqlx::query!(
        "INSERT INTO place_checks (place_id, wijk_code, issued_on, asked_by)
         VALUES ($1, $2, $3, $4) ON CONFLICT (place_id, issued_on) DO NOTHING",
        place,
        wijk,
        issued,
        asked_by
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether the link of `place` issued on `issued` exists and was not used.
pub async fn is_open(db: impl PgExecutor<'_>, place: Uuid, issued: NaiveDate) -> DbResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT answered_at IS NULL AS "open!" FROM place_checks
           WHERE place_id = $1 AND issued_on = $2"#,
        place,
        issued
    )
    .fetch_optional(db)
    .await?
    .unwrap_or(false))
}

/// Uses the link up with its answer; `false` when it was used already.
pub async fn answer(
    db: impl PgExecutor<'_>,
    place: Uuid,
    issued: NaiveDate,
    answer: &str,
) -> DbResult<bool> {
    let done = sqlx::query!(
        "UPDATE place_checks SET answered_at = now(), answer = $3
         WHERE place_id = $1 AND issued_on = $2 AND answered_at IS NULL",
        place,
        issued,
        answer
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Active, visible places with a contact e-mail that were not asked in the
/// last `days` days (nor verified by staff in that time), oldest first.
pub async fn due(
    db: impl PgExecutor<'_>,
    today: NaiveDate,
    days: i32,
    limit: i64,
) -> DbResult<Vec<Uuid>> {
    sqlx::query_scalar!(
        r#"
        SELECT p.id FROM places p
        WHERE NOT p.hidden AND p.status = 'actief' AND p.email <> ''
          AND (p.last_verified IS NULL OR p.last_verified <= $1::date - $2::int)
          AND NOT EXISTS (SELECT 1 FROM place_checks c
                          WHERE c.place_id = p.id AND c.issued_on > $1::date - $2::int)
        ORDER BY p.last_verified NULLS FIRST, p.id
        LIMIT $3
        "#,
        today,
        days,
        limit
    )
    .fetch_all(db)
    .await
}

/// Per wijk: places asked in `year`, and how many of those answered.
pub async fn counts_in_year(
    db: impl PgExecutor<'_>,
    year: i32,
) -> DbResult<Vec<(String, i64, i64)>> {
    let rows = sqlx::query!(
        r#"
        SELECT wijk_code, count(DISTINCT place_id) AS "asked!",
               count(DISTINCT place_id) FILTER (WHERE answered_at IS NOT NULL) AS "answered!"
        FROM place_checks
        WHERE issued_on >= make_date($1, 1, 1) AND issued_on < make_date($1 + 1, 1, 1)
        GROUP BY wijk_code
        "#,
        year
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.wijk_code, r.asked, r.answered)).collect())
}
