//! Import of area outlines from GeoJSON: CBS national files (`statcode`,
//! `statnaam`) and the Rotterdam TIR files (`GEBIED`, `BUURT`), in EPSG:4326
//! or RD New (EPSG:28992), declared or recognised from the coordinates.
//! Reading a feature and finding its CRS is in [`read`]; this module
//! writes the areas (parents first) and reports.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::PathBuf;

use anyhow::Context;
use serde_json::Value;
use sqlx::{PgConnection, PgPool};

mod read;

use super::{ImportError, Location};
use crate::db::areas::{self as db_areas, AreaUpsert};
use crate::domain::area::{AreaLevel, CbsCode};
use read::{BBox, Scheme, choose_scheme, declared_srid, read_feature};

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
    /// Where the outlines come from, named in the footer of the pages that
    /// show these areas (default "Gemeente Rotterdam" for the Rotterdam TIR
    /// files, else "CBS Wijk- en buurtkaart").
    #[arg(long)]
    pub bron: Option<String>,
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
    let source = area_source(opts, &scheme);
    for f in &features {
        let upsert = AreaUpsert {
            code: f.code.as_str(),
            level: f.code.level(),
            name: &f.name,
            parent: f.parent.as_ref().map(CbsCode::as_str),
            geojson: &f.geojson,
            srid,
            source: &source,
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
            let area = db_areas::NewArea { code: gm.as_str(), name: &name, source: &source };
            db_areas::create_parent_from_children(conn, &area, gm.level(), &children).await?;
            report.created_parents.push(gm.into_string());
        } else {
            report.missing_parents.extend(children);
        }
    }
    report.missing_parents.sort();
    Ok(report)
}

/// The source named in the footer: `--bron`, or what the file's scheme
/// says (the TIR files are Rotterdam's own; the others CBS's map).
fn area_source(opts: &AreasOptions, scheme: &Scheme) -> String {
    let given = opts.bron.as_deref().map(str::trim).filter(|b| !b.is_empty());
    match (given, scheme) {
        (Some(b), _) => b.chars().take(200).collect(),
        (None, Scheme::Tir { .. }) => "Gemeente Rotterdam".to_owned(),
        (None, Scheme::Cbs { .. }) => "CBS Wijk- en buurtkaart".to_owned(),
    }
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
