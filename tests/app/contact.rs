//! "Stuur een bericht" and "Klopt er iets niet?" on place pages (issue 12):
//! the relay through a real SMTP server, Reply-To, the fallback to the
//! wijkteam, the honeypot, rate limits, and that the sender never sees
//! the recipient's address or a private huiskamer's location.

use haarvaten::domain::place::Precision;

use crate::helpers::{TEST_PASSWORD, create_user, login, spawn_app};
use crate::mail::wait_marked_sent;
use crate::mail_sink::MailSink;
use crate::public::{insert, place, rotterdam};

async fn private_huiskamer(db: &sqlx::PgPool, email: &str) -> uuid::Uuid {
    let mut f = place("Huiskamer bij Ans");
    f.precision = Precision::Buurt;
    f.address = "Geheimstraat 12".into();
    f.email = email.into();
    insert(db, f).await
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_message_reaches_the_place_with_the_sender_as_reply_to(db: sqlx::PgPool) {
    rotterdam(&db).await;
    let sink = MailSink::start();
    let app = sink.spawn_app(db.clone()).await;
    let id = private_huiskamer(&db, "ans@thuis.example.nl").await;

    let show = app.page(&format!("/plekken/{id}")).await;
    assert_eq!(show.attr("a.reach-message", "href"), Some(format!("/plekken/{id}/bericht")));
    assert_eq!(show.count("form input[name=csrf_token][value]"), 0, "the place page holds no form");
    let form = app.page(&format!("/plekken/{id}/bericht")).await;
    assert_eq!(form.status, 200);
    assert_eq!(form.count("form.contact-form textarea[name=tekst]"), 1);
    // The place lists its own address on its page if it likes; the form
    // never shows where a message goes, and neither page the location.
    assert!(!form.body.contains("ans@thuis.example.nl"), "the form never shows the address");
    for page in [&show, &form] {
        assert!(!page.body.contains("Geheimstraat"), "the private address is never shown");
        assert!(!page.body.contains("4.02") && !page.body.contains("51.95"), "nor the point");
    }

    let fields = [
        ("naam", "Kees"),
        ("email", "kees@example.nl"),
        ("tekst", "Mag ik dinsdag langskomen?\nGroet"),
    ];
    let r = app.post_form(&format!("/plekken/{id}/bericht"), &fields).await;
    assert_eq!(r.status().as_u16(), 303);
    let thanks = app.page(r.headers()["location"].to_str().unwrap()).await;
    assert!(thanks.text(".contact-sent").contains("Uw bericht is verstuurd"));
    assert!(!thanks.body.contains("ans@thuis.example.nl"));

    let mails = sink.wait_for(1, 15).await;
    let m = &mails[0];
    assert_eq!(m.rcpt_tos, vec!["ans@thuis.example.nl"]);
    assert_eq!(m.reply_to.as_deref(), Some("kees@example.nl"));
    assert_eq!(m.subject, "Bericht via Haarvaten over Huiskamer bij Ans");
    assert!(m.text().contains("> Mag ik dinsdag langskomen?\n> Groet"), "{}", m.text());
    assert!(m.html.as_deref().unwrap().contains("Mag ik dinsdag langskomen?"));
    // Not kept after sending.
    wait_marked_sent(&db, 1).await;
    let kept: (String, Option<String>) =
        sqlx::query_as("SELECT body_text, reply_to FROM mail_outbox").fetch_one(&db).await.unwrap();
    assert_eq!(kept, (String::new(), None));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn without_an_address_the_wijkteam_gets_it_and_bad_input_is_kept(db: sqlx::PgPool) {
    rotterdam(&db).await;
    let sink = MailSink::start();
    let app = sink.spawn_app(db.clone()).await;
    create_user(&db, "team@example.nl", "wijkteam", &["WK059901"]).await;
    create_user(&db, "noord@example.nl", "wijkteam", &["WK059902"]).await;
    let id = private_huiskamer(&db, "").await;
    let path = format!("/plekken/{id}/bericht");

    let bad = app.post_form_page(&path, &[("email", "geen adres"), ("tekst", "Mijn vraag")]).await;
    assert_eq!(bad.status, 422);
    assert!(bad.text("#email-error").contains("geen goed e-mailadres"));
    assert_eq!(bad.attr("textarea[name=tekst]", "id").as_deref(), Some("tekst"));
    assert_eq!(bad.text("textarea[name=tekst]"), "Mijn vraag");

    let ok = app.post_form(&path, &[("email", "kees@example.nl"), ("tekst", "Mijn vraag")]).await;
    assert_eq!(ok.status().as_u16(), 303);
    let mails = sink.wait_for(1, 15).await;
    assert_eq!(mails[0].rcpt_tos, vec!["team@example.nl"], "only the team of this wijk");
    assert!(mails[0].text().contains("geen e-mailadres in Haarvaten"));

    // The honeypot: thanks, and nothing sent.
    let bot = app
        .post_form(
            &path,
            &[("email", "bot@example.nl"), ("tekst", "Koop nu"), ("website", "http://spam")],
        )
        .await;
    assert_eq!(bot.status().as_u16(), 303);
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert_eq!(sink.mails().len(), 1);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn messages_are_rate_limited_per_sender(db: sqlx::PgPool) {
    rotterdam(&db).await;
    let sink = MailSink::start();
    let app = sink.spawn_app(db.clone()).await;
    let id = private_huiskamer(&db, "ans@thuis.example.nl").await;
    let path = format!("/plekken/{id}/bericht");
    let fields = [("email", "kees@example.nl"), ("tekst", "Nog een vraag")];
    for _ in 0..3 {
        assert_eq!(app.post_form(&path, &fields).await.status().as_u16(), 303);
    }
    let limited = app.post_form_page(&path, &fields).await;
    assert_eq!(limited.status, 429);
    assert!(limited.text("#tekst-error").contains("over een uur"));
    assert_eq!(limited.text("textarea[name=tekst]"), "Nog een vraag");
    sink.wait_for(3, 15).await;
    let counted: i64 =
        sqlx::query_scalar("SELECT count(*) FROM place_messages").fetch_one(&db).await.unwrap();
    assert_eq!(counted, 3);
    let ips: Vec<String> =
        sqlx::query_scalar("SELECT ip_hash FROM place_messages").fetch_all(&db).await.unwrap();
    assert!(ips.iter().all(|h| h.len() == 64 && h != "127.0.0.1"), "only hashes are kept");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn without_smtp_the_form_says_so(db: sqlx::PgPool) {
    rotterdam(&db).await;
    let app = spawn_app(db.clone()).await;
    let id = private_huiskamer(&db, "ans@thuis.example.nl").await;
    let page = app.page(&format!("/plekken/{id}/bericht")).await;
    assert_eq!(page.status, 200);
    assert!(page.text(".contact-unavailable").contains("geen bericht sturen"));
    assert_eq!(page.count("textarea"), 0);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn an_anonymous_correction_lands_in_the_review_queue_and_gestopt_asks_for_the_date(
    db: sqlx::PgPool,
) {
    rotterdam(&db).await;
    let sink = MailSink::start();
    let app = sink.spawn_app(db.clone()).await;
    create_user(&db, "team@example.nl", "wijkteam", &["WK059901"]).await;
    let id = insert(&db, place("Buurthuis De Boog")).await;
    let path = format!("/plekken/{id}/klopt-er-iets-niet");

    let form = app.page(&path).await;
    assert_eq!(form.count("input[name=onderwerp]"), 4);
    let missing = app.post_form_page(&path, &[("tekst", "Dicht")]).await;
    assert_eq!(missing.status, 422);
    assert!(missing.text("#onderwerp-error").contains("Kies wat er niet klopt"));
    assert_eq!(missing.text("textarea[name=tekst]"), "Dicht");

    let fields =
        [("onderwerp", "gestopt"), ("tekst", "Sinds maart dicht"), ("email", "buur@example.nl")];
    let r = app.post_form(&path, &fields).await;
    assert_eq!(r.status().as_u16(), 303);
    let stored: (Option<uuid::Uuid>, String, Option<String>, Option<String>) = sqlx::query_as(
        "SELECT author_id, kind, topic, reply_email FROM place_annotations WHERE place_id = $1",
    )
    .bind(id)
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(
        stored,
        (None, "correctie".into(), Some("gestopt".into()), Some("buur@example.nl".into()))
    );

    // The wijkteam hears of it, and finds it in the queue with the way
    // to record the closing date.
    let mails = sink.wait_for(1, 15).await;
    assert_eq!(mails[0].rcpt_tos, vec!["team@example.nl"]);
    assert!(mails[0].subject.contains("Buurthuis De Boog"), "{}", mails[0].subject);
    assert_eq!(login(&app, "team@example.nl", TEST_PASSWORD).await, 303);
    let queue = app.page("/beoordelen").await;
    assert!(queue.text(".annotation-item").contains("Sinds maart dicht"));
    assert!(queue.text(".correction-topic").contains("De plek is gestopt"));
    assert!(queue.text(".correction-reply").contains("buur@example.nl"));
    assert_eq!(queue.attr(".correction-close a", "href"), Some(format!("/plekken/{id}/opheffen")));
    let close = app.page(&format!("/plekken/{id}/opheffen")).await;
    assert_eq!(close.status, 200);
    assert_eq!(close.count("input[name=opgeheven_op]"), 1, "the close form asks for the date");
}
