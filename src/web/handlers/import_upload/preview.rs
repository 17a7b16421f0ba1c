//! The last steps of the web upload: the preview (the first rows as they
//! will be stored, with every problem per row) together with the dry run's
//! report, and the import itself with its result page. Both run the same
//! import (`ops::import_upload::run`); the dry run rolls back.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use uuid::Uuid;

use crate::db::import_uploads::Upload;
use crate::domain::place::{PlaceType, Precision, street_only};
use crate::domain::user::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::import::places::Outcome;
use crate::import::report::{PlacesReport, PreviewRow, RowResult, metres};
use crate::import::{ImportError, Location};
use crate::ops::import_upload as ops;
use crate::web::extractors::{Query, form_value};
use crate::web::handlers::auth::form_page;
use crate::web::state::AppState;
use crate::web::templates::PageContext;

/// Problems listed at most; the first ones show the cause.
const SHOWN_PROBLEMS: usize = 200;

/// The report as the page shows it.
pub struct ReportView {
    pub read_as: String,
    pub numbers: Numbers,
    /// "Naam (bron …)" of each place the file no longer has.
    pub missing: Vec<String>,
    pub ignored: String,
    /// "regel 6: Naam → WK059904 Overschie (294 m buiten de wijk)".
    pub assigned: Vec<String>,
}

/// How many rows the file had, left out, added, changed, left alone, and
/// of the missing places marked gestopt.
pub struct Numbers {
    pub rows: usize,
    pub skipped: usize,
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub closed: usize,
}

/// One preview row as the page shows it.
pub struct RowView {
    pub line: String,
    pub name: String,
    pub place_type: String,
    /// The address as the public will see it (per precision).
    pub address: String,
    pub precision: String,
    pub wijk: String,
    pub buurt: String,
    pub result: String,
    pub refused: bool,
    pub problems: Vec<String>,
}

#[derive(Template)]
#[template(path = "import/preview.html")]
struct PreviewPage {
    ctx: PageContext,
    id: Uuid,
    file_name: String,
    report: Option<ReportView>,
    rows: Vec<RowView>,
    problems: Vec<String>,
    /// More problems than listed.
    more: usize,
    /// The import would be stored: offer the button.
    can_import: bool,
    /// Mark places no longer in the file as gestopt.
    close_missing: bool,
}

#[derive(Template)]
#[template(path = "import/result.html")]
struct ResultPage {
    ctx: PageContext,
    file_name: String,
    report: ReportView,
    gemeente: Option<String>,
}

fn report_view(ctx: &PageContext, r: &PlacesReport) -> ReportView {
    let assigned = r
        .assigned
        .iter()
        .map(|a| {
            let mut text = format!("{}: {} → {} {}", a.location, a.name, a.wijk_code, a.wijk_name);
            if a.wijk_metres > 0.0 {
                text.push_str(&format!(
                    " ({})",
                    ctx.t1("upload-outside-wijk", "distance", metres(a.wijk_metres))
                ));
            }
            if let Some(b) = &a.buurt_code {
                text.push_str(&format!(", {b}"));
                if a.buurt_metres > 0.0 {
                    let d = metres(a.buurt_metres);
                    text.push_str(&format!(" ({})", ctx.t1("upload-outside-buurt", "distance", d)));
                }
            }
            text
        })
        .collect();
    ReportView {
        read_as: r.read_as(),
        numbers: Numbers {
            rows: r.rows,
            skipped: r.skipped,
            new: r.new,
            changed: r.changed,
            unchanged: r.unchanged,
            closed: r.closed,
        },
        missing: r.missing.iter().map(|m| format!("{} ({})", m.name, m.source)).collect(),
        ignored: r.ignored_columns.join(", "),
        assigned,
    }
}

/// The preview rows, with the names of their wijk and buurt.
async fn row_views(
    state: &AppState,
    ctx: &PageContext,
    rows: &[PreviewRow],
) -> AppResult<Vec<RowView>> {
    let codes: Vec<String> = rows
        .iter()
        .flat_map(|r| [r.input.wijk.trim().to_owned(), r.input.buurt.trim().to_owned()])
        .filter(|c| !c.is_empty())
        .collect();
    let names = crate::db::areas::names(&state.db, &codes).await?;
    let named = |code: &str| match names.iter().find(|(c, _)| c == code.trim()) {
        Some((c, n)) => format!("{n} ({c})"),
        None => code.trim().to_owned(),
    };
    Ok(rows
        .iter()
        .map(|r| {
            let i = &r.input;
            let precision = Precision::parse(i.precision.trim());
            let address = match precision {
                Some(Precision::Exact) => [i.address.trim(), i.postcode.trim()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", "),
                Some(Precision::Straat) => street_only(i.address.trim()).to_owned(),
                _ => ctx.t("upload-address-not-public"),
            };
            let place_type = PlaceType::parse(i.place_type.trim())
                .map(|t| ctx.t(&t.label_key()))
                .unwrap_or_else(|| i.place_type.trim().to_owned());
            let (result, refused) = match &r.result {
                RowResult::New => (ctx.t("upload-row-new"), false),
                RowResult::Changed(changes) => {
                    let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
                    (ctx.t1("upload-row-changed", "fields", fields.join(", ")), false)
                }
                RowResult::Unchanged => (ctx.t("upload-row-unchanged"), false),
                RowResult::Refused => (ctx.t("upload-row-refused"), true),
            };
            RowView {
                line: r.location.to_string(),
                name: i.name.trim().to_owned(),
                place_type,
                address,
                precision: precision.map(|p| ctx.t(&p.label_key())).unwrap_or_default(),
                wijk: named(&i.wijk),
                buurt: named(&i.buurt),
                result,
                refused,
                problems: r.problems.clone(),
            }
        })
        .collect())
}

fn problem_lines(problems: &[crate::import::Problem]) -> (Vec<String>, usize) {
    let lines = problems
        .iter()
        .take(SHOWN_PROBLEMS)
        .map(|p| match p.location {
            Location::File => p.reason.clone(),
            _ => format!("{}: {}", p.location, p.reason),
        })
        .collect();
    (lines, problems.len().saturating_sub(SHOWN_PROBLEMS))
}

/// Runs the upload's import; a file-level refusal is the page's problem.
async fn outcome(
    state: &AppState,
    me: &CurrentUser,
    upload: &Upload,
    (dry_run, close_missing): (bool, bool),
) -> AppResult<Result<Outcome, ImportError>> {
    match ops::run(&state.db, state.geocoder.as_ref(), me, upload, dry_run, close_missing).await {
        Ok(o) => Ok(Ok(o)),
        Err(e) => match e.downcast::<ImportError>() {
            Ok(refused) => Ok(Err(refused)),
            Err(e) => Err(e.downcast::<AppError>().unwrap_or_else(AppError::Other)),
        },
    }
}

async fn preview_page(
    state: &AppState,
    ctx: PageContext,
    upload: &Upload,
    result: Result<Outcome, ImportError>,
    close_missing: bool,
) -> AppResult<(StatusCode, PreviewPage)> {
    let (report, problems) = match result {
        Ok(o) => (Some(o.report), o.problems),
        Err(e) => (None, e.problems),
    };
    let views = match &report {
        Some(r) => row_views(state, &ctx, &r.preview).await?,
        None => Vec::new(),
    };
    let (lines, more) = problem_lines(&problems);
    let can_import = report.is_some() && lines.is_empty();
    let status = if can_import { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = PreviewPage {
        report: report.as_ref().map(|r| report_view(&ctx, r)),
        ctx,
        id: upload.id,
        file_name: upload.file_name.clone(),
        rows: views,
        problems: lines,
        more,
        can_import,
        close_missing,
    };
    Ok((status, page))
}

/// `?sluiten=1` on the preview, `sluiten=1` in the import form: mark
/// the places the file no longer has as gestopt.
#[derive(Deserialize)]
pub struct PreviewQuery {
    sluiten: Option<String>,
}

/// `GET /beheer/import/{id}/voorbeeld`: the dry run, its report and the
/// first rows as they will be stored. Stores nothing.
pub async fn preview(
    State(state): State<AppState>,
    ctx: PageContext,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Query(q): Query<PreviewQuery>,
) -> AppResult<Response> {
    let upload = ops::load(&state.db, &me, id).await?;
    let close = q.sluiten.is_some_and(|v| !v.is_empty());
    let result = outcome(&state, &me, &upload, (true, close)).await?;
    let (status, page) = preview_page(&state, ctx, &upload, result, close).await?;
    form_page(status, &page)
}

/// `POST /beheer/import/{id}/importeren`: the real import, in one
/// transaction; when anything is refused nothing is stored and the
/// preview shows why.
pub async fn import(
    State(state): State<AppState>,
    ctx: PageContext,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let upload = ops::load(&state.db, &me, id).await?;
    let close = !form_value(&pairs, "sluiten").is_empty();
    match outcome(&state, &me, &upload, (false, close)).await? {
        Ok(o) if o.problems.is_empty() => {
            let page = ResultPage {
                report: report_view(&ctx, &o.report),
                ctx,
                file_name: upload.file_name.clone(),
                gemeente: upload.gemeente_code.clone(),
            };
            form_page(StatusCode::OK, &page)
        }
        result => {
            let (status, page) = preview_page(&state, ctx, &upload, result, close).await?;
            form_page(status, &page)
        }
    }
}
