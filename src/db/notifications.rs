//! Notifications (migration 0140): each user's choice per kind, the
//! notices themselves, who reviews a wijk, the daily digest and the
//! follow-ups that became due.

use chrono::NaiveDate;
use sqlx::PgExecutor;
use uuid::Uuid;

use super::DbResult;
use crate::domain::notify::{Delivery, NoticeEvent, NoticeKind};
use crate::domain::user::Role;
use crate::i18n::Lang;

/// A user's stored choices; kinds without a row use the default.
pub async fn settings(
    db: impl PgExecutor<'_>,
    user: Uuid,
) -> DbResult<Vec<(NoticeKind, Delivery)>> {
    let rows = sqlx::query!(
        r#"SELECT kind AS "kind: NoticeKind", delivery AS "delivery: Delivery"
           FROM notification_settings WHERE user_id = $1"#,
        user
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.kind, r.delivery)).collect())
}

pub async fn set_setting(
    db: impl PgExecutor<'_>,
    user: Uuid,
    kind: NoticeKind,
    delivery: Delivery,
) -> DbResult<()> {
    sqlx::query!(
        "INSERT INTO notification_settings (user_id, kind, delivery) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, kind) DO UPDATE SET delivery = EXCLUDED.delivery",
        user,
        kind.slug(),
        delivery.slug()
    )
    .execute(db)
    .await?;
    Ok(())
}

/// A user who may get a notice of one kind, with what they chose for it.
#[derive(Debug, Clone)]
pub struct Subscriber {
    pub id: Uuid,
    pub email: String,
    pub lang: Lang,
    pub role: Role,
    pub wijken: Vec<String>,
    pub gemeente: Option<String>,
    /// `None`: nothing chosen, the default for the role applies.
    pub delivery: Option<Delivery>,
}

/// A subscriber as the queries read it.
struct SubscriberRow {
    id: Uuid,
    email: String,
    lang: String,
    role: Role,
    wijken: Vec<String>,
    gemeente_code: Option<String>,
    delivery: Option<Delivery>,
}

impl From<SubscriberRow> for Subscriber {
    fn from(r: SubscriberRow) -> Self {
        Subscriber {
            id: r.id,
            email: r.email,
            lang: Lang::parse(&r.lang).unwrap_or_default(),
            role: r.role,
            wijken: r.wijken,
            gemeente: r.gemeente_code,
            delivery: r.delivery,
        }
    }
}

impl Subscriber {
    /// What they chose, or the default for their role.
    pub fn delivery(&self, kind: NoticeKind) -> Delivery {
        self.delivery.unwrap_or_else(|| kind.default_delivery(self.role))
    }
}

/// Staff with a confirmed address who could review `wijk`: its wijkteam,
/// every gemeente account and every beheerder. The caller narrows this
/// with the rights matrix, so the rule is written once.
pub async fn review_candidates(db: impl PgExecutor<'_>, wijk: &str) -> DbResult<Vec<Subscriber>> {
    sqlx::query_as!(
        SubscriberRow,
        r#"
        SELECT u.id, u.email, u.lang, u.role AS "role: Role", u.gemeente_code,
               COALESCE((SELECT array_agg(w.wijk_code ORDER BY w.wijk_code)
                         FROM user_wijken w WHERE w.user_id = u.id), '{}') AS "wijken!",
               s.delivery AS "delivery?: Delivery"
        FROM users u
        LEFT JOIN notification_settings s ON s.user_id = u.id AND s.kind = 'review'
        WHERE u.email_confirmed_at IS NOT NULL
          AND (u.role IN ('gemeente', 'beheerder')
               OR (u.role = 'wijkteam'
                   AND EXISTS (SELECT 1 FROM user_wijken w
                               WHERE w.user_id = u.id AND w.wijk_code = $1)))
        ORDER BY u.email
        "#,
        wijk
    )
    .fetch_all(db)
    .await
    .map(|rows| rows.into_iter().map(Subscriber::from).collect())
}

/// One account as a subscriber to `kind`, if its address is confirmed.
pub async fn subscriber(
    db: impl PgExecutor<'_>,
    user: Uuid,
    kind: NoticeKind,
) -> DbResult<Option<Subscriber>> {
    sqlx::query_as!(
        SubscriberRow,
        r#"
        SELECT u.id, u.email, u.lang, u.role AS "role: Role", u.gemeente_code,
               '{}'::text[] AS "wijken!",
               s.delivery AS "delivery?: Delivery"
        FROM users u
        LEFT JOIN notification_settings s ON s.user_id = u.id AND s.kind = $2
        WHERE u.id = $1 AND u.email_confirmed_at IS NOT NULL
        "#,
        user,
        kind.slug()
    )
    .fetch_optional(db)
    .await
    .map(|row| row.map(Subscriber::from))
}

/// A notice to store.
pub struct NewNotice<'a> {
    pub user: Uuid,
    pub event: NoticeEvent,
    pub delivery: Delivery,
    pub place_name: &'a str,
    pub link: &'a str,
    pub detail: &'a str,
    /// Direct: its mail is queued in the same transaction.
    pub mailed: bool,
}

pub async fn insert(db: impl PgExecutor<'_>, n: &NewNotice<'_>) -> DbResult<i64> {
    // A mailed notice need not keep the reason: the mail has it.
    let detail = if n.mailed { "" } else { n.detail };
    sqlx::query_scalar!(
        "INSERT INTO notifications (user_id, kind, event, delivery, place_name, link, detail, mailed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $8 THEN now() END) RETURNING id",
        n.user,
        n.event.kind().slug(),
        n.event.slug(),
        n.delivery.slug(),
        n.place_name,
        n.link,
        detail,
        n.mailed
    )
    .fetch_one(db)
    .await
}

/// A notice waiting for the digest.
#[derive(Debug, Clone)]
pub struct Pending {
    pub id: i64,
    pub event: NoticeEvent,
    pub place_name: String,
    pub link: String,
    pub detail: String,
}

/// Users with notices waiting for a digest.
pub async fn users_with_pending(db: impl PgExecutor<'_>) -> DbResult<Vec<Uuid>> {
    sqlx::query_scalar!(
        "SELECT DISTINCT user_id AS \"user_id!\" FROM notifications
         WHERE mailed_at IS NULL AND delivery = 'digest' ORDER BY 1"
    )
    .fetch_all(db)
    .await
}

/// Claims the digest of `user` for `day`: `false` when one was sent then.
pub async fn claim_digest_day(
    db: impl PgExecutor<'_>,
    user: Uuid,
    day: NaiveDate,
) -> DbResult<bool> {
    let done = sqlx::query!(
        "INSERT INTO notification_digests (user_id, day) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        user,
        day
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Everything waiting for `user`'s digest, oldest first, locked until the
/// transaction ends so two runs cannot both mail it.
pub async fn take_pending(db: impl PgExecutor<'_>, user: Uuid) -> DbResult<Vec<Pending>> {
    let rows = sqlx::query!(
        r#"
        UPDATE notifications n SET mailed_at = now(), detail = ''
        FROM (SELECT id, detail FROM notifications
              WHERE user_id = $1 AND mailed_at IS NULL AND delivery = 'digest'
              FOR UPDATE) old
        WHERE n.id = old.id
        RETURNING n.id, n.event AS "event: NoticeEvent", n.place_name, n.link,
                  old.detail AS "detail!", n.created_at
        "#,
        user
    )
    .fetch_all(db)
    .await?;
    let mut rows: Vec<_> = rows
        .into_iter()
        .map(|r| {
            (
                r.created_at,
                Pending {
                    id: r.id,
                    event: r.event,
                    place_name: r.place_name,
                    link: r.link,
                    detail: r.detail,
                },
            )
        })
        .collect();
    rows.sort_by_key(|(at, p)| (*at, p.id));
    Ok(rows.into_iter().map(|(_, p)| p).collect())
}

/// Open follow-ups due on or before `today` not noticed before, at most
/// `limit`, locked so two runs do not both take one.
pub async fn due_followups(
    db: impl PgExecutor<'_>,
    today: NaiveDate,
    limit: i64,
) -> DbResult<Vec<DueFollowup>> {
    sqlx::query_as!(
        DueFollowup,
        r#"
        SELECT v.id AS visit_id, v.wijk_code, p.name AS place_name, v.followup_due AS "due!"
        FROM visits v JOIN places p ON p.id = v.place_id
        WHERE v.followup_due IS NOT NULL AND v.followup_done_at IS NULL
          AND v.followup_due <= $1
          AND NOT EXISTS (SELECT 1 FROM followup_notices f WHERE f.visit_id = v.id)
        ORDER BY v.followup_due, v.id
        LIMIT $2
        FOR UPDATE OF v SKIP LOCKED
        "#,
        today,
        limit
    )
    .fetch_all(db)
    .await
}

/// A follow-up whose date is reached and that nobody was told of yet.
#[derive(Debug, Clone)]
pub struct DueFollowup {
    pub visit_id: Uuid,
    pub wijk_code: String,
    pub place_name: String,
    pub due: NaiveDate,
}

pub async fn mark_followup_noticed(db: impl PgExecutor<'_>, visit: Uuid) -> DbResult<bool> {
    let done = sqlx::query!(
        "INSERT INTO followup_notices (visit_id) VALUES ($1) ON CONFLICT DO NOTHING",
        visit
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The members of a visit who are still in the wijkteam of its wijk, with
/// a confirmed address and their choice for follow-ups.
pub async fn followup_members(
    db: impl PgExecutor<'_>,
    visit: Uuid,
    wijk: &str,
) -> DbResult<Vec<Subscriber>> {
    sqlx::query_as!(
        SubscriberRow,
        r#"
        SELECT u.id, u.email, u.lang, u.role AS "role: Role",
               ARRAY[$2::text] AS "wijken!", NULL::text AS gemeente_code,
               s.delivery AS "delivery?: Delivery"
        FROM visit_members m
        JOIN users u ON u.id = m.user_id
        LEFT JOIN notification_settings s ON s.user_id = u.id AND s.kind = 'followup'
        WHERE m.visit_id = $1 AND u.role = 'wijkteam' AND u.email_confirmed_at IS NOT NULL
          AND EXISTS (SELECT 1 FROM user_wijken w WHERE w.user_id = u.id AND w.wijk_code = $2)
        ORDER BY u.email
        "#,
        visit,
        wijk
    )
    .fetch_all(db)
    .await
    .map(|rows| rows.into_iter().map(Subscriber::from).collect())
}

/// Mailed notices older than `days` and digest days before that go: once
/// mailed they are only needed for the own-data download for a while.
pub async fn prune(db: impl PgExecutor<'_>, days: i32) -> DbResult<u64> {
    let gone = sqlx::query!(
        "WITH old_digests AS (
             DELETE FROM notification_digests WHERE day < current_date - $1::int)
         DELETE FROM notifications
         WHERE mailed_at IS NOT NULL AND mailed_at < now() - make_interval(days => $1::int)",
        days
    )
    .execute(db)
    .await?;
    Ok(gone.rows_affected())
}
