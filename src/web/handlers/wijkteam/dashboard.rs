//! `/wijkteam`: every place in the member's wijken, blind spots first,
//! with "Mijn opvolgacties", and the form that sets a wijk's blind-spot
//! threshold (a wrong number re-renders the dashboard with the message
//! next to the field).

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Days;
use serde::Deserialize;
use sqlx::PgPool;
use uuid::Uuid;

use super::{own_wijken, page, wijk_code, wijk_param};
use crate::db::visits::{self, DashboardPlace};
use crate::db::wijken;
use crate::domain::opening_hours::OpeningHours;
use crate::domain::user::{Action, CurrentUser};
use crate::domain::visit::{BlindSpot, Recency, dashboard_order};
use crate::error::{AppError, AppResult, UserMessage};
use crate::ops;
use crate::web::extractors::Query;
use crate::web::templates::{PageContext, render};

/// Follow-ups due within this many days count as "due" on the dashboard.
pub const FOLLOWUP_HORIZON_DAYS: u64 = 7;

// ---------------------------------------------------------------- dashboard

/// One place on the dashboard. The `data-` attributes of its list item feed
/// the map script and the tests.
pub struct PlaceRow {
    pub id: Uuid,
    pub name: String,
    pub type_label: String,
    pub closed_label: Option<String>,
    pub last_visit: Option<String>,
    pub last_visit_iso: String,
    pub next_visit: Option<String>,
    pub visits_12m: i64,
    pub open_followups: i64,
    pub recency: Recency,
    pub recency_label: String,
    pub lat: String,
    pub lon: String,
}

pub struct GroupView {
    pub slug: &'static str,
    pub title: String,
    pub rows: Vec<PlaceRow>,
}

pub struct WijkSection {
    pub code: String,
    pub name: String,
    /// What the threshold field shows (the rejected input after an error).
    pub threshold_input: String,
    pub threshold_error: Option<String>,
    pub can_manage: bool,
    pub groups: Vec<GroupView>,
    pub place_count: usize,
}

pub struct FollowUpView {
    pub visit_id: Uuid,
    pub place_name: String,
    pub place_url: String,
    pub text: String,
    pub due: String,
    pub overdue: bool,
}

pub struct LegendItem {
    pub slug: &'static str,
    pub symbol: &'static str,
    pub label: String,
}

#[derive(Template)]
#[template(path = "wijkteam/dashboard.html")]
struct DashboardPage {
    ctx: PageContext,
    sections: Vec<WijkSection>,
    followups: Vec<FollowUpView>,
    legend: Vec<LegendItem>,
    notice: Option<&'static str>,
    can_log: bool,
}

#[derive(Template)]
#[template(path = "wijkteam/choose.html")]
struct ChoosePage {
    ctx: PageContext,
    options: Vec<wijken::WijkOption>,
}

#[derive(Debug, Default, Deserialize)]
pub struct DashboardQuery {
    wijk: Option<String>,
    opgeslagen: Option<String>,
    drempel: Option<String>,
    klaar: Option<String>,
    verwijderd: Option<String>,
}

/// The wijken whose dashboard `me` sees: the one asked for (if allowed),
/// else their own. Empty for a beheerder who has not chosen yet.
fn dashboard_wijken(me: &CurrentUser, asked: Option<&str>) -> AppResult<Vec<String>> {
    match asked.map(str::trim).filter(|s| !s.is_empty()) {
        Some(raw) => {
            let code = wijk_param(raw)?;
            if me.may(Action::ViewVisitNotes, &code) {
                Ok(vec![code])
            } else {
                Err(AppError::Forbidden)
            }
        }
        None => {
            let own = own_wijken(me);
            if own.is_empty() && !me.is_beheerder() {
                return Err(AppError::Forbidden);
            }
            Ok(own)
        }
    }
}

/// `/wijkteam`: every place in the member's wijken, blind spots first.
pub async fn dashboard(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Query(q): Query<DashboardQuery>,
) -> AppResult<Response> {
    let codes = dashboard_wijken(&me, q.wijk.as_deref())?;
    if codes.is_empty() {
        let options = wijken::wijk_options(&db, None, None).await?;
        return render(&ChoosePage { ctx, options });
    }
    let notice = crate::web::forms::first_notice([
        (q.opgeslagen.is_some(), "wijkteam-notice-saved"),
        (q.drempel.is_some(), "wijkteam-notice-threshold"),
        (q.klaar.is_some(), "wijkteam-notice-done"),
        (q.verwijderd.is_some(), "wijkteam-notice-deleted"),
    ]);
    build_dashboard(ctx, &db, &me, &codes, notice, None).await
}

/// Renders the dashboard; `threshold_error` re-shows a rejected threshold
/// (wijk, input, message) next to its field.
async fn build_dashboard(
    ctx: PageContext,
    db: &PgPool,
    me: &CurrentUser,
    codes: &[String],
    notice: Option<&'static str>,
    threshold_error: Option<(String, String, UserMessage)>,
) -> AppResult<Response> {
    let today = OpeningHours::today();
    let places = visits::dashboard(db, codes, today).await?;
    let mut sections = Vec::new();
    for code in codes {
        let wijk = wijken::get_wijk(db, code).await?;
        let threshold = visits::threshold(db, code).await?;
        let mut rows: Vec<&DashboardPlace> =
            places.iter().filter(|p| &p.wijk_code == code).collect();
        let keyed = |p: &DashboardPlace| {
            let recency = Recency::of(p.last_visit, p.threshold_months, today);
            (BlindSpot::of(p.place_type, recency), recency)
        };
        rows.sort_by(|a, b| {
            dashboard_order(
                (keyed(a).0, a.last_visit, &a.name),
                (keyed(b).0, b.last_visit, &b.name),
            )
        });
        let mut groups: Vec<GroupView> = Vec::new();
        for p in &rows {
            let (group, recency) = keyed(p);
            let row = PlaceRow {
                id: p.id,
                name: p.name.clone(),
                type_label: ctx.t(&p.place_type.label_key()),
                closed_label: (!p.status.is_active()).then(|| ctx.t(&p.status.label_key())),
                last_visit: p.last_visit.map(|d| ctx.date(&d)),
                last_visit_iso: p.last_visit.map(|d| d.to_string()).unwrap_or_default(),
                next_visit: p.next_visit.map(|d| ctx.date(&d)),
                visits_12m: p.visits_12m,
                open_followups: p.open_followups,
                recency,
                recency_label: recency_label(&ctx, recency, p.threshold_months),
                lat: p.lat.map(|x| format!("{x:.6}")).unwrap_or_default(),
                lon: p.lon.map(|x| format!("{x:.6}")).unwrap_or_default(),
            };
            match groups.last_mut() {
                Some(g) if g.slug == group.slug() => g.rows.push(row),
                _ => groups.push(GroupView {
                    slug: group.slug(),
                    title: group_title(&ctx, group, threshold),
                    rows: vec![row],
                }),
            }
        }
        let (threshold_input, error) = match &threshold_error {
            Some((w, input, m)) if w == code => (input.clone(), Some(ctx.msg(m))),
            _ => (threshold.to_string(), None),
        };
        sections.push(WijkSection {
            name: wijk.map(|w| w.name).unwrap_or_else(|| code.clone()),
            code: code.clone(),
            threshold_input,
            threshold_error: error,
            can_manage: me.may(Action::LogVisit, code),
            place_count: rows.len(),
            groups,
        });
    }
    let until = today.checked_add_days(Days::new(FOLLOWUP_HORIZON_DAYS)).unwrap_or(today);
    let own: Vec<String> = codes.iter().filter(|c| me.may(Action::LogVisit, c)).cloned().collect();
    let followups = visits::my_followups(db, me.id, &own, until)
        .await?
        .into_iter()
        .map(|f| FollowUpView {
            place_url: format!("/wijkteam/plekken/{}", f.place_id),
            visit_id: f.visit_id,
            place_name: f.place_name,
            text: if f.text.is_empty() { ctx.t("wijkteam-text-erased") } else { f.text },
            due: ctx.date(&f.due),
            overdue: f.due < today,
        })
        .collect();
    let legend = Recency::ALL
        .iter()
        .map(|r| LegendItem {
            slug: r.slug(),
            symbol: r.symbol(),
            label: ctx.t(&format!("{}-legend", r.label_key())),
        })
        .collect();
    let status =
        if threshold_error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let can_log = !own.is_empty();
    page(status, &DashboardPage { ctx, sections, followups, legend, notice, can_log })
}

fn recency_label(ctx: &PageContext, r: Recency, months: i32) -> String {
    ctx.t1(r.label_key(), "months", months)
}

fn group_title(ctx: &PageContext, g: BlindSpot, months: i32) -> String {
    match g {
        BlindSpot::InformalNeverVisited => ctx.t("wijkteam-group-informeel-nooit"),
        BlindSpot::NotVisitedLately => ctx.t1("wijkteam-group-lang-niet", "months", months),
        BlindSpot::Rest => ctx.t("wijkteam-group-rest"),
    }
}

// ---------------------------------------------------------------- threshold

#[derive(Debug, Deserialize)]
pub struct ThresholdForm {
    #[serde(default)]
    wijk: String,
    #[serde(default)]
    maanden: String,
}

/// `POST /wijkteam/drempel`: the wijk's blind-spot threshold in months.
pub async fn set_threshold(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Form(form): Form<ThresholdForm>,
) -> AppResult<Response> {
    let code = wijk_code(&form.wijk).ok_or(AppError::Forbidden)?;
    match ops::visits::set_threshold(&db, &me, &code, &form.maanden).await? {
        Ok(_) => Ok(Redirect::to("/wijkteam?drempel=1").into_response()),
        Err(m) => {
            let codes = dashboard_wijken(&me, None)?;
            let input: String = form.maanden.chars().take(10).collect();
            build_dashboard(ctx, &db, &me, &codes, None, Some((code, input, m))).await
        }
    }
}
