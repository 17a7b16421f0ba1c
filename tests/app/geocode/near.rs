//! "Zoek in de buurt van een adres of postcode", `/api/adres`, and the way
//! to a place; and the privacy crawl: no page or answer here tells the
//! exact point or address of a place that is not public to the letter.

use haarvaten::domain::place::{PlaceType, Precision};
use sqlx::PgPool;
use uuid::Uuid;

use super::{app_with_geocoder, centre};
use crate::helpers::spawn_app;
use crate::public::{insert, place, typed};

struct Places {
    thuis: Uuid,
    gaffel: Uuid,
}

/// The private huiskamer's exact point and address: in Oude Westen, a few
/// metres from postcode 3014 GA, far from the buurt's middle (4.4625, 51.9175).
const SECRET_LON: &str = "4.46610";
const SECRET_LAT: &str = "51.91710";
const SECRET_ADDRESS: &str = "Geheimstraat 3";

async fn seed(db: &PgPool) -> Places {
    centre(db).await;
    let at = |name: &str, lon: f64, lat: f64| {
        let mut f = typed(place(name), PlaceType::Zelfbeheer);
        f.point = Some((lon, lat));
        f
    };
    let gaffel = insert(db, at("Buurthuis Gaffel", 4.46602, 51.91702)).await;
    insert(db, at("Stadhuiskamer", 4.47966, 51.92271)).await;
    insert(db, at("Noorderhuis", 4.47903, 51.93201)).await;
    let mut thuis = place("Huiskamer Thuis");
    thuis.precision = Precision::Buurt;
    thuis.point = Some((SECRET_LON.parse().unwrap(), SECRET_LAT.parse().unwrap()));
    thuis.address = SECRET_ADDRESS.into();
    thuis.postcode = "3014 GA".into();
    let thuis = insert(db, thuis).await;
    Places { thuis, gaffel }
}

/// What must never be in a public answer.
fn assert_no_secret(what: &str, body: &str) {
    for secret in [SECRET_LON, SECRET_LAT, "4.4661", "51.9171", SECRET_ADDRESS] {
        assert!(!body.contains(secret), "{what} shows {secret}");
    }
}

/// The distance of a list item in metres ("ongeveer 1,1 km …" → 1100).
fn metres(text: &str) -> f64 {
    let number: String = text
        .split_whitespace()
        .find(|w| w.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap()
        .replace('.', "")
        .replace(',', ".");
    let n: f64 = number.parse().unwrap();
    if text.contains(" km") { n * 1000.0 } else { n }
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn places_near_a_postcode_are_listed_by_distance_with_metres(db: PgPool) {
    seed(&db).await;
    let (app, _fake) = app_with_geocoder(db).await;
    let page = app.page("/in-de-buurt?adres=3014+GA").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.text("h1"), "Plekken in de buurt van Gaffelstraat, 3014GA Rotterdam");
    assert_eq!(
        page.texts(".near-list .place-name"),
        ["Buurthuis Gaffel", "Huiskamer Thuis", "Stadhuiskamer", "Noorderhuis"]
    );
    let distances = page.texts(".near-list .place-distance");
    assert_eq!(distances[0], "20 m hemelsbreed");
    // The private place is measured to the middle of its buurt.
    assert!(distances[1].starts_with("ongeveer "), "{}", distances[1]);
    assert!(metres(&distances[1]) > 200.0, "{}", distances[1]);
    assert_eq!(distances[2], "1,1 km hemelsbreed");
    let m: Vec<f64> = distances.iter().map(|d| metres(d)).collect();
    assert!(m.windows(2).all(|w| w[0] <= w[1]), "{m:?}");
    // The map opens around the origin; the typed text stays in the field.
    assert!(!page.attr("[data-map]", "data-bounds").unwrap().is_empty());
    assert_eq!(page.attr("#n-adres", "value").as_deref(), Some("3014 GA"));
    // Other things "3014 GA" could mean, as links that keep the point.
    let alternative = page.attr(".near-alternatives a", "href").unwrap();
    assert!(alternative.starts_with("/in-de-buurt?adres=Gaffelstraat+12"), "{alternative}");

    // A filter narrows the list; the browser's location works the same way.
    let page = app.page("/in-de-buurt?lon=4.47966&lat=51.92271&type=huiskamer").await;
    assert_eq!(page.text("h1"), "Plekken in de buurt van uw locatie");
    assert_eq!(page.texts(".near-list .place-name"), ["Huiskamer Thuis"]);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn an_unknown_address_or_no_geocoder_says_so_next_to_the_field(db: PgPool) {
    seed(&db).await;
    let (app, _fake) = app_with_geocoder(db.clone()).await;
    let page = app.page("/in-de-buurt?adres=Nergensweg+99").await;
    assert_eq!(page.status, 422);
    assert!(page.text("#n-adres-error").contains("niet"), "{}", page.text("#n-adres-error"));
    assert_eq!(page.attr("#n-adres", "aria-invalid").as_deref(), Some("true"));
    assert_eq!(page.attr("#n-adres", "value").as_deref(), Some("Nergensweg 99"));
    assert_eq!(page.count(".near-list"), 0);
    assert_eq!(app.page("/in-de-buurt?lon=4.4&lat=99").await.status, 400);

    let off = spawn_app(db).await;
    let page = off.page("/in-de-buurt?adres=3014+GA").await;
    assert_eq!(page.status, 503);
    assert!(page.text("#n-adres-error").contains("later"));
    let (status, json) = off.json("/api/adres?q=gouverne").await;
    assert_eq!(status, 200);
    assert_eq!(json["beschikbaar"], false);
    // Home and search offer the near search.
    assert_eq!(
        off.page("/").await.attr("form.near-form", "action").as_deref(),
        Some("/in-de-buurt")
    );
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn address_suggestions_come_from_the_app_itself(db: PgPool) {
    let (app, fake) = app_with_geocoder(db).await;
    let (status, json) = app.json("/api/adres?q=gouverne").await;
    assert_eq!(status, 200);
    assert_eq!(json["beschikbaar"], true);
    let first = &json["adressen"][0];
    assert_eq!(first["label"], "Gouvernestraat 10, 3014PM Rotterdam");
    assert_eq!(first["adres"], "Gouvernestraat 10");
    assert_eq!(first["postcode"], "3014 PM");
    assert_eq!(first["lon"], 4.46411);
    // Two letters ask nobody.
    let (_, short) = app.json("/api/adres?q=go").await;
    assert_eq!(short["adressen"].as_array().unwrap().len(), 0);
    assert_eq!(fake.hits(), ["suggest gouverne"]);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_public_place_shows_map_and_directions_a_private_one_the_way_to_ask(db: PgPool) {
    let p = seed(&db).await;
    let (app, _fake) = app_with_geocoder(db).await;
    let page = app.page(&format!("/plekken/{}", p.gaffel)).await;
    assert_eq!(page.attr("[data-place-map]", "data-lat").as_deref(), Some("51.917020"));
    let links =
        page.attr(".directions a[href^=\"https://www.openstreetmap.org/directions\"]", "href");
    assert!(links.unwrap().contains("51.917020%2C4.466020"));
    assert_eq!(
        page.attr(".directions a[href^=\"geo:\"]", "href").as_deref(),
        Some("geo:51.917020,4.466020")
    );
    assert!(page.body.contains("/static/js/place-map.js"));

    let page = app.page(&format!("/plekken/{}", p.thuis)).await;
    assert_eq!(page.count("[data-place-map]"), 0);
    assert_eq!(page.count(".directions"), 0);
    assert!(page.text(".getting-there").contains("in de buurt van Oude Westen"));
    assert_eq!(page.attr(".getting-there a", "href").as_deref(), Some("#contact"));
    // The link lands on the ways to reach the place.
    assert_eq!(page.count("#contact"), 1);
    assert!(page.attr("#contact ~ .place-reach a.reach-message", "href").is_some());
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn crawl_no_exact_point_of_a_private_place_leaks_through_addresses_or_near_search(
    db: PgPool,
) {
    let p = seed(&db).await;
    let (app, _fake) = app_with_geocoder(db).await;
    let paths = [
        "/in-de-buurt?adres=3014+GA".to_owned(),
        "/in-de-buurt?adres=Gaffelstraat+12+3014GA".to_owned(),
        format!("/in-de-buurt?lon={SECRET_LON}&lat={SECRET_LAT}"),
        format!("/in-de-buurt?lon={SECRET_LON}&lat={SECRET_LAT}&type=huiskamer"),
        "/api/adres?q=3014+GA".to_owned(),
        "/api/adres?q=gaffel".to_owned(),
        "/api/adres?q=Geheimstraat+3".to_owned(),
        "/api/adres?q=Huiskamer+Thuis".to_owned(),
        format!("/plekken/{}", p.thuis),
        "/".to_owned(),
        "/zoeken?q=huiskamer".to_owned(),
    ];
    for path in &paths {
        let response = app.get(path).await;
        let body = response.text().await.unwrap();
        // The language link repeats the request's own URL.
        let echoed: String = form_urlencoded::byte_serialize(path.as_bytes()).collect();
        let body = body.replace(&echoed, "");
        assert_no_secret(path, &body);
        assert!(!path.starts_with("/api/adres") || !body.contains("Huiskamer Thuis"), "{path}");
    }
    // Even at its exact point, the private place is as far as its buurt's middle.
    let page =
        app.page(&format!("/in-de-buurt?lon={SECRET_LON}&lat={SECRET_LAT}&type=huiskamer")).await;
    let d = page.text(".near-list .place-distance");
    assert!(metres(&d) >= 200.0, "{d}");
}
