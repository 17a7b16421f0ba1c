//! A places file as a table: a header and records, whatever the format.
//! CSV is streamed (memory stays flat with the file's size) and read as
//! Excel writes it: UTF-8 with or without BOM or Windows-1252 (detected per
//! cell, reported), `,` `;` or tab, CRLF or LF. GeoJSON properties become
//! columns and its Point a location; XLSX reads the first sheet (or
//! "Plekken", the sheet of our own export).

use std::fmt;
use std::io::{BufRead, BufReader, Read};

use serde_json::Value;

use super::{ImportError, Location};

/// The file formats of a places import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    GeoJson,
    Xlsx,
}

impl Format {
    /// By the file name's extension; otherwise by content (a zip is XLSX,
    /// JSON starts with `{`).
    pub fn detect(name: &str, start: &[u8]) -> Format {
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        match ext.as_str() {
            "geojson" | "json" => Format::GeoJson,
            "xlsx" => Format::Xlsx,
            "csv" | "txt" | "tsv" => Format::Csv,
            _ if start.starts_with(b"PK\x03\x04") => Format::Xlsx,
            _ => match start.iter().find(|b| !b.is_ascii_whitespace()) {
                Some(b'{') => Format::GeoJson,
                _ => Format::Csv,
            },
        }
    }
}

/// The character encoding a CSV file turned out to have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    /// What Dutch Excel writes with "CSV (gescheiden door lijstscheidingsteken)".
    Windows1252,
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 met BOM",
            Encoding::Windows1252 => "Windows-1252",
        })
    }
}

/// A point given by the file's geometry rather than by columns.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GeoPoint {
    Wgs84(f64, f64),
    Rd(f64, f64),
}

/// One data row: cells in header order.
#[derive(Debug, Clone)]
pub struct Record {
    pub location: Location,
    pub cells: Vec<String>,
    pub point: Option<GeoPoint>,
}

/// What a row could not be read as (the whole row is refused).
pub type RowError = (Location, String);

/// A readable table: its header, how it was read, and its rows.
pub struct Table {
    pub format: Format,
    pub headers: Vec<String>,
    /// CSV only: the delimiter and the encoding (final once all rows are read).
    pub delimiter: Option<u8>,
    pub encoding: Encoding,
    rows: Rows,
}

enum Rows {
    Csv(Box<csv::Reader<Box<dyn BufRead + Send>>>, csv::ByteRecord),
    Memory(std::vec::IntoIter<Result<Record, RowError>>),
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl Table {
    /// Opens `input` (read lazily for CSV). `name` is the file name, for
    /// the format.
    pub fn open(name: &str, input: impl Read + Send + 'static) -> Result<Table, ImportError> {
        let mut input: Box<dyn BufRead + Send> = Box::new(BufReader::with_capacity(1 << 16, input));
        let start = input.fill_buf().map_err(|e| ImportError::file(read_error(e)))?.to_vec();
        if start.iter().all(u8::is_ascii_whitespace) {
            return Err(ImportError::file("Het bestand is leeg."));
        }
        match Format::detect(name, &start) {
            Format::Csv => open_csv(input, &start),
            Format::GeoJson => open_geojson(&read_all(input)?),
            Format::Xlsx => super::xlsx::open(read_all(input)?),
        }
    }

    /// The next row, `None` at the end.
    pub fn next_record(&mut self) -> Option<Result<Record, RowError>> {
        match &mut self.rows {
            Rows::Memory(rows) => rows.next(),
            Rows::Csv(reader, buf) => {
                let (record, windows) = next_csv(reader, buf, self.headers.len())?;
                if windows {
                    self.encoding = Encoding::Windows1252;
                }
                Some(record)
            }
        }
    }
}

fn read_error(e: std::io::Error) -> String {
    format!("Het bestand kan niet worden gelezen: {e}.")
}

fn read_all(mut input: impl Read) -> Result<Vec<u8>, ImportError> {
    let mut data = Vec::new();
    input.read_to_end(&mut data).map_err(|e| ImportError::file(read_error(e)))?;
    Ok(data)
}

/// `;` (Dutch spreadsheets), tab or `,`: whichever the header line uses
/// most outside quotes; `None` when it uses none of them.
pub fn sniff_delimiter(data: &[u8]) -> Option<u8> {
    let header = data.split(|b| *b == b'\n').next().unwrap_or_default();
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in header {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let (best, n) = counts.iter().enumerate().max_by_key(|(i, n)| (**n, *i == 0))?;
    (*n > 0).then_some([b',', b';', b'\t'][best])
}

/// A cell as text: UTF-8 when it is valid UTF-8, else Windows-1252 (the
/// `bool` says which). The CR of a CRLF line end is not part of it.
fn decode(bytes: &[u8]) -> (String, bool) {
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_owned(), false),
        Err(_) => {
            (encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(), true)
        }
    }
}

fn open_csv(mut input: Box<dyn BufRead + Send>, start: &[u8]) -> Result<Table, ImportError> {
    let has_bom = start.starts_with(BOM);
    if has_bom {
        input.consume(BOM.len());
    }
    let body = if has_bom { &start[BOM.len()..] } else { start };
    let delimiter = sniff_delimiter(body).unwrap_or(b',');
    // Only LF ends a record: with the default (CR, LF or CRLF) the csv
    // crate counts lines one too low after CRLF (what Excel writes). The CR
    // stays at the end of the last cell, where `cell` drops it.
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::Any(b'\n'))
        .flexible(true)
        .has_headers(false)
        .from_reader(input);
    let mut buf = csv::ByteRecord::new();
    let header_error = |e: csv::Error| {
        ImportError::at(Location::Line(1), format!("De kopregel kan niet worden gelezen: {e}."))
    };
    if !reader.read_byte_record(&mut buf).map_err(header_error)? {
        return Err(ImportError::file("Het bestand is leeg."));
    }
    let mut windows = false;
    let headers: Vec<String> = buf
        .iter()
        .map(|h| {
            let (s, w) = decode(h);
            windows |= w;
            s.trim().to_owned()
        })
        .collect();
    let encoding = match (has_bom, windows) {
        (true, _) => Encoding::Utf8Bom,
        (false, true) => Encoding::Windows1252,
        (false, false) => Encoding::Utf8,
    };
    Ok(Table {
        format: Format::Csv,
        headers,
        delimiter: Some(delimiter),
        encoding,
        rows: Rows::Csv(Box::new(reader), buf),
    })
}

fn next_csv(
    reader: &mut csv::Reader<Box<dyn BufRead + Send>>,
    buf: &mut csv::ByteRecord,
    width: usize,
) -> Option<(Result<Record, RowError>, bool)> {
    loop {
        let read = reader.read_byte_record(buf);
        let line = buf.position().map_or(0, |p| p.line());
        match read {
            Ok(false) => return None,
            Err(e) => {
                let line = e.position().map_or(line, |p| p.line());
                let message = format!("Deze regel kan niet worden gelezen: {e}.");
                return Some((Err((Location::Line(line), message)), false));
            }
            Ok(true) => {}
        }
        if buf.iter().all(|c| c.iter().all(u8::is_ascii_whitespace)) {
            continue; // an empty line, as spreadsheets leave at the end
        }
        let location = Location::Line(line);
        if buf.len() != width {
            let message = format!(
                "Deze regel heeft {} kolommen, de kopregel {width}. Staat er een scheidingsteken \
                 in een tekst zonder aanhalingstekens?",
                buf.len()
            );
            return Some((Err((location, message)), false));
        }
        let mut windows = false;
        let cells = buf
            .iter()
            .map(|c| {
                let (s, w) = decode(c);
                windows |= w;
                s
            })
            .collect();
        return Some((Ok(Record { location, cells, point: None }), windows));
    }
}

pub(super) fn memory(
    format: Format,
    headers: Vec<String>,
    rows: Vec<Result<Record, RowError>>,
) -> Table {
    Table {
        format,
        headers,
        delimiter: None,
        encoding: Encoding::Utf8,
        rows: Rows::Memory(rows.into_iter()),
    }
}

fn open_geojson(data: &[u8]) -> Result<Table, ImportError> {
    let doc: Value = serde_json::from_slice(data)
        .map_err(|e| ImportError::file(format!("Dit is geen geldige JSON: {e}.")))?;
    if doc.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err(ImportError::file("Dit is geen GeoJSON FeatureCollection."));
    }
    let features = doc
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::file("De FeatureCollection heeft geen lijst \"features\"."))?;
    // The columns: every property name, in the order they first appear.
    let mut headers: Vec<String> = Vec::new();
    for f in features {
        for key in f.get("properties").and_then(Value::as_object).into_iter().flat_map(|m| m.keys())
        {
            if !headers.iter().any(|h| h == key) {
                headers.push(key.clone());
            }
        }
    }
    let rows = features
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let location = Location::Feature(i);
            let props = f.get("properties").and_then(Value::as_object);
            let cells = headers
                .iter()
                .map(|h| props.and_then(|p| p.get(h)).map(as_text).unwrap_or_default())
                .collect();
            let point = read_point(f).map_err(|m| (location.clone(), m))?;
            Ok(Record { location, cells, point })
        })
        .collect();
    Ok(memory(Format::GeoJson, headers, rows))
}

/// A Point geometry: degrees are WGS84 (RFC 7946), metres RD New.
fn read_point(f: &Value) -> Result<Option<GeoPoint>, String> {
    match f.get("geometry") {
        None | Some(Value::Null) => Ok(None),
        Some(g) if g.get("type").and_then(Value::as_str) == Some("Point") => {
            let (a, b) = g
                .get("coordinates")
                .and_then(Value::as_array)
                .filter(|a| a.len() >= 2)
                .and_then(|a| Some((a[0].as_f64()?, a[1].as_f64()?)))
                .ok_or("Het punt (geometry) heeft geen geldige coördinaten.")?;
            Ok(Some(if a.abs() <= 180.0 { GeoPoint::Wgs84(a, b) } else { GeoPoint::Rd(a, b) }))
        }
        Some(g) => {
            let kind = g.get("type").and_then(Value::as_str).unwrap_or("(geen)");
            Err(format!("De geometrie is een {kind}; alleen een Point kan een plek zijn."))
        }
    }
}

/// Property values as the text a CSV cell would hold.
fn as_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(true) => "ja".into(),
        Value::Bool(false) => "nee".into(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(as_text).collect::<Vec<_>>().join(";"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_delimiters_and_formats() {
        assert_eq!(sniff_delimiter(b"naam;type;categorie\nx;y;z"), Some(b';'));
        assert_eq!(sniff_delimiter(b"naam,type\n"), Some(b','));
        assert_eq!(sniff_delimiter(b"\"a;b\",c\n"), Some(b','));
        assert_eq!(sniff_delimiter(b"naam|type\n"), None);
        assert_eq!(Format::detect("a.csv", b"{"), Format::Csv);
        assert_eq!(Format::detect("a", b"  {\"type\""), Format::GeoJson);
        assert_eq!(Format::detect("upload", b"PK\x03\x04rest"), Format::Xlsx);
    }

    #[test]
    fn windows_1252_cells_are_decoded() {
        assert_eq!(decode(b"Caf\xe9"), ("Café".to_owned(), true));
        assert_eq!(decode("Café".as_bytes()), ("Café".to_owned(), false));
    }
}

#[cfg(test)]
mod line_tests {
    use super::*;

    #[test]
    fn crlf_lines_are_counted_from_the_header() {
        let data = b"a;b\r\n1;2\r\n\r\n3;4\r\n".to_vec();
        let mut t = Table::open("x.csv", std::io::Cursor::new(data)).unwrap();
        let lines: Vec<Location> =
            std::iter::from_fn(|| t.next_record()).map(|r| r.unwrap().location).collect();
        assert_eq!(lines, vec![Location::Line(2), Location::Line(4)]);
    }
}
