//! The data of the map (`/api/plekken.geojson`): public points as GeoJSON,
//! clustered on a grid when a box holds many.
//!
//! Building 2,000 features in SQL and sending them as JSON text cost about
//! 18 ms a request. The points of the unfiltered map (what nearly every
//! visitor asks for, in any box) are instead read once per data
//! generation of the page cache, kept compactly in memory (about 100 bytes
//! a place) and cut to the box here, which takes well under a millisecond.
//! A change to the data (a trigger's NOTIFY, or a successful post) starts a
//! new generation, so the next request reads them again; concurrent
//! requests wait for that one read ([`Memo`]).
//!
//! The privacy rules hold because the points come from `hv_public_search`
//! (`db::places::map_points`): `public_location` only, hidden places never.
//! A filtered map (type, words, wijk …) asks that function per request, in
//! the box, so the one filter of the public pages stays in SQL; "open now"
//! is decided in Rust, as on the list pages.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::sync::Arc;

use uuid::Uuid;

use crate::db::places::{self, MapPoint, PlaceFilter, WORLD};
use crate::domain::place::{CATEGORIES, PlaceStatus, PlaceType, Precision};
use crate::error::AppResult;
use crate::web::handlers::public::OpenNow;
use crate::web::state::AppState;

/// A place as the map keeps it: shared strings for what many places share.
struct Marker {
    id: Uuid,
    name: Box<str>,
    place_type: PlaceType,
    category: Arc<str>,
    status: PlaceStatus,
    precision: Precision,
    lon: f64,
    lat: f64,
    opening_hours: Arc<str>,
}

/// Public points in name order (the database's collation).
pub struct MapData {
    markers: Vec<Marker>,
}

/// The visitor's labels of the place types, in `PlaceType::ALL` order.
pub type TypeLabels = [String; 3];

impl MapData {
    pub fn new(points: Vec<MapPoint>) -> Self {
        // A handful of categories and opening-hours texts are shared by
        // thousands of places: keep each once.
        let mut shared: HashMap<String, Arc<str>> = HashMap::new();
        for c in CATEGORIES {
            shared.insert((*c).to_owned(), Arc::from(*c));
        }
        let mut share = |s: String| -> Arc<str> {
            shared.entry(s).or_insert_with_key(|k| Arc::from(k.as_str())).clone()
        };
        let markers = points
            .into_iter()
            .map(|p| Marker {
                id: p.id,
                name: p.name.into_boxed_str(),
                place_type: p.place_type,
                category: share(p.category),
                status: p.status,
                precision: p.precision,
                lon: p.lon,
                lat: p.lat,
                opening_hours: share(p.opening_hours),
            })
            .collect();
        Self { markers }
    }

    pub fn len(&self) -> usize {
        self.markers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.markers.is_empty()
    }

    /// An RFC 7946 FeatureCollection of the points in `bbox` (only those
    /// open now when `open` is given). Above `max_points` points, grid
    /// clusters of `cell` degrees are sent instead, as
    /// `{"cluster": true, "count": n, "bbox": [...]}` at their centroid.
    pub fn geojson(
        &self,
        bbox: [f64; 4],
        max_points: usize,
        cell: f64,
        mut open: Option<&mut OpenNow>,
        labels: &TypeLabels,
    ) -> String {
        let inside = |m: &&Marker| {
            m.lon >= bbox[0] && m.lon <= bbox[2] && m.lat >= bbox[1] && m.lat <= bbox[3]
        };
        let shown: Vec<&Marker> = self
            .markers
            .iter()
            .filter(inside)
            .filter(|m| match open.as_deref_mut() {
                Some(open) => open.is_open(m.status, &m.opening_hours),
                None => true,
            })
            .collect();
        let mut out = String::with_capacity(64 + shown.len().min(max_points) * 300);
        out.push_str(r#"{"type":"FeatureCollection","features":["#);
        if shown.len() > max_points {
            write_clusters(&mut out, &shown, cell);
        } else {
            for (i, m) in shown.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_marker(&mut out, m, labels);
            }
        }
        out.push_str("]}");
        out
    }
}

/// Six decimals (about 10 cm), as `ST_AsGeoJSON(g, 6)` wrote them.
fn coord(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn json_str(out: &mut String, s: &str) {
    out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()));
}

fn write_marker(out: &mut String, m: &Marker, labels: &TypeLabels) {
    let label = PlaceType::ALL.iter().position(|t| *t == m.place_type).map_or("", |i| &labels[i]);
    let _ = write!(
        out,
        r#"{{"type":"Feature","id":"{id}","geometry":{{"type":"Point","coordinates":[{x},{y}]}},"properties":{{"id":"{id}","name":"#,
        id = m.id,
        x = coord(m.lon),
        y = coord(m.lat),
    );
    json_str(out, &m.name);
    let _ = write!(out, r#","type":"{}","type_label":"#, m.place_type.slug());
    json_str(out, label);
    out.push_str(r#","category":"#);
    json_str(out, &m.category);
    let _ = write!(
        out,
        r#","status":"{}","precision":"{}","url":"/plekken/{}"}}}}"#,
        m.status.slug(),
        m.precision.slug(),
        m.id
    );
}

/// One bubble per grid cell (the cell a point rounds to, as
/// `ST_SnapToGrid`), at the mean of its points, with their box.
fn write_clusters(out: &mut String, shown: &[&Marker], cell: f64) {
    struct Cluster {
        n: u64,
        lon: f64,
        lat: f64,
        bbox: [f64; 4],
    }
    let mut cells: BTreeMap<(i64, i64), Cluster> = BTreeMap::new();
    for m in shown {
        // Boxes are at most 360° wide and cells at least 1e-6°: fits i64.
        let key = ((m.lon / cell).round() as i64, (m.lat / cell).round() as i64);
        let c = cells.entry(key).or_insert(Cluster {
            n: 0,
            lon: 0.0,
            lat: 0.0,
            bbox: [m.lon, m.lat, m.lon, m.lat],
        });
        c.n += 1;
        c.lon += m.lon;
        c.lat += m.lat;
        c.bbox = [
            c.bbox[0].min(m.lon),
            c.bbox[1].min(m.lat),
            c.bbox[2].max(m.lon),
            c.bbox[3].max(m.lat),
        ];
    }
    for (i, c) in cells.values().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let n = c.n as f64;
        let _ = write!(
            out,
            r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{},{}]}},"properties":{{"cluster":true,"count":{},"bbox":[{},{},{},{}]}}}}"#,
            coord(c.lon / n),
            coord(c.lat / n),
            c.n,
            coord(c.bbox[0]),
            coord(c.bbox[1]),
            coord(c.bbox[2]),
            coord(c.bbox[3]),
        );
    }
}

/// The points the map may show for `filter` in `bbox`: the kept set of the
/// current data generation for the unfiltered map (read afresh for just the
/// box while the page cache cannot trust generations), else those
/// `hv_public_search` returns for the filter in the box.
pub async fn points_for(
    state: &AppState,
    filter: &PlaceFilter,
    bbox: [f64; 4],
) -> AppResult<Arc<MapData>> {
    let db = &state.read_db;
    let unfiltered = *filter == PlaceFilter { open_now: filter.open_now, ..Default::default() };
    if !unfiltered {
        let mut only = filter.clone();
        only.open_now = false;
        return Ok(Arc::new(MapData::new(places::map_points(db, &only, bbox).await?)));
    }
    if !state.map_data.is_trusted(&state.page_cache) {
        let all = PlaceFilter::default();
        return Ok(Arc::new(MapData::new(places::map_points(db, &all, bbox).await?)));
    }
    let load = async {
        let points = places::map_points(db, &PlaceFilter::default(), WORLD).await?;
        Ok::<_, sqlx::Error>(Arc::new(MapData::new(points)))
    };
    Ok(state.map_data.get(&state.page_cache, load).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(name: &str, lon: f64, lat: f64) -> MapPoint {
        MapPoint {
            id: Uuid::nil(),
            name: name.into(),
            place_type: PlaceType::Huiskamer,
            category: "huiskamer".into(),
            status: PlaceStatus::Actief,
            precision: Precision::Buurt,
            lon,
            lat,
            opening_hours: String::new(),
        }
    }

    fn labels() -> TypeLabels {
        ["Huiskamer".into(), "Zelfbeheer".into(), "Huis van de Wijk".into()]
    }

    #[test]
    fn writes_points_in_the_box_with_their_properties() {
        let data = MapData::new(vec![
            point("A \"quoted\" name", 4.0000004, 51.9),
            point("Outside", 5.5, 51.9),
        ]);
        let json: serde_json::Value =
            serde_json::from_str(&data.geojson([3.9, 51.8, 4.1, 52.0], 10, 0.01, None, &labels()))
                .unwrap();
        let features = json["features"].as_array().unwrap();
        assert_eq!(features.len(), 1);
        let f = &features[0];
        // Six decimals: 4.0000004 is written as 4.
        let at = &f["geometry"]["coordinates"];
        assert_eq!((at[0].as_f64(), at[1].as_f64()), (Some(4.0), Some(51.9)));
        assert_eq!(f["properties"]["name"], "A \"quoted\" name");
        assert_eq!(f["properties"]["type_label"], "Huiskamer");
        assert_eq!(f["properties"]["precision"], "buurt");
        assert_eq!(f["properties"]["url"], format!("/plekken/{}", Uuid::nil()));
    }

    #[test]
    fn clusters_on_a_grid_above_the_limit() {
        let data = MapData::new(vec![
            point("a", 4.001, 51.901),
            point("b", 4.003, 51.903),
            point("c", 4.5, 51.9),
        ]);
        let json: serde_json::Value =
            serde_json::from_str(&data.geojson([3.0, 51.0, 5.0, 53.0], 2, 0.1, None, &labels()))
                .unwrap();
        let features = json["features"].as_array().unwrap();
        let counts: Vec<u64> =
            features.iter().map(|f| f["properties"]["count"].as_u64().unwrap()).collect();
        assert_eq!(counts, [2, 1]);
        assert_eq!(features[0]["geometry"]["coordinates"], serde_json::json!([4.002, 51.902]));
        assert_eq!(
            features[0]["properties"]["bbox"],
            serde_json::json!([4.001, 51.901, 4.003, 51.903])
        );
        assert!(features.iter().all(|f| f["properties"]["cluster"] == true));
    }
}
