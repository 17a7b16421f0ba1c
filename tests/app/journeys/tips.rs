//! A tip a resident leaves gets an answer the resident reads under "mijn
//! voorstellen", and a reviewer may show it on the place page (without
//! who wrote it) or take it off again. Only tips can be shown; notes that
//! are not shown never appear on a public page.

use sqlx::PgPool;

use crate::helpers::spawn_app;
use crate::proposals::{resident, wijkteam};
use crate::public::{insert, place, rotterdam};

const TIP: &str = "Op woensdag is er soep voor iedereen.";
const CORRECTION: &str = "Het telefoonnummer klopt niet meer.";
const ANSWER: &str = "Dank u, we hebben het nagevraagd.";

async fn note_id(db: &PgPool, body: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM place_annotations WHERE body = $1")
        .bind(body)
        .fetch_one(db)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_reviewer_answers_a_tip_and_puts_it_on_the_place_page(db: PgPool) {
    rotterdam(&db).await;
    let place_id = insert(&db, place("De Brug")).await;
    let (bewoner, _) = resident(&db).await;
    let path = format!("/plekken/{place_id}/opmerking");
    for (kind, text) in [("tip", TIP), ("correctie", CORRECTION)] {
        let r = bewoner.post_form(&path, &[("soort", kind), ("tekst", text)]).await;
        assert_eq!(r.status(), 303);
    }
    let mine = bewoner.page("/mijn-voorstellen").await;
    assert_eq!(mine.texts(".mine-note .note-status"), ["Nog niet afgehandeld"; 2]);

    let (team, _) = wijkteam(&db).await;
    let tip = note_id(&db, TIP).await;
    let correction = note_id(&db, CORRECTION).await;
    let queue = team.page("/beoordelen").await;
    assert_eq!(queue.count(&format!("#tonen-{tip}")), 1, "a tip can be shown");
    assert_eq!(queue.count(&format!("#tonen-{correction}")), 0, "a correction cannot");

    // Too long an answer: the queue again, the message by that answer, the
    // text kept, nothing stored.
    let long = "x".repeat(1001);
    let page = team
        .post_form_page(
            &format!("/opmerkingen/{tip}/afgehandeld"),
            &[("antwoord", long.as_str()), ("tonen", "1")],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(page.text(&format!("#antwoord-{tip}-error")).contains("1000"));
    assert_eq!(page.text(&format!("#antwoord-{tip}")), long);
    assert_eq!(page.count(&format!("#tonen-{tip}[checked]")), 1);

    // A crafted request cannot put a correction on the page.
    let r =
        team.post_form(&format!("/opmerkingen/{correction}/afgehandeld"), &[("tonen", "1")]).await;
    assert_eq!(r.status(), 400);
    let r = team
        .post_form(
            &format!("/opmerkingen/{tip}/afgehandeld"),
            &[("antwoord", ANSWER), ("tonen", "1")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let r = team.post_form(&format!("/opmerkingen/{correction}/afgehandeld"), &[]).await;
    assert_eq!(r.status(), 303);
    let stored: (String, bool, bool) = sqlx::query_as(
        "SELECT answer, published, resolved_at IS NOT NULL FROM place_annotations WHERE id = $1",
    )
    .bind(tip)
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(stored, (ANSWER.to_owned(), true, true));

    let mine = bewoner.page("/mijn-voorstellen").await;
    let notes = mine.texts(".mine-note");
    let tip_line = notes.iter().find(|n| n.contains(TIP)).unwrap();
    assert!(tip_line.contains("Afgehandeld en op de pagina van de plek gezet"), "{tip_line}");
    assert!(tip_line.contains(&format!("Antwoord van het wijkteam: {ANSWER}")), "{tip_line}");

    // Anonymous: the tip is on the page, without its author; the
    // correction and the answer are on no public page.
    let public = spawn_app(db.clone()).await;
    let page = public.page(&format!("/plekken/{place_id}")).await;
    assert_eq!(page.text(".place-tips h2"), "Tips van bewoners");
    assert!(page.text(".place-tips").contains(TIP));
    assert_eq!(page.count(".tip-unpublish"), 0, "only reviewers take a tip off");
    for path in [
        format!("/plekken/{place_id}"),
        format!("/plekken/{place_id}/geschiedenis"),
        "/".into(),
        "/zoeken?q=brug".into(),
        "/wijken/WK059901".into(),
        "/wijken/BU05990101".into(),
        "/api/plekken.geojson?bbox=3.9,51.8,4.3,52.1".into(),
        "/export/plekken.csv".into(),
    ] {
        let body = public.get(&path).await.text().await.unwrap();
        for secret in [CORRECTION, ANSWER, "bewoner@example.nl"] {
            assert!(!body.contains(secret), "{secret:?} in {path}");
        }
    }

    // The reviewer takes it off again, from the place page.
    let page = team.page(&format!("/plekken/{place_id}")).await;
    assert_eq!(page.count(".tip-unpublish"), 1);
    let r = team
        .post_form(&format!("/opmerkingen/{tip}/niet-tonen"), &[("plek", &place_id.to_string())])
        .await;
    assert_eq!(r.status(), 303);
    let page = public.page(&format!("/plekken/{place_id}")).await;
    assert_eq!(page.count(".place-tips"), 0);
    assert!(!page.body.contains(TIP));
}
