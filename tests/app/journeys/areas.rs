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
