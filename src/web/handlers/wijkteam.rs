//! The wijkteam's own pages: the dashboard with blind spots and a
//! recency map, logging a visit, one visit with its notes (audited when it
//! is someone else's), a place's visit history, follow-ups, the blind-spot
//! threshold, the team's CSV export, and visit figures (aggregates only).
//!
//! Every check goes through the rights matrix: `LogVisit` to log and to
//! manage the dashboard, `ViewVisitNotes` to read notes, and
//! `ViewVisitAggregates` for the figures.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{Datelike, Days, NaiveDate};
use serde::Deserialize;
use sqlx::PgPool;
use uuid::Uuid;

use crate::db::audit;
use crate::db::visits::{self, DashboardPlace, Member, actions};
use crate::db::wijken;
use crate::domain::area::{AreaLevel, CbsCode};
use crate::domain::opening_hours::OpeningHours;
use crate::domain::place::PlaceType;
use crate::domain::user::{Action, CurrentUser, gemeente_of_wijk};
use crate::domain::visit::{
    BlindSpot, NewVisit, Purpose, Recency, VisitFormInput, dashboard_order, parse_threshold,
};
use crate::error::{AppError, AppResult, UserMessage};
use crate::web::extractors::Query;
use crate::web::forms::FormErrors;
use crate::web::templates::{PageContext, render};

/// Follow-ups due within this many days count as "due" on the dashboard.
pub const FOLLOWUP_HORIZON_DAYS: u64 = 7;

fn today() -> NaiveDate {
    OpeningHours::now_local().date()
}

fn wijk_code(s: &str) -> Option<String> {
    CbsCode::parse(s.trim()).filter(|c| c.level() == AreaLevel::Wijk).map(CbsCode::into_string)
}

fn page<T: Template>(status: StatusCode, page: &T) -> AppResult<Response> {
    Ok((status, Html(page.render()?)).into_response())
}

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
    pub group: BlindSpot,
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
    pub threshold: i32,
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

#[derive(Template)]
#[template(path = "wijkteam/choose_gemeente.html")]
struct ChooseGemeentePage {
    ctx: PageContext,
    options: Vec<wijken::GemeenteOption>,
}

#[derive(Debug, Default, Deserialize)]
pub struct DashboardQuery {
    wijk: Option<String>,
    opgeslagen: Option<String>,
    drempel: Option<String>,
    klaar: Option<String>,
}

/// The wijken whose dashboard `me` sees: the one asked for (if allowed),
/// else their own. Empty for a beheerder who has not chosen yet.
fn dashboard_wijken(me: &CurrentUser, asked: Option<&str>) -> AppResult<Vec<String>> {
    match asked.map(str::trim).filter(|s| !s.is_empty()) {
        Some(raw) => {
            let code = wijk_code(raw).ok_or_else(|| {
                AppError::BadRequest(
                    UserMessage::new("wijkteam-error-wijk")
                        .arg("value", raw.chars().take(40).collect::<String>()),
                )
            })?;
            if me.may(Action::ViewVisitNotes, &code) {
                Ok(vec![code])
            } else {
                Err(AppError::Forbidden)
            }
        }
        None => {
            let own: Vec<String> =
                me.wijken.iter().filter(|w| me.may(Action::LogVisit, w)).cloned().collect();
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
    let notice = if q.opgeslagen.is_some() {
        Some("wijkteam-notice-saved")
    } else if q.drempel.is_some() {
        Some("wijkteam-notice-threshold")
    } else if q.klaar.is_some() {
        Some("wijkteam-notice-done")
    } else {
        None
    };
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
    let today = today();
    let places = visits::dashboard(db, codes, today).await?;
    let mut sections = Vec::new();
    for code in codes {
        let wijk = wijken::get_wijk(db, code).await?;
        let threshold = visits::threshold(db, code).await?;
        let mut rows: Vec<&DashboardPlace> =
            places.iter().filter(|p| &p.wijk_code == code).collect();
        let keyed = |p: &DashboardPlace| {
            let recency = Recency::of(p.last_visit, p.threshold_months, today);
            (BlindSpot::of(PlaceType::parse(&p.place_type), recency), recency)
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
                type_label: ctx.t(&format!("type-{}", p.place_type)),
                closed_label: (p.status != "actief")
                    .then(|| ctx.t(&format!("status-{}", p.status))),
                last_visit: p.last_visit.map(|d| ctx.date(&d)),
                last_visit_iso: p.last_visit.map(|d| d.to_string()).unwrap_or_default(),
                next_visit: p.next_visit.map(|d| ctx.date(&d)),
                visits_12m: p.visits_12m,
                open_followups: p.open_followups,
                recency,
                recency_label: recency_label(&ctx, recency, p.threshold_months),
                group,
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
            threshold,
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
    if !me.may(Action::LogVisit, &code) {
        return Err(AppError::Forbidden);
    }
    match parse_threshold(&form.maanden) {
        Ok(months) => {
            let mut tx = db.begin().await?;
            visits::set_threshold(&mut *tx, &code, months, me.id).await?;
            audit::record(
                &mut *tx,
                Some(me.id),
                actions::THRESHOLD_CHANGED,
                &format!("wijk:{code}"),
                serde_json::json!({ "months": months }),
            )
            .await?;
            tx.commit().await?;
            Ok(Redirect::to("/wijkteam?drempel=1").into_response())
        }
        Err(m) => {
            let codes = dashboard_wijken(&me, None)?;
            let input: String = form.maanden.chars().take(10).collect();
            build_dashboard(ctx, &db, &me, &codes, None, Some((code, input, m))).await
        }
    }
}

// ---------------------------------------------------------------- log a visit

pub struct Choice {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "wijkteam/visit_form.html")]
struct VisitFormPage {
    ctx: PageContext,
    errors: FormErrors,
    place_id: Uuid,
    place_name: String,
    wijk_name: String,
    form: VisitFormInput,
    purposes: Vec<Choice>,
    colleagues: Vec<Choice>,
    today: String,
}

#[derive(Template)]
#[template(path = "wijkteam/choose_place.html")]
struct ChoosePlacePage {
    ctx: PageContext,
    places: Vec<(Uuid, String, String)>,
}

#[derive(Debug, Deserialize)]
pub struct NewVisitQuery {
    plek: Option<String>,
}

/// The place a visit is logged for, if `me` may log there: 404 for an
/// unknown place, 403 outside the member's wijken.
async fn place_for_logging(
    db: &PgPool,
    me: &CurrentUser,
    raw: &str,
) -> AppResult<visits::VisitPlace> {
    let id = Uuid::parse_str(raw.trim()).map_err(|_| AppError::NotFound)?;
    let place = visits::place(db, id).await?.filter(|p| !p.hidden).ok_or(AppError::NotFound)?;
    if !me.may(Action::LogVisit, &place.wijk_code) {
        return Err(AppError::Forbidden);
    }
    Ok(place)
}

fn visit_form_page(
    ctx: PageContext,
    me: &CurrentUser,
    place: &visits::VisitPlace,
    team: &[Member],
    form: VisitFormInput,
    errors: FormErrors,
) -> VisitFormPage {
    let purposes = Purpose::ALL
        .iter()
        .map(|p| Choice {
            value: p.slug().to_owned(),
            label: ctx.t(&p.label_key()),
            checked: form.doel == p.slug(),
        })
        .collect();
    let colleagues = team
        .iter()
        .filter(|m| m.id != me.id)
        .map(|m| Choice {
            value: m.id.to_string(),
            label: m.email.clone(),
            checked: form.leden.iter().any(|l| l.trim() == m.id.to_string()),
        })
        .collect();
    VisitFormPage {
        ctx,
        errors,
        place_id: place.id,
        place_name: place.name.clone(),
        wijk_name: place.wijk_name.clone(),
        form,
        purposes,
        colleagues,
        today: today().to_string(),
    }
}

/// `GET /wijkteam/bezoeken/nieuw?plek=<id>`; without a place, a list to
/// choose from (a plain GET form, so it works without JavaScript).
pub async fn new_visit(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Query(q): Query<NewVisitQuery>,
) -> AppResult<Response> {
    let Some(raw) = q.plek.filter(|s| !s.trim().is_empty()) else {
        let own: Vec<String> =
            me.wijken.iter().filter(|w| me.may(Action::LogVisit, w)).cloned().collect();
        if own.is_empty() {
            return Err(AppError::Forbidden);
        }
        let mut list = visits::dashboard(&db, &own, today()).await?;
        list.sort_by(|a, b| a.wijk_name.cmp(&b.wijk_name).then(a.name.cmp(&b.name)));
        let places = list.into_iter().map(|p| (p.id, p.name, p.wijk_name)).collect();
        return render(&ChoosePlacePage { ctx, places });
    };
    let place = place_for_logging(&db, &me, &raw).await?;
    let team = visits::team_of(&db, &place.wijk_code).await?;
    let form = VisitFormInput { datum: today().to_string(), ..Default::default() };
    let p = visit_form_page(ctx, &me, &place, &team, form, FormErrors::default());
    page(StatusCode::OK, &p)
}

/// `POST /wijkteam/bezoeken`: stores the visit, or shows the form again
/// with the input kept and a message next to each wrong field (422).
pub async fn create_visit(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let raw_place = pairs.iter().find(|(k, _)| k == "plek").map(|(_, v)| v.as_str());
    let place = place_for_logging(&db, &me, raw_place.unwrap_or_default()).await?;
    let team = visits::team_of(&db, &place.wijk_code).await?;
    let team_ids: Vec<Uuid> = team.iter().map(|m| m.id).collect();
    let input = VisitFormInput::from_pairs(&pairs);
    let visit = match NewVisit::parse(&input, me.id, &team_ids, today()) {
        Ok(v) => v,
        Err(field_errors) => {
            let mut errors = FormErrors::default();
            for (field, m) in &field_errors {
                errors.add(&ctx, field, m);
            }
            let p = visit_form_page(ctx, &me, &place, &team, input, errors);
            return page(StatusCode::UNPROCESSABLE_ENTITY, &p);
        }
    };
    let mut tx = db.begin().await?;
    let id = visits::insert(&mut tx, &visit, place.id, &place.wijk_code, me.id)
        .await
        .map_err(AppError::from_constraint)?;
    audit::record(
        &mut *tx,
        Some(me.id),
        actions::CREATED,
        &format!("visit:{id}"),
        serde_json::json!({ "place": place.id, "wijk": place.wijk_code }),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/wijkteam?opgeslagen=1").into_response())
}

// ---------------------------------------------------------------- one visit

#[derive(Template)]
#[template(path = "wijkteam/visit.html")]
struct VisitPage {
    ctx: PageContext,
    v: visits::VisitDetail,
    visited_on: String,
    purpose_label: String,
    followup_due: Option<String>,
    next_visit: Option<String>,
    can_close_followup: bool,
}

/// `/wijkteam/bezoeken/{id}`: the visit with its notes. Reading another
/// member's notes is written to the audit log first.
pub async fn show_visit(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    let v = visits::get(&db, id).await?.ok_or(AppError::NotFound)?;
    if !me.may(Action::ViewVisitNotes, &v.wijk_code) {
        return Err(AppError::Forbidden);
    }
    if !v.is_own(me.id) {
        audit::record(
            &db,
            Some(me.id),
            actions::NOTES_VIEWED,
            &format!("visit:{}", v.id),
            serde_json::json!({ "place": v.place_id, "wijk": v.wijk_code }),
        )
        .await?;
    }
    let p = VisitPage {
        visited_on: ctx.date(&v.visited_on),
        purpose_label: Purpose::parse(&v.purpose)
            .map(|p| ctx.t(&p.label_key()))
            .unwrap_or_else(|| v.purpose.clone()),
        followup_due: v.followup_due.map(|d| ctx.date(&d)),
        next_visit: v.next_visit_on.map(|d| ctx.date(&d)),
        can_close_followup: me.may(Action::LogVisit, &v.wijk_code)
            && v.followup_due.is_some()
            && v.followup_done_at.is_none(),
        ctx,
        v,
    };
    render(&p)
}

/// `POST /wijkteam/bezoeken/{id}/opvolging-klaar`.
pub async fn followup_done(
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    let v = visits::get(&db, id).await?.ok_or(AppError::NotFound)?;
    if !me.may(Action::LogVisit, &v.wijk_code) {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    if visits::mark_followup_done(&mut *tx, id, me.id).await? {
        audit::record(
            &mut *tx,
            Some(me.id),
            actions::FOLLOWUP_DONE,
            &format!("visit:{id}"),
            serde_json::json!({ "wijk": v.wijk_code }),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Redirect::to("/wijkteam?klaar=1").into_response())
}

// ---------------------------------------------------------------- history

pub struct HistoryRow {
    pub id: Uuid,
    pub date: String,
    pub purpose: String,
    pub members: String,
    pub followup: Option<String>,
    pub has_notes: bool,
}

#[derive(Template)]
#[template(path = "wijkteam/place.html")]
struct PlaceHistoryPage {
    ctx: PageContext,
    place: visits::VisitPlace,
    type_label: String,
    rows: Vec<HistoryRow>,
    can_log: bool,
}

/// `/wijkteam/plekken/{id}`: every visit to a place, without free text
/// (each visit links to its page with the notes).
pub async fn place_history(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    let place = visits::place(&db, id).await?.ok_or(AppError::NotFound)?;
    if !me.may(Action::ViewVisitNotes, &place.wijk_code) {
        return Err(AppError::Forbidden);
    }
    let rows = visits::of_place(&db, id)
        .await?
        .into_iter()
        .map(|v| HistoryRow {
            id: v.id,
            date: ctx.date(&v.visited_on),
            purpose: Purpose::parse(&v.purpose).map(|p| ctx.t(&p.label_key())).unwrap_or(v.purpose),
            members: v.members.join(", "),
            followup: v.followup_due.map(|d| {
                let key = if v.followup_open {
                    "wijkteam-followup-open"
                } else {
                    "wijkteam-followup-closed"
                };
                ctx.t1(key, "date", ctx.date(&d))
            }),
            has_notes: v.has_notes,
        })
        .collect();
    let p = PlaceHistoryPage {
        type_label: ctx.t(&format!("type-{}", place.place_type)),
        can_log: me.may(Action::LogVisit, &place.wijk_code) && !place.hidden,
        ctx,
        place,
        rows,
    };
    render(&p)
}

// ---------------------------------------------------------------- export

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    wijk: Option<String>,
    formaat: Option<String>,
}

/// `/wijkteam/export.csv?wijk=WK…`: the wijk's visits with notes, for its
/// own team and beheerder. UTF-8; `formaat=excel` gives the semicolon
/// variant with a BOM that Dutch Excel opens directly. Written to the
/// audit log, as it holds other members' notes.
pub async fn export_csv(
    State(db): State<PgPool>,
    me: CurrentUser,
    Query(q): Query<ExportQuery>,
) -> AppResult<Response> {
    let raw = q.wijk.as_deref().unwrap_or_default();
    let code = wijk_code(raw).ok_or_else(|| {
        AppError::BadRequest(
            UserMessage::new("wijkteam-error-wijk")
                .arg("value", raw.chars().take(40).collect::<String>()),
        )
    })?;
    if !me.may(Action::ViewVisitNotes, &code) {
        return Err(AppError::Forbidden);
    }
    let excel = match q.formaat.as_deref().map(str::trim) {
        None | Some("") | Some("csv") => false,
        Some("excel") => true,
        Some(other) => {
            return Err(AppError::BadRequest(
                UserMessage::new("wijkteam-error-format")
                    .arg("value", other.chars().take(40).collect::<String>()),
            ));
        }
    };
    let rows = visits::export_rows(&db, &code).await?;
    let body = visits_csv(&rows, excel).map_err(|e| AppError::Other(e.into()))?;
    let others = rows.iter().filter(|r| r.logged_by != Some(me.id)).count();
    audit::record(
        &db,
        Some(me.id),
        actions::EXPORTED,
        &format!("wijk:{code}"),
        serde_json::json!({ "rows": rows.len(), "others": others, "excel": excel }),
    )
    .await?;
    let filename = format!("bezoeken-{code}-{}.csv", today());
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}

/// Column names are Dutch, as the team reads them in a spreadsheet.
pub const CSV_HEADER: [&str; 16] = [
    "bezoek_id",
    "datum",
    "plek_id",
    "plek",
    "type",
    "wijk",
    "doel",
    "duur_minuten",
    "teamleden",
    "partners",
    "wat_gezien",
    "opvolging",
    "opvolging_datum",
    "opvolging_klaar",
    "volgend_bezoek",
    "vastgelegd_door",
];

fn visits_csv(rows: &[visits::ExportRow], excel: bool) -> Result<Vec<u8>, csv::Error> {
    let mut out = Vec::new();
    if excel {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    let mut w =
        csv::WriterBuilder::new().delimiter(if excel { b';' } else { b',' }).from_writer(out);
    w.write_record(CSV_HEADER)?;
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    for r in rows {
        w.write_record([
            r.id.to_string(),
            r.visited_on.to_string(),
            r.place_id.to_string(),
            r.place_name.clone(),
            r.place_type.clone(),
            r.wijk_code.clone(),
            r.purpose.clone(),
            r.duration_minutes.map(|n| n.to_string()).unwrap_or_default(),
            r.members.join("; "),
            r.partners.join("; "),
            r.notes.clone(),
            r.followup_text.clone(),
            date(r.followup_due),
            r.followup_done_at.map(|d| d.date_naive().to_string()).unwrap_or_default(),
            date(r.next_visit_on),
            r.logged_by_email.clone().unwrap_or_default(),
        ])?;
    }
    w.flush()?;
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

// ---------------------------------------------------------------- figures

pub struct CoverageRow {
    pub code: String,
    pub name: String,
    pub places: String,
    pub visited: String,
    pub percent: Option<String>,
    pub visits: String,
}

pub struct MonthRow {
    pub wijk_name: String,
    pub month: String,
    pub visits: String,
}

#[derive(Template)]
#[template(path = "wijkteam/figures.html")]
struct FiguresPage {
    ctx: PageContext,
    gemeente: String,
    rows: Vec<CoverageRow>,
    months: Vec<MonthRow>,
}

#[derive(Debug, Deserialize)]
pub struct FiguresQuery {
    gemeente: Option<String>,
}

/// `/wijkteam/cijfers`: visit coverage and visits per month per wijk.
/// Aggregates only: no notes, no names. Rows are limited to the wijken
/// where the visitor has `ViewVisitAggregates`.
pub async fn figures(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Query(q): Query<FiguresQuery>,
) -> AppResult<Response> {
    let asked = q.gemeente.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let gemeente = match asked {
        Some(s) => CbsCode::parse(s)
            .filter(|c| c.level() == AreaLevel::Gemeente)
            .map(CbsCode::into_string)
            .ok_or_else(|| {
                AppError::BadRequest(
                    UserMessage::new("error-filter-gemeente")
                        .arg("value", s.chars().take(40).collect::<String>()),
                )
            })?,
        None => match (&me.gemeente, me.wijken.first()) {
            (Some(g), _) => g.clone(),
            (None, Some(w)) => gemeente_of_wijk(w).ok_or(AppError::Forbidden)?,
            (None, None) => match wijken::single_gemeente(&db).await? {
                Some(g) => gemeente_of_wijk(&g).unwrap_or(g),
                // Someone without a scope (a beheerder) and several
                // gemeenten: let them choose instead of guessing.
                None if me.is_beheerder() => {
                    let options = wijken::gemeente_options(&db).await?;
                    return render(&ChooseGemeentePage { ctx, options });
                }
                None => return Err(AppError::Forbidden),
            },
        },
    };
    let today = today();
    let coverage: Vec<_> = visits::coverage_per_wijk(&db, &gemeente, today)
        .await?
        .into_iter()
        .filter(|c| me.may(Action::ViewVisitAggregates, &c.wijk_code))
        .collect();
    if coverage.is_empty() {
        return Err(AppError::Forbidden);
    }
    let from = crate::domain::visit::year_ago(today).with_day(1).unwrap_or(today);
    let months = visits::visits_per_wijk_per_month(&db, &gemeente, from, today)
        .await?
        .into_iter()
        .filter(|m| me.may(Action::ViewVisitAggregates, &m.wijk_code))
        .map(|m| MonthRow {
            wijk_name: coverage
                .iter()
                .find(|c| c.wijk_code == m.wijk_code)
                .map(|c| c.wijk_name.clone())
                .unwrap_or(m.wijk_code),
            month: m.month.format_localized("%B %Y", ctx.lang.chrono_locale()).to_string(),
            visits: ctx.int(&m.visits),
        })
        .collect();
    let rows = coverage
        .iter()
        .map(|c| CoverageRow {
            code: c.wijk_code.clone(),
            name: c.wijk_name.clone(),
            places: ctx.int(&c.places),
            visited: ctx.int(&c.visited_12m),
            percent: c.percent().map(|p| format!("{p}%")),
            visits: ctx.int(&c.visits_12m),
        })
        .collect();
    render(&FiguresPage { ctx, gemeente, rows, months })
}
