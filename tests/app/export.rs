//! Exports read back (csv, calamine, serde_json) and compared with the
//! database field by field; HSDS validated against the official schemas;
//! privacy of public exports and who may download protected ones.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use haarvaten::db::places::{self, PlaceRecord};
use haarvaten::domain::place::{Precision, street_only};
use haarvaten::export::COLUMNS;
use haarvaten::export::csv::neutralise;
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::{TEST_PASSWORD, TestApp, create_user, spawn_app};
use crate::overview::{SECRET_ADDRESS, SECRET_LAT, SECRET_LON, Seeded, seed};

async fn bytes(app: &TestApp, path: &str) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let r = app.get(path).await;
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    (status, headers, r.bytes().await.expect("body").to_vec())
}

fn r6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// What the export must say for a place, column by column, as CSV text
/// (comma variant). Public exports show the address only for exact
/// places and always the public point; protected ones the exact data.
fn expected(p: &PlaceRecord, protected: bool) -> Vec<String> {
    let shown = protected || p.precision.is_public();
    let (lon, lat) = if protected { (p.lon, p.lat) } else { (p.public_lon, p.public_lat) };
    let num = |x: Option<f64>| x.map(|x| r6(x).to_string()).unwrap_or_default();
    let b = |x: Option<bool>| match x {
        Some(true) => "ja".to_owned(),
        Some(false) => "nee".to_owned(),
        None => String::new(),
    };
    let d = |x: Option<chrono::NaiveDate>| x.map(|d| d.to_string()).unwrap_or_default();
    let dt = |t: chrono::DateTime<chrono::Utc>| {
        t.with_timezone(&chrono_tz::Europe::Amsterdam).format("%Y-%m-%d %H:%M:%S").to_string()
    };
    vec![
        p.id.to_string(),
        neutralise(p.name.as_str()).into_owned(),
        p.place_type.slug().to_owned(),
        p.category.clone(),
        p.status.slug().to_owned(),
        "GM0599".into(),
        "Rotterdam".into(),
        p.wijk_code.clone(),
        p.wijk_name.clone(),
        p.buurt_code.clone().unwrap_or_default(),
        p.buurt_name.clone().unwrap_or_default(),
        if shown {
            p.address.clone()
        } else if p.precision == Precision::Straat {
            street_only(&p.address).to_owned()
        } else {
            String::new()
        },
        if shown { p.postcode.clone() } else { String::new() },
        num(lon),
        num(lat),
        p.precision.slug().to_owned(),
        p.initiator.slug().to_owned(),
        p.target_groups.iter().map(|g| g.slug()).collect::<Vec<_>>().join("|"),
        p.opening_hours.clone(),
        b(p.ground_floor),
        b(p.wheelchair),
        b(p.street_visible),
        b(p.no_reception),
        neutralise(&p.phone).into_owned(),
        p.email.clone(),
        p.website.clone(),
        p.founded_year.map(|y| y.to_string()).unwrap_or_default(),
        d(p.closed_on),
        p.closing_reason.clone(),
        d(p.last_verified),
        dt(p.created_at),
        dt(p.updated_at),
        p.description.clone(),
    ]
}

async fn record(db: &PgPool, id: &str) -> PlaceRecord {
    places::get(db, Uuid::parse_str(id).expect("uuid")).await.unwrap().expect("place exists")
}

fn public_ids(s: &Seeded) -> Vec<Uuid> {
    vec![s.huiskamer, s.buurthuis, s.secret, s.noord, s.no_location]
}

fn parse_csv(body: &[u8], delimiter: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(body);
    let headers = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
    (headers, rows)
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn csv_export_reads_back_equal_to_the_database(db: PgPool) {
    let s = seed(&db).await;
    let app = spawn_app(db.clone()).await;
    let (status, headers, body) = bytes(&app, "/export/plekken.csv?gemeente=GM0599").await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert!(headers["content-disposition"].to_str().unwrap().contains("plekken-GM0599-"));
    assert!(!body.starts_with(b"\xEF\xBB\xBF"), "the comma variant has no BOM");
    let (head, rows) = parse_csv(&body, b',');
    assert_eq!(head, COLUMNS);
    assert_eq!(rows.len(), 5);
    let mut ids: Vec<Uuid> = rows.iter().map(|r| Uuid::parse_str(&r[0]).unwrap()).collect();
    ids.sort();
    let mut want = public_ids(&s);
    want.sort();
    assert_eq!(ids, want);
    for row in &rows {
        let p = record(&db, &row[0]).await;
        let exp = expected(&p, false);
        for (i, col) in COLUMNS.iter().enumerate() {
            assert_eq!(row[i], exp[i], "{} column {col}", p.name);
        }
    }
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn excel_csv_has_bom_semicolons_and_decimal_commas_for_chosen_wijken(db: PgPool) {
    let s = seed(&db).await;
    let app = spawn_app(db.clone()).await;
    let (status, _, body) = bytes(
        &app,
        "/export/plekken.csv?gemeente=GM0599&wijk=WK059902&wijk=WK059903&variant=excel",
    )
    .await;
    assert_eq!(status, 200);
    let body = body.strip_prefix(b"\xEF\xBB\xBF".as_slice()).expect("starts with a BOM");
    assert!(body.starts_with(b"id;naam;type;"));
    let (_, rows) = parse_csv(body, b';');
    let ids: Vec<String> = rows.iter().map(|r| r[0].clone()).collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&s.noord.to_string()) && ids.contains(&s.no_location.to_string()));
    for row in &rows {
        let p = record(&db, &row[0]).await;
        let exp = expected(&p, false);
        for (i, col) in COLUMNS.iter().enumerate() {
            let want = if matches!(*col, "lengtegraad" | "breedtegraad") {
                exp[i].replace('.', ",")
            } else {
                exp[i].clone()
            };
            assert_eq!(row[i], want, "{} column {col}", p.name);
        }
    }
    // Closed places only on request.
    let (_, _, body) = bytes(&app, "/export/plekken.csv?wijk=WK059901&opgeheven=1").await;
    let (_, rows) = parse_csv(&body, b',');
    let ids: Vec<String> = rows.iter().map(|r| r[0].clone()).collect();
    assert_eq!(ids.len(), 5);
    assert!(ids.contains(&s.closed_recently.to_string()));
    assert!(ids.contains(&s.closed_long_ago.to_string()));
    assert!(!ids.contains(&s.hidden.to_string()));
}

fn xlsx_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(x) => x.to_string(),
        Data::Int(n) => n.to_string(),
        Data::Bool(true) => "ja".into(),
        Data::Bool(false) => "nee".into(),
        Data::DateTime(t) => {
            let t = t.as_datetime().expect("a date");
            if t.time() == chrono::NaiveTime::MIN && t.date().to_string().len() == 10 {
                t.date().to_string()
            } else {
                t.format("%Y-%m-%d %H:%M:%S").to_string()
            }
        }
        other => panic!("unexpected cell {other:?}"),
    }
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn xlsx_export_has_a_summary_and_a_sheet_per_wijk_that_match_the_database(db: PgPool) {
    seed(&db).await;
    let app = spawn_app(db.clone()).await;
    let (status, headers, body) = bytes(&app, "/export/plekken.xlsx?gemeente=GM0599").await;
    assert_eq!(status, 200);
    assert!(headers["content-type"].to_str().unwrap().contains("spreadsheetml"));
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(body)).expect("valid xlsx");
    assert_eq!(
        wb.sheet_names(),
        vec!["Samenvatting", "WK059901 Centrum", "WK059902 Noord", "WK059903 Charlois"]
    );

    let summary = wb.worksheet_range("Samenvatting").unwrap();
    let rows: Vec<Vec<String>> =
        summary.rows().map(|r| r.iter().map(xlsx_text).collect()).collect();
    let centrum = rows.iter().find(|r| r[0] == "WK059901").expect("Centrum row");
    assert_eq!(&centrum[1..7], ["Centrum", "3", "2", "0", "1", "0"]);
    let charlois = rows.iter().find(|r| r[0] == "WK059903").expect("Charlois row");
    assert_eq!(charlois[2], "0");

    let mut seen = 0;
    for sheet in ["WK059901 Centrum", "WK059902 Noord", "WK059903 Charlois"] {
        let range = wb.worksheet_range(sheet).unwrap();
        let mut rows = range.rows();
        let head: Vec<String> = rows.next().unwrap().iter().map(xlsx_text).collect();
        assert_eq!(head, COLUMNS, "{sheet}");
        for row in rows {
            let cells: Vec<String> = row.iter().map(xlsx_text).collect();
            let p = record(&db, &cells[0]).await;
            assert!(sheet.starts_with(&p.wijk_code));
            let exp = expected(&p, false);
            for (i, col) in COLUMNS.iter().enumerate() {
                let got = cells.get(i).cloned().unwrap_or_default();
                if matches!(*col, "toegevoegd_op" | "gewijzigd_op") {
                    // Excel keeps milliseconds only; compare to the second.
                    assert_eq!(got[..16], exp[i][..16], "{} column {col}", p.name);
                } else {
                    assert_eq!(got, exp[i], "{} column {col}", p.name);
                }
            }
            // Dates are real dates, not text.
            let created = &row[COLUMNS.iter().position(|c| *c == "toegevoegd_op").unwrap()];
            assert!(matches!(created, Data::DateTime(_)), "{created:?}");
            seen += 1;
        }
    }
    assert_eq!(seen, 5);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn geojson_export_is_rfc7946_and_matches_the_database(db: PgPool) {
    seed(&db).await;
    let app = spawn_app(db.clone()).await;
    let (status, headers, body) = bytes(&app, "/export/plekken.geojson?gemeente=GM0599").await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/geo+json");
    let doc: Value = serde_json::from_slice(&body).expect("valid JSON");
    assert_eq!(doc["type"], "FeatureCollection");
    let features = doc["features"].as_array().unwrap();
    assert_eq!(features.len(), 5);
    for f in features {
        assert_eq!(f["type"], "Feature");
        let p = record(&db, f["id"].as_str().unwrap()).await;
        let props = &f["properties"];
        assert_eq!(props["naam"], p.name.as_str());
        assert_eq!(props["type"], p.place_type.slug());
        assert_eq!(props["wijk_code"], p.wijk_code.as_str());
        assert_eq!(props["buurt_naam"], p.buurt_name.as_deref().unwrap_or(""));
        assert_eq!(props["opgericht_in"], serde_json::json!(p.founded_year));
        assert_eq!(props["rolstoeltoegankelijk"], serde_json::json!(p.wheelchair));
        let exp = expected(&p, false);
        assert_eq!(props["adres"], exp[11].as_str());
        match (p.public_lon, p.public_lat) {
            (Some(lon), Some(lat)) => {
                assert_eq!(f["geometry"]["type"], "Point");
                // RFC 7946: longitude first.
                assert_eq!(f["geometry"]["coordinates"], serde_json::json!([r6(lon), r6(lat)]));
            }
            _ => assert!(f["geometry"].is_null()),
        }
    }
}

/// Adds `"additionalProperties": false` to every object schema, as the
/// specification's own strict checks do.
pub fn strict(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map.get("type").and_then(Value::as_str) == Some("object")
                && map.contains_key("properties")
            {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            for v in map.values_mut() {
                strict(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strict),
        _ => {}
    }
}

pub fn hsds_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/hsds-3.0/organization.json"
    ))
    .expect("vendored schema");
    let mut schema: Value = serde_json::from_str(&text).unwrap();
    strict(&mut schema);
    jsonschema::options().should_validate_formats(true).build(&schema).expect("schema compiles")
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn hsds_export_passes_the_official_schema_and_matches_the_database(db: PgPool) {
    let s = seed(&db).await;
    let app = spawn_app(db.clone()).await;
    let (status, _, body) = bytes(&app, "/export/plekken.hsds.json?gemeente=GM0599").await;
    assert_eq!(status, 200);
    let doc: Value = serde_json::from_slice(&body).expect("valid JSON");
    assert_eq!(doc["total_items"], 5);
    let orgs = doc["contents"].as_array().unwrap();
    assert_eq!(orgs.len(), 5);
    let validator = hsds_validator();
    for org in orgs {
        let errors: Vec<String> = validator.iter_errors(org).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", org["name"]);
        let p = record(&db, org["id"].as_str().unwrap()).await;
        assert_eq!(org["name"], p.name.as_str());
        let service = &org["services"][0];
        assert_eq!(service["status"], "active");
        let location = &org["locations"][0];
        assert_eq!(service["service_at_locations"][0]["location_id"], location["id"]);
        match p.public_lat {
            Some(lat) => assert_eq!(location["latitude"], serde_json::json!(r6(lat))),
            None => assert!(location.get("latitude").is_none()),
        }
        if p.precision.is_public() && !p.address.is_empty() {
            assert_eq!(location["addresses"][0]["address_1"], p.address.as_str());
            assert_eq!(location["addresses"][0]["postal_code"], p.postcode.as_str());
        } else {
            assert!(location.get("addresses").is_none(), "{}", p.name);
        }
    }
    let huiskamer = orgs.iter().find(|o| o["id"] == s.huiskamer.to_string()).unwrap();
    let schedules = huiskamer["services"][0]["schedules"].as_array().unwrap();
    assert_eq!(schedules.len(), 1);
    assert_eq!(schedules[0]["byday"], "MO,WE");
    assert_eq!(schedules[0]["opens_at"], "10:00:00");
    assert_eq!(schedules[0]["closes_at"], "12:00:00");
    assert_eq!(schedules[0]["description"], "Mo,We 10:00-12:00");
    assert_eq!(huiskamer["website"], "https://www.dehuiskamer.nl");
    assert_eq!(huiskamer["phones"][0]["number"], "010 123 45 67");

    // The protected HSDS export also passes, with the hidden address.
    let gm = create_user(&app.db, "gemeente@rotterdam.nl", "gemeente", &["GM0599"]).await;
    let _ = gm;
    app.login("gemeente@rotterdam.nl", TEST_PASSWORD).await;
    let (status, _, body) =
        bytes(&app, "/export/plekken.hsds.json?gemeente=GM0599&beschermd=1").await;
    assert_eq!(status, 200);
    let doc: Value = serde_json::from_slice(&body).unwrap();
    for org in doc["contents"].as_array().unwrap() {
        assert!(validator.is_valid(org), "{}", org["name"]);
    }
    assert!(String::from_utf8_lossy(&body).contains(SECRET_ADDRESS));
}

/// Every public export as text; XLSX as the text of all its cells.
async fn public_exports(app: &TestApp) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for path in [
        "/export/plekken.csv?gemeente=GM0599&opgeheven=1",
        "/export/plekken.csv?gemeente=GM0599&variant=excel&opgeheven=1",
        "/export/plekken.geojson?gemeente=GM0599&opgeheven=1",
        "/export/plekken.hsds.json?gemeente=GM0599&opgeheven=1",
        "/export/plekken?gemeente=GM0599&formaat=csv&wijk=WK059901",
    ] {
        let (status, _, body) = bytes(app, path).await;
        assert_eq!(status, 200, "{path}");
        out.push((path.to_owned(), String::from_utf8(body).unwrap()));
    }
    let (status, _, body) = bytes(app, "/export/plekken.xlsx?gemeente=GM0599&opgeheven=1").await;
    assert_eq!(status, 200);
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(body)).unwrap();
    let mut text = String::new();
    for name in wb.sheet_names() {
        for row in wb.worksheet_range(&name).unwrap().rows() {
            for c in row {
                text.push_str(&xlsx_text(c));
                text.push('\t');
            }
        }
    }
    out.push(("xlsx".into(), text));
    out
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn public_exports_never_hold_a_hidden_address_or_exact_point(db: PgPool) {
    seed(&db).await;
    let app = spawn_app(db).await;
    let exports = public_exports(&app).await;
    assert_eq!(exports.len(), 6);
    for (path, text) in &exports {
        assert!(text.contains("Geheime Huiskamer") || path.contains("formaat"), "{path}");
        assert!(!text.contains(SECRET_ADDRESS), "{path} shows the hidden address");
        assert!(!text.contains("3014 XX"), "{path} shows the hidden postcode");
        let lon_comma = SECRET_LON.replace('.', ",");
        assert!(!text.contains(SECRET_LON) && !text.contains(&lon_comma), "{path}: exact lon");
        assert!(!text.contains(SECRET_LAT), "{path} shows the exact latitude");
        assert!(!text.contains("Verborgen Plek"), "{path} shows a hidden place");
    }
    // The same holds for a signed-in resident and a wijkteam member.
    create_user(&app.db, "bewoner@example.nl", "bewoner", &[]).await;
    app.login("bewoner@example.nl", TEST_PASSWORD).await;
    for (path, text) in public_exports(&app).await {
        assert!(!text.contains(SECRET_ADDRESS), "{path}");
    }
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn protected_export_needs_the_gemeente_role_of_that_gemeente(db: PgPool) {
    seed(&db).await;
    create_user(&db, "bewoner@example.nl", "bewoner", &[]).await;
    create_user(&db, "team@example.nl", "wijkteam", &["WK059901"]).await;
    create_user(&db, "amsterdam@example.nl", "gemeente", &["GM0363"]).await;
    create_user(&db, "rotterdam@example.nl", "gemeente", &["GM0599"]).await;
    create_user(&db, "beheer@example.nl", "beheerder", &[]).await;
    let path = "/export/plekken.csv?gemeente=GM0599&beschermd=1";

    // Anonymous: to the login page, and back here afterwards.
    let app = spawn_app(db.clone()).await;
    let r = app.get(path).await;
    assert_eq!(r.status().as_u16(), 303);
    assert!(r.headers()["location"].to_str().unwrap().starts_with("/inloggen?terug="));

    // Exactly one outcome per role.
    let matrix = [
        ("bewoner@example.nl", 403),
        ("team@example.nl", 403),
        ("amsterdam@example.nl", 403),
        ("rotterdam@example.nl", 200),
        ("beheer@example.nl", 200),
    ];
    for (email, want) in matrix {
        let app = spawn_app(db.clone()).await;
        assert_eq!(app.login(email, TEST_PASSWORD).await.status().as_u16(), 303);
        let (status, headers, body) = bytes(&app, path).await;
        assert_eq!(status, want, "{email}");
        if want == 200 {
            assert_eq!(headers["cache-control"], "private, no-store");
            let text = String::from_utf8(body).unwrap();
            assert!(text.contains(SECRET_ADDRESS), "{email}");
            assert!(text.contains(SECRET_LON) && text.contains(SECRET_LAT), "{email}");
            // Exact data, field by field.
            let (_, rows) = parse_csv(text.as_bytes(), b',');
            for row in rows {
                let p = record(&db, &row[0]).await;
                assert_eq!(row, expected(&p, true), "{email}: {}", p.name);
            }
        }
    }
    // A wijk export is protected the same way; only beheerder goes national.
    let app = spawn_app(db.clone()).await;
    app.login("rotterdam@example.nl", TEST_PASSWORD).await;
    let (status, _, _) = bytes(&app, "/export/plekken.geojson?wijk=WK059901&beschermd=1").await;
    assert_eq!(status, 200);
    let (status, _, _) = bytes(&app, "/export/plekken.csv?gemeente=alle&beschermd=1").await;
    assert_eq!(status, 403);
    let audit: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'export.protected'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(audit, 3);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn overview_links_to_protected_exports_only_for_the_gemeente(db: PgPool) {
    seed(&db).await;
    create_user(&db, "rotterdam@example.nl", "gemeente", &["GM0599"]).await;
    let app = spawn_app(db).await;
    let page = app.page("/overzicht?gemeente=GM0599").await;
    // One link per format, each with its twin that adds the closed places.
    assert_eq!(page.count(".export-links a:not(.with-closed)"), 5);
    assert_eq!(page.count(".export-links a.with-closed"), 5);
    assert_eq!(page.count(".export-protected a"), 0);
    app.login("rotterdam@example.nl", TEST_PASSWORD).await;
    let page = app.page("/overzicht?gemeente=GM0599").await;
    assert_eq!(page.count(".export-protected a:not(.with-closed)"), 5);
    let href = page.attr(".export-protected a", "href").unwrap();
    assert!(href.contains("beschermd=1"));
    let (status, _, _) = bytes(&app, &href).await;
    assert_eq!(status, 200);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn bad_export_input_gets_a_400_and_unknown_areas_a_404(db: PgPool) {
    seed(&db).await;
    let app = spawn_app(db).await;
    for path in [
        "/export/plekken.csv?gemeente=Rotterdam",
        "/export/plekken.csv?wijk=BU05990101",
        "/export/plekken.csv?gemeente=GM0599&wijk=WK036301",
        "/export/plekken.csv?variant=lotus",
        "/export/plekken?formaat=pdf",
        "/export/plekken.csv?beschermd=misschien",
    ] {
        let page = app.page(path).await;
        assert_eq!(page.status, 400, "{path}");
        assert!(page.body.contains("<html"), "{path}: a page in Dutch");
    }
    assert_eq!(app.page("/export/plekken.csv?gemeente=GM9999").await.status, 404);
    assert_eq!(app.page("/export/plekken.csv?wijk=WK059999").await.status, 404);
}

/// A query string that does not fit gets a Dutch message naming the
/// parameter and what it takes; serde's English never shows.
#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn bad_query_strings_get_a_dutch_message_without_serde_text(db: PgPool) {
    seed(&db).await;
    let app = spawn_app(db).await;
    let cases = [
        (
            "/export/plekken.csv?beschermd=misschien",
            "De waarde \"misschien\" bij beschermd klopt niet.",
        ),
        ("/export/plekken?formaat=pdf&gemeente=GM0599", "pdf"),
        ("/zoeken?q=koffie&q=thee", "De parameter \"q\" staat meer dan één keer in het adres."),
        ("/zoeken?type=a&type=b", "De parameter \"type\" staat meer dan één keer in het adres."),
    ];
    for (path, message) in cases {
        let page = app.page(path).await;
        assert_eq!(page.status, 400, "{path}");
        let text = page.text(".error-message");
        assert!(text.contains(message), "{path}: {text}");
        for english in
            ["invalid type", "unknown variant", "duplicate field", "expected", "invalid digit"]
        {
            assert!(!page.text("main").contains(english), "{path}: serde's text: {text}");
        }
    }
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn exports_stream_without_a_content_length(db: PgPool) {
    seed(&db).await;
    let app = spawn_app(db).await;
    for path in ["/export/plekken.csv", "/export/plekken.geojson", "/export/plekken.hsds.json"] {
        let r = app.get(path).await;
        assert_eq!(r.status().as_u16(), 200, "{path}");
        assert!(r.headers().get("content-length").is_none(), "{path} is buffered");
    }
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_national_export_holds_every_gemeente_in_one_data_sheet(db: PgPool) {
    seed(&db).await;
    crate::public::area(&db, "GM0363", "Amsterdam", None, [4.8, 52.3, 4.9, 52.4], None).await;
    crate::public::area(
        &db,
        "WK036301",
        "Burgwallen",
        Some("GM0363"),
        [4.8, 52.3, 4.9, 52.4],
        None,
    )
    .await;
    let mut f = crate::public::place("Amsterdamse Huiskamer");
    f.point = Some((4.85, 52.35));
    crate::public::insert(&db, f).await;
    let app = spawn_app(db).await;
    let (status, _, body) = bytes(&app, "/export/plekken.csv?gemeente=alle").await;
    assert_eq!(status, 200);
    assert_eq!(parse_csv(&body, b',').1.len(), 6);
    let (status, headers, body) = bytes(&app, "/export/plekken.xlsx?gemeente=alle").await;
    assert_eq!(status, 200);
    assert!(headers["content-disposition"].to_str().unwrap().contains("plekken-nederland-"));
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(body)).unwrap();
    assert_eq!(wb.sheet_names(), vec!["Samenvatting", "Plekken"]);
    assert_eq!(wb.worksheet_range("Plekken").unwrap().rows().count(), 7);
}

const FORMULA: &str = r#"=HYPERLINK("http://x","klik")"#;
const PHONE: &str = "+31 10 123 4567";

/// CSV injection (OWASP): a name or phone that starts like a formula gets
/// a leading `'` in both CSV variants, so no spreadsheet runs it; XLSX
/// cells are typed strings and stay as they are.
#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn csv_cells_that_start_like_a_formula_are_neutralised(db: PgPool) {
    crate::public::rotterdam(&db).await;
    let mut f = crate::public::place(FORMULA);
    f.phone = PHONE.into();
    f.description = "-".into();
    let id = crate::public::insert(&db, f).await;
    let app = spawn_app(db.clone()).await;
    let col = |name: &str| COLUMNS.iter().position(|c| *c == name).unwrap();
    for (path, delimiter) in
        [("/export/plekken.csv", b','), ("/export/plekken.csv?variant=excel", b';')]
    {
        let (status, _, body) = bytes(&app, path).await;
        assert_eq!(status, 200, "{path}");
        let body = body.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&body);
        let (_, rows) = parse_csv(body, delimiter);
        let row = rows.iter().find(|r| r[0] == id.to_string()).expect("the place");
        assert_eq!(row[col("naam")], format!("'{FORMULA}"), "{path}");
        assert_eq!(row[col("telefoon")], format!("'{PHONE}"), "{path}");
        assert_eq!(row[col("beschrijving")], "'-", "{path}");
        for cell in row {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{path}: {cell:?}");
        }
        // Still quoted: the quotes and the delimiter inside the formula.
        let text = String::from_utf8_lossy(body);
        assert!(text.contains(r#""'=HYPERLINK(""http://x"",""klik"")""#), "{path}");
    }
    let (_, _, body) = bytes(&app, "/export/plekken.xlsx").await;
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(body)).unwrap();
    let found = wb.sheet_names().iter().any(|name| {
        let sheet = wb.worksheet_range(name).unwrap();
        sheet.rows().any(|r| r.iter().any(|c| xlsx_text(c) == FORMULA))
    });
    assert!(found, "the XLSX keeps the name as typed, as a text cell");
}

/// The wijkteam's visit CSV neutralises typed-in text the same way.
#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_visit_csv_neutralises_formulas_too(db: PgPool) {
    use crate::visits::{Seed, logged_in, months_ago, seed_visit};
    crate::public::rotterdam(&db).await;
    let place = crate::public::insert(&db, crate::public::place(FORMULA)).await;
    let anna = create_user(&db, "anna@wijkteam.nl", "wijkteam", &["WK059901"]).await;
    let mut s = Seed::new(place, "WK059901", months_ago(1), anna);
    s.notes = "@SUM(1+1)";
    s.partners = vec!["+31 10 123 4567"];
    seed_visit(&db, s).await;
    let app = logged_in(&db, "anna@wijkteam.nl").await;
    for (path, delimiter) in [
        ("/wijkteam/export.csv?wijk=WK059901", b','),
        ("/wijkteam/export.csv?wijk=WK059901&formaat=excel", b';'),
    ] {
        let (status, _, body) = bytes(&app, path).await;
        assert_eq!(status, 200, "{path}");
        let body = body.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&body);
        let (head, rows) = parse_csv(body, delimiter);
        let col = |name: &str| rows[0][head.iter().position(|h| h == name).unwrap()].clone();
        assert_eq!(col("plek"), format!("'{FORMULA}"), "{path}");
        assert_eq!(col("wat_gezien"), "'@SUM(1+1)", "{path}");
        assert_eq!(col("partners"), "'+31 10 123 4567", "{path}");
    }
}
