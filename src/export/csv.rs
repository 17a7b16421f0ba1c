//! CSV export: one row per place, UTF-8. The Excel variant uses a semicolon,
//! a decimal comma and a byte-order mark, because Dutch Excel reads a comma
//! file as one column and mangles UTF-8 without the BOM.

use futures_util::stream::{self, BoxStream, StreamExt};

use super::{ByteStream, CHUNK_ROWS, COLUMNS, Cell, cells, io_error};
use crate::db::overview::ExportPlace;
use crate::error::AppResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Comma,
    Excel,
}

pub const BOM: &[u8] = "\u{feff}".as_bytes();

impl Variant {
    fn delimiter(self) -> u8 {
        match self {
            Variant::Comma => b',',
            Variant::Excel => b';',
        }
    }
}

/// One cell as CSV text. Dates are ISO 8601, which every spreadsheet reads
/// as a date; booleans are `ja`/`nee`, unknown is empty.
pub fn format_cell(cell: &Cell, variant: Variant) -> String {
    match cell {
        Cell::Text(s) => s.clone(),
        Cell::Int(n) => n.map(|n| n.to_string()).unwrap_or_default(),
        Cell::Num(x) => match (x, variant) {
            (None, _) => String::new(),
            (Some(x), Variant::Comma) => x.to_string(),
            (Some(x), Variant::Excel) => x.to_string().replace('.', ","),
        },
        Cell::Bool(b) => match b {
            Some(true) => "ja".into(),
            Some(false) => "nee".into(),
            None => String::new(),
        },
        Cell::Date(d) => d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        Cell::DateTime(t) => {
            t.with_timezone(&chrono_tz::Europe::Amsterdam).format("%Y-%m-%d %H:%M:%S").to_string()
        }
    }
}

fn writer(variant: Variant) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().delimiter(variant.delimiter()).from_writer(Vec::new())
}

fn header(variant: Variant) -> Result<Vec<u8>, std::io::Error> {
    let mut w = writer(variant);
    w.write_record(COLUMNS).map_err(std::io::Error::other)?;
    let mut out = if variant == Variant::Excel { BOM.to_vec() } else { Vec::new() };
    out.extend(w.into_inner().map_err(|e| std::io::Error::other(e.to_string()))?);
    Ok(out)
}

fn chunk(rows: Vec<AppResult<ExportPlace>>, variant: Variant) -> Result<Vec<u8>, std::io::Error> {
    let mut w = writer(variant);
    for row in rows {
        let row = row.map_err(io_error)?;
        let record: Vec<String> = cells(&row).iter().map(|c| format_cell(c, variant)).collect();
        w.write_record(&record).map_err(std::io::Error::other)?;
    }
    w.into_inner().map_err(|e| std::io::Error::other(e.to_string()))
}

pub fn stream(rows: BoxStream<'static, AppResult<ExportPlace>>, variant: Variant) -> ByteStream {
    stream::once(async move { header(variant) })
        .chain(rows.ready_chunks(CHUNK_ROWS).map(move |c| chunk(c, variant)))
        .boxed()
}
