//! The public page of one place: every public field, opening hours for the
//! coming week and schema.org JSON-LD. The exact address and point appear
//! only for places with `exact` precision. Its history and the staff
//! actions on it are in the submodules.

mod actions;
mod getting_there;
mod history;

pub use actions::{hide, unhide, verify};
pub use history::{history, restore, restore_form};

use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use uuid::Uuid;

use crate::db::annotations;
use crate::db::places::PlaceRecord;
use crate::domain::opening_hours::OpeningHours;
use crate::domain::place::{
    Precision, Verification, category_label_key, is_demo_source, sees_exact_location, street_only,
};
use crate::domain::user::{Action, CurrentUser};
use crate::error::AppResult;
use crate::ops::places::load_visible;
use crate::web::display::{category_repeats_type, next_change_text};
use crate::web::extractors::{MaybeUser, Query, ReadDb};
use crate::web::handlers::review::{AnnotationItem, annotation_items};
use crate::web::page_cache::mark_time_dependent;
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

/// A resident's tip a reviewer put on the page.
pub struct TipView {
    pub id: i64,
    pub body: String,
    pub date: String,
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
    /// Left out when it would only repeat the type.
    category_label: Option<String>,
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
    /// The note when the data is old or was never checked.
    verification_note: Option<&'static str>,
    wijk_url: String,
    wijk_name: String,
    buurt_url: Option<String>,
    buurt_name: Option<String>,
    /// Street address and postcode for exact precision (or for staff); the
    /// street alone for precision straat.
    address: Option<String>,
    location_notice: Option<String>,
    demo: bool,
    source: String,
    hours_raw: String,
    week: Vec<DayView>,
    /// Caption of the week table: the coming week, or the usual hours of a
    /// paused place.
    hours_caption: &'static str,
    open_now: Option<bool>,
    /// "tot 17:00", "gaat om 10:00 open".
    next_change: Option<String>,
    json_ld: String,
    id: Uuid,
    /// Exact coordinates, for roles that may see them on protected places.
    point: Option<String>,
    /// The address and point are shown only because of the viewer's role.
    protected_shown: bool,
    hidden: bool,
    signed_in: bool,
    may_review: bool,
    may_hide: bool,
    notes: Vec<AnnotationItem>,
    /// Tips of residents shown on the page (`places/_tips.html`).
    tips: Vec<TipView>,
    notice: Option<&'static str>,
    /// Map and directions, or where to ask the way.
    getting_there: Option<getting_there::GettingThere>,
}

#[derive(serde::Deserialize, Default)]
pub struct ShowQuery {
    opmerking: Option<String>,
    gecontroleerd: Option<String>,
    /// After staff sent "Klopt dit nog?": `gevraagd` or `niet-gevraagd`.
    #[serde(rename = "klopt-dit-nog")]
    check: Option<String>,
}

fn yes_no(ctx: &PageContext, v: Option<bool>, key: &str) -> Option<Fact> {
    v.map(|b| Fact { label: ctx.t(key), value: ctx.t(if b { "yes" } else { "no" }) })
}

/// `/plekken/{id}`. Unknown, malformed or hidden ids are a 404.
/// Hidden places are a 404, except for a beheerder (who can unhide them).
pub async fn show(
    mut ctx: PageContext,
    ReadDb(db): ReadDb,
    MaybeUser(user): MaybeUser,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> AppResult<Response> {
    let p = load_visible(&db, &id, user.as_ref()).await?;
    ctx.name_area_sources(&db, &p.wijk_code).await?;
    let may_review = user.as_ref().is_some_and(|u| u.can_review_wijk(&p.wijk_code));
    let notes = if may_review {
        let list = annotations::open(&db, Some(p.id)).await?;
        annotation_items(&ctx, list)
    } else {
        Vec::new()
    };
    let tips = annotations::published_for_place(&db, p.id)
        .await?
        .into_iter()
        .map(|t| TipView { id: t.id, body: t.body, date: ctx.date(&t.created_at.date_naive()) })
        .collect();
    let mut page = build(ctx, &p, user.as_ref());
    page.notes = notes;
    page.tips = tips;
    page.notice = crate::web::forms::first_notice([
        (q.opmerking.is_some(), "place-notice-annotation"),
        (q.gecontroleerd.is_some(), "place-notice-verified"),
        (q.check.as_deref() == Some("gevraagd"), "check-asked"),
        (q.check.is_some(), "check-not-asked"),
    ]);
    // "Open now" and the week from today: kept by the page cache for this
    // minute only.
    render(&page).map(|r| mark_time_dependent(r, true))
}

fn build(ctx: PageContext, p: &PlaceRecord, user: Option<&CurrentUser>) -> PlacePage {
    let public_exact = p.precision.is_public();
    let exact = sees_exact_location(user, p.precision, &p.wijk_code);
    let now = OpeningHours::now_local();
    let today = now.date();
    // A stopped place's old hours are history: no coming week for it.
    let hours =
        OpeningHours::parse(&p.opening_hours).ok().flatten().filter(|_| p.status.has_hours());
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
    let state = p.status.state_at(hours.as_ref(), now);
    let hours_caption =
        if p.status.is_active() { "place-hours-caption" } else { "place-hours-caption-paused" };

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

    let demo = is_demo_source(&p.source);
    // Precision straat shows the street without number or postcode, as the
    // public view does for the exports (migration 0051).
    let street = (!exact && p.precision == Precision::Straat)
        .then(|| street_only(&p.address))
        .filter(|s| !s.is_empty());
    let address = if exact {
        Some(
            [p.address.trim(), p.postcode.trim()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
        )
    } else {
        street.map(str::to_owned)
    };
    let address = address.filter(|a| !a.is_empty());
    let area = p.buurt_name.as_deref().unwrap_or(&p.wijk_name);
    let location_notice = (!public_exact && !exact).then(|| match (street, &p.buurt_name) {
        (Some(s), _) => ctx.lang.t_args(
            "place-location-street",
            &[("street", s.to_owned()), ("area", area.to_owned())],
        ),
        (None, Some(b)) => ctx.t1("place-location-buurt", "buurt", b),
        (None, None) => ctx.t1("place-location-wijk", "wijk", &p.wijk_name),
    });
    let verification_note = Verification::of(p.last_verified, today).note_key();

    // JSON-LD is for search engines: always the public view.
    let json_ld = json_ld(p, public_exact);
    let point = (exact && !public_exact)
        .then(|| p.lon.zip(p.lat).map(|(lon, lat)| format!("{lat:.6}, {lon:.6}")))
        .flatten();
    let type_label = ctx.t(&p.place_type.label_key());
    let category_label = ctx.t(&category_label_key(&p.category));
    PlacePage {
        name: p.name.to_string(),
        category_label: (!category_repeats_type(&type_label, &category_label))
            .then_some(category_label),
        type_label,
        description: p.description.clone(),
        initiator_label: ctx.t(&p.initiator.label_key()),
        target_groups: p.target_groups.iter().map(|g| ctx.t(&g.label_key())).collect(),
        facts,
        contacts,
        founded_year: p.founded_year,
        status_label: ctx.t(&p.status.label_key()),
        closed: p.status.is_closed(),
        closed_on: p.closed_on.map(|d| ctx.date(&d)),
        closing_reason: p.closing_reason.clone(),
        last_verified: p.last_verified.map(|d| ctx.date(&d)),
        verification_note,
        wijk_url: format!("/wijken/{}", p.wijk_code),
        wijk_name: p.wijk_name.clone(),
        buurt_url: p.buurt_code.as_ref().map(|b| format!("/wijken/{b}")),
        buurt_name: p.buurt_name.clone(),
        address,
        location_notice,
        demo,
        source: p.source.clone(),
        hours_raw: p.opening_hours.clone(),
        week,
        hours_caption,
        open_now: state.map(|s| s.open),
        next_change: state.and_then(|s| next_change_text(&ctx, now, &s)),
        json_ld,
        id: p.id,
        point,
        protected_shown: exact && !public_exact,
        hidden: p.hidden,
        signed_in: user.is_some(),
        may_review: user.is_some_and(|u| u.can_review_wijk(&p.wijk_code)),
        may_hide: user.is_some_and(|u| u.may(Action::HidePlace, &p.wijk_code)),
        notes: Vec::new(),
        tips: Vec::new(),
        notice: None,
        getting_there: getting_there::GettingThere::new(&ctx, p),
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
    // A stopped place is not open at these hours any more.
    if !p.opening_hours.is_empty() && p.status.has_hours() {
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
