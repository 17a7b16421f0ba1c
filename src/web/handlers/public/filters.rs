//! The list filters: parsed once from the query string (with our own Dutch
//! message for a bad value) and written back as query pairs for links, the
//! pager and the map's GeoJSON URL. The GeoJSON API shares them.

use crate::db::places::{self, PlaceFilter};
use crate::domain::area::{AreaLevel, CbsCode};
use crate::domain::place::{CATEGORIES, Initiator, PlaceType, TargetGroup};
use crate::error::{AppError, AppResult, UserMessage};
use crate::web::query_text::{given, short, text_params};

const MAX_PAGE: i64 = 10_000;

text_params! {
    /// The filters as they arrive in the query string.
    pub struct FilterParams {
        q, place_type = "type", categorie, doelgroep, initiatief, begane_grond, rolstoel,
        geen_balie, open_nu, wijk, gemeente, opgeheven, pagina,
    }
}

/// Filters after parsing, plus what the form needs to show them again.
#[derive(Debug, Clone, Default)]
pub struct ParsedFilters {
    pub filter: PlaceFilter,
    pub q: String,
    pub page: i64,
}

fn flag(v: &Option<String>, name: &'static str) -> AppResult<bool> {
    match given(v) {
        None => Ok(false),
        Some("1" | "on" | "true" | "ja") => Ok(true),
        Some("0" | "off" | "false" | "nee") => Ok(false),
        Some(other) => Err(AppError::BadRequest(
            UserMessage::new("error-filter-flag").arg("name", name).arg("value", short(other)),
        )),
    }
}

impl FilterParams {
    pub fn parse(&self) -> AppResult<ParsedFilters> {
        let q: String = given(&self.q).map(|s| s.chars().take(200).collect()).unwrap_or_default();
        let place_type = match given(&self.place_type) {
            None => None,
            Some(s) => Some(PlaceType::parse(s).ok_or_else(|| {
                AppError::BadRequest(UserMessage::new("error-filter-type").arg("value", short(s)))
            })?),
        };
        let category = match given(&self.categorie) {
            None => None,
            Some(s) if CATEGORIES.contains(&s) => Some(s.to_owned()),
            Some(s) => {
                return Err(AppError::BadRequest(
                    UserMessage::new("error-filter-category").arg("value", short(s)),
                ));
            }
        };
        let target_group = match given(&self.doelgroep) {
            None => None,
            Some(s) => Some(TargetGroup::parse(s).ok_or_else(|| {
                AppError::BadRequest(
                    UserMessage::new("error-filter-doelgroep").arg("value", short(s)),
                )
            })?),
        };
        let initiator = match given(&self.initiatief) {
            None => None,
            Some(s) => Some(Initiator::parse(s).ok_or_else(|| {
                AppError::BadRequest(
                    UserMessage::new("error-filter-initiatief").arg("value", short(s)),
                )
            })?),
        };
        let wijk = match given(&self.wijk) {
            None => None,
            Some(s) => Some(
                CbsCode::parse(s).filter(|c| c.level() == AreaLevel::Wijk).ok_or_else(|| {
                    AppError::BadRequest(
                        UserMessage::new("error-filter-wijk").arg("value", short(s)),
                    )
                })?,
            ),
        };
        let gemeente = match given(&self.gemeente) {
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
        let page = match given(&self.pagina) {
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
            initiator,
            ground_floor: flag(&self.begane_grond, "begane_grond")?,
            wheelchair: flag(&self.rolstoel, "rolstoel")?,
            no_reception: flag(&self.geen_balie, "geen_balie")?,
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
        if let Some(i) = f.initiator {
            pairs.push(("initiatief", i.slug().to_owned()));
        }
        for (on, name) in [
            (f.ground_floor, "begane_grond"),
            (f.wheelchair, "rolstoel"),
            (f.no_reception, "geen_balie"),
        ] {
            if on {
                pairs.push((name, "1".into()));
            }
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
