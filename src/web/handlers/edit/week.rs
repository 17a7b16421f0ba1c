//! The opening hours of the place form as a plain form per day
//! (`edit/_week_hours.html`), next to the OSM text field for experts.
//! What the day form posts becomes OSM syntax through
//! [`WeekInput::to_osm`]; the text field wins when the user changed it.

use crate::domain::place_input::{FieldError, PlaceInput};
use crate::domain::week_hours::{DAYS, WeekInput};
use crate::web::extractors::form_value;
use crate::web::templates::PageContext;

/// The field errors of the day form belong to (and link to) the fieldset.
pub const WEEK_FIELD: &str = "dagen";

/// One day row as shown.
pub struct DayView {
    pub code: &'static str,
    pub label: String,
    pub open: bool,
    pub periods: Vec<(String, String)>,
}

/// The day form: shown when the hours have the simple weekly shape (or
/// are empty); else only the expert field is.
pub struct WeekForm {
    pub shown: bool,
    pub days: Vec<DayView>,
}

/// The day form for these stored (or typed) hours, or as it was posted.
pub fn week_form(ctx: &PageContext, hours: &str, posted: Option<&WeekInput>) -> WeekForm {
    let week = posted.cloned().or_else(|| WeekInput::from_osm(hours));
    let shown = week.is_some();
    // 1 January 2024 was a Monday: the weekday names in the visitor's
    // language, from the same calendar the place page uses.
    let monday = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
    let days = week
        .unwrap_or_default()
        .0
        .into_iter()
        .zip(DAYS)
        .enumerate()
        .map(|(i, (day, (code, _)))| {
            let date = monday + chrono::Duration::days(i as i64);
            let name = date.format_localized("%A", ctx.lang.chrono_locale()).to_string();
            let mut chars = name.chars();
            let label =
                chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
            DayView { code, label, open: day.open, periods: day.periods.to_vec() }
        })
        .collect();
    WeekForm { shown, days }
}

/// Writes the posted day form into `input` as OSM syntax, unless the
/// expert field was changed (then its text stands), and returns the
/// posted week to show again. A problem in the day form is a field error
/// and leaves the stored hours as they were.
pub fn apply_week(
    pairs: &[(String, String)],
    input: &mut PlaceInput,
) -> (Option<WeekInput>, Option<FieldError>) {
    let Some(week) = WeekInput::from_pairs(pairs) else { return (None, None) };
    let was = form_value(pairs, "openingstijden_was");
    if input.opening_hours.trim() != was.trim() {
        return (Some(week), None);
    }
    match week.to_osm() {
        Ok(osm) => {
            input.opening_hours = osm;
            (Some(week), None)
        }
        Err(key) => (Some(week), Some(FieldError { field: WEEK_FIELD, key })),
    }
}
