//! Wijkteam visit writes: log a visit, mark a follow-up done, set a wijk's
//! blind-spot threshold, the audited reads of other members' notes (one
//! visit, the team export) and the retention that erases old free text.
//!
//! Each operation checks the rights matrix itself, so no caller can forget
//! it, and writes its audit record in the same transaction as its change.

use chrono::NaiveDate;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::db::audit;
use crate::db::visits::{self, Member, VisitDetail, VisitPlace, actions};
use crate::domain::user::{Action, CurrentUser};
use crate::domain::visit::{FieldErrors, NewVisit, VisitFormInput, parse_threshold};
use crate::error::{AppError, AppResult, UserMessage};

/// The place a visit is logged for, if `actor` may log there: 404 for an
/// unknown or hidden place, 403 outside the member's wijken. The visit form
/// asks the same before it is shown.
pub async fn place_for_logging(
    db: &PgPool,
    actor: &CurrentUser,
    raw_id: &str,
) -> AppResult<VisitPlace> {
    let id = Uuid::parse_str(raw_id.trim()).map_err(|_| AppError::NotFound)?;
    let place = visits::place(db, id).await?.filter(|p| !p.hidden).ok_or(AppError::NotFound)?;
    if !actor.may(Action::LogVisit, &place.wijk_code) {
        return Err(AppError::Forbidden);
    }
    Ok(place)
}

/// What logging a visit came to.
pub enum LogVisit {
    Logged(Uuid),
    /// The form had errors: the place and its team, to show the form again
    /// with a message next to each wrong field.
    Invalid {
        place: VisitPlace,
        team: Vec<Member>,
        errors: FieldErrors,
    },
}

/// Logs a visit to the place `raw_place` (its id as posted) from the form
/// as posted; `today` bounds the dates.
pub async fn log_visit(
    db: &PgPool,
    actor: &CurrentUser,
    raw_place: &str,
    input: &VisitFormInput,
    today: NaiveDate,
) -> AppResult<LogVisit> {
    let place = place_for_logging(db, actor, raw_place).await?;
    let team = visits::team_of(db, &place.wijk_code).await?;
    let team_ids: Vec<Uuid> = team.iter().map(|m| m.id).collect();
    let visit = match NewVisit::parse(input, actor.id, &team_ids, today) {
        Ok(v) => v,
        Err(errors) => return Ok(LogVisit::Invalid { place, team, errors }),
    };
    let mut tx = db.begin().await?;
    let id = visits::insert(&mut tx, &visit, place.id, &place.wijk_code, actor.id)
        .await
        .map_err(AppError::from_constraint)?;
    audit::record(
        &mut *tx,
        Some(actor.id),
        actions::CREATED,
        &format!("visit:{id}"),
        json!({ "place": place.id, "wijk": place.wijk_code }),
    )
    .await?;
    tx.commit().await?;
    Ok(LogVisit::Logged(id))
}

/// Audit actions of correcting one's own visit (the others are in
/// `db::visits::actions`).
pub const VISIT_UPDATED: &str = "visit.updated";
pub const VISIT_DELETED: &str = "visit.deleted";

/// The visit `actor` logged, to correct (`correct`) or remove: 404 when
/// unknown, 403 when someone else logged it or the actor left the team.
pub async fn own_visit(
    db: &PgPool,
    actor: &CurrentUser,
    id: Uuid,
    correct: bool,
) -> AppResult<VisitDetail> {
    let v = visits::get(db, id).await?.ok_or(AppError::NotFound)?;
    let allowed = if correct { v.may_correct(actor) } else { v.may_remove(actor) };
    if !allowed {
        return Err(AppError::Forbidden);
    }
    Ok(v)
}

/// Corrects a visit its logger made, from the form as posted; the same
/// rules as logging it. `Invalid` shows the form again.
pub async fn correct_visit(
    db: &PgPool,
    actor: &CurrentUser,
    id: Uuid,
    input: &VisitFormInput,
    today: NaiveDate,
) -> AppResult<LogVisit> {
    let v = own_visit(db, actor, id, true).await?;
    let place = visits::place(db, v.place_id).await?.ok_or(AppError::NotFound)?;
    let team = visits::team_of(db, &v.wijk_code).await?;
    let team_ids: Vec<Uuid> = team.iter().map(|m| m.id).collect();
    let visit = match NewVisit::parse(input, actor.id, &team_ids, today) {
        Ok(visit) => visit,
        Err(errors) => return Ok(LogVisit::Invalid { place, team, errors }),
    };
    let mut tx = db.begin().await?;
    visits::update(&mut tx, id, &visit).await.map_err(AppError::from_constraint)?;
    audit::record(
        &mut *tx,
        Some(actor.id),
        VISIT_UPDATED,
        &format!("visit:{id}"),
        json!({ "place": v.place_id, "wijk": v.wijk_code }),
    )
    .await?;
    tx.commit().await?;
    Ok(LogVisit::Logged(id))
}

/// Removes a visit its logger made. The audit record keeps that it
/// existed (place, wijk, date), never its notes.
pub async fn remove_visit(db: &PgPool, actor: &CurrentUser, id: Uuid) -> AppResult<()> {
    let v = own_visit(db, actor, id, false).await?;
    let mut tx = db.begin().await?;
    if visits::delete(&mut *tx, id).await? {
        audit::record(
            &mut *tx,
            Some(actor.id),
            VISIT_DELETED,
            &format!("visit:{id}"),
            json!({ "place": v.place_id, "wijk": v.wijk_code, "visited_on": v.visited_on }),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Marks the follow-up of a visit done. Marking it again changes nothing
/// and is no error; only a real change is audited.
pub async fn mark_followup_done(db: &PgPool, actor: &CurrentUser, visit_id: Uuid) -> AppResult<()> {
    let v = visits::get(db, visit_id).await?.ok_or(AppError::NotFound)?;
    if !actor.may(Action::LogVisit, &v.wijk_code) {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    if visits::mark_followup_done(&mut *tx, visit_id, actor.id).await? {
        audit::record(
            &mut *tx,
            Some(actor.id),
            actions::FOLLOWUP_DONE,
            &format!("visit:{visit_id}"),
            json!({ "wijk": v.wijk_code }),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Sets the blind-spot threshold of wijk `code` from the months as typed.
/// `Err(message)` inside `Ok` is a wrong number, for the field.
pub async fn set_threshold(
    db: &PgPool,
    actor: &CurrentUser,
    code: &str,
    raw_months: &str,
) -> AppResult<Result<i32, UserMessage>> {
    if !actor.may(Action::LogVisit, code) {
        return Err(AppError::Forbidden);
    }
    let months = match parse_threshold(raw_months) {
        Ok(m) => m,
        Err(m) => return Ok(Err(m)),
    };
    let mut tx = db.begin().await?;
    visits::set_threshold(&mut *tx, code, months, actor.id).await?;
    audit::record(
        &mut *tx,
        Some(actor.id),
        actions::THRESHOLD_CHANGED,
        &format!("wijk:{code}"),
        json!({ "months": months }),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(months))
}

/// One visit with its notes. Reading another member's notes is written to
/// the audit log before they are returned.
pub async fn view_visit(db: &PgPool, actor: &CurrentUser, id: Uuid) -> AppResult<VisitDetail> {
    let v = visits::get(db, id).await?.ok_or(AppError::NotFound)?;
    if !actor.may(Action::ViewVisitNotes, &v.wijk_code) {
        return Err(AppError::Forbidden);
    }
    if !v.is_own(actor.id) {
        audit::record(
            db,
            Some(actor.id),
            actions::NOTES_VIEWED,
            &format!("visit:{}", v.id),
            json!({ "place": v.place_id, "wijk": v.wijk_code }),
        )
        .await?;
    }
    Ok(v)
}

/// Every visit of wijk `code` with its notes, for the team's export. The
/// export is audited, as it holds other members' notes; `excel` is only
/// recorded.
pub async fn export_visits(
    db: &PgPool,
    actor: &CurrentUser,
    code: &str,
    excel: bool,
) -> AppResult<Vec<VisitDetail>> {
    if !actor.may(Action::ViewVisitNotes, code) {
        return Err(AppError::Forbidden);
    }
    let rows = visits::export_rows(db, code).await?;
    let others = rows.iter().filter(|r| r.logged_by != Some(actor.id)).count();
    audit::record(
        db,
        Some(actor.id),
        actions::EXPORTED,
        &format!("wijk:{code}"),
        json!({ "rows": rows.len(), "others": others, "excel": excel }),
    )
    .await?;
    Ok(rows)
}

/// Retention: erases the free text of visits before `cutoff` (the policy
/// of `months`), with an audit entry when anything was erased. Returns the
/// number of visits changed.
pub async fn erase_old_free_text(db: &PgPool, cutoff: NaiveDate, months: u32) -> AppResult<u64> {
    let mut tx = db.begin().await?;
    let erased = visits::erase_free_text_before(&mut *tx, cutoff).await?;
    if erased > 0 {
        audit::record(
            &mut *tx,
            None,
            actions::RETENTION,
            "visits",
            json!({ "cutoff": cutoff, "months": months, "erased": erased }),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(erased)
}
