//! One import's rows: each is matched to the place it made before (the
//! file's own id per source, our UUID, or name and location within 50 m),
//! checked, and written through `ops::places`: new places, changed ones
//! with an "import" revision, unchanged ones left alone; then the places of
//! the file's sources that it no longer has are listed (or stopped).

use std::collections::{BTreeSet, HashMap, HashSet};

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::geocoding::{self, Geocoded};
use super::keys::Keys;
use super::mapping::{IdColumn, MappedRow, Plan};
use super::places::Options;
use super::report::{Assigned, GeocodedRow, PlacesReport, PreviewRow, RowResult};
use super::table::Record;
use super::{Location, Problem, resolve};
use crate::db::imports::{self, MissingPlace};
use crate::db::places as db_places;
use crate::domain::place::PlaceStatus;
use crate::domain::place_field::PlaceField;
use crate::domain::revision::{self, RevisionKind};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::ops::places::{self as ops_places, Authors, Prepared};

/// State of one import while it reads rows.
pub(super) struct Run<'a> {
    pub(super) opts: &'a Options,
    pub(super) plan: Plan,
    pub(super) gemeente: Option<String>,
    pub(super) report: PlacesReport,
    pub(super) problems: Vec<Problem>,
    pub(super) seen: HashMap<String, Location>,
    /// The places this file matched or made (a set: looked up per row).
    pub(super) touched: HashSet<Uuid>,
    pub(super) sources: BTreeSet<String>,
    /// For the geocoder's cache (its questions are not part of the import).
    pub(super) pool: Option<PgPool>,
    /// The import keys and imported places, read and written in batches.
    pub(super) keys: Keys,
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

    /// The row's point from its address, with the configured geocoder.
    async fn geocode(&self, mapped: &mut MappedRow) -> Result<Geocoded, String> {
        match &self.pool {
            Some(pool) => geocoding::locate(self.opts.geocoder.as_ref(), pool, mapped).await,
            None => Err("Adressen kunnen in deze import niet worden opgezocht.".into()),
        }
    }

    fn refuse_row(&mut self, location: &Location, mapped: &MappedRow, reason: String) {
        self.preview(location, &mapped.input, RowResult::Refused, vec![reason.clone()]);
        self.refuse(location, reason);
    }

    pub(super) async fn row(
        &mut self,
        conn: &mut PgConnection,
        record: Record,
    ) -> anyhow::Result<()> {
        if !self.plan.keeps(&record.cells) {
            self.report.skipped += 1;
            return Ok(());
        }
        let mut mapped = self.plan.apply(&record.cells);
        mapped.add_geometry(record.point);
        let loc = record.location.clone();
        let mut problems = Vec::new();
        // A row matched by name needs its point first; one matched by id
        // keeps the stored point while its address is the same.
        let by_id = self.plan.id.is_some() && mapped.key.as_deref().is_some_and(|k| !k.is_empty());
        let mut geocoded = None;
        if !by_id && geocoding::wants_point(&mapped) {
            match self.geocode(&mut mapped).await {
                Ok(g) => geocoded = Some(g),
                Err(m) => {
                    self.refuse_row(&loc, &mapped, m);
                    return Ok(());
                }
            }
        }
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
        if by_id
            && problems.is_empty()
            && geocoding::wants_point(&mapped)
            && !geocoding::keeps_stored_point(&mapped, current.as_ref())
        {
            match self.geocode(&mut mapped).await {
                Ok(g) => geocoded = Some(g),
                Err(m) => {
                    self.refuse_row(&loc, &mapped, m);
                    return Ok(());
                }
            }
        }
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
        if let Some(g) = geocoded {
            self.report.geocoded.push(GeocodedRow {
                location: loc.clone(),
                name: fields.name.as_str().to_owned(),
                found: g,
                wijk_code: areas.wijk_code.clone(),
                buurt_code: areas.buurt_code.clone(),
            });
        }
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
                self.keys.find(&mut *conn, source, key).await?
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
                let point = mapped.point();
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
        if let Some(id) = found
            && self.touched.contains(&id)
        {
            return Ok(Err(format!("Deze rij is dezelfde plek als een eerdere rij ({id}).")));
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
                // The overview's "new since" counts from a gemeente's first
                // import (migration 0121).
                self.keys.imported(&mut *conn, id).await?;
                self.report.new += 1;
                self.report.written.push(id);
                (id, RowResult::New)
            }
        };
        if let (Some(IdColumn::External(_)), Some(key)) = (self.plan.id, mapped.key.as_deref()) {
            self.keys.remember(&mut *conn, source, key, id).await?;
        }
        if !source.is_empty() {
            self.sources.insert(source.to_owned());
        }
        self.touched.insert(id);
        Ok(result)
    }

    /// Lists (and with `close_missing` closes) the places of the file's
    /// sources that it did not have.
    pub(super) async fn missing(&mut self, conn: &mut PgConnection) -> anyhow::Result<()> {
        // The keys written last are part of what is missing.
        self.keys.flush(&mut *conn).await?;
        let sources: Vec<String> = self.sources.iter().cloned().collect();
        if sources.is_empty() {
            return Ok(());
        }
        let touched: Vec<Uuid> = self.touched.iter().copied().collect();
        self.report.missing = imports::missing(&mut *conn, &sources, &touched).await?;
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
