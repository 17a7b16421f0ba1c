//! Import of population: CBS Kerncijfers wijken en buurten (CSV with
//! `buurtcode`, `inwoners`, `huishoudens`, `leeftijd_0_15`, `leeftijd_25_45`,
//! `leeftijd_65_plus`, `bevolkingsdichtheid`), matched by buurt code and
//! summed to wijken and gemeenten.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use anyhow::Context;
use sqlx::{PgConnection, PgPool};

use super::{ImportError, Location, Problem};
use crate::db::areas::{self as db_areas, BuurtPopulation};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PopulationReport {
    pub rows: usize,
    pub matched: usize,
    /// Buurt codes in the file that are not (buurt) areas in the database.
    pub unmatched: Vec<String>,
    /// Wijken and gemeenten whose sums were recomputed.
    pub aggregated: u64,
}

impl fmt::Display for PopulationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "population: {} rows read, {} buurten matched, {} wijken/gemeenten summed",
            self.rows, self.matched, self.aggregated
        )?;
        write!(f, "not matched ({}):", self.unmatched.len())?;
        if self.unmatched.is_empty() {
            write!(f, " none")?;
        }
        for chunk in self.unmatched.chunks(8) {
            write!(f, "\n  {}", chunk.join(" "))?;
        }
        Ok(())
    }
}

pub async fn run(db: &PgPool, file: &Path) -> anyhow::Result<PopulationReport> {
    let data = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut tx = db.begin().await?;
    let report = import(&mut tx, &data).await?;
    tx.commit().await?;
    Ok(report)
}

const COLUMNS: [&str; 7] = [
    "buurtcode",
    "inwoners",
    "huishoudens",
    "leeftijd_0_15",
    "leeftijd_25_45",
    "leeftijd_65_plus",
    "bevolkingsdichtheid",
];

/// Imports inside the caller's transaction. Every unreadable number is
/// reported with its line; then nothing is changed.
pub async fn import(conn: &mut PgConnection, data: &[u8]) -> anyhow::Result<PopulationReport> {
    let delimiter = super::table::sniff_delimiter(data).unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(data);
    let headers = reader
        .headers()
        .map_err(|e| ImportError::at(Location::Line(1), format!("cannot read the header: {e}")))?
        .clone();
    let mut idx = [0usize; 7];
    for (i, col) in COLUMNS.iter().enumerate() {
        idx[i] =
            headers.iter().position(|h| h.trim().eq_ignore_ascii_case(col)).ok_or_else(|| {
                ImportError::at(Location::Line(1), format!("column {col:?} is missing"))
            })?;
    }

    let mut p = BuurtPopulation::default();
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(Problem { location: Location::Line(line), reason: e.to_string() });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let field = |i: usize| record.get(idx[i]).unwrap_or("").trim();
        let code = field(0).to_ascii_uppercase();
        if code.is_empty() {
            problems
                .push(Problem { location: Location::Line(line), reason: "no buurtcode".into() });
            continue;
        }
        if !seen.insert(code.clone()) {
            problems.push(Problem {
                location: Location::Line(line),
                reason: format!("buurtcode {code} appears twice"),
            });
            continue;
        }
        let mut ints = [None; 5];
        for (k, slot) in ints.iter_mut().enumerate() {
            match count(field(k + 1)) {
                Ok(v) => *slot = v,
                Err(()) => problems.push(Problem {
                    location: Location::Line(line),
                    reason: format!("{}: {:?} is not a whole number", COLUMNS[k + 1], field(k + 1)),
                }),
            }
        }
        let density = match decimal(field(6)) {
            Ok(v) => v,
            Err(()) => {
                problems.push(Problem {
                    location: Location::Line(line),
                    reason: format!("bevolkingsdichtheid: {:?} is not a number", field(6)),
                });
                None
            }
        };
        p.codes.push(code);
        p.inhabitants.push(ints[0]);
        p.households.push(ints[1]);
        p.age_0_15.push(ints[2]);
        p.age_25_45.push(ints[3]);
        p.age_65_plus.push(ints[4]);
        p.density.push(density);
    }
    if !problems.is_empty() {
        return Err(ImportError { problems }.into());
    }

    let matched: HashSet<String> =
        db_areas::set_buurt_population(&mut *conn, &p).await?.into_iter().collect();
    let aggregated = db_areas::aggregate_population(&mut *conn).await?;
    let mut unmatched: Vec<String> =
        p.codes.iter().filter(|c| !matched.contains(*c)).cloned().collect();
    unmatched.sort();
    Ok(PopulationReport { rows: p.codes.len(), matched: matched.len(), unmatched, aggregated })
}

/// CBS writes "." (or nothing) for a figure it keeps secret; that is NULL.
fn count(s: &str) -> Result<Option<i32>, ()> {
    let s = s.trim();
    if s.is_empty() || s == "." || s == "-" {
        return Ok(None);
    }
    let n: i64 = s.replace(['.', ' '], "").parse().map_err(|_| ())?;
    // Negative codes such as -99997 mean "secret" in some CBS exports.
    if n < 0 { Ok(None) } else { i32::try_from(n).map(Some).map_err(|_| ()) }
}

fn decimal(s: &str) -> Result<Option<f64>, ()> {
    let s = s.trim();
    if s.is_empty() || s == "." || s == "-" {
        return Ok(None);
    }
    let v: f64 = s.replace(',', ".").parse().map_err(|_| ())?;
    if v.is_finite() && v >= 0.0 { Ok(Some(v)) } else { Ok(None) }
}
