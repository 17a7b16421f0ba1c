//! The place form finds the point (and so the buurt) from "adres +
//! postcode" on submit, without JavaScript; offers a choice when several
//! addresses fit; and goes on without a point when none does.

use scraper::Selector;
use sqlx::PgPool;

use super::{app_with_geocoder, centre};
use crate::helpers::{Page, TEST_PASSWORD, TestApp, create_user, login};
use crate::public::{insert, place};

async fn signed_in_beheerder(db: PgPool) -> (TestApp, super::FakePdok) {
    centre(&db).await;
    create_user(&db, "beheer@example.nl", "beheerder", &[]).await;
    let (app, fake) = app_with_geocoder(db).await;
    assert_eq!(login(&app, "beheer@example.nl", TEST_PASSWORD).await, 303);
    (app, fake)
}

fn new_place<'a>(name: &'a str, address: &'a str, postcode: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("naam", name),
        ("type", "zelfbeheer"),
        ("categorie", "buurthuis"),
        ("initiatiefnemer", "bewoners"),
        ("precisie", "exact"),
        ("buurt", ""),
        ("adres", address),
        ("postcode", postcode),
        ("lon", ""),
        ("lat", ""),
    ]
}

#[derive(Debug, PartialEq, sqlx::FromRow)]
struct Stored {
    lon: Option<f64>,
    lat: Option<f64>,
    buurt: Option<String>,
    address: String,
    postcode: String,
}

async fn stored(db: &PgPool, name: &str) -> Option<Stored> {
    sqlx::query_as(
        "SELECT ST_X(location) AS lon, ST_Y(location) AS lat, buurt_code AS buurt, address, postcode
         FROM places WHERE name = $1",
    )
    .bind(name)
    .fetch_optional(db)
    .await
    .unwrap()
}

/// Every field of the page's place form with its current value.
fn form_values(page: &Page) -> Vec<(String, String)> {
    let sel =
        Selector::parse("form.place-form input, form.place-form select, form.place-form textarea")
            .unwrap();
    let option = Selector::parse("option[selected]").unwrap();
    let mut out = Vec::new();
    for el in page.html.select(&sel) {
        let v = el.value();
        let Some(name) = v.attr("name") else { continue };
        match (v.name(), v.attr("type")) {
            ("input", Some("checkbox" | "radio")) if v.attr("checked").is_none() => {}
            ("input", _) => out.push((name.to_owned(), v.attr("value").unwrap_or("").to_owned())),
            ("select", _) => {
                let chosen = el.select(&option).next().and_then(|o| o.value().attr("value"));
                out.push((name.to_owned(), chosen.unwrap_or("").to_owned()));
            }
            _ => out.push((name.to_owned(), el.text().collect())),
        }
    }
    out
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn address_and_postcode_give_the_point_and_the_buurt(db: PgPool) {
    let (app, _fake) = signed_in_beheerder(db.clone()).await;
    let response = app
        .post_form("/plekken/nieuw", &new_place("Stadhuiskamer", "Coolsingel 40", "3011ad"))
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        stored(&db, "Stadhuiskamer").await.unwrap(),
        Stored {
            lon: Some(4.47966),
            lat: Some(51.92271),
            buurt: Some("BU05990112".into()),
            address: "Coolsingel 40".into(),
            postcode: "3011 AD".into(),
        }
    );

    // Postcode and house number are enough; the street is filled in.
    let response = app.post_form("/plekken/nieuw", &new_place("Gaffelhuis", "12", "3014 GA")).await;
    assert_eq!(response.status(), 303);
    let gaffel = stored(&db, "Gaffelhuis").await.unwrap();
    assert_eq!(gaffel.address, "Gaffelstraat 12");
    assert_eq!(gaffel.buurt.as_deref(), Some("BU05990111"));

    // A point typed by staff wins over the address.
    let mut typed = new_place("Eigen Punt", "Coolsingel 40", "3011 AD");
    typed.retain(|(k, _)| *k != "lon" && *k != "lat");
    typed.extend([("lon", "4.4800"), ("lat", "51.9350")]);
    assert_eq!(app.post_form("/plekken/nieuw", &typed).await.status(), 303);
    let own = stored(&db, "Eigen Punt").await.unwrap();
    assert_eq!(
        (own.lon, own.lat, own.buurt.as_deref()),
        (Some(4.48), Some(51.935), Some("BU05991612"))
    );
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn several_addresses_are_offered_as_a_choice_and_nothing_is_saved_until_chosen(db: PgPool) {
    let (app, _fake) = signed_in_beheerder(db.clone()).await;
    let fields = new_place("Gouvernehuis", "Gouvernestraat 1", "");
    let page = app.post_form_page("/plekken/nieuw", &fields).await;
    assert_eq!(page.status, 200);
    assert_eq!(
        page.texts("#adres_keuze label"),
        [
            "Gouvernestraat 10, 3014PM Rotterdam",
            "Gouvernestraat 10A, 3014PM Rotterdam",
            "Gouvernestraat 10B-2, 3014PM Rotterdam",
            "Geen van deze. Ik kies zelf de buurt of wijs de plek aan op de kaart."
        ]
    );
    assert!(page.text(".address-notice").contains("meer dan één adres"));
    assert_eq!(page.attr("#naam", "value").as_deref(), Some("Gouvernehuis"), "input is kept");
    assert_eq!(stored(&db, "Gouvernehuis").await, None);

    let choice = page.attr("#adres_keuze input[value$=\"10a\"]", "value").expect("choice");
    let mut chosen = fields.clone();
    chosen.push(("adres_keuze", choice.as_str()));
    assert_eq!(app.post_form("/plekken/nieuw", &chosen).await.status(), 303);
    let saved = stored(&db, "Gouvernehuis").await.unwrap();
    assert_eq!(saved.address, "Gouvernestraat 10A");
    assert_eq!((saved.lon, saved.lat), (Some(4.46414), Some(51.91866)));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn an_unknown_address_says_so_and_the_buurt_still_works(db: PgPool) {
    let (app, _fake) = signed_in_beheerder(db.clone()).await;
    let fields = new_place("Nergenshuis", "Nergensstraat 5", "");
    let page = app.post_form_page("/plekken/nieuw", &fields).await;
    assert_eq!(page.status, 422);
    assert!(
        page.text(".address-notice").contains("We vonden dit adres niet"),
        "{}",
        page.text(".address-notice")
    );
    assert_eq!(page.attr("#adres", "value").as_deref(), Some("Nergensstraat 5"));

    let mut with_buurt = fields.clone();
    with_buurt.retain(|(k, _)| *k != "buurt" && *k != "precisie");
    with_buurt.extend([("buurt", "BU05990111"), ("precisie", "buurt")]);
    assert_eq!(app.post_form("/plekken/nieuw", &with_buurt).await.status(), 303);
    let saved = stored(&db, "Nergenshuis").await.unwrap();
    assert_eq!((saved.lon, saved.buurt.as_deref()), (None, Some("BU05990111")));
    assert_eq!(saved.address, "Nergensstraat 5");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn on_an_edit_the_point_follows_a_changed_address(db: PgPool) {
    let mut f = place("Verhuisd Huis");
    f.address = "Coolsingel 40".into();
    f.postcode = "3011 AD".into();
    f.point = Some((4.47966, 51.92271));
    let (app, _fake) = signed_in_beheerder(db.clone()).await;
    let id = insert(&db, f).await;

    let form = app.page(&format!("/plekken/{id}/bewerken")).await;
    assert_eq!(form.status, 200);
    // The map picker opens around the place.
    assert!(!form.attr("[data-pick-location]", "data-bounds").unwrap().is_empty());
    let mut values = form_values(&form);
    for (k, v) in values.iter_mut() {
        match k.as_str() {
            "adres" => *v = "Zwart Janstraat 50".into(),
            "postcode" => *v = "3035 AV".into(),
            _ => {}
        }
    }
    let pairs: Vec<(&str, &str)> = values
        .iter()
        .filter(|(k, _)| k != "csrf_token")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let response = app.post_form(&format!("/plekken/{id}/bewerken"), &pairs).await;
    assert_eq!(response.status(), 303);
    let moved = stored(&db, "Verhuisd Huis").await.unwrap();
    assert_eq!((moved.lon, moved.lat), (Some(4.47903), Some(51.93201)));
    assert_eq!(moved.buurt.as_deref(), Some("BU05991612"), "the buurt follows the point");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_map_picker_of_a_new_place_opens_on_the_users_wijk(db: PgPool) {
    centre(&db).await;
    create_user(&db, "team@example.nl", "wijkteam", &["WK059916"]).await;
    let (app, _fake) = app_with_geocoder(db).await;
    assert_eq!(login(&app, "team@example.nl", TEST_PASSWORD).await, 303);
    let form = app.page("/plekken/nieuw").await;
    assert_eq!(
        form.attr("[data-pick-location]", "data-bounds").as_deref(),
        Some("4.45500,51.93000,4.49000,51.94500")
    );
    assert_eq!(form.attr("[data-address-suggest]", "data-url").as_deref(), Some("/api/adres"));
}
