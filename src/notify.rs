//! The daily mail job (issue 12; docs/mail.md): finds the visit follow-ups
//! whose date is reached, sends each user's digest and asks a batch of
//! places "Klopt dit nog?". Run once a day by `serve` and by `haarvaten
//! notify digest|follow-ups` and `haarvaten check-places` (for cron and
//! tests); running it again the same day sends nothing twice.

use std::time::Duration;

use chrono::NaiveDate;
use sqlx::PgPool;

use crate::error::AppResult;
use crate::mail::Outbox;
use crate::ops::notify;
use crate::ops::place_checks::YEARLY_BATCH;

const DAY: Duration = Duration::from_secs(24 * 60 * 60);
/// The first run waits a little, so start-up stays quick.
const FIRST_RUN_AFTER: Duration = Duration::from_secs(90);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    pub followups: u64,
    pub digests: u64,
    pub checks: u64,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Meldingen: {} opvolging(en) aan de beurt, {} dagoverzicht(en) verstuurd, \
             {} plek(ken) gevraagd of alles nog klopt",
            self.followups, self.digests, self.checks
        )
    }
}

/// Follow-ups first, so a due follow-up of someone who wants a digest is
/// in today's digest.
pub async fn run(db: &PgPool, outbox: &Outbox, today: NaiveDate) -> AppResult<Report> {
    let followups = notify::followups_due(db, outbox, today).await?;
    let digests = notify::send_digests(db, outbox, today).await?;
    let checks = crate::ops::place_checks::ask_yearly(db, outbox, today, YEARLY_BATCH).await?;
    notify::prune(db).await?;
    Ok(Report { followups, digests, checks })
}

/// Runs the job once a day in the background of `serve`. A failed run is
/// logged and tried again the next day.
pub fn spawn_daily(db: PgPool, outbox: Outbox) {
    tokio::spawn(async move {
        tokio::time::sleep(FIRST_RUN_AFTER).await;
        let mut every_day = tokio::time::interval(DAY);
        loop {
            every_day.tick().await;
            match run(&db, &outbox, crate::domain::opening_hours::OpeningHours::today()).await {
                Ok(r) => tracing::info!(followups = r.followups, digests = r.digests, "notify ran"),
                Err(e) => tracing::warn!(error = %e, "notify failed"),
            }
        }
    });
}
