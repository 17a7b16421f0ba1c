//! Who sees what of the visit log: the own wijkteam and beheerder read
//! notes (reading someone else's is audited), a wijkteam member of another
//! wijk, a resident, the gemeente and anonymous visitors get exactly what
//! the privacy rules allow. Every response body is searched for note text.

use haarvaten::db::{audit, visits};
use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::{TestApp, create_user, into_page, spawn_app};
use crate::public::{insert, place, rotterdam};
use crate::visits::{Seed, logged_in, months_ago, seed_visit, today, visit_count};

const NOTE: &str = "GEHEIME-NOTITIE-7319";
const FOLLOWUP: &str = "OPVOLG-TEKST-5521";
const PARTNER: &str = "PARTNER-ORG-8842";
const OWN: &str = "anna@wijkteam.nl";
const OWN2: &str = "bram@wijkteam.nl";
const OTHER: &str = "olga@wijkteam.nl";
const BEWONER: &str = "bea@example.nl";
const GEMEENTE: &str = "gert@rotterdam.nl";
const BEHEERDER: &str = "baas@example.nl";

struct World {
    place: Uuid,
    visit: Uuid,
}

async fn world(db: &PgPool) -> World {
    rotterdam(db).await;
    let p = insert(db, place("Huiskamer De Linde")).await;
    let anna = create_user(db, OWN, "wijkteam", &["WK059901"]).await;
    create_user(db, OWN2, "wijkteam", &["WK059901"]).await;
    create_user(db, OTHER, "wijkteam", &["WK059902"]).await;
    create_user(db, BEWONER, "bewoner", &[]).await;
    create_user(db, GEMEENTE, "gemeente", &["GM0599"]).await;
    create_user(db, BEHEERDER, "beheerder", &[]).await;
    let mut s = Seed::new(p, "WK059901", months_ago(1), anna);
    s.notes = NOTE;
    s.partners = vec![PARTNER];
    s.followup = Some((FOLLOWUP, today()));
    let visit = seed_visit(db, s).await;
    World { place: p, visit }
}

/// Every page of the visit log, plus public pages that show the place.
fn paths(w: &World) -> Vec<String> {
    vec![
        "/wijkteam".into(),
        "/wijkteam?wijk=WK059901".into(),
        format!("/wijkteam/bezoeken/{}", w.visit),
        format!("/wijkteam/plekken/{}", w.place),
        format!("/wijkteam/bezoeken/nieuw?plek={}", w.place),
        "/wijkteam/export.csv?wijk=WK059901".into(),
        "/wijkteam/cijfers".into(),
        format!("/plekken/{}", w.place),
        "/wijken/WK059901".into(),
        "/api/plekken.geojson?bbox=3.9,51.8,4.3,52.1".into(),
    ]
}

/// Status of each path, after checking no secret is in the body.
async fn statuses(app: &TestApp, w: &World, secrets: &[&str]) -> Vec<(String, u16)> {
    let mut out = Vec::new();
    for path in paths(w) {
        let response = app.get(&path).await;
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        for s in secrets {
            assert!(!body.contains(s), "{path} ({status}) shows {s}");
        }
        out.push((path, status));
    }
    out
}

fn status_of(list: &[(String, u16)], prefix: &str) -> u16 {
    list.iter().find(|(p, _)| p == prefix).map(|(_, s)| *s).unwrap()
}

const ALL_SECRETS: [&str; 4] = [NOTE, FOLLOWUP, PARTNER, OWN];

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn anonymous_visitors_are_sent_to_login_and_see_no_notes(db: PgPool) {
    let w = world(&db).await;
    let app = spawn_app(db.clone()).await;
    let got = statuses(&app, &w, &ALL_SECRETS).await;
    for (path, status) in &got {
        let expected = if path.starts_with("/wijkteam") { 303 } else { 200 };
        assert_eq!(*status, expected, "{path}");
    }
    let r = app.get("/wijkteam").await;
    assert!(r.headers()["location"].to_str().unwrap().starts_with("/inloggen?terug="));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_resident_gets_403_on_every_wijkteam_page(db: PgPool) {
    let w = world(&db).await;
    let app = logged_in(&db, BEWONER).await;
    let got = statuses(&app, &w, &ALL_SECRETS).await;
    for (path, status) in &got {
        let expected = if path.starts_with("/wijkteam") { 403 } else { 200 };
        assert_eq!(*status, expected, "{path}");
    }
    assert_eq!(app.page("/").await.count(".nav-wijkteam"), 0);
    let on = today().to_string();
    let r = app
        .post_form(
            "/wijkteam/bezoeken",
            &[("plek", &w.place.to_string()), ("datum", &on), ("doel", "anders")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 403);
    assert_eq!(visit_count(&db).await, 1);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_wijkteam_member_of_another_wijk_sees_only_their_own_wijk(db: PgPool) {
    let w = world(&db).await;
    let app = logged_in(&db, OTHER).await;
    let got = statuses(&app, &w, &[NOTE, FOLLOWUP, PARTNER, OWN]).await;
    assert_eq!(status_of(&got, "/wijkteam"), 200);
    assert_eq!(status_of(&got, "/wijkteam?wijk=WK059901"), 403);
    assert_eq!(status_of(&got, &format!("/wijkteam/bezoeken/{}", w.visit)), 403);
    assert_eq!(status_of(&got, &format!("/wijkteam/plekken/{}", w.place)), 403);
    assert_eq!(status_of(&got, &format!("/wijkteam/bezoeken/nieuw?plek={}", w.place)), 403);
    assert_eq!(status_of(&got, "/wijkteam/export.csv?wijk=WK059901"), 403);
    assert_eq!(status_of(&got, "/wijkteam/cijfers"), 200);

    // Their dashboard lists Noord only, and the figures only their wijk.
    let dash = app.page("/wijkteam").await;
    assert_eq!(dash.count("li.wt-place"), 0);
    assert_eq!(dash.attr("section.wt-wijk", "data-wijk").as_deref(), Some("WK059902"));
    let figures = app.page("/wijkteam/cijfers").await;
    assert_eq!(figures.count("tr[data-wijk]"), 1);
    assert_eq!(figures.attr("tr[data-wijk]", "data-wijk").as_deref(), Some("WK059902"));

    // Nor can they write.
    let on = today().to_string();
    let pid = w.place.to_string();
    let r = app
        .post_form("/wijkteam/bezoeken", &[("plek", &pid), ("datum", &on), ("doel", "anders")])
        .await;
    assert_eq!(r.status().as_u16(), 403);
    let r = app.post_form("/wijkteam/drempel", &[("wijk", "WK059901"), ("maanden", "3")]).await;
    assert_eq!(r.status().as_u16(), 403);
    let r = app.post_form(&format!("/wijkteam/bezoeken/{}/opvolging-klaar", w.visit), &[]).await;
    assert_eq!(r.status().as_u16(), 403);
    assert_eq!(visit_count(&db).await, 1);
    assert_eq!(visits::threshold(&db, "WK059901").await.unwrap(), 6);
    assert!(audit::by_action(&db, visits::actions::NOTES_VIEWED).await.unwrap().is_empty());
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_gemeente_sees_aggregates_but_never_a_note_or_a_name(db: PgPool) {
    let w = world(&db).await;
    let app = logged_in(&db, GEMEENTE).await;
    let got = statuses(&app, &w, &[NOTE, FOLLOWUP, PARTNER, OWN, OWN2]).await;
    for (path, status) in &got {
        let expected = match path.as_str() {
            "/wijkteam/cijfers" => 200,
            p if p.starts_with("/wijkteam") => 403,
            _ => 200,
        };
        assert_eq!(*status, expected, "{path}");
    }
    let figures = app.page("/wijkteam/cijfers").await;
    let row = figures.texts("tr[data-wijk=WK059901] td");
    // 1 place, 1 visited in 12 months, 100%, 1 visit.
    assert_eq!(row, vec!["1", "1", "100%", "1"]);
    let noord = figures.texts("tr[data-wijk=WK059902] td");
    assert_eq!(noord, vec!["0", "0", "–", "0"]);
    assert_eq!(figures.count(".wt-months tbody tr"), 1);
    assert_eq!(app.page("/").await.count(".nav-wijkteam"), 0);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_own_team_reads_notes_and_reading_someone_elses_is_audited(db: PgPool) {
    let w = world(&db).await;
    let visit_path = format!("/wijkteam/bezoeken/{}", w.visit);

    // The member who logged it: notes, no audit entry.
    let anna = logged_in(&db, OWN).await;
    let page = anna.page(&visit_path).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.text(".wt-notes"), NOTE);
    assert!(page.body.contains(FOLLOWUP) && page.body.contains(PARTNER));
    assert!(audit::by_action(&db, visits::actions::NOTES_VIEWED).await.unwrap().is_empty());
    // The dashboard and the history never show note text.
    for path in ["/wijkteam".to_owned(), format!("/wijkteam/plekken/{}", w.place)] {
        let body = anna.page(&path).await.body;
        assert!(!body.contains(NOTE), "{path}");
    }

    // A colleague who was not there: notes, and an audit entry.
    let bram = logged_in(&db, OWN2).await;
    let page = bram.page(&visit_path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(NOTE));
    let entries = audit::by_action(&db, visits::actions::NOTES_VIEWED).await.unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].actor_email.as_deref(), Some(OWN2));
    assert_eq!(entries[0].subject, format!("visit:{}", w.visit));
    assert!(!entries[0].details.to_string().contains(NOTE));

    // The beheerder: notes, audited, and the export too.
    let baas = logged_in(&db, BEHEERDER).await;
    assert!(baas.page(&visit_path).await.body.contains(NOTE));
    assert_eq!(audit::by_action(&db, visits::actions::NOTES_VIEWED).await.unwrap().len(), 2);
    let csv = baas.get("/wijkteam/export.csv?wijk=WK059901").await;
    assert_eq!(csv.status().as_u16(), 200);
    assert!(csv.text().await.unwrap().contains(NOTE));
    assert_eq!(audit::by_action(&db, visits::actions::EXPORTED).await.unwrap().len(), 1);
    // The beheerder picks a wijk; it does not log visits (rights matrix).
    assert_eq!(baas.page("/wijkteam").await.count("select#wijk"), 1);
    let dash = baas.page("/wijkteam?wijk=WK059901").await;
    assert_eq!(dash.count("li.wt-place"), 1);
    assert_eq!(dash.count("form.wt-threshold"), 0);
    let r = baas.get(&format!("/wijkteam/bezoeken/nieuw?plek={}", w.place)).await;
    assert_eq!(r.status().as_u16(), 403);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_csv_export_is_utf8_and_reads_back(db: PgPool) {
    let w = world(&db).await;
    let app = logged_in(&db, OWN).await;
    let r = app.get("/wijkteam/export.csv?wijk=WK059901").await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(r.headers()["content-disposition"].to_str().unwrap().contains("bezoeken-WK059901"));
    let body = r.bytes().await.unwrap();
    let mut reader = csv::Reader::from_reader(body.as_ref());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header[0], "bezoek_id");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    let col = |name: &str| rows[0][header.iter().position(|h| h == name).unwrap()].to_owned();
    assert_eq!(col("bezoek_id"), w.visit.to_string());
    assert_eq!(col("plek"), "Huiskamer De Linde");
    assert_eq!(col("datum"), months_ago(1).to_string());
    assert_eq!(col("doel"), "kennismaken");
    assert_eq!(col("wat_gezien"), NOTE);
    assert_eq!(col("partners"), PARTNER);
    assert_eq!(col("opvolging"), FOLLOWUP);
    assert_eq!(col("teamleden"), OWN);

    let excel = app.get("/wijkteam/export.csv?wijk=WK059901&formaat=excel").await;
    let bytes = excel.bytes().await.unwrap();
    assert!(bytes.starts_with("\u{feff}bezoek_id;datum;".as_bytes()));

    let bad = into_page(app.get("/wijkteam/export.csv?wijk=onzin").await).await;
    assert_eq!(bad.status, 400);
    let bad = app.get("/wijkteam/export.csv?wijk=WK059901&formaat=pdf").await;
    assert_eq!(bad.status().as_u16(), 400);
}

/// A beheerder has no gemeente of their own: with places in several
/// gemeenten the figures page asks which one instead of refusing.
#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_beheerder_chooses_the_gemeente_for_the_figures(db: PgPool) {
    world(&db).await;
    crate::public::area(&db, "GM0363", "Amsterdam", None, [4.8, 52.3, 5.0, 52.4], None).await;
    crate::public::area(
        &db,
        "WK036301",
        "Burgwallen",
        Some("GM0363"),
        [4.8, 52.3, 5.0, 52.4],
        None,
    )
    .await;
    let mut a = place("Huiskamer Amsterdam");
    a.point = Some((4.9, 52.35));
    insert(&db, a).await;

    let baas = logged_in(&db, BEHEERDER).await;
    let choose = baas.page("/wijkteam/cijfers").await;
    assert_eq!(choose.status, 200);
    assert_eq!(choose.texts("select#gemeente option"), ["Amsterdam", "Rotterdam"]);
    assert_eq!(choose.count("main form[action='/wijkteam/cijfers'][method=get]"), 1);

    let figures = baas.page("/wijkteam/cijfers?gemeente=GM0599").await;
    assert_eq!(figures.status, 200);
    assert_eq!(figures.texts("tr[data-wijk=WK059901] td"), vec!["1", "1", "100%", "1"]);
    // Someone with a scope never gets the choice, only their own figures.
    let gert = logged_in(&db, GEMEENTE).await;
    assert_eq!(gert.page("/wijkteam/cijfers").await.count("select#gemeente"), 0);
}
