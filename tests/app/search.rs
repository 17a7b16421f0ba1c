//! Search and filters on `/zoeken`: diacritics, every filter, pagination
//! and Dutch 400s for bad values.

use haarvaten::domain::place::{PlaceType, TargetGroup};
use sqlx::PgPool;

use crate::helpers::spawn_app;
use crate::public::{area, closed, hide, insert, place, rotterdam, typed};

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn searching_cafe_without_accent_finds_the_buurtcafe(db: PgPool) {
    rotterdam(&db).await;
    let mut f = place("Buurtcafé De Hoek");
    f.category = "buurtcafe".into();
    insert(&db, f).await;
    let mut other = place("Wijktuin Zonnebloem");
    other.description = "Samen tuinieren en koffie drinken.".into();
    insert(&db, other).await;

    let app = spawn_app(db).await;
    let page = app.page("/zoeken?q=cafe").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.text("h1"), "Zoeken naar \"cafe\"");
    assert_eq!(page.texts(".place-list .place-name"), ["Buurtcafé De Hoek"]);
    assert_eq!(page.text("p[role=status]"), "We vonden 1 plek. Link naar deze zoekopdracht");

    // Words from the description count too, with prefix matching.
    let page = app.page("/zoeken?q=tuinier").await;
    assert_eq!(page.texts(".place-list .place-name"), ["Wijktuin Zonnebloem"]);
    // And an accent typed by the visitor does not matter either.
    let page = app.page("/zoeken?q=Zonnebl%C3%B6em").await;
    assert_eq!(page.texts(".place-list .place-name"), ["Wijktuin Zonnebloem"]);
    let page = app.page("/zoeken?q=bestaatniet").await;
    assert_eq!(page.count(".place-list .place-name"), 0);
    assert!(page.body.contains("We vonden geen plekken."));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn filters_on_type_wijk_and_target_group_combine(db: PgPool) {
    rotterdam(&db).await;
    insert(&db, place("Huiskamer Centrum")).await;
    let mut z = typed(place("Zelfbeheer Centrum"), PlaceType::Zelfbeheer);
    z.target_groups = vec![TargetGroup::Ouderen];
    insert(&db, z).await;
    let mut n = typed(place("Zelfbeheer Noord"), PlaceType::Zelfbeheer);
    n.point = Some((4.15, 51.95));
    n.target_groups = vec![TargetGroup::Ouderen, TargetGroup::Jongeren];
    insert(&db, n).await;

    let app = spawn_app(db).await;
    let names = |page: crate::helpers::Page| page.texts(".place-list .place-name");
    assert_eq!(
        names(app.page("/zoeken?type=zelfbeheer").await),
        ["Zelfbeheer Centrum", "Zelfbeheer Noord"]
    );
    assert_eq!(
        names(app.page("/zoeken?type=zelfbeheer&wijk=WK059902").await),
        ["Zelfbeheer Noord"]
    );
    assert_eq!(names(app.page("/zoeken?doelgroep=jongeren").await), ["Zelfbeheer Noord"]);
    assert_eq!(
        names(app.page("/zoeken?doelgroep=ouderen&wijk=WK059901").await),
        ["Zelfbeheer Centrum"]
    );
    // Empty values from a submitted form mean "no filter".
    let page = app.page("/zoeken?q=&type=&categorie=&doelgroep=&wijk=").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.count(".place-list .place-name"), 3);

    // The form shows the chosen filters again and the map gets them too.
    let page = app.page("/zoeken?type=zelfbeheer&wijk=WK059902").await;
    assert_eq!(page.attr("#f-type option[selected]", "value").as_deref(), Some("zelfbeheer"));
    assert_eq!(page.attr("#f-wijk option[selected]", "value").as_deref(), Some("WK059902"));
    assert_eq!(
        page.attr("#kaart", "data-places-url").as_deref(),
        Some("/api/plekken.geojson?type=zelfbeheer&wijk=WK059902")
    );
    assert_eq!(
        page.attr("#kaart", "data-outlines-url").as_deref(),
        Some("/api/wijken/WK059902/grens.geojson")
    );
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn open_now_keeps_only_places_that_are_open_at_this_moment(db: PgPool) {
    rotterdam(&db).await;
    let mut always = place("Altijd Open");
    always.opening_hours = "24/7".into();
    insert(&db, always).await;
    let mut never = place("Nooit Open");
    never.opening_hours = "off".into();
    insert(&db, never).await;
    insert(&db, place("Tijden Onbekend")).await;

    let app = spawn_app(db).await;
    let page = app.page("/zoeken?open_nu=1").await;
    assert_eq!(page.texts(".place-list .place-name"), ["Altijd Open"]);
    assert_eq!(page.text("#lijst"), "1 plek");
    assert!(page.attr("#f-open-nu", "checked").is_some());
    let page = app.page("/zoeken").await;
    assert_eq!(page.texts(".status-open"), ["Nu open"]);
    assert_eq!(page.texts(".status-closed"), ["Nu gesloten"]);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn closed_places_only_show_when_asked_and_hidden_ones_never(db: PgPool) {
    rotterdam(&db).await;
    insert(&db, place("Huiskamer Actief")).await;
    insert(&db, closed(place("Huiskamer Opgeheven"))).await;
    let hidden = insert(&db, place("Huiskamer Verborgen")).await;
    hide(&db, hidden).await;

    let app = spawn_app(db).await;
    let page = app.page("/zoeken?q=huiskamer").await;
    assert_eq!(page.texts(".place-list .place-name"), ["Huiskamer Actief"]);
    let page = app.page("/zoeken?q=huiskamer&opgeheven=1").await;
    assert_eq!(page.texts(".place-list .place-name"), ["Huiskamer Actief", "Huiskamer Opgeheven"]);
    assert_eq!(page.text(".tag-closed"), "Gestopt");
    let page = app.page("/zoeken?q=verborgen&opgeheven=1").await;
    assert_eq!(page.count(".place-list .place-name"), 0);
    assert!(!app.page("/").await.body.contains("Verborgen"));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn results_are_paginated_and_page_links_keep_the_filters(db: PgPool) {
    rotterdam(&db).await;
    for i in 0..25 {
        insert(&db, place(&format!("Huiskamer {i:02}"))).await;
    }
    insert(&db, typed(place("Zelfbeheer Eén"), PlaceType::Zelfbeheer)).await;

    let app = spawn_app(db).await;
    let page = app.page("/zoeken?type=huiskamer").await;
    assert_eq!(page.count(".place-list .place-name"), 20);
    assert_eq!(page.text(".place-list .place-name"), "Huiskamer 00");
    assert_eq!(page.text("#lijst"), "25 plekken");
    assert_eq!(page.count("a[rel=prev]"), 0);
    let next = page.attr("a[rel=next]", "href").unwrap();
    assert_eq!(next, "/zoeken?type=huiskamer&pagina=2");

    let page = app.page(&next).await;
    assert_eq!(page.count(".place-list .place-name"), 5);
    assert_eq!(page.text(".place-list .place-name"), "Huiskamer 20");
    assert_eq!(page.attr("a[rel=prev]", "href").as_deref(), Some("/zoeken?type=huiskamer"));
    assert_eq!(page.count("a[rel=next]"), 0);
    assert!(page.text(".pagination").contains("Pagina 2 van 2"));

    // Open-now filtering happens after the query; pages still add up.
    let page = app.page("/zoeken?type=huiskamer&open_nu=1&pagina=1").await;
    assert_eq!(page.count(".place-list .place-name"), 0);

    // Past the last page: an empty list, still the right total.
    let page = app.page("/zoeken?type=huiskamer&pagina=9").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.text("#lijst"), "25 plekken");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn bad_filter_values_get_a_400_that_says_what_is_wrong(db: PgPool) {
    rotterdam(&db).await;
    let app = spawn_app(db).await;
    let cases = [
        ("/zoeken?type=kroeg", "De soort plek \"kroeg\" kennen we niet."),
        ("/zoeken?wijk=WK12", "\"WK12\" is geen goede wijkcode."),
        ("/zoeken?wijk=BU05990101", "is geen goede wijkcode"),
        ("/zoeken?pagina=abc", "Het paginanummer \"abc\" klopt niet."),
        ("/zoeken?pagina=0", "Het paginanummer \"0\" klopt niet."),
        ("/zoeken?categorie=casino", "De categorie \"casino\" kennen we niet."),
        ("/zoeken?doelgroep=katten", "De groep \"katten\" kennen we niet."),
        ("/zoeken?open_nu=misschien", "De waarde \"misschien\" bij open_nu klopt niet."),
        ("/?type=kroeg", "kennen we niet"),
        ("/zoeken?gemeente=WK059901", "\"WK059901\" is geen goede gemeentecode."),
    ];
    for (path, message) in cases {
        let page = app.page(path).await;
        assert_eq!(page.status, 400, "{path}");
        assert_eq!(page.text("h1"), "Dit klopt niet helemaal", "{path}");
        assert!(
            page.text(".error-message").contains(message),
            "{path}: {}",
            page.text(".error-message")
        );
    }
}

/// With places in two gemeenten the form asks for a gemeente first: the
/// wijk list then holds only that gemeente's wijken, so a national list
/// page stays light. The gemeente filter narrows the list and the map data.
#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn with_several_gemeenten_the_wijk_filter_waits_for_a_gemeente(db: PgPool) {
    rotterdam(&db).await;
    area(&db, "GM0363", "Amsterdam", None, [4.8, 52.3, 5.0, 52.4], Some(9000)).await;
    area(&db, "WK036301", "Burgwallen", Some("GM0363"), [4.8, 52.3, 5.0, 52.4], None).await;
    area(&db, "BU03630101", "Kop Zeedijk", Some("WK036301"), [4.8, 52.3, 5.0, 52.4], None).await;
    insert(&db, place("Huiskamer Rotterdam")).await;
    let mut a = place("Huiskamer Amsterdam");
    a.point = Some((4.9, 52.35));
    insert(&db, a).await;

    let app = spawn_app(db).await;
    let page = app.page("/").await;
    assert_eq!(page.texts("#f-gemeente option"), ["Alle gemeenten", "Amsterdam", "Rotterdam"]);
    assert!(page.attr("#f-wijk", "disabled").is_some(), "no wijk to choose yet");
    assert_eq!(
        page.text("#f-wijk-hint"),
        "Kies eerst een gemeente en klik op Zoeken. Daarna kunt u een wijk kiezen."
    );
    assert_eq!(page.count(".place-list .place-name"), 2);

    let page = app.page("/zoeken?gemeente=GM0363").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.texts(".place-list .place-name"), ["Huiskamer Amsterdam"]);
    assert_eq!(page.attr("#f-gemeente option[selected]", "value").as_deref(), Some("GM0363"));
    assert!(page.attr("#f-wijk", "disabled").is_none());
    assert_eq!(page.texts("#f-wijk option"), ["Alle wijken", "Burgwallen"]);
    assert_eq!(
        page.attr("#kaart", "data-outlines-url").as_deref(),
        Some("/api/wijken.geojson?gemeente=GM0363")
    );

    // A chosen wijk brings the wijken of its own gemeente.
    let page = app.page("/zoeken?wijk=WK059901").await;
    assert_eq!(page.texts("#f-wijk option"), ["Alle wijken", "Centrum"]);

    let (status, json) = app.json("/api/plekken.geojson?bbox=3,50,7,54&gemeente=GM0599").await;
    assert_eq!(status, 200);
    let names: Vec<&str> = json["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Huiskamer Rotterdam"]);
}

/// Issue 15, item 3: the place type and the category are words a visitor
/// searches for ("huiskamer" in Delfshaven found one of its three
/// huiskamers), in Dutch and in English.
#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn type_and_category_labels_are_searchable_in_both_languages(db: PgPool) {
    rotterdam(&db).await;
    // A huiskamer by type only: neither its name nor its category says so.
    let mut by_type = place("De Zonnige Kamer");
    by_type.category = "anders".into();
    insert(&db, by_type).await;
    // A huiskamer by category only.
    let mut by_category = typed(place("Ons Trefpunt"), PlaceType::Zelfbeheer);
    by_category.category = "huiskamer".into();
    insert(&db, by_category).await;
    // A community garden, whose name does not say so either.
    let mut garden = typed(place("De Groene Hof"), PlaceType::HuisVanDeWijk);
    garden.category = "wijktuin".into();
    insert(&db, garden).await;

    let app = spawn_app(db).await;
    let names = |page: crate::helpers::Page| page.texts(".place-list .place-name");
    assert_eq!(names(app.page("/zoeken?q=huiskamer").await), ["De Zonnige Kamer", "Ons Trefpunt"]);
    assert_eq!(names(app.page("/zoeken?q=zelfbeheer").await), ["Ons Trefpunt"]);
    assert_eq!(names(app.page("/zoeken?q=huis+van+de+wijk").await), ["De Groene Hof"]);
    assert_eq!(names(app.page("/zoeken?q=wijktuin").await), ["De Groene Hof"]);
    // The English labels, whatever the language of the page.
    assert_eq!(
        names(app.page("/zoeken?q=living+room").await),
        ["De Zonnige Kamer", "Ons Trefpunt"]
    );
    assert_eq!(names(app.page("/zoeken?q=community+garden").await), ["De Groene Hof"]);
    assert_eq!(names(app.page("/zoeken?q=self-managed").await), ["Ons Trefpunt"]);
    // A label word still narrows with the other words.
    assert_eq!(names(app.page("/zoeken?q=huiskamer+trefpunt").await), ["Ons Trefpunt"]);
}

/// `hv_label_words` (migration 0100) writes the labels out because a
/// generated column cannot read the Fluent files; every word of every
/// type and category label, in both languages, must be in it.
#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn label_words_hold_every_translated_label(db: PgPool) {
    use haarvaten::domain::place::{CATEGORIES, category_label_key};
    use haarvaten::i18n::Lang;
    for t in PlaceType::ALL {
        for c in CATEGORIES {
            let words: String = sqlx::query_scalar("SELECT hv_label_words($1, $2)")
                .bind(t.slug())
                .bind(c)
                .fetch_one(&db)
                .await
                .unwrap();
            for lang in Lang::ALL {
                for label in [lang.t(&t.label_key()), lang.t(&category_label_key(c))] {
                    assert!(words.contains(&label), "{label:?} ({lang:?}) missing from {words:?}");
                }
            }
        }
    }
}

/// Issue 15, item 8: filters on access (ground floor, wheelchair, no
/// reception desk) and on who started the place, on the list and the map;
/// an unknown access value counts as "no".
#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn filters_on_access_and_initiator_on_the_list_and_the_map(db: PgPool) {
    use haarvaten::domain::place::Initiator;
    rotterdam(&db).await;
    let mut all = place("Alles Gelijkvloers");
    all.ground_floor = Some(true);
    all.wheelchair = Some(true);
    all.no_reception = Some(true);
    all.initiator = Initiator::Stichting;
    insert(&db, all).await;
    let mut stairs = place("Boven De Winkel");
    stairs.ground_floor = Some(false);
    stairs.wheelchair = Some(false);
    stairs.no_reception = Some(true);
    insert(&db, stairs).await;
    // Nobody said: not shown to someone who needs to know.
    insert(&db, place("Onbekend Gebouw")).await;

    let app = spawn_app(db).await;
    let names = |page: crate::helpers::Page| page.texts(".place-list .place-name");
    assert_eq!(names(app.page("/zoeken?rolstoel=1").await), ["Alles Gelijkvloers"]);
    assert_eq!(names(app.page("/zoeken?begane_grond=1").await), ["Alles Gelijkvloers"]);
    assert_eq!(
        names(app.page("/zoeken?geen_balie=1").await),
        ["Alles Gelijkvloers", "Boven De Winkel"]
    );
    assert_eq!(
        names(app.page("/zoeken?initiatief=bewoners").await),
        ["Boven De Winkel", "Onbekend Gebouw"]
    );
    assert_eq!(
        names(app.page("/zoeken?initiatief=stichting&rolstoel=1").await),
        ["Alles Gelijkvloers"]
    );

    // The form shows the choices again, the map gets them and applies them.
    let page = app.page("/zoeken?rolstoel=1&initiatief=stichting").await;
    assert_eq!(page.attr("#f-initiatief option[selected]", "value").as_deref(), Some("stichting"));
    assert!(page.attr("#f-rolstoel", "checked").is_some());
    assert!(page.attr("#f-begane-grond", "checked").is_none());
    assert_eq!(page.text("fieldset.access legend"), "Toegankelijkheid");
    let url = page.attr("#kaart", "data-places-url").unwrap();
    assert_eq!(url, "/api/plekken.geojson?initiatief=stichting&rolstoel=1");
    let (status, json) = app.json(&format!("{url}&bbox=3.9,51.8,4.3,52.1")).await;
    assert_eq!(status, 200);
    let mapped: Vec<&str> = json["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(mapped, ["Alles Gelijkvloers"]);

    // A bad value: a Dutch 400 that names it.
    let bad = app.page("/zoeken?initiatief=koning").await;
    assert_eq!(bad.status, 400);
    assert!(
        bad.body.contains("koning") && bad.body.contains("kennen we niet als begin"),
        "{}",
        bad.body
    );
    let bad = app.page("/zoeken?rolstoel=misschien").await;
    assert_eq!(bad.status, 400);
}
