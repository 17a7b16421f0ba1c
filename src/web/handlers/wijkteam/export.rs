//! `/wijkteam/export.csv`: the team's visits with notes as CSV, audited
//! through `ops::visits::export_visits`.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use sqlx::PgPool;

use super::wijk_param;
use crate::db::visits::VisitDetail;
use crate::domain::opening_hours::OpeningHours;
use crate::domain::user::{Action, CurrentUser};
use crate::error::{AppError, AppResult, UserMessage};
use crate::ops;
use crate::web::extractors::Query;

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    wijk: Option<String>,
    formaat: Option<String>,
}

/// `/wijkteam/export.csv?wijk=WK…`: the wijk's visits with notes, for its
/// own team and beheerder. UTF-8; `formaat=excel` gives the semicolon
/// variant with a BOM that Dutch Excel opens directly. Written to the
/// audit log, as it holds other members' notes.
pub async fn export_csv(
    State(db): State<PgPool>,
    me: CurrentUser,
    Query(q): Query<ExportQuery>,
) -> AppResult<Response> {
    let raw = q.wijk.as_deref().unwrap_or_default();
    let code = wijk_param(raw)?;
    // Checked before the format too, so a stranger learns nothing from it.
    if !me.may(Action::ViewVisitNotes, &code) {
        return Err(AppError::Forbidden);
    }
    let excel = match q.formaat.as_deref().map(str::trim) {
        None | Some("") | Some("csv") => false,
        Some("excel") => true,
        Some(other) => {
            return Err(AppError::BadRequest(
                UserMessage::new("wijkteam-error-format")
                    .arg("value", other.chars().take(40).collect::<String>()),
            ));
        }
    };
    let rows = ops::visits::export_visits(&db, &me, &code, excel).await?;
    let body = visits_csv(&rows, excel).map_err(|e| AppError::Other(e.into()))?;
    let filename = format!("bezoeken-{code}-{}.csv", OpeningHours::today());
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}

/// Column names are Dutch, as the team reads them in a spreadsheet.
pub const CSV_HEADER: [&str; 16] = [
    "bezoek_id",
    "datum",
    "plek_id",
    "plek",
    "type",
    "wijk",
    "doel",
    "duur_minuten",
    "teamleden",
    "partners",
    "wat_gezien",
    "opvolging",
    "opvolging_datum",
    "opvolging_klaar",
    "volgend_bezoek",
    "vastgelegd_door",
];

fn visits_csv(rows: &[VisitDetail], excel: bool) -> Result<Vec<u8>, csv::Error> {
    let mut out = Vec::new();
    if excel {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    let mut w =
        csv::WriterBuilder::new().delimiter(if excel { b';' } else { b',' }).from_writer(out);
    w.write_record(CSV_HEADER)?;
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    for r in rows {
        // Names, notes and partners are typed in: no formulas (OWASP).
        let record = [
            r.id.to_string(),
            r.visited_on.to_string(),
            r.place_id.to_string(),
            r.place_name.clone(),
            r.place_type.slug().to_owned(),
            r.wijk_code.clone(),
            r.purpose.slug().to_owned(),
            r.duration_minutes.map(|n| n.to_string()).unwrap_or_default(),
            r.members.join("; "),
            r.partners.join("; "),
            r.notes.clone(),
            r.followup_text.clone(),
            date(r.followup_due),
            r.followup_done_at.map(|d| d.date_naive().to_string()).unwrap_or_default(),
            date(r.next_visit_on),
            r.logged_by_email.clone().unwrap_or_default(),
        ];
        w.write_record(record.iter().map(|c| crate::export::csv::neutralise(c).into_owned()))?;
    }
    w.flush()?;
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
