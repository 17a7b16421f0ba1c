//! The outbox worker of `serve`: sends due mails, retries with backoff, and
//! gives up after [`MAX_ATTEMPTS`]. It wakes on `NOTIFY haarvaten_mail`
//! (a trigger on every insert, so any instance's mail is sent at once) and
//! polls as well, in case the notification was missed.
//!
//! Delivery is at least once: a mail is marked sent after the SMTP server
//! accepted it; an instance that dies between the two sends it again after
//! the claim's lease. Two running instances never send one mail twice.

use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::{PgListener, PgPoolOptions};

use super::transport::{SendError, Transport};
use crate::db::outbox;

/// Mails claimed at a time.
const BATCH: i64 = 10;
/// How long a claim holds: longer than a batch can take to send.
const LEASE_SECS: f64 = 600.0;
/// Attempts before giving up; with the default first retry of 30 s and a
/// wait that doubles up to an hour, about 15 hours of trying.
pub const MAX_ATTEMPTS: i32 = 20;
const MAX_BACKOFF_SECS: f64 = 3600.0;
/// The longest the worker sleeps without checking the outbox.
const MAX_POLL_SECS: f64 = 10.0;

/// The wait before attempt `attempts + 1`: `first` seconds, doubling, at
/// most an hour.
pub fn backoff_secs(first: u64, attempts: i32) -> f64 {
    let exp = attempts.saturating_sub(1).clamp(0, 30);
    (first as f64 * 2f64.powi(exp)).min(MAX_BACKOFF_SECS)
}

/// Starts the worker; it runs until the app's pool is closed and then
/// closes its listener's connection too, so nothing holds the database
/// open after the app has finished (a test's `DROP DATABASE` waits for it).
pub fn spawn(db: PgPool, transport: Transport, retry_secs: u64) {
    tokio::spawn(async move {
        let mut listener = Listener::connect(&db).await;
        let work = work(&db, &transport, retry_secs, &mut listener);
        let _ = db.close_event().do_until(work).await;
        if let Some(l) = listener {
            l.close().await;
        }
    });
}

/// Delivers, then waits for a notification or the next due mail; for ever.
async fn work(
    db: &PgPool,
    transport: &Transport,
    retry_secs: u64,
    listener: &mut Option<Listener>,
) {
    loop {
        match deliver_due(db, transport, retry_secs).await {
            // A full batch: there may be more due at once.
            Ok(n) if n as i64 == BATCH => continue,
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "mail outbox: database error"),
        }
        let wait = match outbox::seconds_to_next(db).await {
            Ok(Some(secs)) => secs.min(MAX_POLL_SECS),
            _ => MAX_POLL_SECS.min(retry_secs as f64),
        };
        let wait = Duration::from_secs_f64(wait.max(0.05));
        match listener.as_mut() {
            Some(l) => {
                if let Ok(Err(e)) = tokio::time::timeout(wait, l.listener.recv()).await {
                    tracing::warn!(error = %e, "mail outbox: listener lost; polling");
                    if let Some(lost) = listener.take() {
                        lost.close().await;
                    }
                }
            }
            None => {
                tokio::time::sleep(wait).await;
                *listener = Listener::connect(db).await;
            }
        }
    }
}

/// `LISTEN haarvaten_mail` on a connection of its own, outside the app's
/// pool: it is held for good, and must not take one of the pool's few.
struct Listener {
    listener: PgListener,
    /// The one-connection pool the listener's connection belongs to.
    own: PgPool,
}

impl Listener {
    async fn connect(db: &PgPool) -> Option<Self> {
        let own = PgPoolOptions::new()
            .max_connections(1)
            .connect_lazy_with(db.connect_options().as_ref().clone());
        let mut listener = PgListener::connect_with(&own).await.ok()?;
        listener.listen("haarvaten_mail").await.ok()?;
        Some(Self { listener, own })
    }

    async fn close(self) {
        drop(self.listener);
        self.own.close().await;
    }
}

/// Sends one batch of due mails; returns how many were claimed.
pub async fn deliver_due(
    db: &PgPool,
    transport: &Transport,
    retry_secs: u64,
) -> sqlx::Result<usize> {
    let claimed = outbox::claim(db, BATCH, LEASE_SECS).await?;
    for mail in &claimed {
        match transport.send(mail).await {
            Ok(()) => {
                tracing::info!(id = mail.id, kind = mail.kind.slug(), "mail sent");
                outbox::mark_sent(db, mail.id).await?;
            }
            Err(SendError::Permanent(e)) => {
                tracing::warn!(id = mail.id, error = %e, "mail refused for good; not retried");
                outbox::mark_failed(db, mail.id, &e).await?;
            }
            Err(SendError::Temporary(e)) if mail.attempts >= MAX_ATTEMPTS => {
                tracing::warn!(id = mail.id, error = %e, "mail not sent after every attempt");
                outbox::mark_failed(db, mail.id, &e).await?;
            }
            Err(SendError::Temporary(e)) => {
                let wait = backoff_secs(retry_secs, mail.attempts);
                tracing::info!(id = mail.id, error = %e, retry_in_secs = wait, "mail not sent yet");
                outbox::retry_later(db, mail.id, wait, &e).await?;
            }
        }
    }
    Ok(claimed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_up_to_an_hour() {
        assert_eq!(backoff_secs(30, 1), 30.0);
        assert_eq!(backoff_secs(30, 2), 60.0);
        assert_eq!(backoff_secs(30, 5), 480.0);
        assert_eq!(backoff_secs(30, 12), 3600.0);
        assert_eq!(backoff_secs(1, 40), 3600.0);
    }
}
