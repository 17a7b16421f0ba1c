//! What officials and wijkteams ran into (issue 15, items 13-21): rates and
//! plurals, exports, the review page, restoring a version, "new since",
//! correcting visits, user management and residents' self-service.

use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::{Page, TEST_PASSWORD, create_user, spawn_app};
use crate::public::{area, insert, place, rotterdam};

fn cell(page: &Page, code: &str, col: &str) -> String {
    page.text(&format!("tr[data-code='{code}'] td[data-col='{col}']"))
}

/// A visit to `place` in `wijk`, `days` ago.
async fn visit(db: &PgPool, place: Uuid, wijk: &str, days: i32) {
    sqlx::query(
        "INSERT INTO visits (id, place_id, wijk_code, visited_on, purpose, notes)
         VALUES ($1, $2, $3, current_date - $4, 'kennismaken', '')",
    )
    .bind(Uuid::new_v4())
    .bind(place)
    .bind(wijk)
    .bind(days)
    .execute(db)
    .await
    .unwrap();
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn rates_have_one_precision_and_counts_take_the_right_plural(db: PgPool) {
    rotterdam(&db).await;
    // 75,825 inhabitants: 11 places are 0,145 per 1,000, one is 0,013.
    area(&db, "WK059903", "Charlois", Some("GM0599"), [4.2, 51.9, 4.3, 52.0], Some(75_825)).await;
    area(&db, "BU05990301", "Tarwewijk", Some("WK059903"), [4.2, 51.9, 4.3, 52.0], Some(75_825))
        .await;
    let mut f = place("Enige Plek");
    f.point = Some((4.25, 51.95));
    let only = insert(&db, f).await;
    visit(&db, only, "WK059903", 5).await;
    insert(&db, place("Centrum Een")).await;
    create_user(&db, "rotterdam@example.nl", "gemeente", &["GM0599"]).await;
    let app = spawn_app(db).await;
    app.login("rotterdam@example.nl", TEST_PASSWORD).await;

    let page = app.page("/overzicht?gemeente=GM0599").await;
    assert_eq!(
        page.text("tr[data-code='WK059903'] td[data-col='totaal'] .per-1000"),
        "minder dan 0,1 per 1.000 inwoners"
    );
    assert!(cell(&page, "WK059901", "totaal").contains("0,2 per 1.000"));
    assert_eq!(
        cell(&page, "WK059903", "bezoeken"),
        "1 van 1 plek bezocht in 12 maanden (100%), 1 bezoek"
    );
    assert_eq!(
        cell(&page, "WK059901", "bezoeken"),
        "0 van 1 plek bezocht in 12 maanden (0%), 0 bezoeken"
    );
    // The public wijken table uses the same rule.
    let page = app.page("/wijken?gemeente=GM0599").await;
    assert!(
        page.text("main").contains("minder dan 0,1 per 1.000 inwoners"),
        "{}",
        page.text("main")
    );
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_export_page_offers_closed_places_and_the_xlsx_summary_has_rates(db: PgPool) {
    let s = crate::overview::seed(&db).await;
    let app = spawn_app(db).await;

    // The form's own URL is a page to choose from, not an error.
    let page = app.page("/export/plekken").await;
    assert_eq!(page.status, 200, "{}", page.text("main"));
    assert_eq!(page.text("h1"), "Plekken downloaden: Rotterdam");
    assert_eq!(page.count("form[action='/export/plekken'] input[name=wijk]"), 3);
    assert_eq!(page.count("input[type=checkbox][name=opgeheven][value='1']"), 1);
    assert_eq!(page.count("input[name=beschermd]"), 0, "anonymous: no protected choice");

    // Every ready-made link has a twin with the closed places.
    let page = app.page("/overzicht?gemeente=GM0599").await;
    let with_closed = page.attr(".export-links a.with-closed", "href").expect("a link");
    assert_eq!(with_closed, "/export/plekken.csv?gemeente=GM0599&opgeheven=1");
    let csv = app.get(&with_closed).await.text().await.unwrap();
    assert!(csv.contains(&s.closed_recently.to_string()));
    let csv = app.get("/export/plekken?gemeente=GM0599&formaat=csv").await.text().await.unwrap();
    assert!(!csv.contains(&s.closed_recently.to_string()));
    let csv = app
        .get("/export/plekken?gemeente=GM0599&formaat=csv&opgeheven=1")
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains(&s.closed_recently.to_string()));

    let body = app.get("/export/plekken.xlsx?gemeente=GM0599").await.bytes().await.unwrap();
    let rows = summary_rows(&body);
    let head = rows.iter().find(|r| r[0] == "wijk_code").expect("header");
    assert_eq!(&head[7..9], ["inwoners", "open_per_1000_inwoners"]);
    let centrum = rows.iter().find(|r| r[0] == "WK059901").unwrap();
    assert_eq!(&centrum[7..9], ["5000.000", "0.600"]);
    // Noord has no population figure: no rate is invented.
    let noord = rows.iter().find(|r| r[0] == "WK059902").unwrap();
    assert_eq!(noord.get(7).map(String::as_str).unwrap_or(""), "");
    let total = rows.iter().find(|r| r[0] == "totaal").expect("a total row");
    assert_eq!(total[2], "5.000");
    assert_eq!(&total[7..9], ["7000.000", "0.714"]);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_review_page_names_wijk_and_buurt_and_maps_the_proposed_point(db: PgPool) {
    use crate::proposals::{new_place_form, post, resident, wijkteam};
    rotterdam(&db).await;
    let (bewoner, _) = resident(&db).await;
    let mut form = new_place_form("Huiskamer Op De Kaart");
    for (k, v) in form.iter_mut() {
        match *k {
            "lon" => *v = "4.021".into(),
            "lat" => *v = "51.952".into(),
            _ => {}
        }
    }
    assert_eq!(post(&bewoner, "/plekken/nieuw", &form).await.status(), 303);
    let id: Uuid =
        sqlx::query_scalar("SELECT id FROM place_proposals").fetch_one(&db).await.unwrap();
    let (team, _) = wijkteam(&db).await;
    let page = team.page(&format!("/beoordelen/{id}")).await;
    assert_eq!(page.status, 200);
    let diff = page.text("table.diff");
    assert!(diff.contains("Oude Westen (BU05990101)"), "{diff}");
    assert!(diff.contains("Centrum (WK059901)"), "{diff}");
    // A map of the point, with the coordinates in text without JavaScript.
    assert_eq!(page.attr("[data-point-map]", "data-lon").as_deref(), Some("4.021000"));
    assert_eq!(page.attr("[data-point-map]", "data-lat").as_deref(), Some("51.952000"));
    assert!(page.text(".review-point").contains("51.952000, 4.021000"));
    assert!(page.body.contains("/static/js/point-map.js"));
    assert_eq!(team.get("/static/js/point-map.js").await.status(), 200);
}

/// Imports places from CSV as `haarvaten import places` does.
async fn import_csv(db: &PgPool, csv: &str) {
    use haarvaten::import::places::{Options, run_bytes};
    let outcome = run_bytes(db, "plekken.csv", csv.as_bytes().to_vec(), &Options::new(None))
        .await
        .expect("import");
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
}

const CSV_HEAD: &str = "naam,type,categorie,lon,lat,precisie,initiatiefnemer,opgericht\n";

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn places_of_the_first_import_are_the_baseline_not_new(db: PgPool) {
    rotterdam(&db).await;
    let year = chrono::Datelike::year(&chrono::Utc::now());
    import_csv(
        &db,
        &format!(
            "{CSV_HEAD}Oud Buurthuis,zelfbeheer,buurthuis,4.03,51.95,exact,bewoners,\n\
             Nieuwe Huiskamer,huiskamer,huiskamer,4.04,51.95,exact,bewoners,{year}\n"
        ),
    )
    .await;
    // The first import was a month ago.
    sqlx::query("UPDATE imported_places SET imported_at = now() - interval '30 days'")
        .execute(&db)
        .await
        .unwrap();
    sqlx::query("UPDATE places SET created_at = now() - interval '30 days'")
        .execute(&db)
        .await
        .unwrap();
    // A later import and a place added on the site: both new.
    import_csv(
        &db,
        &format!("{CSV_HEAD}Later Geladen,huiskamer,huiskamer,4.05,51.95,exact,bewoners,\n"),
    )
    .await;
    insert(&db, place("Op De Site")).await;
    let app = spawn_app(db).await;

    let page = app.page("/overzicht?gemeente=GM0599").await;
    // Founded this year, the later import and the site: not "Oud Buurthuis".
    assert_eq!(cell(&page, "WK059901", "nieuw"), "3");
    assert_eq!(cell(&page, "GM0599", "nieuw"), "3");
    let first = (chrono::Utc::now() - chrono::Duration::days(30))
        .with_timezone(&chrono_tz::Europe::Amsterdam)
        .date_naive();
    let basis = page.text("[data-meta='basis']");
    assert!(
        basis.starts_with(&format!("eerste import op {}", haarvaten::i18n::Lang::Nl.date(first))),
        "{basis}"
    );
    let page = app.page("/overzicht/WK059901").await;
    assert_eq!(cell(&page, "BU05990101", "nieuw"), "3");
    assert!(page.text("[data-meta='basis']").starts_with("eerste import op"));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn restoring_asks_first_says_it_worked_and_version_1_keeps_the_import_time(db: PgPool) {
    use crate::proposals::{edit_fields_of, post, set, wijkteam};
    rotterdam(&db).await;
    import_csv(
        &db,
        &format!("{CSV_HEAD}Uit De Import,huiskamer,huiskamer,4.03,51.95,exact,bewoners,\n"),
    )
    .await;
    // As if the import ran long ago: the place and the revision the import
    // wrote carry its time.
    sqlx::query(
        "UPDATE places SET created_at = '2025-01-15 09:30+01', updated_at = '2025-01-15 09:30+01'",
    )
    .execute(&db)
    .await
    .unwrap();
    sqlx::query("UPDATE place_revisions SET created_at = '2025-01-15 09:30+01'")
        .execute(&db)
        .await
        .unwrap();
    let id: Uuid = sqlx::query_scalar("SELECT id FROM places").fetch_one(&db).await.unwrap();
    let (team, _) = wijkteam(&db).await;
    let path = format!("/plekken/{id}/bewerken");
    let mut form = edit_fields_of(&team.page(&path).await);
    form.push(("versie", "1".into()));
    set(&mut form, "naam", "Nieuwe Naam");
    assert_eq!(post(&team, &path, &form).await.status(), 303);

    let history = team.page(&format!("/plekken/{id}/geschiedenis")).await;
    let v1 = history.text("#versie-1 p.muted");
    assert!(v1.starts_with("15 januari 2025 09:30"), "{v1}");
    // Restoring is a link to a page that asks first; no form posts at once.
    let href = history.attr("#versie-1 a.restore-link", "href").expect("a restore link");
    assert_eq!(history.count("form[action$='/terugzetten']"), 0);
    let confirm = team.page(&href).await;
    assert_eq!(confirm.status, 200);
    assert_eq!(confirm.text("h1"), "Versie 1 terugzetten?");
    assert!(confirm.text("table.diff").contains("Nieuwe Naam"));
    assert!(confirm.text("table.diff").contains("Uit De Import"));
    let name: String = sqlx::query_scalar("SELECT name FROM places").fetch_one(&db).await.unwrap();
    assert_eq!(name, "Nieuwe Naam", "showing the question changes nothing");

    let r = team.post_form(&href, &[("versie", "2")]).await;
    assert_eq!(r.status(), 303);
    let back = crate::proposals::location(&r);
    let page = team.page(&back).await;
    assert_eq!(page.text(".restored-notice"), "Versie 1 is teruggezet. Dat is nu versie 3.");
    let name: String = sqlx::query_scalar("SELECT name FROM places").fetch_one(&db).await.unwrap();
    assert_eq!(name, "Uit De Import");
    // A version that cannot be restored has no question page.
    assert_eq!(team.page(&format!("/plekken/{id}/geschiedenis/3/terugzetten")).await.status, 404);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn who_logged_a_visit_can_correct_and_remove_it_and_sees_the_retention(db: PgPool) {
    use crate::proposals::{signed_in, wijkteam};
    rotterdam(&db).await;
    let place_id = insert(&db, place("Huiskamer Bezocht")).await;
    let (author, author_id) = wijkteam(&db).await;
    let (colleague, colleague_id) =
        signed_in(&db, "collega@example.nl", "wijkteam", &["WK059901"]).await;
    let yesterday = (chrono::Utc::now().date_naive() - chrono::Duration::days(1)).to_string();
    let r = author
        .post_form(
            "/wijkteam/bezoeken",
            &[
                ("plek", &place_id.to_string()),
                ("datum", &yesterday),
                ("doel", "kennismaken"),
                ("leden", &colleague_id.to_string()),
                ("notities", "Eerste indruk"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let id: Uuid = sqlx::query_scalar("SELECT id FROM visits").fetch_one(&db).await.unwrap();

    // The form says how long notes are kept; so does the visit page.
    let form = author.page(&format!("/wijkteam/bezoeken/nieuw?plek={place_id}")).await;
    assert!(form.text(".wt-retention").contains("24 maanden na het bezoek"));
    let visit = author.page(&format!("/wijkteam/bezoeken/{id}")).await;
    assert!(visit.text(".wt-retention").contains("24 maanden"));
    let edit_href = visit.attr("a.visit-edit", "href").expect("an edit link");
    assert!(visit.attr("a.visit-delete", "href").is_some());

    // A colleague who was there reads it, but it is not theirs to change.
    let seen = colleague.page(&format!("/wijkteam/bezoeken/{id}")).await;
    assert_eq!(seen.count("a.visit-edit"), 0);
    assert_eq!(colleague.page(&edit_href).await.status, 403);

    // The form comes back with what was stored; a wrong field keeps the input.
    let form = author.page(&edit_href).await;
    assert_eq!(form.text("h1"), "Bezoek aanpassen");
    assert_eq!(form.text("#notities"), "Eerste indruk");
    assert_eq!(form.count("input[name=leden][checked]"), 1);
    let bad = crate::helpers::into_page(
        author
            .post_form(
                &edit_href,
                &[("datum", "morgen"), ("doel", "anders"), ("notities", "Beter")],
            )
            .await,
    )
    .await;
    assert_eq!(bad.status, 422);
    assert!(!bad.text("#datum-error").is_empty());
    assert_eq!(bad.text("#notities"), "Beter");
    let r = author
        .post_form(&edit_href, &[("datum", &yesterday), ("doel", "anders"), ("notities", "Beter")])
        .await;
    assert_eq!(r.status(), 303);
    let page = author.page(&crate::proposals::location(&r)).await;
    assert_eq!(page.text(".notice-info"), "Het bezoek is aangepast.");
    let (notes, purpose): (String, String) =
        sqlx::query_as("SELECT notes, purpose FROM visits WHERE id = $1")
            .bind(id)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!((notes.as_str(), purpose.as_str()), ("Beter", "anders"));
    let members: i64 = sqlx::query_scalar("SELECT count(*) FROM visit_members WHERE visit_id = $1")
        .bind(id)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(members, 1, "the colleague was unticked; the author stays");

    // Removing asks first.
    let delete = format!("/wijkteam/bezoeken/{id}/verwijderen");
    assert_eq!(colleague.post_form(&delete, &[]).await.status(), 403);
    let ask = author.page(&delete).await;
    assert!(ask.text("main").contains("Huiskamer Bezocht"));
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM visits").fetch_one(&db).await.unwrap(),
        1
    );
    let r = author.post_form(&delete, &[]).await;
    assert_eq!(crate::proposals::location(&r), "/wijkteam?verwijderd=1");
    let dash = author.page("/wijkteam?verwijderd=1").await;
    assert!(dash.text("main").contains("Het bezoek is verwijderd."));
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM visits").fetch_one(&db).await.unwrap(),
        0
    );
    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE actor_id = $1 AND action LIKE 'visit.%' ORDER BY id",
    )
    .bind(author_id)
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(actions, ["visit.created", "visit.updated", "visit.deleted"]);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_beheerder_picks_wijken_by_name_finds_users_and_reads_a_filtered_log(db: PgPool) {
    use crate::proposals::{new_place_form, post, resident, signed_in};
    rotterdam(&db).await;
    let (bewoner, _) = resident(&db).await;
    assert_eq!(
        post(&bewoner, "/plekken/nieuw", &new_place_form("Voorstel Voor Log")).await.status(),
        303
    );
    let piet = create_user(&db, "piet@example.nl", "bewoner", &[]).await;
    create_user(&db, "team@example.nl", "wijkteam", &["WK059901"]).await;
    let (admin, _) = signed_in(&db, "baas@example.nl", "beheerder", &[]).await;

    // Users: search by e-mail and role.
    let page = admin.page("/beheer/gebruikers?zoek=PIET").await;
    assert_eq!(page.texts(".user-email"), ["piet@example.nl"]);
    assert!(page.text(".user-count").starts_with("1 van 4 accounts"));
    let page = admin.page("/beheer/gebruikers?rol=wijkteam").await;
    assert_eq!(page.texts(".user-email"), ["team@example.nl"]);

    // Wijken by name, as checkboxes of the gemeente; no codes to type.
    let edit = admin.page(&format!("/beheer/gebruikers/{piet}")).await;
    let labels = edit.texts(".wijk-choices label");
    assert!(labels.contains(&"Centrum (WK059901)".to_owned()), "{labels:?}");
    assert!(labels.contains(&"Noord (WK059902)".to_owned()));
    assert!(edit.text("select#gemeente").contains("Rotterdam (GM0599)"));
    let r = admin
        .post_form(
            &format!("/beheer/gebruikers/{piet}"),
            &[("role", "wijkteam"), ("wijken", "WK059902"), ("wijken", ""), ("gemeente", "")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let edit = admin.page(&format!("/beheer/gebruikers/{piet}")).await;
    assert_eq!(edit.attr(".wijk-choices input[checked]", "value").as_deref(), Some("WK059902"));

    // The log reads as words, links its subjects, records the proposal
    // and filters by kind and by who.
    let log = admin.page("/beheer/audit?soort=proposal").await;
    assert_eq!(log.texts(".audit-action"), ["Voorstel ingediend"]);
    let link = log.attr(".audit-subject a", "href").expect("a link to the proposal");
    assert!(link.starts_with("/beoordelen/"));
    assert!(log.text(".audit-details").starts_with("wijk: WK059901"));
    let log = admin.page("/beheer/audit?soort=user&wie=baas").await;
    assert_eq!(log.texts(".audit-action"), ["Rol veranderd"]);
    assert!(!log.body.contains("{\""), "no raw JSON");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_resident_downloads_everything_kept_about_their_account(db: PgPool) {
    use crate::proposals::{new_place_form, post, resident, signed_in};
    rotterdam(&db).await;
    let place_id = insert(&db, place("Huiskamer Met Tip")).await;
    let (bewoner, _) = resident(&db).await;
    assert_eq!(
        post(&bewoner, "/plekken/nieuw", &new_place_form("Mijn Voorstel")).await.status(),
        303
    );
    let r = bewoner
        .post_form(
            &format!("/plekken/{place_id}/opmerking"),
            &[("soort", "tip"), ("tekst", "Op dinsdag is er soep")],
        )
        .await;
    assert!(r.status().is_redirection(), "{}", r.status());
    let (other, _) = signed_in(&db, "ander@example.nl", "bewoner", &[]).await;
    post(&other, "/plekken/nieuw", &new_place_form("Niet Van Mij")).await;

    let me: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'bewoner@example.nl'")
            .fetch_one(&db)
            .await
            .unwrap();
    use haarvaten::domain::notify::{Delivery, NoticeKind};
    haarvaten::db::notifications::set_setting(&db, me, NoticeKind::Decision, Delivery::Digest)
        .await
        .unwrap();

    let account = bewoner.page("/account").await;
    let href = account.attr("a.my-data", "href").expect("a download link");
    let r = bewoner.get(&href).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-disposition"].to_str().unwrap().contains("attachment"));
    assert!(r.headers()["cache-control"].to_str().unwrap().contains("no-store"));
    let data: serde_json::Value = r.json().await.unwrap();
    assert_eq!(data["account"]["email"], "bewoner@example.nl");
    assert_eq!(data["proposals"][0]["name"], "Mijn Voorstel");
    assert_eq!(data["notes"][0]["text"], "Op dinsdag is er soep");
    assert!(data["login_attempts"].as_array().unwrap().iter().any(|a| a["succeeded"] == true));
    assert_eq!(data["notification_settings"][0]["delivery"], "digest");
    assert!(data["notifications"].is_array());
    assert!(data["log"].as_array().unwrap().iter().any(|e| e["action"] == "proposal.created"));
    let text = data.to_string();
    assert!(!text.contains("Niet Van Mij") && !text.contains("ander@example.nl"));

    // Only for who is signed in.
    let anonymous = spawn_app(db).await;
    let r = anonymous.get(&href).await;
    assert_eq!(r.status(), 303);
}

/// The rows of an XLSX export's summary sheet as text (numbers with three
/// decimals, empty cells empty).
pub fn summary_rows(body: &[u8]) -> Vec<Vec<String>> {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(body.to_vec())).unwrap();
    let sheet = wb.worksheet_range("Samenvatting").unwrap();
    let text = |d: &Data| match d {
        Data::String(s) => s.clone(),
        Data::Float(x) => format!("{x:.3}"),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    };
    sheet.rows().map(|r| r.iter().map(text).collect()).collect()
}
