//! Import of area outlines from GeoJSON: CBS national files (`statcode`,
//! `statnaam`) and the Rotterdam TIR files (`GEBIED`, `BUURT`), in EPSG:4326
//! or RD New (EPSG:28992), declared or recognised from the coordinates.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::PathBuf;

use anyhow::Context;
use serde_json::Value;
use sqlx::{PgConnection, PgPool};

use super::{ImportError, Location};
use crate::db::areas::{self as db_areas, AreaUpsert};
use crate::domain::area::{AreaLevel, CbsCode};

#[derive(Debug, clap::Args)]
pub struct AreasArgs {
    /// A GeoJSON FeatureCollection of Polygon / MultiPolygon features.
    pub file: PathBuf,
    #[command(flatten)]
    pub options: AreasOptions,
}

#[derive(Debug, Clone, Default, clap::Args)]
pub struct AreasOptions {
    /// Coordinate system of the file (4326 or 28992); overrides detection.
    #[arg(long)]
    pub srid: Option<i32>,
    /// Level of every feature; by default it follows from the code.
    #[arg(long, value_parser = parse_level)]
    pub level: Option<AreaLevel>,
    /// Property holding the CBS code (default `statcode`, or derived from
    /// GEBIED/BUURT for the Rotterdam TIR files).
    #[arg(long)]
    pub code_property: Option<String>,
    /// Property holding the name (default `statnaam`, or GEBDNAAM/BUURTNAAM).
    #[arg(long)]
    pub name_property: Option<String>,
    /// Property holding the parent's code (default: derived from the code).
    #[arg(long)]
    pub parent_property: Option<String>,
    /// Create missing parent gemeenten from the union of their wijken
    /// (always done for the Rotterdam TIR files).
    #[arg(long)]
    pub create_parents: bool,
}

fn parse_level(s: &str) -> Result<AreaLevel, String> {
    AreaLevel::parse(s).ok_or_else(|| format!("unknown level {s:?}: use gemeente, wijk or buurt"))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreasReport {
    pub features: usize,
    pub inserted: usize,
    pub updated: usize,
    pub repaired: usize,
    pub srid: i32,
    /// How the SRID was found: "--srid", "declared crs" or "coordinate range".
    pub srid_source: &'static str,
    /// Parent areas created from the union of their children.
    pub created_parents: Vec<String>,
    /// Areas left without a parent because it does not exist.
    pub missing_parents: Vec<String>,
}

impl fmt::Display for AreasReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "areas: {} features read, {} inserted, {} updated, {} repaired (ST_MakeValid)",
            self.features, self.inserted, self.updated, self.repaired
        )?;
        writeln!(f, "SRID {} ({})", self.srid, self.srid_source)?;
        if !self.created_parents.is_empty() {
            writeln!(f, "created from their children: {}", self.created_parents.join(", "))?;
        }
        write!(f, "missing parents: {}", self.missing_parents.len())?;
        if !self.missing_parents.is_empty() {
            let shown: Vec<&str> =
                self.missing_parents.iter().take(20).map(String::as_str).collect();
            let more = self.missing_parents.len().saturating_sub(shown.len());
            write!(f, " (parent left empty for {}", shown.join(", "))?;
            if more > 0 {
                write!(f, " and {more} more")?;
            }
            write!(f, ")")?;
        }
        Ok(())
    }
}

/// Reads the file and imports it in one transaction.
pub async fn run(db: &PgPool, args: &AreasArgs) -> anyhow::Result<AreasReport> {
    let data = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let mut tx = db.begin().await?;
    let report = import(&mut tx, &data, &args.options).await?;
    tx.commit().await?;
    Ok(report)
}

/// How codes and names are read from the properties.
enum Scheme {
    Cbs {
        code: String,
        name: String,
        parent: Option<String>,
    },
    /// Rotterdam TIR: codes from GEBIED (+ BUURT) within this gemeente.
    Tir {
        name: Option<String>,
    },
}

struct Feature {
    index: usize,
    code: CbsCode,
    name: String,
    parent: Option<CbsCode>,
    geojson: String,
}

/// Imports a GeoJSON FeatureCollection inside the caller's transaction. On
/// error the caller must roll back; the error is an [`ImportError`] that
/// names the feature index.
pub async fn import(
    conn: &mut PgConnection,
    data: &[u8],
    opts: &AreasOptions,
) -> anyhow::Result<AreasReport> {
    let doc: Value = serde_json::from_slice(data)
        .map_err(|e| ImportError::file(format!("not valid JSON: {e}")))?;
    if doc.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err(ImportError::file("not a GeoJSON FeatureCollection").into());
    }
    let raw_features = doc
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::file("the FeatureCollection has no \"features\" array"))?;
    let declared = declared_srid(&doc)?;

    let scheme = choose_scheme(raw_features, opts);
    let mut bbox = BBox::default();
    let mut features = Vec::with_capacity(raw_features.len());
    let mut seen: HashMap<CbsCode, usize> = HashMap::new();
    for (index, f) in raw_features.iter().enumerate() {
        let at = |reason: String| ImportError::at(Location::Feature(index), reason);
        let feature = read_feature(index, f, &scheme, opts, &mut bbox).map_err(at)?;
        if let Some(first) = seen.insert(feature.code.clone(), index) {
            return Err(at(format!(
                "{} appears twice in the file (also feature index {first})",
                feature.code
            ))
            .into());
        }
        features.push(feature);
    }

    let (srid, srid_source) = match (opts.srid, declared) {
        (Some(s), _) => (s, "--srid"),
        (None, Some(s)) => (s, "declared crs"),
        (None, None) => (bbox.detect_srid()?, "coordinate range"),
    };
    if !db_areas::srid_exists(&mut *conn, srid).await? {
        return Err(ImportError::file(format!("unknown SRID {srid}")).into());
    }

    // Parents before children, whatever the order in the file.
    features.sort_by_key(|f| (level_rank(f.code.level()), f.index));
    let mut report = AreasReport {
        features: features.len(),
        inserted: 0,
        updated: 0,
        repaired: 0,
        srid,
        srid_source,
        created_parents: Vec::new(),
        missing_parents: Vec::new(),
    };
    // Missing parent → the children that wanted it.
    let mut orphans: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in &features {
        let upsert = AreaUpsert {
            code: f.code.as_str(),
            level: f.code.level(),
            name: &f.name,
            parent: f.parent.as_ref().map(CbsCode::as_str),
            geojson: &f.geojson,
            srid,
        };
        let outcome = db_areas::upsert_from_geojson(&mut *conn, &upsert).await.map_err(|e| {
            let reason = match e.as_database_error() {
                Some(d) => {
                    format!("{} {}: the geometry was refused: {}", f.code, f.name, d.message())
                }
                None => format!("{} {}: {e}", f.code, f.name),
            };
            ImportError::at(Location::Feature(f.index), reason)
        })?;
        let Some(outcome) = outcome else {
            return Err(ImportError::at(
                Location::Feature(f.index),
                format!("{} {}: no polygon left after repairing the geometry", f.code, f.name),
            )
            .into());
        };
        if outcome.inserted {
            report.inserted += 1;
        } else {
            report.updated += 1;
        }
        report.repaired += usize::from(outcome.repaired);
        if outcome.parent_missing {
            let parent = f.parent.as_ref().map(|p| p.to_string()).unwrap_or_default();
            orphans.entry(parent).or_default().push(f.code.to_string());
        }
    }

    let create = opts.create_parents || matches!(scheme, Scheme::Tir { .. });
    for (parent, children) in orphans {
        let gemeente = CbsCode::parse(&parent).filter(|c| c.level() == AreaLevel::Gemeente);
        if let (true, Some(gm)) = (create, gemeente) {
            let name = gemeente_name(gm.as_str());
            db_areas::create_parent_from_children(conn, gm.as_str(), gm.level(), &name, &children)
                .await?;
            report.created_parents.push(gm.into_string());
        } else {
            report.missing_parents.extend(children);
        }
    }
    report.missing_parents.sort();
    Ok(report)
}

fn gemeente_name(code: &str) -> String {
    match code {
        "GM0599" => "Rotterdam".to_owned(),
        other => other.to_owned(),
    }
}

fn level_rank(level: AreaLevel) -> u8 {
    match level {
        AreaLevel::Gemeente => 0,
        AreaLevel::Wijk => 1,
        AreaLevel::Buurt => 2,
    }
}

/// The SRID of a declared `crs` member ("urn:ogc:def:crs:EPSG::28992",
/// "EPSG:4326", "urn:ogc:def:crs:OGC:1.3:CRS84").
fn declared_srid(doc: &Value) -> Result<Option<i32>, ImportError> {
    let Some(crs) = doc.get("crs").filter(|c| !c.is_null()) else {
        return Ok(None);
    };
    let name = crs
        .pointer("/properties/name")
        .and_then(Value::as_str)
        .ok_or_else(|| ImportError::file("the crs member has no properties.name"))?;
    if name.to_ascii_uppercase().ends_with("CRS84") {
        return Ok(Some(4326));
    }
    name.rsplit(':')
        .next()
        .and_then(|n| n.trim().parse::<i32>().ok())
        .filter(|n| *n > 0)
        .map(Some)
        .ok_or_else(|| ImportError::file(format!("cannot read the declared crs {name:?}")))
}

fn choose_scheme(features: &[Value], opts: &AreasOptions) -> Scheme {
    let first = features.first().and_then(|f| f.get("properties"));
    let has = |key: &str| first.and_then(|p| p.get(key)).is_some_and(|v| !v.is_null());
    if opts.code_property.is_none() && !has("statcode") && has("GEBIED") {
        return Scheme::Tir { name: opts.name_property.clone() };
    }
    Scheme::Cbs {
        code: opts.code_property.clone().unwrap_or_else(|| "statcode".into()),
        name: opts.name_property.clone().unwrap_or_else(|| "statnaam".into()),
        parent: opts.parent_property.clone(),
    }
}

/// A property as text: strings trimmed, numbers written out.
fn prop(props: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    match props.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn required(props: &serde_json::Map<String, Value>, key: &str) -> Result<String, String> {
    prop(props, key).ok_or_else(|| format!("property {key:?} is missing or empty"))
}

/// A small number property (GEBIED 3, "03") as two digits.
fn two_digits(props: &serde_json::Map<String, Value>, key: &str) -> Result<String, String> {
    let raw = required(props, key)?;
    match raw.parse::<u32>() {
        Ok(n) if n < 100 => Ok(format!("{n:02}")),
        _ => Err(format!("property {key:?} must be a number from 0 to 99, not {raw:?}")),
    }
}

fn read_feature(
    index: usize,
    f: &Value,
    scheme: &Scheme,
    opts: &AreasOptions,
    bbox: &mut BBox,
) -> Result<Feature, String> {
    if f.get("type").and_then(Value::as_str) != Some("Feature") {
        return Err("not a GeoJSON Feature".into());
    }
    let empty = serde_json::Map::new();
    let props = match f.get("properties") {
        Some(Value::Object(p)) => p,
        None | Some(Value::Null) => &empty,
        Some(_) => return Err("\"properties\" is not an object".into()),
    };
    let (code, name, parent) = match scheme {
        Scheme::Cbs { code, name, parent } => {
            let raw = required(props, code)?;
            let cbs = CbsCode::parse(&raw).ok_or_else(|| {
                format!("property {code:?} is {raw:?}, not a CBS code like GM0599, WK059901 or BU05990111")
            })?;
            let parent = match parent {
                Some(key) => match prop(props, key) {
                    Some(p) => Some(
                        CbsCode::parse(&p)
                            .ok_or_else(|| format!("property {key:?} is {p:?}, not a CBS code"))?,
                    ),
                    None => None,
                },
                None => cbs.parent(),
            };
            (cbs, required(props, name)?, parent)
        }
        Scheme::Tir { name } => {
            let gemeente = match prop(props, "GEMEENTE") {
                Some(g) => g
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n < 10_000)
                    .map(|n| format!("{n:04}"))
                    .ok_or_else(|| format!("property \"GEMEENTE\" is {g:?}, not a number"))?,
                None => "0599".to_owned(),
            };
            let gebied = two_digits(props, "GEBIED")?;
            let is_buurt = props.get("BUURT").is_some_and(|v| !v.is_null());
            let (raw, default_name) = if is_buurt {
                (format!("BU{gemeente}{gebied}{}", two_digits(props, "BUURT")?), "BUURTNAAM")
            } else {
                (format!("WK{gemeente}{gebied}"), "GEBDNAAM")
            };
            let cbs =
                CbsCode::parse(&raw).ok_or_else(|| format!("derived code {raw} is invalid"))?;
            let parent = cbs.parent();
            (cbs, required(props, name.as_deref().unwrap_or(default_name))?, parent)
        }
    };
    if let Some(level) = opts.level.filter(|l| *l != code.level()) {
        return Err(format!("{code} is a {}, but --level {level} was given", code.level()));
    }
    if name.chars().count() > 200 {
        return Err(format!("{code}: the name is longer than 200 characters"));
    }
    let geometry = match f.get("geometry") {
        None | Some(Value::Null) => return Err(format!("{code} {name}: no geometry")),
        Some(g) => g,
    };
    check_polygonal(geometry, bbox).map_err(|e| format!("{code} {name}: {e}"))?;
    let geojson = serde_json::to_string(geometry).map_err(|e| e.to_string())?;
    Ok(Feature { index, code, name, parent, geojson })
}

/// Checks the structure of a (Multi)Polygon before PostGIS sees it, so a
/// bad feature is named instead of failing somewhere in SQL.
fn check_polygonal(geometry: &Value, bbox: &mut BBox) -> Result<(), String> {
    let kind = geometry.get("type").and_then(Value::as_str).unwrap_or("(none)");
    let coords = geometry.get("coordinates").ok_or("the geometry has no coordinates")?;
    let polygons: Vec<&Value> = match kind {
        "Polygon" => vec![coords],
        "MultiPolygon" => {
            coords.as_array().ok_or("MultiPolygon coordinates are not an array")?.iter().collect()
        }
        other => return Err(format!("geometry type {other} is not a Polygon or MultiPolygon")),
    };
    if polygons.is_empty() {
        return Err("the MultiPolygon is empty".into());
    }
    for polygon in polygons {
        let rings = polygon.as_array().filter(|r| !r.is_empty()).ok_or("a polygon has no rings")?;
        for ring in rings {
            let positions = ring.as_array().ok_or("a ring is not an array of positions")?;
            if positions.len() < 4 {
                return Err("a ring has fewer than 4 positions".into());
            }
            if positions.first() != positions.last() {
                return Err("a ring is not closed (its first and last positions differ)".into());
            }
            for p in positions {
                let xy = p
                    .as_array()
                    .filter(|a| a.len() >= 2)
                    .and_then(|a| Some((a[0].as_f64()?, a[1].as_f64()?)))
                    .filter(|(x, y)| x.is_finite() && y.is_finite())
                    .ok_or("a position is not a pair of numbers")?;
                bbox.add(xy);
            }
        }
    }
    Ok(())
}

#[derive(Debug, Clone, Copy)]
struct BBox {
    min: (f64, f64),
    max: (f64, f64),
}

impl Default for BBox {
    fn default() -> Self {
        Self { min: (f64::INFINITY, f64::INFINITY), max: (f64::NEG_INFINITY, f64::NEG_INFINITY) }
    }
}

impl BBox {
    fn add(&mut self, (x, y): (f64, f64)) {
        self.min = (self.min.0.min(x), self.min.1.min(y));
        self.max = (self.max.0.max(x), self.max.1.max(y));
    }

    fn within(&self, x: (f64, f64), y: (f64, f64)) -> bool {
        self.min.0 >= x.0 && self.max.0 <= x.1 && self.min.1 >= y.0 && self.max.1 <= y.1
    }

    /// WGS84 degrees or RD New metres; anything else needs `--srid`.
    fn detect_srid(&self) -> Result<i32, ImportError> {
        if self.min.0 > self.max.0 {
            return Err(ImportError::file("the file has no features, so its CRS is unknown"));
        }
        if self.within((-180.0, 180.0), (-90.0, 90.0)) {
            Ok(4326)
        } else if self.within((0.0, 300_000.0), (300_000.0, 625_000.0)) {
            Ok(28992)
        } else {
            Err(ImportError::file(format!(
                "cannot tell the CRS from the coordinates (x {:.0}..{:.0}, y {:.0}..{:.0}); \
                 use --srid",
                self.min.0, self.max.0, self.min.1, self.max.1
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_crs_from_declaration_and_range() {
        let doc = serde_json::json!({"crs": {"type": "name",
            "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}});
        assert_eq!(declared_srid(&doc).unwrap(), Some(28992));
        let doc =
            serde_json::json!({"crs": {"properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}});
        assert_eq!(declared_srid(&doc).unwrap(), Some(4326));
        let mut b = BBox::default();
        b.add((92_000.0, 437_000.0));
        b.add((60_000.0, 420_000.0));
        assert_eq!(b.detect_srid().unwrap(), 28992);
        let mut b = BBox::default();
        b.add((4.4, 51.9));
        assert_eq!(b.detect_srid().unwrap(), 4326);
        b.add((400_000.0, 0.0));
        assert!(b.detect_srid().is_err());
    }
}
