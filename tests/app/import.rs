//! Importers and the demo against a real PostGIS database: what ends up
//! stored, and that a bad file leaves nothing behind.

use std::path::{Path, PathBuf};

use haarvaten::domain::place_input::PlaceInput;
use haarvaten::import::areas::{self, AreasArgs, AreasOptions};
use haarvaten::import::{ImportError, Location, demo, places, population};
use sqlx::PgPool;

pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

pub fn fixture(name: &str) -> PathBuf {
    repo(&format!("tests/fixtures/import/{name}"))
}

async fn import_areas(db: &PgPool, path: &Path) -> anyhow::Result<areas::AreasReport> {
    let args = AreasArgs { file: path.to_owned(), options: AreasOptions::default() };
    areas::run(db, &args).await
}

pub async fn import_rotterdam(db: &PgPool) -> (areas::AreasReport, areas::AreasReport) {
    let wijken = import_areas(db, &repo("data/rotterdam/gebieden-rd.geojson")).await.unwrap();
    let buurten = import_areas(db, &repo("data/rotterdam/buurten-rd.geojson")).await.unwrap();
    (wijken, buurten)
}

async fn count(db: &PgPool, level: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM areas WHERE level = $1")
        .bind(level)
        .fetch_one(db)
        .await
        .unwrap()
}

async fn places_count(db: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM places").fetch_one(db).await.unwrap()
}

/// name, wijk, buurt, website, target groups, wheelchair.
type StoredPlace = (String, String, Option<String>, String, Vec<String>, Option<bool>);

pub fn import_error(err: anyhow::Error) -> ImportError {
    err.downcast::<ImportError>().expect("an ImportError that lists the problems")
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn rotterdam_files_import_with_the_undeclared_rd_crs_detected(db: PgPool) {
    let (wijken, buurten) = import_rotterdam(&db).await;

    assert_eq!((wijken.srid, wijken.srid_source), (28992, "coordinate range"));
    assert_eq!((wijken.features, wijken.inserted), (21, 21));
    assert_eq!(wijken.created_parents, vec!["GM0599".to_owned()]);
    assert_eq!((buurten.features, buurten.inserted, buurten.srid), (91, 91, 28992));
    assert!(buurten.missing_parents.is_empty());
    assert_eq!(count(&db, "wijk").await, 21);
    assert_eq!(count(&db, "buurt").await, 91);
    assert_eq!(count(&db, "gemeente").await, 1);

    let (name, parent): (String, Option<String>) =
        sqlx::query_as("SELECT name, parent_code FROM areas WHERE code = 'GM0599'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!((name.as_str(), parent), ("Rotterdam", None));
    let (name, parent, grandparent): (String, String, String) = sqlx::query_as(
        "SELECT b.name, b.parent_code, w.parent_code FROM areas b
         JOIN areas w ON w.code = b.parent_code WHERE b.code = 'BU05990111'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(
        (name.as_str(), parent.as_str(), grandparent.as_str()),
        ("Oude Westen", "WK059901", "GM0599")
    );

    // The outline landed in WGS84 where the Oude Westen really is.
    let inside: bool = sqlx::query_scalar(
        "SELECT ST_Contains(geom, ST_SetSRID(ST_MakePoint(4.468, 51.918), 4326))
           AND ST_Contains(geom, label_point) AND ST_SRID(geom) = 4326
         FROM areas WHERE code = 'BU05990111'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert!(inside);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn an_invalid_bow_tie_polygon_is_repaired_and_counted(db: PgPool) {
    let report = import_areas(&db, &fixture("bowtie.geojson")).await.unwrap();

    assert_eq!((report.features, report.inserted, report.repaired), (2, 2, 1));
    assert_eq!((report.srid, report.srid_source), (4326, "declared crs"));
    let (valid, kind, area): (bool, String, f64) = sqlx::query_as(
        "SELECT ST_IsValid(geom), GeometryType(geom), ST_Area(geom) FROM areas WHERE code = 'GM9990'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert!(valid);
    assert_eq!(kind, "MULTIPOLYGON");
    // Both triangles of the bow tie are kept.
    assert!((area - 0.005).abs() < 1e-9, "area {area}");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_malformed_file_imports_nothing_and_names_the_feature(db: PgPool) {
    let err = import_error(import_areas(&db, &fixture("missing-code.geojson")).await.unwrap_err());
    assert_eq!(err.problems.len(), 1);
    assert_eq!(err.problems[0].location, Location::Feature(1));
    assert!(err.problems[0].reason.contains("statcode"), "{}", err.problems[0].reason);
    assert!(err.to_string().contains("object 2"), "{err}");

    let err =
        import_error(import_areas(&db, &fixture("point-geometry.geojson")).await.unwrap_err());
    assert_eq!(err.problems[0].location, Location::Feature(1));
    assert!(err.problems[0].reason.contains("Point"), "{}", err.problems[0].reason);

    let not_json = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(not_json.path(), "{\"type\": \"FeatureCollection\", \"features\": [").unwrap();
    let err = import_error(import_areas(&db, not_json.path()).await.unwrap_err());
    assert_eq!(err.problems[0].location, Location::File);

    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM areas").fetch_one(&db).await.unwrap(),
        0
    );
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn reimport_updates_areas_by_code_without_duplicates(db: PgPool) {
    import_rotterdam(&db).await;
    let renamed = std::fs::read_to_string(repo("data/rotterdam/gebieden-rd.geojson"))
        .unwrap()
        .replace("\"GEBDNAAM\": \"Delfshaven\"", "\"GEBDNAAM\": \"Delfshaven (nieuw)\"");
    assert!(renamed.contains("Delfshaven (nieuw)"));
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), renamed).unwrap();

    let report = import_areas(&db, file.path()).await.unwrap();
    let again = import_areas(&db, &repo("data/rotterdam/buurten-rd.geojson")).await.unwrap();

    assert_eq!((report.inserted, report.updated), (0, 21));
    assert!(report.created_parents.is_empty());
    assert_eq!((again.inserted, again.updated), (0, 91));
    assert_eq!(count(&db, "wijk").await, 21);
    assert_eq!(count(&db, "buurt").await, 91);
    assert_eq!(count(&db, "gemeente").await, 1);
    let name: String = sqlx::query_scalar("SELECT name FROM areas WHERE code = 'WK059903'")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(name, "Delfshaven (nieuw)");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn population_is_matched_by_buurt_code_and_summed_to_wijk_and_gemeente(db: PgPool) {
    import_rotterdam(&db).await;
    let mut csv =
        std::fs::read_to_string(repo("data/rotterdam/kerncijfers-buurten-2017.csv")).unwrap();
    csv.push_str("BU99999999,Nergenshuizen,Nergens,10,5,1,2,3,100.0\n");
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), csv).unwrap();

    let report = population::run(&db, file.path()).await.unwrap();

    assert_eq!((report.rows, report.matched), (76, 75));
    assert_eq!(report.unmatched, vec!["BU99999999".to_owned()]);
    assert!(report.to_string().contains("BU99999999"));
    let inhabitants: Option<i32> =
        sqlx::query_scalar("SELECT inhabitants FROM areas WHERE code = 'BU05990111'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(inhabitants, Some(9435));
    let (wijk, sum): (Option<i32>, Option<i64>) = sqlx::query_as(
        "SELECT (SELECT inhabitants FROM areas WHERE code = 'WK059901'),
                (SELECT sum(inhabitants) FROM areas WHERE parent_code = 'WK059901')",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(wijk.map(i64::from), sum);
    let (gemeente, all): (Option<i32>, Option<i64>) = sqlx::query_as(
        "SELECT (SELECT inhabitants FROM areas WHERE code = 'GM0599'),
                (SELECT sum(inhabitants) FROM areas WHERE level = 'buurt')",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(gemeente.map(i64::from), all);
    // A harbour gebied without any figure stays unknown, not zero.
    let harbour: Option<i32> =
        sqlx::query_scalar("SELECT inhabitants FROM areas WHERE code = 'WK059923'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(harbour, None);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn wijk_and_buurt_are_derived_from_a_point(db: PgPool) {
    import_rotterdam(&db).await;
    let input = PlaceInput {
        name: "Huiskamer Gaffeltje".into(),
        place_type: "huiskamer".into(),
        category: "huiskamer".into(),
        initiator: "bewoners".into(),
        lon: "4.468".into(),
        lat: "51.918".into(),
        ..Default::default()
    };
    let fields = input.parse().unwrap();

    let areas = haarvaten::db::places::resolve_areas(&db, &fields).await.unwrap().unwrap();
    assert_eq!(areas.wijk_code, "WK059901");
    assert_eq!(areas.buurt_code.as_deref(), Some("BU05990111"));
    let id = uuid::Uuid::new_v4();
    assert!(haarvaten::db::places::insert(&db, id, &fields, &areas).await.unwrap());
    let stored = haarvaten::db::places::get(&db, id).await.unwrap().unwrap();
    assert_eq!(
        (stored.wijk_code.as_str(), stored.buurt_code.as_deref()),
        ("WK059901", Some("BU05990111"))
    );
    assert_eq!(stored.buurt_name.as_deref(), Some("Oude Westen"));

    let amsterdam =
        PlaceInput { lon: "4.90".into(), lat: "52.37".into(), ..input }.parse().unwrap();
    let err = haarvaten::db::places::resolve_areas(&db, &amsterdam).await.unwrap().unwrap_err();
    assert_eq!(err.key(), "error-point-outside");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn places_csv_and_geojson_import_every_row(db: PgPool) {
    import_rotterdam(&db).await;

    let opts = places::Options::new(None);
    let report = places::run(&db, &fixture("places-good.csv"), &opts).await.unwrap();
    assert_eq!((report.rows, report.new), (3, 3));
    let report = places::run(&db, &fixture("places.geojson"), &opts).await.unwrap();
    assert_eq!((report.rows, report.new), (2, 2));

    let rows: Vec<StoredPlace> = sqlx::query_as(
        "SELECT name, wijk_code, buurt_code, website, target_groups, wheelchair
             FROM places ORDER BY name",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    let by_name = |n: &str| rows.iter().find(|r| r.0 == n).unwrap_or_else(|| panic!("{n}"));
    let huiskamer = by_name("Huiskamer Oude Westen");
    assert_eq!(huiskamer.2.as_deref(), Some("BU05990111"));
    assert_eq!(huiskamer.3, "https://www.voorbeeld.nl");
    assert_eq!(huiskamer.4, vec!["ouderen", "iedereen"]);
    assert_eq!(huiskamer.5, Some(true));
    // Without a point, the buurt column decides.
    assert_eq!(by_name("Buurttuin Zonder Punt").2.as_deref(), Some("BU05990111"));
    assert_eq!(by_name("Huis van de Wijk \"De Brug\"").1, "WK059901");
    assert_eq!(by_name("Inloop West").4, vec!["iedereen", "nieuwkomers"]);
    // The RD New point of the GeoJSON file lies in the centre too.
    assert_eq!(by_name("Plek in RD").1, "WK059901");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_places_csv_with_bad_rows_imports_nothing_and_lists_every_bad_line(db: PgPool) {
    import_rotterdam(&db).await;

    let opts = places::Options::new(None);
    let err = import_error(places::run(&db, &fixture("places-bad.csv"), &opts).await.unwrap_err());

    let lines: Vec<&Location> = err.problems.iter().map(|p| &p.location).collect();
    for line in [3, 5, 6, 7] {
        assert!(lines.contains(&&Location::Line(line)), "line {line} missing in:\n{err}");
    }
    assert!(!lines.contains(&&Location::Line(2)) && !lines.contains(&&Location::Line(4)));
    let text = err.to_string();
    assert!(text.contains("regel 3: kolom \"type\", waarde \"kroeg\": Kies een type"), "{text}");
    assert!(text.contains("regel 5: kolom \"email\", waarde \"piet@\""), "{text}");
    assert!(text.contains("regel 5: kolom \"openingstijden\""), "{text}");
    assert!(text.contains("regel 6: Het punt lon 4.9, lat 52.37 ligt meer dan 500 m"), "{text}");
    // Rows 2 and 4 were fine and written inside the transaction: rolled back.
    assert_eq!(places_count(&db).await, 0);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_demo_can_run_twice_and_records_the_closed_carnissetuin(db: PgPool) {
    let first = demo::load(&db).await.unwrap();
    let counts = |db: PgPool| async move {
        sqlx::query_as::<_, (i64, i64, i64)>(
            "SELECT (SELECT count(*) FROM areas WHERE level = 'wijk'),
                    (SELECT count(*) FROM areas WHERE level = 'buurt'),
                    (SELECT count(*) FROM places)",
        )
        .fetch_one(&db)
        .await
        .unwrap()
    };
    let before = counts(db.clone()).await;
    let second = demo::load(&db).await.unwrap();
    let after = counts(db.clone()).await;

    assert!(first.contains("35 added"), "{first}");
    assert!(second.contains("0 added, 35 already there"), "{second}");
    assert_eq!(before, (21, 91, 35));
    assert_eq!(after, before);

    let (status, closed_on, reason): (String, Option<chrono::NaiveDate>, String) = sqlx::query_as(
        "SELECT status, closed_on, closing_reason FROM places WHERE name = 'Carnissetuin'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(status, "opgeheven");
    assert_eq!(closed_on, chrono::NaiveDate::from_ymd_opt(2016, 1, 1));
    assert!(reason.contains("verdwenen"), "{reason}");

    let (not_demo, not_buurt, bad_hours, no_buurt): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE source NOT LIKE 'demo: %'),
                count(*) FILTER (WHERE precision <> 'buurt' OR address <> ''),
                count(*) FILTER (WHERE opening_hours = '' AND status = 'actief'),
                count(*) FILTER (WHERE buurt_code IS NULL)
         FROM places",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!((not_demo, not_buurt, bad_hours, no_buurt), (0, 0, 0, 0));
    // Named areas are respected: the Oude Westen action group is there.
    let buurt: Option<String> =
        sqlx::query_scalar("SELECT buurt_code FROM places WHERE name = 'Aktiegroep Oude Westen'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(buurt.as_deref(), Some("BU05990111"));
    let (recent, never): (i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE last_verified > now() - interval '12 months'),
                count(*) FILTER (WHERE last_verified IS NULL) FROM places",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert!(recent > 0 && never > 0 && recent + never < 35);
    for (_, hours) in
        sqlx::query_as::<_, (String, String)>("SELECT name, opening_hours FROM places")
            .fetch_all(&db)
            .await
            .unwrap()
    {
        assert!(haarvaten::domain::opening_hours::OpeningHours::parse(&hours).is_ok(), "{hours}");
    }
}

/// All national CBS files (about 15,000 areas), when they are available next
/// to the repository as on the development machines.
#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_national_cbs_files_import_completely(db: PgPool) {
    let dir = repo("../shared/data/nl");
    if !dir.join("buurten-2014.geojson").exists() {
        eprintln!("skipped: {} not found", dir.display());
        return;
    }
    let mut reports = Vec::new();
    for f in ["gemeenten-2015", "wijken-2014", "buurten-2014"] {
        reports.push(import_areas(&db, &dir.join(format!("{f}.geojson"))).await.unwrap());
    }
    let pop = population::run(&db, &dir.join("kerncijfers-buurten-2017.csv")).await.unwrap();

    assert_eq!(reports.iter().map(|r| r.inserted).collect::<Vec<_>>(), vec![393, 2738, 11691]);
    assert!(reports.iter().all(|r| r.srid == 4326 && r.repaired > 0));
    assert_eq!((count(&db, "gemeente").await, count(&db, "wijk").await), (393, 2738));
    assert_eq!(count(&db, "buurt").await, 11691);
    let invalid: i64 = sqlx::query_scalar("SELECT count(*) FROM areas WHERE NOT ST_IsValid(geom)")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(invalid, 0);
    assert!(pop.matched > 7000, "{pop}");
    assert_eq!(pop.matched + pop.unmatched.len(), 9028);
}
