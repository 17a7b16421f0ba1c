//! Facet counts (issue 15, item 8): the number next to every filter choice
//! is the number of places the list shows when that choice is picked, the
//! other filters kept; hidden places are never counted.

use haarvaten::domain::place::{Initiator, PlaceType, TargetGroup};
use sqlx::PgPool;

use crate::helpers::{Page, TestApp, spawn_app};
use crate::public::{hide, insert, place, rotterdam};

/// The number in "Huiskamer (3)".
fn count_in(label: &str) -> i64 {
    let open = label.rfind('(').unwrap_or_else(|| panic!("no count in {label:?}"));
    label[open + 1..].trim_end_matches(')').replace('.', "").parse().unwrap()
}

/// The number of places the list says it shows.
fn shown(page: &Page) -> i64 {
    let title = page.text("h2#lijst");
    title.split_whitespace().find_map(|w| w.replace('.', "").parse().ok()).unwrap_or(0)
}

async fn seed(db: &PgPool) {
    rotterdam(db).await;
    let mut a = place("Huiskamer Aan de Maas");
    a.opening_hours = "24/7".into();
    a.wheelchair = Some(true);
    a.target_groups = vec![TargetGroup::Iedereen, TargetGroup::Ouderen];
    insert(db, a).await;
    let mut b = place("Buurthuis De Hoek");
    b.place_type = PlaceType::HuisVanDeWijk;
    b.category = "buurthuis".into();
    b.initiator = Initiator::Gemeente;
    b.ground_floor = Some(true);
    b.wheelchair = Some(true);
    insert(db, b).await;
    let mut c = place("Wijktuin Noord");
    c.place_type = PlaceType::Zelfbeheer;
    c.category = "wijktuin".into();
    c.point = Some((4.15, 51.95));
    c.opening_hours = "24/7".into();
    c.no_reception = Some(true);
    c.target_groups = vec![TargetGroup::Jongeren];
    insert(db, c).await;
    let mut d = place("Huiskamer Cool");
    d.point = Some((4.07, 51.95));
    d.initiator = Initiator::Stichting;
    d.wheelchair = Some(false);
    insert(db, d).await;
    let mut e = place("Verborgen Huiskamer");
    e.wheelchair = Some(true);
    e.opening_hours = "24/7".into();
    let hidden = insert(db, e).await;
    hide(db, hidden).await;
}

/// Every choice of the page at `query` against the list with that choice.
async fn check_every_choice(app: &TestApp, query: &[(&str, &str)]) -> usize {
    let url =
        |pairs: &[(&str, &str)]| format!("/zoeken?{}", serde_urlencoded::to_string(pairs).unwrap());
    let page = app.page(&url(query)).await;
    assert_eq!(page.status, 200);
    let mut checked = 0;
    for (select, name) in [
        ("#f-type", "type"),
        ("#f-categorie", "categorie"),
        ("#f-doelgroep", "doelgroep"),
        ("#f-initiatief", "initiatief"),
    ] {
        let labels = page.texts(&format!("{select} option:not([value=''])"));
        let values = page.attrs(&format!("{select} option:not([value=''])"), "value");
        assert_eq!(labels.len(), values.len());
        for (label, value) in labels.iter().zip(&values) {
            let mut pairs: Vec<(&str, &str)> =
                query.iter().filter(|(k, _)| *k != name).copied().collect();
            pairs.push((name, value));
            let with = app.page(&url(&pairs)).await;
            assert_eq!(count_in(label), shown(&with), "{label} on {} ({pairs:?})", url(query));
            checked += 1;
        }
    }
    for (id, name) in [
        ("f-begane-grond", "begane_grond"),
        ("f-rolstoel", "rolstoel"),
        ("f-geen-balie", "geen_balie"),
        ("f-open-nu", "open_nu"),
    ] {
        let label = page.text(&format!("label[for={id}]"));
        let mut pairs: Vec<(&str, &str)> =
            query.iter().filter(|(k, _)| *k != name).copied().collect();
        pairs.push((name, "1"));
        let with = app.page(&url(&pairs)).await;
        assert_eq!(count_in(&label), shown(&with), "{label} on {} ({pairs:?})", url(query));
        checked += 1;
    }
    checked
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn every_filter_choice_shows_how_many_places_picking_it_gives(db: PgPool) {
    seed(&db).await;
    let app = spawn_app(db).await;

    let home = app.page("/zoeken").await;
    assert_eq!(shown(&home), 4, "the hidden place is not in the list");
    let types = home.texts("#f-type option:not([value=''])");
    assert!(types.contains(&"Huiskamer (2)".to_owned()), "{types:?}");
    assert_eq!(home.text("label[for=f-rolstoel]"), "Met een rolstoel te bereiken (2)");
    assert!(home.text("label[for=f-open-nu]").ends_with("(2)"), "24/7 and not hidden");
    let groups = home.texts("#f-doelgroep option:not([value=''])");
    assert!(groups.contains(&"Ouderen (1)".to_owned()), "{groups:?}");

    // With other filters active, a choice list counts without its own
    // filter and a checkbox counts with itself added.
    let mut checked = 0;
    for query in [
        &[][..],
        &[("type", "huiskamer")][..],
        &[("rolstoel", "1")][..],
        &[("open_nu", "1"), ("doelgroep", "iedereen")][..],
        &[("wijk", "WK059901"), ("categorie", "huiskamer"), ("initiatief", "stichting")][..],
        &[("q", "huiskamer")][..],
    ] {
        checked += check_every_choice(&app, query).await;
    }
    assert!(checked > 100, "{checked} choices compared");
    let narrowed = app.page("/zoeken?type=huiskamer").await;
    let types = narrowed.texts("#f-type option:not([value=''])");
    assert!(types.contains(&"Huis van de Wijk (1)".to_owned()), "{types:?}");
    assert_eq!(narrowed.text("label[for=f-rolstoel]"), "Met een rolstoel te bereiken (1)");
}
