//! Import of population: CBS Kerncijfers wijken en buurten (CSV with
//! `buurtcode` (or `gwb_code_10`, `gwb_code`, `WijkenEnBuurten`, `code`),
//! `inwoners`, `huishoudens`, `leeftijd_0_15`, `leeftijd_25_45`,
//! `leeftijd_65_plus`, `bevolkingsdichtheid`). Buurt rows (BU…) are
//! matched by code; wijk (WK…) and gemeente (GM…) rows, which the CBS
//! tables also have, are kept as the area's own figure. Wijken and
//! gemeenten then get their own figure or the sum of their buurten, and
//! their coverage (docs/import.md).

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use anyhow::Context;
use sqlx::{PgConnection, PgPool};

use super::{ImportError, Location, Problem};
use crate::db::population::{self as db_population, BuurtPopulation};
use crate::domain::area::CbsCode;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PopulationReport {
    pub rows: usize,
    pub matched: usize,
    /// Wijken and gemeenten with their own figure in the file.
    pub own_figures: usize,
    /// Codes in the file that are not areas (of that level) in the database.
    pub unmatched: Vec<String>,
    /// Wijken and gemeenten whose sums were recomputed.
    pub aggregated: u64,
}

impl fmt::Display for PopulationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Inwoners: {} rijen gelezen, {} buurten gevonden, {} wijken/gemeenten met een eigen \
             cijfer, {} wijken/gemeenten bijgewerkt.",
            self.rows, self.matched, self.own_figures, self.aggregated
        )?;
        write!(f, "Niet gevonden ({}):", self.unmatched.len())?;
        if self.unmatched.is_empty() {
            write!(f, " geen")?;
        }
        for chunk in self.unmatched.chunks(8) {
            write!(f, "\n  {}", chunk.join(" "))?;
        }
        Ok(())
    }
}

pub async fn run(db: &PgPool, file: &Path) -> anyhow::Result<PopulationReport> {
    let data = std::fs::read(file)
        .with_context(|| format!("Het bestand {} kan niet worden gelezen", file.display()))?;
    let mut tx = db.begin().await?;
    let report = import(&mut tx, &data).await?;
    tx.commit().await?;
    Ok(report)
}

/// The figures' columns, after the code column.
const COLUMNS: [&str; 6] = [
    "inwoners",
    "huishoudens",
    "leeftijd_0_15",
    "leeftijd_25_45",
    "leeftijd_65_plus",
    "bevolkingsdichtheid",
];

/// Names of the code column: ours, the CBS open-data files', StatLine's.
const CODE_COLUMNS: [&str; 5] = ["buurtcode", "gwb_code_10", "gwb_code", "wijkenenbuurten", "code"];

/// Imports inside the caller's transaction. Every unreadable number is
/// reported with its line; then nothing is changed.
pub async fn import(conn: &mut PgConnection, data: &[u8]) -> anyhow::Result<PopulationReport> {
    let delimiter = super::table::sniff_delimiter(data).unwrap_or(b',');
    // A BOM (what Excel writes) is not part of the first column's name.
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    // Only LF ends a record: after CRLF (what Excel and StatLine write) the
    // csv crate's default counts lines one too low. Cells are trimmed, so
    // the CR goes.
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(data);
    let headers = reader
        .headers()
        .map_err(|e| {
            ImportError::at(Location::Line(1), format!("De kopregel kan niet worden gelezen: {e}."))
        })?
        .clone();
    let find = |col: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(col));
    let mut idx = [0usize; 7];
    idx[0] = CODE_COLUMNS.iter().find_map(|c| find(c)).ok_or_else(|| {
        ImportError::at(
            Location::Line(1),
            format!(
                "Er is geen kolom met de CBS-code (buurtcode). Het bestand heeft: {}.",
                headers.iter().collect::<Vec<_>>().join(", ")
            ),
        )
    })?;
    for (i, col) in COLUMNS.iter().enumerate() {
        idx[i + 1] = find(col).ok_or_else(|| {
            ImportError::at(Location::Line(1), format!("De kolom {col:?} ontbreekt."))
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
                problems.push(Problem {
                    location: Location::Line(line),
                    reason: format!("Deze regel kan niet worden gelezen: {e}."),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let at = Location::Line(line);
        let field = |i: usize| record.get(idx[i]).unwrap_or("").trim();
        // StatLine pads codes with spaces ("GM0599    ").
        let code = field(0).to_ascii_uppercase();
        // Buurt, wijk and gemeente rows alike: `set_population` knows which.
        if CbsCode::parse(&code).is_none() {
            let reason = if code.is_empty() {
                "De CBS-code is leeg.".into()
            } else {
                format!(
                    "{code:?} is geen CBS-code. Schrijf BU + 8 cijfers (buurt), WK + 6 (wijk) \
                     of GM + 4 (gemeente), zoals BU05990111."
                )
            };
            problems.push(Problem { location: at, reason });
            continue;
        }
        if !seen.insert(code.clone()) {
            problems.push(Problem {
                location: at,
                reason: format!("De code {code} staat twee keer in het bestand."),
            });
            continue;
        }
        let mut ints = [None; 5];
        for (k, slot) in ints.iter_mut().enumerate() {
            match count(field(k + 1)) {
                Ok(v) => *slot = v,
                Err(()) => problems.push(Problem {
                    location: at.clone(),
                    reason: format!(
                        "kolom {:?}, waarde {:?}: dit is geen geheel getal. Schrijf bijvoorbeeld \
                         1250, of laat de cel leeg (onbekend).",
                        COLUMNS[k],
                        field(k + 1)
                    ),
                }),
            }
        }
        let density = match decimal(field(6)) {
            Ok(v) => v,
            Err(()) => {
                problems.push(Problem {
                    location: at,
                    reason: format!(
                        "kolom \"bevolkingsdichtheid\", waarde {:?}: dit is geen getal. \
                         Schrijf bijvoorbeeld 3926.0, of laat de cel leeg (onbekend).",
                        field(6)
                    ),
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
        db_population::set_population(&mut *conn, &p).await?.into_iter().collect();
    let aggregated = db_population::aggregate_population(&mut *conn).await?;
    let own_figures = matched.iter().filter(|c| !c.starts_with("BU")).count();
    let mut unmatched: Vec<String> =
        p.codes.iter().filter(|c| !matched.contains(*c)).cloned().collect();
    unmatched.sort();
    Ok(PopulationReport {
        rows: p.codes.len(),
        matched: matched.len() - own_figures,
        own_figures,
        unmatched,
        aggregated,
    })
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
