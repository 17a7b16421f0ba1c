//! Open Referral HSDS 3.0 export, shaped like the HSDS API's paged
//! `/organizations?full_service=true` answer, so sociale-kaart systems can
//! take it in. The objects are those of the API (`crate::hsds`): one
//! organization per place with its service, location and schedules.

use futures_util::stream::{self, BoxStream, StreamExt};
use serde_json::Value;

use super::{ByteStream, CHUNK_ROWS, io_error};
use crate::db::export::ExportPlace;
use crate::error::AppResult;
use crate::hsds::Record;
use crate::hsds::schedule::Periods;

/// The streamed document: the paging fields first (one page holds all),
/// then `contents`, one organization per place.
pub fn stream(
    rows: BoxStream<'static, AppResult<ExportPlace>>,
    total: i64,
    protected: bool,
) -> ByteStream {
    let head = format!(
        r#"{{"total_items":{total},"total_pages":1,"page_number":1,"size":{total},"first_page":true,"last_page":true,"empty":{},"contents":[
"#,
        total == 0
    );
    let contents = objects(rows, protected, |r| r.organization_full(true), b",\n", b"");
    stream::once(async move { Ok(head.into_bytes()) })
        .chain(contents)
        .chain(stream::once(async { Ok(b"]}\n".to_vec()) }))
        .boxed()
}

/// Each row as one HSDS object made by `item`, with `between` between two
/// objects and `after` after each: the export's JSON array, or the API's
/// NDJSON (`format=ndjson`). Rows come in chunks, so memory stays flat.
pub fn objects(
    rows: BoxStream<'static, AppResult<ExportPlace>>,
    protected: bool,
    item: impl Fn(Record) -> Value + Send + 'static,
    between: &'static [u8],
    after: &'static [u8],
) -> ByteStream {
    let mut first = true;
    let mut periods = Periods::this_week();
    rows.ready_chunks(CHUNK_ROWS)
        .map(move |chunk| {
            let mut out = Vec::with_capacity(chunk.len() * 2000);
            for row in chunk {
                let row = row.map_err(io_error)?;
                if !first {
                    out.extend_from_slice(between);
                }
                first = false;
                let record = Record::new(&row, periods.of(&row.opening_hours), protected);
                serde_json::to_writer(&mut out, &item(record))?;
                out.extend_from_slice(after);
            }
            Ok(out)
        })
        .boxed()
}
