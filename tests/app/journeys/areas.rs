//! The area hierarchy on screen: a gemeente page with its wijken, a wijk
//! page with its buurten, a buurt page with its places.

use sqlx::PgPool;

use crate::helpers::spawn_app;
use crate::public::{insert, place, rotterdam};

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn gemeente_wijk_and_buurt_each_have_a_page(db: PgPool) {
    rotterdam(&db).await;
    insert(&db, place("De Huiskamer van Oude Westen")).await;
    let mut cool = place("Koffie in Cool");
    cool.point = Some((4.07, 51.95));
    insert(&db, cool).await;

    let app = spawn_app(db).await;
    let page = app.page("/wijken/GM0599").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.text("h1"), "Rotterdam");
    assert_eq!(page.texts("#cap-wijken ~ tbody th[scope=row]"), ["Centrum", "Noord"]);
    assert_eq!(page.attr("#cap-wijken ~ tbody th a", "href").as_deref(), Some("/wijken/WK059901"));
    assert_eq!(page.text("#cap-total ~ tbody td[data-col=totaal] .count"), "2");
    assert_eq!(
        page.attr("#kaart", "data-outlines-url").as_deref(),
        Some("/api/wijken.geojson?gemeente=GM0599")
    );

    let wijk = app.page("/wijken/WK059901").await;
    assert_eq!(wijk.attr(".breadcrumb a + a", "href").as_deref(), Some("/wijken/GM0599"));
    assert_eq!(wijk.texts("#cap-buurten ~ tbody th[scope=row]"), ["Cool", "Oude Westen"]);
    assert_eq!(
        wijk.attr("#cap-buurten ~ tbody th a", "href").as_deref(),
        Some("/wijken/BU05990102")
    );
    assert_eq!(wijk.text("#cap-buurten ~ tbody td[data-col=inwoners]"), "2.000");

    let buurt = app.page("/wijken/BU05990101").await;
    assert_eq!(buurt.status, 200);
    assert_eq!(buurt.text("h1"), "Oude Westen");
    assert_eq!(buurt.texts(".breadcrumb a"), ["Wijken", "Rotterdam", "Centrum"]);
    assert_eq!(buurt.texts(".place-name"), ["De Huiskamer van Oude Westen"]);
    assert_eq!(buurt.text("td[data-col=inwoners]"), "3.000");
    assert_eq!(
        buurt.attr("#kaart", "data-outlines-url").as_deref(),
        Some("/api/wijken/BU05990101/grens.geojson")
    );
    let (status, outline) = app.json("/api/wijken/BU05990101/grens.geojson").await;
    assert_eq!(status, 200);
    assert_eq!(outline["features"][0]["properties"]["url"], "/wijken/BU05990101");

    let place_page = app.page(&buurt.attr(".place-name a", "href").unwrap()).await;
    assert_eq!(place_page.attr(".breadcrumb a + a", "href").as_deref(), Some("/wijken/BU05990101"));

    for missing in ["/wijken/GM0363", "/wijken/BU05999999", "/wijken/XX"] {
        assert_eq!(app.page(missing).await.status, 404, "{missing}");
    }
    let index = app.page("/wijken").await;
    assert_eq!(index.status, 200);
}

/// The footer's line on the sources of the areas.
fn sources(page: &crate::helpers::Page) -> String {
    page.text("footer .footer-sources")
}

async fn source_of(db: &PgPool, code: &str) -> Option<String> {
    sqlx::query_scalar("SELECT source FROM areas WHERE code = $1")
        .bind(code)
        .fetch_one(db)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn importing_areas_stores_their_source(db: PgPool) {
    use haarvaten::import::areas::{self as import_areas, AreasArgs, AreasOptions};
    let repo = |p: &str| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(p);
    let args = |file: &str, bron: Option<&str>| AreasArgs {
        file: repo(file),
        options: AreasOptions { bron: bron.map(str::to_owned), ..Default::default() },
    };
    // The Rotterdam TIR files are the city's own (also the gemeente made
    // from their union); a CBS file is CBS's map, unless --bron says else.
    import_areas::run(&db, &args("data/rotterdam/gebieden-rd.geojson", None)).await.unwrap();
    import_areas::run(&db, &args("tests/fixtures/import/bowtie.geojson", None)).await.unwrap();
    assert_eq!(source_of(&db, "GM0599").await.as_deref(), Some("Gemeente Rotterdam"));
    assert_eq!(source_of(&db, "WK059901").await.as_deref(), Some("Gemeente Rotterdam"));
    assert_eq!(source_of(&db, "GM9991").await.as_deref(), Some("CBS Wijk- en buurtkaart"));
    let own = args("tests/fixtures/import/bowtie.geojson", Some(" Gemeente Strikdas "));
    import_areas::run(&db, &own).await.unwrap();
    assert_eq!(source_of(&db, "GM9991").await.as_deref(), Some("Gemeente Strikdas"));
    // The demo names Rotterdam for its wijken and buurten.
    let mut tx = db.begin().await.unwrap();
    haarvaten::import::demo::load_into(&mut tx).await.unwrap();
    tx.commit().await.unwrap();
    let (buurten, others): (i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE level = 'buurt'),
                count(*) FILTER (WHERE code LIKE '__0599%' AND source <> 'Gemeente Rotterdam')
         FROM areas",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert!(buurten > 0);
    assert_eq!(others, 0, "every Rotterdam area of the demo names the city");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn pages_of_one_gemeente_name_the_source_of_its_areas(db: PgPool) {
    rotterdam(&db).await;
    crate::public::area(&db, "GM0363", "Amsterdam", None, [4.8, 52.3, 4.9, 52.4], None).await;
    sqlx::query("UPDATE areas SET source = 'Gemeente Rotterdam' WHERE code LIKE '__0599%'")
        .execute(&db)
        .await
        .unwrap();
    sqlx::query("UPDATE areas SET source = 'CBS Wijk- en buurtkaart 2024' WHERE code = 'GM0363'")
        .execute(&db)
        .await
        .unwrap();
    let id = insert(&db, place("De Huiskamer van Oude Westen")).await;
    let app = spawn_app(db.clone()).await;
    let rotterdam =
        "Gebieden: Gemeente Rotterdam. Aantal inwoners: CBS. Kaart: © OpenStreetMap-bijdragers.";
    for path in [
        "/wijken/GM0599".to_owned(),
        "/wijken/WK059901".to_owned(),
        "/wijken/BU05990101".to_owned(),
        format!("/plekken/{id}"),
        "/overzicht?gemeente=GM0599".to_owned(),
        "/overzicht/WK059901".to_owned(),
    ] {
        let page = app.page(&path).await;
        assert_eq!(page.status, 200, "{path}");
        assert_eq!(sources(&page), rotterdam, "{path}");
    }
    let amsterdam = app.page("/wijken/GM0363").await;
    assert!(sources(&amsterdam).starts_with("Gebieden: CBS Wijk- en buurtkaart 2024."));
    // Pages about no one gemeente name the sources in general terms.
    for path in ["/", "/wijken", "/zoeken"] {
        let line = sources(&app.page(path).await);
        assert!(
            line.starts_with("Gebieden: CBS Wijk- en buurtkaart en gemeenten"),
            "{path}: {line}"
        );
        assert!(!line.contains("Rotterdam"), "{path}: {line}");
    }
}
