//! What residents ran into on their journeys (issue 15), each checked as a
//! resident (or reviewer) would see it: closed places and their hours,
//! "gecontroleerd", tags and "open until", the error summary, English
//! leftovers. Tips are in [`tips`], the area pages in [`areas`].

mod accounts;
mod areas;
mod facets;
mod tips;

use chrono::{NaiveTime, Timelike};
use haarvaten::domain::place::{PlaceStatus, PlaceType};
use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::{into_page, spawn_app};
use crate::proposals::{new_place_form, post, resident, set, wijkteam};
use crate::public::{closed, insert, place, rotterdam, typed};

fn local_now() -> chrono::NaiveDateTime {
    chrono::Utc::now().with_timezone(&chrono_tz::Europe::Amsterdam).naive_local()
}

async fn last_verified(db: &PgPool, id: Uuid) -> Option<chrono::NaiveDate> {
    sqlx::query_scalar("SELECT last_verified FROM places WHERE id = $1")
        .bind(id)
        .fetch_one(db)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_closed_place_shows_no_coming_week_of_its_old_hours(db: PgPool) {
    rotterdam(&db).await;
    let mut f = closed(place("De Oude Brug"));
    f.opening_hours = "Mo-Su 09:00-17:00".into();
    let id = insert(&db, f).await;
    let mut paused = place("De Pauze");
    paused.opening_hours = "Mo-Su 09:00-17:00".into();
    paused.status = PlaceStatus::TijdelijkGesloten;
    let paused = insert(&db, paused).await;

    let app = spawn_app(db).await;
    let page = app.page(&format!("/plekken/{id}")).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.count("table.hours"), 0, "no week of hours for a stopped place");
    assert!(!page.body.contains("Open in de komende 7 dagen"));
    assert_eq!(
        page.text(".hours-stopped"),
        "Deze plek is gestopt. Er zijn geen openingstijden meer."
    );
    assert!(!page.body.contains("\"openingHours\""), "the JSON-LD drops the old hours");

    let page = app.page(&format!("/plekken/{paused}")).await;
    assert_eq!(
        page.text("table.hours caption"),
        "Gewone openingstijden. De plek is nu tijdelijk dicht."
    );
    assert_eq!(page.text(".place-meta .status-closed"), "Nu gesloten");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn never_checked_data_is_named_so_and_old_checks_are_stale(db: PgPool) {
    rotterdam(&db).await;
    let never = insert(&db, place("Nooit Gecontroleerd")).await;
    let mut old = place("Lang Geleden");
    old.last_verified = chrono::NaiveDate::from_ymd_opt(2020, 1, 1);
    let old = insert(&db, old).await;
    let mut fresh = place("Net Gecontroleerd");
    fresh.last_verified = Some(local_now().date());
    let fresh = insert(&db, fresh).await;

    let app = spawn_app(db).await;
    let page = app.page(&format!("/plekken/{never}")).await;
    assert!(page.text(".verification-note").starts_with("Niemand van het wijkteam"));
    assert!(!page.body.contains("meer dan een jaar"), "never checked is not 'over a year'");
    let page = app.page(&format!("/plekken/{old}")).await;
    assert!(page.text(".verification-note").contains("meer dan een jaar niet gecontroleerd"));
    let page = app.page(&format!("/plekken/{fresh}")).await;
    assert_eq!(page.count(".verification-note"), 0);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_reviewer_chooses_whether_accepting_or_closing_counts_as_checked(db: PgPool) {
    rotterdam(&db).await;
    let (bewoner, _) = resident(&db).await;
    for name in ["Gecontroleerd Voorstel", "Ongecontroleerd Voorstel"] {
        let r = post(&bewoner, "/plekken/nieuw", &new_place_form(name)).await;
        assert_eq!(r.status(), 303);
    }
    let (team, _) = wijkteam(&db).await;
    let proposals: Vec<(Uuid, String)> = sqlx::query_as(
        "SELECT id, input->>'naam' FROM place_proposals WHERE status = 'open' ORDER BY 2",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    let detail = team.page(&format!("/beoordelen/{}", proposals[0].0)).await;
    assert_eq!(detail.count("input[type=checkbox][name=gecontroleerd]:not([checked])"), 1);
    assert_eq!(
        detail.text("label[for=gecontroleerd]"),
        "Ik heb de gegevens van deze plek gecontroleerd"
    );
    for (id, name) in &proposals {
        let checked = if name.starts_with("Gecontroleerd") { "1" } else { "" };
        let path = format!("/beoordelen/{id}/accepteren");
        let r = team.post_form(&path, &[("gecontroleerd", checked)]).await;
        assert_eq!(r.status(), 303, "{name}");
    }
    let id_of = |name: &'static str| {
        let db = db.clone();
        async move {
            sqlx::query_scalar::<_, Uuid>("SELECT id FROM places WHERE name = $1")
                .bind(name)
                .fetch_one(&db)
                .await
                .unwrap()
        }
    };
    let checked = id_of("Gecontroleerd Voorstel").await;
    let unchecked = id_of("Ongecontroleerd Voorstel").await;
    assert_eq!(last_verified(&db, checked).await, Some(local_now().date()));
    assert_eq!(last_verified(&db, unchecked).await, None);
    let page = team.page(&format!("/plekken/{checked}")).await;
    assert_eq!(page.count(".verification-note"), 0, "approved and checked today: no note");

    // Closing, checked: the verified date is today as well.
    let form = team.page(&format!("/plekken/{unchecked}/opheffen")).await;
    let version = form.attr("input[name=versie]", "value").unwrap();
    assert_eq!(form.count("input[name=gecontroleerd]"), 1);
    let fields = [
        ("versie", version.as_str()),
        ("opgeheven_op", "2026-11-30"),
        ("reden_opheffing", "De vrijwilligers stoppen"),
        ("gecontroleerd", "1"),
    ];
    let r = team.post_form(&format!("/plekken/{unchecked}/opheffen"), &fields).await;
    assert_eq!(r.status(), 303);
    assert_eq!(last_verified(&db, unchecked).await, Some(local_now().date()));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn tags_status_and_filters_do_not_repeat_or_contradict_themselves(db: PgPool) {
    rotterdam(&db).await;
    let mut f = place("Huiskamer Zonder Uren");
    f.opening_hours = "Mo-Su 00:00-00:01".into();
    let id = insert(&db, f).await;
    let mut tuin = typed(place("De Tuin"), PlaceType::Zelfbeheer);
    tuin.category = "wijktuin".into();
    insert(&db, tuin).await;

    let app = spawn_app(db).await;
    let page = app.page(&format!("/plekken/{id}")).await;
    assert_eq!(page.texts(".place-meta .tag"), ["Huiskamer"], "type and category are one word");
    let status: Vec<String> = page.texts("dl.facts dt, dl.facts dd");
    let at = status.iter().position(|t| t == "Status").unwrap();
    assert_eq!(status[at + 1], "Actief", "not 'Open' next to 'Nu gesloten'");

    let home = app.page("/").await;
    let tags = home.texts(".place-item .place-meta");
    assert!(tags.iter().any(|t| t.starts_with("Buurthuis in zelfbeheer Wijktuin")), "{tags:?}");
    assert!(tags.iter().all(|t| !t.contains("Huiskamer Huiskamer")), "{tags:?}");
    let options = home.texts("#f-doelgroep option");
    assert_eq!(options[0], "Alle groepen");
    assert!(options.iter().any(|o| o.starts_with("Iedereen (")), "{options:?}");
    assert_eq!(options.iter().filter(|o| o.contains("edereen")).count(), 1, "{options:?}");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_list_and_the_place_say_until_when_it_is_open_and_when_it_opens(db: PgPool) {
    let now = local_now();
    // Near midnight the hours below would not lie ahead; nothing to say.
    if now.time() >= NaiveTime::from_hms_opt(23, 0, 0).unwrap() {
        return;
    }
    rotterdam(&db).await;
    let mut open = place("Open Tot Laat");
    open.opening_hours = "Mo-Su 00:00-23:30".into();
    let open = insert(&db, open).await;
    let mut later = place("Later Open");
    later.opening_hours = "Mo-Su 23:40-23:50".into();
    insert(&db, later).await;

    let app = spawn_app(db).await;
    let home = app.page("/").await;
    let items = home.texts(".place-item");
    let line = |name: &str| items.iter().find(|t| t.contains(name)).cloned().unwrap_or_default();
    assert!(line("Open Tot Laat").contains("Nu open tot 23:30"), "{items:?}");
    assert!(line("Later Open").contains("Nu gesloten gaat om 23:40 open"), "{items:?}");
    let page = app.page(&format!("/plekken/{open}")).await;
    assert_eq!(page.text(".place-meta .next-change"), "tot 23:30");
    assert!(now.hour() < 24);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_error_summary_names_each_field(db: PgPool) {
    rotterdam(&db).await;
    let (bewoner, _) = resident(&db).await;
    let mut form = new_place_form("");
    for field in ["type", "categorie", "initiatiefnemer"] {
        set(&mut form, field, "");
    }
    let page = into_page(post(&bewoner, "/plekken/nieuw", &form).await).await;
    assert_eq!(page.status, 422);
    let summary = page.texts(".error-summary li");
    assert!(summary.contains(&"Naam: Vul dit veld in.".to_owned()), "{summary:?}");
    assert!(summary.iter().any(|s| s.starts_with("Soort plek: ")), "{summary:?}");
    assert!(summary.iter().any(|s| s.starts_with("Categorie: ")), "{summary:?}");
    assert!(summary.iter().any(|s| s.starts_with("Wie is de plek begonnen?: ")), "{summary:?}");
    let distinct: std::collections::BTreeSet<_> = summary.iter().collect();
    assert_eq!(distinct.len(), summary.len(), "no line twice: {summary:?}");
    // Next to the field, the message alone.
    assert_eq!(page.text("#naam-error"), "Vul dit veld in.");
    assert_eq!(page.attr(".error-summary li a", "href").as_deref(), Some("#naam"));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_english_site_has_no_dutch_leftovers(db: PgPool) {
    rotterdam(&db).await;
    let id = insert(&db, place("De Brug")).await;
    let (team, _) = wijkteam(&db).await;
    let edit = team.page(&format!("/plekken/{id}/bewerken")).await;
    let mut fields = crate::proposals::edit_fields_of(&edit);
    set(&mut fields, "omschrijving", "Nieuwe tekst");
    fields.push(("versie", "1".into()));
    assert_eq!(post(&team, &format!("/plekken/{id}/bewerken"), &fields).await.status(), 303);
    // Restoring asks first; its page carries the version the form started from.
    let confirm = team.page(&format!("/plekken/{id}/geschiedenis/1/terugzetten")).await;
    let version = confirm.attr("input[name=versie]", "value").unwrap();
    let r = team
        .post_form(&format!("/plekken/{id}/geschiedenis/1/terugzetten"), &[("versie", &version)])
        .await;
    assert_eq!(r.status(), 303);

    team.get("/taal/en?terug=/").await;
    let home = team.page("/").await;
    assert_eq!(
        home.attr("#kaart", "data-tile-attribution").as_deref(),
        Some("© OpenStreetMap contributors")
    );
    assert!(home.texts("nav a").contains(&"Districts".to_owned()));
    assert_eq!(team.page("/wijken").await.text("h1"), "Districts");
    let history = team.page(&format!("/plekken/{id}/geschiedenis")).await;
    assert!(history.body.contains("version 1 restored"), "{}", history.text("main"));
    assert!(!history.body.contains("versie 1"));

    team.get("/taal/nl?terug=/").await;
    let home = team.page("/").await;
    assert_eq!(
        home.attr("#kaart", "data-tile-attribution").as_deref(),
        Some("© OpenStreetMap-bijdragers")
    );
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn opening_hours_can_be_given_per_day_without_osm_syntax(db: PgPool) {
    rotterdam(&db).await;
    let (bewoner, _) = resident(&db).await;
    let form = bewoner.page("/plekken/nieuw").await;
    assert_eq!(form.count("#dagen input[type=checkbox]"), 7);
    assert_eq!(form.text("label[for=dag-di-open]"), "Dinsdag open");
    let mut fields = new_place_form("Per Dag");
    set(&mut fields, "openingstijden", "");
    for (k, v) in [
        ("dagen", "1"),
        ("openingstijden_was", ""),
        ("dag-di-open", "1"),
        ("dag-di-van-1", "9"),
        ("dag-di-tot-1", "12"),
        ("dag-di-van-2", "13.00"),
        ("dag-di-tot-2", "17:00"),
        ("dag-wo-open", "1"),
        ("dag-wo-van-1", "9"),
        ("dag-wo-tot-1", "12"),
    ] {
        fields.push((k, v.to_owned()));
    }
    // A wrong time: the form again, the message by the days, nothing stored.
    let mut wrong = fields.clone();
    set(&mut wrong, "dag-wo-tot-1", "middag");
    let page = into_page(post(&bewoner, "/plekken/nieuw", &wrong).await).await;
    assert_eq!(page.status, 422);
    assert!(page.text("#dagen-error").contains("een tijd klopt niet"));
    assert_eq!(page.attr("#dag-wo-tot-1", "value").as_deref(), Some("middag"));
    assert_eq!(page.count("#dag-di-open[checked]"), 1);
    let n: i64 =
        sqlx::query_scalar("SELECT count(*) FROM place_proposals").fetch_one(&db).await.unwrap();
    assert_eq!(n, 0);

    let r = post(&bewoner, "/plekken/nieuw", &fields).await;
    assert_eq!(r.status(), 303);
    let hours: String = sqlx::query_scalar("SELECT input->>'openingstijden' FROM place_proposals")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(hours, "Tu 09:00-12:00,13:00-17:00; We 09:00-12:00");

    // The expert field wins when it was changed.
    let mut expert = new_place_form("Met OSM");
    set(&mut expert, "openingstijden", "Sa 10:00-12:00");
    expert.push(("dagen", "1".into()));
    expert.push(("openingstijden_was", String::new()));
    assert_eq!(post(&bewoner, "/plekken/nieuw", &expert).await.status(), 303);
    let hours: String = sqlx::query_scalar(
        "SELECT input->>'openingstijden' FROM place_proposals WHERE input->>'naam' = 'Met OSM'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(hours, "Sa 10:00-12:00");

    // An edit form shows stored simple hours per day; complex ones only as text.
    let simple = {
        let mut f = place("Eenvoudig");
        f.opening_hours = "Mo-Fr 09:00-17:00".into();
        insert(&db, f).await
    };
    let page = bewoner.page(&format!("/plekken/{simple}/bewerken")).await;
    assert_eq!(page.count("#dag-vr-open[checked]"), 1);
    assert_eq!(page.attr("#dag-ma-van-1", "value").as_deref(), Some("09:00"));
    let complex = {
        let mut f = place("Ingewikkeld");
        f.opening_hours = "Mo-Fr 09:00-17:00; PH off".into();
        insert(&db, f).await
    };
    let page = bewoner.page(&format!("/plekken/{complex}/bewerken")).await;
    assert_eq!(page.count("#dagen"), 0);
    assert_eq!(page.count(".week-too-complex"), 1);
    assert_eq!(page.count("details.expert-hours[open]"), 1);
}
