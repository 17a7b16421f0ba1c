//! CSV export: one row per place, UTF-8. The Excel variant uses a semicolon,
//! a decimal comma and a byte-order mark, because Dutch Excel reads a comma
//! file as one column and mangles UTF-8 without the BOM.
//!
//! Text that a spreadsheet would read as a formula is neutralised (see
//! [`neutralise`]), because anyone may name a place.

use std::borrow::Cow;

use futures_util::stream::{self, BoxStream, StreamExt};

use super::{ByteStream, CHUNK_ROWS, COLUMNS, Cell, cells, io_error};
use crate::db::export::ExportPlace;
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

/// Characters that make Excel, LibreOffice or Google Sheets treat a cell as
/// a formula (OWASP "CSV injection"): `=HYPERLINK(…)` in a place name would
/// otherwise be a live link in the gemeente's spreadsheet.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell made safe for a spreadsheet: a leading `'` when it starts
/// like a formula, which spreadsheets show as text and hide. The price is
/// that a plain `-` or a phone number `+31 10 …` also gets the `'` when
/// the file is read back as data (docs/security-privacy.md). Quoting stays
/// with the csv writer, which still quotes the cell when it holds the
/// delimiter, a quote or a line break.
pub fn neutralise(s: &str) -> Cow<'_, str> {
    if s.starts_with(FORMULA_STARTS) { Cow::Owned(format!("'{s}")) } else { Cow::Borrowed(s) }
}

/// One cell as CSV text. Dates are ISO 8601, which every spreadsheet reads
/// as a date; booleans are `ja`/`nee`, unknown is empty. Only text is
/// neutralised: numbers (a negative longitude) are ours, not typed in.
pub fn format_cell(cell: &Cell, variant: Variant) -> String {
    match cell {
        Cell::Text(s) => neutralise(s).into_owned(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_get_a_quote_and_other_text_stays() {
        for s in ["=1+1", "+31 10 123 4567", "-", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(s), format!("'{s}"));
        }
        for s in ["Buurthuis", "", " =1", "010 123", "'al"] {
            assert_eq!(neutralise(s), s);
        }
        assert_eq!(format_cell(&Cell::Num(Some(-4.5)), Variant::Comma), "-4.5");
    }
}
