//! Logging a visit, the dashboard's blind-spot order and counts, the
//! threshold and "Mijn opvolgacties". Also the visit fixtures the access
//! and retention tests share.

use chrono::{Days, Months, NaiveDate};
use haarvaten::db::{audit, visits};
use haarvaten::domain::place::PlaceType;
use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::{Page, TEST_PASSWORD, TestApp, create_user, login, spawn_app};
use crate::public::{closed, hide, insert, place, rotterdam, typed};

pub fn today() -> NaiveDate {
    haarvaten::domain::opening_hours::OpeningHours::today()
}

pub fn months_ago(n: u32) -> NaiveDate {
    today().checked_sub_months(Months::new(n)).unwrap()
}

pub fn days_from_today(n: i64) -> NaiveDate {
    if n >= 0 {
        today().checked_add_days(Days::new(n as u64)).unwrap()
    } else {
        today().checked_sub_days(Days::new((-n) as u64)).unwrap()
    }
}

/// A visit stored directly, as the form would store it.
pub struct Seed<'a> {
    pub place: Uuid,
    pub wijk: &'a str,
    pub on: NaiveDate,
    pub logger: Uuid,
    pub members: Vec<Uuid>,
    pub notes: &'a str,
    pub partners: Vec<&'a str>,
    pub followup: Option<(&'a str, NaiveDate)>,
}

impl<'a> Seed<'a> {
    pub fn new(place: Uuid, wijk: &'a str, on: NaiveDate, logger: Uuid) -> Self {
        Seed {
            place,
            wijk,
            on,
            logger,
            members: vec![],
            notes: "",
            partners: vec![],
            followup: None,
        }
    }
}

pub async fn seed_visit(db: &PgPool, s: Seed<'_>) -> Uuid {
    let id = Uuid::new_v4();
    let partners: Vec<String> = s.partners.iter().map(|p| p.to_string()).collect();
    sqlx::query(
        "INSERT INTO visits (id, place_id, wijk_code, visited_on, purpose, notes, partners,
                             followup_text, followup_due, logged_by)
         VALUES ($1, $2, $3, $4, 'kennismaken', $5, $6, $7, $8, $9)",
    )
    .bind(id)
    .bind(s.place)
    .bind(s.wijk)
    .bind(s.on)
    .bind(s.notes)
    .bind(&partners)
    .bind(s.followup.map(|f| f.0).unwrap_or(""))
    .bind(s.followup.map(|f| f.1))
    .bind(s.logger)
    .execute(db)
    .await
    .expect("insert visit");
    let mut members = s.members.clone();
    if !members.contains(&s.logger) {
        members.push(s.logger);
    }
    for m in members {
        sqlx::query("INSERT INTO visit_members (visit_id, user_id) VALUES ($1, $2)")
            .bind(id)
            .bind(m)
            .execute(db)
            .await
            .unwrap();
    }
    id
}

pub async fn logged_in(db: &PgPool, email: &str) -> TestApp {
    let app = spawn_app(db.clone()).await;
    assert_eq!(login(&app, email, TEST_PASSWORD).await, 303, "login {email}");
    app
}

pub async fn visit_count(db: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM visits").fetch_one(db).await.unwrap()
}

/// The dashboard's places in the order shown: (name, group).
fn order(page: &Page) -> Vec<(String, String)> {
    let sel = scraper::Selector::parse("li.wt-place").unwrap();
    page.html
        .select(&sel)
        .map(|e| {
            let v = e.value();
            (v.attr("data-name").unwrap().to_owned(), v.attr("data-group").unwrap().to_owned())
        })
        .collect()
}

fn item_attr(page: &Page, name: &str, attr: &str) -> String {
    page.attr(&format!("li.wt-place[data-name=\"{name}\"]"), attr)
        .unwrap_or_else(|| panic!("no {attr} for {name}"))
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_wijkteam_member_logs_a_visit_and_sees_it_on_the_dashboard(db: PgPool) {
    rotterdam(&db).await;
    let p = insert(&db, place("Huiskamer De Linde")).await;
    let me = create_user(&db, "anna@wijkteam.nl", "wijkteam", &["WK059901"]).await;
    let colleague = create_user(&db, "bram@wijkteam.nl", "wijkteam", &["WK059901"]).await;
    create_user(&db, "ander@wijkteam.nl", "wijkteam", &["WK059902"]).await;
    let app = logged_in(&db, "anna@wijkteam.nl").await;

    let form = app.page(&format!("/wijkteam/bezoeken/nieuw?plek={p}")).await;
    assert_eq!(form.status, 200);
    assert!(form.attr("form.wt-visit-form input[name=csrf_token]", "value").is_some());
    // The privacy warning sits above the notes and is tied to the field.
    assert!(form.text("#notities-warning").contains("geen namen of persoonlijke gegevens"));
    assert!(form.attr("#notities", "aria-describedby").unwrap().contains("notities-warning"));
    // Colleagues of this wijk only; the logger is always included.
    let choices = form.texts("label.check");
    assert!(choices.iter().any(|c| c.contains("bram@wijkteam.nl")));
    assert!(!choices.iter().any(|c| c.contains("ander@wijkteam.nl")));
    assert!(!choices.iter().any(|c| c.contains("anna@wijkteam.nl")));

    let due = days_from_today(3).to_string();
    let next = days_from_today(60).to_string();
    let on = today().to_string();
    let colleague_id = colleague.to_string();
    let response = app
        .post_form(
            "/wijkteam/bezoeken",
            &[
                ("plek", &p.to_string()),
                ("datum", &on),
                ("duur", "45"),
                ("leden", &colleague_id),
                ("doel", "kennismaken"),
                ("notities", "Gezellige ochtend, koffie en een krantje."),
                ("partners", "Stichting Buurtwerk\nBibliotheek Rotterdam"),
                ("opvolging", "Folder van de wijkagent brengen"),
                ("opvolging_datum", &due),
                ("volgend_bezoek", &next),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers()["location"], "/wijkteam?opgeslagen=1");

    let row: (i32, String, Vec<String>, String, NaiveDate, Uuid) = sqlx::query_as(
        "SELECT duration_minutes, purpose, partners, followup_text, followup_due, logged_by
         FROM visits WHERE place_id = $1",
    )
    .bind(p)
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(row.0, 45);
    assert_eq!(row.1, "kennismaken");
    assert_eq!(row.2, vec!["Stichting Buurtwerk", "Bibliotheek Rotterdam"]);
    assert_eq!(row.3, "Folder van de wijkagent brengen");
    assert_eq!(row.4.to_string(), due);
    assert_eq!(row.5, me);
    let mut members: Vec<Uuid> =
        sqlx::query_scalar("SELECT user_id FROM visit_members").fetch_all(&db).await.unwrap();
    members.sort();
    let mut expected = vec![me, colleague];
    expected.sort();
    assert_eq!(members, expected);
    assert_eq!(audit::by_action(&db, visits::actions::CREATED).await.unwrap().len(), 1);

    let dash = app.page("/wijkteam?opgeslagen=1").await;
    assert_eq!(dash.status, 200);
    assert!(dash.text("[role=status]").contains("opgeslagen"));
    assert_eq!(item_attr(&dash, "Huiskamer De Linde", "data-last-visit"), on);
    assert_eq!(item_attr(&dash, "Huiskamer De Linde", "data-visits-12m"), "1");
    assert_eq!(item_attr(&dash, "Huiskamer De Linde", "data-open-followups"), "1");
    assert_eq!(item_attr(&dash, "Huiskamer De Linde", "data-recency"), "recent");
    assert!(dash.text(".wt-followup").contains("Folder van de wijkagent brengen"));
    // The nav has the wijkteam link for members.
    assert_eq!(dash.attr(".nav-wijkteam", "href").as_deref(), Some("/wijkteam"));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn bad_visit_input_is_explained_next_to_each_field_and_the_input_is_kept(db: PgPool) {
    rotterdam(&db).await;
    let p = insert(&db, place("Huiskamer De Linde")).await;
    create_user(&db, "anna@wijkteam.nl", "wijkteam", &["WK059901"]).await;
    let app = logged_in(&db, "anna@wijkteam.nl").await;

    let future = days_from_today(5).to_string();
    let page = app
        .post_form_page(
            "/wijkteam/bezoeken",
            &[
                ("plek", &p.to_string()),
                ("datum", &future),
                ("duur", "veel"),
                ("notities", "Mijn tekst blijft staan"),
                ("opvolging", "Bellen"),
                ("volgend_bezoek", "morgen"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains("autofocus"));
    let summary = page.texts(".error-summary li a");
    assert_eq!(summary.len(), 5, "{summary:?}");
    assert_eq!(
        page.attr(".error-summary li a", "href").as_deref(),
        Some("#datum"),
        "first error links to the date"
    );
    assert_eq!(page.text("#datum-error"), "Het bezoek kan niet in de toekomst liggen.");
    assert_eq!(page.attr("#datum", "aria-describedby").as_deref(), Some("datum-error"));
    assert_eq!(page.attr("#datum", "aria-invalid").as_deref(), Some("true"));
    assert!(page.attr("#duur", "aria-describedby").unwrap().contains("duur-error"));
    assert!(page.text("#doel-error").contains("Kies waarom"));
    assert!(page.text("#opvolging_datum-error").contains("vóór welke datum"));
    assert!(page.text("#volgend_bezoek-error").contains("klopt niet"));
    // Input kept.
    assert_eq!(page.text("#notities"), "Mijn tekst blijft staan");
    assert_eq!(page.attr("#duur", "value").as_deref(), Some("veel"));
    assert_eq!(page.text("#opvolging"), "Bellen");
    assert_eq!(visit_count(&db).await, 0);

    // A date typed the Dutch way is fine.
    let dutch = today().format("%-d-%-m-%Y").to_string();
    let ok = app
        .post_form(
            "/wijkteam/bezoeken",
            &[("plek", &p.to_string()), ("datum", &dutch), ("doel", "anders")],
        )
        .await;
    assert_eq!(ok.status().as_u16(), 303);
    assert_eq!(visit_count(&db).await, 1);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_tampered_visit_form_never_gets_a_500(db: PgPool) {
    rotterdam(&db).await;
    let p = insert(&db, place("Huiskamer De Linde")).await;
    create_user(&db, "anna@wijkteam.nl", "wijkteam", &["WK059901"]).await;
    let outsider = create_user(&db, "ander@wijkteam.nl", "wijkteam", &["WK059902"]).await;
    let app = logged_in(&db, "anna@wijkteam.nl").await;
    let on = today().to_string();
    let pid = p.to_string();
    let cases: Vec<(Vec<(&str, &str)>, u16)> = vec![
        (vec![("datum", &on), ("doel", "anders")], 404),
        (vec![("plek", "geen-uuid"), ("datum", &on), ("doel", "anders")], 404),
        (vec![("plek", &pid), ("datum", &on), ("doel", "koffie")], 422),
        (vec![("plek", &pid), ("datum", "2025-02-30"), ("doel", "anders")], 422),
        (vec![("plek", &pid), ("datum", &on), ("doel", "anders"), ("duur", "99999999999")], 422),
    ];
    for (fields, status) in cases {
        let r = app.post_form("/wijkteam/bezoeken", &fields).await;
        assert_eq!(r.status().as_u16(), status, "{fields:?}");
    }
    // A member of another wijk cannot be named as present.
    let o = outsider.to_string();
    let page = app
        .post_form_page(
            "/wijkteam/bezoeken",
            &[("plek", &pid), ("datum", &on), ("doel", "anders"), ("leden", &o)],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(page.text("#leden-error").contains("teamleden van deze wijk"));
    // Without the CSRF token nothing is stored.
    let raw = app
        .post_form_raw("/wijkteam/bezoeken", &[("plek", &pid), ("datum", &on), ("doel", "anders")])
        .await;
    assert_eq!(raw.status().as_u16(), 403);
    assert_eq!(visit_count(&db).await, 0);
}

/// The seeded data set with known answers for the dashboard.
struct Dashboard {
    huiskamer_lang: Uuid,
    anna: Uuid,
}

async fn seed_dashboard(db: &PgPool) -> Dashboard {
    rotterdam(db).await;
    let anna = create_user(db, "anna@wijkteam.nl", "wijkteam", &["WK059901"]).await;
    let hvdw = |n: &str| typed(place(n), PlaceType::HuisVanDeWijk);
    insert(db, place("Huiskamer Nooit")).await;
    insert(db, typed(place("Zelfbeheer Nooit"), PlaceType::Zelfbeheer)).await;
    insert(db, hvdw("Buurthuis Nooit")).await;
    let lang = insert(db, place("Huiskamer Lang Geleden")).await;
    let recent = insert(db, place("Huiskamer Recent")).await;
    let bh_recent = insert(db, hvdw("Buurthuis Recent")).await;
    // Not on the dashboard: closed, hidden, or in another wijk.
    let gone = insert(db, closed(place("Huiskamer Opgeheven"))).await;
    let hidden = insert(db, place("Huiskamer Verborgen")).await;
    hide(db, hidden).await;
    let mut noord = place("Huiskamer Noord");
    noord.point = Some((4.15, 51.95));
    insert(db, noord).await;

    let w = "WK059901";
    seed_visit(db, Seed::new(lang, w, months_ago(8), anna)).await;
    seed_visit(db, Seed::new(lang, w, months_ago(14), anna)).await;
    seed_visit(db, Seed::new(recent, w, months_ago(1), anna)).await;
    let mut s = Seed::new(recent, w, months_ago(2), anna);
    s.followup = Some(("Terugbellen", days_from_today(-3)));
    seed_visit(db, s).await;
    let mut done = Seed::new(recent, w, months_ago(13), anna);
    done.followup = Some(("Al gedaan", months_ago(12)));
    let done = seed_visit(db, done).await;
    sqlx::query("UPDATE visits SET followup_done_at = now() WHERE id = $1")
        .bind(done)
        .execute(db)
        .await
        .unwrap();
    seed_visit(db, Seed::new(bh_recent, w, months_ago(3), anna)).await;
    seed_visit(db, Seed::new(gone, w, months_ago(1), anna)).await;
    Dashboard { huiskamer_lang: lang, anna }
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_dashboard_puts_blind_spots_first_with_correct_counts(db: PgPool) {
    let seeded = seed_dashboard(&db).await;
    let app = logged_in(&db, "anna@wijkteam.nl").await;
    let page = app.page("/wijkteam").await;
    assert_eq!(page.status, 200);
    let g = |n: &str, grp: &str| (n.to_owned(), grp.to_owned());
    assert_eq!(
        order(&page),
        vec![
            g("Huiskamer Nooit", "informeel-nooit"),
            g("Zelfbeheer Nooit", "informeel-nooit"),
            g("Buurthuis Nooit", "lang-niet"),
            g("Huiskamer Lang Geleden", "lang-niet"),
            g("Buurthuis Recent", "rest"),
            g("Huiskamer Recent", "rest"),
        ]
    );
    let counts = |n: &str| {
        (
            item_attr(&page, n, "data-visits-12m"),
            item_attr(&page, n, "data-open-followups"),
            item_attr(&page, n, "data-last-visit"),
        )
    };
    assert_eq!(counts("Huiskamer Nooit"), ("0".into(), "0".into(), String::new()));
    assert_eq!(
        counts("Huiskamer Lang Geleden"),
        ("1".into(), "0".into(), months_ago(8).to_string())
    );
    assert_eq!(counts("Huiskamer Recent"), ("2".into(), "1".into(), months_ago(1).to_string()));
    assert_eq!(counts("Buurthuis Recent"), ("1".into(), "0".into(), months_ago(3).to_string()));
    // Meaning is carried by text and shape too, never by colour alone.
    let lang = page.text("li.wt-place[data-name=\"Huiskamer Lang Geleden\"] .wt-recency");
    assert_eq!(lang, "▲ Langer dan 6 maanden niet bezocht");
    assert_eq!(page.count(".wt-legend li"), 3);
    // The overdue follow-up of a visit Anna made is hers.
    assert!(page.text(".wt-followup").contains("Terugbellen"));
    assert!(page.text(".wt-followup").contains("Te laat"));

    // The team raises the threshold to 12 months: the place visited 8
    // months ago is no longer a blind spot.
    let r = app.post_form("/wijkteam/drempel", &[("wijk", "WK059901"), ("maanden", "12")]).await;
    assert_eq!(r.status().as_u16(), 303);
    let page = app.page("/wijkteam").await;
    let order = order(&page);
    assert_eq!(order[2], g("Buurthuis Nooit", "lang-niet"));
    assert_eq!(order[3], g("Huiskamer Lang Geleden", "rest"));
    assert_eq!(page.attr("#maanden-WK059901", "value").as_deref(), Some("12"));
    assert_eq!(visits::threshold(&db, "WK059901").await.unwrap(), 12);
    assert_eq!(audit::by_action(&db, visits::actions::THRESHOLD_CHANGED).await.unwrap().len(), 1);

    // The same answers straight from the query, with a fixed day.
    let rows = visits::dashboard(&db, &["WK059901".to_owned()], today()).await.unwrap();
    assert_eq!(rows.len(), 6);
    let lang = rows.iter().find(|r| r.id == seeded.huiskamer_lang).unwrap();
    assert_eq!((lang.visits_12m, lang.threshold_months), (1, 12));
    let _ = seeded.anna;
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_wrong_threshold_is_explained_next_to_its_field(db: PgPool) {
    seed_dashboard(&db).await;
    let app = logged_in(&db, "anna@wijkteam.nl").await;
    let page =
        app.post_form_page("/wijkteam/drempel", &[("wijk", "WK059901"), ("maanden", "0")]).await;
    assert_eq!(page.status, 422);
    assert_eq!(page.text("#maanden-WK059901-error"), "Vul een getal in van 1 tot en met 36.");
    assert_eq!(page.attr("#maanden-WK059901", "value").as_deref(), Some("0"));
    assert!(
        page.attr("#maanden-WK059901", "aria-describedby")
            .unwrap()
            .contains("maanden-WK059901-error")
    );
    assert_eq!(visits::threshold(&db, "WK059901").await.unwrap(), 6);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn my_follow_ups_show_what_is_due_and_can_be_marked_done(db: PgPool) {
    rotterdam(&db).await;
    let p = insert(&db, place("Huiskamer De Linde")).await;
    let anna = create_user(&db, "anna@wijkteam.nl", "wijkteam", &["WK059901"]).await;
    let bram = create_user(&db, "bram@wijkteam.nl", "wijkteam", &["WK059901"]).await;
    let w = "WK059901";
    let mut s = Seed::new(p, w, months_ago(1), anna);
    s.followup = Some(("Te laat-actie", days_from_today(-1)));
    let overdue = seed_visit(&db, s).await;
    let mut s = Seed::new(p, w, months_ago(1), bram);
    s.members = vec![anna];
    s.followup = Some(("Binnenkort-actie", days_from_today(3)));
    seed_visit(&db, s).await;
    let mut s = Seed::new(p, w, months_ago(1), anna);
    s.followup = Some(("Later-actie", days_from_today(30)));
    seed_visit(&db, s).await;
    let mut s = Seed::new(p, w, months_ago(1), bram);
    s.followup = Some(("Van-Bram-actie", days_from_today(-1)));
    seed_visit(&db, s).await;

    let app = logged_in(&db, "anna@wijkteam.nl").await;
    let page = app.page("/wijkteam").await;
    let mine = page.texts(".wt-followup .wt-followup-text");
    assert_eq!(mine, vec!["Te laat-actie", "Binnenkort-actie"]);
    assert!(page.text(".wt-followup.wt-overdue").contains("Te laat"));

    let r = app.post_form(&format!("/wijkteam/bezoeken/{overdue}/opvolging-klaar"), &[]).await;
    assert_eq!(r.status().as_u16(), 303);
    let page = app.page("/wijkteam?klaar=1").await;
    assert_eq!(page.texts(".wt-followup .wt-followup-text"), vec!["Binnenkort-actie"]);
    assert_eq!(audit::by_action(&db, visits::actions::FOLLOWUP_DONE).await.unwrap().len(), 1);
    // Marking it again changes nothing and is no error.
    let r = app.post_form(&format!("/wijkteam/bezoeken/{overdue}/opvolging-klaar"), &[]).await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(audit::by_action(&db, visits::actions::FOLLOWUP_DONE).await.unwrap().len(), 1);
}
