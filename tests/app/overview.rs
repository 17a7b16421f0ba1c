//! The municipal overview per wijk and per buurt, on a seeded set with
//! known answers: a wijk without a population figure, a place without a
//! location, hidden and closed places, buurten without any place.

use chrono::{Duration, NaiveDate};
use haarvaten::domain::area::CbsCode;
use haarvaten::domain::place::{PlaceType, Precision};
use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::{Page, spawn_app};
use crate::public::{area, closed, hide, insert, place, rotterdam, typed};

/// Ids of the seeded places, for the export tests.
pub struct Seeded {
    pub huiskamer: Uuid,
    pub buurthuis: Uuid,
    pub secret: Uuid,
    pub noord: Uuid,
    pub no_location: Uuid,
    pub closed_recently: Uuid,
    pub closed_long_ago: Uuid,
    pub hidden: Uuid,
}

/// The hidden address and exact point of the buurt-precision place.
pub const SECRET_ADDRESS: &str = "Geheimstraat 7";
pub const SECRET_LON: &str = "4.031234";
pub const SECRET_LAT: &str = "51.951234";

/// Rotterdam plus wijk Charlois (2,000 inhabitants, two buurten, no
/// places), and eight places:
/// - Centrum: a huiskamer (exact, with address and opening hours), a Huis
///   van de Wijk founded in 1990, a huiskamer with buurt precision and a
///   hidden address, a hidden place, and two closed places (30 days and
///   years ago, both founded in 2000).
/// - Noord (population unknown): a zelfbeheer place and one without any
///   location, in buurt Agniesebuurt.
pub async fn seed(db: &PgPool) -> Seeded {
    rotterdam(db).await;
    area(db, "WK059903", "Charlois", Some("GM0599"), [4.2, 51.9, 4.3, 52.0], Some(2000)).await;
    area(db, "BU05990301", "Tarwewijk", Some("WK059903"), [4.2, 51.9, 4.25, 52.0], Some(1200))
        .await;
    area(db, "BU05990302", "Carnisse", Some("WK059903"), [4.25, 51.9, 4.3, 52.0], Some(800)).await;

    let mut f = place("De Huiskamer");
    f.address = "Gouvernestraat 1".into();
    f.postcode = "3014 PM".into();
    f.opening_hours = "Mo,We 10:00-12:00".into();
    f.phone = "010 123 45 67".into();
    f.website = "www.dehuiskamer.nl".into();
    f.wheelchair = Some(true);
    f.ground_floor = Some(false);
    f.last_verified = NaiveDate::from_ymd_opt(2025, 1, 15);
    let huiskamer = insert(db, f).await;

    let mut f = typed(place("Buurthuis Cool"), PlaceType::HuisVanDeWijk);
    f.point = Some((4.07, 51.95));
    f.founded_year = Some(1990);
    f.address = "Coolsingel 5".into();
    let buurthuis = insert(db, f).await;

    let mut f = place("Geheime Huiskamer");
    f.point = Some((4.031234, 51.951234));
    f.precision = Precision::Buurt;
    f.address = SECRET_ADDRESS.into();
    f.postcode = "3014 XX".into();
    let secret = insert(db, f).await;

    let mut f = typed(place("Zelfbeheer Noord"), PlaceType::Zelfbeheer);
    f.point = Some((4.15, 51.95));
    f.founded_year = Some(chrono::Datelike::year(&chrono::Utc::now()));
    let noord = insert(db, f).await;

    let mut f = typed(place("Zonder Locatie"), PlaceType::Zelfbeheer);
    f.point = None;
    f.precision = Precision::Buurt;
    f.manual_area = CbsCode::parse("BU05990201");
    let no_location = insert(db, f).await;

    let today = chrono::Utc::now().date_naive();
    let mut f = closed(place("Opgeheven Plek"));
    f.closed_on = Some(today - Duration::days(30));
    f.founded_year = Some(2000);
    let closed_recently = insert(db, f).await;

    let mut f = closed(place("Oud Opgeheven"));
    f.closed_on = NaiveDate::from_ymd_opt(2020, 1, 1);
    f.founded_year = Some(2000);
    let closed_long_ago = insert(db, f).await;

    let hidden = insert(db, place("Verborgen Plek")).await;
    hide(db, hidden).await;

    Seeded {
        huiskamer,
        buurthuis,
        secret,
        noord,
        no_location,
        closed_recently,
        closed_long_ago,
        hidden,
    }
}

fn cell(page: &Page, code: &str, col: &str) -> String {
    page.text(&format!("tr[data-code='{code}'] td[data-col='{col}']"))
}

fn count(page: &Page, code: &str, col: &str) -> String {
    page.text(&format!("tr[data-code='{code}'] td[data-col='{col}'] .count"))
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn overview_counts_places_per_wijk_with_known_answers(db: PgPool) {
    seed(&db).await;
    let app = spawn_app(db).await;
    let page = app.page("/overzicht?gemeente=GM0599").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.text("h1"), "Overzicht per wijk: Rotterdam");

    // Centrum: two huiskamers (the hidden and closed ones do not count).
    assert_eq!(cell(&page, "WK059901", "inwoners"), "5.000");
    assert_eq!(count(&page, "WK059901", "huiskamer"), "2");
    assert_eq!(count(&page, "WK059901", "zelfbeheer"), "0");
    assert_eq!(count(&page, "WK059901", "huis_van_de_wijk"), "1");
    assert_eq!(count(&page, "WK059901", "totaal"), "3");
    assert!(cell(&page, "WK059901", "totaal").contains("0,6 per 1.000 inwoners"));
    assert_eq!(cell(&page, "WK059901", "hvdw"), "ja");
    assert_eq!(cell(&page, "WK059901", "lege-buurten"), "0");
    assert_eq!(cell(&page, "WK059901", "nieuw"), "2");
    assert_eq!(cell(&page, "WK059901", "opgeheven"), "1");

    // Noord: no population figure, one place without a location.
    assert_eq!(cell(&page, "WK059902", "inwoners"), "onbekend");
    assert_eq!(count(&page, "WK059902", "zelfbeheer"), "2");
    assert!(cell(&page, "WK059902", "zelfbeheer").contains("onbekend per 1.000 inwoners"));
    assert_eq!(cell(&page, "WK059902", "hvdw"), "nee");
    assert_eq!(cell(&page, "WK059902", "nieuw"), "2");
    assert!(page.text("tr[data-code='WK059902'] th").contains("1 zonder locatie"));

    // Charlois: no places, so both buurten are named as empty.
    assert_eq!(count(&page, "WK059903", "totaal"), "0");
    assert!(cell(&page, "WK059903", "totaal").contains("0,0 per 1.000"));
    assert_eq!(count(&page, "WK059903", "lege-buurten"), "2");
    assert_eq!(
        page.text("tr[data-code='WK059903'] td[data-col='lege-buurten'] .buurt-names"),
        ": Carnisse, Tarwewijk"
    );

    // The total row uses the gemeente's own population figure.
    assert_eq!(cell(&page, "GM0599", "inwoners"), "7.000");
    assert_eq!(count(&page, "GM0599", "totaal"), "5");
    assert_eq!(cell(&page, "GM0599", "nieuw"), "4");
    assert_eq!(cell(&page, "GM0599", "opgeheven"), "1");
    assert_eq!(cell(&page, "GM0599", "lege-buurten"), "2");

    assert!(!page.body.contains("Verborgen Plek"));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn an_earlier_since_date_counts_older_closings_and_openings(db: PgPool) {
    seed(&db).await;
    let app = spawn_app(db).await;
    let page = app.page("/overzicht?gemeente=GM0599&sinds=2019-01-01").await;
    assert_eq!(page.status, 200);
    assert_eq!(cell(&page, "WK059901", "opgeheven"), "2");
    // Founded in 1990 and 2000: not new since 2019.
    assert_eq!(cell(&page, "WK059901", "nieuw"), "2");
    assert_eq!(page.text("[data-meta='sinds']"), "1 januari 2019");
    assert_eq!(page.attr("input[name=sinds]", "value").as_deref(), Some("2019-01-01"));
    // 1989: the Huis van de Wijk founded in 1990 is new since then.
    let page = app.page("/overzicht?gemeente=GM0599&sinds=1989-06-01").await;
    assert_eq!(cell(&page, "WK059901", "nieuw"), "5");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn without_a_gemeente_the_overview_shows_the_one_with_places(db: PgPool) {
    seed(&db).await;
    area(&db, "GM0363", "Amsterdam", None, [4.8, 52.3, 4.9, 52.4], Some(800_000)).await;
    area(&db, "WK036301", "Burgwallen", Some("GM0363"), [4.8, 52.3, 4.9, 52.4], None).await;
    let app = spawn_app(db).await;
    let page = app.page("/overzicht").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.text("h1"), "Overzicht per wijk: Rotterdam");
    assert_eq!(page.count("select[name=gemeente] option"), 2);
    let page = app.page("/overzicht?gemeente=GM0363").await;
    assert_eq!(page.text("h1"), "Overzicht per wijk: Amsterdam");
    assert_eq!(count(&page, "WK036301", "totaal"), "0");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn wijk_overview_counts_per_buurt_and_lists_the_places(db: PgPool) {
    seed(&db).await;
    let app = spawn_app(db).await;
    let page = app.page("/overzicht/WK059901").await;
    assert_eq!(page.status, 200);
    assert_eq!(cell(&page, "BU05990101", "inwoners"), "3.000");
    assert_eq!(count(&page, "BU05990101", "huiskamer"), "2");
    assert_eq!(count(&page, "BU05990102", "huis_van_de_wijk"), "1");
    assert_eq!(cell(&page, "BU05990102", "hvdw"), "ja");
    assert_eq!(cell(&page, "BU05990101", "opgeheven"), "1");
    assert_eq!(count(&page, "WK059901", "totaal"), "3");
    let names = page.texts(".place-list .place-name");
    assert_eq!(names, vec!["Buurthuis Cool", "De Huiskamer", "Geheime Huiskamer"]);
    assert!(!page.body.contains(SECRET_ADDRESS));

    let page = app.page("/overzicht/WK059903").await;
    assert_eq!(
        page.text("[data-meta='lege-buurten']"),
        "Buurten zonder plek (2): Carnisse, Tarwewijk"
    );
    let page = app.page("/overzicht/WK059902").await;
    assert!(page.text("tr[data-code='BU05990201'] th").contains("1 zonder locatie"));
    assert_eq!(cell(&page, "BU05990201", "zelfbeheer"), "2 onbekend per 1.000 inwoners");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn overview_prints_as_a_report_with_date_source_and_filters(db: PgPool) {
    seed(&db).await;
    let app = spawn_app(db).await;
    for path in
        ["/overzicht?gemeente=GM0599&sinds=2024-03-01", "/overzicht/WK059901?sinds=2024-03-01"]
    {
        let page = app.page(path).await;
        assert_eq!(
            page.attr("link[media=print]", "href").as_deref(),
            Some("/static/css/print.css"),
            "{path}"
        );
        assert!(page.text("[data-meta='bron']").contains("Bron: CBS"));
        assert_eq!(page.text("[data-meta='sinds']"), "1 maart 2024");
        assert!(!page.text("[data-meta='datum']").is_empty());
        assert!(page.attr(".export-links a", "href").unwrap().starts_with("/export/plekken.csv?"));
    }
    let css = app.get("/static/css/print.css").await;
    assert_eq!(css.status(), 200);
    assert!(css.text().await.unwrap().contains("@page"));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn bad_overview_input_gets_a_dutch_400_and_unknown_wijken_a_404(db: PgPool) {
    seed(&db).await;
    let app = spawn_app(db).await;
    let page = app.page("/overzicht?gemeente=GM0599&sinds=morgen").await;
    assert_eq!(page.status, 400);
    assert!(page.text("main").contains("De datum"), "{}", page.text("main"));
    assert!(page.text("main").contains("morgen"));
    let page = app.page("/overzicht?sinds=2999-01-01").await;
    assert_eq!(page.status, 400);
    let page = app.page("/overzicht?gemeente=Rotterdam").await;
    assert_eq!(page.status, 400);
    assert!(page.body.contains("geen goede gemeentecode"));
    assert_eq!(app.page("/overzicht?gemeente=GM9999").await.status, 404);
    assert_eq!(app.page("/overzicht/WK999999").await.status, 404);
    assert_eq!(app.page("/overzicht/nergens").await.status, 404);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn overview_with_no_areas_says_so(db: PgPool) {
    let app = spawn_app(db).await;
    let page = app.page("/overzicht").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Er zijn nog geen wijken"));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn overview_is_in_english_on_request(db: PgPool) {
    seed(&db).await;
    let app = spawn_app(db).await;
    let response = app
        .client
        .get(app.url("/overzicht?gemeente=GM0599"))
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap();
    let page = crate::helpers::into_page(response).await;
    assert_eq!(page.text("h1"), "Overview per district: Rotterdam");
    assert_eq!(cell(&page, "WK059901", "inwoners"), "5,000");
    assert_eq!(cell(&page, "WK059902", "inwoners"), "unknown");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn gemeente_sees_visit_coverage_per_wijk_but_no_notes(db: PgPool) {
    let s = seed(&db).await;
    sqlx::query(
        "INSERT INTO visits (id, place_id, wijk_code, visited_on, purpose, notes)
         VALUES ($1, $2, 'WK059901', current_date - 10, 'kennismaken', 'Geheime notitie'),
                ($3, $2, 'WK059901', current_date - 20, 'kennismaken', 'Nog een notitie')",
    )
    .bind(Uuid::new_v4())
    .bind(s.huiskamer)
    .bind(Uuid::new_v4())
    .execute(&db)
    .await
    .unwrap();
    crate::helpers::create_user(&db, "rotterdam@example.nl", "gemeente", &["GM0599"]).await;
    let app = spawn_app(db).await;

    let page = app.page("/overzicht?gemeente=GM0599").await;
    assert_eq!(page.count("td[data-col='bezoeken']"), 0, "anonymous sees no visit figures");

    app.login("rotterdam@example.nl", crate::helpers::TEST_PASSWORD).await;
    let page = app.page("/overzicht?gemeente=GM0599").await;
    assert_eq!(
        cell(&page, "WK059901", "bezoeken"),
        "1 van 3 plekken bezocht in 12 maanden (33%), 2 bezoeken"
    );
    assert_eq!(cell(&page, "WK059903", "bezoeken"), "geen plekken");
    assert!(!page.body.contains("Geheime notitie"));
}
