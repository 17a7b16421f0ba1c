//! Retention (AVG/GDPR): visit free text that may hold personal data (what
//! the team saw, partners met, follow-up text) is erased once the visit is
//! older than `HAARVATEN_RETENTION_MONTHS` (default 24). Date, place and
//! purpose stay, so the statistics do not change. Run daily by `serve` and
//! by `haarvaten retention` (for cron); running it again changes nothing.

use std::time::Duration;

use chrono::{Months, NaiveDate};
use sqlx::PgPool;

use crate::domain::opening_hours::OpeningHours;
use crate::error::AppResult;
use crate::ops;

/// The default retention period in months.
pub const DEFAULT_MONTHS: u32 = 24;
const DAY: Duration = Duration::from_secs(24 * 60 * 60);
/// The first run waits a little, so start-up stays quick.
const FIRST_RUN_AFTER: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Visits before this date had their free text erased.
    pub cutoff: NaiveDate,
    /// Visits changed by this run.
    pub erased: u64,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Bewaartermijn: tekst gewist van {} bezoek(en) van vóór {}",
            self.erased, self.cutoff
        )
    }
}

/// Visits on or after this date keep their text.
pub fn cutoff(months: u32, today: NaiveDate) -> NaiveDate {
    today.checked_sub_months(Months::new(months)).unwrap_or(NaiveDate::MIN)
}

/// Erases the free text of visits older than `months` before `today`, and
/// writes an audit entry when anything was erased (`ops::visits`).
pub async fn run(db: &PgPool, months: u32, today: NaiveDate) -> AppResult<Report> {
    let cutoff = cutoff(months, today);
    let erased = ops::visits::erase_old_free_text(db, cutoff, months).await?;
    Ok(Report { cutoff, erased })
}

/// Runs retention once a day in the background of `serve`. A failed run is
/// logged and tried again the next day.
pub fn spawn_daily(db: PgPool, months: u32) {
    tokio::spawn(async move {
        tokio::time::sleep(FIRST_RUN_AFTER).await;
        let mut every_day = tokio::time::interval(DAY);
        loop {
            every_day.tick().await;
            match run(&db, months, OpeningHours::today()).await {
                Ok(r) if r.erased > 0 => {
                    tracing::info!(erased = r.erased, cutoff = %r.cutoff, "retention ran")
                }
                Ok(_) => tracing::debug!("retention ran; nothing to erase"),
                Err(e) => tracing::warn!(error = %e, "retention failed"),
            }
        }
    });
}
