//! Every change to visits and their settings. Callers (`ops::visits`)
//! run these in their transaction and write the audit record next to them.

use chrono::NaiveDate;
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::db::DbResult;
use crate::domain::visit::NewVisit;

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

/// Overwrites a visit with its corrected form, members included (the
/// logger stays). A follow-up that was done stays done unless it is
/// removed. Run it in a transaction.
pub async fn update(tx: &mut sqlx::PgConnection, id: Uuid, visit: &NewVisit) -> DbResult<()> {
    let (followup_text, followup_due) = match &visit.followup {
        Some((text, due)) => (text.as_str(), Some(*due)),
        None => ("", None),
    };
    sqlx::query!(
        r#"UPDATE visits
           SET visited_on = $2, duration_minutes = $3, purpose = $4, notes = $5, partners = $6,
               followup_text = $7, followup_due = $8, next_visit_on = $9,
               followup_done_at = CASE WHEN $8::date IS NULL THEN NULL ELSE followup_done_at END,
               followup_done_by = CASE WHEN $8::date IS NULL THEN NULL ELSE followup_done_by END
           WHERE id = $1"#,
        id,
        visit.visited_on,
        visit.duration_minutes,
        visit.purpose.slug(),
        visit.notes,
        &visit.partners,
        followup_text,
        followup_due,
        visit.next_visit_on,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!("DELETE FROM visit_members WHERE visit_id = $1", id).execute(&mut *tx).await?;
    sqlx::query!(
        "INSERT INTO visit_members (visit_id, user_id)
         SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING",
        id,
        &visit.members
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Removes a visit and its members. `false` when it was gone already.
pub async fn delete(db: impl PgExecutor<'_>, id: Uuid) -> DbResult<bool> {
    let n = sqlx::query!("DELETE FROM visits WHERE id = $1", id).execute(db).await?.rows_affected();
    Ok(n == 1)
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
