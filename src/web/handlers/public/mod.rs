//! Public pages for residents: the home page and search, both a filterable,
//! paginated list of places with a map. Filters are parsed once
//! ([`filters`]) and shared with the GeoJSON API; the view-models of the
//! list live in [`view`].

mod facets;
mod filters;
mod view;

pub use filters::{FilterParams, ParsedFilters};
pub use view::{
    CheckOption, FilterForm, ListItem, Listing, MapView, OpenNow, OptionGroup, Pager, SelectOption,
    bounds_attr,
};

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use sqlx::PgPool;

use crate::db::places::{self, PlaceListItem};
use crate::db::wijken;
use crate::domain::opening_hours::OpeningHours;
use crate::domain::place::{CATEGORIES, Initiator, PlaceType, TargetGroup, category_label_key};
use crate::error::{AppError, AppResult};
use crate::web::extractors::{Query, ReadDb};
use crate::web::page_cache::mark_time_dependent;
use crate::web::state::AppState;
use crate::web::templates::{PageContext, render};
use view::{options, places_url};

pub const PAGE_SIZE: i64 = 20;
/// Matches are counted up to here; beyond it the list says "more than".
const MAX_COUNT: i64 = 10_000;
/// A search ranks (and so counts) at most this many matches; beyond it,
/// "meer dan 500" tells a resident enough.
const MAX_SEARCH_COUNT: i64 = places::SEARCH_CANDIDATES;

fn count_cap(f: &places::PlaceFilter) -> i64 {
    if f.words.is_empty() { MAX_COUNT } else { MAX_SEARCH_COUNT }
}

async fn listing(
    state: &AppState,
    db: &PgPool,
    ctx: &PageContext,
    base: &str,
    p: &ParsedFilters,
) -> AppResult<Listing> {
    let f = &p.filter;
    let offset = (p.page - 1) * PAGE_SIZE;
    let mut open_now = OpenNow::new(OpeningHours::now_local());
    // "Open now" is evaluated in Rust, so then all matches are fetched and
    // the page is cut after filtering; the counts stay right.
    let (rows, total, any_demo) = if f.open_now {
        let all = places::search(db, f, None, 0).await?;
        let open: Vec<PlaceListItem> =
            all.into_iter().filter(|r| open_now.is_open(r.status, &r.opening_hours)).collect();
        let total = open.len() as i64;
        let any_demo = open.iter().any(|r| r.demo);
        let page: Vec<_> =
            open.into_iter().skip(offset as usize).take(PAGE_SIZE as usize).collect();
        (page, total, any_demo)
    } else {
        let page = places::search_page(db, f, Some(PAGE_SIZE), offset).await?;
        // A text search counts its candidates on the way; an empty page
        // (or a list without words) needs its own count.
        let count = match page.count {
            Some(c) => c,
            None => places::count_matches(db, f, count_cap(f)).await?,
        };
        (page.items, count.total, count.any_demo)
    };
    let items = rows.iter().map(|r| ListItem::new(ctx, r, &mut open_now)).collect();

    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let link = |page: i64| {
        let qs = p.query_string(Some(page));
        if qs.is_empty() { base.to_owned() } else { format!("{base}?{qs}") }
    };
    let pager = Pager {
        capped: total >= count_cap(f),
        total_text: ctx.int(&total),
        page: p.page,
        pages,
        total,
        prev_url: (p.page > 1).then(|| link((p.page - 1).min(pages))),
        next_url: (p.page < pages).then(|| link(p.page + 1)),
    };

    let facts = state.area_facts.get(&state.page_cache, wijken::area_facts(db)).await?;
    let gemeente_rows = &facts.gemeenten;
    let several = gemeente_rows.len() > 1;
    let current_gemeente = f.gemeente.as_ref().map(|g| g.as_str());
    let wijk_needs_gemeente = several && f.gemeente.is_none() && f.wijk.is_none();
    let wijk_rows = if wijk_needs_gemeente {
        Vec::new()
    } else if several {
        wijken::wijk_options(db, current_gemeente, f.wijk.as_ref().map(|w| w.as_str())).await?
    } else {
        wijken::wijk_options(db, None, None).await?
    };
    let single_gemeente = facts.single_gemeente.clone();
    let gemeenten = if several {
        options(gemeente_rows.iter(), current_gemeente, |g| g.code.clone(), |g| g.name.clone())
    } else {
        Vec::new()
    };
    let current_wijk = f.wijk.as_ref().map(|w| w.as_str());
    let mut groups: Vec<OptionGroup> = Vec::new();
    for w in wijk_rows {
        let option = SelectOption {
            selected: current_wijk == Some(w.code.as_str()),
            value: w.code,
            label: w.name,
        };
        match groups.last_mut() {
            Some(g) if g.label == w.gemeente_name => g.options.push(option),
            _ => groups.push(OptionGroup { label: w.gemeente_name, options: vec![option] }),
        }
    }
    let mut form = FilterForm {
        q: p.q.clone(),
        types: options(
            PlaceType::ALL.iter(),
            f.place_type.map(|t| t.slug()),
            |t| t.slug().to_owned(),
            |t| ctx.t(&t.label_key()),
        ),
        categories: options(
            CATEGORIES.iter(),
            f.category.as_deref(),
            |c| (**c).to_owned(),
            |c| ctx.t(&category_label_key(c)),
        ),
        target_groups: options(
            TargetGroup::ALL.iter(),
            f.target_group.map(|g| g.slug()),
            |g| g.slug().to_owned(),
            |g| ctx.t(&g.label_key()),
        ),
        initiators: options(
            Initiator::ALL.iter(),
            f.initiator.map(|i| i.slug()),
            |i| i.slug().to_owned(),
            |i| ctx.t(&i.label_key()),
        ),
        access: [
            ("begane_grond", "f-begane-grond", "filter-ground-floor", f.ground_floor),
            ("rolstoel", "f-rolstoel", "filter-wheelchair", f.wheelchair),
            ("geen_balie", "f-geen-balie", "filter-no-reception", f.no_reception),
        ]
        .into_iter()
        .map(|(name, id, key, checked)| CheckOption { name, id, label: ctx.t(key), checked })
        .collect(),
        wijken: groups,
        gemeenten,
        wijk_needs_gemeente,
        open_now: f.open_now,
        open_now_label: ctx.t("filter-open-now"),
        include_closed: f.include_closed,
        chosen: [
            f.place_type.is_some(),
            f.category.is_some(),
            f.target_group.is_some(),
            f.initiator.is_some(),
            f.ground_floor,
            f.wheelchair,
            f.no_reception,
            f.gemeente.is_some(),
            f.wijk.is_some(),
            f.open_now,
            f.include_closed,
        ]
        .into_iter()
        .filter(|c| *c)
        .count(),
    };
    let rows = if *f == places::PlaceFilter::default() {
        let compute = async { places::facet_rows(db, f, false).await.map(Arc::new) };
        state.unfiltered_facets.get(&state.page_cache, compute).await?
    } else {
        Arc::new(places::facet_rows(db, f, f.open_now).await?)
    };
    facets::Facets::from_rows(&rows, f.open_now, &mut open_now).label(ctx, &mut form);

    let map = match &f.wijk {
        Some(w) => MapView {
            places_url: places_url(p),
            outlines_url: format!("/api/wijken/{w}/grens.geojson"),
            bounds: bounds_attr(wijken::get_wijk(db, w.as_str()).await?.and_then(|w| w.extent)),
        },
        None => match f.gemeente.as_ref().map(|g| g.as_str()).or(single_gemeente.as_deref()) {
            Some(g) => MapView {
                places_url: places_url(p),
                outlines_url: format!("/api/wijken.geojson?gemeente={g}"),
                bounds: bounds_attr(match &f.gemeente {
                    Some(chosen) => wijken::area_extent(db, chosen.as_str()).await?,
                    None => facts.home_extent,
                }),
            },
            None => MapView {
                places_url: places_url(p),
                outlines_url: String::new(),
                bounds: bounds_attr(facts.home_extent),
            },
        },
    };
    let qs = p.query_string(Some(p.page));
    let share_url = if qs.is_empty() { base.to_owned() } else { format!("{base}?{qs}") };
    let timed = f.open_now || open_now.consulted();
    Ok(Listing { form, items, pager, any_demo, map, share_url, timed })
}

#[derive(Template)]
#[template(path = "public/home.html")]
struct HomePage {
    ctx: PageContext,
    list: Listing,
}

/// `/`: filters, map and the list of every public place.
pub async fn home(
    ctx: PageContext,
    State(state): State<AppState>,
    ReadDb(db): ReadDb,
    Query(params): Query<FilterParams>,
) -> AppResult<Response> {
    let parsed = params.parse()?;
    let list = listing(&state, &db, &ctx, "/", &parsed).await?;
    let timed = list.timed;
    render(&HomePage { ctx, list }).map(|r| mark_time_dependent(r, timed))
}

#[derive(Template)]
#[template(path = "public/search.html")]
struct SearchPage {
    ctx: PageContext,
    list: Listing,
    searched: bool,
}

/// `/zoeken`: full-text search with the same filters; every state is a URL.
pub async fn search(
    ctx: PageContext,
    State(state): State<AppState>,
    ReadDb(db): ReadDb,
    Query(params): Query<FilterParams>,
) -> AppResult<Response> {
    let parsed = params.parse()?;
    let searched = !parsed.pairs().is_empty();
    let list = listing(&state, &db, &ctx, "/zoeken", &parsed).await?;
    let timed = list.timed;
    render(&SearchPage { ctx, list, searched }).map(|r| mark_time_dependent(r, timed))
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}
