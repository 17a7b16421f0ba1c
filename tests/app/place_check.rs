//! "Klopt dit nog?" (issue 12, item 4) against a real SMTP server: the
//! yearly question with its signed link, "Ja, klopt" setting the verified
//! date as confirmed by the place, "Er is iets veranderd" landing in the
//! review queue, staff asking from the place page, links that are used,
//! expired or changed, the overview's counts, and that neither page nor
//! mail shows what a private huiskamer keeps to itself.

use chrono::Duration;
use haarvaten::domain::place::Precision;
use haarvaten::mail::Outbox;
use haarvaten::ops::place_checks::ask_yearly;
use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::{TEST_PASSWORD, create_user, into_page, login};
use crate::mail::wait_marked_sent;
use crate::mail_sink::{BASE_URL, MailSink, path_of};
use crate::public::{hide, insert, place, rotterdam};

fn today() -> chrono::NaiveDate {
    haarvaten::domain::opening_hours::OpeningHours::today()
}

async fn with_email(db: &PgPool, name: &str, email: &str) -> Uuid {
    let mut f = place(name);
    f.email = email.into();
    insert(db, f).await
}

async fn private_huiskamer(db: &PgPool) -> Uuid {
    let mut f = place("Huiskamer bij Ans");
    f.precision = Precision::Buurt;
    f.address = "Geheimstraat 12".into();
    f.postcode = "3014 XX".into();
    f.email = "ans@thuis.example.nl".into();
    f.opening_hours = "Mo 10:00-12:00".into();
    insert(db, f).await
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_yearly_check_confirms_or_reports_a_change_through_its_link(db: PgPool) {
    rotterdam(&db).await;
    let sink = MailSink::start();
    let app = sink.spawn_app(db.clone()).await;
    create_user(&db, "team@example.nl", "wijkteam", &["WK059901"]).await;
    let anker = with_email(&db, "Buurthuis Het Anker", "info@anker.example.nl").await;
    insert(&db, place("Zonder adres")).await;
    let hidden = with_email(&db, "Verborgen plek", "verborgen@example.nl").await;
    hide(&db, hidden).await;
    let ans = private_huiskamer(&db).await;

    let outbox = Outbox::from_config(&sink.config());
    assert_eq!(ask_yearly(&db, &outbox, today(), 50).await.unwrap(), 2);
    assert_eq!(ask_yearly(&db, &outbox, today(), 50).await.unwrap(), 0, "once a year");
    let mails = sink.wait_for(2, 15).await;
    let mail = mails.iter().find(|m| m.rcpt_tos == ["info@anker.example.nl"]).unwrap();
    assert_eq!(mail.subject, "Klopt dit nog? Buurthuis Het Anker op Haarvaten");
    assert!(mail.text().contains("De link werkt 60 dagen"), "{}", mail.text());
    let link = mail.link(&format!("{BASE_URL}/klopt-dit-nog/"));
    assert!(mail.html.as_deref().unwrap().contains(&format!("href=\"{link}\"")));

    // "Ja, klopt": the verified date is today, recorded as confirmed by the place.
    let page = app.page(path_of(&link)).await;
    assert_eq!(page.status, 200);
    assert!(page.text("h1").contains("Klopt dit nog?"));
    assert!(page.text(".check-facts").contains("info@anker.example.nl"));
    let yes = format!("{}/ja", path_of(&link));
    assert_eq!(page.attr("form.check-yes", "action").as_deref(), Some(yes.as_str()));
    let done = app.post_form_page(&yes, &[]).await;
    assert_eq!(done.status, 200);
    assert!(done.text(".check-done").contains("nog klopt"), "{}", done.body);
    let verified: Option<chrono::NaiveDate> =
        sqlx::query_scalar("SELECT last_verified FROM places WHERE id = $1")
            .bind(anker)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(verified, Some(today()));
    let rev: (String, Option<Uuid>, String) = sqlx::query_as(
        "SELECT kind, author_id, note FROM place_revisions WHERE place_id = $1 ORDER BY version DESC LIMIT 1",
    )
    .bind(anker)
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(rev, ("verify".into(), None, "Bevestigd door de plek".into()));
    assert_eq!(
        haarvaten::db::audit::by_action(&db, "place.confirmed_by_place").await.unwrap().len(),
        1
    );
    // Used: a Dutch 4xx page, and nothing changes.
    let again = into_page(app.post_form(&yes, &[]).await).await;
    assert_eq!(again.status, 410);
    assert!(again.text(".check-error").contains("al gebruikt"));
    assert_eq!(app.page(path_of(&link)).await.status, 410);

    // The private huiskamer: neither mail nor page shows its address.
    let mail = mails.iter().find(|m| m.rcpt_tos == ["ans@thuis.example.nl"]).unwrap();
    let link = mail.link(&format!("{BASE_URL}/klopt-dit-nog/"));
    let show = app.page(path_of(&link)).await;
    let changed_path = format!("{}/veranderd", path_of(&link));
    let form = app.page(&changed_path).await;
    assert_eq!(form.status, 200);
    assert_eq!(form.attr("input[name=naam]", "value").as_deref(), Some("Huiskamer bij Ans"));
    assert_eq!(form.attr("input[name=adres]", "value").as_deref(), Some(""));
    for body in [mail.text(), mail.html.as_deref().unwrap(), &show.body, &form.body] {
        for secret in ["Geheimstraat", "3014 XX", "51.95", "4.02"] {
            assert!(!body.contains(secret), "{secret} shown: {body}");
        }
    }
    // Nothing changed: asked again, the link still works.
    let unchanged = [
        ("naam", "Huiskamer bij Ans"),
        ("openingstijden", "Mo 10:00-12:00"),
        ("email", "ans@thuis.example.nl"),
    ];
    let nothing = app.post_form_page(&changed_path, &unchanged).await;
    assert_eq!(nothing.status, 422);
    assert!(nothing.text("#opmerking-error").contains("U veranderde niets"));
    let fields = [
        ("naam", "Huiskamer bij Ans"),
        ("openingstijden", "Tu 10:00-12:00"),
        ("email", "ans@thuis.example.nl"),
        ("opmerking", "Wij zijn nu op dinsdag open."),
    ];
    let sent = app.post_form_page(&changed_path, &fields).await;
    assert_eq!(sent.status, 200);
    assert!(sent.text(".check-done").contains("Het wijkteam kijkt ernaar"));
    let (body, reply): (String, Option<String>) = sqlx::query_as(
        "SELECT body, reply_email FROM place_annotations WHERE place_id = $1 AND kind = 'correctie'",
    )
    .bind(ans)
    .fetch_one(&db)
    .await
    .unwrap();
    assert!(body.contains("Openingstijden: Tu 10:00-12:00"), "{body}");
    assert!(body.contains("Wij zijn nu op dinsdag open."), "{body}");
    assert!(!body.contains("Naam:") && !body.contains("E-mail:"), "only what changed: {body}");
    assert_eq!(reply.as_deref(), Some("ans@thuis.example.nl"));
    // It waits in the queue, and the wijkteam hears of it.
    let mails = sink.wait_for(3, 15).await;
    assert!(mails.iter().any(|m| m.rcpt_tos == ["team@example.nl"]
        && m.subject == "Melding: klopt er iets niet bij Huiskamer bij Ans?"));
    let team = sink.spawn_app(db.clone()).await;
    assert_eq!(login(&team, "team@example.nl", TEST_PASSWORD).await, 303);
    let queue = team.page("/beoordelen").await;
    assert!(queue.body.contains("Wij zijn nu op dinsdag open."), "{}", queue.body);

    // The overview: two asked in Centrum this year, both answered.
    let overview = app.page("/overzicht?gemeente=GM0599").await;
    assert_eq!(overview.text(".checks-table td[data-col=gevraagd]"), "2");
    assert_eq!(overview.text(".checks-table td[data-col=beantwoord]"), "2");
    wait_marked_sent(&db, 3).await;
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_changed_or_expired_link_gets_a_dutch_page_and_changes_nothing(db: PgPool) {
    rotterdam(&db).await;
    let sink = MailSink::start();
    let app = sink.spawn_app(db.clone()).await;
    let id = with_email(&db, "Buurthuis Het Anker", "info@anker.example.nl").await;
    let outbox = Outbox::from_config(&sink.config());
    assert_eq!(ask_yearly(&db, &outbox, today(), 50).await.unwrap(), 1);
    let link = sink.wait_for(1, 15).await[0].link(&format!("{BASE_URL}/klopt-dit-nog/"));
    let path = path_of(&link).to_owned();

    let last = path.chars().last().unwrap();
    let tampered = format!("{}{}", &path[..path.len() - 1], if last == '0' { '1' } else { '0' });
    let page = app.page(&tampered).await;
    assert_eq!(page.status, 400);
    assert!(page.text(".check-error").contains("Deze link klopt niet"));
    let r = into_page(app.post_form(&format!("{tampered}/ja"), &[]).await).await;
    assert_eq!(r.status, 400);

    // Signed right, but 61 days old.
    let key = haarvaten::db::place_checks::key(&db).await.unwrap();
    let old = haarvaten::domain::place_check::sign(&key, id, today() - Duration::days(61));
    let page = app.page(&format!("/klopt-dit-nog/{old}")).await;
    assert_eq!(page.status, 410);
    assert!(page.text(".check-error").contains("ouder dan 60 dagen"));
    let r = into_page(
        app.post_form(&format!("/klopt-dit-nog/{old}/veranderd"), &[("opmerking", "x")]).await,
    )
    .await;
    assert_eq!(r.status, 410);

    let verified: Option<chrono::NaiveDate> =
        sqlx::query_scalar("SELECT last_verified FROM places WHERE id = $1")
            .bind(id)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(verified, None);
    let notes: i64 =
        sqlx::query_scalar("SELECT count(*) FROM place_annotations").fetch_one(&db).await.unwrap();
    assert_eq!(notes, 0);
    // The real link still works.
    assert_eq!(app.page(&path).await.status, 200);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn staff_who_may_verify_send_the_check_from_the_place_page(db: PgPool) {
    rotterdam(&db).await;
    let sink = MailSink::start();
    let app = sink.spawn_app(db.clone()).await;
    let staff = create_user(&db, "team@example.nl", "wijkteam", &["WK059901"]).await;
    assert_eq!(login(&app, "team@example.nl", TEST_PASSWORD).await, 303);
    let id = with_email(&db, "Buurthuis Het Anker", "info@anker.example.nl").await;
    let page = app.page(&format!("/plekken/{id}")).await;
    let action = format!("/plekken/{id}/klopt-dit-nog");
    assert_eq!(page.attr("form.check-ask-form", "action").as_deref(), Some(action.as_str()));
    let r = app.post_form(&action, &[]).await;
    assert_eq!(r.status(), 303);
    let shown = app.page(r.headers()["location"].to_str().unwrap()).await;
    assert!(shown.body.contains("gaat naar de plek"), "{}", shown.body);
    let mails = sink.wait_for(1, 15).await;
    assert_eq!(mails[0].rcpt_tos, vec!["info@anker.example.nl"]);
    let asked_by: Option<Uuid> =
        sqlx::query_scalar("SELECT asked_by FROM place_checks").fetch_one(&db).await.unwrap();
    assert_eq!(asked_by, Some(staff));
    // Once a day.
    let r = app.post_form(&action, &[]).await;
    let shown = app.page(r.headers()["location"].to_str().unwrap()).await;
    assert!(shown.body.contains("kon niet worden verstuurd"), "{}", shown.body);
    // A bewoner may not.
    let resident = sink.spawn_app(db.clone()).await;
    create_user(&db, "bewoner@example.nl", "bewoner", &[]).await;
    assert_eq!(login(&resident, "bewoner@example.nl", TEST_PASSWORD).await, 303);
    assert_eq!(resident.post_form(&action, &[]).await.status(), 403);
    wait_marked_sent(&db, 1).await;
}
