//! View-models of the list pages: a place in a list with its labels and
//! "open now", the filter form, the pager and the map element.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use crate::db::places::PlaceListItem;
use crate::db::wijken::Extent;
use crate::domain::opening_hours::{OpenState, OpeningHours};
use crate::domain::place::{PlaceStatus, category_label_key};
use crate::web::display::{category_repeats_type, next_change_text};
use crate::web::templates::PageContext;

use super::ParsedFilters;

/// "Open now" per status and distinct opening-hours text, decided by
/// [`PlaceStatus::state_at`]: thousands of places share a handful of texts,
/// so each is parsed and evaluated once per request.
pub struct OpenNow {
    now: NaiveDateTime,
    seen: HashMap<(PlaceStatus, String), Option<OpenState>>,
}

impl OpenNow {
    pub fn new(now: NaiveDateTime) -> Self {
        Self { now, seen: HashMap::new() }
    }

    pub fn now(&self) -> NaiveDateTime {
        self.now
    }

    /// Open or closed now and when that changes; `None` unknown.
    pub fn state(&mut self, status: PlaceStatus, hours: &str) -> Option<OpenState> {
        if let Some(state) = self.seen.get(&(status, hours.to_owned())) {
            return *state;
        }
        let parsed = OpeningHours::parse(hours).ok().flatten();
        let state = status.state_at(parsed.as_ref(), self.now);
        self.seen.insert((status, hours.to_owned()), state);
        state
    }

    /// `Some(true)` open now, `Some(false)` closed now, `None` unknown.
    pub fn open_at(&mut self, status: PlaceStatus, hours: &str) -> Option<bool> {
        self.state(status, hours).map(|s| s.open)
    }

    /// Whether any answer so far depended on the time, so the page that
    /// shows them is [`crate::web::page_cache::TimeDependent`].
    pub fn consulted(&self) -> bool {
        self.seen.values().any(Option::is_some)
    }

    /// Open now for certain (what the "open now" filter keeps).
    pub fn is_open(&mut self, status: PlaceStatus, hours: &str) -> bool {
        self.open_at(status, hours) == Some(true)
    }
}

/// One `<option>` of a filter list.
pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One checkbox of the filter form (`name=1` when checked).
pub struct CheckOption {
    pub name: &'static str,
    pub id: &'static str,
    pub label: String,
    pub checked: bool,
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
    pub initiators: Vec<SelectOption>,
    /// Access: on the ground floor, wheelchair, no reception desk.
    pub access: Vec<CheckOption>,
    pub wijken: Vec<OptionGroup>,
    /// Shown when places lie in more than one gemeente; the wijk list then
    /// holds only the wijken of the chosen gemeente.
    pub gemeenten: Vec<SelectOption>,
    /// Several gemeenten and none chosen: the wijk list waits for one.
    pub wijk_needs_gemeente: bool,
    pub open_now: bool,
    /// "Nu open (4)": the label with its facet count.
    pub open_now_label: String,
    pub include_closed: bool,
    /// How many filters besides the search words are chosen, for the
    /// summary of the folded filters.
    pub chosen: usize,
}

/// A place in a list, with its labels already translated.
pub struct ListItem {
    pub url: String,
    pub name: String,
    pub type_label: String,
    /// Left out when it would only repeat the type.
    pub category_label: Option<String>,
    pub wijk_url: String,
    pub wijk_name: String,
    pub buurt_name: Option<String>,
    pub status_label: Option<String>,
    pub closed: bool,
    /// `Some(true)` open now, `Some(false)` closed now, `None` unknown.
    pub open_now: Option<bool>,
    /// "tot 17:00", "gaat om 10:00 open".
    pub next_change: Option<String>,
    /// "350 m", in a list of places near an address (`handlers::near`).
    pub distance: Option<String>,
}

impl ListItem {
    pub fn new(ctx: &PageContext, p: &PlaceListItem, open: &mut OpenNow) -> Self {
        let type_label = ctx.t(&p.place_type.label_key());
        let category_label = ctx.t(&category_label_key(&p.category));
        let state = open.state(p.status, &p.opening_hours);
        Self {
            url: format!("/plekken/{}", p.id),
            name: p.name.clone(),
            category_label: (!category_repeats_type(&type_label, &category_label))
                .then_some(category_label),
            type_label,
            wijk_url: format!("/wijken/{}", p.wijk_code),
            wijk_name: p.wijk_name.clone(),
            buurt_name: p.buurt_name.clone(),
            status_label: (!p.status.is_active()).then(|| ctx.t(&p.status.label_key())),
            closed: p.status.is_closed(),
            open_now: state.map(|s| s.open),
            next_change: state.and_then(|s| next_change_text(ctx, open.now(), &s)),
            distance: None,
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

pub(super) fn places_url(p: &ParsedFilters) -> String {
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
    /// The list says what is open now (or is filtered on it): the page
    /// cache keeps the page for this minute only.
    pub timed: bool,
}

pub(super) fn options<T>(
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
