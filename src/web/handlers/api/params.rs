//! The query parameters of the HSDS API: paging (`page`, `per_page`), the
//! reference's filters that fit (`search`, `taxonomy_term_id`,
//! `taxonomy_id` of terms, `organization_id`, `modified_after`, `full`,
//! `full_service`, `format`) and our extensions (`wijk`, `gemeente`,
//! `bbox`, `include_defunct`). Parsed once, with a Dutch message naming
//! the parameter for a bad value.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::db::export::ExportQuery;
use crate::db::hsds::Narrowing;
use crate::domain::place::{PlaceType, TargetGroup};
use crate::error::{AppError, AppResult, UserMessage};
use crate::hsds::taxonomy::{Taxonomy, Term};
use crate::web::handlers::public::FilterParams;
use crate::web::query_text::{given, short, text_params};

/// Items on a page when `per_page` is not given.
pub const DEFAULT_PER_PAGE: i64 = 50;
/// The most items one page holds; `format=ndjson` streams them all.
pub const MAX_PER_PAGE: i64 = 100;
/// Pages past this are refused rather than counted into a huge offset.
pub const MAX_PAGE: i64 = 1_000_000;

text_params! {
    /// The parameters as they arrive, all text. Unknown parameters are
    /// ignored, as the reference expects.
    pub struct HsdsParams {
        search, page, per_page, taxonomy_term_id, taxonomy_id, organization_id, modified_after,
        full, full_service, format, wijk, gemeente, bbox, include_defunct,
    }
}

/// Which page of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: i64,
    pub per_page: i64,
}

impl Paging {
    pub fn offset(self) -> i64 {
        (self.page - 1) * self.per_page
    }
}

fn bad(key: &'static str, name: &str, value: &str) -> AppError {
    AppError::BadRequest(UserMessage::new(key).arg("name", name).arg("value", short(value)))
}

fn number(v: &Option<String>, name: &str, default: i64, max: i64) -> AppResult<i64> {
    match given(v) {
        None => Ok(default),
        Some(s) => s.parse::<i64>().ok().filter(|n| (1..=max).contains(n)).ok_or_else(|| {
            AppError::BadRequest(
                UserMessage::new("api-error-range")
                    .arg("name", name.to_owned())
                    .arg("value", short(s))
                    .arg("max", max),
            )
        }),
    }
}

fn yes_no(v: &Option<String>, name: &str) -> AppResult<bool> {
    match given(v).map(str::to_ascii_lowercase).as_deref() {
        None | Some("false" | "0" | "no" | "nee") => Ok(false),
        Some("true" | "1" | "yes" | "ja") => Ok(true),
        Some(_) => Err(bad("api-error-yes-no", name, given(v).unwrap_or_default())),
    }
}

fn uuid(v: &Option<String>, name: &str) -> AppResult<Option<Uuid>> {
    given(v).map(|s| Uuid::parse_str(s).map_err(|_| bad("api-error-id", name, s))).transpose()
}

/// An RFC 3339 moment (`2026-11-30T12:00:00Z`), or a day, taken as its
/// start in the Netherlands.
fn moment(v: &Option<String>, name: &str) -> AppResult<Option<DateTime<Utc>>> {
    let Some(s) = given(v) else { return Ok(None) };
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(Some(t.with_timezone(&Utc)));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|t| t.and_local_timezone(chrono_tz::Europe::Amsterdam).earliest())
        .map(|t| Some(t.with_timezone(&Utc)))
        .ok_or_else(|| bad("api-error-moment", name, s))
}

/// The output of a list: a page of JSON, or every item as NDJSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Ndjson,
}

impl HsdsParams {
    pub fn paging(&self) -> AppResult<Paging> {
        Ok(Paging {
            page: number(&self.page, "page", 1, MAX_PAGE)?,
            per_page: number(&self.per_page, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)?,
        })
    }

    pub fn full(&self) -> AppResult<bool> {
        yes_no(&self.full, "full")
    }

    pub fn full_service(&self) -> AppResult<bool> {
        yes_no(&self.full_service, "full_service")
    }

    pub fn format(&self) -> AppResult<Format> {
        match given(&self.format).map(str::to_ascii_lowercase).as_deref() {
            None | Some("json") => Ok(Format::Json),
            Some("ndjson") => Ok(Format::Ndjson),
            Some(_) => Err(bad("api-error-format", "format", given(&self.format).unwrap_or(""))),
        }
    }

    pub fn taxonomy(&self) -> AppResult<Option<Taxonomy>> {
        let Some(id) = uuid(&self.taxonomy_id, "taxonomy_id")? else { return Ok(None) };
        Taxonomy::ALL
            .into_iter()
            .find(|t| t.id() == id)
            .map(Some)
            .ok_or_else(|| bad("api-error-unknown-id", "taxonomy_id", &id.to_string()))
    }

    /// The places a list of services, organizations or services at
    /// locations holds. `page`: `None` for every row (NDJSON).
    pub fn query(&self, page: Option<Paging>) -> AppResult<ExportQuery> {
        let include_defunct = yes_no(&self.include_defunct, "include_defunct")?;
        let list = FilterParams {
            q: self.search.clone(),
            wijk: self.wijk.clone(),
            gemeente: self.gemeente.clone(),
            opgeheven: Some(if include_defunct { "1" } else { "0" }.into()),
            ..FilterParams::default()
        };
        let mut filter = list.parse()?.filter;
        let mut narrow = Narrowing {
            modified_after: moment(&self.modified_after, "modified_after")?,
            bbox: given(&self.bbox)
                .map(|b| crate::web::handlers::api::parse_bbox(Some(b)))
                .transpose()?,
            places: uuid(&self.organization_id, "organization_id")?.into_iter().collect(),
            page: page.map(|p| (p.per_page, p.offset())),
            ..Narrowing::default()
        };
        if let Some(id) = uuid(&self.taxonomy_term_id, "taxonomy_term_id")? {
            let term = Term::find(id)
                .ok_or_else(|| bad("api-error-unknown-id", "taxonomy_term_id", &id.to_string()))?;
            match term.taxonomy {
                Taxonomy::Type => filter.place_type = PlaceType::parse(term.code),
                Taxonomy::Category => filter.category = Some(term.code.to_owned()),
                Taxonomy::TargetGroup => filter.target_group = TargetGroup::parse(term.code),
                Taxonomy::Accessibility => {
                    narrow.fact = crate::domain::place_field::PlaceField::parse(term.code)
                }
            }
        }
        narrow.filter = Some(filter);
        Ok(ExportQuery { include_closed: true, narrow, ..ExportQuery::default() })
    }
}
