//! A POST fuzz over every form route: control characters (NUL first, which
//! PostgreSQL refuses in text and jsonb) in every field any form reads.
//! Whatever the role, the answer is a 4xx with a message or a redirect,
//! never a 5xx; and the form pages name the field.

use haarvaten::domain::place_field::PlaceField;
use sqlx::PgPool;
use uuid::Uuid;

use crate::authorization::post_routes;
use crate::proposals::{new_place_form, post, resident, signed_in, wijkteam};
use crate::public::{insert, place, rotterdam};

/// Every field name a form in the app reads (Dutch and English spellings).
fn field_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = PlaceField::ALL.iter().map(|f| f.name()).collect();
    names.extend([
        "soort",
        "tekst",
        "reden",
        "notities",
        "partners",
        "opvolging",
        "opvolging_datum",
        "volgend_bezoek",
        "datum",
        "duur",
        "doel",
        "leden",
        "plek",
        "rol",
        "role",
        "wijken",
        "gemeente",
        "email",
        "wachtwoord",
        "password",
        "password_repeat",
        "current",
        "terug",
        "wijk",
        "maanden",
    ]);
    names
}

async fn ids(db: &PgPool) -> (Uuid, Uuid, i64, Uuid) {
    let place_id = insert(db, place("De Brug")).await;
    let (bewoner, user_id) = resident(db).await;
    assert_eq!(
        post(&bewoner, "/plekken/nieuw", &new_place_form("Huiskamer Fuzz")).await.status(),
        303
    );
    let tip = [("soort", "tip"), ("tekst", "Een tip.")];
    bewoner.post_form(&format!("/plekken/{place_id}/opmerking"), &tip).await;
    let proposal: Uuid =
        sqlx::query_scalar("SELECT id FROM place_proposals").fetch_one(db).await.unwrap();
    let note: i64 =
        sqlx::query_scalar("SELECT id FROM place_annotations").fetch_one(db).await.unwrap();
    (place_id, proposal, note, user_id)
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn control_characters_in_any_field_of_any_form_never_give_a_5xx(db: PgPool) {
    rotterdam(&db).await;
    let (place_id, proposal, note, user_id) = ids(&db).await;
    let visit = Uuid::new_v4();
    let (team, _) = wijkteam(&db).await;
    let (admin, _) = signed_in(&db, "beheer@example.nl", "beheerder", &[]).await;
    let (bewoner, _) = signed_in(&db, "bewoner2@example.nl", "bewoner", &[]).await;
    let anonymous = crate::helpers::spawn_app(db.clone()).await;
    let routes = post_routes();
    assert!(routes.len() > 15, "{routes:?}");
    for value in ["x\u{0}y", "\u{0}", "a\u{1b}[31mb", "x\u{85}y", "1\u{0}"] {
        for route in &routes {
            let path = route
                .replace("/plekken/{id}", &format!("/plekken/{place_id}"))
                .replace("/beoordelen/{id}", &format!("/beoordelen/{proposal}"))
                .replace("/opmerkingen/{id}", &format!("/opmerkingen/{note}"))
                .replace("/wijkteam/bezoeken/{id}", &format!("/wijkteam/bezoeken/{visit}"))
                .replace("/beheer/gebruikers/{id}", &format!("/beheer/gebruikers/{user_id}"))
                .replace("{version}", "1");
            let mut fields: Vec<(&str, &str)> =
                field_names().into_iter().map(|name| (name, value)).collect();
            fields.push(("versie", "1"));
            for app in [&team, &admin, &bewoner, &anonymous] {
                let status = app.post_form(&path, &fields).await.status().as_u16();
                assert!(status < 500, "{path} with {value:?} gave {status}");
            }
        }
    }
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_nul_byte_in_the_place_form_is_named_next_to_its_field_and_the_input_kept(db: PgPool) {
    rotterdam(&db).await;
    let (bewoner, _) = resident(&db).await;
    let mut form = new_place_form("Huiskamer De Gaffel");
    form.retain(|(k, _)| *k != "omschrijving");
    form.push(("omschrijving", "Koffie\u{0} en thee".into()));
    let page = crate::helpers::into_page(post(&bewoner, "/plekken/nieuw", &form).await).await;
    assert_eq!(page.status, 422);
    assert!(page.text("#omschrijving-error").contains("teken dat niet kan"), "{}", page.body);
    assert_eq!(page.attr("#naam", "value").as_deref(), Some("Huiskamer De Gaffel"));
    let count: i64 =
        sqlx::query_scalar("SELECT count(*) FROM place_proposals").fetch_one(&db).await.unwrap();
    assert_eq!(count, 0);
}
