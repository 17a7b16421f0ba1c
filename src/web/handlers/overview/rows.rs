//! The parts of the overview pages: the query parameters and one row of
//! an overview table (counts per type with rates, opened, closed, empty
//! buurten), plus the export links.

use chrono::{Months, NaiveDate};

use crate::db::overview::AreaExtras;
use crate::domain::area::{AreaLevel, CbsCode};
use crate::domain::place::{PlaceType, TypeCounts};
use crate::domain::population::Population;
use crate::error::{AppError, AppResult, UserMessage};
use crate::web::handlers::wijken::{known_buurten, population_note};
use crate::web::templates::PageContext;

text_params! {
    pub struct OverviewParams { gemeente, sinds }
}

use crate::web::query_text::{short, text_params};

/// `?sinds=YYYY-MM-DD`; default one year before `today`. Dates in the
/// future or before 1800 are refused: they cannot be what was meant.
pub fn parse_since(raw: Option<&str>, today: NaiveDate) -> AppResult<NaiveDate> {
    let Some(s) = raw else {
        return Ok(today.checked_sub_months(Months::new(12)).unwrap_or(today));
    };
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|d| *d <= today && *d >= NaiveDate::from_ymd_opt(1800, 1, 1).unwrap_or(*d))
        .ok_or_else(|| {
            AppError::BadRequest(UserMessage::new("overview-error-sinds").arg("value", short(s)))
        })
}

/// `?gemeente=GM0599`, else the default gemeente; a code that is not a
/// gemeente code is the visitor's error.
pub fn parse_gemeente(raw: Option<&str>) -> AppResult<Option<CbsCode>> {
    match raw {
        None => Ok(None),
        Some(s) => CbsCode::parse(s)
            .filter(|c| c.level() == AreaLevel::Gemeente)
            .map(Some)
            .ok_or_else(|| {
                AppError::BadRequest(
                    UserMessage::new("overview-error-gemeente").arg("value", short(s)),
                )
            }),
    }
}

/// A count with its rate per 1,000 inhabitants, formatted.
pub struct CountCell {
    pub count: String,
    pub per_1000: String,
}

/// The rate per 1,000 inhabitants, or "onbekend" without a population.
fn rate(ctx: &PageContext, count: i64, inhabitants: Option<i64>) -> String {
    match inhabitants {
        Some(n) if n > 0 => ctx.lang.per_1000(count as f64 * 1000.0 / n as f64),
        _ => ctx.t("unknown"),
    }
}

/// One row of an overview table: a wijk (or buurt).
pub struct OverviewRow {
    pub code: String,
    pub name: String,
    pub url: String,
    pub inhabitants: String,
    /// "inwoners bekend voor 4 van 93 buurten" when not all are known.
    pub coverage: Option<String>,
    /// Below the table, for the total row: the same, and why no rate.
    pub population_note: Option<String>,
    /// One per place type (named by its slug), then `totaal`.
    pub cells: Vec<(&'static str, CountCell)>,
    pub has_hvdw: bool,
    pub empty_buurten: Vec<String>,
    /// How many buurten have no place; kept when the names are left out.
    pub empty_count: usize,
    pub opened: String,
    pub closed: String,
    pub without_location: i64,
    /// Visit coverage for roles that may see aggregates.
    pub visits: Option<String>,
}

#[allow(clippy::too_many_arguments)]
pub(super) fn row(
    ctx: &PageContext,
    code: &str,
    name: &str,
    url: String,
    population: Population,
    counts: TypeCounts,
    extras: &AreaExtras,
) -> OverviewRow {
    // Rates only from a figure that covers enough of the population.
    let for_rates = population.for_rates();
    let cell = |n: i64| CountCell { count: ctx.int(&n), per_1000: rate(ctx, n, for_rates) };
    let inhabitants = population.inhabitants;
    OverviewRow {
        code: code.to_owned(),
        name: name.to_owned(),
        url,
        inhabitants: inhabitants.map(|n| ctx.int(&n)).unwrap_or_else(|| ctx.t("unknown")),
        coverage: known_buurten(ctx, &population, "population-known-buurten"),
        population_note: population_note(ctx, &population),
        cells: PlaceType::ALL
            .iter()
            .map(|t| (t.slug(), cell(counts.get(*t))))
            .chain([("totaal", cell(counts.total()))])
            .collect(),
        has_hvdw: counts.get(PlaceType::HuisVanDeWijk) > 0,
        empty_buurten: extras.empty_buurten.clone(),
        empty_count: extras.empty_buurten.len(),
        opened: ctx.int(&extras.opened),
        closed: ctx.int(&extras.closed),
        without_location: extras.without_location,
        visits: None,
    }
}

/// A link to one export format.
pub struct ExportLink {
    pub label: String,
    pub url: String,
    /// The same export with the places that stopped (`opgeheven=1`).
    pub url_with_closed: String,
}

pub fn export_links(ctx: &PageContext, query: &str, protected: bool) -> Vec<ExportLink> {
    let p = if protected { "&beschermd=1" } else { "" };
    [
        ("overview-export-csv", "csv", ""),
        ("overview-export-csv-excel", "csv", "&variant=excel"),
        ("overview-export-xlsx", "xlsx", ""),
        ("overview-export-geojson", "geojson", ""),
        ("overview-export-hsds", "hsds.json", ""),
    ]
    .into_iter()
    .map(|(key, ext, extra)| {
        let url = format!("/export/plekken.{ext}?{query}{extra}{p}");
        ExportLink { label: ctx.t(key), url_with_closed: format!("{url}&opgeheven=1"), url }
    })
    .collect()
}
