//! Importers for areas (GeoJSON), population (CBS CSV) and places, and the
//! Rotterdam demo. Every import runs in one transaction: it imports all of a
//! file or nothing, and then says exactly where the file is wrong.

pub mod areas;
pub mod demo;
pub mod geocoding;
mod keys;
pub mod mapping;
pub mod places;
pub mod population;
pub mod report;
mod resolve;
mod rows;
pub mod table;
mod xlsx;

use std::fmt;

/// Where in the input file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The file as a whole (not JSON, no FeatureCollection, ...).
    File,
    /// A GeoJSON feature by its index in `features` (0-based).
    Feature(usize),
    /// A CSV line number (the header is line 1).
    Line(u64),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File => f.write_str("bestand"),
            // Counted from 1, as people count; the header is line 1.
            Location::Feature(i) => write!(f, "object {}", i + 1),
            Location::Line(n) => write!(f, "regel {n}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub location: Location,
    pub reason: String,
}

/// The file was rejected and nothing was imported. Lists every problem
/// found (the places import checks every row; others stop at the first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub problems: Vec<Problem>,
}

impl ImportError {
    pub fn file(reason: impl Into<String>) -> Self {
        Self { problems: vec![Problem { location: Location::File, reason: reason.into() }] }
    }

    pub fn at(location: Location, reason: impl Into<String>) -> Self {
        Self { problems: vec![Problem { location, reason: reason.into() }] }
    }
}

/// Problems printed at most; a file with many bad rows usually has one
/// cause, and the first few show it.
const SHOWN: usize = 200;

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        let what = if n == 1 { "1 probleem" } else { &format!("{n} problemen") };
        writeln!(f, "Er is niets geïmporteerd; {what}:")?;
        for p in self.problems.iter().take(SHOWN) {
            writeln!(f, "  {}: {}", p.location, p.reason)?;
        }
        if n > SHOWN {
            writeln!(f, "  … en nog {} problemen.", n - SHOWN)?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportError {}
