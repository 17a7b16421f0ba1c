//! The web upload of places (`/beheer/import`, docs/import.md), for a
//! gemeente user (into their own gemeente) and the beheerder (any), without
//! JavaScript: upload a CSV, XLSX or GeoJSON file (this file), choose or
//! build its mapping (`mapping.rs`, the form in `form.rs`), see the preview
//! and the dry run, then import (`preview.rs`). The file is kept in
//! PostgreSQL between the steps (`ops::import_upload`).

mod form;
mod mapping;
mod preview;

pub use mapping::{choose_mapping, download_mapping, mapping_page, save_mapping};
pub use preview::{import, preview};

use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::auth::form_page;
use crate::domain::user::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::import::table::Table;
use crate::ops::import_upload as ops;
use crate::web::state::AppState;
use crate::web::templates::{PageContext, render};

/// Largest file the upload takes.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// Largest request body of the upload routes: the file, the other fields
/// and the multipart framing. A body between this and the file limit is
/// read and refused with the file's size; a larger one gets the plain
/// "too large" page.
pub const MAX_BODY_BYTES: usize = MAX_FILE_BYTES + 4 * 1024 * 1024;

#[derive(Template)]
#[template(path = "import/upload.html")]
struct UploadPage {
    ctx: PageContext,
    /// The beheerder chooses; a gemeente user sees their own.
    gemeenten: Vec<(String, String)>,
    own_gemeente: Option<String>,
    chosen: String,
    errors: Vec<String>,
}

/// What a multipart form sent: its text fields in order, and the file.
pub(super) struct Submitted {
    pub fields: Vec<(String, String)>,
    pub file: Option<(String, Vec<u8>)>,
}

impl Submitted {
    pub fn value(&self, key: &str) -> String {
        crate::web::extractors::form_value(&self.fields, key)
    }
}

/// Reads a multipart form; a file field named `file_field` with a file
/// name is the file (an empty file input sends no name).
pub(super) async fn read_form(
    mut form: Multipart,
    file_field: &str,
    lang: Lang,
) -> Result<Submitted, String> {
    let mut out = Submitted { fields: Vec::new(), file: None };
    let too_large = || too_large_message(lang, None);
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(_) => return Err(lang.t("upload-error-form")),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let bytes = match field.bytes().await {
            Ok(b) => b,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(_) => return Err(lang.t("upload-error-form")),
        };
        match file_name {
            Some(f) if name == file_field && !f.trim().is_empty() => {
                // Browsers send a bare name; older ones the whole path.
                let base = f.rsplit(['/', '\\']).next().unwrap_or_default().trim().to_owned();
                out.file = Some((base, bytes.to_vec()));
            }
            Some(_) => {}
            None => out.fields.push((name, String::from_utf8_lossy(&bytes).into_owned())),
        }
    }
    Ok(out)
}

/// "Het bestand is te groot …", with its size when known.
fn too_large_message(lang: Lang, size: Option<usize>) -> String {
    let mb = |n: usize| format!("{:.1}", n as f64 / (1024.0 * 1024.0)).replace('.', ",");
    let max = (MAX_FILE_BYTES / (1024 * 1024)).to_string();
    match size {
        Some(n) => lang.t_args("upload-error-too-large-size", &[("size", mb(n)), ("max", max)]),
        None => lang.t_args("upload-error-too-large", &[("max", max)]),
    }
}

/// A gemeente user, or the beheerder; others get a 403.
fn importer(me: &CurrentUser) -> AppResult<()> {
    let own = ops::target_gemeente(me, None);
    if ops::may_import(me, own.as_deref()) { Ok(()) } else { Err(AppError::Forbidden) }
}

async fn upload_page(
    state: &AppState,
    ctx: PageContext,
    me: &CurrentUser,
    chosen: String,
    errors: Vec<String>,
) -> AppResult<UploadPage> {
    let gemeenten =
        if me.is_beheerder() { crate::db::areas::gemeenten(&state.db).await? } else { Vec::new() };
    let own_gemeente = match ops::target_gemeente(me, None) {
        Some(code) if !me.is_beheerder() => {
            let names = crate::db::areas::names(&state.db, std::slice::from_ref(&code)).await?;
            Some(names.into_iter().next().map_or(code.clone(), |(c, n)| format!("{n} ({c})")))
        }
        _ => None,
    };
    Ok(UploadPage { ctx, gemeenten, own_gemeente, chosen, errors })
}

/// `GET /beheer/import`: the upload form.
pub async fn start(
    State(state): State<AppState>,
    ctx: PageContext,
    me: CurrentUser,
) -> AppResult<Response> {
    importer(&me)?;
    render(&upload_page(&state, ctx, &me, String::new(), Vec::new()).await?)
}

/// The form again, with what was wrong.
async fn again(
    state: &AppState,
    ctx: PageContext,
    me: &CurrentUser,
    status: StatusCode,
    chosen: String,
    errors: Vec<String>,
) -> AppResult<Response> {
    form_page(status, &upload_page(state, ctx, me, chosen, errors).await?)
}

/// `POST /beheer/import`: keeps the file when it can be read, then on to
/// its mapping.
pub async fn upload(
    State(state): State<AppState>,
    ctx: PageContext,
    me: CurrentUser,
    form: Multipart,
) -> AppResult<Response> {
    importer(&me)?;
    let (st, lang) = (&state, ctx.lang);
    let sent = match read_form(form, "bestand", lang).await {
        Ok(s) => s,
        Err(m) => {
            return again(st, ctx, &me, StatusCode::PAYLOAD_TOO_LARGE, String::new(), vec![m])
                .await;
        }
    };
    let chosen = sent.value("gemeente");
    let Some((name, data)) = sent.file else {
        let m = lang.t("upload-error-no-file");
        return again(st, ctx, &me, StatusCode::UNPROCESSABLE_ENTITY, chosen, vec![m]).await;
    };
    if data.len() > MAX_FILE_BYTES {
        let m = too_large_message(lang, Some(data.len()));
        return again(st, ctx, &me, StatusCode::PAYLOAD_TOO_LARGE, chosen, vec![m]).await;
    }
    // Refused now rather than after the mapping: what cannot be read.
    let problems = match Table::open(&name, std::io::Cursor::new(data.clone())) {
        Err(e) => e.problems.iter().map(|p| format!("{}: {}", p.location, p.reason)).collect(),
        Ok(mut t) => match t.next_record() {
            None => vec![lang.t("upload-error-header-only")],
            Some(_) => Vec::new(),
        },
    };
    if !problems.is_empty() {
        return again(st, ctx, &me, StatusCode::UNPROCESSABLE_ENTITY, chosen, problems).await;
    }
    let gemeente = Some(chosen.as_str()).filter(|g| !g.is_empty());
    match ops::store(&state.db, &me, gemeente, &name, &data).await {
        Ok(id) => Ok(Redirect::to(&format!("/beheer/import/{id}")).into_response()),
        Err(e) => {
            let text = refusal(&ctx, e)?;
            again(st, ctx, &me, StatusCode::UNPROCESSABLE_ENTITY, chosen, vec![text]).await
        }
    }
}

/// The message of an operation's refusal, or the error for the error page.
pub(super) fn refusal(ctx: &PageContext, e: AppError) -> AppResult<String> {
    match e {
        AppError::BadRequest(m) => Ok(ctx.msg(&m)),
        e => Err(e),
    }
}
