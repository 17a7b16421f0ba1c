//! The dashboard's queries: every place of the wijken with its visit
//! figures, the wijk's blind-spot threshold and "Mijn opvolgacties".

use chrono::NaiveDate;
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::db::DbResult;
use crate::domain::place::{PlaceStatus, PlaceType};
use crate::domain::visit::{DEFAULT_THRESHOLD_MONTHS, year_ago};

/// One place on the dashboard, with its visit figures.
#[derive(Debug, Clone)]
pub struct DashboardPlace {
    pub id: Uuid,
    pub name: String,
    pub place_type: PlaceType,
    pub status: PlaceStatus,
    pub wijk_code: String,
    pub wijk_name: String,
    /// Exact where known: the dashboard is for the wijk's own team.
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub last_visit: Option<NaiveDate>,
    pub visits_12m: i64,
    pub open_followups: i64,
    pub next_visit: Option<NaiveDate>,
    pub threshold_months: i32,
}

/// Every active, visible place in the given wijken with its last visit,
/// visits in the 12 months up to `today` and open follow-ups. Unordered:
/// the domain's `dashboard_order` sorts it.
pub async fn dashboard(
    db: impl PgExecutor<'_>,
    wijken: &[String],
    today: NaiveDate,
) -> DbResult<Vec<DashboardPlace>> {
    sqlx::query_as!(
        DashboardPlace,
        r#"
        SELECT p.id, p.name, p.place_type AS "place_type: PlaceType",
               p.status AS "status: PlaceStatus", p.wijk_code, w.name AS wijk_name,
               ST_X(COALESCE(p.location, p.public_location)) AS lon,
               ST_Y(COALESCE(p.location, p.public_location)) AS lat,
               v.last_visit AS "last_visit?",
               COALESCE(v.visits_12m, 0) AS "visits_12m!",
               COALESCE(v.open_followups, 0) AS "open_followups!",
               v.next_visit AS "next_visit?",
               COALESCE(s.threshold_months, $4) AS "threshold_months!"
        FROM places p
        JOIN areas w ON w.code = p.wijk_code
        LEFT JOIN wijk_visit_settings s ON s.wijk_code = p.wijk_code
        LEFT JOIN LATERAL (
            SELECT max(visited_on) FILTER (WHERE visited_on <= $3) AS last_visit,
                   count(*) FILTER (WHERE visited_on >= $2 AND visited_on <= $3) AS visits_12m,
                   count(*) FILTER (WHERE followup_due IS NOT NULL
                                      AND followup_done_at IS NULL) AS open_followups,
                   min(next_visit_on) FILTER (WHERE next_visit_on >= $3) AS next_visit
            FROM visits WHERE visits.place_id = p.id
        ) v ON true
        WHERE p.wijk_code = ANY($1) AND NOT p.hidden AND p.status <> 'opgeheven'
        "#,
        wijken,
        year_ago(today),
        today,
        DEFAULT_THRESHOLD_MONTHS
    )
    .fetch_all(db)
    .await
}

/// The blind-spot threshold of a wijk (months), or the default.
pub async fn threshold(db: impl PgExecutor<'_>, wijk: &str) -> DbResult<i32> {
    Ok(sqlx::query_scalar!(
        "SELECT threshold_months FROM wijk_visit_settings WHERE wijk_code = $1",
        wijk
    )
    .fetch_optional(db)
    .await?
    .unwrap_or(DEFAULT_THRESHOLD_MONTHS))
}

/// An open follow-up of a visit the user took part in.
#[derive(Debug, Clone)]
pub struct FollowUp {
    pub visit_id: Uuid,
    pub place_id: Uuid,
    pub place_name: String,
    pub wijk_code: String,
    pub text: String,
    pub due: NaiveDate,
    pub visited_on: NaiveDate,
}

/// "Mijn opvolgacties": open follow-ups due on or before `until`, of
/// visits in `wijken` where the user was present (the logger always is).
pub async fn my_followups(
    db: impl PgExecutor<'_>,
    user: Uuid,
    wijken: &[String],
    until: NaiveDate,
) -> DbResult<Vec<FollowUp>> {
    sqlx::query_as!(
        FollowUp,
        r#"
        SELECT v.id AS visit_id, p.id AS place_id, p.name AS place_name, v.wijk_code,
               v.followup_text AS text, v.followup_due AS "due!", v.visited_on
        FROM visits v
        JOIN places p ON p.id = v.place_id
        WHERE v.followup_due IS NOT NULL AND v.followup_done_at IS NULL
          AND v.followup_due <= $3
          AND v.wijk_code = ANY($2)
          AND EXISTS (SELECT 1 FROM visit_members m WHERE m.visit_id = v.id AND m.user_id = $1)
        ORDER BY v.followup_due, p.name
        "#,
        user,
        wijken,
        until
    )
    .fetch_all(db)
    .await
}
