//! Export downloads: `/export/plekken.{csv,xlsx,geojson,hsds.json}` for one
//! wijk, several wijken (`&wijk=…&wijk=…`), a gemeente or, with
//! `gemeente=alle`, the whole country. `&beschermd=1` adds exact addresses
//! and points and needs the gemeente role for that gemeente (or beheerder).

use askama::Template;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use sqlx::PgPool;

use crate::db::audit;
use crate::db::export::{self as export_rows, ExportQuery, ExportWijk};
use crate::db::overview;
use crate::domain::area::{AreaLevel, CbsCode};
use crate::domain::opening_hours::OpeningHours;
use crate::domain::user::{Action, CurrentUser};
use crate::error::{AppError, AppResult, UserMessage};
use crate::export::{self, Format};
use crate::web::extractors::{MaybeUser, query};
use crate::web::handlers::overview::{ExportLink, export_links};
use crate::web::query_text::short;
use crate::web::templates::{PageContext, render};

/// Wijken one export may name; more is a gemeente export.
const MAX_WIJKEN: usize = 200;

fn flag(value: Option<&str>, name: &'static str) -> AppResult<bool> {
    match value.map(str::trim) {
        None | Some("") | Some("0" | "nee" | "false" | "off") => Ok(false),
        Some("1" | "ja" | "true" | "on") => Ok(true),
        Some(other) => Err(AppError::BadRequest(
            UserMessage::new("error-filter-flag").arg("name", name).arg("value", short(other)),
        )),
    }
}

/// The parsed query of an export URL.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportParams {
    pub query: ExportQuery,
    pub excel: bool,
    /// For the form route: the chosen format.
    pub format: Option<String>,
}

/// Parses the query string by hand, because `wijk` may repeat.
pub fn parse_params(raw: Option<&str>) -> AppResult<ExportParams> {
    let pairs = query::pairs(raw.unwrap_or_default());
    let get = |k: &str| pairs.iter().rev().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
    let mut q = ExportQuery::default();
    let mut national = false;
    match get("gemeente").map(str::trim).filter(|s| !s.is_empty()) {
        None => {}
        Some(s) if s.eq_ignore_ascii_case("alle") => national = true,
        Some(s) => {
            let code = CbsCode::parse(s).filter(|c| c.level() == AreaLevel::Gemeente).ok_or_else(
                || {
                    AppError::BadRequest(
                        UserMessage::new("overview-error-gemeente").arg("value", short(s)),
                    )
                },
            )?;
            q.gemeente = Some(code.into_string());
        }
    }
    for (_, v) in pairs.iter().filter(|(k, _)| k == "wijk") {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        let code = CbsCode::parse(v).filter(|c| c.level() == AreaLevel::Wijk).ok_or_else(|| {
            AppError::BadRequest(UserMessage::new("error-filter-wijk").arg("value", short(v)))
        })?;
        let parent = code.parent().map(CbsCode::into_string);
        if q.gemeente.is_some() && parent != q.gemeente {
            return Err(AppError::BadRequest(
                UserMessage::new("overview-error-wijk-gemeente").arg("value", code.as_str()),
            ));
        }
        if !q.wijken.contains(&code.as_str().to_owned()) {
            q.wijken.push(code.into_string());
        }
    }
    if q.wijken.len() > MAX_WIJKEN {
        return Err(AppError::BadRequest(
            UserMessage::new("overview-error-too-many-wijken").arg("max", MAX_WIJKEN),
        ));
    }
    // All named wijken in one gemeente: that gemeente is the scope.
    if q.gemeente.is_none() && !q.wijken.is_empty() {
        let mut parents: Vec<String> = q
            .wijken
            .iter()
            .filter_map(|w| CbsCode::parse(w)?.parent())
            .map(CbsCode::into_string)
            .collect();
        parents.dedup();
        if parents.len() == 1 {
            q.gemeente = parents.pop();
        }
    }
    if national {
        q.gemeente = None;
    }
    q.include_closed = flag(get("opgeheven"), "opgeheven")?;
    q.protected = flag(get("beschermd"), "beschermd")?;
    let excel = match get("variant").map(str::trim) {
        None | Some("") | Some("komma") => false,
        Some("excel") => true,
        Some(other) => {
            return Err(AppError::BadRequest(
                UserMessage::new("overview-error-variant").arg("value", short(other)),
            ));
        }
    };
    let format = get("formaat").map(|s| s.trim().to_owned());
    // No gemeente and no wijk, and not asked for the whole country: the
    // handler fills in the default gemeente, like the overview.
    if !national && q.gemeente.is_none() && q.wijken.is_empty() {
        q.gemeente = Some(String::new());
    }
    Ok(ExportParams { query: q, excel, format })
}

/// Who may download a protected export of this scope: the gemeente role of
/// that gemeente for every wijk in it, or a beheerder (the only one for a
/// national export).
pub fn may_export_protected(user: &CurrentUser, q: &ExportQuery, wijken: &[ExportWijk]) -> bool {
    if user.is_beheerder() {
        return true;
    }
    if q.gemeente.is_none() && q.wijken.is_empty() {
        return false;
    }
    !wijken.is_empty() && wijken.iter().all(|w| user.may(Action::ExportProtected, &w.code))
}

async fn serve(
    format: Format,
    ctx: PageContext,
    user: Option<CurrentUser>,
    db: PgPool,
    mut q: ExportQuery,
) -> AppResult<Response> {
    if q.gemeente.as_deref() == Some("") {
        q.gemeente = Some(overview::default_gemeente(&db).await?.ok_or(AppError::NotFound)?);
    }
    let wijken = export_rows::export_wijken(&db, &q).await?;
    if wijken.is_empty() || (!q.wijken.is_empty() && wijken.len() != q.wijken.len()) {
        return Err(AppError::NotFound);
    }
    if q.protected {
        let Some(user) = user else {
            let back =
                serde_urlencoded::to_string([("terug", ctx.current.as_str())]).unwrap_or_default();
            return Ok(Redirect::to(&format!("/inloggen?{back}")).into_response());
        };
        if !may_export_protected(&user, &q, &wijken) {
            return Err(AppError::Forbidden);
        }
        let scope = q.gemeente.clone().unwrap_or_else(|| "alle".into());
        audit::record(
            &db,
            Some(user.id),
            "export.protected",
            &format!("gemeente:{scope}"),
            serde_json::json!({ "format": format.extension(), "wijken": q.wijken }),
        )
        .await?;
    }
    let today = OpeningHours::today();
    let name = export::file_name(&q, format, today);
    let private = q.protected;
    let bytes = export::stream(format, db, q).await?;
    let mut response = Body::from_stream(bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if private { "private, no-store" } else { "no-cache" }),
    );
    Ok(response)
}

/// `/export/plekken.{csv,xlsx,geojson,hsds.json}`: the file name chooses the
/// format (`?excel=1` makes the CSV the Dutch Excel variant).
pub async fn download(
    ctx: PageContext,
    MaybeUser(user): MaybeUser,
    State(db): State<PgPool>,
    Path(file): Path<String>,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    let extension = file.strip_prefix("plekken.").ok_or(AppError::NotFound)?;
    let p = parse_params(raw.as_deref())?;
    let format = match extension {
        "csv" if p.excel => Format::CsvExcel,
        "csv" => Format::Csv,
        "xlsx" => Format::Xlsx,
        "geojson" => Format::GeoJson,
        "hsds.json" => Format::Hsds,
        _ => return Err(AppError::NotFound),
    };
    serve(format, ctx, user, db, p.query).await
}

#[derive(Template)]
#[template(path = "export/choose.html")]
struct ChoosePage {
    ctx: PageContext,
    gemeente_code: String,
    gemeente_name: String,
    rows: Vec<ExportWijk>,
    exports: Vec<ExportLink>,
    protected_exports: Vec<ExportLink>,
}

/// `/export/plekken` without a format: the page to choose wijken, format
/// and whether closed places come along, for a gemeente (the default one
/// when none is named), with the ready-made links for all of it.
async fn choose(
    ctx: PageContext,
    user: Option<CurrentUser>,
    db: PgPool,
    mut q: ExportQuery,
) -> AppResult<Response> {
    let gemeente = match q.gemeente.as_deref() {
        Some(g) if !g.is_empty() => g.to_owned(),
        _ => overview::default_gemeente(&db).await?.ok_or(AppError::NotFound)?,
    };
    let gm = overview::get_gemeente(&db, &gemeente).await?.ok_or(AppError::NotFound)?;
    q.gemeente = Some(gm.code.clone());
    q.wijken.clear();
    let rows = export_rows::export_wijken(&db, &q).await?;
    let query = format!("gemeente={}", gm.code);
    let protected = user.as_ref().is_some_and(|u| may_export_protected(u, &q, &rows));
    render(&ChoosePage {
        exports: export_links(&ctx, &query, false),
        protected_exports: if protected { export_links(&ctx, &query, true) } else { Vec::new() },
        gemeente_code: gm.code,
        gemeente_name: gm.name,
        rows,
        ctx,
    })
}

/// `/export/plekken?formaat=…`: the target of the export form on the
/// overview (a form cannot choose its URL without JavaScript). Without a
/// format it is the page with that form.
pub async fn form(
    ctx: PageContext,
    MaybeUser(user): MaybeUser,
    State(db): State<PgPool>,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    let p = parse_params(raw.as_deref())?;
    let format = match p.format.as_deref().filter(|f| !f.is_empty()) {
        None => return choose(ctx, user, db, p.query).await,
        Some("csv") if p.excel => Format::CsvExcel,
        Some("csv") => Format::Csv,
        Some("csv-excel") => Format::CsvExcel,
        Some("xlsx") => Format::Xlsx,
        Some("geojson") => Format::GeoJson,
        Some("hsds") => Format::Hsds,
        Some(other) => {
            return Err(AppError::BadRequest(
                UserMessage::new("overview-error-format").arg("value", short(other)),
            ));
        }
    };
    serve(format, ctx, user, db, p.query).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_wijken_make_one_scope() {
        let p = parse_params(Some("gemeente=GM0599&wijk=WK059901&wijk=wk059903&variant=excel"))
            .unwrap();
        assert_eq!(p.query.gemeente.as_deref(), Some("GM0599"));
        assert_eq!(p.query.wijken, vec!["WK059901", "WK059903"]);
        assert!(p.excel);
        let p = parse_params(Some("wijk=WK059901")).unwrap();
        assert_eq!(p.query.gemeente.as_deref(), Some("GM0599"));
        assert!(parse_params(Some("gemeente=GM0599&wijk=WK036301")).is_err());
        assert!(parse_params(Some("wijk=GM0599")).is_err());
        assert!(parse_params(Some("beschermd=misschien")).is_err());
        assert_eq!(parse_params(Some("gemeente=alle")).unwrap().query.gemeente, None);
        assert_eq!(parse_params(None).unwrap().query.gemeente.as_deref(), Some(""));
    }
}
