//! Aggregates for the gemeente: visits per wijk per month and coverage.
//! Never notes or names, so they are safe for `Action::ViewVisitAggregates`.

use chrono::NaiveDate;
use sqlx::PgExecutor;

use crate::db::DbResult;
use crate::domain::visit::year_ago;

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
    sqlx::query_as!(
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
    .await
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
    sqlx::query_as!(
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
    .await
}
