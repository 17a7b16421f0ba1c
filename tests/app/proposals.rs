//! Residents propose places and edits; reviewers of that wijk accept or
//! reject them; bad input comes back as a form with Dutch messages. Also
//! holds the user fixtures the revision, privacy and authorization tests
//! share.

use haarvaten::db;
use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::{Page, TEST_PASSWORD, TestApp, create_user, into_page, spawn_app};
use crate::public::{insert, place, rotterdam};

/// A fresh app client signed in as a new user with this role and scope.
pub async fn signed_in(db: &PgPool, email: &str, role: &str, scopes: &[&str]) -> (TestApp, Uuid) {
    let id = create_user(db, email, role, scopes).await;
    let app = spawn_app(db.clone()).await;
    let status = crate::helpers::login(&app, email, TEST_PASSWORD).await;
    assert_eq!(status, 303, "login of {email}");
    (app, id)
}

pub async fn resident(db: &PgPool) -> (TestApp, Uuid) {
    signed_in(db, "bewoner@example.nl", "bewoner", &[]).await
}

/// Wijkteam member of Centrum (WK059901), where the fixture places lie.
pub async fn wijkteam(db: &PgPool) -> (TestApp, Uuid) {
    signed_in(db, "wijkteam@example.nl", "wijkteam", &["WK059901"]).await
}

/// A valid new-place form in buurt Oude Westen, chosen without a map.
pub fn new_place_form(name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("naam", name.to_owned()),
        ("type", "huiskamer".into()),
        ("categorie", "huiskamer".into()),
        ("omschrijving", "Koffie en een praatje.".into()),
        ("initiatiefnemer", "bewoners".into()),
        ("doelgroepen", "ouderen".into()),
        ("doelgroepen", "iedereen".into()),
        ("buurt", "BU05990101".into()),
        ("adres", "Gaffelstraat 1".into()),
        ("postcode", "3014 RA".into()),
        ("lon", String::new()),
        ("lat", String::new()),
        ("precisie", "buurt".into()),
        ("openingstijden", "Mo-Fr 10:00-16:00".into()),
        ("rolstoel", "ja".into()),
        ("telefoon", "010 123 45 67".into()),
        ("email", "info@voorbeeld.nl".into()),
    ]
}

pub async fn post(app: &TestApp, path: &str, fields: &[(&str, String)]) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_form(path, &pairs).await
}

pub fn location(r: &reqwest::Response) -> String {
    r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

async fn open_proposal_ids(db: &PgPool) -> Vec<Uuid> {
    db::proposals::open(db).await.unwrap().into_iter().map(|p| p.id).collect()
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn resident_proposal_waits_for_review_then_is_published_with_a_revision(db: PgPool) {
    rotterdam(&db).await;
    let (bewoner, bewoner_id) = resident(&db).await;
    let r = post(&bewoner, "/plekken/nieuw", &new_place_form("Huiskamer De Gaffel")).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/mijn-voorstellen?verstuurd=1");
    let count: i64 =
        sqlx::query_scalar("SELECT count(*) FROM places").fetch_one(&db).await.unwrap();
    assert_eq!(count, 0, "a proposal is not published");
    let mine = bewoner.page("/mijn-voorstellen").await;
    assert!(mine.text(".proposal-status").contains("Wacht op beoordeling"), "{}", mine.body);

    let (team, team_id) = wijkteam(&db).await;
    let queue = team.page("/beoordelen").await;
    assert_eq!(queue.status, 200);
    assert!(queue.text(".review-list").contains("Huiskamer De Gaffel"));
    let id = open_proposal_ids(&db).await[0];
    let detail = team.page(&format!("/beoordelen/{id}")).await;
    assert!(detail.text("table.diff").contains("Gaffelstraat 1"));
    let r = team.post_form(&format!("/beoordelen/{id}/accepteren"), &[]).await;
    assert_eq!(r.status(), 303);

    let p = sqlx::query_as::<_, (Uuid, String, String)>("SELECT id, name, address FROM places")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!((p.1.as_str(), p.2.as_str()), ("Huiskamer De Gaffel", "Gaffelstraat 1"));
    let rev = sqlx::query_as::<_, (i32, String, Option<Uuid>, Option<Uuid>)>(
        "SELECT version, kind, author_id, reviewer_id FROM place_revisions WHERE place_id = $1",
    )
    .bind(p.0)
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(rev, (1, "create".into(), Some(bewoner_id), Some(team_id)));
    assert_eq!(db::audit::by_action(&db, "review.accept").await.unwrap().len(), 1);
    let mine = bewoner.page("/mijn-voorstellen").await;
    assert!(mine.text(".proposal-status").contains("Geaccepteerd"));
    let list = bewoner.page("/zoeken?q=gaffel").await;
    assert!(list.body.contains(&format!("/plekken/{}", p.0)), "published place is listed");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn rejected_proposal_shows_the_reason_to_the_proposer(db: PgPool) {
    rotterdam(&db).await;
    let (bewoner, _) = resident(&db).await;
    post(&bewoner, "/plekken/nieuw", &new_place_form("Dubbele plek")).await;
    let (team, _) = wijkteam(&db).await;
    let id = open_proposal_ids(&db).await[0];
    // A reason is required: the form comes back with a message.
    let page =
        into_page(team.post_form(&format!("/beoordelen/{id}/afwijzen"), &[("reden", " ")]).await)
            .await;
    assert_eq!(page.status, 422);
    assert_eq!(page.attr("#reden", "aria-describedby").as_deref(), Some("reden-hint reden-error"));
    let r = team
        .post_form(&format!("/beoordelen/{id}/afwijzen"), &[("reden", "Deze plek staat er al in.")])
        .await;
    assert_eq!(r.status(), 303);
    let mine = bewoner.page("/mijn-voorstellen").await;
    assert!(mine.text(".proposal-status").contains("Afgewezen"));
    assert_eq!(mine.text(".proposal-reason"), "Deze plek staat er al in.");
    assert_eq!(db::audit::by_action(&db, "review.reject").await.unwrap().len(), 1);
    // Decided once: a second decision is refused.
    let again = team.post_form(&format!("/beoordelen/{id}/accepteren"), &[]).await;
    assert_eq!(again.status(), 409);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn nobody_reviews_their_own_proposal(db: PgPool) {
    rotterdam(&db).await;
    let (bewoner, bewoner_id) = resident(&db).await;
    post(&bewoner, "/plekken/nieuw", &new_place_form("Eigen plek")).await;
    // The proposer becomes a wijkteam member of that wijk afterwards.
    sqlx::query("UPDATE users SET role = 'wijkteam' WHERE id = $1")
        .bind(bewoner_id)
        .execute(&db)
        .await
        .unwrap();
    sqlx::query("INSERT INTO user_wijken VALUES ($1, 'WK059901')")
        .bind(bewoner_id)
        .execute(&db)
        .await
        .unwrap();
    let id = open_proposal_ids(&db).await[0];
    let queue = bewoner.page("/beoordelen").await;
    assert_eq!(queue.status, 200);
    assert!(!queue.body.contains("Eigen plek"), "own proposal is not in the own queue");
    let r = bewoner.post_form(&format!("/beoordelen/{id}/accepteren"), &[]).await;
    assert_eq!(r.status(), 403);
    assert_eq!(open_proposal_ids(&db).await, vec![id]);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn wijkteam_of_another_wijk_cannot_review_and_their_edit_becomes_a_proposal(db: PgPool) {
    rotterdam(&db).await;
    let place_id = insert(&db, place("De Brug")).await;
    let (other, _) = signed_in(&db, "noord@example.nl", "wijkteam", &["WK059902"]).await;
    let form = other.page(&format!("/plekken/{place_id}/bewerken")).await;
    assert_eq!(form.attr("input[name=versie]", "value").as_deref(), Some("1"));
    let mut fields: Vec<(&str, String)> = vec![("versie", "1".into())];
    fields.extend(edit_fields_of(&form));
    set(&mut fields, "telefoon", "010 765 43 21");
    let r = post(&other, &format!("/plekken/{place_id}/bewerken"), &fields).await;
    assert_eq!(location(&r), "/mijn-voorstellen?verstuurd=1");
    let stored: String =
        sqlx::query_scalar("SELECT phone FROM places").fetch_one(&db).await.unwrap();
    assert_eq!(stored, "", "not published directly");
    let id = open_proposal_ids(&db).await[0];
    let (bewoner, _) = resident(&db).await;
    assert_eq!(bewoner.page("/beoordelen").await.status, 403);
    assert_eq!(bewoner.post_form(&format!("/beoordelen/{id}/accepteren"), &[]).await.status(), 403);

    // The wijkteam of Centrum accepts: only the phone changes.
    let (team, _) = wijkteam(&db).await;
    assert_eq!(team.post_form(&format!("/beoordelen/{id}/accepteren"), &[]).await.status(), 303);
    let (phone, version): (String, i32) =
        sqlx::query_as("SELECT phone, version FROM places").fetch_one(&db).await.unwrap();
    assert_eq!((phone.as_str(), version), ("010 765 43 21", 2));
}

/// Every field of an edit form as the browser would post it.
pub fn edit_fields_of(page: &Page) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for name in haarvaten::domain::revision::snapshot_fields() {
        if matches!(name, "wijk" | "gecontroleerd_op" | "bron") {
            continue;
        }
        if name == "doelgroepen" {
            for v in page
                .html
                .select(&scraper::Selector::parse("input[name=doelgroepen][checked]").unwrap())
            {
                out.push(("doelgroepen", v.value().attr("value").unwrap_or_default().to_owned()));
            }
            continue;
        }
        let value = page
            .attr(&format!("input[name={name}]"), "value")
            .or_else(|| page.attr(&format!("select[name={name}] option[selected]"), "value"))
            .or_else(|| Some(page.text(&format!("textarea[name={name}]"))))
            .unwrap_or_default();
        out.push((name, value));
    }
    out
}

pub fn set(fields: &mut Vec<(&'static str, String)>, name: &'static str, value: &str) {
    fields.retain(|(k, _)| *k != name);
    fields.push((name, value.to_owned()));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn bad_input_reshows_the_form_with_dutch_messages_next_to_the_fields_and_keeps_it(
    db: PgPool,
) {
    rotterdam(&db).await;
    let (bewoner, _) = resident(&db).await;
    let long_name = "x".repeat(201);
    let mut form = new_place_form(&long_name);
    set(&mut form, "openingstijden", "maandag ochtend");
    set(&mut form, "email", "piet@");
    let page = into_page(post(&bewoner, "/plekken/nieuw", &form).await).await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(page.count(".error-summary[autofocus]") == 1);
    for field in ["naam", "openingstijden", "email"] {
        let message = page.text(&format!("#{field}-error"));
        assert!(!message.is_empty(), "no message next to {field}");
        let described = page.attr(&format!("#{field}"), "aria-describedby").unwrap_or_default();
        assert!(described.contains(&format!("{field}-error")), "{field}: {described}");
        assert_eq!(page.attr(&format!("#{field}"), "aria-invalid").as_deref(), Some("true"));
    }
    assert!(page.text("#email-error").contains("e-mailadres klopt niet"));
    assert_eq!(page.attr("#naam", "value").as_deref(), Some(long_name.as_str()));
    assert_eq!(page.attr("#openingstijden", "value").as_deref(), Some("maandag ochtend"));
    assert_eq!(page.attr("#adres", "value").as_deref(), Some("Gaffelstraat 1"));
    assert_eq!(page.count("input[name=doelgroepen][checked]"), 2);

    // A point outside every wijk (in the Netherlands, but not in ours).
    let mut form = new_place_form("Ver weg");
    set(&mut form, "lon", "5.5");
    set(&mut form, "lat", "52.5");
    set(&mut form, "buurt", "");
    let page = into_page(post(&bewoner, "/plekken/nieuw", &form).await).await;
    assert_eq!(page.status, 422);
    assert!(page.text("#lon-error").contains("buiten alle wijken"), "{}", page.text("#lon-error"));
    assert_eq!(page.attr("#lon", "value").as_deref(), Some("5.5"));

    // Neither a point nor a buurt.
    let mut form = new_place_form("Nergens");
    set(&mut form, "buurt", "");
    let page = into_page(post(&bewoner, "/plekken/nieuw", &form).await).await;
    assert_eq!(page.status, 422);
    assert!(!page.text("#buurt-error").is_empty());
    assert!(open_proposal_ids(&db).await.is_empty());
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn an_annotation_reaches_the_wijkteam_and_can_be_marked_done(db: PgPool) {
    rotterdam(&db).await;
    let place_id = insert(&db, place("De Brug")).await;
    let (bewoner, _) = resident(&db).await;
    let path = format!("/plekken/{place_id}/opmerking");
    let long = "a".repeat(2001);
    let page = bewoner.post_form_page(&path, &[("soort", "tip"), ("tekst", long.as_str())]).await;
    assert_eq!(page.status, 422);
    assert!(page.text("#tekst-error").contains("2000"));
    assert_eq!(page.text("#tekst"), long);
    let r = bewoner
        .post_form(&path, &[("soort", "nog_open"), ("tekst", "Is de koffie nog op dinsdag?")])
        .await;
    assert_eq!(r.status(), 303);
    let (team, _) = wijkteam(&db).await;
    let queue = team.page("/beoordelen").await;
    assert!(queue.text(".annotation-list").contains("Is de koffie nog op dinsdag?"));
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM place_annotations").fetch_one(&db).await.unwrap();
    let r = team.post_form(&format!("/opmerkingen/{id}/afgehandeld"), &[]).await;
    assert_eq!(r.status(), 303);
    assert!(!team.page("/beoordelen").await.body.contains("Is de koffie nog op dinsdag?"));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_forms_work_in_english_too(db: PgPool) {
    rotterdam(&db).await;
    let (bewoner, _) = resident(&db).await;
    bewoner.get("/taal/en?terug=/").await;
    let page = bewoner.page("/plekken/nieuw").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.text("h1"), "Add a place");
    assert_eq!(page.text("label[for=naam]"), "Name");
}
