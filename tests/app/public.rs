//! Public pages: home, wijken, one wijk and one place, seen as a resident.
//! Also holds the small area/place fixtures the search and API tests share.

use haarvaten::db;
use haarvaten::domain::place::{
    Initiator, PlaceFields, PlaceName, PlaceStatus, PlaceType, Precision, TargetGroup,
};
use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::spawn_app;

/// Inserts an area as a rectangle; the label point is inside it.
pub async fn area(
    db: &PgPool,
    code: &str,
    name: &str,
    parent: Option<&str>,
    rect: [f64; 4],
    inhabitants: Option<i32>,
) {
    let level = match &code[..2] {
        "GM" => "gemeente",
        "WK" => "wijk",
        _ => "buurt",
    };
    sqlx::query(
        "INSERT INTO areas (code, level, name, parent_code, geom, label_point, inhabitants)
         SELECT $1, $2, $3, $4, g, ST_PointOnSurface(g), $9
         FROM (SELECT ST_Multi(ST_MakeEnvelope($5, $6, $7, $8, 4326)) AS g) s",
    )
    .bind(code)
    .bind(level)
    .bind(name)
    .bind(parent)
    .bind(rect[0])
    .bind(rect[1])
    .bind(rect[2])
    .bind(rect[3])
    .bind(inhabitants)
    .execute(db)
    .await
    .expect("insert area");
}

/// A small Rotterdam: wijk Centrum (5,000 inhabitants, two buurten) and
/// wijk Noord (population unknown, one buurt).
pub async fn rotterdam(db: &PgPool) {
    area(db, "GM0599", "Rotterdam", None, [4.0, 51.9, 4.2, 52.0], Some(7000)).await;
    area(db, "WK059901", "Centrum", Some("GM0599"), [4.0, 51.9, 4.1, 52.0], Some(5000)).await;
    area(db, "BU05990101", "Oude Westen", Some("WK059901"), [4.0, 51.9, 4.05, 52.0], Some(3000))
        .await;
    area(db, "BU05990102", "Cool", Some("WK059901"), [4.05, 51.9, 4.1, 52.0], Some(2000)).await;
    area(db, "WK059902", "Noord", Some("GM0599"), [4.1, 51.9, 4.2, 52.0], None).await;
    area(db, "BU05990201", "Agniesebuurt", Some("WK059902"), [4.1, 51.9, 4.2, 52.0], None).await;
}

/// A valid place in buurt Oude Westen with exact precision; tests change
/// what they need.
pub fn place(name: &str) -> PlaceFields {
    PlaceFields {
        name: PlaceName::parse(name).unwrap(),
        place_type: PlaceType::Huiskamer,
        category: "huiskamer".into(),
        description: String::new(),
        address: String::new(),
        postcode: String::new(),
        point: Some((4.02, 51.95)),
        precision: Precision::Exact,
        manual_area: None,
        initiator: Initiator::Bewoners,
        target_groups: vec![TargetGroup::Iedereen],
        opening_hours: String::new(),
        ground_floor: None,
        wheelchair: None,
        street_visible: None,
        no_reception: None,
        phone: String::new(),
        email: String::new(),
        website: String::new(),
        founded_year: None,
        status: PlaceStatus::Actief,
        closed_on: None,
        closing_reason: String::new(),
        last_verified: None,
        source: "test".into(),
    }
}

/// Inserts a place the way the importer does and returns its id.
pub async fn insert(db: &PgPool, fields: PlaceFields) -> Uuid {
    let id = Uuid::new_v4();
    let areas = db::places::resolve_areas(db, &fields).await.expect("query").expect("areas");
    assert!(db::places::insert(db, id, &fields, &areas).await.expect("insert place"));
    id
}

pub async fn hide(db: &PgPool, id: Uuid) {
    sqlx::query("UPDATE places SET hidden = true WHERE id = $1")
        .bind(id)
        .execute(db)
        .await
        .unwrap();
}

pub fn closed(mut f: PlaceFields) -> PlaceFields {
    f.status = PlaceStatus::Opgeheven;
    f.closed_on = chrono::NaiveDate::from_ymd_opt(2024, 5, 1);
    f.closing_reason = "Het pand is verkocht".into();
    f
}

pub fn typed(mut f: PlaceFields, t: PlaceType) -> PlaceFields {
    f.place_type = t;
    f
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn wijken_page_counts_places_per_type_and_per_thousand_inhabitants(db: PgPool) {
    rotterdam(&db).await;
    insert(&db, place("Huiskamer Een")).await;
    insert(&db, place("Huiskamer Twee")).await;
    insert(&db, typed(place("Zelfbeheer Een"), PlaceType::Zelfbeheer)).await;
    insert(&db, typed(place("Huis van de Wijk Centrum"), PlaceType::HuisVanDeWijk)).await;
    insert(&db, closed(place("Oude Huiskamer"))).await;
    let hidden = insert(&db, place("Verborgen Huiskamer")).await;
    hide(&db, hidden).await;
    let mut noord = place("Huiskamer Noord");
    noord.point = Some((4.15, 51.95));
    insert(&db, noord).await;

    let app = spawn_app(db).await;
    let page = app.page("/wijken").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.count("h1"), 1);
    assert_eq!(page.text("h1"), "Wijken");
    assert_eq!(page.text("table caption"), "Ontmoetingsplekken per wijk in Rotterdam");
    assert_eq!(page.texts("tbody th[scope=row]"), ["Centrum", "Noord"]);

    let centrum = "tbody tr:nth-child(1)";
    assert_eq!(page.text(&format!("{centrum} td[data-col=inwoners]")), "5.000");
    assert_eq!(
        page.text(&format!("{centrum} td[data-col=huiskamer]")),
        "2 0,4 per 1.000 inwoners",
        "the closed and the hidden huiskamer do not count"
    );
    assert_eq!(page.text(&format!("{centrum} td[data-col=zelfbeheer] .count")), "1");
    assert_eq!(
        page.text(&format!("{centrum} td[data-col=huis_van_de_wijk] .per-1000")),
        "0,2 per 1.000 inwoners"
    );
    assert_eq!(page.text(&format!("{centrum} td[data-col=totaal] .count")), "4");

    let noord = "tbody tr:nth-child(2)";
    assert_eq!(page.text(&format!("{noord} td[data-col=inwoners]")), "onbekend");
    assert_eq!(
        page.text(&format!("{noord} td[data-col=huiskamer]")),
        "1",
        "no ratio without population"
    );
    assert!(page.body.contains("Bron: CBS"));
    assert_eq!(page.attr("tbody th a", "href").as_deref(), Some("/wijken/WK059901"));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn wijk_page_groups_places_by_buurt_and_has_a_map_with_its_outline(db: PgPool) {
    rotterdam(&db).await;
    insert(&db, place("De Huiskamer van Oude Westen")).await;
    let mut cool = typed(place("Buurthuis Cool"), PlaceType::Zelfbeheer);
    cool.point = Some((4.07, 51.95));
    insert(&db, cool).await;
    let mut no_buurt = place("Ergens in Centrum");
    no_buurt.point = None;
    no_buurt.precision = Precision::Buurt;
    no_buurt.manual_area = haarvaten::domain::area::CbsCode::parse("WK059901");
    insert(&db, no_buurt).await;

    let app = spawn_app(db).await;
    let page = app.page("/wijken/WK059901").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.text("h1"), "Centrum");
    assert_eq!(
        page.texts(".buurt-group h3"),
        ["Cool (1)", "Oude Westen (1)", "Buurt niet bekend (1)"]
    );
    assert_eq!(page.text("#BU05990102 + ul .place-name"), "Buurthuis Cool");
    assert_eq!(page.text("td[data-col=huiskamer] .count"), "2");
    assert_eq!(page.text("td[data-col=zelfbeheer] .count"), "1");
    assert_eq!(page.text("td[data-col=inwoners]"), "5.000");

    assert_eq!(
        page.attr("#kaart", "data-outlines-url").as_deref(),
        Some("/api/wijken/WK059901/grens.geojson")
    );
    assert_eq!(
        page.attr("#kaart", "data-places-url").as_deref(),
        Some("/api/plekken.geojson?wijk=WK059901")
    );
    assert_eq!(
        page.attr("#kaart", "data-bounds").as_deref(),
        Some("4.00000,51.90000,4.10000,52.00000")
    );
    assert!(page.attr("#kaart", "hidden").is_some(), "the map waits for its script");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn unknown_or_malformed_wijk_gets_a_dutch_404(db: PgPool) {
    rotterdam(&db).await;
    let app = spawn_app(db).await;
    for path in
        ["/wijken/WK059999", "/wijken/onzin", "/wijken/BU05999999", "/wijken?gemeente=GM9999"]
    {
        let page = app.page(path).await;
        assert_eq!(page.status, 404, "{path}");
        assert_eq!(page.text("h1"), "Pagina niet gevonden", "{path}");
    }
    let page = app.page("/wijken?gemeente=Rotterdam").await;
    assert_eq!(page.status, 400);
    assert!(page.text(".error-message").contains("geen goede gemeentecode"));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn place_page_shows_every_public_field_with_opening_hours_and_json_ld(db: PgPool) {
    rotterdam(&db).await;
    let mut f = typed(place("Buurthuis De Brug"), PlaceType::HuisVanDeWijk);
    f.category = "buurthuis".into();
    f.description = "Koffie, soep en een praatje.".into();
    f.address = "Brugstraat 12".into();
    f.postcode = "3011 AB".into();
    f.opening_hours = "24/7".into();
    f.phone = "010 123 45 67".into();
    f.email = "info@debrug.nl".into();
    f.website = "https://debrug.nl".into();
    f.wheelchair = Some(true);
    f.founded_year = Some(1998);
    f.initiator = Initiator::Stichting;
    f.target_groups = vec![TargetGroup::Ouderen, TargetGroup::Nieuwkomers];
    let id = insert(&db, f).await;

    let app = spawn_app(db).await;
    let page = app.page(&format!("/plekken/{id}")).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.text("h1"), "Buurthuis De Brug");
    assert_eq!(page.text(".address"), "Brugstraat 12, 3011 AB");
    assert_eq!(page.count(".location-notice"), 0);
    assert_eq!(page.text(".place-meta .status-open"), "Nu open");
    assert_eq!(page.count("table.hours tbody tr"), 7);
    assert!(page.text("table.hours tbody tr").contains("(vandaag)"));
    assert!(page.text("table.hours tbody td").contains("00:00–24:00"));
    assert_eq!(page.attr("a[href^='tel:']", "href").as_deref(), Some("tel:0101234567"));
    assert_eq!(page.attr("a[href^='mailto:']", "href").as_deref(), Some("mailto:info@debrug.nl"));
    assert!(page.body.contains("Ouderen, Nieuwkomers"));
    assert!(page.body.contains("Toegankelijk met een rolstoel"));
    assert_eq!(page.attr(".breadcrumb a", "href").as_deref(), Some("/wijken/WK059901"));
    assert_eq!(
        page.attr("dl.facts a[href^='/wijken/BU']", "href").as_deref(),
        Some("/wijken/BU05990101")
    );

    let ld: serde_json::Value =
        serde_json::from_str(&page.text("script[type='application/ld+json']")).unwrap();
    assert_eq!(ld["name"], "Buurthuis De Brug");
    assert_eq!(ld["openingHours"], "24/7");
    assert_eq!(ld["address"]["streetAddress"], "Brugstraat 12");
    assert_eq!(ld["geo"]["longitude"], 4.02);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn closed_place_shows_its_closing_date_and_reason(db: PgPool) {
    rotterdam(&db).await;
    let mut f = closed(place("Carnissetuin"));
    f.opening_hours = "off".into();
    let id = insert(&db, f).await;
    let app = spawn_app(db).await;
    let page = app.page(&format!("/plekken/{id}")).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.text(".tag-closed"), "Gestopt");
    assert!(page.body.contains("Deze plek is gestopt op 1 mei 2024."));
    assert!(page.body.contains("Reden: Het pand is verkocht"));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn buurt_precision_place_page_never_shows_the_address_or_exact_point(db: PgPool) {
    rotterdam(&db).await;
    let mut f = place("Huiskamer bij Ans");
    f.address = "Geheimstraat 7".into();
    f.postcode = "3014 XY".into();
    f.point = Some((4.0123456, 51.9234567));
    f.precision = Precision::Buurt;
    f.source = "demo: rondvraag 2015".into();
    let id = insert(&db, f).await;

    let app = spawn_app(db).await;
    let page = app.page(&format!("/plekken/{id}")).await;
    assert_eq!(page.status, 200);
    assert_eq!(
        page.text(".location-notice"),
        "Het precieze adres is niet openbaar. De plek ligt in buurt Oude Westen."
    );
    assert!(page.body.contains("dit zijn voorbeeldgegevens"));
    for secret in ["Geheimstraat", "3014 XY", "4.01234", "51.92345"] {
        assert!(!page.body.contains(secret), "the page reveals {secret}");
    }
    let ld: serde_json::Value =
        serde_json::from_str(&page.text("script[type='application/ld+json']")).unwrap();
    assert!(ld.get("address").is_none() && ld.get("geo").is_none());
    assert_eq!(ld["containedInPlace"]["name"], "Oude Westen");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn unknown_malformed_or_hidden_place_gets_a_dutch_404(db: PgPool) {
    rotterdam(&db).await;
    let hidden = insert(&db, place("Spam")).await;
    hide(&db, hidden).await;
    let app = spawn_app(db).await;
    for path in [
        format!("/plekken/{}", Uuid::new_v4()),
        "/plekken/niet-een-id".to_owned(),
        format!("/plekken/{hidden}"),
    ] {
        let page = app.page(&path).await;
        assert_eq!(page.status, 404, "{path}");
        assert_eq!(page.text("h1"), "Pagina niet gevonden");
        assert!(!page.body.contains("Spam"));
    }
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn home_lists_places_under_a_map_and_notes_demo_data(db: PgPool) {
    rotterdam(&db).await;
    let app = spawn_app(db.clone()).await;
    let page = app.page("/").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.count(".demo-notice"), 0);
    assert_eq!(page.text("#lijst"), "0 plekken");

    let mut demo = place("Huiskamer Demo");
    demo.source = "demo: rondvraag 2015".into();
    insert(&db, demo).await;
    insert(&db, typed(place("Zelfbeheer Plek"), PlaceType::Zelfbeheer)).await;
    let page = app.page("/").await;
    assert_eq!(page.count("h1"), 1);
    assert_eq!(
        page.text(".demo-notice"),
        "De plekken op de kaart zijn bij benadering: dit zijn voorbeeldgegevens."
    );
    assert_eq!(page.text("#lijst"), "2 plekken");
    assert_eq!(page.texts(".place-list .place-name"), ["Huiskamer Demo", "Zelfbeheer Plek"]);
    assert_eq!(page.attr("#kaart", "data-places-url").as_deref(), Some("/api/plekken.geojson"));
    assert_eq!(
        page.attr("#kaart", "data-outlines-url").as_deref(),
        Some("/api/wijken.geojson?gemeente=GM0599")
    );
    assert_eq!(
        page.attr("#kaart", "data-bounds").as_deref(),
        Some("4.00000,51.90000,4.20000,52.00000")
    );
    assert_eq!(page.attr("label[for=f-q]", "for").as_deref(), Some("f-q"));
    assert_eq!(page.count("select#f-wijk optgroup[label=Rotterdam] option"), 1);
}

/// The place form says plainly what everyone sees: phone, e-mail and
/// website are public even when the address is not, and each precision
/// says what it shows. The hints are linked to their fields.
#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_place_form_says_which_fields_are_public(db: PgPool) {
    rotterdam(&db).await;
    let (bewoner, _) = crate::proposals::resident(&db).await;
    let page = bewoner.page("/plekken/nieuw").await;
    assert_eq!(page.status, 200);
    for field in ["telefoon", "email", "website"] {
        let hint = page.text(&format!("#{field}-hint"));
        assert!(hint.contains("Iedereen ziet"), "{field}: {hint}");
        assert!(hint.contains("ook als het adres niet openbaar is"), "{field}: {hint}");
        let described = page.attr(&format!("#{field}"), "aria-describedby").unwrap_or_default();
        assert!(described.split(' ').any(|id| id == format!("{field}-hint")), "{field}");
    }
    let hint = page.text("#precisie-hint");
    for shown in ["Alleen de straat\": de straat, zonder huisnummer", "Alleen de buurt\": alleen"] {
        assert!(hint.contains(shown), "{hint}");
    }
    assert!(
        page.attr("#precisie", "aria-describedby").unwrap_or_default().contains("precisie-hint")
    );
}
