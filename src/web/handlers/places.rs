//! The public page of one place: every public field, opening hours for the
//! coming week and schema.org JSON-LD. The exact address and point appear
//! only for places with `exact` precision.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::Months;
use sqlx::PgPool;
use uuid::Uuid;

use crate::db::places::{self, PlaceRecord};
use crate::domain::opening_hours::OpeningHours;
use crate::domain::place::{Precision, category_label_key};
use crate::error::{AppError, AppResult};
use crate::web::templates::{PageContext, render};

/// A contact link with a safe `href`.
pub struct Contact {
    pub label: String,
    pub href: String,
    pub text: String,
}

/// One day of the coming week.
pub struct DayView {
    pub weekday: String,
    pub date: String,
    pub hours: String,
    pub today: bool,
}

/// A yes/no fact about access; unknown facts are left out.
pub struct Fact {
    pub label: String,
    pub value: String,
}

#[derive(Template)]
#[template(path = "places/show.html")]
struct PlacePage {
    ctx: PageContext,
    name: String,
    type_label: String,
    category_label: String,
    description: String,
    initiator_label: String,
    target_groups: Vec<String>,
    facts: Vec<Fact>,
    contacts: Vec<Contact>,
    founded_year: Option<i32>,
    status_label: String,
    closed: bool,
    closed_on: Option<String>,
    closing_reason: String,
    last_verified: Option<String>,
    stale: bool,
    wijk_url: String,
    wijk_name: String,
    buurt_url: Option<String>,
    buurt_name: Option<String>,
    /// Street address and postcode, only for exact precision.
    address: Option<String>,
    location_notice: Option<String>,
    demo: bool,
    source: String,
    hours_raw: String,
    week: Vec<DayView>,
    open_now: Option<bool>,
    json_ld: String,
}

fn yes_no(ctx: &PageContext, v: Option<bool>, key: &str) -> Option<Fact> {
    v.map(|b| Fact { label: ctx.t(key), value: ctx.t(if b { "yes" } else { "no" }) })
}

/// `/plekken/{id}`. Unknown, malformed or hidden ids are a 404.
pub async fn show(
    ctx: PageContext,
    State(db): State<PgPool>,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    let p = places::get(&db, id).await?.filter(|p| !p.hidden).ok_or(AppError::NotFound)?;
    let page = build(ctx, &p);
    render(&page)
}

fn build(ctx: PageContext, p: &PlaceRecord) -> PlacePage {
    let exact = Precision::parse(&p.precision).is_some_and(Precision::is_public);
    let now = OpeningHours::now_local();
    let today = now.date();
    let hours = OpeningHours::parse(&p.opening_hours).ok().flatten();
    let week = hours
        .as_ref()
        .map(|oh| {
            oh.week(today)
                .into_iter()
                .map(|d| DayView {
                    weekday: d.weekday(ctx.lang),
                    date: ctx.date(&d.date),
                    hours: if d.periods.is_empty() {
                        ctx.t("hours-closed-day")
                    } else {
                        d.periods.join(", ")
                    },
                    today: d.date == today,
                })
                .collect()
        })
        .unwrap_or_default();
    let open_now = match p.status.as_str() {
        "opgeheven" => None,
        "tijdelijk_gesloten" => Some(false),
        _ => hours.as_ref().map(|oh| oh.is_open_at(now)),
    };

    let mut contacts = Vec::new();
    let phone = p.phone.trim();
    if !phone.is_empty() {
        let digits: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
        contacts.push(Contact {
            label: ctx.t("place-phone"),
            href: format!("tel:{digits}"),
            text: phone.to_owned(),
        });
    }
    let email = p.email.trim();
    if !email.is_empty() && email.contains('@') && !email.contains(['<', '>', '"', ' ']) {
        contacts.push(Contact {
            label: ctx.t("place-email"),
            href: format!("mailto:{email}"),
            text: email.to_owned(),
        });
    }
    let website = p.website.trim();
    // Only web links: a `javascript:` URL in an href would run on click.
    if website.starts_with("https://") || website.starts_with("http://") {
        contacts.push(Contact {
            label: ctx.t("place-website"),
            href: website.to_owned(),
            text: website.trim_start_matches("https://").trim_start_matches("http://").to_owned(),
        });
    }

    let facts = [
        yes_no(&ctx, p.ground_floor, "fact-ground-floor"),
        yes_no(&ctx, p.wheelchair, "fact-wheelchair"),
        yes_no(&ctx, p.street_visible, "fact-street-visible"),
        yes_no(&ctx, p.no_reception, "fact-no-reception"),
    ]
    .into_iter()
    .flatten()
    .collect();

    let demo = p.source.starts_with("demo: ");
    let address = exact.then(|| {
        [p.address.trim(), p.postcode.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    });
    let address = address.filter(|a| !a.is_empty());
    let location_notice = (!exact).then(|| match &p.buurt_name {
        Some(b) => ctx.t1("place-location-buurt", "buurt", b),
        None => ctx.t1("place-location-wijk", "wijk", &p.wijk_name),
    });
    let stale = p
        .last_verified
        .is_none_or(|d| today.checked_sub_months(Months::new(12)).is_some_and(|limit| d < limit));

    let json_ld = json_ld(p, exact);
    PlacePage {
        name: p.name.clone(),
        type_label: ctx.t(&format!("type-{}", p.place_type)),
        category_label: ctx.t(&category_label_key(&p.category)),
        description: p.description.clone(),
        initiator_label: ctx.t(&format!("initiator-{}", p.initiator)),
        target_groups: p.target_groups.iter().map(|g| ctx.t(&format!("doelgroep-{g}"))).collect(),
        facts,
        contacts,
        founded_year: p.founded_year,
        status_label: ctx.t(&format!("status-{}", p.status)),
        closed: p.status == "opgeheven",
        closed_on: p.closed_on.map(|d| ctx.date(&d)),
        closing_reason: p.closing_reason.clone(),
        last_verified: p.last_verified.map(|d| ctx.date(&d)),
        stale,
        wijk_url: format!("/wijken/{}", p.wijk_code),
        wijk_name: p.wijk_name.clone(),
        buurt_url: p.buurt_code.as_ref().map(|b| format!("/wijken/{}#{b}", p.wijk_code)),
        buurt_name: p.buurt_name.clone(),
        address,
        location_notice,
        demo,
        source: p.source.clone(),
        hours_raw: p.opening_hours.clone(),
        week,
        open_now,
        json_ld,
        ctx,
    }
}

/// schema.org JSON-LD for the page. Address and coordinates only for exact
/// precision. Every `<` is escaped so the data block cannot end early.
fn json_ld(p: &PlaceRecord, exact: bool) -> String {
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "CivicStructure",
        "name": p.name,
        "url": format!("/plekken/{}", p.id),
    });
    if !p.description.is_empty() {
        v["description"] = p.description.clone().into();
    }
    if !p.opening_hours.is_empty() {
        v["openingHours"] = p.opening_hours.clone().into();
    }
    if !p.phone.is_empty() {
        v["telephone"] = p.phone.clone().into();
    }
    if exact {
        if !p.address.is_empty() {
            v["address"] = serde_json::json!({
                "@type": "PostalAddress",
                "streetAddress": p.address,
                "postalCode": p.postcode,
                "addressCountry": "NL",
            });
        }
        if let (Some(lon), Some(lat)) = (p.public_lon, p.public_lat) {
            v["geo"] = serde_json::json!({
                "@type": "GeoCoordinates", "latitude": lat, "longitude": lon,
            });
        }
    } else {
        v["containedInPlace"] = serde_json::json!({
            "@type": "Place",
            "name": p.buurt_name.as_deref().unwrap_or(&p.wijk_name),
        });
    }
    v.to_string().replace('<', "\\u003c")
}
