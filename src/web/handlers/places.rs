//! The public page of one place: every public field, opening hours for the
//! coming week and schema.org JSON-LD. The exact address and point appear
//! only for places with `exact` precision.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Months;
use sqlx::PgPool;
use uuid::Uuid;

use crate::db::annotations;
use crate::db::audit;
use crate::db::places::{self, PlaceRecord};
use crate::db::revisions::{self, NewRevision, kinds};
use crate::domain::opening_hours::OpeningHours;
use crate::domain::place::{Precision, category_label_key};
use crate::domain::revision::{self, FieldChange, PROTECTED_FIELDS};
use crate::domain::user::{Action, CurrentUser};
use crate::error::{AppError, AppResult, UserMessage};
use crate::web::extractors::{MaybeUser, Query, form_value};
use crate::web::handlers::edit::{self, audit_actions, display_value};
use crate::web::handlers::review::{AnnotationItem, annotation_items};
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
    notice: Option<&'static str>,
}

#[derive(serde::Deserialize, Default)]
pub struct ShowQuery {
    opmerking: Option<String>,
    gecontroleerd: Option<String>,
}

fn yes_no(ctx: &PageContext, v: Option<bool>, key: &str) -> Option<Fact> {
    v.map(|b| Fact { label: ctx.t(key), value: ctx.t(if b { "yes" } else { "no" }) })
}

/// `/plekken/{id}`. Unknown, malformed or hidden ids are a 404.
/// Hidden places are a 404, except for a beheerder (who can unhide them).
pub async fn show(
    ctx: PageContext,
    State(db): State<PgPool>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> AppResult<Response> {
    let p = edit::load_place(&db, &id, user.as_ref()).await?;
    let may_review = user.as_ref().is_some_and(|u| u.can_review_wijk(&p.wijk_code));
    let notes = if may_review {
        let list = annotations::open(&db, Some(p.id)).await?;
        annotation_items(&ctx, list)
    } else {
        Vec::new()
    };
    let mut page = build(ctx, &p, user.as_ref());
    page.notes = notes;
    page.notice = if q.opmerking.is_some() {
        Some("place-notice-annotation")
    } else if q.gecontroleerd.is_some() {
        Some("place-notice-verified")
    } else {
        None
    };
    render(&page)
}

fn build(ctx: PageContext, p: &PlaceRecord, user: Option<&CurrentUser>) -> PlacePage {
    let public_exact = Precision::parse(&p.precision).is_some_and(Precision::is_public);
    let exact = edit::sees_location(user, p);
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
    let location_notice = (!public_exact && !exact).then(|| match &p.buurt_name {
        Some(b) => ctx.t1("place-location-buurt", "buurt", b),
        None => ctx.t1("place-location-wijk", "wijk", &p.wijk_name),
    });
    let stale = p
        .last_verified
        .is_none_or(|d| today.checked_sub_months(Months::new(12)).is_some_and(|limit| d < limit));

    // JSON-LD is for search engines: always the public view.
    let json_ld = json_ld(p, public_exact);
    let point = (exact && !public_exact)
        .then(|| p.lon.zip(p.lat).map(|(lon, lat)| format!("{lat:.6}, {lon:.6}")))
        .flatten();
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
        id: p.id,
        point,
        protected_shown: exact && !public_exact,
        hidden: p.hidden,
        signed_in: user.is_some(),
        may_review: user.is_some_and(|u| u.can_review_wijk(&p.wijk_code)),
        may_hide: user.is_some_and(|u| u.may(Action::HidePlace, &p.wijk_code)),
        notes: Vec::new(),
        notice: None,
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

// ---------------------------------------------------------------- history

pub struct ChangeView {
    pub label: String,
    pub old: String,
    pub new: String,
}

pub struct RevisionView {
    pub version: i32,
    pub kind: String,
    pub who: String,
    pub reviewer: Option<String>,
    pub when: String,
    pub note: String,
    pub changes: Vec<ChangeView>,
    pub restorable: bool,
}

#[derive(Template)]
#[template(path = "places/history.html")]
struct HistoryPage {
    ctx: PageContext,
    id: Uuid,
    name: String,
    version: i32,
    revisions: Vec<RevisionView>,
    may_restore: bool,
}

/// `/plekken/{id}/geschiedenis`: every revision with a readable diff.
/// Values of protected fields are shown only to roles that may see them.
pub async fn history(
    ctx: PageContext,
    State(db): State<PgPool>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let p = edit::load_place(&db, &id, user.as_ref()).await?;
    let sees = user.as_ref().is_some_and(|u| u.sees_protected_fields_in_wijk(&p.wijk_code));
    let may_restore = user.as_ref().is_some_and(|u| u.may(Action::RestoreRevision, &p.wijk_code));
    let list = revisions::for_place(&db, p.id).await?;
    let revisions = list
        .into_iter()
        .map(|r| RevisionView {
            version: r.version,
            kind: ctx.t(&format!("revision-kind-{}", r.kind)),
            who: r.author_email.unwrap_or_else(|| ctx.t("revision-import")),
            reviewer: r.reviewer_email,
            when: format!(
                "{} {}",
                ctx.date(&r.created_at.date_naive()),
                r.created_at.with_timezone(&chrono_tz::Europe::Amsterdam).format("%H:%M")
            ),
            note: r.note,
            changes: r
                .changes
                .iter()
                .filter(|c| !matches!(c.field.as_str(), "bron"))
                .map(|c| {
                    let hide = !sees && PROTECTED_FIELDS.contains(&c.field.as_str());
                    let shown = |v: &str| {
                        if hide {
                            ctx.t("edit-protected-value")
                        } else {
                            display_value(&ctx, &c.field, v)
                        }
                    };
                    ChangeView {
                        label: ctx.t(&format!("field-{}", c.field)),
                        old: shown(&c.old),
                        new: shown(&c.new),
                    }
                })
                .collect(),
            restorable: r.version != p.version && !matches!(r.kind.as_str(), "hide" | "unhide"),
        })
        .collect();
    let page = HistoryPage {
        id: p.id,
        name: p.name.clone(),
        version: p.version,
        revisions,
        may_restore,
        ctx,
    };
    render(&page)
}

fn conflict() -> AppError {
    AppError::Conflict(UserMessage::new("edit-error-conflict"))
}

/// Restores the fields of an earlier version; the restore is itself a new
/// revision. The form carries the version the reviewer looked at.
pub async fn restore(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Path((id, version)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let p = edit::load_place(&db, &id, Some(&me)).await?;
    if !me.may(Action::RestoreRevision, &p.wijk_code) {
        return Err(AppError::Forbidden);
    }
    let target: i32 = version.parse().map_err(|_| AppError::NotFound)?;
    let seen: Option<i32> = form_value(&pairs, "versie").parse().ok();
    let snapshot = revisions::snapshot_at(&db, p.id, target).await?.ok_or(AppError::NotFound)?;
    let mut errors = crate::web::forms::FormErrors::default();
    let (fields, areas) =
        edit::parse_with_areas(&db, &ctx, &revision::for_parsing(&snapshot), &mut errors)
            .await?
            .ok_or_else(|| AppError::bad_request("revision-error-invalid"))?;
    if !me.may(Action::RestoreRevision, &areas.wijk_code) {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    let current = places::get_for_update(&mut tx, p.id).await?.ok_or(AppError::NotFound)?;
    if Some(current.version) != seen {
        return Err(conflict());
    }
    let note = format!("versie {target}");
    edit::publish(&mut tx, &current, &fields, &areas, kinds::RESTORE, me.id, None, &note)
        .await?
        .ok_or_else(conflict)?;
    audit::record(
        &mut *tx,
        Some(me.id),
        audit_actions::PLACE_RESTORED,
        &format!("place:{}", p.id),
        serde_json::json!({ "version": target }),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/plekken/{}/geschiedenis", p.id)).into_response())
}

/// "Gecontroleerd op": confirms in one click that the place is current.
pub async fn verify(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let p = edit::load_place(&db, &id, Some(&me)).await?;
    if !me.may(Action::VerifyPlace, &p.wijk_code) {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    let current = places::get_for_update(&mut tx, p.id).await?.ok_or(AppError::NotFound)?;
    let mut input = current.to_input();
    input.last_verified = OpeningHours::now_local().date().to_string();
    let mut errors = crate::web::forms::FormErrors::default();
    let (fields, areas) =
        edit::parse_with_areas(&db, &ctx, &revision::for_parsing(&input), &mut errors)
            .await?
            .ok_or_else(|| AppError::bad_request("revision-error-invalid"))?;
    edit::publish(&mut tx, &current, &fields, &areas, kinds::VERIFY, me.id, None, "")
        .await?
        .ok_or_else(conflict)?;
    audit::record(
        &mut *tx,
        Some(me.id),
        audit_actions::PLACE_VERIFIED,
        &format!("place:{}", p.id),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/plekken/{}?gecontroleerd=1", p.id)).into_response())
}

/// Hides a place (spam, privacy): beheerder only, with a reason; logged in
/// the audit log and as a revision, and reversible with [`unhide`].
pub async fn hide(
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    set_hidden(db, me, id, pairs, true).await
}

pub async fn unhide(
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    set_hidden(db, me, id, pairs, false).await
}

async fn set_hidden(
    db: PgPool,
    me: CurrentUser,
    id: String,
    pairs: Vec<(String, String)>,
    hidden: bool,
) -> AppResult<Response> {
    let id = Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    let p = places::get(&db, id).await?.ok_or(AppError::NotFound)?;
    if !me.may(Action::HidePlace, &p.wijk_code) {
        // Nobody else may even learn that a hidden place exists.
        return Err(if p.hidden { AppError::NotFound } else { AppError::Forbidden });
    }
    let reason: String = form_value(&pairs, "reden").chars().take(1000).collect();
    if hidden && reason.is_empty() {
        return Err(AppError::bad_request("place-hide-reason-required"));
    }
    let mut tx = db.begin().await?;
    let current = places::get_for_update(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if current.hidden == hidden {
        tx.rollback().await?;
        return Ok(Redirect::to(&format!("/plekken/{id}")).into_response());
    }
    edit::ensure_baseline(&mut tx, &current).await?;
    let version =
        places::set_hidden(&mut *tx, id, current.version, hidden).await?.ok_or_else(conflict)?;
    let yes_no = |b: bool| if b { "ja" } else { "nee" }.to_owned();
    let changes =
        [FieldChange { field: "verborgen".into(), old: yes_no(!hidden), new: yes_no(hidden) }];
    revisions::insert(
        &mut *tx,
        &NewRevision {
            place_id: id,
            version,
            kind: if hidden { kinds::HIDE } else { kinds::UNHIDE },
            author: Some(me.id),
            reviewer: None,
            changes: &changes,
            snapshot: &current.to_input(),
            hidden,
            note: &reason,
        },
    )
    .await?;
    audit::record(
        &mut *tx,
        Some(me.id),
        if hidden { audit_actions::PLACE_HIDDEN } else { audit_actions::PLACE_UNHIDDEN },
        &format!("place:{id}"),
        serde_json::json!({ "reason": reason }),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/plekken/{id}")).into_response())
}
