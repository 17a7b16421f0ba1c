//! Accounts (issue 15, items 18 and 21): a beheerder blocks, unblocks and
//! removes an account; a resident changes their e-mail address through a
//! link to the new address and deletes their own account. Each checks what
//! the person sees and what is stored.

use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::{TEST_PASSWORD, TestApp, create_user, login, spawn_app};
use crate::mail::other_browser;
use crate::mail_sink::{BASE_URL, MailSink};
use crate::proposals::{new_place_form, post, signed_in};
use crate::public::rotterdam;

async fn signed_in_account(app: &TestApp) -> bool {
    app.get("/account").await.status() == 200
}

async fn proposals_of(db: &PgPool, proposer: Uuid) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM place_proposals WHERE proposer_id = $1")
        .bind(proposer)
        .fetch_one(db)
        .await
        .unwrap()
}

/// The audit actions about an account whose name starts with `prefix`.
async fn audit_actions(db: &PgPool, subject: Uuid, prefix: &str) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE subject = $1 AND starts_with(action, $2) ORDER BY id",
    )
    .bind(format!("user:{subject}"))
    .bind(prefix)
    .fetch_all(db)
    .await
    .unwrap()
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_beheerder_blocks_and_unblocks_an_account_after_a_confirmation(db: PgPool) {
    rotterdam(&db).await;
    let (admin, admin_id) = signed_in(&db, "beheer@example.nl", "beheerder", &[]).await;
    let (piet, piet_id) = signed_in(&db, "piet@example.nl", "bewoner", &[]).await;
    assert!(signed_in_account(&piet).await);

    let edit = admin.page(&format!("/beheer/gebruikers/{piet_id}")).await;
    let ask = edit.attr("a[href$='/blokkeren']", "href").expect("a link to block");
    let confirm = admin.page(&ask).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.text("h1").contains("piet@example.nl"));
    assert!(confirm.body.contains("uitgelogd"), "says what blocking does");
    let blocked_at: Option<chrono::DateTime<chrono::Utc>> =
        sqlx::query_scalar("SELECT blocked_at FROM users WHERE id = $1")
            .bind(piet_id)
            .fetch_one(&db)
            .await
            .unwrap();
    assert!(blocked_at.is_none(), "asking changes nothing");

    let r = admin.post_form(&ask, &[]).await;
    assert_eq!(r.status(), 303);
    let list = admin.page(r.headers()["location"].to_str().unwrap()).await;
    assert_eq!(list.text(".notice"), "Het account is geblokkeerd.");
    let row = list.text(&format!("tr[data-user-id='{piet_id}'] .user-email"));
    assert_eq!(row, "piet@example.nl (geblokkeerd)");
    // The open session ended, and logging in is refused.
    assert!(!signed_in_account(&piet).await, "the session ended");
    assert_ne!(login(&piet, "piet@example.nl", TEST_PASSWORD).await, 303);
    let blocked: bool =
        sqlx::query_scalar("SELECT blocked_at IS NOT NULL FROM users WHERE id = $1")
            .bind(piet_id)
            .fetch_one(&db)
            .await
            .unwrap();
    assert!(blocked);

    // Not one's own account.
    let own = admin.post_form(&format!("/beheer/gebruikers/{admin_id}/blokkeren"), &[]).await;
    assert_eq!(own.status(), 422);

    let r = admin.post_form(&format!("/beheer/gebruikers/{piet_id}/deblokkeren"), &[]).await;
    assert_eq!(r.status(), 303);
    let list = admin.page(r.headers()["location"].to_str().unwrap()).await;
    assert_eq!(list.text(".notice"), "De blokkade is opgeheven.");
    assert_eq!(login(&piet, "piet@example.nl", TEST_PASSWORD).await, 303);
    assert_eq!(audit_actions(&db, piet_id, "user.").await, ["user.blocked", "user.unblocked"]);

    let log = admin.page("/beheer/audit?soort=user").await;
    let actions = log.body;
    assert!(actions.contains("Account geblokkeerd") && actions.contains("Blokkade opgeheven"));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_removed_account_is_erased_and_what_it_did_shows_as_removed_user(db: PgPool) {
    rotterdam(&db).await;
    let (admin, _) = signed_in(&db, "beheer@example.nl", "beheerder", &[]).await;
    let (reviewer, _) = signed_in(&db, "team@example.nl", "wijkteam", &["WK059901"]).await;
    let (piet, piet_id) = signed_in(&db, "piet@example.nl", "bewoner", &[]).await;
    let r = post(&piet, "/plekken/nieuw", &new_place_form("Piets Huiskamer")).await;
    assert_eq!(r.status(), 303);

    let confirm = admin.page(&format!("/beheer/gebruikers/{piet_id}/verwijderen")).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.body.contains("verwijderde gebruiker"), "says what stays");
    let r = admin.post_form(&format!("/beheer/gebruikers/{piet_id}/verwijderen"), &[]).await;
    assert_eq!(r.status(), 303);
    let list = admin.page(r.headers()["location"].to_str().unwrap()).await;
    assert_eq!(list.text(".notice"), "Het account is verwijderd.");
    assert!(!list.body.contains("piet@example.nl"));
    assert_eq!(
        list.text(&format!("tr[data-user-id='{piet_id}'] .user-email")),
        "verwijderde gebruiker"
    );

    let (email, hash, removed): (String, String, bool) = sqlx::query_as(
        "SELECT email, password_hash, removed_at IS NOT NULL FROM users WHERE id = $1",
    )
    .bind(piet_id)
    .fetch_one(&db)
    .await
    .unwrap();
    assert!(removed);
    assert!(!email.contains("piet"), "{email}");
    assert_eq!(hash, "");
    let traces: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM audit_log WHERE actor_email LIKE '%piet%'
                 OR subject LIKE '%piet%' OR details::text LIKE '%piet@%')
              + (SELECT count(*) FROM login_attempts WHERE email LIKE '%piet%')
              + (SELECT count(*) FROM users WHERE email LIKE '%piet%')",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(traces, 0, "the address is gone everywhere");
    assert_eq!(proposals_of(&db, piet_id).await, 1, "the proposal stays");
    let queue = reviewer.page("/beoordelen").await;
    assert!(
        queue.text(".review-item").contains("verwijderde gebruiker"),
        "{}",
        queue.text(".review-item")
    );

    assert!(!signed_in_account(&piet).await, "the session ended");
    assert_ne!(login(&piet, "piet@example.nl", TEST_PASSWORD).await, 303);
    assert_eq!(admin.get(&format!("/beheer/gebruikers/{piet_id}")).await.status(), 404);
    assert_eq!(audit_actions(&db, piet_id, "user.").await, ["user.removed"]);
    let log = admin.page("/beheer/audit").await;
    assert!(log.body.contains("Account verwijderd door beheer"));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_resident_changes_their_address_through_a_link_to_the_new_one(db: PgPool) {
    let sink = MailSink::start();
    let app = sink.spawn_app(db.clone()).await;
    let id = create_user(&db, "piet@example.nl", "bewoner", &[]).await;
    assert_eq!(login(&app, "piet@example.nl", TEST_PASSWORD).await, 303);
    let account = app.page("/account").await;
    assert_eq!(
        account.attr("a[href='/account/e-mail']", "href").as_deref(),
        Some("/account/e-mail")
    );
    assert!(account.attr("a[href='/account/mijn-gegevens.json']", "href").is_some());

    let wrong = app
        .post_form_page("/account/e-mail", &[("email", "piet@nieuw.nl"), ("password", "fout")])
        .await;
    assert_eq!(wrong.status, 422);
    assert_eq!(wrong.attr("#email", "value").as_deref(), Some("piet@nieuw.nl"), "input kept");
    assert!(
        wrong.text("#password-error").contains("klopt niet"),
        "{}",
        wrong.text("#password-error")
    );

    let r = app
        .post_form("/account/e-mail", &[("email", " Piet@Nieuw.nl "), ("password", TEST_PASSWORD)])
        .await;
    assert_eq!(r.status(), 303);
    let page = app.page(r.headers()["location"].to_str().unwrap()).await;
    assert!(page.text(".notice").contains("link gestuurd naar uw nieuwe e-mailadres"));
    let stored: String = sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
        .bind(id)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(stored, "piet@example.nl", "not before the link is followed");

    let mails = sink.wait_for(1, 15).await;
    assert_eq!(mails[0].rcpt_tos, vec!["piet@nieuw.nl"]);
    let link = mails[0].link(&format!("{BASE_URL}/e-mail-wijzigen/"));
    let path = link.trim_start_matches(BASE_URL).to_owned();
    let done = app.page(&path).await;
    assert_eq!(done.status, 200);
    assert!(done.text(".email-changed-done").contains("opgeslagen"));
    let stored: String = sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
        .bind(id)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(stored, "piet@nieuw.nl");
    assert_eq!(app.page(&path).await.status, 410, "a link works once");

    let mails = sink.wait_for(2, 15).await;
    assert_eq!(mails[1].rcpt_tos, vec!["piet@example.nl"], "the old address is told");
    assert!(mails[1].text().contains("piet@nieuw.nl"));
    let fresh = other_browser(&app);
    assert_eq!(login(&fresh, "piet@nieuw.nl", TEST_PASSWORD).await, 303);
    assert_eq!(
        audit_actions(&db, id, "auth.email").await,
        ["auth.email_change_requested", "auth.email_changed"]
    );
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_resident_deletes_their_own_account_and_sees_a_goodbye(db: PgPool) {
    rotterdam(&db).await;
    let (piet, id) = signed_in(&db, "piet@example.nl", "bewoner", &[]).await;
    let phone = spawn_app(db.clone()).await;
    assert_eq!(login(&phone, "piet@example.nl", TEST_PASSWORD).await, 303);
    let r = post(&piet, "/plekken/nieuw", &new_place_form("Piets Huiskamer")).await;
    assert_eq!(r.status(), 303);

    let account = piet.page("/account").await;
    let ask = account.attr("a[href='/account/verwijderen']", "href").expect("a link to delete");
    let form = piet.page(&ask).await;
    assert!(form.body.contains("verwijderde gebruiker"), "says what stays");
    let wrong = piet.post_form_page("/account/verwijderen", &[("password", "fout")]).await;
    assert_eq!(wrong.status, 422);
    assert!(signed_in_account(&piet).await, "nothing happened");

    let bye = piet.post_form_page("/account/verwijderen", &[("password", TEST_PASSWORD)]).await;
    assert_eq!(bye.status, 200);
    assert_eq!(bye.text("h1"), "Uw account is verwijderd");
    assert!(!signed_in_account(&piet).await && !signed_in_account(&phone).await, "all sessions");
    let (email, removed): (String, bool) =
        sqlx::query_as("SELECT email, removed_at IS NOT NULL FROM users WHERE id = $1")
            .bind(id)
            .fetch_one(&db)
            .await
            .unwrap();
    assert!(removed && !email.contains("piet"), "{email}");
    assert_eq!(proposals_of(&db, id).await, 1, "the proposal stays");
    assert_eq!(audit_actions(&db, id, "auth.account").await, ["auth.account_deleted"]);
    assert_ne!(login(&piet, "piet@example.nl", TEST_PASSWORD).await, 303);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn without_mail_the_address_change_says_whom_to_ask(db: PgPool) {
    let (piet, id) = signed_in(&db, "piet@example.nl", "bewoner", &[]).await;
    let form = piet.page("/account/e-mail").await;
    assert!(form.text(".notice").contains("Vraag de beheerder"), "{}", form.text(".notice"));
    let fields = [("email", "piet@nieuw.nl"), ("password", TEST_PASSWORD)];
    let page = piet.post_form_page("/account/e-mail", &fields).await;
    assert_eq!(page.status, 422);
    assert!(page.text("#email-error").contains("geen e-mail"), "{}", page.text("#email-error"));
    let tokens: i64 = sqlx::query_scalar("SELECT count(*) FROM account_tokens WHERE user_id = $1")
        .bind(id)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(tokens, 0);
}
