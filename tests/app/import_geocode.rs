//! Rows with an address and postcode but no coordinates (issue 11, item 8):
//! looked up with the geocoder against the local PDOK fake, each result in
//! the report (found, several candidates, none), through `run_bytes`, the
//! command line and `run`; without a geocoder such rows are refused. The
//! database is checked after each step.

use haarvaten::geocode::Geocoder;
use haarvaten::import::places::{self, Options};
use haarvaten::import::report::PlacesReport;
use haarvaten::import::{ImportError, Location};
use sqlx::PgPool;

use crate::geocode::FakePdok;
use crate::import::{fixture, import_error, import_rotterdam};
use crate::import_places::{cli_with, mapping};

fn opts(geocoder: Option<&FakePdok>) -> Options {
    let mut o = Options::new(Some(mapping("voorzieningen.toml")));
    o.geocoder = geocoder.map(|f| Geocoder::new(&f.url).unwrap());
    o
}

/// name → (lon, lat, buurt, the buurt whose outline holds the point).
async fn stored(db: &PgPool, name: &str) -> (f64, f64, Option<String>, Option<String>) {
    sqlx::query_as(
        "SELECT ST_X(p.location), ST_Y(p.location), p.buurt_code,
                (SELECT a.code FROM areas a WHERE a.level = 'buurt'
                 AND ST_Intersects(a.geom, p.location) ORDER BY a.code LIMIT 1)
         FROM places p WHERE p.name = $1",
    )
    .bind(name)
    .fetch_one(db)
    .await
    .unwrap_or_else(|e| panic!("{name}: {e}"))
}

async fn count(db: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM places").fetch_one(db).await.unwrap()
}

fn free_questions(fake: &FakePdok) -> usize {
    fake.hits().iter().filter(|h| h.starts_with("free")).count()
}

fn problem(err: &ImportError, line: u64) -> String {
    let p = err.problems.iter().find(|p| p.location == Location::Line(line));
    p.unwrap_or_else(|| panic!("line {line} in {err}")).reason.clone()
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn addresses_without_coordinates_are_looked_up_and_each_result_reported(db: PgPool) {
    import_rotterdam(&db).await;
    let fake = FakePdok::start().await;
    let bytes = std::fs::read(fixture("adressen-2026q1.csv")).unwrap();

    // The web upload's entry point, as a dry run: the report and preview
    // say what was found, nothing is stored.
    let mut dry = opts(Some(&fake));
    dry.dry_run = true;
    dry.preview_rows = 20;
    let outcome = places::run_bytes(&db, "adressen.csv", bytes.clone(), &dry).await.unwrap();
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    let r = &outcome.report;
    assert_eq!((r.new, r.geocoded.len()), (3, 3));
    let first = &r.geocoded[0];
    assert_eq!(first.location, Location::Line(2));
    assert_eq!(first.found.label, "Gaffelstraat 12, 3014GA Rotterdam");
    assert_eq!(outcome.report.preview[0].input.lon.parse::<f64>().unwrap(), 4.46602);
    let text = r.to_string();
    assert!(text.contains("Adres opgezocht (3):"), "{text}");
    assert!(
        text.contains(
            "regel 3: \"Wijkcentrum Coolsingel\" \"Coolsingel 40 3011 AD\" -> \
             \"Coolsingel 40, 3011AD Rotterdam\" (lon 4.479660, lat 51.922710), wijk WK"
        ),
        "{text}"
    );
    assert_eq!(count(&db).await, 0);

    // The command line with HAARVATEN_GEOCODER_URL stores the points.
    let name: String =
        sqlx::query_scalar("SELECT current_database()").fetch_one(&db).await.unwrap();
    let file = fixture("adressen-2026q1.csv").to_string_lossy().into_owned();
    let map = fixture("voorzieningen.toml").to_string_lossy().into_owned();
    let url = fake.url.clone();
    let out = tokio::task::spawn_blocking(move || {
        let args = ["import", "places", file.as_str(), "--mapping", map.as_str()];
        cli_with(&name, &args, &[("HAARVATEN_GEOCODER_URL", url.as_str())])
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout} {}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("Adres opgezocht (3):") && stdout.contains("Nieuw: 3"), "{stdout}");
    assert_eq!(count(&db).await, 3);
    for (place, lon, lat) in [
        ("Buurthuis Gaffel", 4.46602, 51.91702),
        ("Wijkcentrum Coolsingel", 4.47966, 51.92271),
        ("Buurtkamer Gouverne", 4.46411, 51.91861),
    ] {
        let (x, y, buurt, inside) = stored(&db, place).await;
        assert!((x - lon).abs() < 1e-6 && (y - lat).abs() < 1e-6, "{place}: {x} {y}");
        assert!(buurt.is_some() && buurt == inside, "{place}: {buurt:?} {inside:?}");
    }

    // A re-import of the same addresses keeps the stored points: nothing
    // changes and the geocoder is not asked again.
    let asked = free_questions(&fake);
    let again: PlacesReport =
        places::run(&db, &fixture("adressen-2026q1.csv"), &opts(Some(&fake))).await.unwrap();
    assert_eq!((again.new, again.changed, again.unchanged), (0, 0, 3));
    assert!(again.geocoded.is_empty());
    assert_eq!(free_questions(&fake), asked);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn an_address_with_several_or_no_matches_is_refused_and_so_without_a_geocoder(db: PgPool) {
    import_rotterdam(&db).await;
    let fake = FakePdok::start().await;

    let err = import_error(
        places::run(&db, &fixture("adressen-fouten.csv"), &opts(Some(&fake))).await.unwrap_err(),
    );
    assert_eq!(err.problems.len(), 2, "{err}");
    let several = problem(&err, 2);
    assert!(
        several.contains(
            "Het adres \"Gouvernestraat 1 3014 PM\" past bij meer dan één adres: \
                          \"Gouvernestraat 10, 3014PM Rotterdam\"; \
                          \"Gouvernestraat 10A, 3014PM Rotterdam\""
        ),
        "{several}"
    );
    assert!(problem(&err, 3).contains("Het adres \"Onbekendeweg 5 3000 AA\" is niet gevonden"));
    assert_eq!(count(&db).await, 0, "the found row 4 was rolled back too");

    // Without a geocoder every such row is refused, naming its line.
    let bytes = std::fs::read(fixture("adressen-2026q1.csv")).unwrap();
    let outcome = places::run_bytes(&db, "adressen.csv", bytes, &opts(None)).await.unwrap();
    let lines: Vec<_> = outcome.problems.iter().map(|p| p.location.clone()).collect();
    assert_eq!(lines, [Location::Line(2), Location::Line(3), Location::Line(4)]);
    assert!(
        outcome.problems[0].reason.contains(
            "Deze rij heeft een adres (\"Gaffelstraat 12 3014 GA\") maar geen coördinaten, en er \
             is geen geocoder ingesteld"
        ),
        "{}",
        outcome.problems[0].reason
    );
    assert_eq!(count(&db).await, 0);
}
