//! Importers for areas (GeoJSON), population (CBS CSV) and places, and the
//! Rotterdam demo. Every import runs in one transaction.

pub mod areas;
pub mod demo;
pub mod places;
pub mod population;
