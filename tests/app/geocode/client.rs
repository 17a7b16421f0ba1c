//! The production client (`geocode::Geocoder`) against the local fake:
//! answers read into candidates, the cache, and failures as errors.

use haarvaten::geocode::{GeocodeError, Geocoder};
use sqlx::PgPool;

use super::FakePdok;

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn an_address_with_postcode_is_found_with_point_and_areas(db: PgPool) {
    let fake = FakePdok::start().await;
    let geocoder = Geocoder::new(&fake.url).unwrap();
    let found = geocoder.find(&db, "Coolsingel 40 3011 AD").await.unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    let c = &found[0];
    assert_eq!(c.label, "Coolsingel 40, 3011AD Rotterdam");
    assert_eq!((c.lon, c.lat), (4.47966, 51.92271));
    assert_eq!(c.street_address().as_deref(), Some("Coolsingel 40"));
    assert_eq!(c.postcode.as_deref(), Some("3011 AD"));
    assert_eq!(c.gemeentecode.as_deref(), Some("GM0599"));
    assert_eq!(c.buurtcode.as_deref(), Some("BU05991318"));

    // Postcode and house number alone find the same kind of answer.
    let by_postcode = geocoder.find(&db, "12 3014 GA").await.unwrap();
    assert_eq!(by_postcode.len(), 1);
    assert_eq!(by_postcode[0].street_address().as_deref(), Some("Gaffelstraat 12"));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_same_question_is_answered_from_the_cache(db: PgPool) {
    let fake = FakePdok::start().await;
    let geocoder = Geocoder::new(&fake.url).unwrap();
    let first = geocoder.find(&db, "Coolsingel 40, 3011AD").await.unwrap();
    let again = geocoder.find(&db, "  coolsingel 40 3011ad ").await.unwrap();
    assert_eq!(first, again);
    let none = geocoder.find(&db, "Nergensweg 1").await.unwrap();
    assert!(none.is_empty());
    geocoder.find(&db, "Nergensweg 1").await.unwrap();
    assert_eq!(fake.hits(), ["free coolsingel 40 3011ad", "free nergensweg 1"]);
    let rows: i64 =
        sqlx::query_scalar("SELECT count(*) FROM geocode_cache").fetch_one(&db).await.unwrap();
    assert_eq!(rows, 2, "a found and an unknown address are both kept");

    // A stale answer is asked again.
    sqlx::query("UPDATE geocode_cache SET fetched_at = now() - interval '40 days'")
        .execute(&db)
        .await
        .unwrap();
    geocoder.find(&db, "Coolsingel 40 3011AD").await.unwrap();
    assert_eq!(fake.hits().len(), 3);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn suggestions_and_lookup_use_their_own_endpoints(db: PgPool) {
    let fake = FakePdok::start().await;
    let geocoder = Geocoder::new(&fake.url).unwrap();
    let suggested = geocoder.suggest(&db, "gouverne").await.unwrap();
    let labels: Vec<&str> = suggested.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Gouvernestraat 10, 3014PM Rotterdam",
            "Gouvernestraat 10A, 3014PM Rotterdam",
            "Gouvernestraat 10B-2, 3014PM Rotterdam"
        ]
    );
    let looked_up = geocoder.lookup(&db, &suggested[2].id).await.unwrap().unwrap();
    assert_eq!(looked_up.street_address().as_deref(), Some("Gouvernestraat 10B-2"));
    assert_eq!(geocoder.lookup(&db, "adr-bestaat-niet").await.unwrap(), None);
    // An id that is no id is not even asked.
    assert_eq!(geocoder.lookup(&db, "a&b=c").await.unwrap(), None);
    assert_eq!(
        fake.hits(),
        ["suggest gouverne", "lookup adr-0599-gouverne-10b", "lookup adr-bestaat-niet"]
    );
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_service_that_is_down_or_slow_is_an_error_not_a_hang(db: PgPool) {
    // Nothing listens on the discard port.
    let down = Geocoder::new("http://127.0.0.1:9/v3_1").unwrap();
    let err = down.find(&db, "Coolsingel 40").await.unwrap_err();
    assert!(matches!(err, GeocodeError::Unreachable(_)), "{err:?}");
    assert!(!err.to_string().contains("Coolsingel"), "the typed address is not in the error");

    let fake = FakePdok::start().await;
    let slow = Geocoder::new(&fake.url).unwrap();
    let started = std::time::Instant::now();
    let err = slow.find_area(&db, "traag").await.unwrap_err();
    assert!(matches!(err, GeocodeError::Timeout), "{err:?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(8));

    // An answer in another format is an error too.
    let wrong = Geocoder::new(&format!("{}/../../../../nergens", fake.url)).unwrap();
    assert!(wrong.find(&db, "Coolsingel 40").await.is_err());
}
