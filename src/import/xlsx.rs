//! XLSX for the places import: the first sheet (or "Plekken", the sheet of
//! our own export) as a table; the first row is the header.

use super::table::{Format, Record, Table};
use super::{ImportError, Location};

/// The first sheet (or "Plekken", our own export's) as a table.
pub(super) fn open(data: Vec<u8>) -> Result<Table, ImportError> {
    use calamine::Reader;
    let not_xlsx = |e: calamine::XlsxError| {
        ImportError::file(format!("Dit Excel-bestand (XLSX) kan niet worden gelezen: {e}."))
    };
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(data)).map_err(not_xlsx)?;
    let names = wb.sheet_names();
    let sheet = names.iter().find(|n| *n == "Plekken").or(names.first()).cloned();
    let sheet = sheet.ok_or_else(|| ImportError::file("Het Excel-bestand heeft geen blad."))?;
    let range = wb.worksheet_range(&sheet).map_err(not_xlsx)?;
    let first_row = range.start().map_or(0, |(r, _)| r as u64);
    let mut rows = range.rows();
    let headers: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(|c| xlsx_text(c).trim().to_owned()).collect())
        .unwrap_or_default();
    if headers.is_empty() {
        return Err(ImportError::file("Het bestand is leeg."));
    }
    let records = rows
        .enumerate()
        .filter(|(_, r)| r.iter().any(|c| !xlsx_text(c).trim().is_empty()))
        .map(|(i, r)| {
            let line = first_row + i as u64 + 2;
            Ok(Record {
                location: Location::Line(line),
                cells: r.iter().map(xlsx_text).collect(),
                point: None,
            })
        })
        .collect();
    Ok(super::table::memory(Format::Xlsx, headers, records))
}

/// A spreadsheet cell as text: whole numbers without `.0`, dates as ISO.
fn xlsx_text(c: &calamine::Data) -> String {
    use calamine::Data;
    match c {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
        Data::Float(x) => x.to_string(),
        Data::Bool(b) => if *b { "ja" } else { "nee" }.to_owned(),
        Data::DateTime(d) => d.as_datetime().map(|t| t.date().to_string()).unwrap_or_default(),
    }
}
