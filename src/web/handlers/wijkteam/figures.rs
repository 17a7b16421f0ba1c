//! `/wijkteam/cijfers`: visit coverage and visits per month per wijk, for
//! the gemeente and the teams. Aggregates only: no notes, no names.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::Datelike;
use serde::Deserialize;
use sqlx::PgPool;

use crate::db::{visits, wijken};
use crate::domain::area::{AreaLevel, CbsCode};
use crate::domain::opening_hours::OpeningHours;
use crate::domain::user::{Action, CurrentUser, gemeente_of_wijk};
use crate::domain::visit::year_ago;
use crate::error::{AppError, AppResult, UserMessage};
use crate::web::extractors::Query;
use crate::web::templates::{PageContext, render};

pub struct CoverageRow {
    pub code: String,
    pub name: String,
    pub places: String,
    pub visited: String,
    pub percent: Option<String>,
    pub visits: String,
}

pub struct MonthRow {
    pub wijk_name: String,
    pub month: String,
    pub visits: String,
}

#[derive(Template)]
#[template(path = "wijkteam/figures.html")]
struct FiguresPage {
    ctx: PageContext,
    gemeente: String,
    rows: Vec<CoverageRow>,
    months: Vec<MonthRow>,
}

#[derive(Template)]
#[template(path = "wijkteam/choose_gemeente.html")]
struct ChooseGemeentePage {
    ctx: PageContext,
    options: Vec<wijken::GemeenteOption>,
}

#[derive(Debug, Deserialize)]
pub struct FiguresQuery {
    gemeente: Option<String>,
}

/// `/wijkteam/cijfers`: visit coverage and visits per month per wijk.
/// Aggregates only: no notes, no names. Rows are limited to the wijken
/// where the visitor has `ViewVisitAggregates`.
pub async fn figures(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Query(q): Query<FiguresQuery>,
) -> AppResult<Response> {
    let asked = q.gemeente.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let gemeente = match asked {
        Some(s) => CbsCode::parse(s)
            .filter(|c| c.level() == AreaLevel::Gemeente)
            .map(CbsCode::into_string)
            .ok_or_else(|| {
                AppError::BadRequest(
                    UserMessage::new("error-filter-gemeente")
                        .arg("value", s.chars().take(40).collect::<String>()),
                )
            })?,
        None => match (&me.gemeente, me.wijken.first()) {
            (Some(g), _) => g.clone(),
            (None, Some(w)) => gemeente_of_wijk(w).ok_or(AppError::Forbidden)?,
            (None, None) => match wijken::single_gemeente(&db).await? {
                Some(g) => gemeente_of_wijk(&g).unwrap_or(g),
                // Someone without a scope (a beheerder) and several
                // gemeenten: let them choose instead of guessing.
                None if me.is_beheerder() => {
                    let options = wijken::gemeente_options(&db).await?;
                    return render(&ChooseGemeentePage { ctx, options });
                }
                None => return Err(AppError::Forbidden),
            },
        },
    };
    let today = OpeningHours::today();
    let coverage: Vec<_> = visits::coverage_per_wijk(&db, &gemeente, today)
        .await?
        .into_iter()
        .filter(|c| me.may(Action::ViewVisitAggregates, &c.wijk_code))
        .collect();
    if coverage.is_empty() {
        return Err(AppError::Forbidden);
    }
    let from = year_ago(today).with_day(1).unwrap_or(today);
    let months = visits::visits_per_wijk_per_month(&db, &gemeente, from, today)
        .await?
        .into_iter()
        .filter(|m| me.may(Action::ViewVisitAggregates, &m.wijk_code))
        .map(|m| MonthRow {
            wijk_name: coverage
                .iter()
                .find(|c| c.wijk_code == m.wijk_code)
                .map(|c| c.wijk_name.clone())
                .unwrap_or(m.wijk_code),
            month: m.month.format_localized("%B %Y", ctx.lang.chrono_locale()).to_string(),
            visits: ctx.int(&m.visits),
        })
        .collect();
    let rows = coverage
        .iter()
        .map(|c| CoverageRow {
            code: c.wijk_code.clone(),
            name: c.wijk_name.clone(),
            places: ctx.int(&c.places),
            visited: ctx.int(&c.visited_12m),
            percent: c.percent().map(|p| format!("{p}%")),
            visits: ctx.int(&c.visits_12m),
        })
        .collect();
    render(&FiguresPage { ctx, gemeente, rows, months })
}
