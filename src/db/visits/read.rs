//! Reading visits: one visit with its notes, a place's history without
//! free text, and the team's export.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::db::DbResult;
use crate::domain::place::PlaceType;
use crate::domain::visit::Purpose;

/// A visit with everything, notes included: only for wijkteam of its wijk
/// and beheerder. The visit page shows one, the team's export lists them.
#[derive(Debug, Clone)]
pub struct VisitDetail {
    pub id: Uuid,
    pub place_id: Uuid,
    pub place_name: String,
    pub place_type: PlaceType,
    pub wijk_code: String,
    pub visited_on: NaiveDate,
    pub duration_minutes: Option<i32>,
    pub purpose: Purpose,
    pub notes: String,
    pub partners: Vec<String>,
    pub followup_text: String,
    pub followup_due: Option<NaiveDate>,
    pub followup_done_at: Option<DateTime<Utc>>,
    pub next_visit_on: Option<NaiveDate>,
    pub logged_by: Option<Uuid>,
    pub logged_by_email: Option<String>,
    pub erased_at: Option<DateTime<Utc>>,
    /// Members present: their accounts, and their e-mails in the same
    /// (e-mail) order.
    pub member_ids: Vec<Uuid>,
    pub members: Vec<String>,
}

impl VisitDetail {
    /// Whether `user` logged the visit or was there: their own notes.
    pub fn is_own(&self, user: Uuid) -> bool {
        self.logged_by == Some(user) || self.member_ids.contains(&user)
    }

    /// Whether `user` may remove the visit: who logged it, while still in
    /// the wijk's team. Others who were there cannot: it is the logger's
    /// record.
    pub fn may_remove(&self, user: &crate::domain::user::CurrentUser) -> bool {
        self.logged_by == Some(user.id)
            && user.may(crate::domain::user::Action::LogVisit, &self.wijk_code)
    }

    /// Whether `user` may correct it: as [`Self::may_remove`], until the
    /// retention erased its text (then there is nothing left to correct).
    pub fn may_correct(&self, user: &crate::domain::user::CurrentUser) -> bool {
        self.may_remove(user) && self.erased_at.is_none()
    }

    /// The visit as its form shows it, to correct it.
    pub fn to_form(&self) -> crate::domain::visit::VisitFormInput {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        crate::domain::visit::VisitFormInput {
            datum: self.visited_on.to_string(),
            duur: self.duration_minutes.map(|n| n.to_string()).unwrap_or_default(),
            leden: self
                .member_ids
                .iter()
                .filter(|id| Some(**id) != self.logged_by)
                .map(Uuid::to_string)
                .collect(),
            doel: self.purpose.slug().to_owned(),
            notities: self.notes.clone(),
            partners: self.partners.join("\n"),
            opvolging: self.followup_text.clone(),
            opvolging_datum: date(self.followup_due),
            volgend_bezoek: date(self.next_visit_on),
        }
    }
}

/// One visit by id (`id`), or every visit of a wijk (`wijk`), newest
/// first. One query for both, so the page and the export cannot drift
/// apart; `v.id = $1 OR v.wijk_code = $2` keeps both indexes usable.
async fn details(
    db: impl PgExecutor<'_>,
    id: Option<Uuid>,
    wijk: Option<&str>,
) -> DbResult<Vec<VisitDetail>> {
    sqlx::query_as!(
        VisitDetail,
        r#"
        SELECT v.id, v.place_id, p.name AS place_name,
               p.place_type AS "place_type: PlaceType", v.wijk_code, v.visited_on,
               v.duration_minutes, v.purpose AS "purpose: Purpose", v.notes, v.partners,
               v.followup_text, v.followup_due, v.followup_done_at, v.next_visit_on,
               v.logged_by, lb.email AS "logged_by_email?", v.erased_at,
               COALESCE((SELECT array_agg(u.id ORDER BY u.email)
                         FROM visit_members m JOIN users u ON u.id = m.user_id
                         WHERE m.visit_id = v.id), '{}') AS "member_ids!",
               COALESCE((SELECT array_agg(u.email ORDER BY u.email)
                         FROM visit_members m JOIN users u ON u.id = m.user_id
                         WHERE m.visit_id = v.id), '{}') AS "members!"
        FROM visits v
        JOIN places p ON p.id = v.place_id
        LEFT JOIN users lb ON lb.id = v.logged_by
        WHERE v.id = $1 OR v.wijk_code = $2
        ORDER BY v.visited_on DESC, v.created_at DESC
        "#,
        id,
        wijk
    )
    .fetch_all(db)
    .await
}

pub async fn get(db: impl PgExecutor<'_>, id: Uuid) -> DbResult<Option<VisitDetail>> {
    Ok(details(db, Some(id), None).await?.pop())
}

/// Every visit logged in a wijk, newest first, for the team's export.
pub async fn export_rows(db: impl PgExecutor<'_>, wijk: &str) -> DbResult<Vec<VisitDetail>> {
    details(db, None, Some(wijk)).await
}

/// A visit in a place's history: no free text, so listing it is not a
/// view of anyone's notes.
#[derive(Debug, Clone)]
pub struct VisitSummary {
    pub id: Uuid,
    pub visited_on: NaiveDate,
    pub purpose: Purpose,
    pub members: Vec<String>,
    pub followup_due: Option<NaiveDate>,
    pub followup_open: bool,
    pub has_notes: bool,
}

pub async fn of_place(db: impl PgExecutor<'_>, place: Uuid) -> DbResult<Vec<VisitSummary>> {
    sqlx::query_as!(
        VisitSummary,
        r#"
        SELECT v.id, v.visited_on, v.purpose AS "purpose: Purpose",
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
    .await
}
