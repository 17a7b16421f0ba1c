//! The mapping step of the web upload: pick a saved mapping of the
//! gemeente, upload a TOML mapping, or fill the form (`form.rs`); save the
//! chosen mapping for the gemeente and download it as TOML for the
//! command line.

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::form::{self, Extra, FieldRow};
use super::{read_form, refusal};
use crate::db::import_uploads::{SavedMapping, Upload};
use crate::domain::user::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::import::mapping::{Mapping, Plan};
use crate::import::report::PlacesReport;
use crate::import::table::Table;
use crate::ops::import_upload as ops;
use crate::web::extractors::{Query, form_value};
use crate::web::handlers::auth::form_page;
use crate::web::state::AppState;
use crate::web::templates::{PageContext, render};

#[derive(Template)]
#[template(path = "import/mapping.html")]
struct MappingPage {
    ctx: PageContext,
    id: Uuid,
    file_name: String,
    read_as: String,
    headers: Vec<String>,
    gemeente: Option<String>,
    saved: Vec<SavedMapping>,
    rows: Vec<FieldRow>,
    extra: Extra,
    /// The chosen mapping as TOML, once there is one.
    toml: Option<String>,
    errors: Vec<String>,
    notice: Option<String>,
}

impl MappingPage {
    fn when(&self, m: &SavedMapping) -> String {
        let local = m.updated_at.with_timezone(&chrono_tz::Europe::Amsterdam).naive_local();
        self.ctx.lang.date_time(local)
    }
}

/// `?bewaard` after saving, `?gekozen` after choosing.
#[derive(Deserialize)]
pub struct MappingQuery {
    bewaard: Option<String>,
    gekozen: Option<String>,
}

fn table(upload: &Upload) -> AppResult<Table> {
    // The file was read once when it was uploaded; failing now is ours.
    Table::open(&upload.file_name, std::io::Cursor::new(upload.data.clone()))
        .map_err(|e| AppError::Other(anyhow::anyhow!("stored upload does not read: {e}")))
}

/// The page for `shown` (the chosen mapping, or what the form sent).
async fn page(
    state: &AppState,
    ctx: PageContext,
    upload: &Upload,
    shown: Option<&Mapping>,
    errors: Vec<String>,
    notice: Option<String>,
) -> AppResult<MappingPage> {
    let mut t = table(upload)?;
    let headers = t.headers.clone();
    // A CSV's encoding is known once every row was read.
    while t.next_record().is_some() {}
    let mut how = PlacesReport::new(t.format, false);
    (how.delimiter, how.encoding) = (t.delimiter, t.encoding);
    let read_as = how.read_as();
    let mut rows = form::rows(shown, &headers);
    form::add_values(&mut rows, shown, table(upload)?);
    let saved = match &upload.gemeente_code {
        Some(g) => crate::db::import_uploads::mappings_of(&state.db, g).await?,
        None => Vec::new(),
    };
    let chosen = ops::mapping_of(upload).map(|m| ops::forced(upload.gemeente_code.as_deref(), m));
    Ok(MappingPage {
        ctx,
        id: upload.id,
        file_name: upload.file_name.clone(),
        read_as,
        extra: form::extra(shown, &headers),
        headers,
        gemeente: upload.gemeente_code.clone(),
        saved,
        rows,
        toml: chosen.map(|m| m.to_toml()),
        errors,
        notice,
    })
}

/// `GET /beheer/import/{id}`: the mapping step.
pub async fn mapping_page(
    State(state): State<AppState>,
    ctx: PageContext,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Query(q): Query<MappingQuery>,
) -> AppResult<Response> {
    let upload = ops::load(&state.db, &me, id).await?;
    let notice = if q.bewaard.is_some() {
        Some(ctx.t("upload-mapping-saved"))
    } else if q.gekozen.is_some() {
        Some(ctx.t("upload-mapping-chosen"))
    } else {
        None
    };
    let shown = ops::mapping_of(&upload);
    render(&page(&state, ctx, &upload, shown.as_ref(), Vec::new(), notice).await?)
}

/// `POST /beheer/import/{id}/mapping` (multipart): `bron` says which of
/// the three forms was sent: `opgeslagen` (`mapping_id`), `toml` (the
/// file `toml`) or `formulier`. With `verder` the next page is the preview.
pub async fn choose_mapping(
    State(state): State<AppState>,
    ctx: PageContext,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    form: Multipart,
) -> AppResult<Response> {
    let upload = ops::load(&state.db, &me, id).await?;
    let sent = match read_form(form, "toml", ctx.lang).await {
        Ok(s) => s,
        Err(m) => return again(&state, ctx, &upload, None, m).await,
    };
    let gemeente = upload.gemeente_code.as_deref();
    let mapping: Result<Mapping, String> = match sent.value("bron").as_str() {
        "opgeslagen" => match sent.value("mapping_id").parse::<i64>() {
            Ok(n) => Ok(ops::saved_mapping(&state.db, &upload, n).await?),
            Err(_) => Err(ctx.t("upload-error-pick-saved")),
        },
        "toml" => match &sent.file {
            None => Err(ctx.t("upload-error-no-toml")),
            Some((_, bytes)) => match std::str::from_utf8(bytes) {
                Ok(text) => Mapping::parse(text),
                Err(_) => Err(ctx.t("upload-error-toml-encoding")),
            },
        },
        // Through TOML and back: exactly what the command line would read.
        _ => Mapping::parse(&form::read(&sent.fields, gemeente).to_toml()),
    };
    let shown_on_error =
        (sent.value("bron") == "formulier").then(|| form::read(&sent.fields, gemeente));
    let mapping = match mapping {
        Ok(m) => m,
        Err(e) => return again(&state, ctx, &upload, shown_on_error.as_ref(), e).await,
    };
    let mapping = ops::forced(gemeente, mapping);
    if let Err(e) = Plan::new(Some(&mapping), &table(&upload)?) {
        return again(&state, ctx, &upload, Some(&mapping), e).await;
    }
    ops::choose_mapping(&state.db, &me, &upload, mapping).await?;
    let next = if sent.value("verder").is_empty() {
        format!("/beheer/import/{id}?gekozen=1")
    } else {
        format!("/beheer/import/{id}/voorbeeld")
    };
    Ok(Redirect::to(&next).into_response())
}

/// The mapping page again with one problem, the form as it was sent.
async fn again(
    state: &AppState,
    ctx: PageContext,
    upload: &Upload,
    shown: Option<&Mapping>,
    error: String,
) -> AppResult<Response> {
    let fallback = ops::mapping_of(upload);
    let shown = shown.or(fallback.as_ref());
    let p = page(state, ctx, upload, shown, vec![error], None).await?;
    form_page(StatusCode::UNPROCESSABLE_ENTITY, &p)
}

/// `GET /beheer/import/{id}/mapping.toml`: the chosen mapping as the
/// command line reads it.
pub async fn download_mapping(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let upload = ops::load(&state.db, &me, id).await?;
    let mapping = ops::mapping_of(&upload).ok_or(AppError::NotFound)?;
    let text = ops::forced(upload.gemeente_code.as_deref(), mapping).to_toml();
    let stem = upload.file_name.rsplit_once('.').map_or(upload.file_name.as_str(), |(s, _)| s);
    let safe: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
    let disposition = format!("attachment; filename=\"mapping-{safe}.toml\"");
    Ok((
        [
            (header::CONTENT_TYPE, "application/toml; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        text,
    )
        .into_response())
}

/// `POST /beheer/import/{id}/mapping/bewaren`: saves the chosen mapping
/// for the gemeente under `naam`.
pub async fn save_mapping(
    State(state): State<AppState>,
    ctx: PageContext,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let upload = ops::load(&state.db, &me, id).await?;
    let name = form_value(&pairs, "naam");
    match ops::save_mapping(&state.db, &me, &upload, &name).await {
        Ok(_) => Ok(Redirect::to(&format!("/beheer/import/{id}?bewaard=1")).into_response()),
        Err(e) => {
            let message = refusal(&ctx, e)?;
            again(&state, ctx, &upload, None, message).await
        }
    }
}
