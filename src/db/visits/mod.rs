//! Wijkteam visits: logging, the dashboard per wijk, follow-ups, the CSV
//! export, aggregates for the gemeente (never notes or names) and the
//! retention that erases old free text. The queries are split by what they
//! serve: `write` (every change), `dashboard`, `read` (one visit, a place's
//! history, the export) and `aggregates`; this file has the place and team
//! lookups they share.
//!
//! Callers check the rights matrix first (`Action::LogVisit`,
//! `ViewVisitNotes`, `ViewVisitAggregates`); these functions do not.

mod aggregates;
mod dashboard;
mod read;
mod write;

pub use aggregates::{MonthlyVisits, WijkCoverage, coverage_per_wijk, visits_per_wijk_per_month};
pub use dashboard::{DashboardPlace, FollowUp, dashboard, my_followups, threshold};
pub use read::{VisitDetail, VisitSummary, export_rows, get, of_place};
pub use write::{
    delete, erase_free_text_before, insert, mark_followup_done, set_threshold, update,
};

use sqlx::PgExecutor;
use uuid::Uuid;

use super::DbResult;
use crate::domain::place::PlaceType;

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
    pub place_type: PlaceType,
    pub wijk_code: String,
    pub wijk_name: String,
    pub hidden: bool,
}

pub async fn place(db: impl PgExecutor<'_>, id: Uuid) -> DbResult<Option<VisitPlace>> {
    sqlx::query_as!(
        VisitPlace,
        r#"SELECT p.id, p.name, p.place_type AS "place_type: PlaceType", p.wijk_code,
                  w.name AS wijk_name, p.hidden
           FROM places p JOIN areas w ON w.code = p.wijk_code
           WHERE p.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// A wijkteam account, for "who was there".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: Uuid,
    pub email: String,
}

/// The wijkteam accounts of a wijk, by e-mail.
pub async fn team_of(db: impl PgExecutor<'_>, wijk: &str) -> DbResult<Vec<Member>> {
    sqlx::query_as!(
        Member,
        r#"SELECT u.id, u.email FROM users u
           JOIN user_wijken uw ON uw.user_id = u.id
           WHERE u.role = 'wijkteam' AND uw.wijk_code = $1
           ORDER BY u.email"#,
        wijk
    )
    .fetch_all(db)
    .await
}
