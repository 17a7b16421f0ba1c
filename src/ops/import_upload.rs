//! The web upload of a places file (`/beheer/import`): keep the file
//! between the steps, choose its mapping, save a mapping for the gemeente
//! (audited), and run the import (a dry run for the preview, then the real
//! one, which `import::places` runs in one transaction and audits). A
//! gemeente user imports only into their own gemeente: the mapping's
//! gemeente is replaced by theirs, whatever the file or the form says.

use uuid::Uuid;

use crate::db::import_uploads::{self, Upload};
use crate::domain::user::{Action, CurrentUser};
use crate::error::{AppError, AppResult, UserMessage};
use crate::import::mapping::Mapping;
use crate::import::places::{self, Options, Outcome};

/// Rows the preview shows.
pub const PREVIEW_ROWS: usize = 20;

/// The gemeente an import by `me` goes into: a gemeente user's own (what
/// they chose does not matter), a beheerder's choice (or none).
pub fn target_gemeente(me: &CurrentUser, chosen: Option<&str>) -> Option<String> {
    if me.is_beheerder() {
        chosen.map(|g| g.trim().to_ascii_uppercase()).filter(|g| !g.is_empty())
    } else {
        me.gemeente.clone()
    }
}

/// Whether `me` may import into `gemeente` (a beheerder also without one).
pub fn may_import(me: &CurrentUser, gemeente: Option<&str>) -> bool {
    me.may(Action::ImportPlaces, gemeente.unwrap_or_default())
}

/// The mapping as it will be used: its gemeente is the upload's when the
/// upload has one (always for a gemeente user).
pub fn forced(upload_gemeente: Option<&str>, mut mapping: Mapping) -> Mapping {
    if let Some(g) = upload_gemeente {
        mapping.gemeente = Some(g.to_owned());
    }
    mapping
}

/// Keeps an uploaded file for its owner; removes expired uploads first.
pub async fn store(
    db: &sqlx::PgPool,
    me: &CurrentUser,
    chosen_gemeente: Option<&str>,
    file_name: &str,
    data: &[u8],
) -> AppResult<Uuid> {
    let gemeente = target_gemeente(me, chosen_gemeente);
    if !may_import(me, gemeente.as_deref()) {
        return Err(AppError::Forbidden);
    }
    let id = Uuid::new_v4();
    let mut tx = db.begin().await?;
    import_uploads::delete_expired(&mut *tx).await?;
    if let Err(e) =
        import_uploads::insert(&mut *tx, id, me.id, gemeente.as_deref(), file_name, data).await
    {
        let constraint = e.as_database_error().and_then(|d| d.constraint());
        if constraint == Some("import_uploads_gemeente_code_fkey") {
            return Err(AppError::BadRequest(UserMessage::new("upload-error-gemeente-unknown")));
        }
        return Err(AppError::Database(e));
    }
    tx.commit().await?;
    Ok(id)
}

/// An upload of `me`, when it may still be used.
pub async fn load(db: &sqlx::PgPool, me: &CurrentUser, id: Uuid) -> AppResult<Upload> {
    // Who may not import at all is told so; another's upload is not found.
    if !may_import(me, target_gemeente(me, None).as_deref()) {
        return Err(AppError::Forbidden);
    }
    let upload = import_uploads::get(db, id, me.id).await?.ok_or(AppError::NotFound)?;
    if !may_import(me, upload.gemeente_code.as_deref()) {
        return Err(AppError::Forbidden);
    }
    Ok(upload)
}

/// Sets the mapping of an upload (its gemeente forced, see [`forced`]).
pub async fn choose_mapping(
    db: &sqlx::PgPool,
    me: &CurrentUser,
    upload: &Upload,
    mapping: Mapping,
) -> AppResult<Mapping> {
    let mapping = forced(upload.gemeente_code.as_deref(), mapping);
    let mut tx = db.begin().await?;
    if !import_uploads::set_mapping(&mut *tx, upload.id, me.id, &mapping.to_toml()).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(mapping)
}

/// Saves the upload's mapping for its gemeente under `name`, audited.
pub async fn save_mapping(
    db: &sqlx::PgPool,
    me: &CurrentUser,
    upload: &Upload,
    name: &str,
) -> AppResult<i64> {
    let Some(gemeente) = upload.gemeente_code.as_deref() else {
        return Err(AppError::BadRequest(UserMessage::new("upload-error-save-no-gemeente")));
    };
    if !may_import(me, Some(gemeente)) {
        return Err(AppError::Forbidden);
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::BadRequest(UserMessage::new("upload-error-save-name")));
    }
    let Some(text) = upload.mapping.as_deref() else {
        return Err(AppError::BadRequest(UserMessage::new("upload-error-save-no-mapping")));
    };
    let mut tx = db.begin().await?;
    let id = import_uploads::save_mapping(&mut *tx, gemeente, name, text, me.id).await?;
    crate::db::audit::record(
        &mut *tx,
        Some(me.id),
        "import.mapping_saved",
        &format!("gemeente:{gemeente}"),
        serde_json::json!({ "name": name, "mapping": id }),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A saved mapping of the upload's gemeente, parsed.
pub async fn saved_mapping(db: &sqlx::PgPool, upload: &Upload, id: i64) -> AppResult<Mapping> {
    let Some(gemeente) = upload.gemeente_code.as_deref() else {
        return Err(AppError::NotFound);
    };
    let text = import_uploads::mapping_text(db, gemeente, id).await?.ok_or(AppError::NotFound)?;
    Mapping::parse(&text).map_err(|e| AppError::Other(anyhow::anyhow!("saved mapping {id}: {e}")))
}

/// The upload's mapping, when one was chosen.
pub fn mapping_of(upload: &Upload) -> Option<Mapping> {
    upload.mapping.as_deref().and_then(|t| Mapping::parse(t).ok())
}

/// Runs the import of an upload: a dry run (the preview) or the real
/// import (with `close_missing`, places of the source that the file no
/// longer has are marked gestopt, as `--close-missing` does), which stores
/// everything or nothing (one transaction, audited
/// as `import.places` by `import::places`). After a stored import the
/// upload is removed; should that fail, its expiry removes it later.
pub async fn run(
    db: &sqlx::PgPool,
    geocoder: Option<&crate::geocode::Geocoder>,
    me: &CurrentUser,
    upload: &Upload,
    dry_run: bool,
    close_missing: bool,
) -> anyhow::Result<Outcome> {
    if !may_import(me, upload.gemeente_code.as_deref()) {
        return Err(AppError::Forbidden.into());
    }
    let mapping = mapping_of(upload).map(|m| forced(upload.gemeente_code.as_deref(), m));
    let mut opts = Options::new(mapping);
    opts.dry_run = dry_run;
    opts.close_missing = close_missing;
    opts.gemeente = upload.gemeente_code.clone();
    opts.author = Some(me.id);
    opts.preview_rows = PREVIEW_ROWS;
    // Rows with an address but no point are looked up, as by the CLI.
    opts.geocoder = geocoder.cloned();
    let outcome = places::run_bytes(db, &upload.file_name, upload.data.clone(), &opts).await?;
    if !dry_run && outcome.problems.is_empty() {
        import_uploads::delete(db, upload.id).await?;
    }
    Ok(outcome)
}
