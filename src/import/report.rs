//! What a places import did (or, in a dry run, would do): counts of new,
//! changed, unchanged and missing places, how the file was read, the
//! columns it ignored, points assigned to a wijk they lie just outside of,
//! and the first rows as they will be stored (the web upload's preview).
//! Printed in Dutch for the command line.

use std::fmt;

use uuid::Uuid;

use super::Location;
use super::geocoding::Geocoded;
use super::table::{Encoding, Format};
use crate::db::imports::MissingPlace;
use crate::domain::place_input::PlaceInput;
use crate::domain::revision::FieldChange;

/// What happened to one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowResult {
    New,
    Changed(Vec<FieldChange>),
    Unchanged,
    Refused,
}

/// One row of the preview: the place as it will be stored, and every
/// problem of the row.
#[derive(Debug, Clone)]
pub struct PreviewRow {
    pub location: Location,
    pub input: PlaceInput,
    pub result: RowResult,
    pub problems: Vec<String>,
}

/// A point outside its wijk's or buurt's outline, assigned to the nearest.
#[derive(Debug, Clone, PartialEq)]
pub struct Assigned {
    pub location: Location,
    pub name: String,
    pub wijk_code: String,
    pub wijk_name: String,
    pub wijk_metres: f64,
    pub buurt_code: Option<String>,
    pub buurt_metres: f64,
}

/// A row whose point was found from its address.
#[derive(Debug, Clone, PartialEq)]
pub struct GeocodedRow {
    pub location: Location,
    pub name: String,
    pub found: Geocoded,
    pub wijk_code: String,
    pub buurt_code: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PlacesReport {
    pub format: Format,
    pub encoding: Encoding,
    pub delimiter: Option<u8>,
    /// Data rows read (not counting the header and empty lines).
    pub rows: usize,
    /// Rows the mapping's `only` left out.
    pub skipped: usize,
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
    /// Places of the file's source(s) that it no longer has.
    pub missing: Vec<MissingPlace>,
    /// Of those, marked gestopt (`--close-missing`).
    pub closed: usize,
    pub ignored_columns: Vec<String>,
    pub assigned: Vec<Assigned>,
    /// Rows whose point the geocoder found from the address.
    pub geocoded: Vec<GeocodedRow>,
    pub preview: Vec<PreviewRow>,
    pub dry_run: bool,
    /// The places written (new and changed), for the caller's audit trail.
    pub written: Vec<Uuid>,
}

impl PlacesReport {
    pub fn new(format: Format, dry_run: bool) -> Self {
        PlacesReport {
            format,
            encoding: Encoding::Utf8,
            delimiter: None,
            rows: 0,
            skipped: 0,
            new: 0,
            changed: 0,
            unchanged: 0,
            missing: Vec::new(),
            closed: 0,
            ignored_columns: Vec::new(),
            assigned: Vec::new(),
            geocoded: Vec::new(),
            preview: Vec::new(),
            dry_run,
            written: Vec::new(),
        }
    }

    /// How the file was read: "CSV, puntkomma, Windows-1252".
    pub fn read_as(&self) -> String {
        match self.format {
            Format::GeoJson => "GeoJSON".into(),
            Format::Xlsx => "Excel (XLSX)".into(),
            Format::Csv => {
                let sep = match self.delimiter {
                    Some(b';') => "puntkomma",
                    Some(b'\t') => "tab",
                    _ => "komma",
                };
                format!("CSV, {sep}, {}", self.encoding)
            }
        }
    }
}

/// Whole metres, for people.
pub fn metres(m: f64) -> String {
    format!("{} m", m.round() as i64)
}

impl fmt::Display for PlacesReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.dry_run {
            writeln!(f, "Proefimport: er is niets opgeslagen.")?;
        }
        writeln!(f, "Plekken: {} rijen gelezen ({}).", self.rows, self.read_as())?;
        if self.skipped > 0 {
            writeln!(f, "Overgeslagen door \"only\" in de mapping: {}.", self.skipped)?;
        }
        writeln!(
            f,
            "Nieuw: {}, gewijzigd: {}, ongewijzigd: {}, niet meer in het bestand: {}.",
            self.new,
            self.changed,
            self.unchanged,
            self.missing.len()
        )?;
        if !self.ignored_columns.is_empty() {
            writeln!(
                f,
                "Genegeerde kolommen ({}): {}.",
                self.ignored_columns.len(),
                self.ignored_columns.join(", ")
            )?;
        }
        if !self.assigned.is_empty() {
            writeln!(f, "Buiten de grens, toegewezen aan de dichtstbijzijnde wijk of buurt:")?;
            for a in &self.assigned {
                write!(f, "  {}: {:?} -> {} {}", a.location, a.name, a.wijk_code, a.wijk_name)?;
                if a.wijk_metres > 0.0 {
                    write!(f, " ({} buiten de wijk)", metres(a.wijk_metres))?;
                }
                if let Some(b) = &a.buurt_code {
                    write!(f, ", buurt {b}")?;
                    if a.buurt_metres > 0.0 {
                        write!(f, " ({} buiten de buurt)", metres(a.buurt_metres))?;
                    }
                }
                writeln!(f)?;
            }
        }
        if !self.geocoded.is_empty() {
            writeln!(f, "Adres opgezocht ({}):", self.geocoded.len())?;
            for g in &self.geocoded {
                write!(
                    f,
                    "  {}: {:?} {:?} -> {:?} (lon {:.6}, lat {:.6}), wijk {}",
                    g.location,
                    g.name,
                    g.found.query,
                    g.found.label,
                    g.found.lon,
                    g.found.lat,
                    g.wijk_code
                )?;
                match &g.buurt_code {
                    Some(b) => writeln!(f, ", buurt {b}")?,
                    None => writeln!(f, ", geen buurt")?,
                }
            }
        }
        if !self.missing.is_empty() {
            let verb = if self.closed > 0 { "gemarkeerd als gestopt" } else { "niet verwijderd" };
            writeln!(f, "Niet meer in het bestand ({verb}):")?;
            for m in &self.missing {
                writeln!(f, "  {} {:?} (bron {:?})", m.id, m.name, m.source)?;
            }
            if self.closed == 0 && !self.dry_run {
                writeln!(f, "Met --close-missing worden ze gemarkeerd als gestopt.")?;
            }
        }
        Ok(())
    }
}
