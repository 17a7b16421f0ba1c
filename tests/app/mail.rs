//! Mail (issue 12) against a real SMTP server (`mail_sink`): the outbox and
//! its worker, password reset end to end, e-mail confirmation, a mail
//! server that is down for a while, and two app instances on one outbox.

use haarvaten::db::audit;
use haarvaten::i18n::Lang;
use haarvaten::mail::render::MailContent;
use haarvaten::mail::{MailKind, Outbox, Outgoing};

use crate::helpers::{TEST_PASSWORD, TestApp, create_user, into_page, login, spawn_app};
use crate::mail_sink::{BASE_URL, MailSink, path_of};

/// A second browser on the same app: its own cookie jar.
pub fn other_browser(app: &TestApp) -> TestApp {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    TestApp { address: app.address.clone(), db: app.db.clone(), client }
}

/// The worker marks a mail sent just after the SMTP server took it: waits
/// (up to 10 s) until `n` rows are marked.
pub async fn wait_marked_sent(db: &sqlx::PgPool, n: i64) {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let sent: i64 =
            sqlx::query_scalar("SELECT count(*) FROM mail_outbox WHERE sent_at IS NOT NULL")
                .fetch_one(db)
                .await
                .unwrap();
        if sent >= n {
            return;
        }
        assert!(tokio::time::Instant::now() < deadline, "{sent} of {n} mails marked sent");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn outbox_rows(db: &sqlx::PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM mail_outbox").fetch_one(db).await.unwrap()
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn password_reset_end_to_end(db: sqlx::PgPool) {
    let sink = MailSink::start();
    let app = sink.spawn_app(db.clone()).await;
    create_user(&db, "piet@example.nl", "bewoner", &[]).await;
    // Piet is logged in on another device; the reset ends that session.
    let phone = other_browser(&app);
    assert_eq!(login(&phone, "piet@example.nl", TEST_PASSWORD).await, 303);
    assert_eq!(phone.page("/account").await.status, 200);

    let login_page = app.page("/inloggen").await;
    assert_eq!(login_page.attr("a.forgot-link", "href").as_deref(), Some("/wachtwoord-vergeten"));
    let form = app.page("/wachtwoord-vergeten").await;
    assert_eq!(form.status, 200);
    assert_eq!(form.count("form[action='/wachtwoord-vergeten'] input[name=email]"), 1);

    // Known and unknown addresses get the same answer.
    let known = app.post_form_page("/wachtwoord-vergeten", &[("email", " Piet@Example.nl ")]).await;
    let unknown =
        app.post_form_page("/wachtwoord-vergeten", &[("email", "niemand@example.nl")]).await;
    assert_eq!((known.status, unknown.status), (200, 200));
    assert_eq!(known.text(".forgot-sent"), unknown.text(".forgot-sent"));
    assert!(known.text(".forgot-sent").contains("Als er een account is"));

    let mails = sink.wait_for(1, 15).await;
    let mail = &mails[0];
    assert_eq!(mail.rcpt_tos, vec!["piet@example.nl"]);
    assert_eq!(mail.from, "Haarvaten <noreply@haarvaten.test>");
    assert_eq!(mail.subject, "Een nieuw wachtwoord voor Haarvaten");
    assert_eq!(mail.content_type, "multipart/alternative");
    assert!(mail.text().contains("De link werkt één uur"), "{}", mail.text());
    let link = mail.link(&format!("{BASE_URL}/wachtwoord-herstellen/"));
    assert!(mail.html.as_deref().unwrap().contains(&format!("href=\"{link}\"")));
    let token = link.rsplit('/').next().unwrap().to_owned();
    assert_eq!(token.len(), 64);
    // Only the hash is stored, and the sent mail's text is not kept.
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT token_hash FROM account_tokens").fetch_all(&db).await.unwrap();
    assert_eq!(stored, vec![haarvaten::domain::user::token_hash(&token)]);
    wait_marked_sent(&db, 1).await;
    let kept: String = sqlx::query_scalar("SELECT body_text || body_html FROM mail_outbox")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(kept, "");

    let reset = app.page(path_of(&link)).await;
    assert_eq!(reset.status, 200);
    assert_eq!(reset.count("input[name=password]"), 1);
    // A bad password keeps the link working and says why next to the field.
    let short = app
        .post_form_page(path_of(&link), &[("password", "kort"), ("password_repeat", "kort")])
        .await;
    assert_eq!(short.status, 422);
    assert!(short.text("#password-error").contains("te kort"));

    let new_password = "een heel nieuw wachtwoord";
    let done = app
        .post_form(path_of(&link), &[("password", new_password), ("password_repeat", new_password)])
        .await;
    assert_eq!(done.status().as_u16(), 303);
    assert_eq!(done.headers()["location"], "/account?hersteld=1");
    let account = app.page("/account?hersteld=1").await;
    assert!(account.text("[role=status]").contains("nieuwe wachtwoord is opgeslagen"));

    // The other session ended; the old password no longer works.
    assert_ne!(phone.page("/account").await.status, 200);
    let fresh = other_browser(&app);
    assert_eq!(login(&fresh, "piet@example.nl", TEST_PASSWORD).await, 422);
    assert_eq!(login(&fresh, "piet@example.nl", new_password).await, 303);

    // Single use.
    let again = app.page(path_of(&link)).await;
    assert_eq!(again.status, 410);
    assert!(again.text(".reset-expired").contains("al gebruikt"));
    assert_eq!(sink.mails().len(), 1, "no mail for the unknown address");
    assert_eq!(audit::by_action(&db, audit::actions::PASSWORD_RESET).await.unwrap().len(), 1);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_reset_link_works_for_an_hour(db: sqlx::PgPool) {
    let sink = MailSink::start();
    let app = sink.spawn_app(db.clone()).await;
    create_user(&db, "an@example.nl", "bewoner", &[]).await;
    app.post_form("/wachtwoord-vergeten", &[("email", "an@example.nl")]).await;
    let link = sink.wait_for(1, 15).await[0].link(&format!("{BASE_URL}/wachtwoord-herstellen/"));
    sqlx::query("UPDATE account_tokens SET expires_at = now() - interval '1 second'")
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(app.page(path_of(&link)).await.status, 410);
    let p = "een heel nieuw wachtwoord";
    let post =
        into_page(app.post_form(path_of(&link), &[("password", p), ("password_repeat", p)]).await)
            .await;
    assert_eq!(post.status, 410);
    assert_eq!(login(&app, "an@example.nl", TEST_PASSWORD).await, 303, "password unchanged");
    // A made-up token is no better.
    assert_eq!(app.page(&format!("/wachtwoord-herstellen/{}", "0".repeat(64))).await.status, 410);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn at_most_three_reset_mails_an_hour(db: sqlx::PgPool) {
    let sink = MailSink::start();
    let app = sink.spawn_app(db.clone()).await;
    create_user(&db, "an@example.nl", "bewoner", &[]).await;
    for _ in 0..5 {
        let page = app.post_form_page("/wachtwoord-vergeten", &[("email", "an@example.nl")]).await;
        assert_eq!(page.status, 200);
    }
    sink.wait_for(3, 15).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(sink.mails().len(), 3);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn without_smtp_the_reset_page_points_to_the_beheerder(db: sqlx::PgPool) {
    let app = spawn_app(db.clone()).await;
    create_user(&db, "piet@example.nl", "bewoner", &[]).await;
    let page = app.page("/wachtwoord-vergeten").await;
    assert_eq!(page.status, 200);
    assert!(page.text(".forgot-no-mail").contains("haarvaten user set-password"));
    assert_eq!(page.count("input[name=email]"), 0);
    let posted = app.post_form_page("/wachtwoord-vergeten", &[("email", "piet@example.nl")]).await;
    assert!(posted.text(".forgot-no-mail").contains("beheerder"));
    // Signing up still works; nothing waits in the outbox.
    let p = "een lange zin hier";
    let signup = app
        .post_form(
            "/registreren",
            &[("email", "nieuw@example.nl"), ("password", p), ("password_repeat", p)],
        )
        .await;
    assert_eq!(signup.status().as_u16(), 303);
    assert_eq!(outbox_rows(&db).await, 0);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn sign_up_sends_a_confirmation_and_nothing_else_until_confirmed(db: sqlx::PgPool) {
    let sink = MailSink::start();
    let app = sink.spawn_app(db.clone()).await;
    let p = "een lange zin hier";
    let en = [("email", "new@example.nl"), ("password", p), ("password_repeat", p)];
    // Signed up in English: the mail is in English.
    app.get("/taal/en").await;
    assert_eq!(app.post_form("/registreren", &en).await.status().as_u16(), 303);
    let account = app.page("/account").await;
    assert!(account.text(".confirm-pending").contains("not confirmed"), "{}", account.body);

    let mails = sink.wait_for(1, 15).await;
    assert_eq!(mails[0].rcpt_tos, vec!["new@example.nl"]);
    assert_eq!(mails[0].subject, "Confirm your e-mail address for Haarvaten");
    let link = mails[0].link(&format!("{BASE_URL}/e-mail-bevestigen/"));

    // Until confirmed: no reset mail.
    let anonymous = other_browser(&app);
    anonymous.post_form("/wachtwoord-vergeten", &[("email", "new@example.nl")]).await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(sink.mails().len(), 1);

    let confirmed = app.page(path_of(&link)).await;
    assert_eq!(confirmed.status, 200);
    assert!(confirmed.text(".confirm-done").contains("confirmed"));
    let at: Option<chrono::DateTime<chrono::Utc>> =
        sqlx::query_scalar("SELECT email_confirmed_at FROM users WHERE email = 'new@example.nl'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert!(at.is_some());
    assert_eq!(app.page("/account").await.count(".confirm-pending"), 0);
    assert_eq!(app.page(path_of(&link)).await.status, 410, "single use");

    // Now a reset mail goes out, in the account's language.
    anonymous.post_form("/wachtwoord-vergeten", &[("email", "new@example.nl")]).await;
    let mails = sink.wait_for(2, 15).await;
    assert_eq!(mails[1].subject, "A new password for Haarvaten");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_mail_sent_while_the_server_is_down_arrives_when_it_is_back(db: sqlx::PgPool) {
    let mut sink = MailSink::start();
    sink.stop();
    let app = sink.spawn_app(db.clone()).await;
    create_user(&db, "piet@example.nl", "bewoner", &[]).await;
    let page = app.post_form_page("/wachtwoord-vergeten", &[("email", "piet@example.nl")]).await;
    assert_eq!(page.status, 200, "the visitor notices nothing");

    // The worker tried and failed, and keeps the mail for later.
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let (attempts, error): (i32, Option<String>) =
            sqlx::query_as("SELECT attempts, last_error FROM mail_outbox")
                .fetch_one(&db)
                .await
                .unwrap();
        if attempts >= 2 && error.is_some() {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "no failed attempt recorded");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let sent: Option<chrono::DateTime<chrono::Utc>> =
        sqlx::query_scalar("SELECT sent_at FROM mail_outbox").fetch_one(&db).await.unwrap();
    assert!(sent.is_none());

    sink.restart();
    let mails = sink.wait_for(1, 30).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].subject, "Een nieuw wachtwoord voor Haarvaten");
    wait_marked_sent(&db, 1).await;
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn two_instances_send_each_mail_once(db: sqlx::PgPool) {
    let sink = MailSink::start();
    let config = sink.config();
    let outbox = Outbox::from_config(&config);
    // Queued before either instance runs, so both find them at once.
    for i in 0..30 {
        let content = MailContent::new(format!("Bericht {i}")).paragraph("Hallo".into());
        let mail = Outgoing {
            kind: MailKind::Notification,
            to: format!("lezer{i}@example.nl"),
            reply_to: None,
            lang: Lang::Nl,
            content,
        };
        assert!(outbox.enqueue(&db, mail).await.unwrap());
    }
    let _one = sink.spawn_app(db.clone()).await;
    let _two = sink.spawn_app(db.clone()).await;
    let mails = sink.wait_for(30, 30).await;
    wait_marked_sent(&db, 30).await;
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    let mails_after = sink.mails();
    assert_eq!(mails_after.len(), 30, "{} mails for 30 queued", mails_after.len());
    let mut subjects: Vec<_> = mails.iter().map(|m| m.subject.clone()).collect();
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), 30);
    let unsent: i64 = sqlx::query_scalar("SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(unsent, 0);
}
