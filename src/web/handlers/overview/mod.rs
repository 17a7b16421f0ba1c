//! Municipal overviews: `/overzicht` (one row per wijk of a gemeente) and
//! `/overzicht/{wijk}` (one row per buurt, plus the places). Both print as
//! an A4 report and link to the exports with the same filters.

mod rows;

pub use rows::{
    CountCell, ExportLink, OverviewParams, OverviewRow, export_links, parse_gemeente, parse_since,
};

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::NaiveDate;
use sqlx::PgPool;

use crate::db::overview::{self, AreaExtras, BuurtCounts};
use crate::db::places::{self, PlaceFilter};
use crate::db::wijken;
use crate::domain::area::{AreaLevel, CbsCode};
use crate::domain::opening_hours::OpeningHours;
use crate::domain::place::{PlaceType, TypeCounts};
use crate::domain::population::Population;
use crate::domain::user::{Action, Role, may};
use crate::error::{AppError, AppResult};
use crate::web::extractors::Query;
use crate::web::handlers::public::{ListItem, OpenNow};
use crate::web::query_text::given;
use crate::web::templates::{PageContext, render};
use rows::row;

/// A gemeente to choose in the filter form.
pub struct GemeenteOption {
    pub code: String,
    pub name: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "overview/index.html")]
struct OverviewPage {
    ctx: PageContext,
    gemeente_code: String,
    gemeente_name: String,
    meta_area: String,
    gemeenten: Vec<GemeenteOption>,
    since_iso: String,
    since_text: String,
    today_text: String,
    /// "eerste import op …": the baseline of "new since", if any.
    baseline_text: Option<String>,
    rows: Vec<OverviewRow>,
    total: Option<OverviewRow>,
    show_visits: bool,
    /// "Klopt dit nog?" this year per wijk: (wijk, asked, answered).
    checks: Vec<(String, String, String)>,
    checks_year: i32,
    exports: Vec<ExportLink>,
    protected_exports: Vec<ExportLink>,
}

/// `/overzicht?gemeente=GM0599&sinds=2024-01-01`.
pub async fn index(
    mut ctx: PageContext,
    State(db): State<PgPool>,
    Query(params): Query<OverviewParams>,
) -> AppResult<Response> {
    let today = OpeningHours::today();
    let since = parse_since(given(&params.sinds), today)?;
    let gemeente = match parse_gemeente(given(&params.gemeente))? {
        Some(c) => c.into_string(),
        None => match overview::default_gemeente(&db).await? {
            Some(c) => c,
            None => {
                return render(&OverviewPage {
                    gemeente_code: String::new(),
                    gemeente_name: String::new(),
                    meta_area: String::new(),
                    gemeenten: Vec::new(),
                    since_iso: since.to_string(),
                    since_text: ctx.date(&since),
                    today_text: ctx.date(&today),
                    baseline_text: None,
                    rows: Vec::new(),
                    total: None,
                    show_visits: false,
                    checks: Vec::new(),
                    checks_year: 0,
                    exports: Vec::new(),
                    protected_exports: Vec::new(),
                    ctx,
                });
            }
        },
    };
    let gm = overview::get_gemeente(&db, &gemeente).await?.ok_or(AppError::NotFound)?;
    ctx.name_area_sources(&db, &gemeente).await?;
    let counts = wijken::wijken_with_counts(&db, Some(&gemeente)).await?;
    let extras = overview::wijk_extras(&db, &gemeente, since).await?;
    let coverage = visit_coverage(&ctx, &db, &gemeente, today).await?;
    let baseline_text = baseline(&ctx, &db, &gemeente).await?;
    let user = ctx.user.as_ref();

    let mut rows = Vec::new();
    let mut sum = TypeCounts::default();
    let mut sum_extras = AreaExtras::default();
    let mut show_visits = false;
    for w in &counts {
        let ex = extras.iter().find(|e| e.code == w.code).cloned().unwrap_or_default();
        let c = w.counts;
        let query = format!("gemeente={}&sinds={since}", gm.code);
        let mut r = row(
            &ctx,
            &w.code,
            &w.name,
            format!("/overzicht/{}?{query}", w.code),
            w.population,
            c,
            &ex,
        );
        if may(user, Action::ViewVisitAggregates, &w.code) {
            show_visits = coverage.is_some();
            r.visits = coverage.as_ref().map(|cov| {
                cov.iter()
                    .find(|(code, _)| *code == w.code)
                    .map(|(_, text)| text.clone())
                    .unwrap_or_else(|| ctx.t("overview-visits-none"))
            });
        }
        sum.add_all(&c);
        sum_extras.opened += ex.opened;
        sum_extras.closed += ex.closed;
        sum_extras.without_location += ex.without_location;
        sum_extras.empty_buurten.extend(ex.empty_buurten.iter().cloned());
        rows.push(r);
    }
    // Without a gemeente figure, the wijk figures add up to it when all are
    // known (and each covers its wijk well enough for rates).
    let total_population = match gm.inhabitants {
        Some(_) => gm.population,
        None => Population {
            inhabitants: (!counts.is_empty()
                && counts.iter().all(|w| w.population.for_rates().is_some()))
            .then(|| counts.iter().filter_map(|w| w.inhabitants).sum()),
            ..Population::default()
        },
    };
    let total = (!rows.is_empty()).then(|| {
        let mut t = row(
            &ctx,
            &gm.code,
            &ctx.t("overview-total"),
            String::new(),
            total_population,
            sum,
            &sum_extras,
        );
        // Every name is already in its wijk's row.
        t.empty_buurten.clear();
        t
    });

    let gemeenten = wijken::gemeenten_with_counts(&db)
        .await?
        .into_iter()
        .map(|g| GemeenteOption { selected: g.code == gm.code, code: g.code, name: g.name })
        .collect();
    let query = format!("gemeente={}", gm.code);
    let protected = user
        .is_some_and(|u| counts.first().is_some_and(|w| u.may(Action::ExportProtected, &w.code)));
    let checks_year = chrono::Datelike::year(&today);
    let asked = crate::db::place_checks::counts_in_year(&db, checks_year).await?;
    let checks = counts
        .iter()
        .filter_map(|w| {
            let (_, a, b) = asked.iter().find(|(code, _, _)| *code == w.code)?;
            Some((w.name.clone(), ctx.int(a), ctx.int(b)))
        })
        .collect();
    let page = OverviewPage {
        checks,
        checks_year,
        exports: export_links(&ctx, &query, false),
        protected_exports: if protected { export_links(&ctx, &query, true) } else { Vec::new() },
        meta_area: gm.name.clone(),
        gemeente_code: gm.code,
        gemeente_name: gm.name,
        gemeenten,
        since_iso: since.to_string(),
        since_text: ctx.date(&since),
        today_text: ctx.date(&today),
        baseline_text,
        rows,
        total,
        show_visits,
        ctx,
    };
    render(&page)
}

/// The baseline of "new since" as people read it.
async fn baseline(ctx: &PageContext, db: &PgPool, gemeente: &str) -> AppResult<Option<String>> {
    let day = overview::first_import_day(db, gemeente).await?;
    Ok(day.map(|d| ctx.t1("overview-baseline", "date", ctx.date(&d))))
}

/// Visit coverage per wijk as (wijk code, text), from the wijkteam visit
/// log: aggregates only, never notes or names. Not queried for visitors
/// who may not see it anywhere.
async fn visit_coverage(
    ctx: &PageContext,
    db: &PgPool,
    gemeente: &str,
    today: NaiveDate,
) -> AppResult<Option<Vec<(String, String)>>> {
    let Some(user) = ctx.user.as_ref() else { return Ok(None) };
    if !matches!(user.role, Role::Gemeente | Role::Wijkteam | Role::Beheerder) {
        return Ok(None);
    }
    let rows = crate::db::visits::coverage_per_wijk(db, gemeente, today).await?;
    Ok(Some(
        rows.into_iter()
            .map(|c| {
                let text = match c.percent() {
                    None => ctx.t("overview-visits-no-places"),
                    Some(pct) => ctx.lang.t_args(
                        "overview-visits-coverage",
                        &[
                            ("visited", c.visited_12m.to_string()),
                            ("places", c.places.to_string()),
                            ("percent", pct.to_string()),
                            ("visits", c.visits_12m.to_string()),
                        ],
                    ),
                };
                (c.wijk_code, text)
            })
            .collect(),
    ))
}

#[derive(Template)]
#[template(path = "overview/wijk.html")]
struct WijkOverviewPage {
    ctx: PageContext,
    code: String,
    name: String,
    gemeente_name: String,
    meta_area: String,
    back_url: String,
    since_iso: String,
    since_text: String,
    today_text: String,
    baseline_text: Option<String>,
    rows: Vec<OverviewRow>,
    total: OverviewRow,
    places: Vec<ListItem>,
    exports: Vec<ExportLink>,
    protected_exports: Vec<ExportLink>,
}

/// `/overzicht/{wijk}?sinds=…`: one row per buurt and the wijk's places.
pub async fn wijk(
    mut ctx: PageContext,
    State(db): State<PgPool>,
    Path(code): Path<String>,
    Query(params): Query<OverviewParams>,
) -> AppResult<Response> {
    let code =
        CbsCode::parse(&code).filter(|c| c.level() == AreaLevel::Wijk).ok_or(AppError::NotFound)?;
    let today = OpeningHours::today();
    let since = parse_since(given(&params.sinds), today)?;
    let w = wijken::get_wijk(&db, code.as_str()).await?.ok_or(AppError::NotFound)?;
    ctx.name_area_sources(&db, code.as_str()).await?;
    let buurten: Vec<BuurtCounts> = overview::buurt_counts(&db, code.as_str(), since).await?;
    let extras = overview::wijk_extras(&db, &w.gemeente_code, since).await?;
    let wijk_extras = extras.into_iter().find(|e| e.code == w.code).unwrap_or_default();
    let baseline_text = baseline(&ctx, &db, &w.gemeente_code).await?;
    let list = places::search(
        &db,
        &PlaceFilter { wijk: Some(code.clone()), ..Default::default() },
        None,
        0,
    )
    .await?;
    let mut open_now = OpenNow::new(OpeningHours::now_local());

    let mut sum = TypeCounts::default();
    let rows = buurten
        .iter()
        .map(|b| {
            let c = b.counts;
            sum.add_all(&c);
            let ex = AreaExtras {
                code: b.code.clone(),
                opened: b.opened,
                closed: b.closed,
                without_location: b.without_location,
                empty_buurten: Vec::new(),
            };
            let name = if b.code.is_empty() { ctx.t("overview-no-buurt") } else { b.name.clone() };
            let pop = Population::of_buurt(b.inhabitants);
            let mut r = row(&ctx, &b.code, &name, String::new(), pop, c, &ex);
            r.has_hvdw = c.get(PlaceType::HuisVanDeWijk) > 0;
            r
        })
        .collect();
    let total = row(
        &ctx,
        &w.code,
        &ctx.t("overview-total"),
        String::new(),
        w.population,
        sum,
        &wijk_extras,
    );
    let query = format!("gemeente={}&wijk={}", w.gemeente_code, w.code);
    let protected = ctx.user.as_ref().is_some_and(|u| u.may(Action::ExportProtected, &w.code));
    let page = WijkOverviewPage {
        exports: export_links(&ctx, &query, false),
        protected_exports: if protected { export_links(&ctx, &query, true) } else { Vec::new() },
        back_url: format!("/overzicht?gemeente={}&sinds={since}", w.gemeente_code),
        meta_area: format!("{} ({}), {}", w.name, w.code, w.gemeente_name),
        places: list.iter().map(|p| ListItem::new(&ctx, p, &mut open_now)).collect(),
        code: w.code,
        name: w.name,
        gemeente_name: w.gemeente_name,
        since_iso: since.to_string(),
        since_text: ctx.date(&since),
        today_text: ctx.date(&today),
        baseline_text,
        rows,
        total,
        ctx,
    };
    render(&page)
}
