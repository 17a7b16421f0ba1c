//! The places import with a municipal file and its mapping (issue 11):
//! fixtures shaped like real exports (upper-case columns, an own id, CRLF,
//! Windows-1252, the house number apart, RD coordinates, a point just
//! outside the outline), re-imports that update, our own exports read
//! back, and the command line itself. The database is checked after each
//! step.

use std::path::Path;

use futures_util::TryStreamExt;
use haarvaten::db::export::ExportQuery;
use haarvaten::export::{self, Format};
use haarvaten::import::mapping::Mapping;
use haarvaten::import::places::{self, Options};
use haarvaten::import::report::PlacesReport;
use haarvaten::import::{ImportError, Location};
use sqlx::PgPool;

use crate::import::{fixture, import_error, import_rotterdam};

pub const BRON: &str = "Gemeente Rotterdam, voorzieningenlijst";

pub fn mapping(name: &str) -> Mapping {
    Mapping::parse(&std::fs::read_to_string(fixture(name)).unwrap()).unwrap()
}

fn opts(m: Option<Mapping>) -> Options {
    Options::new(m)
}

async fn run(db: &PgPool, file: &str, o: &Options) -> anyhow::Result<PlacesReport> {
    places::run(db, &fixture(file), o).await
}

async fn count(db: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM places").fetch_one(db).await.unwrap()
}

/// name, type, category, address, postcode, precision, wijk, buurt, version, status.
type Row = (String, String, String, String, String, String, String, Option<String>, i32, String);

async fn stored(db: &PgPool, name: &str) -> Row {
    sqlx::query_as(
        "SELECT name, place_type, category, address, postcode, precision, wijk_code, buurt_code,
                version, status FROM places WHERE name = $1",
    )
    .bind(name)
    .fetch_one(db)
    .await
    .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn counts(r: &PlacesReport) -> (usize, usize, usize, usize) {
    (r.new, r.changed, r.unchanged, r.missing.len())
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_municipal_file_imports_with_its_mapping_and_updates_on_reimport(db: PgPool) {
    import_rotterdam(&db).await;
    let m = mapping("voorzieningen.toml");

    let mut dry = opts(Some(m.clone()));
    dry.dry_run = true;
    let report = run(&db, "voorzieningen-2026q1.csv", &dry).await.unwrap();
    assert_eq!((report.rows, report.skipped, report.new), (6, 1, 5));
    assert!(report.to_string().contains("Proefimport: er is niets opgeslagen."), "{report}");
    assert_eq!(count(&db).await, 0, "a dry run stores nothing");

    let report = run(&db, "voorzieningen-2026q1.csv", &opts(Some(m.clone()))).await.unwrap();
    let text = report.to_string();
    assert_eq!(counts(&report), (5, 0, 0, 0), "{text}");
    assert!(text.contains("CSV, puntkomma, Windows-1252"), "{text}");
    assert!(text.contains("Genegeerde kolommen (2): STADSDEEL, DOMEIN."), "{text}");
    assert_eq!(count(&db).await, 5);
    let cafe = stored(&db, "Buurtkamer Café Spangen").await;
    assert_eq!(
        (cafe.1.as_str(), cafe.2.as_str(), cafe.3.as_str(), cafe.4.as_str(), cafe.5.as_str()),
        ("huiskamer", "huiskamer", "Spaansebocht 5", "3028 AA", "exact")
    );
    assert_eq!((cafe.6.as_str(), cafe.7.as_deref()), ("WK059903", Some("BU05990323")));
    // 294 m outside the outline: the nearest wijk, reported with its line.
    let overschie = stored(&db, "Buurthuis Overschie-Noord").await;
    assert_eq!(overschie.6, "WK059904");
    assert!(overschie.7.is_some(), "within 500 m of a buurt, so it gets one");
    let assigned = &report.assigned[0];
    assert_eq!(assigned.location, Location::Line(6));
    assert!((250.0..350.0).contains(&assigned.wijk_metres), "{}", assigned.wijk_metres);
    assert!(text.contains("regel 6: \"Buurthuis Overschie-Noord\" -> WK059904"), "{text}");
    let keys: i64 = sqlx::query_scalar("SELECT count(*) FROM place_import_keys WHERE source = $1")
        .bind(BRON)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(keys, 5);

    // Next quarter: one renamed and moved address, one gone, one new.
    let report = run(&db, "voorzieningen-2026q2.csv", &opts(Some(m.clone()))).await.unwrap();
    assert_eq!(counts(&report), (1, 1, 3, 1), "{report}");
    assert!(report.to_string().contains("UTF-8 met BOM"), "{report}");
    assert_eq!(report.missing[0].name, "Buurthuis Overschie-Noord");
    assert_eq!(count(&db).await, 6, "updated, not duplicated");
    let renamed = stored(&db, "Wijkcentrum Middelland (Huis van de Wijk)").await;
    assert_eq!((renamed.3.as_str(), renamed.8), ("'s-Gravendijkwal 82", 2));
    let (kind, changes): (String, serde_json::Value) = sqlx::query_as(
        "SELECT r.kind, r.changes FROM place_revisions r JOIN places p ON p.id = r.place_id
         WHERE p.name = $1 ORDER BY r.version DESC LIMIT 1",
    )
    .bind(&renamed.0)
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(kind, "import");
    let fields: Vec<&str> =
        changes.as_array().unwrap().iter().map(|c| c["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["naam", "adres"]);
    assert_eq!(stored(&db, "Buurtkamer Café Spangen").await.8, 1, "unchanged rows stay alone");
    assert_eq!(stored(&db, "Buurthuis Overschie-Noord").await.9, "actief", "never deleted");

    let mut close = opts(Some(m.clone()));
    close.close_missing = true;
    let report = run(&db, "voorzieningen-2026q2.csv", &close).await.unwrap();
    assert_eq!(counts(&report), (0, 0, 5, 1));
    assert_eq!(report.closed, 1);
    let (status, closed_on, reason): (String, Option<chrono::NaiveDate>, String) = sqlx::query_as(
        "SELECT status, closed_on, closing_reason FROM places WHERE name = 'Buurthuis Overschie-Noord'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(
        (status.as_str(), closed_on),
        ("opgeheven", Some(haarvaten::domain::opening_hours::OpeningHours::today()))
    );
    assert!(reason.contains(BRON), "{reason}");
    let report = run(&db, "voorzieningen-2026q2.csv", &opts(Some(m))).await.unwrap();
    assert_eq!(counts(&report), (0, 0, 5, 0), "a stopped place is no longer missing");
    assert_eq!(count(&db).await, 6);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn bad_rows_are_refused_with_line_column_value_and_what_is_right(db: PgPool) {
    import_rotterdam(&db).await;
    let o = opts(Some(mapping("voorzieningen.toml")));

    let err = import_error(run(&db, "voorzieningen-fouten.csv", &o).await.unwrap_err());

    let text = err.to_string();
    assert!(text.starts_with("Er is niets geïmporteerd; 4 problemen:"), "{text}");
    let at = |line: u64| {
        let p = err.problems.iter().find(|p| p.location == Location::Line(line));
        p.unwrap_or_else(|| panic!("line {line} in {text}")).reason.clone()
    };
    // CRLF and Windows-1252: the line numbers are those an editor shows.
    assert!(
        at(3)
            .contains("kolom \"PC\" (postcode), waarde \"3028\": Schrijf de postcode zo: 1234 AB.")
    );
    assert!(
        at(4).contains(
            "een adres (\"Schiedamseweg 2 3026 AB\") maar geen coördinaten, en er is geen geocoder"
        ),
        "{}",
        at(4)
    );
    assert!(at(5).contains("meer dan 500 m buiten gemeente GM0599"), "{}", at(5));
    assert!(at(6).contains("kolom \"OBJECTNR\" (id) is leeg"), "{}", at(6));
    assert_eq!(count(&db).await, 0, "the good row 2 was rolled back too");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_point_near_the_border_stays_in_the_gemeente_the_file_names(db: PgPool) {
    import_rotterdam(&db).await;
    // A neighbour whose (simplified) outline covers the point 294 m north
    // of Overschie.
    sqlx::raw_sql(
        "INSERT INTO areas (code, level, name, geom, label_point) VALUES
           ('GM9999', 'gemeente', 'Buurgemeente',
            ST_Multi(ST_MakeEnvelope(4.40, 51.9746, 4.45, 52.0, 4326)), ST_SetSRID(ST_MakePoint(4.42, 51.99), 4326));
         INSERT INTO areas (code, level, name, parent_code, geom, label_point) VALUES
           ('WK999901', 'wijk', 'Grenswijk', 'GM9999',
            ST_Multi(ST_MakeEnvelope(4.40, 51.9746, 4.45, 52.0, 4326)), ST_SetSRID(ST_MakePoint(4.42, 51.99), 4326));",
    )
    .execute(&db)
    .await
    .unwrap();

    run(&db, "voorzieningen-2026q1.csv", &opts(Some(mapping("voorzieningen.toml")))).await.unwrap();
    assert_eq!(stored(&db, "Buurthuis Overschie-Noord").await.6, "WK059904");

    sqlx::query("DELETE FROM places").execute(&db).await.unwrap();
    let mut anywhere = mapping("voorzieningen.toml");
    anywhere.gemeente = None;
    anywhere.id = None;
    run(&db, "voorzieningen-2026q1.csv", &opts(Some(anywhere))).await.unwrap();
    assert_eq!(stored(&db, "Buurthuis Overschie-Noord").await.6, "WK999901");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_geojson_with_upper_case_properties_maps_case_insensitively(db: PgPool) {
    import_rotterdam(&db).await;
    let o = opts(Some(mapping("wijkcentra.toml")));

    let report = run(&db, "wijkcentra.geojson", &o).await.unwrap();
    assert_eq!(counts(&report), (2, 0, 0, 0));
    let (kind, groups, wijk): (String, Vec<String>, String) = sqlx::query_as(
        "SELECT place_type, target_groups, wijk_code FROM places WHERE name = 'Wijkcentrum Oude Westen'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(
        (kind.as_str(), groups, wijk.as_str()),
        ("huis_van_de_wijk", vec!["iedereen".into(), "ouderen".into()], "WK059901")
    );
    let report = run(&db, "wijkcentra.geojson", &o).await.unwrap();
    assert_eq!(counts(&report), (0, 0, 2, 0));
    assert_eq!(count(&db).await, 2);
}

fn temp_file(name: &str, body: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, body).unwrap();
    (dir, path)
}

async fn refusal(db: &PgPool, name: &str, body: &[u8], o: &Options) -> String {
    let (_dir, path) = temp_file(name, body);
    let err = places::run(db, &path, o).await.unwrap_err();
    let err: ImportError = err.downcast().expect("an ImportError");
    err.to_string()
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn broken_files_get_a_dutch_message_that_says_what_is_right(db: PgPool) {
    import_rotterdam(&db).await;
    let plain = opts(None);
    let header_only = refusal(&db, "a.csv", b"naam;type;categorie\r\n", &plain).await;
    assert!(header_only.contains("alleen een kopregel"), "{header_only}");
    assert!(refusal(&db, "a.csv", b"", &plain).await.contains("Het bestand is leeg."));
    let pipes =
        refusal(&db, "a.csv", b"naam|type|categorie\nA|huiskamer|huiskamer\n", &plain).await;
    assert!(pipes.contains("Het scheidingsteken van dit bestand herkennen we niet"), "{pipes}");

    let mut m = mapping("voorzieningen.toml");
    m.columns.insert(
        "omschrijving".into(),
        haarvaten::import::mapping::Columns::One("TOELICHTING".into()),
    );
    let missing = refusal(
        &db,
        "v.csv",
        &std::fs::read(fixture("voorzieningen-2026q1.csv")).unwrap(),
        &opts(Some(m)),
    )
    .await;
    assert!(missing.contains("De kolom \"TOELICHTING\" staat niet in het bestand."), "{missing}");
    assert!(missing.contains("\"OBJECTNR\", \"NAAM\", \"SOORT\""), "{missing}");

    let mut m = mapping("voorzieningen.toml");
    m.only.clear();
    let value = refusal(
        &db,
        "v.csv",
        &std::fs::read(fixture("voorzieningen-2026q1.csv")).unwrap(),
        &opts(Some(m)),
    )
    .await;
    assert!(
        value.contains("regel 5: kolom \"SOORT\" (type), waarde \"Bibliotheek\": Kies een type: huiskamer, zelfbeheer of huis_van_de_wijk. Of vertaal deze waarde in de mapping onder [values.type]."),
        "{value}"
    );
    let bad = Mapping::parse("[columns]\nnaaam = \"NAAM\"\n").unwrap_err();
    assert!(bad.contains("\"naaam\" is geen kolom van Haarvaten. Kies uit: naam, type"), "{bad}");
    assert_eq!(count(&db).await, 0);
}

async fn export_bytes(db: &PgPool, format: Format) -> Vec<u8> {
    let q = ExportQuery { include_closed: true, protected: true, ..Default::default() };
    let chunks: Vec<Vec<u8>> =
        export::stream(format, db.clone(), q).await.unwrap().try_collect().await.unwrap();
    chunks.concat()
}

/// The export without the columns a fresh import sets anew.
fn comparable(body: &[u8], format: Format) -> Vec<String> {
    let text = String::from_utf8(body.to_vec()).unwrap();
    match format {
        Format::GeoJson => {
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            let mut out: Vec<String> = v["features"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    let mut f = f.clone();
                    let props = f["properties"].as_object_mut().unwrap();
                    props.remove("toegevoegd_op");
                    props.remove("gewijzigd_op");
                    f.to_string()
                })
                .collect();
            out.sort();
            out
        }
        _ => {
            let delimiter = if format == Format::CsvExcel { b';' } else { b',' };
            let body = text.trim_start_matches('\u{feff}');
            let mut r = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(body.as_bytes());
            let headers = r.headers().unwrap().clone();
            let keep: Vec<usize> = (0..headers.len())
                .filter(|i| !matches!(&headers[*i], "toegevoegd_op" | "gewijzigd_op"))
                .collect();
            let mut rows: Vec<String> = r
                .records()
                .map(|rec| {
                    let rec = rec.unwrap();
                    keep.iter().map(|i| &rec[*i]).collect::<Vec<_>>().join("\u{1f}")
                })
                .collect();
            rows.sort();
            rows
        }
    }
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn our_own_exports_import_back_unchanged_into_a_fresh_database(db: PgPool) {
    import_rotterdam(&db).await;
    run(&db, "places-good.csv", &opts(None)).await.unwrap();
    run(&db, "wijkcentra.geojson", &opts(Some(mapping("wijkcentra.toml")))).await.unwrap();
    sqlx::query("UPDATE places SET phone = '+31 10 123 4567', description = '=geen formule'")
        .execute(&db)
        .await
        .unwrap();

    for (format, name) in
        [(Format::Csv, "e.csv"), (Format::CsvExcel, "e.csv"), (Format::GeoJson, "e.geojson")]
    {
        let before = export_bytes(&db, format).await;
        sqlx::raw_sql("DELETE FROM place_import_keys; DELETE FROM places;")
            .execute(&db)
            .await
            .unwrap();
        let (_dir, path) = temp_file(name, &before);
        let report = places::run(&db, &path, &opts(None)).await.unwrap();
        assert_eq!(report.new, 5, "{format:?}: {report}");
        assert!(
            report
                .ignored_columns
                .iter()
                .all(|c| c.ends_with("_naam") || c.ends_with("_op") || c == "gemeente_code"),
            "{:?}",
            report.ignored_columns
        );
        let after = export_bytes(&db, format).await;
        assert_eq!(comparable(&after, format), comparable(&before, format), "{format:?}");
        // Read back once more: the same ids, so nothing is new or changed.
        let again = places::run(&db, &path, &opts(None)).await.unwrap();
        assert_eq!(counts(&again), (0, 0, 5, 0), "{format:?}");
    }
}

/// The `haarvaten` binary against this test's database.
pub fn cli(db_name: &str, args: &[&str]) -> std::process::Output {
    cli_with(db_name, args, &[])
}

/// [`cli`] with more environment variables (e.g. a local geocoder).
pub fn cli_with(db_name: &str, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let base = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let url = match base.rsplit_once('/') {
        Some((server, _)) => format!("{server}/{db_name}"),
        None => base,
    };
    std::process::Command::new(env!("CARGO_BIN_EXE_haarvaten"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "error")
        // Never the public geocoder; a test that needs one sets it after this.
        .env("HAARVATEN_GEOCODER_URL", "uit")
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_command_line_prints_the_report_and_fails_on_a_bad_file(db: PgPool) {
    import_rotterdam(&db).await;
    let name: String =
        sqlx::query_scalar("SELECT current_database()").fetch_one(&db).await.unwrap();
    let file = |f: &str| fixture(f).to_string_lossy().into_owned();
    let map = file("voorzieningen.toml");

    let out = cli(
        &name,
        &["import", "places", &file("voorzieningen-2026q1.csv"), "--mapping", &map, "--dry-run"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout} {}", String::from_utf8_lossy(&out.stderr));
    assert!(
        stdout.contains("Proefimport") && stdout.contains("Nieuw: 5, gewijzigd: 0"),
        "{stdout}"
    );
    assert_eq!(count(&db).await, 0);

    let out =
        cli(&name, &["import", "places", &file("voorzieningen-2026q1.csv"), "--mapping", &map]);
    assert!(out.status.success());
    assert_eq!(count(&db).await, 5);

    let out =
        cli(&name, &["import", "places", &file("voorzieningen-fouten.csv"), "--mapping", &map]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("fout: Er is niets geïmporteerd; 4 problemen:"), "{stderr}");
    assert!(stderr.contains("regel 3: kolom \"PC\""), "{stderr}");
    assert_eq!(count(&db).await, 5);

    let out = cli(
        &name,
        &["import", "places", &file("places-good.csv"), "--mapping", &file("missing.toml")],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("Het mappingbestand"), "{out:?}");
    assert!(Path::new(&file("voorzieningen.toml")).exists());
}
