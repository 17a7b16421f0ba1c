//! The facet counts next to the filter choices (issue 15, item 8), summed
//! from [`places::facet_rows`]: while "open now" is ticked only the groups
//! whose hours say open now count, and the "open now" box itself always
//! counts the open ones of the current list.

use std::collections::HashMap;

use super::view::{CheckOption, FilterForm, OpenNow, SelectOption};
use crate::db::places::FacetRow;
use crate::web::templates::PageContext;

/// How many places each choice would show: `(facet, value)` → count.
#[derive(Debug, Default)]
pub struct Facets {
    counts: HashMap<(String, String), i64>,
    open_now: i64,
}

impl Facets {
    pub fn from_rows(rows: &[FacetRow], open_now_ticked: bool, open: &mut OpenNow) -> Self {
        let mut facets = Facets::default();
        for r in rows {
            let is_open = match (r.status, r.opening_hours.as_deref()) {
                (Some(status), Some(hours)) => open.is_open(status, hours),
                _ => false,
            };
            if open_now_ticked && !is_open {
                continue;
            }
            let mut add = |facet: &str, value: String, n: i64| {
                *facets.counts.entry((facet.to_owned(), value)).or_default() += n;
            };
            match (r.facet.as_str(), &r.value, &r.target_groups) {
                ("open_now", _, _) => {
                    add("access", "ground_floor".into(), r.ground_floor);
                    add("access", "wheelchair".into(), r.wheelchair);
                    add("access", "no_reception".into(), r.no_reception);
                    if is_open {
                        facets.open_now += r.n;
                    }
                }
                ("target_group", _, Some(groups)) => {
                    for g in groups {
                        add("target_group", g.clone(), r.n);
                    }
                }
                (facet, Some(value), _) => add(facet, value.clone(), r.n),
                _ => {}
            }
        }
        facets
    }

    pub fn count(&self, facet: &str, value: &str) -> i64 {
        self.counts.get(&(facet.to_owned(), value.to_owned())).copied().unwrap_or(0)
    }

    /// Writes the counts into the labels of the form's choices: "Huiskamer
    /// (3)". The "all" options carry none: a place may be in several
    /// target groups, so a sum would mislead.
    pub fn label(&self, ctx: &PageContext, form: &mut FilterForm) {
        let with = |label: &str, n: i64| {
            ctx.lang.t_args("facet-count", &[("label", label.to_owned()), ("count", ctx.int(&n))])
        };
        let select = |facet: &str, options: &mut [SelectOption]| {
            for o in options.iter_mut() {
                o.label = with(&o.label, self.count(facet, &o.value));
            }
        };
        select("type", &mut form.types);
        select("category", &mut form.categories);
        select("target_group", &mut form.target_groups);
        select("initiator", &mut form.initiators);
        for c in &mut form.access {
            c.label = with(&c.label, self.count("access", access_facet(c)));
        }
        form.open_now_label = with(&ctx.t("filter-open-now"), self.open_now);
    }
}

/// The facet value of an access checkbox (its query name is Dutch).
fn access_facet(c: &CheckOption) -> &'static str {
    match c.name {
        "begane_grond" => "ground_floor",
        "rolstoel" => "wheelchair",
        _ => "no_reception",
    }
}
