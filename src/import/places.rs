//! Import of places from CSV, XLSX or GeoJSON, with the documented columns
//! or a mapping (`docs/import.md`). A re-import updates: a row is matched to
//! the place it made before (by the file's own id per source, our UUID, or
//! name and location within 50 m); changed rows get an "import" revision,
//! unchanged rows are left alone, and places of the source missing from the
//! file are listed (or marked gestopt). Every row is checked; one bad row
//! means nothing is stored, and every bad row is listed with its line.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::mapping::{Mapping, Plan};
use super::report::PlacesReport;
use super::rows::Run;
use super::table::Table;
use super::{ImportError, Location, Problem};
use crate::db::imports;
use crate::domain::place_field::PlaceField;

/// How to import.
#[derive(Debug, Clone)]
pub struct Options {
    pub mapping: Option<Mapping>,
    pub dry_run: bool,
    /// Mark places of the source that the file no longer has as gestopt.
    pub close_missing: bool,
    /// The gemeente a gemeente user imports into (wins over the mapping's).
    pub gemeente: Option<String>,
    pub author: Option<Uuid>,
    pub today: NaiveDate,
    /// Rows kept for the preview (the web upload shows 20).
    pub preview_rows: usize,
    /// Finds the point of rows with an address but no coordinates; without
    /// one such rows are refused.
    pub geocoder: Option<crate::geocode::Geocoder>,
}

impl Options {
    pub fn new(mapping: Option<Mapping>) -> Self {
        Options {
            mapping,
            dry_run: false,
            close_missing: false,
            gemeente: None,
            author: None,
            today: crate::domain::opening_hours::OpeningHours::today(),
            preview_rows: 0,
            geocoder: None,
        }
    }

    pub(super) fn gemeente(&self) -> Option<String> {
        self.gemeente.clone().or_else(|| self.mapping.as_ref().and_then(Mapping::gemeente_code))
    }
}

/// The report, and every problem (empty when the import may be stored).
#[derive(Debug)]
pub struct Outcome {
    pub report: PlacesReport,
    pub problems: Vec<Problem>,
}

/// The command line: reads the file as a stream, stores it unless
/// anything is refused or it is a dry run.
pub async fn run(db: &PgPool, file: &Path, opts: &Options) -> anyhow::Result<PlacesReport> {
    let input = std::fs::File::open(file).map_err(|e| {
        ImportError::file(format!("Het bestand {} kan niet worden geopend: {e}.", file.display()))
    })?;
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let table = Table::open(name, input)?;
    let outcome = store(db, table, opts).await?;
    if outcome.problems.is_empty() {
        Ok(outcome.report)
    } else {
        Err(ImportError { problems: outcome.problems }.into())
    }
}

/// The web upload: the whole outcome, also with problems (for the preview).
pub async fn run_bytes(
    db: &PgPool,
    name: &str,
    data: Vec<u8>,
    opts: &Options,
) -> anyhow::Result<Outcome> {
    let table = Table::open(name, std::io::Cursor::new(data))?;
    store(db, table, opts).await
}

/// One transaction: committed only when nothing was refused and it is no
/// dry run (a dry run does every write and rolls back, so its report is
/// exactly what the import would do).
async fn store(db: &PgPool, table: Table, opts: &Options) -> anyhow::Result<Outcome> {
    let mut tx = db.begin().await?;
    let outcome = import_with(&mut tx, table, opts, Some(db.clone())).await?;
    if outcome.problems.is_empty() && !opts.dry_run {
        crate::db::audit::record(
            &mut *tx,
            opts.author,
            "import.places",
            &outcome.report.read_as(),
            serde_json::json!({
                "new": outcome.report.new, "changed": outcome.report.changed,
                "unchanged": outcome.report.unchanged, "missing": outcome.report.missing.len(),
                "closed": outcome.report.closed, "gemeente": opts.gemeente(),
            }),
        )
        .await?;
        tx.commit().await?;
    } else {
        tx.rollback().await?;
    }
    Ok(outcome)
}

/// Imports inside the caller's transaction; the caller commits only when
/// [`Outcome::problems`] is empty.
pub async fn import(
    conn: &mut PgConnection,
    table: Table,
    opts: &Options,
) -> anyhow::Result<Outcome> {
    import_with(conn, table, opts, None).await
}

/// [`import`], with the pool the geocoder caches its answers in.
async fn import_with(
    conn: &mut PgConnection,
    mut table: Table,
    opts: &Options,
    pool: Option<PgPool>,
) -> anyhow::Result<Outcome> {
    let plan = Plan::new(opts.mapping.as_ref(), &table)
        .map_err(|m| ImportError::at(Location::Line(1), m))?;
    check_header(&plan, &table)?;
    imports::plan_once(&mut *conn).await?;
    let mut run = Run {
        opts,
        gemeente: opts.gemeente(),
        report: PlacesReport::new(table.format, opts.dry_run),
        problems: Vec::new(),
        seen: HashMap::new(),
        touched: Default::default(),
        sources: BTreeSet::new(),
        plan,
        pool,
        keys: Default::default(),
    };
    if let Some(g) = &run.gemeente
        && imports::gemeente_of(&mut *conn, g).await?.as_deref() != Some(g.as_str())
    {
        return Err(ImportError::file(format!(
            "Gemeente {g} staat niet in de database. Importeer eerst de gebieden (import areas)."
        ))
        .into());
    }

    while let Some(record) = table.next_record() {
        run.report.rows += 1;
        match record {
            Ok(record) => run.row(conn, record).await?,
            Err((location, reason)) => run.problems.push(Problem { location, reason }),
        }
    }
    if run.report.rows == 0 {
        return Err(ImportError::file(
            "Het bestand heeft alleen een kopregel en geen rijen met plekken.",
        )
        .into());
    }
    run.report.encoding = table.encoding;
    run.report.delimiter = table.delimiter;
    run.report.ignored_columns = run.plan.ignored.clone();
    if run.problems.is_empty() {
        run.missing(conn).await?;
    }
    run.problems.sort_by_key(|p| match p.location {
        Location::File => 0,
        Location::Line(n) => n,
        Location::Feature(i) => i as u64 + 1,
    });
    Ok(Outcome { report: run.report, problems: run.problems })
}

/// A header that splits into one column was not split at all; a file
/// without a name column cannot name its places.
fn check_header(plan: &Plan, table: &Table) -> Result<(), ImportError> {
    let line = |m: String| ImportError::at(Location::Line(1), m);
    if table.headers.len() == 1 && !plan.gives(PlaceField::Name) {
        return Err(line(format!(
            "Het scheidingsteken van dit bestand herkennen we niet: de kopregel is één kolom \
             ({:?}). Gebruik een komma, puntkomma of tab tussen de kolommen.",
            table.headers[0]
        )));
    }
    if !plan.gives(PlaceField::Name) {
        let hint = if plan.headers.is_empty() {
            String::new()
        } else {
            format!(" Het bestand heeft: {}.", plan.headers.join(", "))
        };
        return Err(line(format!(
            "Er is geen kolom voor de naam (naam). Noem een kolom \"naam\", of wijs er een aan \
             onder [columns] in de mapping.{hint}"
        )));
    }
    Ok(())
}
