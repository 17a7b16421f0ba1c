//! Every published change is a revision: concurrent edits never overwrite
//! each other silently, a restore brings back exactly the earlier fields,
//! closing, verifying and hiding are recorded and reversible.

use haarvaten::db;
use haarvaten::db::places::PlaceRecord;
use haarvaten::domain::place::{Precision, TargetGroup};
use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::{TestApp, into_page};
use crate::proposals::{edit_fields_of, location, post, resident, set, signed_in, wijkteam};
use crate::public::{insert, place, rotterdam};

/// Every stored field except the bookkeeping (version, timestamps).
fn fields(p: &PlaceRecord) -> String {
    let mut p = p.clone();
    p.version = 0;
    p.updated_at = p.created_at;
    format!("{p:?}")
}

async fn full_place(db: &PgPool) -> Uuid {
    let mut f = place("Huiskamer Oud");
    f.description = "Elke week soep.".into();
    f.address = "Oudestraat 3".into();
    f.postcode = "3014 AA".into();
    f.point = Some((4.0123456789, 51.9123456789));
    f.precision = Precision::Straat;
    f.target_groups = vec![TargetGroup::Ouderen, TargetGroup::Nieuwkomers];
    f.opening_hours = "Tu 10:00-12:00".into();
    f.wheelchair = Some(false);
    f.phone = "010 111 22 33".into();
    f.founded_year = Some(2015);
    f.last_verified = chrono::NaiveDate::from_ymd_opt(2023, 1, 2);
    insert(db, f).await
}

/// Two editors (wijkteam, gemeente) with the edit form of a full place
/// open at version 1: their apps, the form path, both forms and the id.
type Fields = Vec<(&'static str, String)>;
async fn two_editors(db: &PgPool) -> (TestApp, TestApp, String, Fields, Fields, Uuid) {
    rotterdam(db).await;
    let id = full_place(db).await;
    let (first, _) = wijkteam(db).await;
    let (second, _) = signed_in(db, "gemeente@example.nl", "gemeente", &["GM0599"]).await;
    let path = format!("/plekken/{id}/bewerken");
    let mut a = edit_fields_of(&first.page(&path).await);
    let mut b = edit_fields_of(&second.page(&path).await);
    a.push(("versie", "1".into()));
    b.push(("versie", "1".into()));
    (first, second, path, a, b, id)
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn two_concurrent_edits_the_second_gets_the_conflict_view_and_neither_is_lost(db: PgPool) {
    rotterdam(&db).await;
    let id = full_place(&db).await;
    let (first, _) = wijkteam(&db).await;
    let (second, _) = signed_in(&db, "gemeente@example.nl", "gemeente", &["GM0599"]).await;
    let path = format!("/plekken/{id}/bewerken");
    // Both open the form at version 1.
    let mut a = edit_fields_of(&first.page(&path).await);
    let mut b = edit_fields_of(&second.page(&path).await);
    a.push(("versie", "1".into()));
    b.push(("versie", "1".into()));
    set(&mut a, "naam", "Huiskamer Nieuw");
    set(&mut b, "telefoon", "010 999 88 77");
    set(&mut b, "omschrijving", "Soep op dinsdag.");

    let r = post(&first, &path, &a).await;
    assert_eq!(r.status(), 303, "first save");
    let page = into_page(post(&second, &path, &b).await).await;
    assert_eq!(page.status, 409, "second save gets the conflict view");
    assert!(page.text("#conflict-title").contains("net veranderd"));
    let table = page.text(".conflict-table");
    assert!(table.contains("Huiskamer Oud") && table.contains("Huiskamer Nieuw"), "{table}");
    // Their unsaved input is kept, and a new save starts from version 2.
    assert_eq!(page.attr("#telefoon", "value").as_deref(), Some("010 999 88 77"));
    assert_eq!(page.text("#omschrijving"), "Soep op dinsdag.");
    assert_eq!(page.attr("input[name=versie]", "value").as_deref(), Some("2"));
    let stored = db::places::get(&db, id).await.unwrap().unwrap();
    assert_eq!((stored.name.as_str(), stored.phone.as_str()), ("Huiskamer Nieuw", "010 111 22 33"));
    assert_eq!(stored.version, 2);

    // Saving again from the conflict view (name taken over) keeps both.
    let mut again = edit_fields_of(&page);
    again.push(("versie", "2".into()));
    set(&mut again, "naam", "Huiskamer Nieuw");
    assert_eq!(post(&second, &path, &again).await.status(), 303);
    let stored = db::places::get(&db, id).await.unwrap().unwrap();
    assert_eq!((stored.name.as_str(), stored.phone.as_str()), ("Huiskamer Nieuw", "010 999 88 77"));
    assert_eq!(stored.version, 3);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_restore_brings_back_exactly_the_earlier_field_values(db: PgPool) {
    rotterdam(&db).await;
    let id = full_place(&db).await;
    let original = db::places::get(&db, id).await.unwrap().unwrap();
    let (team, _) = wijkteam(&db).await;
    let path = format!("/plekken/{id}/bewerken");
    let mut form = edit_fields_of(&team.page(&path).await);
    form.push(("versie", "1".into()));
    for (k, v) in [
        ("naam", "Alles anders"),
        ("omschrijving", ""),
        ("adres", "Nieuwstraat 9"),
        ("postcode", "3015 BB"),
        ("lon", "4.07"),
        ("lat", "51.95"),
        ("precisie", "exact"),
        ("openingstijden", "Mo 09:00-17:00"),
        ("rolstoel", "ja"),
        ("telefoon", ""),
        ("opgericht", "2001"),
        ("website", "www.nieuw.nl"),
    ] {
        set(&mut form, k, v);
    }
    set(&mut form, "doelgroepen", "jongeren");
    assert_eq!(post(&team, &path, &form).await.status(), 303);
    let changed = db::places::get(&db, id).await.unwrap().unwrap();
    assert_eq!(changed.name.as_str(), "Alles anders");
    assert_eq!(changed.buurt_code.as_deref(), Some("BU05990102"), "moved to Cool by the point");

    let history = team.page(&format!("/plekken/{id}/geschiedenis")).await;
    assert_eq!(history.status, 200);
    assert_eq!(history.count("li.revision"), 2, "baseline and edit");
    let diff = history.text("#versie-2 table.diff");
    assert!(
        diff.contains("Naam") && diff.contains("Huiskamer Oud") && diff.contains("Alles anders")
    );
    assert!(diff.contains("Voor wie is de plek?") && diff.contains("Jongeren"), "{diff}");

    let r = team
        .post_form(&format!("/plekken/{id}/geschiedenis/1/terugzetten"), &[("versie", "2")])
        .await;
    assert_eq!(r.status(), 303);
    let restored = db::places::get(&db, id).await.unwrap().unwrap();
    assert_eq!(fields(&restored), fields(&original), "every field is back");
    assert_eq!(restored.version, 3);
    let kinds: Vec<String> =
        sqlx::query_scalar("SELECT kind FROM place_revisions WHERE place_id = $1 ORDER BY version")
            .bind(id)
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(kinds, ["create", "edit", "restore"]);
    // A stale restore (the form saw version 2) is refused.
    let stale = team
        .post_form(&format!("/plekken/{id}/geschiedenis/2/terugzetten"), &[("versie", "2")])
        .await;
    assert_eq!(stale.status(), 409);
    assert_eq!(db::audit::by_action(&db, "place.restored").await.unwrap().len(), 1);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn closing_keeps_the_place_findable_behind_the_closed_filter(db: PgPool) {
    rotterdam(&db).await;
    let id = insert(&db, place("Buurthuis Sluit")).await;
    let (team, _) = wijkteam(&db).await;
    let path = format!("/plekken/{id}/opheffen");
    let page = team
        .post_form_page(
            &path,
            &[("versie", "1"), ("opgeheven_op", "2024-06-01"), ("reden_opheffing", "")],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(!page.text("#reden_opheffing-error").is_empty());
    let r = team
        .post_form(
            &path,
            &[
                ("versie", "1"),
                ("opgeheven_op", "2024-06-01"),
                ("reden_opheffing", "Pand gesloopt"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let p = db::places::get(&db, id).await.unwrap().unwrap();
    assert_eq!((p.status.slug(), p.closing_reason.as_str()), ("opgeheven", "Pand gesloopt"));
    assert_eq!(p.closed_on, chrono::NaiveDate::from_ymd_opt(2024, 6, 1));
    let (bewoner, _) = resident(&db).await;
    assert_eq!(bewoner.page(&format!("/plekken/{id}")).await.status, 200, "still reachable");
    assert!(!bewoner.page("/zoeken?q=sluit").await.body.contains(&id.to_string()));
    assert!(bewoner.page("/zoeken?q=sluit&opgeheven=1").await.body.contains(&id.to_string()));
    assert_eq!(db::audit::by_action(&db, "place.closed").await.unwrap().len(), 1);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn verifying_in_one_click_sets_the_date_and_removes_the_stale_note(db: PgPool) {
    rotterdam(&db).await;
    let id = insert(&db, place("Oude Gegevens")).await;
    let (team, _) = wijkteam(&db).await;
    let page = team.page(&format!("/plekken/{id}")).await;
    assert!(page.text(".verification-note").starts_with("Niemand van het wijkteam"));
    let r = team.post_form(&format!("/plekken/{id}/gecontroleerd"), &[]).await;
    assert_eq!(r.status(), 303);
    let p = db::places::get(&db, id).await.unwrap().unwrap();
    assert_eq!(
        p.last_verified,
        Some(chrono::Utc::now().with_timezone(&chrono_tz::Europe::Amsterdam).date_naive())
    );
    let page = team.page(&location(&r)).await;
    assert_eq!(page.count(".verification-note"), 0);
    let kinds: Vec<String> =
        sqlx::query_scalar("SELECT kind FROM place_revisions ORDER BY version")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(kinds, ["create", "verify"]);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn only_a_beheerder_hides_a_place_and_hiding_is_logged_and_reversible(db: PgPool) {
    rotterdam(&db).await;
    let id = insert(&db, place("Spamplek")).await;
    let (team, _) = wijkteam(&db).await;
    let r = team.post_form(&format!("/plekken/{id}/verbergen"), &[("reden", "spam")]).await;
    assert_eq!(r.status(), 403);
    let (admin, _) = signed_in(&db, "beheer@example.nl", "beheerder", &[]).await;
    let r = admin.post_form(&format!("/plekken/{id}/verbergen"), &[("reden", "spam")]).await;
    assert_eq!(r.status(), 303);
    let (bewoner, _) = resident(&db).await;
    assert_eq!(bewoner.page(&format!("/plekken/{id}")).await.status, 404);
    assert_eq!(bewoner.page(&format!("/plekken/{id}/geschiedenis")).await.status, 404);
    let seen = admin.page(&format!("/plekken/{id}")).await;
    assert_eq!(seen.status, 200);
    assert!(seen.count(".place-hidden") == 1);
    let audit = db::audit::by_action(&db, "place.hidden").await.unwrap();
    assert_eq!(audit[0].details["reason"], "spam");
    assert_eq!(admin.post_form(&format!("/plekken/{id}/tonen"), &[]).await.status(), 303);
    assert_eq!(bewoner.page(&format!("/plekken/{id}")).await.status, 200);
    let kinds: Vec<String> =
        sqlx::query_scalar("SELECT kind FROM place_revisions ORDER BY version")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(kinds, ["create", "hide", "unhide"]);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn saving_the_conflict_form_as_it_is_keeps_both_changes(db: PgPool) {
    let (first, second, path, mut a, mut b, id) = two_editors(&db).await;
    set(&mut a, "email", "nieuw@huiskamer.nl");
    set(&mut b, "telefoon", "010 999 88 77");
    set(&mut b, "omschrijving", "Soep op dinsdag.");
    assert_eq!(post(&first, &path, &a).await.status(), 303);
    let page = into_page(post(&second, &path, &b).await).await;
    assert_eq!(page.status, 409);
    // The form holds the other person's change next to the user's own.
    assert_eq!(page.attr("#email", "value").as_deref(), Some("nieuw@huiskamer.nl"));
    assert_eq!(page.attr("#telefoon", "value").as_deref(), Some("010 999 88 77"));
    assert!(page.text(".conflict-table").contains("nieuw@huiskamer.nl"));
    assert_eq!(page.count(".conflict-clash"), 0, "no field changed both ways");

    // Pressing "Opslaan" again, without touching anything, loses nothing.
    let mut again = edit_fields_of(&page);
    again.push(("versie", page.attr("input[name=versie]", "value").unwrap()));
    assert_eq!(post(&second, &path, &again).await.status(), 303);
    let stored = db::places::get(&db, id).await.unwrap().unwrap();
    assert_eq!(
        (stored.email.as_str(), stored.phone.as_str(), stored.description.as_str()),
        ("nieuw@huiskamer.nl", "010 999 88 77", "Soep op dinsdag.")
    );
    assert_eq!(stored.version, 3);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_field_changed_both_ways_keeps_the_saved_value_and_is_named(db: PgPool) {
    let (first, second, path, mut a, mut b, id) = two_editors(&db).await;
    set(&mut a, "telefoon", "010 222 33 44");
    set(&mut b, "telefoon", "010 999 88 77");
    assert_eq!(post(&first, &path, &a).await.status(), 303);
    let page = into_page(post(&second, &path, &b).await).await;
    assert_eq!(page.status, 409);
    assert_eq!(page.attr("#telefoon", "value").as_deref(), Some("010 222 33 44"));
    assert!(page.text(".conflict-clash").contains("Telefoon"), "{}", page.text(".conflict"));
    let stored = db::places::get(&db, id).await.unwrap().unwrap();
    assert_eq!(stored.phone, "010 222 33 44", "nothing was overwritten");
}
