//! Writes of a place. Every published change goes through [`publish`] (or
//! [`insert_with_revision`] for a new place), which writes the place row and
//! its revision in the caller's transaction; the operations in the
//! submodules own that transaction and the audit record.

mod curate;
mod edit;

pub use curate::{restore_revision, set_hidden, verify};
pub use edit::{Closing, close, create, update};

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::db::places::{self, PlaceAreas, PlaceRecord};
use crate::db::revisions::{self, NewRevision};
use crate::domain::place::PlaceFields;
use crate::domain::place_input::{FieldError, PlaceInput};
use crate::domain::revision::{self, FieldChange, RevisionKind};
use crate::domain::user::CurrentUser;
use crate::error::{AppError, AppResult, UserMessage};

/// Audit actions of the place writes.
pub mod audit_actions {
    pub const PLACE_CREATED: &str = "place.created";
    pub const PLACE_EDITED: &str = "place.edited";
    pub const PLACE_CLOSED: &str = "place.closed";
    pub const PLACE_VERIFIED: &str = "place.verified";
    pub const PLACE_RESTORED: &str = "place.restored";
    pub const PLACE_HIDDEN: &str = "place.hidden";
    pub const PLACE_UNHIDDEN: &str = "place.unhidden";
    /// A resident's new place or edit went to the review queue.
    pub const PROPOSAL_CREATED: &str = "proposal.created";
}

/// Why a change to a place was not saved.
#[derive(Debug)]
pub enum WriteError {
    /// Input problems, each on its field; the form is shown again.
    Invalid(Vec<FieldError>),
    /// Someone saved first; nothing was written.
    Conflict(Box<Conflict>),
    Other(AppError),
}

crate::ops::other_error_from!(WriteError);

/// What the conflict view needs: the place as it is now, the user's change
/// merged onto it field by field (as proposals are), what the other person
/// changed, and the fields both changed (there the current value is kept).
#[derive(Debug)]
pub struct Conflict {
    pub current: PlaceRecord,
    pub merged: PlaceInput,
    pub their_changes: Vec<FieldChange>,
    pub clashes: Vec<String>,
}

impl Conflict {
    /// Merges `mine`, started from version `base_version`, onto `current`.
    /// Without a stored snapshot of that version, the user's input wins.
    async fn build(
        tx: &mut PgConnection,
        current: PlaceRecord,
        base_version: Option<i32>,
        mine: &PlaceInput,
    ) -> AppResult<WriteError> {
        let now = current.to_input();
        let base = match base_version {
            Some(v) => revisions::snapshot_at(&mut *tx, current.id, v).await?,
            None => None,
        }
        .unwrap_or_else(|| now.clone());
        let (merged, clashes) = revision::merge_keeping_current(&base, mine, &now);
        let their_changes = revision::diff(&base, &now);
        Ok(WriteError::Conflict(Box::new(Conflict { current, merged, their_changes, clashes })))
    }
}

/// Where a saved change went: published at once, or into the review queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Published(Uuid),
    Proposed,
    /// A proposal that changes nothing is not stored.
    Unchanged(Uuid),
}

/// Someone else changed the place between reading and writing.
pub(crate) fn conflict() -> AppError {
    AppError::Conflict(UserMessage::new("edit-error-conflict"))
}

/// Validated input with the wijk and buurt it lies in.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub fields: PlaceFields,
    pub areas: PlaceAreas,
}

impl Prepared {
    /// The canonical snapshot of these fields in their areas.
    pub fn snapshot(&self) -> PlaceInput {
        revision::snapshot(&self.fields, &self.areas.wijk_code, self.areas.buurt_code.as_deref())
    }
}

/// Parses the input and finds its areas; every problem on its field.
pub async fn prepare(
    db: &PgPool,
    input: &PlaceInput,
) -> AppResult<Result<Prepared, Vec<FieldError>>> {
    let fields = match input.parse() {
        Ok(fields) => fields,
        Err(errors) => return Ok(Err(errors)),
    };
    Ok(match places::resolve_areas(db, &fields).await? {
        Ok(areas) => Ok(Prepared { fields, areas }),
        Err(problem) => Err(vec![FieldError { field: problem.field(), key: problem.key() }]),
    })
}

/// [`prepare`] for a stored snapshot (a revision or a proposal), where a
/// problem is not the user's to fix: the stored data no longer fits.
pub(crate) async fn prepare_stored(db: &PgPool, snapshot: &PlaceInput) -> AppResult<Prepared> {
    prepare(db, &revision::for_parsing(snapshot))
        .await?
        .map_err(|_| AppError::bad_request("revision-error-invalid"))
}

/// Who authored a published change, and who approved it. No author: an
/// import from the command line.
#[derive(Debug, Clone, Copy)]
pub struct Authors {
    pub author: Option<Uuid>,
    pub reviewer: Option<Uuid>,
}

/// Writes `new` over `current` (locked by the caller's transaction) and
/// records the revision. `None` when the place moved on since `current`
/// was read.
pub async fn publish(
    tx: &mut PgConnection,
    current: &PlaceRecord,
    new: &Prepared,
    kind: RevisionKind,
    by: Authors,
    note: &str,
) -> AppResult<Option<(i32, Vec<FieldChange>)>> {
    let snapshot = new.snapshot();
    let changes = revision::diff(&current.to_input(), &snapshot);
    ensure_baseline(&mut *tx, current).await?;
    let Some(version) =
        places::update(&mut *tx, current.id, current.version, &new.fields, &new.areas)
            .await
            .map_err(AppError::from_constraint)?
    else {
        return Ok(None);
    };
    revisions::insert(
        &mut *tx,
        &NewRevision {
            place_id: current.id,
            version,
            kind,
            author: by.author,
            reviewer: by.reviewer,
            changes: &changes,
            snapshot: &snapshot,
            hidden: current.hidden,
            note,
        },
    )
    .await?;
    Ok(Some((version, changes)))
}

/// Places made by an import have no revision yet; record how they were
/// before the first change, so that version can be restored too.
pub async fn ensure_baseline(tx: &mut PgConnection, current: &PlaceRecord) -> AppResult<()> {
    if revisions::snapshot_at(&mut *tx, current.id, current.version).await?.is_none() {
        revisions::insert(
            &mut *tx,
            &NewRevision {
                place_id: current.id,
                version: current.version,
                kind: RevisionKind::Create,
                author: None,
                reviewer: None,
                changes: &[],
                snapshot: &current.to_input(),
                hidden: current.hidden,
                note: "",
            },
        )
        .await?;
        // The version as it was written (by the import), not now.
        revisions::set_created_at(&mut *tx, current.id, current.version, current.updated_at)
            .await?;
    }
    Ok(())
}

/// Inserts a new place with its first revision.
pub async fn insert_with_revision(
    tx: &mut PgConnection,
    new: &Prepared,
    by: Authors,
) -> AppResult<Uuid> {
    let id = Uuid::new_v4();
    if insert_as(tx, id, new, RevisionKind::Create, by, "").await? {
        Ok(id)
    } else {
        // A random v4 id that exists already: not a user's problem.
        Err(AppError::Other(anyhow::anyhow!("place id {id} exists already")))
    }
}

/// Inserts a new place with a given id (an import keeps the ids of its
/// file) and its first revision of `kind`; `false` when the id exists.
pub async fn insert_as(
    tx: &mut PgConnection,
    id: Uuid,
    new: &Prepared,
    kind: RevisionKind,
    by: Authors,
    note: &str,
) -> AppResult<bool> {
    let inserted = places::insert(&mut *tx, id, &new.fields, &new.areas)
        .await
        .map_err(AppError::from_constraint)?;
    if !inserted {
        return Ok(false);
    }
    let snapshot = new.snapshot();
    let changes = revision::diff(&PlaceInput::default(), &snapshot);
    revisions::insert(
        &mut *tx,
        &NewRevision {
            place_id: id,
            version: 1,
            kind,
            author: by.author,
            reviewer: by.reviewer,
            changes: &changes,
            snapshot: &snapshot,
            hidden: false,
            note,
        },
    )
    .await?;
    Ok(true)
}

/// Locks and reads the place for the rest of the transaction, so a change
/// computed from it cannot race another one.
async fn lock(tx: &mut PgConnection, id: Uuid) -> AppResult<PlaceRecord> {
    places::get_for_update(tx, id).await?.ok_or(AppError::NotFound)
}

/// A visible place, or a hidden one for a beheerder; else not found.
pub async fn load_visible(
    db: &PgPool,
    id: &str,
    user: Option<&CurrentUser>,
) -> AppResult<PlaceRecord> {
    let id = Uuid::parse_str(id).map_err(|_| AppError::NotFound)?;
    let place = places::get(db, id).await?.ok_or(AppError::NotFound)?;
    if place.hidden && !user.is_some_and(CurrentUser::is_beheerder) {
        return Err(AppError::NotFound);
    }
    Ok(place)
}
