//! GeoJSON export (RFC 7946): a FeatureCollection with one Point feature
//! per place in WGS84 longitude/latitude. A place without a location has a
//! `null` geometry, as the RFC allows, so GIS tools still see it.

use futures_util::stream::{self, BoxStream, StreamExt};
use serde_json::{Map, Value, json};

use super::{ByteStream, CHUNK_ROWS, COLUMNS, Cell, cells, io_error};
use crate::db::export::ExportPlace;
use crate::error::AppResult;

fn cell_value(cell: Cell) -> Value {
    match cell {
        Cell::Text(s) => Value::String(s),
        Cell::Int(n) => n.map(Value::from).unwrap_or(Value::Null),
        Cell::Num(x) => x.map(Value::from).unwrap_or(Value::Null),
        Cell::Bool(b) => b.map(Value::Bool).unwrap_or(Value::Null),
        Cell::Date(d) => d.map(|d| Value::String(d.to_string())).unwrap_or(Value::Null),
        Cell::DateTime(t) => Value::String(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
    }
}

/// One place as a GeoJSON Feature. The properties are the CSV columns with
/// JSON types; the target groups are an array.
pub fn feature(p: &ExportPlace) -> Value {
    let mut props: Map<String, Value> = COLUMNS
        .iter()
        .zip(cells(p))
        .filter(|(k, _)| !matches!(**k, "lengtegraad" | "breedtegraad"))
        .map(|(k, c)| ((*k).to_owned(), cell_value(c)))
        .collect();
    props.insert("doelgroepen".into(), json!(p.target_groups));
    let geometry = match (p.lon, p.lat) {
        (Some(lon), Some(lat)) => {
            json!({"type": "Point", "coordinates": [super::round6(lon), super::round6(lat)]})
        }
        _ => Value::Null,
    };
    json!({"type": "Feature", "id": p.id.to_string(), "geometry": geometry, "properties": props})
}

const HEAD: &str = r#"{"type":"FeatureCollection","features":["#;
const TAIL: &str = "]}\n";

pub fn stream(rows: BoxStream<'static, AppResult<ExportPlace>>) -> ByteStream {
    let mut first = true;
    let body = rows.ready_chunks(CHUNK_ROWS).map(move |chunk| {
        let mut out = Vec::with_capacity(chunk.len() * 800);
        for row in chunk {
            let row = row.map_err(io_error)?;
            if !first {
                out.push(b',');
            }
            first = false;
            out.push(b'\n');
            serde_json::to_writer(&mut out, &feature(&row))?;
        }
        Ok(out)
    });
    stream::once(async { Ok(HEAD.as_bytes().to_vec()) })
        .chain(body)
        .chain(stream::once(async { Ok(TAIL.as_bytes().to_vec()) }))
        .boxed()
}
