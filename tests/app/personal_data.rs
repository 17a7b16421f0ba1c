//! No person's e-mail address reaches a public page or API response: the
//! history of a place edited by residents and staff names roles ("een
//! bewoner", "wijkteam Centrum"), and only reviewers of the wijk see who.

use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::{TestApp, spawn_app};
use crate::proposals::{edit_fields_of, new_place_form, post, resident, set, signed_in, wijkteam};
use crate::public::rotterdam;

const PEOPLE: &[&str] = &["bewoner@example.nl", "wijkteam@example.nl", "gemeente@example.nl"];

/// A place proposed by a resident, accepted by the wijkteam, then edited by
/// the resident (accepted again) and by the gemeente directly; plus a tip.
async fn place_edited_by_people(db: &PgPool) -> Uuid {
    let (bewoner, _) = resident(db).await;
    let (team, _) = wijkteam(db).await;
    let (gemeente, _) = signed_in(db, PEOPLE[2], "gemeente", &["GM0599"]).await;
    let mut form = new_place_form("Huiskamer De Zeef");
    set(&mut form, "email", "");
    assert_eq!(post(&bewoner, "/plekken/nieuw", &form).await.status(), 303);
    accept_oldest(&team, db).await;
    let id: Uuid = sqlx::query_scalar("SELECT id FROM places").fetch_one(db).await.unwrap();
    let path = format!("/plekken/{id}/bewerken");
    let mut edit = edit_fields_of(&bewoner.page(&path).await);
    set(&mut edit, "omschrijving", "Soep op vrijdag.");
    edit.push(("versie", "1".into()));
    assert_eq!(post(&bewoner, &path, &edit).await.status(), 303);
    accept_oldest(&team, db).await;
    let mut edit = edit_fields_of(&gemeente.page(&path).await);
    set(&mut edit, "telefoon", "010 765 43 21");
    edit.push(("versie", "2".into()));
    assert_eq!(post(&gemeente, &path, &edit).await.status(), 303);
    let tip = [("soort", "tip"), ("tekst", "Ook op zaterdag open.")];
    assert_eq!(bewoner.post_form(&format!("/plekken/{id}/opmerking"), &tip).await.status(), 303);
    id
}

async fn accept_oldest(team: &TestApp, db: &PgPool) {
    let id: Uuid = sqlx::query_scalar(
        "SELECT id FROM place_proposals WHERE status = 'open' ORDER BY created_at LIMIT 1",
    )
    .fetch_one(db)
    .await
    .unwrap();
    let r = team.post_form(&format!("/beoordelen/{id}/accepteren"), &[]).await;
    assert_eq!(r.status(), 303);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn no_public_page_or_api_response_shows_an_e_mail_address(db: PgPool) {
    rotterdam(&db).await;
    let id = place_edited_by_people(&db).await;
    let versions: i32 =
        sqlx::query_scalar("SELECT version FROM places").fetch_one(&db).await.unwrap();
    assert_eq!(versions, 3, "two accepted proposals and one direct edit");

    let visitor = spawn_app(db.clone()).await;
    let paths = [
        format!("/plekken/{id}"),
        format!("/plekken/{id}/geschiedenis"),
        "/".into(),
        "/zoeken?q=zeef".into(),
        "/wijken".into(),
        "/wijken/WK059901".into(),
        "/api/plekken.geojson?bbox=3.9,51.8,4.6,52.1".into(),
        "/export/plekken.csv".into(),
        "/export/plekken.geojson".into(),
        "/export/plekken.hsds.json".into(),
    ];
    for path in &paths {
        let r = visitor.get(path).await;
        assert!(r.status().as_u16() < 500, "{path}");
        let body = r.text().await.unwrap();
        for person in PEOPLE {
            assert!(!body.contains(person), "{path} shows {person}");
        }
    }
    let history = visitor.page(&format!("/plekken/{id}/geschiedenis")).await;
    let lines = history.texts(".revision .muted");
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].contains("de gemeente"), "{lines:?}");
    assert!(lines[1].contains("een bewoner") && lines[1].contains("wijkteam Centrum"), "{lines:?}");
    assert!(lines[2].contains("een bewoner"), "{lines:?}");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn reviewers_of_the_wijk_see_who_made_a_change(db: PgPool) {
    rotterdam(&db).await;
    let id = place_edited_by_people(&db).await;
    let (team, _) = signed_in(&db, "collega@example.nl", "wijkteam", &["WK059901"]).await;
    let history = team.page(&format!("/plekken/{id}/geschiedenis")).await;
    assert!(history.body.contains("bewoner@example.nl"), "{}", history.body);
    let (other, _) = signed_in(&db, "bewoner2@example.nl", "bewoner", &[]).await;
    let history = other.page(&format!("/plekken/{id}/geschiedenis")).await;
    assert!(!history.body.contains("bewoner@example.nl"));
}
