//! Wijkteam visits: logging, the dashboard per wijk, follow-ups, the CSV
//! export, aggregates for the gemeente (never notes or names) and the
//! retention that erases old free text.
//!
//! Callers check the rights matrix first (`Action::LogVisit`,
//! `ViewVisitNotes`, `ViewVisitAggregates`); these functions do not.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgExecutor;
use uuid::Uuid;

use super::DbResult;
use crate::domain::visit::{DEFAULT_THRESHOLD_MONTHS, NewVisit, year_ago};

/// Audit log actions of this module.
pub mod actions {
    pub const CREATED: &str = "visit.created";
    /// Someone read the notes of a visit they neither logged nor attended.
    pub const NOTES_VIEWED: &str = "visit.notes_viewed";
    pub const EXPORTED: &str = "visit.exported";
    pub const FOLLOWUP_DONE: &str = "visit.followup_done";
    pub const THRESHOLD_CHANGED: &str = "visit.threshold_changed";
    pub const RETENTION: &str = "visit.retention";
}

/// The place a visit is about, with what the access check needs.
#[derive(Debug, Clone)]
pub struct VisitPlace {
    pub id: Uuid,
    pub name: String,
    pub place_type: String,
    pub wijk_code: String,
    pub wijk_name: String,
    pub hidden: bool,
}

pub async fn place(db: impl PgExecutor<'_>, id: Uuid) -> DbResult<Option<VisitPlace>> {
    Ok(sqlx::query_as!(
        VisitPlace,
        r#"SELECT p.id, p.name, p.place_type, p.wijk_code, w.name AS wijk_name, p.hidden
           FROM places p JOIN areas w ON w.code = p.wijk_code
           WHERE p.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await?)
}

/// A wijkteam account, for "who was there".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: Uuid,
    pub email: String,
}

/// The wijkteam accounts of a wijk, by e-mail.
pub async fn team_of(db: impl PgExecutor<'_>, wijk: &str) -> DbResult<Vec<Member>> {
    Ok(sqlx::query_as!(
        Member,
        r#"SELECT u.id, u.email FROM users u
           JOIN user_wijken uw ON uw.user_id = u.id
           WHERE u.role = 'wijkteam' AND uw.wijk_code = $1
           ORDER BY u.email"#,
        wijk
    )
    .fetch_all(db)
    .await?)
}

/// Stores a visit and its members. Run it in a transaction (`&mut *tx`
/// twice is fine: the members go in the same one).
pub async fn insert(
    tx: &mut sqlx::PgConnection,
    visit: &NewVisit,
    place_id: Uuid,
    wijk_code: &str,
    logged_by: Uuid,
) -> DbResult<Uuid> {
    let id = Uuid::new_v4();
    let (followup_text, followup_due) = match &visit.followup {
        Some((text, due)) => (text.as_str(), Some(*due)),
        None => ("", None),
    };
    sqlx::query!(
        r#"INSERT INTO visits (id, place_id, wijk_code, visited_on, duration_minutes, purpose,
                               notes, partners, followup_text, followup_due, next_visit_on,
                               logged_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"#,
        id,
        place_id,
        wijk_code,
        visit.visited_on,
        visit.duration_minutes,
        visit.purpose.slug(),
        visit.notes,
        &visit.partners,
        followup_text,
        followup_due,
        visit.next_visit_on,
        logged_by
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO visit_members (visit_id, user_id)
         SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING",
        id,
        &visit.members
    )
    .execute(&mut *tx)
    .await?;
    Ok(id)
}

// ---------------------------------------------------------------- dashboard

/// One place on the dashboard, with its visit figures.
#[derive(Debug, Clone)]
pub struct DashboardPlace {
    pub id: Uuid,
    pub name: String,
    pub place_type: String,
    pub status: String,
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
    Ok(sqlx::query_as!(
        DashboardPlace,
        r#"
        SELECT p.id, p.name, p.place_type, p.status, p.wijk_code, w.name AS wijk_name,
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
    .await?)
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

pub async fn set_threshold(
    db: impl PgExecutor<'_>,
    wijk: &str,
    months: i32,
    by: Uuid,
) -> DbResult<()> {
    sqlx::query!(
        "INSERT INTO wijk_visit_settings (wijk_code, threshold_months, updated_by)
         VALUES ($1, $2, $3)
         ON CONFLICT (wijk_code) DO UPDATE
         SET threshold_months = EXCLUDED.threshold_months, updated_by = EXCLUDED.updated_by,
             updated_at = now()",
        wijk,
        months,
        by
    )
    .execute(db)
    .await?;
    Ok(())
}

// ---------------------------------------------------------------- follow-ups

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
    Ok(sqlx::query_as!(
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
    .await?)
}

/// Marks a follow-up done. `false` when there was none open.
pub async fn mark_followup_done(
    db: impl PgExecutor<'_>,
    visit_id: Uuid,
    by: Uuid,
) -> DbResult<bool> {
    let done = sqlx::query!(
        "UPDATE visits SET followup_done_at = now(), followup_done_by = $2
         WHERE id = $1 AND followup_due IS NOT NULL AND followup_done_at IS NULL",
        visit_id,
        by
    )
    .execute(db)
    .await?
    .rows_affected();
    Ok(done == 1)
}

// ---------------------------------------------------------------- one visit

/// A visit with everything, notes included: only for wijkteam of its wijk
/// and beheerder.
#[derive(Debug, Clone)]
pub struct VisitDetail {
    pub id: Uuid,
    pub place_id: Uuid,
    pub place_name: String,
    pub wijk_code: String,
    pub visited_on: NaiveDate,
    pub duration_minutes: Option<i32>,
    pub purpose: String,
    pub notes: String,
    pub partners: Vec<String>,
    pub followup_text: String,
    pub followup_due: Option<NaiveDate>,
    pub followup_done_at: Option<DateTime<Utc>>,
    pub next_visit_on: Option<NaiveDate>,
    pub logged_by: Option<Uuid>,
    pub logged_by_email: Option<String>,
    pub erased_at: Option<DateTime<Utc>>,
    /// Members present, by e-mail.
    pub members: Vec<Member>,
}

impl VisitDetail {
    /// Whether `user` logged the visit or was there: their own notes.
    pub fn is_own(&self, user: Uuid) -> bool {
        self.logged_by == Some(user) || self.members.iter().any(|m| m.id == user)
    }
}

pub async fn get(db: &sqlx::PgPool, id: Uuid) -> DbResult<Option<VisitDetail>> {
    let Some(r) = sqlx::query!(
        r#"
        SELECT v.id, v.place_id, p.name AS place_name, v.wijk_code, v.visited_on,
               v.duration_minutes, v.purpose, v.notes, v.partners, v.followup_text,
               v.followup_due, v.followup_done_at, v.next_visit_on, v.logged_by,
               u.email AS "logged_by_email?", v.erased_at
        FROM visits v
        JOIN places p ON p.id = v.place_id
        LEFT JOIN users u ON u.id = v.logged_by
        WHERE v.id = $1
        "#,
        id
    )
    .fetch_optional(db)
    .await?
    else {
        return Ok(None);
    };
    let members = sqlx::query_as!(
        Member,
        "SELECT u.id, u.email FROM visit_members m JOIN users u ON u.id = m.user_id
         WHERE m.visit_id = $1 ORDER BY u.email",
        id
    )
    .fetch_all(db)
    .await?;
    Ok(Some(VisitDetail {
        id: r.id,
        place_id: r.place_id,
        place_name: r.place_name,
        wijk_code: r.wijk_code,
        visited_on: r.visited_on,
        duration_minutes: r.duration_minutes,
        purpose: r.purpose,
        notes: r.notes,
        partners: r.partners,
        followup_text: r.followup_text,
        followup_due: r.followup_due,
        followup_done_at: r.followup_done_at,
        next_visit_on: r.next_visit_on,
        logged_by: r.logged_by,
        logged_by_email: r.logged_by_email,
        erased_at: r.erased_at,
        members,
    }))
}

/// A visit in a place's history: no free text, so listing it is not a
/// view of anyone's notes.
#[derive(Debug, Clone)]
pub struct VisitSummary {
    pub id: Uuid,
    pub visited_on: NaiveDate,
    pub purpose: String,
    pub members: Vec<String>,
    pub followup_due: Option<NaiveDate>,
    pub followup_open: bool,
    pub has_notes: bool,
}

pub async fn of_place(db: impl PgExecutor<'_>, place: Uuid) -> DbResult<Vec<VisitSummary>> {
    Ok(sqlx::query_as!(
        VisitSummary,
        r#"
        SELECT v.id, v.visited_on, v.purpose,
               COALESCE(array_agg(u.email ORDER BY u.email) FILTER (WHERE u.email IS NOT NULL),
                        '{}') AS "members!",
               v.followup_due,
               (v.followup_due IS NOT NULL AND v.followup_done_at IS NULL) AS "followup_open!",
               (v.notes <> '' OR v.followup_text <> '') AS "has_notes!"
        FROM visits v
        LEFT JOIN visit_members m ON m.visit_id = v.id
        LEFT JOIN users u ON u.id = m.user_id
        WHERE v.place_id = $1
        GROUP BY v.id
        ORDER BY v.visited_on DESC, v.created_at DESC
        "#,
        place
    )
    .fetch_all(db)
    .await?)
}

// ---------------------------------------------------------------- export

/// One row of the team's CSV export.
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub id: Uuid,
    pub visited_on: NaiveDate,
    pub place_id: Uuid,
    pub place_name: String,
    pub place_type: String,
    pub wijk_code: String,
    pub purpose: String,
    pub duration_minutes: Option<i32>,
    pub members: Vec<String>,
    pub partners: Vec<String>,
    pub notes: String,
    pub followup_text: String,
    pub followup_due: Option<NaiveDate>,
    pub followup_done_at: Option<DateTime<Utc>>,
    pub next_visit_on: Option<NaiveDate>,
    pub logged_by: Option<Uuid>,
    pub logged_by_email: Option<String>,
}

/// Every visit logged in a wijk, newest first.
pub async fn export_rows(db: impl PgExecutor<'_>, wijk: &str) -> DbResult<Vec<ExportRow>> {
    Ok(sqlx::query_as!(
        ExportRow,
        r#"
        SELECT v.id, v.visited_on, v.place_id, p.name AS place_name, p.place_type, v.wijk_code,
               v.purpose, v.duration_minutes,
               COALESCE((SELECT array_agg(u.email ORDER BY u.email)
                         FROM visit_members m JOIN users u ON u.id = m.user_id
                         WHERE m.visit_id = v.id), '{}') AS "members!",
               v.partners, v.notes, v.followup_text, v.followup_due, v.followup_done_at,
               v.next_visit_on, v.logged_by, lb.email AS "logged_by_email?"
        FROM visits v
        JOIN places p ON p.id = v.place_id
        LEFT JOIN users lb ON lb.id = v.logged_by
        WHERE v.wijk_code = $1
        ORDER BY v.visited_on DESC, v.created_at DESC
        "#,
        wijk
    )
    .fetch_all(db)
    .await?)
}

// ---------------------------------------------------------------- aggregates

/// Visits of one wijk in one calendar month. Aggregates only: no notes,
/// no names; safe for `Action::ViewVisitAggregates`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthlyVisits {
    pub wijk_code: String,
    /// The first day of the month.
    pub month: NaiveDate,
    pub visits: i64,
}

/// Visits per wijk per month for the wijken of a gemeente (GM…), for
/// visits on `from..=to`. Months without visits are left out. Ordered by
/// wijk code, then month.
pub async fn visits_per_wijk_per_month(
    db: impl PgExecutor<'_>,
    gemeente: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> DbResult<Vec<MonthlyVisits>> {
    Ok(sqlx::query_as!(
        MonthlyVisits,
        r#"
        SELECT wijk_code, date_trunc('month', visited_on)::date AS "month!",
               count(*) AS "visits!"
        FROM visits
        WHERE wijk_code LIKE 'WK' || substr($1, 3, 4) || '%'
          AND visited_on BETWEEN $2 AND $3
        GROUP BY 1, 2
        ORDER BY 1, 2
        "#,
        gemeente,
        from,
        to
    )
    .fetch_all(db)
    .await?)
}

/// Visit coverage of one wijk: how many of its active places the team
/// visited in the 12 months up to the given day. Aggregates only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WijkCoverage {
    pub wijk_code: String,
    pub wijk_name: String,
    /// Active, visible places in the wijk.
    pub places: i64,
    /// Of those, visited at least once in the last 12 months.
    pub visited_12m: i64,
    /// All visits in the last 12 months.
    pub visits_12m: i64,
}

impl WijkCoverage {
    /// Share of places visited in the last 12 months, 0.0–1.0; `None` for
    /// a wijk without places.
    pub fn share(&self) -> Option<f64> {
        (self.places > 0).then(|| self.visited_12m as f64 / self.places as f64)
    }

    /// The share as a whole percentage, rounded.
    pub fn percent(&self) -> Option<i64> {
        self.share().map(|s| (s * 100.0).round() as i64)
    }
}

/// Coverage for every wijk of a gemeente (GM…), ordered by wijk name.
pub async fn coverage_per_wijk(
    db: impl PgExecutor<'_>,
    gemeente: &str,
    today: NaiveDate,
) -> DbResult<Vec<WijkCoverage>> {
    Ok(sqlx::query_as!(
        WijkCoverage,
        r#"
        SELECT w.code AS wijk_code, w.name AS wijk_name,
               (SELECT count(*) FROM places p
                 WHERE p.wijk_code = w.code AND NOT p.hidden AND p.status <> 'opgeheven')
                 AS "places!",
               (SELECT count(*) FROM places p
                 WHERE p.wijk_code = w.code AND NOT p.hidden AND p.status <> 'opgeheven'
                   AND EXISTS (SELECT 1 FROM visits v WHERE v.place_id = p.id
                                 AND v.visited_on BETWEEN $2 AND $3)) AS "visited_12m!",
               (SELECT count(*) FROM visits v
                 WHERE v.wijk_code = w.code AND v.visited_on BETWEEN $2 AND $3) AS "visits_12m!"
        FROM areas w
        WHERE w.level = 'wijk' AND w.parent_code = $1
        ORDER BY w.name
        "#,
        gemeente,
        year_ago(today),
        today
    )
    .fetch_all(db)
    .await?)
}

// ---------------------------------------------------------------- retention

/// Empties the free text (what they saw, partners met, follow-up text) of
/// visits made before `cutoff`. Date, place, purpose, duration and the
/// follow-up's due date and state stay. Returns the number of visits
/// changed; a second run with the same cutoff changes none.
pub async fn erase_free_text_before(db: impl PgExecutor<'_>, cutoff: NaiveDate) -> DbResult<u64> {
    Ok(sqlx::query!(
        "UPDATE visits
         SET notes = '', partners = '{}', followup_text = '', erased_at = now()
         WHERE visited_on < $1
           AND (notes <> '' OR followup_text <> '' OR cardinality(partners) > 0)",
        cutoff
    )
    .execute(db)
    .await?
    .rows_affected())
}
