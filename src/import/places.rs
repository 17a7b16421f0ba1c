//! Import of places from CSV or GeoJSON, with the column names documented in
//! `docs/import.md`. Every row is checked (fields, then area and database
//! rules); one bad row means nothing is imported, and every bad row is
//! listed with its line number.

use std::fmt;
use std::path::Path;

use anyhow::Context;
use serde_json::Value;
use sqlx::{Connection, PgConnection, PgPool};
use uuid::Uuid;

use super::{ImportError, Location, Problem};
use crate::db::places as db_places;
use crate::domain::place_input::PlaceInput;
use crate::error::AppError;
use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacesReport {
    pub rows: usize,
    pub inserted: usize,
}

impl fmt::Display for PlacesReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "places: {} rows read, {} imported", self.rows, self.inserted)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    GeoJson,
}

impl Format {
    /// By extension; otherwise by content (JSON starts with `{`).
    pub fn detect(path: &Path, data: &[u8]) -> Format {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        match ext.as_str() {
            "geojson" | "json" => Format::GeoJson,
            "csv" | "txt" | "tsv" => Format::Csv,
            _ => {
                let first = data.iter().find(|b| !b.is_ascii_whitespace());
                if first == Some(&b'{') { Format::GeoJson } else { Format::Csv }
            }
        }
    }
}

pub async fn run(db: &PgPool, file: &Path) -> anyhow::Result<PlacesReport> {
    let data = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut tx = db.begin().await?;
    let report = import(&mut tx, &data, Format::detect(file, &data)).await?;
    tx.commit().await?;
    Ok(report)
}

/// One input row with where it came from.
struct Row {
    location: Location,
    id: Option<Uuid>,
    input: PlaceInput,
}

/// Imports inside the caller's transaction; on error the caller must roll
/// back (the error is an [`ImportError`] listing every bad row).
pub async fn import(
    conn: &mut PgConnection,
    data: &[u8],
    format: Format,
) -> anyhow::Result<PlacesReport> {
    let mut problems = Vec::new();
    let rows = match format {
        Format::Csv => read_csv(data, &mut problems)?,
        Format::GeoJson => read_geojson(data, &mut problems)?,
    };
    let mut inserted = 0;
    for row in &rows {
        let fields = match row.input.parse() {
            Ok(f) => f,
            Err(errors) => {
                for e in errors {
                    problems.push(Problem {
                        location: row.location.clone(),
                        reason: format!("{}: {} ({})", e.field, Lang::Nl.t(e.key), e.key),
                    });
                }
                continue;
            }
        };
        // A savepoint per row: a refused insert aborts only this row, so
        // the remaining rows are still checked and reported.
        let mut sp = conn.begin().await?;
        let result: Result<(), AppError> = async {
            let areas = db_places::resolve_areas(&mut *sp, &fields)
                .await?
                .map_err(|problem| AppError::bad_request(problem.key()))?;
            let id = row.id.unwrap_or_else(Uuid::new_v4);
            let inserted = db_places::insert(&mut *sp, id, &fields, &areas)
                .await
                .map_err(AppError::from_constraint)?;
            if !inserted {
                return Err(AppError::bad_request("import-error-id-exists"));
            }
            db_places::mark_imported(&mut *sp, id).await?;
            Ok(())
        }
        .await;
        match result {
            Ok(()) => {
                sp.commit().await?;
                inserted += 1;
            }
            Err(e) => {
                sp.rollback().await?;
                problems.push(Problem { location: row.location.clone(), reason: describe(&e) });
            }
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| match p.location {
            Location::File => 0,
            Location::Line(n) => n,
            Location::Feature(i) => i as u64,
        });
        return Err(ImportError { problems }.into());
    }
    Ok(PlacesReport { rows: rows.len(), inserted })
}

fn describe(e: &AppError) -> String {
    match e {
        AppError::BadRequest(m) | AppError::Conflict(m) => {
            format!("{} ({})", Lang::Nl.t_args(m.key, &m.args), m.key)
        }
        other => format!("the database refused the row: {other}"),
    }
}

/// `;` (Dutch spreadsheets), tab or `,`: whichever the header line uses most.
pub fn sniff_delimiter(data: &[u8]) -> u8 {
    let header = data.split(|b| *b == b'\n').next().unwrap_or_default();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| (header.iter().filter(|b| *b == d).count(), *d == b','))
        .unwrap_or(b',')
}

/// Column names are case-insensitive; a few obvious aliases are accepted.
fn normalise_column(name: &str) -> String {
    let n = name.trim().trim_start_matches('\u{feff}').to_lowercase().replace([' ', '-'], "_");
    match n.as_str() {
        "wijkcode" | "wijk_code" => "wijk".into(),
        "buurtcode" | "buurt_code" => "buurt".into(),
        "e_mail" => "email".into(),
        _ => n,
    }
}

fn read_csv(data: &[u8], problems: &mut Vec<Problem>) -> Result<Vec<Row>, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sniff_delimiter(data))
        .flexible(false)
        .from_reader(data);
    let raw = reader
        .headers()
        .map_err(|e| ImportError::at(Location::Line(1), format!("cannot read the header: {e}")))?;
    let headers: csv::StringRecord = raw.iter().map(normalise_column).collect();
    let unknown: Vec<&str> =
        headers.iter().filter(|h| *h != "id" && !PlaceInput::FIELDS.contains(h)).collect();
    if !unknown.is_empty() {
        return Err(ImportError::at(
            Location::Line(1),
            format!("unknown column(s): {} (see docs/import.md)", unknown.join(", ")),
        ));
    }
    if !headers.iter().any(|h| h == "naam") {
        return Err(ImportError::at(Location::Line(1), "the column \"naam\" is missing"));
    }
    let id_col = headers.iter().position(|h| h == "id");

    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                let reason = match e.kind() {
                    csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                        format!("{len} columns instead of {expected_len}")
                    }
                    _ => e.to_string(),
                };
                problems.push(Problem { location: Location::Line(line), reason });
                continue;
            }
        };
        let location = Location::Line(record.position().map_or(0, |p| p.line()));
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let input: PlaceInput = match record.deserialize(Some(&headers)) {
            Ok(i) => i,
            Err(e) => {
                problems.push(Problem { location, reason: e.to_string() });
                continue;
            }
        };
        let id = match read_id(id_col.and_then(|c| record.get(c))) {
            Ok(id) => id,
            Err(reason) => {
                problems.push(Problem { location, reason });
                continue;
            }
        };
        rows.push(Row { location, id, input });
    }
    Ok(rows)
}

fn read_id(raw: Option<&str>) -> Result<Option<Uuid>, String> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Uuid::parse_str(s).map(Some).map_err(|_| format!("id: {s:?} is not a UUID")),
    }
}

fn read_geojson(data: &[u8], problems: &mut Vec<Problem>) -> Result<Vec<Row>, ImportError> {
    let doc: Value = serde_json::from_slice(data)
        .map_err(|e| ImportError::file(format!("not valid JSON: {e}")))?;
    if doc.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err(ImportError::file("not a GeoJSON FeatureCollection"));
    }
    let features = doc
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::file("the FeatureCollection has no \"features\" array"))?;
    let mut rows = Vec::new();
    for (index, f) in features.iter().enumerate() {
        let location = Location::Feature(index);
        match read_feature(f) {
            Ok((id, input)) => rows.push(Row { location, id, input }),
            Err(reason) => problems.push(Problem { location, reason }),
        }
    }
    Ok(rows)
}

fn read_feature(f: &Value) -> Result<(Option<Uuid>, PlaceInput), String> {
    let mut props = serde_json::Map::new();
    if let Some(map) = f.get("properties").and_then(Value::as_object) {
        for (k, v) in map {
            let key = normalise_column(k);
            if key != "id" && !PlaceInput::FIELDS.contains(&key.as_str()) {
                return Err(format!("unknown property {k:?} (see docs/import.md)"));
            }
            props.insert(key, Value::String(as_text(v)));
        }
    }
    let id = read_id(props.get("id").and_then(Value::as_str))?;
    let mut input: PlaceInput =
        serde_json::from_value(Value::Object(props)).map_err(|e| e.to_string())?;
    match f.get("geometry") {
        None | Some(Value::Null) => {}
        Some(g) if g.get("type").and_then(Value::as_str) == Some("Point") => {
            let pos = g
                .get("coordinates")
                .and_then(Value::as_array)
                .filter(|a| a.len() >= 2)
                .and_then(|a| Some((a[0].as_f64()?, a[1].as_f64()?)))
                .ok_or("the Point has no valid coordinates")?;
            // Degrees are WGS84 (RFC 7946); metres are RD New.
            let (a, b) = (pos.0.to_string(), pos.1.to_string());
            (input.lon, input.lat, input.x, input.y) = if pos.0.abs() <= 180.0 {
                (a, b, String::new(), String::new())
            } else {
                (String::new(), String::new(), a, b)
            };
        }
        Some(g) => {
            let kind = g.get("type").and_then(Value::as_str).unwrap_or("(none)");
            return Err(format!("geometry type {kind} is not a Point"));
        }
    }
    Ok((id, input))
}

/// Property values as the text a CSV cell would hold.
fn as_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(true) => "ja".into(),
        Value::Bool(false) => "nee".into(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(as_text).collect::<Vec<_>>().join(";"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_delimiters_and_formats() {
        assert_eq!(sniff_delimiter(b"naam;type;categorie\nx;y;z"), b';');
        assert_eq!(sniff_delimiter(b"naam,type\n"), b',');
        assert_eq!(sniff_delimiter(b"naam\n"), b',');
        assert_eq!(Format::detect(Path::new("a.csv"), b"{"), Format::Csv);
        assert_eq!(Format::detect(Path::new("a"), b"  {\"type\""), Format::GeoJson);
    }
}
