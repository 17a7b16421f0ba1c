//! The mapping form of the web upload: for each Haarvaten column a select
//! of the file's columns ("—" for none) and a default text; for columns
//! with a closed list of values (type, categorie, …) the file's distinct
//! values, each with a select of Haarvaten's values. The form reads back
//! into the same [`Mapping`] the command line reads from TOML.

use std::collections::BTreeMap;

use crate::domain::place::{CATEGORIES, Initiator, PlaceStatus, PlaceType, Precision, TargetGroup};
use crate::domain::place_field::{FieldKind, PlaceField};
use crate::import::mapping::{Columns, Mapping, normalise};
use crate::import::table::Table;

/// Distinct values offered per column; a file with more has no closed list.
const MAX_VALUES: usize = 60;

/// Haarvaten's values of a field with a closed list.
pub fn allowed_values(field: PlaceField) -> Vec<&'static str> {
    fn slugs<T: Copy>(all: &[T], slug: fn(T) -> &'static str) -> Vec<&'static str> {
        all.iter().map(|t| slug(*t)).collect()
    }
    match field {
        PlaceField::Type => slugs(PlaceType::ALL, PlaceType::slug),
        PlaceField::Category => CATEGORIES.to_vec(),
        PlaceField::Precision => slugs(Precision::ALL, Precision::slug),
        PlaceField::Initiator => slugs(Initiator::ALL, Initiator::slug),
        PlaceField::TargetGroups => slugs(TargetGroup::ALL, TargetGroup::slug),
        PlaceField::Status => slugs(PlaceStatus::ALL, PlaceStatus::slug),
        _ => Vec::new(),
    }
}

/// The label key prefix of a field's values (`type` → `type-huiskamer`).
fn value_prefix(field: PlaceField) -> Option<&'static str> {
    match field.kind() {
        FieldKind::Choice(p) | FieldKind::List(p) => Some(p),
        _ => None,
    }
}

/// Fields whose value may be several columns joined with a space.
fn joinable(field: PlaceField) -> bool {
    matches!(
        field,
        PlaceField::Name
            | PlaceField::Description
            | PlaceField::Address
            | PlaceField::OpeningHours
            | PlaceField::ClosingReason
    )
}

/// One Haarvaten column on the form.
pub struct FieldRow {
    pub name: &'static str,
    pub label_key: String,
    /// The chosen file column per select ("" for none); joinable fields
    /// get a second select.
    pub selected: Vec<String>,
    pub default: String,
    /// For a closed list: the file's values of the chosen column.
    pub values: Vec<ValueRow>,
    /// Haarvaten's values with their label key, for the value selects.
    pub choices: Vec<(String, String)>,
}

/// One distinct value of the file and the Haarvaten value it becomes.
pub struct ValueRow {
    pub from: String,
    pub to: String,
}

/// What the form shows for `mapping` (or, without one, the columns whose
/// names are Haarvaten's).
pub fn rows(mapping: Option<&Mapping>, headers: &[String]) -> Vec<FieldRow> {
    PlaceField::ALL.iter().map(|f| row(*f, mapping, headers)).collect()
}

fn row(f: PlaceField, mapping: Option<&Mapping>, headers: &[String]) -> FieldRow {
    let name = f.name();
    let mut selected: Vec<String> = match mapping {
        Some(m) => m
            .columns
            .get(name)
            .map(|c| c.names().iter().map(|n| header_of(headers, n)).collect())
            .unwrap_or_default(),
        None => headers.iter().filter(|h| normalise(h) == name).take(1).cloned().collect(),
    };
    let slots = if joinable(f) { 2 } else { 1 };
    while selected.len() < slots {
        selected.push(String::new());
    }
    let default = mapping.and_then(|m| m.defaults.get(name)).cloned().unwrap_or_default();
    let choices = match value_prefix(f) {
        Some(p) => {
            allowed_values(f).into_iter().map(|v| (v.to_owned(), format!("{p}-{v}"))).collect()
        }
        None => Vec::new(),
    };
    FieldRow { name, label_key: f.label_key(), selected, default, values: Vec::new(), choices }
}

/// The file's header as written for a column the mapping names in any case.
fn header_of(headers: &[String], name: &str) -> String {
    let n = normalise(name);
    headers.iter().find(|h| normalise(h) == n).cloned().unwrap_or_else(|| name.to_owned())
}

/// Fills the value rows of closed-list fields from the file: its distinct
/// values in the chosen column (split into items for a list field).
pub fn add_values(rows: &mut [FieldRow], mapping: Option<&Mapping>, mut table: Table) {
    let wanted: Vec<(usize, usize, bool)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.choices.is_empty())
        .filter_map(|(i, r)| {
            let col = r.selected.first().filter(|c| !c.is_empty())?;
            let n = normalise(col);
            let idx = table.headers.iter().position(|h| normalise(h) == n)?;
            let list =
                PlaceField::parse(r.name).is_some_and(|f| matches!(f.kind(), FieldKind::List(_)));
            Some((i, idx, list))
        })
        .collect();
    if wanted.is_empty() {
        return;
    }
    let mut found: Vec<Vec<String>> = vec![Vec::new(); rows.len()];
    while let Some(record) = table.next_record() {
        let Ok(record) = record else { continue };
        for (i, idx, list) in &wanted {
            let cell = record.cells.get(*idx).map_or("", |c| c.trim());
            let items: Vec<&str> =
                if *list { cell.split([';', ',', '|']).collect() } else { vec![cell] };
            for item in items.into_iter().map(str::trim).filter(|v| !v.is_empty()) {
                let seen = &mut found[*i];
                if seen.len() < MAX_VALUES && !seen.iter().any(|s| s.eq_ignore_ascii_case(item)) {
                    seen.push(item.to_owned());
                }
            }
        }
    }
    for (row, values) in rows.iter_mut().zip(found) {
        let table = mapping.and_then(|m| m.values.get(row.name));
        row.values = values
            .into_iter()
            .map(|from| {
                let to = table
                    .and_then(|t| t.iter().find(|(k, _)| k.trim().eq_ignore_ascii_case(&from)))
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default();
                ValueRow { from, to }
            })
            .collect();
    }
}

/// The other settings of the form: the id column and the `only` filter.
pub struct Extra {
    pub id: String,
    pub only_column: String,
    pub only_values: String,
}

pub fn extra(mapping: Option<&Mapping>, headers: &[String]) -> Extra {
    let id = mapping.and_then(|m| m.id.as_deref()).map(|c| header_of(headers, c));
    let only = mapping.and_then(|m| m.only.iter().next());
    Extra {
        id: id.unwrap_or_default(),
        only_column: only.map(|(c, _)| header_of(headers, c)).unwrap_or_default(),
        only_values: only.map(|(_, v)| v.join("; ")).unwrap_or_default(),
    }
}

/// Reads the submitted form (name/value pairs, in order) as a mapping.
/// Field names: `kolom.<veld>` (repeated to join), `standaard.<veld>`,
/// `van.<veld>.<n>` with `naar.<veld>.<n>`, `id_kolom`, `alleen_kolom`,
/// `alleen_waarden` (separated by `;`).
pub fn read(pairs: &[(String, String)], gemeente: Option<&str>) -> Mapping {
    let value = |key: &str| {
        pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim().to_owned()).unwrap_or_default()
    };
    let mut m = Mapping { gemeente: gemeente.map(str::to_owned), ..Mapping::default() };
    let id = value("id_kolom");
    m.id = (!id.is_empty()).then_some(id);
    let only = value("alleen_kolom");
    let keep: Vec<String> = value("alleen_waarden")
        .split(';')
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect();
    if !only.is_empty() && !keep.is_empty() {
        m.only.insert(only, keep);
    }
    for f in PlaceField::ALL {
        let name = f.name();
        let cols: Vec<String> = pairs
            .iter()
            .filter(|(k, v)| k.strip_prefix("kolom.") == Some(name) && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_owned())
            .collect();
        match cols.len() {
            0 => {}
            1 => {
                m.columns.insert(name.to_owned(), Columns::One(cols[0].clone()));
            }
            _ => {
                m.columns.insert(name.to_owned(), Columns::Many(cols));
            }
        }
        let default = value(&format!("standaard.{name}"));
        if !default.is_empty() {
            m.defaults.insert(name.to_owned(), default);
        }
        let mut table = BTreeMap::new();
        let from_prefix = format!("van.{name}.");
        for (k, from) in pairs {
            let Some(n) = k.strip_prefix(&from_prefix) else { continue };
            let to = value(&format!("naar.{name}.{n}"));
            if !to.is_empty() && !from.trim().is_empty() {
                table.insert(from.trim().to_owned(), to);
            }
        }
        if !table.is_empty() {
            m.values.insert(name.to_owned(), table);
        }
    }
    m
}
