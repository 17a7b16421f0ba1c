//! The mapping of a municipal file onto Haarvaten's columns (TOML, see
//! `docs/import.md`): which of the file's columns fill which field, how its
//! values translate, defaults for what it lacks, which rows to keep and
//! which column is its own stable id. Without a mapping file the documented
//! Haarvaten column names (and those of our own exports) map themselves.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::table::{GeoPoint, Table};
use crate::domain::area::{AreaLevel, CbsCode};
use crate::domain::place_field::{FieldKind, PlaceField};
use crate::domain::place_input::PlaceInput;

/// A mapping as written in its TOML file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The file's gemeente (GM code): points are assigned to its wijken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gemeente: Option<String>,
    /// The file's own stable id column, for re-imports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Keep only rows whose column has one of these values.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub only: BTreeMap<String, Vec<String>>,
    /// Haarvaten column = the file's column (a list is joined with a space).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub columns: BTreeMap<String, Columns>,
    /// Per Haarvaten column: the file's value -> Haarvaten's value.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, BTreeMap<String, String>>,
    /// Values for columns the file lacks (or leaves empty).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub defaults: BTreeMap<String, String>,
}

/// One column of the file, or several joined with a space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Columns {
    One(String),
    Many(Vec<String>),
}

impl Columns {
    pub fn names(&self) -> &[String] {
        match self {
            Columns::One(c) => std::slice::from_ref(c),
            Columns::Many(cs) => cs,
        }
    }
}

/// The names our own exports (CSV, XLSX, GeoJSON) write for a field, and
/// the few obvious aliases; everything else is the field's own name.
fn alias(normalised: &str) -> Option<&'static str> {
    Some(match normalised {
        "wijkcode" | "wijk_code" => "wijk",
        "buurtcode" | "buurt_code" => "buurt",
        "e_mail" => "email",
        "lengtegraad" => "lon",
        "breedtegraad" => "lat",
        "rolstoeltoegankelijk" => "rolstoel",
        "zonder_balie" => "geen_balie",
        "opgericht_in" => "opgericht",
        "beschrijving" => "omschrijving",
        _ => return None,
    })
}

/// Column names compare case-insensitively, ignoring spaces and dashes.
pub fn normalise(name: &str) -> String {
    name.trim().trim_start_matches('\u{feff}').to_lowercase().replace([' ', '-'], "_")
}

fn field_names() -> String {
    PlaceInput::FIELDS.join(", ")
}

impl Mapping {
    /// Reads and checks a mapping; errors are Dutch and say what is right.
    pub fn parse(text: &str) -> Result<Mapping, String> {
        let m: Mapping = toml::from_str(text)
            .map_err(|e| format!("Het mappingbestand klopt niet: {}", e.message().trim()))?;
        m.check()?;
        Ok(m)
    }

    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }

    fn check(&self) -> Result<(), String> {
        if let Some(g) = &self.gemeente {
            match CbsCode::parse(g) {
                Some(c) if c.level() == AreaLevel::Gemeente => {}
                _ => {
                    return Err(format!(
                        "gemeente = {g:?} is geen gemeentecode. Schrijf hem zo: \"GM0599\"."
                    ));
                }
            }
        }
        let sections = [
            ("columns", &self.columns.keys().collect::<Vec<_>>()),
            ("values", &self.values.keys().collect()),
            ("defaults", &self.defaults.keys().collect()),
        ];
        for (section, keys) in sections {
            for key in keys {
                if PlaceField::parse(key).is_none() {
                    return Err(format!(
                        "[{section}] {key:?} is geen kolom van Haarvaten. Kies uit: {}.",
                        field_names()
                    ));
                }
            }
        }
        Ok(())
    }

    /// The gemeente code, upper-case.
    pub fn gemeente_code(&self) -> Option<String> {
        self.gemeente.as_ref().map(|g| g.trim().to_ascii_uppercase())
    }
}

/// A mapping applied to one file's header: column positions per field.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Per field: the file's column indexes joined for it.
    fields: Vec<(PlaceField, Vec<usize>)>,
    values: BTreeMap<String, BTreeMap<String, String>>,
    defaults: BTreeMap<String, String>,
    only: Vec<(usize, Vec<String>)>,
    /// The file's own id column (mapping) or a UUID `id` column (none).
    pub id: Option<IdColumn>,
    /// The file's columns that no field uses, once.
    pub ignored: Vec<String>,
    pub headers: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdColumn {
    /// A mapped column: the file's own key, remembered per source.
    External(usize),
    /// An `id` column without mapping: our own UUID (a round trip).
    PlaceId(usize),
}

/// One row mapped: the input, the fields the file gave, and its key.
#[derive(Debug, Clone)]
pub struct MappedRow {
    pub input: PlaceInput,
    pub provided: Vec<PlaceField>,
    pub key: Option<String>,
}

impl MappedRow {
    /// A GeoJSON geometry fills the point when the columns do not.
    pub fn add_geometry(&mut self, point: Option<GeoPoint>) {
        let i = &mut self.input;
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
        self.provided.extend(fields);
    }

    /// The row's point in WGS84, when it has one that parses.
    pub fn point(&self) -> Option<(f64, f64)> {
        self.input.parse_point().ok().flatten()
    }
}

/// A value through a `[values.…]` table (case-insensitive), else as it is.
fn translate(table: &BTreeMap<String, String>, value: &str) -> String {
    let wanted = value.trim().to_lowercase();
    match table.iter().find(|(from, _)| from.trim().to_lowercase() == wanted) {
        Some((_, to)) => to.clone(),
        None => value.trim().to_owned(),
    }
}

/// A spreadsheet export neutralises formulas with a leading `'` (see
/// `export::csv::neutralise`); reading our own file back undoes that.
fn unneutralise(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => s,
    }
}

fn position(headers: &[String], name: &str) -> Option<usize> {
    let n = normalise(name);
    headers.iter().position(|h| normalise(h) == n)
}

impl Plan {
    /// Matches the mapping's column names to the header. A missing column
    /// is an error that lists the columns the file has.
    pub fn new(mapping: Option<&Mapping>, table: &Table) -> Result<Plan, String> {
        let headers = table.headers.clone();
        let listed = || headers.iter().map(|h| format!("{h:?}")).collect::<Vec<_>>().join(", ");
        let find = |name: &str| {
            position(&headers, name).ok_or_else(|| {
                format!(
                    "De kolom {name:?} staat niet in het bestand. Het bestand heeft: {}.",
                    listed()
                )
            })
        };
        let mut fields = Vec::new();
        let mut id = None;
        let mut only = Vec::new();
        let (values, defaults) = match mapping {
            Some(m) => {
                for (field, cols) in &m.columns {
                    let f = PlaceField::parse(field).ok_or_else(field_names)?;
                    let idx = cols.names().iter().map(|c| find(c)).collect::<Result<_, _>>()?;
                    fields.push((f, idx));
                }
                id = m.id.as_deref().map(find).transpose()?.map(IdColumn::External);
                for (col, keep) in &m.only {
                    only.push((find(col)?, keep.iter().map(|v| v.trim().to_lowercase()).collect()));
                }
                (m.values.clone(), m.defaults.clone())
            }
            None => {
                for (i, h) in headers.iter().enumerate() {
                    let n = normalise(h);
                    let name = alias(&n).unwrap_or(&n);
                    if name == "id" {
                        id = Some(IdColumn::PlaceId(i));
                    } else if let Some(f) = PlaceField::parse(name)
                        && !fields.iter().any(|(g, _)| *g == f)
                    {
                        fields.push((f, vec![i]));
                    }
                }
                (BTreeMap::new(), BTreeMap::new())
            }
        };
        let used = |i: usize| {
            fields.iter().any(|(_, idx)| idx.contains(&i))
                || matches!(id, Some(IdColumn::External(j) | IdColumn::PlaceId(j)) if j == i)
                || only.iter().any(|(j, _)| *j == i)
        };
        let ignored =
            headers.iter().enumerate().filter(|(i, _)| !used(*i)).map(|(_, h)| h.clone()).collect();
        Ok(Plan { fields, values, defaults, only, id, ignored, headers })
    }

    /// Whether a field comes from the file, a default or the geometry.
    pub fn gives(&self, f: PlaceField) -> bool {
        self.fields.iter().any(|(g, _)| *g == f) || self.defaults.contains_key(f.name())
    }

    /// The file's columns for a field, for messages ("Soort").
    pub fn columns_of(&self, f: PlaceField) -> Vec<&str> {
        let idx = self
            .fields
            .iter()
            .find(|(g, _)| *g == f)
            .map(|(_, i)| i.as_slice())
            .unwrap_or_default();
        idx.iter().map(|i| self.headers[*i].as_str()).collect()
    }

    /// The file's raw value of a field in a row (before value mapping).
    pub fn raw_value(&self, cells: &[String], f: PlaceField) -> String {
        let idx = self
            .fields
            .iter()
            .find(|(g, _)| *g == f)
            .map(|(_, i)| i.as_slice())
            .unwrap_or_default();
        let parts: Vec<&str> = idx
            .iter()
            .map(|i| unneutralise(cells.get(*i).map_or("", |c| c.trim())))
            .filter(|s| !s.is_empty())
            .collect();
        parts.join(" ")
    }

    /// `false` when the `only` filter drops the row.
    pub fn keeps(&self, cells: &[String]) -> bool {
        self.only
            .iter()
            .all(|(i, keep)| cells.get(*i).is_some_and(|c| keep.contains(&c.trim().to_lowercase())))
    }

    /// Maps one row's cells to place input.
    pub fn apply(&self, cells: &[String]) -> MappedRow {
        let mut input = PlaceInput::default();
        let mut provided = Vec::new();
        for f in PlaceField::ALL {
            let has_column = self.fields.iter().any(|(g, _)| g == f);
            let mut value = if has_column { self.raw_value(cells, *f) } else { String::new() };
            if let Some(table) = self.values.get(f.name()) {
                value = if matches!(f.kind(), FieldKind::List(_)) {
                    // A list translates item by item: "Iedereen;Senioren".
                    let items = value.split([';', ',', '|']).map(|v| translate(table, v));
                    items.filter(|v| !v.is_empty()).collect::<Vec<_>>().join(";")
                } else {
                    translate(table, &value)
                };
            }
            if value.trim().is_empty()
                && let Some(d) = self.defaults.get(f.name())
            {
                value = d.clone();
            }
            if has_column || self.defaults.contains_key(f.name()) {
                provided.push(*f);
            }
            *f.get_mut(&mut input) = value;
        }
        let key = self.id.map(|(IdColumn::External(i) | IdColumn::PlaceId(i))| {
            cells.get(i).map_or("", |c| c.trim()).to_owned()
        });
        MappedRow { input, provided, key }
    }
}
