//! Reading an area file: the naming scheme of its properties, one feature
//! with its code, name, parent and checked geometry, and the CRS (declared,
//! or recognised from the range of the coordinates).

use serde_json::Value;

use super::AreasOptions;
use crate::domain::area::CbsCode;
use crate::import::ImportError;

/// How codes and names are read from the properties.
pub(super) enum Scheme {
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

/// One feature as read, before it is written.
pub(super) struct Feature {
    pub(super) index: usize,
    pub(super) code: CbsCode,
    pub(super) name: String,
    pub(super) parent: Option<CbsCode>,
    pub(super) geojson: String,
}

/// The SRID of a declared `crs` member ("urn:ogc:def:crs:EPSG::28992",
/// "EPSG:4326", "urn:ogc:def:crs:OGC:1.3:CRS84").
pub(super) fn declared_srid(doc: &Value) -> Result<Option<i32>, ImportError> {
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

pub(super) fn choose_scheme(features: &[Value], opts: &AreasOptions) -> Scheme {
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

pub(super) fn read_feature(
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
pub(super) struct BBox {
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
    pub(super) fn detect_srid(&self) -> Result<i32, ImportError> {
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
