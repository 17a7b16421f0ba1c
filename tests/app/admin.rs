//! Beheer of accounts and roles, the audit log, and the rights matrix.

use haarvaten::db::audit;
use haarvaten::domain::user::{Action, CurrentUser, RIGHTS, Role, Standing, may, rights_table};

use crate::helpers::{TEST_PASSWORD, create_user, into_page, login, spawn_app};

/// Rotterdam with two wijken, enough for scope checks.
async fn seed_areas(db: &sqlx::PgPool) {
    sqlx::query(
        "INSERT INTO areas (code, level, name, parent_code, geom, label_point)
         SELECT code, level, name, parent,
                ST_Multi(ST_MakeEnvelope(x, 51.9, x + 0.01, 51.91, 4326)),
                ST_SetSRID(ST_MakePoint(x + 0.005, 51.905), 4326)
         FROM (VALUES ('GM0599', 'gemeente', 'Rotterdam', NULL, 4.40),
                      ('WK059901', 'wijk', 'Stadsdriehoek', 'GM0599', 4.41),
                      ('WK059902', 'wijk', 'Cool', 'GM0599', 4.42))
              AS t(code, level, name, parent, x)",
    )
    .execute(db)
    .await
    .unwrap();
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_beheerder_changes_a_role_and_the_change_is_audited(db: sqlx::PgPool) {
    seed_areas(&db).await;
    let admin = create_user(&db, "baas@example.nl", "beheerder", &[]).await;
    let piet = create_user(&db, "piet@example.nl", "bewoner", &[]).await;
    let app = spawn_app(db.clone()).await;
    assert_eq!(login(&app, "baas@example.nl", TEST_PASSWORD).await, 303);

    let list = app.page("/beheer/gebruikers").await;
    assert_eq!(list.status, 200);
    assert_eq!(list.texts(".user-email"), vec!["baas@example.nl", "piet@example.nl"]);

    let form = app.page(&format!("/beheer/gebruikers/{piet}")).await;
    assert_eq!(form.attr("input[name=role][checked]", "value").as_deref(), Some("bewoner"));

    let response = app
        .post_form(
            &format!("/beheer/gebruikers/{piet}"),
            &[("role", "wijkteam"), ("wijken", "wk059901, WK059902"), ("gemeente", "")],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let list = app.page("/beheer/gebruikers?opgeslagen=1").await;
    assert!(list.text("[role=status]").contains("opgeslagen"));
    let row = format!("tr[data-user-id='{piet}'] .user-scope");
    assert_eq!(list.text(&row), "WK059901, WK059902");

    let (user, _) = haarvaten::db::users::load_current(&db, piet).await.unwrap().unwrap();
    assert_eq!(user.role, Role::Wijkteam);
    assert_eq!(user.wijken, vec!["WK059901", "WK059902"]);

    let changes = audit::by_action(&db, audit::actions::ROLE_CHANGED).await.unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].actor_id, Some(admin));
    assert_eq!(changes[0].actor_email.as_deref(), Some("baas@example.nl"));
    assert_eq!(changes[0].subject, format!("user:{piet}"));
    assert_eq!(changes[0].details["from"]["role"], "bewoner");
    assert_eq!(changes[0].details["to"]["role"], "wijkteam");

    // The audit log shows it to the beheerder.
    let log = app.page("/beheer/audit").await;
    assert_eq!(log.status, 200);
    // As people read it, not as the key it is stored by.
    assert!(log.texts(".audit-action").contains(&"Rol veranderd".to_owned()));
    assert_eq!(log.text(".audit-action[data-action='user.role_changed']"), "Rol veranderd");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_new_role_takes_effect_on_the_next_request(db: sqlx::PgPool) {
    seed_areas(&db).await;
    create_user(&db, "baas@example.nl", "beheerder", &[]).await;
    let piet = create_user(&db, "piet@example.nl", "bewoner", &[]).await;
    let admin = spawn_app(db.clone()).await;
    let piet_app = spawn_app(db.clone()).await;
    login(&admin, "baas@example.nl", TEST_PASSWORD).await;
    login(&piet_app, "piet@example.nl", TEST_PASSWORD).await;
    assert_eq!(piet_app.get("/beheer/gebruikers").await.status().as_u16(), 403);
    admin.post_form(&format!("/beheer/gebruikers/{piet}"), &[("role", "beheerder")]).await;
    assert_eq!(piet_app.get("/beheer/gebruikers").await.status().as_u16(), 200);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn bad_scope_input_is_explained_next_to_the_field(db: sqlx::PgPool) {
    seed_areas(&db).await;
    create_user(&db, "baas@example.nl", "beheerder", &[]).await;
    let piet = create_user(&db, "piet@example.nl", "bewoner", &[]).await;
    let app = spawn_app(db.clone()).await;
    login(&app, "baas@example.nl", TEST_PASSWORD).await;
    let path = format!("/beheer/gebruikers/{piet}");

    let page = app.post_form_page(&path, &[("role", "wijkteam"), ("wijken", "")]).await;
    assert_eq!(page.status, 422);
    assert!(page.text("#wijken-error").contains("minstens één wijk"));
    assert_eq!(
        page.attr("#wijken", "aria-describedby").as_deref(),
        Some("wijken-other-hint wijken-error")
    );

    let page = app.post_form_page(&path, &[("role", "wijkteam"), ("wijken", "WK059999")]).await;
    assert_eq!(page.status, 422);
    assert_eq!(page.text("#wijken-error"), "De code WK059999 kennen we niet.");
    assert_eq!(page.attr("#wijken", "value").as_deref(), Some("WK059999"));
    assert_eq!(page.attr("input[name=role][checked]", "value").as_deref(), Some("wijkteam"));

    let page = app.post_form_page(&path, &[("role", "gemeente"), ("gemeente", "Rotterdam")]).await;
    assert_eq!(page.status, 422);
    assert!(page.text("#gemeente-error").contains("GM0599"));

    assert!(audit::by_action(&db, audit::actions::ROLE_CHANGED).await.unwrap().is_empty());
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_beheerder_cannot_take_away_their_own_role(db: sqlx::PgPool) {
    let admin = create_user(&db, "baas@example.nl", "beheerder", &[]).await;
    let app = spawn_app(db.clone()).await;
    login(&app, "baas@example.nl", TEST_PASSWORD).await;
    let page =
        app.post_form_page(&format!("/beheer/gebruikers/{admin}"), &[("role", "bewoner")]).await;
    assert_eq!(page.status, 422);
    let (user, _) = haarvaten::db::users::load_current(&db, admin).await.unwrap().unwrap();
    assert_eq!(user.role, Role::Beheerder);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_bewoner_gets_403_and_anonymous_visitors_are_sent_to_login(db: sqlx::PgPool) {
    let admin = create_user(&db, "baas@example.nl", "beheerder", &[]).await;
    create_user(&db, "piet@example.nl", "bewoner", &[]).await;
    create_user(&db, "team@example.nl", "wijkteam", &["WK059901"]).await;
    let app = spawn_app(db.clone()).await;

    for path in ["/beheer/gebruikers", "/beheer/audit"] {
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), 303, "{path}");
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        assert!(location.starts_with("/inloggen?terug=%2Fbeheer%2F"), "{location}");
    }

    for who in ["piet@example.nl", "team@example.nl"] {
        let app = spawn_app(db.clone()).await;
        login(&app, who, TEST_PASSWORD).await;
        let page = app.page("/beheer/gebruikers").await;
        assert_eq!(page.status, 403, "{who}");
        assert_eq!(page.text("h1"), "Geen toegang");
        assert_eq!(app.page("/beheer/audit").await.status, 403);
        // Posting a role change is refused too, and nothing changes.
        let response =
            app.post_form(&format!("/beheer/gebruikers/{admin}"), &[("role", "bewoner")]).await;
        assert_eq!(response.status().as_u16(), 403);
    }
    let (user, _) = haarvaten::db::users::load_current(&db, admin).await.unwrap().unwrap();
    assert_eq!(user.role, Role::Beheerder);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_audit_log_is_paginated_newest_first(db: sqlx::PgPool) {
    create_user(&db, "baas@example.nl", "beheerder", &[]).await;
    for n in 0..60 {
        audit::record(&db, None, "test.event", &format!("nummer {n}"), serde_json::json!({}))
            .await
            .unwrap();
    }
    let app = spawn_app(db).await;
    login(&app, "baas@example.nl", TEST_PASSWORD).await;
    let first = app.page("/beheer/audit").await;
    assert_eq!(first.count("table.audit tbody tr"), 50);
    // The login itself is the newest entry.
    assert_eq!(first.text("table.audit tbody tr .audit-action"), "Ingelogd");
    assert!(first.text(".pagination").contains("Pagina 1 van 2"));
    let second = into_page(app.get("/beheer/audit?pagina=2").await).await;
    assert_eq!(second.count("table.audit tbody tr"), 11);
    assert!(second.body.contains("nummer 0"));
}

// ---------------------------------------------------------------- rights

fn user(role: Role, wijken: &[&str], gemeente: Option<&str>) -> CurrentUser {
    CurrentUser {
        id: uuid::Uuid::new_v4(),
        email: "x@example.nl".into(),
        role,
        wijken: wijken.iter().map(|w| w.to_string()).collect(),
        gemeente: gemeente.map(str::to_owned),
    }
}

/// The rights matrix, written out so a reader can check it. Columns:
/// anonymous, bewoner, wijkteam of this wijk, wijkteam of another wijk,
/// gemeente of this wijk, another gemeente, beheerder.
#[rustfmt::skip]
const EXPECTED: &[(Action, &str)] = &[
    (Action::ViewPublic,          "Y Y Y Y Y Y Y"),
    (Action::ProposePlace,        "N Y Y Y Y Y Y"),
    (Action::Annotate,            "N Y Y Y Y Y Y"),
    (Action::ReviewProposals,     "N N Y N Y N Y"),
    (Action::PublishDirectly,     "N N Y N Y N Y"),
    (Action::RestoreRevision,     "N N Y N Y N Y"),
    (Action::VerifyPlace,         "N N Y N Y N Y"),
    (Action::ClosePlace,          "N N Y N Y N Y"),
    (Action::HidePlace,           "N N N N N N Y"),
    (Action::SeeProtectedFields,  "N N Y N Y N Y"),
    (Action::LogVisit,            "N N Y N N N N"),
    (Action::ViewVisitNotes,      "N N Y N N N Y"),
    (Action::ViewVisitAggregates, "N N Y N Y N Y"),
    (Action::ExportProtected,     "N N N N Y N Y"),
    (Action::ManageUsers,         "N N N N N N Y"),
    (Action::ViewAuditLog,        "N N N N N N Y"),
    (Action::ImportPlaces,        "N N N N Y N Y"),
];

#[test]
fn the_rights_matrix_reads_as_written_down() {
    println!("{}", rights_table());
    assert_eq!(RIGHTS.len(), EXPECTED.len(), "every action is in the written-down matrix");

    // The actors of each column, all asked about wijk WK059901 (in GM0599).
    let wijk = "WK059901";
    let actors: [Option<CurrentUser>; 7] = [
        None,
        Some(user(Role::Bewoner, &[], None)),
        Some(user(Role::Wijkteam, &["WK059902", "WK059901"], None)),
        Some(user(Role::Wijkteam, &["WK059902"], None)),
        Some(user(Role::Gemeente, &[], Some("GM0599"))),
        Some(user(Role::Gemeente, &[], Some("GM0363"))),
        Some(user(Role::Beheerder, &[], None)),
    ];
    for (i, actor) in actors.iter().enumerate() {
        let standing = actor.as_ref().map_or(Standing::Anonymous, |u| u.standing(wijk));
        assert_eq!(standing, Standing::ALL[i]);
    }
    for (action, row) in EXPECTED {
        let cells: Vec<bool> = row.split(' ').map(|c| c == "Y").collect();
        for (actor, expected) in actors.iter().zip(cells) {
            assert_eq!(
                may(actor.as_ref(), *action, wijk),
                expected,
                "{action:?} for {:?}",
                actor.as_ref().map_or(Standing::Anonymous, |u| u.standing(wijk))
            );
        }
    }
}

#[test]
fn scope_helpers_follow_the_matrix() {
    let team = user(Role::Wijkteam, &["WK059901"], None);
    assert!(team.can_review_wijk("WK059901"));
    assert!(team.can_review_wijk("BU05990101"), "a buurt counts as its wijk");
    assert!(!team.can_review_wijk("WK059902"));
    assert!(team.sees_protected_fields_in_wijk("WK059901"));
    assert!(!team.sees_protected_fields_in_wijk("WK059902"));
    assert!(team.is_wijkteam_of("WK059901"));

    let gemeente = user(Role::Gemeente, &[], Some("GM0599"));
    assert!(gemeente.can_review_wijk("WK059977"));
    assert!(!gemeente.can_review_wijk("WK036301"));
    assert!(!gemeente.is_wijkteam_of("WK059901"));
    // An import is asked about a whole gemeente, by its own code.
    assert!(gemeente.may(Action::ImportPlaces, "GM0599"));
    assert!(!gemeente.may(Action::ImportPlaces, "GM0363"));
    assert!(!team.may(Action::ImportPlaces, "GM0599"));

    let beheerder = user(Role::Beheerder, &[], None);
    assert!(beheerder.can_review_wijk("WK036301"));
    assert!(beheerder.is_beheerder());

    let bewoner = user(Role::Bewoner, &[], None);
    assert!(!bewoner.can_review_wijk("WK059901"));
    assert!(!bewoner.sees_protected_fields_in_wijk("WK059901"));
}
