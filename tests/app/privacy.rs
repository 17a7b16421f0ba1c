//! Places with `buurt` or `straat` precision never reveal their address or
//! exact point to anonymous visitors or residents, in any response; the
//! wijkteam of that wijk, the gemeente and the beheerder do see them.

use haarvaten::domain::place::Precision;
use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::{TestApp, spawn_app};
use crate::proposals::{edit_fields_of, post, resident, set, signed_in, wijkteam};
use crate::public::{insert, place, rotterdam};

const SECRET_STREET: &str = "Geheimstraat";
const SECRET_POSTCODE: &str = "3011 XZ";
/// The exact point, as stored and as the page would print it.
const SECRET_LON: &str = "4.0123456";
const SECRET_LAT: &str = "51.9234567";
const NEW_STREET: &str = "Verborgenlaan";

async fn protected_place(db: &PgPool) -> Uuid {
    let mut f = place("Huiskamer bij Ans");
    f.address = format!("{SECRET_STREET} 12");
    f.postcode = SECRET_POSTCODE.into();
    f.point = Some((4.0123456, 51.9234567));
    f.precision = Precision::Buurt;
    f.description = "Thuis bij Ans, elke woensdag.".into();
    insert(db, f).await
}

/// Every page and API response that mentions the place.
async fn bodies(app: &TestApp, id: Uuid) -> Vec<(String, String)> {
    let paths = [
        format!("/plekken/{id}"),
        format!("/plekken/{id}/geschiedenis"),
        format!("/plekken/{id}/bewerken"),
        format!("/plekken/{id}/opmerking"),
        "/".into(),
        "/zoeken?q=ans".into(),
        "/zoeken?q=ans&opgeheven=1".into(),
        "/wijken".into(),
        "/wijken/WK059901".into(),
        "/api/plekken.geojson?bbox=3.9,51.8,4.3,52.1".into(),
        "/api/plekken.geojson?bbox=4.0,51.9,4.05,51.95&wijk=WK059901".into(),
        "/export/plekken.csv".into(),
        "/export/plekken.geojson".into(),
        "/export/plekken.hsds.json".into(),
        "/mijn-voorstellen".into(),
        "/beoordelen".into(),
        "/overzicht".into(),
        "/overzicht/WK059901".into(),
    ];
    let mut out = Vec::new();
    for path in paths {
        let r = app.get(&path).await;
        let status = r.status().as_u16();
        assert!(status < 500, "{path} gave {status}");
        out.push((path, r.text().await.unwrap()));
    }
    out
}

fn assert_no_secret(bodies: &[(String, String)], who: &str) {
    for (path, body) in bodies {
        for secret in [
            SECRET_STREET,
            SECRET_POSTCODE,
            SECRET_LON,
            SECRET_LAT,
            "4.012346",
            "51.923457",
            NEW_STREET,
        ] {
            assert!(!body.contains(secret), "{who} sees {secret:?} in {path}");
        }
    }
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_hidden_address_never_appears_in_any_response_to_a_resident(db: PgPool) {
    rotterdam(&db).await;
    let id = protected_place(&db).await;
    // The wijkteam changes the address, so the history holds old and new.
    let (team, _) = wijkteam(&db).await;
    let path = format!("/plekken/{id}/bewerken");
    let mut form = edit_fields_of(&team.page(&path).await);
    assert_eq!(
        form.iter().find(|(k, _)| *k == "adres").map(|(_, v)| v.as_str()),
        Some("Geheimstraat 12")
    );
    form.push(("versie", "1".into()));
    set(&mut form, "adres", &format!("{NEW_STREET} 4"));
    assert_eq!(post(&team, &path, &form).await.status(), 303);

    let (bewoner, _) = resident(&db).await;
    let seen = bodies(&bewoner, id).await;
    assert_no_secret(&seen, "a resident");
    let place_page = &seen[0].1;
    assert!(place_page.contains("Huiskamer bij Ans"), "the place itself is shown");
    assert!(place_page.contains("Het precieze adres is niet openbaar"));
    let anonymous = spawn_app(db.clone()).await;
    assert_no_secret(&bodies(&anonymous, id).await, "an anonymous visitor");
    let (other, _) = signed_in(&db, "noord@example.nl", "wijkteam", &["WK059902"]).await;
    assert_no_secret(&bodies(&other, id).await, "a wijkteam member of another wijk");

    // A resident's edit of other fields keeps the hidden address as it was.
    let mut form = edit_fields_of(&bewoner.page(&path).await);
    form.push(("versie", "2".into()));
    set(&mut form, "telefoon", "010 222 33 44");
    let r = post(&bewoner, &path, &form).await;
    assert_eq!(r.status(), 303);
    let (_, proposal_id): (i32, Uuid) =
        sqlx::query_as("SELECT 0, id FROM place_proposals").fetch_one(&db).await.unwrap();
    assert_no_secret(&bodies(&bewoner, id).await, "a resident after proposing");
    assert_eq!(
        team.post_form(&format!("/beoordelen/{proposal_id}/accepteren"), &[]).await.status(),
        303
    );
    let address: String =
        sqlx::query_scalar("SELECT address FROM places").fetch_one(&db).await.unwrap();
    assert_eq!(address, format!("{NEW_STREET} 4"));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn wijkteam_of_the_wijk_gemeente_and_beheerder_see_the_exact_address(db: PgPool) {
    rotterdam(&db).await;
    let id = protected_place(&db).await;
    let (team, _) = wijkteam(&db).await;
    let (gemeente, _) = signed_in(&db, "gemeente@example.nl", "gemeente", &["GM0599"]).await;
    let (admin, _) = signed_in(&db, "beheer@example.nl", "beheerder", &[]).await;
    for (who, app) in [("wijkteam", &team), ("gemeente", &gemeente), ("beheerder", &admin)] {
        let page = app.page(&format!("/plekken/{id}")).await;
        assert_eq!(page.text(".address"), "Geheimstraat 12, 3011 XZ", "{who}");
        assert!(page.text(".point").contains("51.923457"), "{who}");
        // JSON-LD is for search engines and stays public.
        let ld = page.body.split("application/ld+json").nth(1).unwrap_or_default();
        assert!(!ld.split("</script>").next().unwrap_or_default().contains(SECRET_STREET), "{who}");
    }
    let (other_gemeente, _) = signed_in(&db, "utrecht@example.nl", "gemeente", &["GM0344"]).await;
    let page = other_gemeente.page(&format!("/plekken/{id}")).await;
    assert_eq!(page.count(".address"), 0);
}
