//! XLSX export with rust_xlsxwriter: a summary sheet plus one sheet per
//! wijk (one "Plekken" sheet for a national export), styled header,
//! frozen header row, autofilter and real dates. Wijk sheets use the
//! constant-memory mode and the workbook is written to an anonymous temp
//! file that is then streamed, so memory stays flat.

use std::io::{Seek, SeekFrom};

use futures_util::stream::{BoxStream, StreamExt};
use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet, XlsxError};
use tokio_util::io::ReaderStream;

use super::{ByteStream, COLUMNS, Cell, cells};
use crate::db::export::{ExportPlace, ExportWijk};
use crate::domain::place::{PlaceStatus, PlaceType, TypeCounts};
use crate::domain::population::Population;
use crate::error::{AppError, AppResult};

/// Name of the first sheet.
pub const SUMMARY_SHEET: &str = "Samenvatting";
/// The data sheet of a national export.
pub const NATIONAL_SHEET: &str = "Plekken";
/// Columns of the summary table: the wijk, its number of places, the
/// places still open per type (named by the type's slug) and the closed
/// ones (named by that status's slug), then the population (CBS) and the
/// open places per 1,000 inhabitants, as the overview shows them (empty
/// when the figure covers under 90 % of the population), and for how many
/// of the wijk's buurten a figure is known.
pub fn summary_columns() -> Vec<&'static str> {
    ["wijk_code", "wijk_naam", "plekken"]
        .into_iter()
        .chain(PlaceType::ALL.iter().map(|t| t.slug()))
        .chain([PlaceStatus::Opgeheven.slug(), "inwoners", "open_per_1000_inwoners"])
        .chain(["buurten", "buurten_met_inwoners"])
        .collect()
}

/// The code cell of the summary's total row.
pub const TOTAL_ROW: &str = "totaal";

/// A sheet name Excel accepts: no `[]:*?/\`, at most 31 characters. The
/// wijk code in front keeps names unique.
pub fn sheet_name(code: &str, name: &str) -> String {
    let clean: String = format!("{code} {name}")
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    clean.trim_end().trim_end_matches('\'').to_owned()
}

struct Styles {
    header: Format,
    date: Format,
    datetime: Format,
    title: Format,
    rate: Format,
}

impl Styles {
    fn new() -> Self {
        Self {
            header: Format::new()
                .set_bold()
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(0x1F_4E_79))
                .set_border_bottom(FormatBorder::Thin),
            date: Format::new().set_num_format("dd-mm-yyyy"),
            datetime: Format::new().set_num_format("dd-mm-yyyy hh:mm"),
            title: Format::new().set_bold(),
            rate: Format::new().set_num_format("0.00"),
        }
    }
}

fn write_header(ws: &mut Worksheet, row: u32, cols: &[&str], s: &Styles) -> Result<(), XlsxError> {
    for (i, c) in cols.iter().enumerate() {
        ws.write_string_with_format(row, i as u16, *c, &s.header)?;
    }
    ws.set_freeze_panes(row + 1, 0)?;
    for (i, c) in cols.iter().enumerate() {
        let width = match *c {
            "naam" | "wijk_naam" | "buurt_naam" | "adres" | "openingstijden" | "beschrijving" => 28,
            "id" => 36,
            _ => 14,
        };
        ws.set_column_width(i as u16, width)?;
    }
    Ok(())
}

fn write_place(ws: &mut Worksheet, row: u32, p: &ExportPlace, s: &Styles) -> Result<(), XlsxError> {
    for (col, cell) in cells(p).into_iter().enumerate() {
        let col = col as u16;
        match cell {
            Cell::Text(t) if t.is_empty() => {}
            Cell::Text(t) => {
                ws.write_string(row, col, t)?;
            }
            Cell::Int(Some(n)) => {
                ws.write_number(row, col, n as f64)?;
            }
            Cell::Num(Some(x)) => {
                ws.write_number(row, col, x)?;
            }
            Cell::Bool(Some(b)) => {
                ws.write_boolean(row, col, b)?;
            }
            Cell::Date(Some(d)) => {
                ws.write_date_with_format(row, col, d, &s.date)?;
            }
            Cell::DateTime(t) => {
                let local = t.with_timezone(&chrono_tz::Europe::Amsterdam).naive_local();
                ws.write_datetime_with_format(row, col, local, &s.datetime)?;
            }
            Cell::Int(None) | Cell::Num(None) | Cell::Bool(None) | Cell::Date(None) => {}
        }
    }
    Ok(())
}

/// One wijk's row of the summary.
#[derive(Default, Clone)]
struct Tally {
    total: i64,
    open: TypeCounts,
    closed: i64,
}

impl Tally {
    fn add(&mut self, p: &ExportPlace) {
        self.total += 1;
        if p.status.is_closed() {
            self.closed += 1;
        } else {
            self.open.add(p.place_type, 1);
        }
    }

    /// The counts in [`summary_columns`] order, after the wijk.
    fn cells(&self) -> Vec<i64> {
        std::iter::once(self.total)
            .chain(PlaceType::ALL.iter().map(|t| self.open.get(*t)))
            .chain([self.closed])
            .collect()
    }

    fn add_all(&mut self, other: &Tally) {
        self.total += other.total;
        self.open.add_all(&other.open);
        self.closed += other.closed;
    }
}

/// One summary row: a wijk, or the total.
fn write_summary_row(
    ws: &mut Worksheet,
    r: u32,
    (code, name): (&str, &str),
    population: &Population,
    t: &Tally,
    s: &Styles,
) -> Result<(), XlsxError> {
    ws.write_string(r, 0, code)?;
    ws.write_string(r, 1, name)?;
    let counts = t.cells();
    let mut c = 2u16;
    for n in &counts {
        ws.write_number(r, c, *n as f64)?;
        c += 1;
    }
    // Without a population figure both cells stay empty, and the rate also
    // when the figure covers too little: no rate invented.
    if let Some(n) = population.inhabitants {
        ws.write_number(r, c, n as f64)?;
    }
    if let (Some(buurten), Some(known)) = (population.buurten, population.known) {
        ws.write_number(r, c + 2, buurten as f64)?;
        ws.write_number(r, c + 3, known as f64)?;
    }
    if let Some(n) = population.for_rates().filter(|n| *n > 0) {
        ws.write_number_with_format(r, c + 1, t.open.total() as f64 * 1000.0 / n as f64, &s.rate)?;
    }
    Ok(())
}

/// The open data sheet: its index in the workbook and the next free row.
struct Open {
    index: usize,
    next_row: u32,
}

/// Writes the workbook from rows received on `rx` (blocking: run it on a
/// blocking thread) into `out`.
fn write_workbook(
    mut rx: tokio::sync::mpsc::Receiver<AppResult<ExportPlace>>,
    wijken: Vec<ExportWijk>,
    total_inhabitants: Population,
    national: bool,
    out: &mut std::fs::File,
) -> AppResult<()> {
    let xe = |e: XlsxError| AppError::Other(anyhow::anyhow!("xlsx: {e}"));
    let s = Styles::new();
    let mut wb = Workbook::new();
    wb.add_worksheet().set_name(SUMMARY_SHEET).map_err(xe)?;
    let mut tallies: Vec<Tally> = vec![Tally::default(); wijken.len()];
    // Wijk sheets are opened in code order; `next` is the first wijk
    // without a sheet yet.
    let mut next = 0usize;
    let mut open: Option<Open> = None;

    let close = |wb: &mut Workbook, o: &Open| -> Result<(), XlsxError> {
        let ws = wb.worksheet_from_index(o.index)?;
        ws.autofilter(0, 0, o.next_row.saturating_sub(1).max(1), (COLUMNS.len() - 1) as u16)?;
        Ok(())
    };
    let new_sheet = |wb: &mut Workbook, name: String| -> Result<Open, XlsxError> {
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(name)?;
        write_header(ws, 0, COLUMNS, &s)?;
        Ok(Open { index: wb.worksheets_mut().len() - 1, next_row: 1 })
    };

    if national {
        open = Some(new_sheet(&mut wb, NATIONAL_SHEET.into()).map_err(xe)?);
    }
    while let Some(row) = rx.blocking_recv() {
        let p = row?;
        let i = wijken.iter().position(|w| w.code == p.wijk_code);
        if let Some(i) = i {
            tallies[i].add(&p);
        }
        if !national {
            let i = i.unwrap_or(wijken.len());
            while next <= i && next < wijken.len() {
                if let Some(o) = open.take() {
                    close(&mut wb, &o).map_err(xe)?;
                }
                let w = &wijken[next];
                open = Some(new_sheet(&mut wb, sheet_name(&w.code, &w.name)).map_err(xe)?);
                next += 1;
            }
        }
        if let Some(o) = open.as_mut() {
            let ws = wb.worksheet_from_index(o.index).map_err(xe)?;
            write_place(ws, o.next_row, &p, &s).map_err(xe)?;
            o.next_row += 1;
        }
    }
    if !national {
        while next < wijken.len() {
            if let Some(o) = open.take() {
                close(&mut wb, &o).map_err(xe)?;
            }
            let w = &wijken[next];
            open = Some(new_sheet(&mut wb, sheet_name(&w.code, &w.name)).map_err(xe)?);
            next += 1;
        }
    }
    if let Some(o) = open.take() {
        close(&mut wb, &o).map_err(xe)?;
    }

    let ws = wb.worksheet_from_index(0).map_err(xe)?;
    let today = crate::domain::opening_hours::OpeningHours::today();
    ws.write_string_with_format(0, 0, "Ontmoetingsplekken per wijk", &s.title).map_err(xe)?;
    ws.write_string(1, 0, "Gemaakt op").map_err(xe)?;
    ws.write_date_with_format(1, 1, today, &s.date).map_err(xe)?;
    ws.write_string(2, 0, "Bron").map_err(xe)?;
    ws.write_string(2, 1, "Haarvaten").map_err(xe)?;
    let head = 4u32;
    let columns = summary_columns();
    write_header(ws, head, &columns, &s).map_err(xe)?;
    let mut sum = Tally::default();
    for (i, (w, t)) in wijken.iter().zip(&tallies).enumerate() {
        let r = head + 1 + i as u32;
        write_summary_row(ws, r, (&w.code, &w.name), &w.population, t, &s).map_err(xe)?;
        sum.add_all(t);
    }
    let last = head + wijken.len().max(1) as u32;
    ws.autofilter(head, 0, last, (columns.len() - 1) as u16).map_err(xe)?;
    // Below the filtered range, so filtering the wijken leaves it alone.
    let r = last + 1;
    write_summary_row(ws, r, (TOTAL_ROW, "Totaal"), &total_inhabitants, &sum, &s).map_err(xe)?;

    wb.save_to_writer(&mut *out).map_err(xe)?;
    Ok(())
}

/// Builds the workbook on a blocking thread, then streams the file.
pub async fn stream(
    mut rows: BoxStream<'static, AppResult<ExportPlace>>,
    wijken: Vec<ExportWijk>,
    total_inhabitants: Population,
    national: bool,
) -> AppResult<ByteStream> {
    let (tx, rx) = tokio::sync::mpsc::channel(super::CHUNK_ROWS * 2);
    let writer = tokio::task::spawn_blocking(move || -> AppResult<std::fs::File> {
        let mut file = tempfile::tempfile().map_err(|e| AppError::Other(e.into()))?;
        write_workbook(rx, wijken, total_inhabitants, national, &mut file)?;
        file.seek(SeekFrom::Start(0)).map_err(|e| AppError::Other(e.into()))?;
        Ok(file)
    });
    while let Some(row) = rows.next().await {
        if tx.send(row).await.is_err() {
            break;
        }
    }
    drop(tx);
    let file = writer.await.map_err(|e| AppError::Other(e.into()))??;
    let file = tokio::fs::File::from_std(file);
    Ok(ReaderStream::with_capacity(file, 64 * 1024).map(|r| r.map(|b| b.to_vec())).boxed())
}
