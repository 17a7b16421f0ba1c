//! The gemeente and buurt pages under `/wijken/{code}` (the wijk page is
//! in [`super::wijken`]), so the area hierarchy gemeente › wijk › buurt is
//! on screen: a gemeente with its wijken, a buurt with its places.

use askama::Template;
use axum::response::Response;
use sqlx::PgPool;

use super::wijken::{AreaRow, WijkMap, population_note};
use crate::db::area_pages::{self, AreaPage};
use crate::db::places::{self, PlaceFilter, PlaceListItem};
use crate::db::wijken::{self, AreaCounts};
use crate::domain::area::{AreaLevel, CbsCode};
use crate::domain::opening_hours::OpeningHours;
use crate::domain::place::TypeCounts;
use crate::error::{AppError, AppResult};
use crate::web::handlers::public::{ListItem, OpenNow, bounds_attr};
use crate::web::templates::{PageContext, render};

/// Counts per type of these places in `area`, with its population.
pub fn counts_of(area: &AreaPage, list: &[&PlaceListItem]) -> AreaCounts {
    let mut counts = TypeCounts::default();
    for p in list {
        counts.add(p.place_type, 1);
    }
    AreaCounts {
        code: area.code.clone(),
        name: area.name.clone(),
        gemeente_code: area.gemeente_code.clone(),
        gemeente_name: area.gemeente_name.clone(),
        inhabitants: area.inhabitants,
        population: area.population,
        counts,
    }
}

async fn load(db: &PgPool, code: &CbsCode, level: AreaLevel) -> AppResult<AreaPage> {
    area_pages::get(db, code.as_str()).await?.filter(|a| a.level == level).ok_or(AppError::NotFound)
}

#[derive(Template)]
#[template(path = "wijken/gemeente.html")]
struct GemeentePage {
    ctx: PageContext,
    code: String,
    name: String,
    inhabitants: Option<String>,
    population_note: Option<String>,
    /// The gemeente itself, then its wijken.
    total: Vec<AreaRow>,
    rows: Vec<AreaRow>,
    map: WijkMap,
}

/// `/wijken/GM…`: a gemeente's wijken with population and counts, and the
/// map of its wijken.
pub async fn gemeente(ctx: PageContext, db: &PgPool, code: CbsCode) -> AppResult<Response> {
    let area = load(db, &code, AreaLevel::Gemeente).await?;
    let wijken = wijken::wijken_with_counts(db, Some(code.as_str())).await?;
    let mut sum = AreaCounts {
        code: area.code.clone(),
        name: area.name.clone(),
        gemeente_code: area.code.clone(),
        gemeente_name: area.name.clone(),
        inhabitants: area.inhabitants,
        population: area.population,
        counts: TypeCounts::default(),
    };
    for w in &wijken {
        sum.counts.add_all(&w.counts);
    }
    let rows =
        wijken.iter().map(|w| AreaRow::new(&ctx, w, format!("/wijken/{}", w.code))).collect();
    let page = GemeentePage {
        total: vec![AreaRow::new(&ctx, &sum, String::new())],
        rows,
        inhabitants: area.inhabitants.map(|n| ctx.int(&n)),
        population_note: population_note(&ctx, &area.population),
        map: WijkMap {
            places_url: format!("/api/plekken.geojson?gemeente={}", area.code),
            outlines_url: format!("/api/wijken.geojson?gemeente={}", area.code),
            bounds: bounds_attr(Some(area.extent)),
        },
        code: area.code,
        name: area.name,
        ctx,
    };
    render(&page)
}

#[derive(Template)]
#[template(path = "wijken/buurt.html")]
struct BuurtPage {
    ctx: PageContext,
    name: String,
    wijk_url: String,
    wijk_name: String,
    gemeente_url: String,
    gemeente_name: String,
    inhabitants: Option<String>,
    counts: Vec<AreaRow>,
    items: Vec<ListItem>,
    any_demo: bool,
    map: WijkMap,
}

/// `/wijken/BU…`: a buurt's places with counts per type, and a map of its
/// wijk's places around the buurt's outline.
pub async fn buurt(ctx: PageContext, db: &PgPool, code: CbsCode) -> AppResult<Response> {
    let area = load(db, &code, AreaLevel::Buurt).await?;
    let wijk_code = area.wijk_code.clone().ok_or(AppError::NotFound)?;
    let wijk = CbsCode::parse(&wijk_code).ok_or(AppError::NotFound)?;
    let filter = PlaceFilter { wijk: Some(wijk), ..Default::default() };
    let all = places::search(db, &filter, None, 0).await?;
    let here: Vec<&PlaceListItem> =
        all.iter().filter(|p| p.buurt_code.as_deref() == Some(area.code.as_str())).collect();
    let mut open_now = OpenNow::new(OpeningHours::now_local());
    let page = BuurtPage {
        counts: vec![AreaRow::new(&ctx, &counts_of(&area, &here), String::new())],
        items: here.iter().map(|p| ListItem::new(&ctx, p, &mut open_now)).collect(),
        any_demo: here.iter().any(|p| p.demo),
        inhabitants: area.inhabitants.map(|n| ctx.int(&n)),
        map: WijkMap {
            places_url: format!("/api/plekken.geojson?wijk={wijk_code}"),
            outlines_url: format!("/api/wijken/{}/grens.geojson", area.code),
            bounds: bounds_attr(Some(area.extent)),
        },
        wijk_url: format!("/wijken/{wijk_code}"),
        wijk_name: area.wijk_name.clone().unwrap_or_default(),
        gemeente_url: format!("/wijken/{}", area.gemeente_code),
        gemeente_name: area.gemeente_name,
        name: area.name,
        ctx,
    };
    render(&page)
}
