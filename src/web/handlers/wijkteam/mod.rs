//! The wijkteam's own pages: the dashboard with blind spots and a
//! recency map and its threshold (`dashboard`), logging a visit and one
//! visit with its notes (`visits`), correcting or removing one's own visit
//! (`correct`), a place's visit history (`history`),
//! the team's CSV export (`export`) and visit figures, aggregates only
//! (`figures`).
//!
//! Every check goes through the rights matrix: `LogVisit` to log and to
//! manage the dashboard, `ViewVisitNotes` to read notes, and
//! `ViewVisitAggregates` for the figures. Writes go through `ops::visits`.

mod correct;
mod dashboard;
mod export;
mod figures;
mod history;
mod visits;

pub use correct::{delete_form, delete_visit, edit_visit, update_visit};
pub use dashboard::{FOLLOWUP_HORIZON_DAYS, dashboard, set_threshold};
pub use export::{CSV_HEADER, export_csv};
pub use figures::figures;
pub use history::place_history;
pub use visits::{create_visit, followup_done, new_visit, show_visit};

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::domain::area::{AreaLevel, CbsCode};
use crate::domain::user::{Action, CurrentUser};
use crate::error::{AppError, AppResult, UserMessage};

fn wijk_code(s: &str) -> Option<String> {
    CbsCode::parse(s.trim()).filter(|c| c.level() == AreaLevel::Wijk).map(CbsCode::into_string)
}

/// A wijk code from the query string, or a message that quotes the input.
fn wijk_param(raw: &str) -> AppResult<String> {
    wijk_code(raw).ok_or_else(|| {
        AppError::BadRequest(
            UserMessage::new("wijkteam-error-wijk")
                .arg("value", raw.chars().take(40).collect::<String>()),
        )
    })
}

/// The wijken where `me` may log visits: their own team's.
fn own_wijken(me: &CurrentUser) -> Vec<String> {
    me.wijken.iter().filter(|w| me.may(Action::LogVisit, w)).cloned().collect()
}

fn page<T: Template>(status: StatusCode, page: &T) -> AppResult<Response> {
    Ok((status, Html(page.render()?)).into_response())
}
