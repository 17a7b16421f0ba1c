//! Wijk pages: all wijken with population and places per type, and one
//! wijk with its map, its buurten and its places grouped by buurt.

use askama::Template;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;

use crate::db::places::{self, PlaceFilter};
use crate::db::wijken::{self, AreaCounts};
use crate::domain::area::{AreaLevel, CbsCode};
use crate::domain::opening_hours::OpeningHours;
use crate::domain::place::{PlaceType, TypeCounts};
use crate::domain::population::Population;
use crate::error::{AppError, AppResult, UserMessage};
use crate::web::extractors::{Query, ReadDb};
use crate::web::handlers::public::{ListItem, OpenNow, bounds_attr};
use crate::web::page_cache::mark_time_dependent;
use crate::web::state::AppState;
use crate::web::templates::{PageContext, render};

/// A count with its rate per 1,000 inhabitants, formatted for the visitor.
pub struct CountCell {
    pub count: String,
    pub per_1000: Option<String>,
}

/// One row of a wijken (or gemeenten) table.
pub struct AreaRow {
    pub url: String,
    pub name: String,
    pub inhabitants: Option<String>,
    /// "inwoners bekend voor 4 van 93 buurten" when not all are known.
    pub coverage: Option<String>,
    /// One per place type (named by its slug), then `totaal`.
    columns: Vec<(&'static str, CountCell)>,
}

/// "inwoners bekend voor 4 van 93 buurten", when some are missing.
pub fn known_buurten(ctx: &PageContext, p: &Population, key: &str) -> Option<String> {
    let (known, total) = p.buurten_known()?;
    Some(ctx.lang.t_args(key, &[("known", known.to_string()), ("total", total.to_string())]))
}

/// The sentence below an area's inhabitants: for how many buurten the
/// figure is known, and why no rate is shown when it covers too little.
pub fn population_note(ctx: &PageContext, p: &Population) -> Option<String> {
    let known = known_buurten(ctx, p, "population-note");
    let no_rate = p.too_incomplete().then(|| ctx.t("population-no-rate"));
    match (known, no_rate) {
        (None, None) => None,
        (a, b) => Some([a, b].into_iter().flatten().collect::<Vec<_>>().join(" ")),
    }
}

impl AreaRow {
    /// The count columns with their `data-col` names, in table order.
    pub fn cells(&self) -> Vec<(&'static str, &CountCell)> {
        self.columns.iter().map(|(col, cell)| (*col, cell)).collect()
    }

    pub fn new(ctx: &PageContext, a: &AreaCounts, url: String) -> Self {
        let cell = |n: i64| CountCell {
            count: ctx.int(&n),
            per_1000: a.per_1000(n).map(|x| ctx.lang.per_1000(x)),
        };
        Self {
            url,
            name: a.name.clone(),
            inhabitants: a.inhabitants.map(|n| ctx.int(&n)),
            coverage: known_buurten(ctx, &a.population, "population-known-buurten"),
            columns: PlaceType::ALL
                .iter()
                .map(|t| (t.slug(), cell(a.counts.get(*t))))
                .chain([("totaal", cell(a.total()))])
                .collect(),
        }
    }
}

/// The wijken of one gemeente.
pub struct GemeenteTable {
    pub code: String,
    pub name: String,
    pub rows: Vec<AreaRow>,
}

#[derive(Debug, Deserialize)]
pub struct IndexParams {
    gemeente: Option<String>,
}

#[derive(Template)]
#[template(path = "wijken/index.html")]
struct WijkenPage {
    ctx: PageContext,
    /// Set when there are several gemeenten and none was chosen.
    gemeenten: Option<Vec<AreaRow>>,
    tables: Vec<GemeenteTable>,
}

/// `/wijken`: every wijk with population and counts per type. With more
/// than one gemeente this first lists the gemeenten (`?gemeente=GM…`), so
/// the page stays light at national scale.
pub async fn index(
    ctx: PageContext,
    State(state): State<AppState>,
    ReadDb(db): ReadDb,
    Query(params): Query<IndexParams>,
) -> AppResult<Response> {
    let gemeente = match params.gemeente.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            CbsCode::parse(s).filter(|c| c.level() == AreaLevel::Gemeente).ok_or_else(|| {
                AppError::BadRequest(
                    UserMessage::new("error-filter-gemeente")
                        .arg("value", s.chars().take(40).collect::<String>()),
                )
            })?,
        ),
    };
    // The national table (393 gemeenten) is the same for every visitor
    // until the data changes: kept per data generation.
    let national = async {
        if wijken::gemeente_count(&db).await? > 1 {
            Ok(Some(Arc::new(wijken::gemeenten_with_counts(&db).await?)))
        } else {
            Ok::<_, sqlx::Error>(None)
        }
    };
    let national = match gemeente {
        None => state.national_counts.get(&state.page_cache, national).await?,
        Some(_) => None,
    };
    if let Some(rows) = national {
        let rows =
            rows.iter().map(|g| AreaRow::new(&ctx, g, format!("/wijken/{}", g.code))).collect();
        return render(&WijkenPage { ctx, gemeenten: Some(rows), tables: Vec::new() });
    }
    let rows = wijken::wijken_with_counts(&db, gemeente.as_ref().map(|g| g.as_str())).await?;
    if gemeente.is_some() && rows.is_empty() {
        return Err(AppError::NotFound);
    }
    let mut tables: Vec<GemeenteTable> = Vec::new();
    for w in &rows {
        let row = AreaRow::new(&ctx, w, format!("/wijken/{}", w.code));
        match tables.last_mut() {
            Some(t) if t.code == w.gemeente_code => t.rows.push(row),
            _ => tables.push(GemeenteTable {
                code: w.gemeente_code.clone(),
                name: w.gemeente_name.clone(),
                rows: vec![row],
            }),
        }
    }
    render(&WijkenPage { ctx, gemeenten: None, tables })
}

/// Places of one buurt (or of no buurt) on the wijk page.
pub struct BuurtGroup {
    /// Anchor id: the buurt code, so place pages can link to the group.
    pub id: String,
    pub name: String,
    pub items: Vec<ListItem>,
}

/// What the map element needs; same contract as the home page.
pub struct WijkMap {
    pub places_url: String,
    pub outlines_url: String,
    pub bounds: String,
}

#[derive(Template)]
#[template(path = "wijken/show.html")]
struct WijkPage {
    ctx: PageContext,
    code: String,
    name: String,
    gemeente_name: String,
    gemeente_url: String,
    inhabitants: Option<String>,
    population_note: Option<String>,
    /// One row: the wijk itself.
    counts: Vec<AreaRow>,
    /// Its buurten with population and counts, each linking to its page.
    buurt_rows: Vec<AreaRow>,
    groups: Vec<BuurtGroup>,
    any_demo: bool,
    map: WijkMap,
}

/// `/wijken/{code}`: the wijk's map and outline, counts per type, its
/// buurten and its places grouped by buurt. A gemeente or buurt code shows
/// that area's page ([`super::areas`]). Unknown or malformed codes are a
/// 404.
pub async fn show(
    mut ctx: PageContext,
    ReadDb(db): ReadDb,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let code = CbsCode::parse(&code).ok_or(AppError::NotFound)?;
    ctx.name_area_sources(&db, code.as_str()).await?;
    match code.level() {
        AreaLevel::Gemeente => return super::areas::gemeente(ctx, &db, code).await,
        AreaLevel::Buurt => return super::areas::buurt(ctx, &db, code).await,
        AreaLevel::Wijk => {}
    }
    let wijk = wijken::get_wijk(&db, code.as_str()).await?.ok_or(AppError::NotFound)?;
    let filter = PlaceFilter { wijk: Some(code.clone()), ..Default::default() };
    let list = places::search(&db, &filter, None, 0).await?;
    let buurten = wijken::buurten_of(&db, code.as_str()).await?;
    let mut open_now = OpenNow::new(OpeningHours::now_local());

    let mut counts = AreaCounts {
        code: wijk.code.clone(),
        name: wijk.name.clone(),
        gemeente_code: wijk.gemeente_code.clone(),
        gemeente_name: wijk.gemeente_name.clone(),
        inhabitants: wijk.inhabitants,
        population: wijk.population,
        counts: TypeCounts::default(),
    };
    for p in &list {
        counts.counts.add(p.place_type, 1);
    }

    let mut groups: Vec<BuurtGroup> = buurten
        .iter()
        .map(|b| BuurtGroup {
            id: b.code.clone(),
            name: b.name.clone(),
            items: list
                .iter()
                .filter(|p| p.buurt_code.as_deref() == Some(b.code.as_str()))
                .map(|p| ListItem::new(&ctx, p, &mut open_now))
                .collect(),
        })
        .filter(|g| !g.items.is_empty())
        .collect();
    let known: Vec<&str> = buurten.iter().map(|b| b.code.as_str()).collect();
    let without: Vec<ListItem> = list
        .iter()
        .filter(|p| p.buurt_code.as_deref().is_none_or(|b| !known.contains(&b)))
        .map(|p| ListItem::new(&ctx, p, &mut open_now))
        .collect();
    if !without.is_empty() {
        groups.push(BuurtGroup {
            id: "zonder-buurt".into(),
            name: ctx.t("wijk-no-buurt"),
            items: without,
        });
    }

    let buurt_rows = buurten
        .iter()
        .map(|b| {
            let mut c = AreaCounts {
                code: b.code.clone(),
                name: b.name.clone(),
                inhabitants: b.inhabitants,
                population: Population::of_buurt(b.inhabitants),
                counts: TypeCounts::default(),
                ..counts.clone()
            };
            for p in list.iter().filter(|p| p.buurt_code.as_deref() == Some(b.code.as_str())) {
                c.counts.add(p.place_type, 1);
            }
            AreaRow::new(&ctx, &c, format!("/wijken/{}", b.code))
        })
        .collect();
    let page = WijkPage {
        buurt_rows,
        counts: vec![AreaRow::new(&ctx, &counts, String::new())],
        inhabitants: wijk.inhabitants.map(|n| ctx.int(&n)),
        population_note: population_note(&ctx, &wijk.population),
        map: WijkMap {
            places_url: format!("/api/plekken.geojson?wijk={}", wijk.code),
            outlines_url: format!("/api/wijken/{}/grens.geojson", wijk.code),
            bounds: bounds_attr(wijk.extent),
        },
        gemeente_url: format!("/wijken/{}", wijk.gemeente_code),
        code: wijk.code,
        name: wijk.name,
        gemeente_name: wijk.gemeente_name,
        groups,
        any_demo: list.iter().any(|p| p.demo),
        ctx,
    };
    render(&page).map(|r| mark_time_dependent(r, open_now.consulted()))
}
