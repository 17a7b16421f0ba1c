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

use super::mapping::{IdColumn, MappedRow, Mapping, Plan};
use super::report::{Assigned, PlacesReport, PreviewRow, RowResult};
use super::table::{GeoPoint, Record, Table};
use super::{ImportError, Location, Problem, resolve};
use crate::db::imports::{self, MissingPlace};
use crate::db::places as db_places;
use crate::domain::place::PlaceStatus;
use crate::domain::place_field::PlaceField;
use crate::domain::revision::{self, RevisionKind};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::ops::places::{self as ops_places, Authors, Prepared};

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
}

impl Options {
    pub fn new(mapping: Option<Mapping>) -> Self {
        Options {
            mapping,
            dry_run: false,
            close_missing: false,
            gemeente: None,
            author: None,
            today: crate::retention::today(),
            preview_rows: 0,
        }
    }

    fn gemeente(&self) -> Option<String> {
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
    let outcome = import(&mut tx, table, opts).await?;
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

/// State of one import while it reads rows.
struct Run<'a> {
    opts: &'a Options,
    plan: Plan,
    gemeente: Option<String>,
    report: PlacesReport,
    problems: Vec<Problem>,
    seen: HashMap<String, Location>,
    touched: Vec<Uuid>,
    sources: BTreeSet<String>,
}

/// Imports inside the caller's transaction; the caller commits only when
/// [`Outcome::problems`] is empty.
pub async fn import(
    conn: &mut PgConnection,
    mut table: Table,
    opts: &Options,
) -> anyhow::Result<Outcome> {
    let plan = Plan::new(opts.mapping.as_ref(), &table)
        .map_err(|m| ImportError::at(Location::Line(1), m))?;
    check_header(&plan, &table)?;
    let mut run = Run {
        opts,
        gemeente: opts.gemeente(),
        report: PlacesReport::new(table.format, opts.dry_run),
        problems: Vec::new(),
        seen: HashMap::new(),
        touched: Vec::new(),
        sources: BTreeSet::new(),
        plan,
    };
    if let Some(g) = &run.gemeente {
        if imports::gemeente_of(&mut *conn, g).await?.as_deref() != Some(g.as_str()) {
            return Err(ImportError::file(format!(
                "Gemeente {g} staat niet in de database. Importeer eerst de gebieden (import areas)."
            ))
            .into());
        }
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

impl Run<'_> {
    fn refuse(&mut self, location: &Location, reason: String) {
        self.problems.push(Problem { location: location.clone(), reason });
    }

    fn preview(
        &mut self,
        location: &Location,
        input: &crate::domain::place_input::PlaceInput,
        result: RowResult,
        problems: Vec<String>,
    ) {
        if self.report.preview.len() < self.opts.preview_rows {
            self.report.preview.push(PreviewRow {
                location: location.clone(),
                input: input.clone(),
                result,
                problems,
            });
        }
    }

    async fn row(&mut self, conn: &mut PgConnection, record: Record) -> anyhow::Result<()> {
        if !self.plan.keeps(&record.cells) {
            self.report.skipped += 1;
            return Ok(());
        }
        let mut mapped = self.plan.apply(&record.cells);
        add_geometry(&mut mapped, record.point);
        let loc = record.location.clone();
        let mut problems = Vec::new();
        let existing = match self.existing(conn, &mapped, &loc).await? {
            Ok(e) => e,
            Err(m) => {
                problems.push(m);
                None
            }
        };
        let current = match existing {
            Some(id) => db_places::get_for_update(&mut *conn, id).await?,
            None => None,
        };
        let mut input = match &current {
            Some(c) => {
                let mut merged = c.to_input();
                for f in &mapped.provided {
                    *f.get_mut(&mut merged) = f.get(&mapped.input).to_owned();
                }
                merged
            }
            None => mapped.input.clone(),
        };
        // The file's point replaces the stored one in whichever system it uses.
        if mapped.provided.contains(&PlaceField::X) && !input.x.trim().is_empty() {
            (input.lon, input.lat) = (String::new(), String::new());
        }
        let input = revision::for_parsing(&input);
        let fields = match input.parse() {
            Ok(f) => Some(f),
            Err(errors) => {
                let m = self.opts.mapping.is_some();
                problems.extend(
                    errors
                        .iter()
                        .map(|e| resolve::field_problem(&self.plan, &record.cells, &input, e, m)),
                );
                None
            }
        };
        let Some(fields) = fields.filter(|_| problems.is_empty()) else {
            self.preview(&loc, &input, RowResult::Refused, problems.clone());
            for p in problems {
                self.refuse(&loc, p);
            }
            return Ok(());
        };
        let (areas, located) =
            match resolve::areas(&mut *conn, self.gemeente.as_deref(), &fields, &input).await? {
                Ok(a) => a,
                Err(m) => {
                    self.preview(&loc, &input, RowResult::Refused, vec![m.clone()]);
                    self.refuse(&loc, m);
                    return Ok(());
                }
            };
        if let Some(l) = located.filter(|l| l.wijk_metres > 0.0 || l.buurt_metres > 0.0) {
            self.report.assigned.push(Assigned {
                location: loc.clone(),
                name: fields.name.as_str().to_owned(),
                wijk_code: l.wijk_code,
                wijk_name: l.wijk_name,
                wijk_metres: l.wijk_metres,
                buurt_code: l.buurt_code,
                buurt_metres: l.buurt_metres,
            });
        }
        let source = fields.source.clone();
        let prepared = Prepared { fields, areas };
        let result = self.write(conn, current, &prepared, &mapped, &source).await;
        match result {
            Ok(result) => self.preview(&loc, &prepared.snapshot(), result, Vec::new()),
            Err(AppError::BadRequest(m)) | Err(AppError::Conflict(m)) => {
                let reason = Lang::Nl.t_args(m.key, &m.args);
                self.preview(&loc, &prepared.snapshot(), RowResult::Refused, vec![reason.clone()]);
                self.refuse(&loc, reason);
            }
            Err(e) => return Err(e.into()),
        }
        Ok(())
    }

    /// The place this row made before, if any. The inner `Err` is a
    /// problem with the row's id.
    async fn existing(
        &mut self,
        conn: &mut PgConnection,
        mapped: &MappedRow,
        loc: &Location,
    ) -> anyhow::Result<Result<Option<Uuid>, String>> {
        let key = mapped.key.as_deref().unwrap_or_default();
        let source = mapped.input.source.trim();
        let column = |i: usize| self.plan.headers[i].clone();
        let found = match self.plan.id {
            Some(IdColumn::External(i)) => {
                if key.is_empty() {
                    return Ok(Err(format!(
                        "kolom {:?} (id) is leeg. Elke rij heeft een eigen id nodig om bij een \
                         volgende import bijgewerkt te worden.",
                        column(i)
                    )));
                }
                if source.is_empty() {
                    return Ok(Err(
                        "bron is leeg. Met een id-kolom is een bron nodig: zet bron onder \
                         [defaults] in de mapping, of wijs een kolom aan."
                            .into(),
                    ));
                }
                imports::place_by_key(&mut *conn, source, key).await?
            }
            Some(IdColumn::PlaceId(i)) if !key.is_empty() => match Uuid::parse_str(key) {
                Ok(id) => imports::place_exists(&mut *conn, id).await?.then_some(id),
                Err(_) => {
                    return Ok(Err(format!(
                        "kolom {:?}, waarde {key:?}: dit is geen id van Haarvaten (een UUID \
                         zoals 0b9a3c1e-…). Laat de kolom leeg, of noem de kolom met het eigen \
                         nummer van het bestand onder id in een mapping.",
                        column(i)
                    )));
                }
            },
            _ => {
                let point = mapped_point(mapped);
                let area = [&mapped.input.buurt, &mapped.input.wijk]
                    .into_iter()
                    .map(|s| s.trim().to_ascii_uppercase())
                    .find(|s| !s.is_empty());
                let name = mapped.input.name.trim();
                if name.is_empty() {
                    None
                } else {
                    imports::place_by_name_near(&mut *conn, name, point, area.as_deref()).await?
                }
            }
        };
        if !key.is_empty() {
            let full = format!("{source}\u{0}{key}");
            if let Some(first) = self.seen.get(&full) {
                return Ok(Err(format!(
                    "Het id {key:?} staat ook op {first}. Elk id mag één keer voorkomen."
                )));
            }
            self.seen.insert(full, loc.clone());
        }
        if let Some(id) = found {
            if self.touched.contains(&id) {
                return Ok(Err(format!("Deze rij is dezelfde plek als een eerdere rij ({id}).")));
            }
        }
        Ok(Ok(found))
    }

    /// Stores one checked row; what happened to it.
    async fn write(
        &mut self,
        conn: &mut PgConnection,
        current: Option<db_places::PlaceRecord>,
        new: &Prepared,
        mapped: &MappedRow,
        source: &str,
    ) -> Result<RowResult, AppError> {
        let by = Authors { author: self.opts.author, reviewer: None };
        let note = format!("import: {source}");
        let (id, result) = match current {
            Some(current) => {
                let changes = revision::diff(&current.to_input(), &new.snapshot());
                if changes.is_empty() {
                    self.report.unchanged += 1;
                    (current.id, RowResult::Unchanged)
                } else {
                    ops_places::publish(&mut *conn, &current, new, RevisionKind::Import, by, &note)
                        .await?
                        .ok_or_else(|| AppError::Other(anyhow::anyhow!("locked place moved on")))?;
                    self.report.changed += 1;
                    self.report.written.push(current.id);
                    (current.id, RowResult::Changed(changes))
                }
            }
            None => {
                let id = match (self.plan.id, mapped.key.as_deref()) {
                    (Some(IdColumn::PlaceId(_)), Some(k)) => {
                        Uuid::parse_str(k).unwrap_or_else(|_| Uuid::new_v4())
                    }
                    _ => Uuid::new_v4(),
                };
                if !ops_places::insert_as(&mut *conn, id, new, RevisionKind::Create, by, &note)
                    .await?
                {
                    return Err(AppError::Other(anyhow::anyhow!("place id {id} exists already")));
                }
                self.report.new += 1;
                self.report.written.push(id);
                (id, RowResult::New)
            }
        };
        if let (Some(IdColumn::External(_)), Some(key)) = (self.plan.id, mapped.key.as_deref()) {
            imports::remember_key(&mut *conn, source, key, id).await?;
        }
        if !source.is_empty() {
            self.sources.insert(source.to_owned());
        }
        self.touched.push(id);
        Ok(result)
    }

    /// Lists (and with `close_missing` closes) the places of the file's
    /// sources that it did not have.
    async fn missing(&mut self, conn: &mut PgConnection) -> anyhow::Result<()> {
        let sources: Vec<String> = self.sources.iter().cloned().collect();
        if sources.is_empty() {
            return Ok(());
        }
        self.report.missing = imports::missing(&mut *conn, &sources, &self.touched).await?;
        if self.opts.close_missing {
            for m in self.report.missing.clone() {
                self.close(conn, &m).await?;
            }
        }
        Ok(())
    }

    async fn close(&mut self, conn: &mut PgConnection, m: &MissingPlace) -> anyhow::Result<()> {
        let Some(current) = db_places::get_for_update(&mut *conn, m.id).await? else {
            return Ok(());
        };
        let mut input = revision::for_parsing(&current.to_input());
        input.status = PlaceStatus::Opgeheven.slug().to_owned();
        input.closed_on = self.opts.today.to_string();
        input.closing_reason = format!(
            "Staat niet meer in het bestand van de bron {:?} (import van {}).",
            m.source, self.opts.today
        );
        let fields = input
            .parse()
            .map_err(|e| anyhow::anyhow!("stored place {} does not parse: {e:?}", m.id))?;
        let areas = db_places::PlaceAreas {
            wijk_code: current.wijk_code.clone(),
            buurt_code: current.buurt_code.clone(),
        };
        let by = Authors { author: self.opts.author, reviewer: None };
        let new = Prepared { fields, areas };
        let note = format!("import: {}", m.source);
        ops_places::publish(&mut *conn, &current, &new, RevisionKind::Close, by, &note).await?;
        self.report.closed += 1;
        Ok(())
    }
}

/// A GeoJSON geometry fills the point when the columns do not.
fn add_geometry(mapped: &mut MappedRow, point: Option<GeoPoint>) {
    let i = &mut mapped.input;
    if [&i.lon, &i.lat, &i.x, &i.y].iter().any(|v| !v.trim().is_empty()) {
        return;
    }
    let (fields, a, b) = match point {
        None => return,
        Some(GeoPoint::Wgs84(a, b)) => ([PlaceField::Lon, PlaceField::Lat], a, b),
        Some(GeoPoint::Rd(a, b)) => ([PlaceField::X, PlaceField::Y], a, b),
    };
    *fields[0].get_mut(i) = a.to_string();
    *fields[1].get_mut(i) = b.to_string();
    mapped.provided.extend(fields);
}

/// The row's point in WGS84, when it has one that parses.
fn mapped_point(mapped: &MappedRow) -> Option<(f64, f64)> {
    mapped.input.parse_point().ok().flatten()
}
