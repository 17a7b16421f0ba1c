//! Exports of places for municipal tools: CSV, XLSX, GeoJSON and Open
//! Referral HSDS 3.0. Every format reads the same redacted rows from
//! `db::export::export_places` and streams them, so memory stays flat.

pub mod csv;
pub mod geojson;
pub mod hsds;
pub mod xlsx;

use chrono::{DateTime, NaiveDate, Utc};
use futures_util::StreamExt;
use futures_util::stream::{self, BoxStream};
use sqlx::PgPool;

use crate::db::export::{self as export_rows, ExportPlace, ExportQuery};
use crate::db::overview;
use crate::domain::population::Population;
use crate::error::{AppError, AppResult};

/// Rows per chunk of output: small enough to keep memory flat, big enough
/// that a national export is not millions of tiny writes.
pub const CHUNK_ROWS: usize = 128;

/// Bytes of an export as they are produced.
pub type ByteStream = BoxStream<'static, Result<Vec<u8>, std::io::Error>>;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// UTF-8, comma separated, decimal point.
    Csv,
    /// What Dutch Excel opens directly: semicolon, decimal comma, with BOM.
    CsvExcel,
    Xlsx,
    GeoJson,
    Hsds,
}

impl Format {
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv | Format::CsvExcel => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::GeoJson => "application/geo+json",
            Format::Hsds => "application/json",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv | Format::CsvExcel => "csv",
            Format::Xlsx => "xlsx",
            Format::GeoJson => "geojson",
            Format::Hsds => "hsds.json",
        }
    }
}

/// The export rows of `q`, read by a task of their own that owns the pool
/// handle; the bounded channel lets a slow client slow the query down.
pub fn rows(pool: PgPool, q: ExportQuery) -> BoxStream<'static, AppResult<ExportPlace>> {
    let (tx, rx) = tokio::sync::mpsc::channel(CHUNK_ROWS * 2);
    tokio::spawn(async move {
        let mut rows = export_rows::export_places(&pool, &q);
        while let Some(row) = rows.next().await {
            if tx.send(row.map_err(AppError::from)).await.is_err() {
                break;
            }
        }
    });
    stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|row| (row, rx)) }).boxed()
}

/// The whole export as a byte stream, for a response body or a file.
pub async fn stream(format: Format, pool: PgPool, q: ExportQuery) -> AppResult<ByteStream> {
    Ok(match format {
        Format::Csv => csv::stream(rows(pool, q), csv::Variant::Comma),
        Format::CsvExcel => csv::stream(rows(pool, q), csv::Variant::Excel),
        Format::GeoJson => geojson::stream(rows(pool, q)),
        Format::Hsds => {
            let total = export_rows::export_count(&pool, &q).await?;
            let protected = q.protected;
            hsds::stream(rows(pool, q), total, protected)
        }
        Format::Xlsx => {
            let wijken = export_rows::export_wijken(&pool, &q).await?;
            let national = q.gemeente.is_none() && q.wijken.is_empty();
            let total = total_inhabitants(&pool, &q, &wijken).await?;
            xlsx::stream(rows(pool, q), wijken, total, national).await?
        }
    })
}

/// The population of an export's scope: the gemeente's own figure for a
/// whole gemeente, else the sum of the wijken when every one is known well
/// enough for a rate.
async fn total_inhabitants(
    pool: &PgPool,
    q: &ExportQuery,
    wijken: &[export_rows::ExportWijk],
) -> AppResult<Population> {
    if let (Some(g), true) = (q.gemeente.as_deref(), q.wijken.is_empty())
        && let Some(g) = overview::get_gemeente(pool, g).await?.filter(|g| g.inhabitants.is_some())
    {
        return Ok(g.population);
    }
    let sum = wijken
        .iter()
        .map(|w| w.population.for_rates())
        .sum::<Option<i64>>()
        .filter(|_| !wijken.is_empty());
    Ok(Population { inhabitants: sum, ..Population::default() })
}

/// Turns a failed row into an I/O error for the byte stream. The body is
/// cut off, so the client sees an incomplete download, never a file that
/// looks whole; the cause is logged.
pub fn io_error(e: crate::error::AppError) -> std::io::Error {
    tracing::error!(error = %e, "export stopped");
    std::io::Error::other("export failed")
}

/// One typed value of an export row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(Option<i64>),
    Num(Option<f64>),
    Bool(Option<bool>),
    Date(Option<NaiveDate>),
    DateTime(DateTime<Utc>),
}

/// Column names of the tabular formats (CSV, XLSX), in order. They are
/// stable machine names in Dutch, whatever the visitor's language.
pub const COLUMNS: &[&str] = &[
    "id",
    "naam",
    "type",
    "categorie",
    "status",
    "gemeente_code",
    "gemeente_naam",
    "wijk_code",
    "wijk_naam",
    "buurt_code",
    "buurt_naam",
    "adres",
    "postcode",
    "lengtegraad",
    "breedtegraad",
    "precisie",
    "initiatiefnemer",
    "doelgroepen",
    "openingstijden",
    "begane_grond",
    "rolstoeltoegankelijk",
    "zichtbaar_vanaf_straat",
    "zonder_balie",
    "telefoon",
    "email",
    "website",
    "opgericht_in",
    "opgeheven_op",
    "reden_opheffing",
    "gecontroleerd_op",
    "toegevoegd_op",
    "gewijzigd_op",
    "beschrijving",
];

/// Target groups in one cell: `ouderen|jongeren`.
pub const LIST_SEPARATOR: &str = "|";

/// The cells of one row, in [`COLUMNS`] order.
pub fn cells(p: &ExportPlace) -> Vec<Cell> {
    let t = |s: &str| Cell::Text(s.to_owned());
    vec![
        Cell::Text(p.id.to_string()),
        t(p.name.as_str()),
        t(p.place_type.slug()),
        t(&p.category),
        t(p.status.slug()),
        t(&p.gemeente_code),
        t(&p.gemeente_name),
        t(&p.wijk_code),
        t(&p.wijk_name),
        t(p.buurt_code.as_deref().unwrap_or("")),
        t(p.buurt_name.as_deref().unwrap_or("")),
        t(&p.address),
        t(&p.postcode),
        Cell::Num(p.lon.map(round6)),
        Cell::Num(p.lat.map(round6)),
        t(p.precision.slug()),
        t(p.initiator.slug()),
        Cell::Text(
            p.target_groups.iter().map(|g| g.slug()).collect::<Vec<_>>().join(LIST_SEPARATOR),
        ),
        t(&p.opening_hours),
        Cell::Bool(p.ground_floor),
        Cell::Bool(p.wheelchair),
        Cell::Bool(p.street_visible),
        Cell::Bool(p.no_reception),
        t(&p.phone),
        t(&p.email),
        t(&p.website),
        Cell::Int(p.founded_year.map(i64::from)),
        Cell::Date(p.closed_on),
        t(&p.closing_reason),
        Cell::Date(p.last_verified),
        Cell::DateTime(p.created_at),
        Cell::DateTime(p.updated_at),
        t(&p.description),
    ]
}

/// Six decimals (about 10 cm) is more than any source gives, and keeps
/// every format's coordinates identical.
pub fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A file name like `plekken-GM0599-2025-02-03.csv`.
pub fn file_name(q: &ExportQuery, format: Format, today: NaiveDate) -> String {
    let scope = match (&q.gemeente, q.wijken.as_slice()) {
        (_, [one]) => one.clone(),
        (Some(gm), []) => gm.clone(),
        (Some(gm), _) => format!("{gm}-{}-wijken", q.wijken.len()),
        (None, []) => "nederland".into(),
        (None, _) => format!("{}-wijken", q.wijken.len()),
    };
    let protected = if q.protected { "-beschermd" } else { "" };
    format!("plekken-{scope}{protected}-{today}.{}", format.extension())
}

/// `haarvaten export`: the same export as the web, written to a file or
/// standard output (the benchmark uses it). Whoever runs the CLI can read
/// the database anyway, so `--beschermd` needs no role.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// csv, csv-excel, xlsx, geojson or hsds.
    #[arg(long, default_value = "csv")]
    pub format: String,
    /// Gemeente code (GM…); leave out for the whole country.
    #[arg(long)]
    pub gemeente: Option<String>,
    /// Wijk code (WK…); repeat for more wijken.
    #[arg(long = "wijk")]
    pub wijken: Vec<String>,
    /// Also places with status opgeheven.
    #[arg(long)]
    pub opgeheven: bool,
    /// Exact addresses and points of every place.
    #[arg(long)]
    pub beschermd: bool,
    /// Output file; standard output when left out.
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
}

/// Runs [`ExportArgs`]; returns a one-line report for standard error.
pub async fn run_cli(pool: PgPool, args: &ExportArgs) -> anyhow::Result<String> {
    use tokio::io::AsyncWriteExt;
    let format = match args.format.as_str() {
        "csv" => Format::Csv,
        "csv-excel" => Format::CsvExcel,
        "xlsx" => Format::Xlsx,
        "geojson" => Format::GeoJson,
        "hsds" => Format::Hsds,
        other => {
            anyhow::bail!("onbekend formaat {other:?}: kies csv, csv-excel, xlsx, geojson of hsds")
        }
    };
    let code = |s: &str, level| {
        crate::domain::area::CbsCode::parse(s)
            .filter(|c| c.level() == level)
            .map(crate::domain::area::CbsCode::into_string)
            .ok_or_else(|| anyhow::anyhow!("{s:?} is geen goede code"))
    };
    let q = ExportQuery {
        gemeente: args
            .gemeente
            .as_deref()
            .map(|g| code(g, crate::domain::area::AreaLevel::Gemeente))
            .transpose()?,
        wijken: args
            .wijken
            .iter()
            .map(|w| code(w, crate::domain::area::AreaLevel::Wijk))
            .collect::<anyhow::Result<_>>()?,
        include_closed: args.opgeheven,
        protected: args.beschermd,
        narrow: Default::default(),
    };
    let started = std::time::Instant::now();
    let mut bytes = stream(format, pool, q).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut out: Box<dyn tokio::io::AsyncWrite + Unpin + Send> = match &args.out {
        Some(path) => Box::new(tokio::io::BufWriter::new(tokio::fs::File::create(path).await?)),
        None => Box::new(tokio::io::BufWriter::new(tokio::io::stdout())),
    };
    let mut written = 0u64;
    while let Some(chunk) = bytes.next().await {
        let chunk = chunk?;
        written += chunk.len() as u64;
        out.write_all(&chunk).await?;
    }
    out.flush().await?;
    Ok(format!(
        "export {}: {written} bytes in {:.2} s",
        args.format,
        started.elapsed().as_secs_f64()
    ))
}
