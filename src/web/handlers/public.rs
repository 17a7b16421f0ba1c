//! Public pages for residents: the home page and search, both a filterable,
//! paginated list of places with a map. Filters are parsed here once and
//! shared with the GeoJSON API.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

use crate::db::places::{self, PlaceFilter, PlaceListItem};
use crate::db::wijken::{self, Extent};
use crate::domain::area::{AreaLevel, CbsCode};
use crate::domain::opening_hours::OpeningHours;
use crate::domain::place::{CATEGORIES, PlaceType, TargetGroup, category_label_key};
use crate::error::{AppError, AppResult, UserMessage};
use crate::web::extractors::Query;
use crate::web::state::AppState;
use crate::web::templates::{PageContext, render};

pub const PAGE_SIZE: i64 = 20;
const MAX_PAGE: i64 = 10_000;
/// Matches are counted up to here; beyond it the list says "more than".
const MAX_COUNT: i64 = 10_000;
/// A search ranks (and so counts) at most this many matches; beyond it,
/// "meer dan 500" tells a resident enough.
const MAX_SEARCH_COUNT: i64 = places::SEARCH_CANDIDATES;

fn count_cap(f: &places::PlaceFilter) -> i64 {
    if f.words.is_empty() { MAX_COUNT } else { MAX_SEARCH_COUNT }
}

/// The filters as they arrive in the query string. Everything is a string
/// so that a bad value gets our own Dutch message, not serde's.
#[derive(Debug, Default, Deserialize)]
pub struct FilterParams {
    pub q: Option<String>,
    #[serde(rename = "type")]
    pub place_type: Option<String>,
    pub categorie: Option<String>,
    pub doelgroep: Option<String>,
    pub open_nu: Option<String>,
    pub wijk: Option<String>,
    pub gemeente: Option<String>,
    pub opgeheven: Option<String>,
    pub pagina: Option<String>,
}

/// Filters after parsing, plus what the form needs to show them again.
#[derive(Debug, Clone, Default)]
pub struct ParsedFilters {
    pub filter: PlaceFilter,
    pub q: String,
    pub page: i64,
}

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn flag(v: &Option<String>, name: &'static str) -> AppResult<bool> {
    match non_empty(v) {
        None => Ok(false),
        Some("1" | "on" | "true" | "ja") => Ok(true),
        Some("0" | "off" | "false" | "nee") => Ok(false),
        Some(other) => Err(AppError::BadRequest(
            UserMessage::new("error-filter-flag").arg("name", name).arg("value", short(other)),
        )),
    }
}

/// Echoing input back is useful, but not a whole pasted essay.
fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

impl FilterParams {
    pub fn parse(&self) -> AppResult<ParsedFilters> {
        let q: String =
            non_empty(&self.q).map(|s| s.chars().take(200).collect()).unwrap_or_default();
        let place_type = match non_empty(&self.place_type) {
            None => None,
            Some(s) => Some(PlaceType::parse(s).ok_or_else(|| {
                AppError::BadRequest(UserMessage::new("error-filter-type").arg("value", short(s)))
            })?),
        };
        let category = match non_empty(&self.categorie) {
            None => None,
            Some(s) if CATEGORIES.contains(&s) => Some(s.to_owned()),
            Some(s) => {
                return Err(AppError::BadRequest(
                    UserMessage::new("error-filter-category").arg("value", short(s)),
                ));
            }
        };
        let target_group = match non_empty(&self.doelgroep) {
            None => None,
            Some(s) => Some(TargetGroup::parse(s).ok_or_else(|| {
                AppError::BadRequest(
                    UserMessage::new("error-filter-doelgroep").arg("value", short(s)),
                )
            })?),
        };
        let wijk = match non_empty(&self.wijk) {
            None => None,
            Some(s) => Some(
                CbsCode::parse(s).filter(|c| c.level() == AreaLevel::Wijk).ok_or_else(|| {
                    AppError::BadRequest(
                        UserMessage::new("error-filter-wijk").arg("value", short(s)),
                    )
                })?,
            ),
        };
        let gemeente = match non_empty(&self.gemeente) {
            None => None,
            Some(s) => {
                Some(CbsCode::parse(s).filter(|c| c.level() == AreaLevel::Gemeente).ok_or_else(
                    || {
                        AppError::BadRequest(
                            UserMessage::new("error-filter-gemeente").arg("value", short(s)),
                        )
                    },
                )?)
            }
        };
        let page = match non_empty(&self.pagina) {
            None => 1,
            Some(s) => {
                s.parse::<i64>().ok().filter(|p| (1..=MAX_PAGE).contains(p)).ok_or_else(|| {
                    AppError::BadRequest(
                        UserMessage::new("error-filter-page").arg("value", short(s)),
                    )
                })?
            }
        };
        let filter = PlaceFilter {
            words: places::search_words(&q),
            place_type,
            category,
            target_group,
            wijk,
            gemeente,
            include_closed: flag(&self.opgeheven, "opgeheven")?,
            open_now: flag(&self.open_nu, "open_nu")?,
        };
        Ok(ParsedFilters { filter, q, page })
    }
}

impl ParsedFilters {
    /// The filters as query pairs, without the page: for shareable links,
    /// the pager and the map's GeoJSON URL.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let f = &self.filter;
        let mut pairs = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", self.q.clone()));
        }
        if let Some(t) = f.place_type {
            pairs.push(("type", t.slug().to_owned()));
        }
        if let Some(c) = &f.category {
            pairs.push(("categorie", c.clone()));
        }
        if let Some(g) = f.target_group {
            pairs.push(("doelgroep", g.slug().to_owned()));
        }
        if f.open_now {
            pairs.push(("open_nu", "1".into()));
        }
        if let Some(g) = &f.gemeente {
            pairs.push(("gemeente", g.to_string()));
        }
        if let Some(w) = &f.wijk {
            pairs.push(("wijk", w.to_string()));
        }
        if f.include_closed {
            pairs.push(("opgeheven", "1".into()));
        }
        pairs
    }

    pub fn query_string(&self, page: Option<i64>) -> String {
        let mut pairs = self.pairs();
        if let Some(p) = page.filter(|p| *p > 1) {
            pairs.push(("pagina", p.to_string()));
        }
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    }
}

/// "Open now" per distinct opening-hours text: thousands of places share a
/// handful of texts, so each is parsed and evaluated once per request.
pub struct OpenNow {
    now: chrono::NaiveDateTime,
    seen: std::collections::HashMap<String, bool>,
}

impl OpenNow {
    pub fn new(now: chrono::NaiveDateTime) -> Self {
        Self { now, seen: std::collections::HashMap::new() }
    }

    pub fn is_open(&mut self, hours: &str) -> bool {
        if let Some(open) = self.seen.get(hours) {
            return *open;
        }
        let open =
            OpeningHours::parse(hours).ok().flatten().is_some_and(|oh| oh.is_open_at(self.now));
        self.seen.insert(hours.to_owned(), open);
        open
    }
}

/// One `<option>` of a filter list.
pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// Wijk choices grouped by gemeente (`<optgroup>`).
pub struct OptionGroup {
    pub label: String,
    pub options: Vec<SelectOption>,
}

/// The filter form as it is shown again, with the current choices.
pub struct FilterForm {
    pub q: String,
    pub types: Vec<SelectOption>,
    pub categories: Vec<SelectOption>,
    pub target_groups: Vec<SelectOption>,
    pub wijken: Vec<OptionGroup>,
    /// Shown when places lie in more than one gemeente; the wijk list then
    /// holds only the wijken of the chosen gemeente.
    pub gemeenten: Vec<SelectOption>,
    /// Several gemeenten and none chosen: the wijk list waits for one.
    pub wijk_needs_gemeente: bool,
    pub open_now: bool,
    pub include_closed: bool,
}

/// A place in a list, with its labels already translated.
pub struct ListItem {
    pub url: String,
    pub name: String,
    pub type_label: String,
    pub category_label: String,
    pub wijk_url: String,
    pub wijk_name: String,
    pub buurt_name: Option<String>,
    pub status_label: Option<String>,
    pub closed: bool,
    /// `Some(true)` open now, `Some(false)` closed now, `None` unknown.
    pub open_now: Option<bool>,
}

impl ListItem {
    pub fn new(ctx: &PageContext, p: &PlaceListItem, now: chrono::NaiveDateTime) -> Self {
        let open_now = OpeningHours::parse(&p.opening_hours)
            .ok()
            .flatten()
            .map(|oh| oh.is_open_at(now) && p.status == "actief");
        Self {
            url: format!("/plekken/{}", p.id),
            name: p.name.clone(),
            type_label: ctx.t(&format!("type-{}", p.place_type)),
            category_label: ctx.t(&category_label_key(&p.category)),
            wijk_url: format!("/wijken/{}", p.wijk_code),
            wijk_name: p.wijk_name.clone(),
            buurt_name: p.buurt_name.clone(),
            status_label: (p.status != "actief").then(|| ctx.t(&format!("status-{}", p.status))),
            closed: p.status == "opgeheven",
            open_now,
        }
    }
}

/// Previous and next page links that keep the filters.
pub struct Pager {
    /// The total reached `MAX_COUNT`: there may be more.
    pub capped: bool,
    /// The total, formatted for the visitor.
    pub total_text: String,
    pub page: i64,
    pub pages: i64,
    pub total: i64,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
}

/// What the map element needs (see `partials/map_head.html` and `js/map.js`).
pub struct MapView {
    pub places_url: String,
    pub outlines_url: String,
    pub bounds: String,
}

fn places_url(p: &ParsedFilters) -> String {
    let qs = p.query_string(None);
    if qs.is_empty() { "/api/plekken.geojson".into() } else { format!("/api/plekken.geojson?{qs}") }
}

pub fn bounds_attr(extent: Option<Extent>) -> String {
    extent.map(|e| format!("{:.5},{:.5},{:.5},{:.5}", e[0], e[1], e[2], e[3])).unwrap_or_default()
}

/// The list, pager, form and map shared by the home and search pages.
pub struct Listing {
    pub form: FilterForm,
    pub items: Vec<ListItem>,
    pub pager: Pager,
    pub any_demo: bool,
    pub map: MapView,
    /// Link to this result set, to share.
    pub share_url: String,
}

fn options<T>(
    all: impl IntoIterator<Item = T>,
    current: Option<&str>,
    value: impl Fn(&T) -> String,
    label: impl Fn(&T) -> String,
) -> Vec<SelectOption> {
    all.into_iter()
        .map(|x| {
            let v = value(&x);
            SelectOption { selected: current == Some(v.as_str()), label: label(&x), value: v }
        })
        .collect()
}

async fn listing(
    state: &AppState,
    ctx: &PageContext,
    base: &str,
    p: &ParsedFilters,
) -> AppResult<Listing> {
    let db = &state.db;
    let f = &p.filter;
    let offset = (p.page - 1) * PAGE_SIZE;
    let now = OpeningHours::now_local();
    // "Open now" is evaluated in Rust, so then all matches are fetched and
    // the page is cut after filtering; the counts stay right.
    let (rows, total, any_demo) = if f.open_now {
        let all = places::search(db, f, None, 0).await?;
        let mut open = OpenNow::new(now);
        let open: Vec<PlaceListItem> = all
            .into_iter()
            .filter(|r| r.status == "actief" && open.is_open(&r.opening_hours))
            .collect();
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
    let items = rows.iter().map(|r| ListItem::new(ctx, r, now)).collect();

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
    let form = FilterForm {
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
        wijken: groups,
        gemeenten,
        wijk_needs_gemeente,
        open_now: f.open_now,
        include_closed: f.include_closed,
    };

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
    Ok(Listing { form, items, pager, any_demo, map, share_url })
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
    Query(params): Query<FilterParams>,
) -> AppResult<Response> {
    let parsed = params.parse()?;
    let list = listing(&state, &ctx, "/", &parsed).await?;
    render(&HomePage { ctx, list })
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
    Query(params): Query<FilterParams>,
) -> AppResult<Response> {
    let parsed = params.parse()?;
    let searched = !parsed.pairs().is_empty();
    let list = listing(&state, &ctx, "/zoeken", &parsed).await?;
    render(&SearchPage { ctx, list, searched })
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}
