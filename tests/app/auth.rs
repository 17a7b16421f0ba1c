//! Sign-up, login, logout, password change, CSRF, rate limiting, sessions
//! and the user CLI.

use haarvaten::cli::{UserCommand, run_user};
use haarvaten::db::audit;

use crate::helpers::{TEST_PASSWORD, create_user, into_page, login, spawn_app};

fn set_cookies(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    set_cookies(response).into_iter().find(|c| c.starts_with("hv_sessie="))
}

async fn user_count(db: &sqlx::PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM users").fetch_one(db).await.unwrap()
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn signing_up_makes_a_bewoner_who_is_logged_in(db: sqlx::PgPool) {
    let app = spawn_app(db.clone()).await;
    let response = app
        .post_form(
            "/registreren",
            &[
                ("email", "  Nieuwe.Bewoner@Example.NL "),
                ("password", "een lange zin"),
                ("password_repeat", "een lange zin"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers()["location"], "/account?welkom=1");

    let page = app.page("/account?welkom=1").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.text(".account-email"), "nieuwe.bewoner@example.nl");
    assert_eq!(page.text(".account-role"), "Bewoner");
    assert!(page.text("[role=status]").contains("Welkom"));
    assert_eq!(page.text(".nav-logout button"), "Uitloggen");

    let role: String = sqlx::query_scalar("SELECT role FROM users WHERE email = $1")
        .bind("nieuwe.bewoner@example.nl")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(role, "bewoner");
    let hash: String =
        sqlx::query_scalar("SELECT password_hash FROM users").fetch_one(&db).await.unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert_eq!(audit::by_action(&db, audit::actions::SIGNUP).await.unwrap().len(), 1);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn wrong_password_gets_a_dutch_error_and_a_4xx(db: sqlx::PgPool) {
    create_user(&db, "piet@example.nl", "bewoner", &[]).await;
    let app = spawn_app(db.clone()).await;
    let page = into_page(app.login("piet@example.nl", "verkeerd-wachtwoord").await).await;
    assert_eq!(page.status, 422);
    assert_eq!(page.text("#password-error"), "Het e-mailadres of het wachtwoord klopt niet.");
    assert_eq!(page.attr("#email", "value").as_deref(), Some("piet@example.nl"));
    assert_eq!(page.attr("#password", "value"), None, "a password is never sent back");
    assert_eq!(page.count(".nav-logout"), 0);
    let failed = audit::by_action(&db, audit::actions::LOGIN_FAILED).await.unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].subject, "piet@example.nl");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn login_goes_back_to_the_page_that_asked_for_it(db: sqlx::PgPool) {
    create_user(&db, "piet@example.nl", "bewoner", &[]).await;
    let app = spawn_app(db).await;
    let response = app.get("/account/wachtwoord").await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers()["location"], "/inloggen?terug=%2Faccount%2Fwachtwoord");

    let page = app.page("/inloggen?terug=%2Faccount%2Fwachtwoord").await;
    assert_eq!(page.attr("input[name=terug]", "value").as_deref(), Some("/account/wachtwoord"));
    let response = app
        .post_form(
            "/inloggen",
            &[
                ("email", "piet@example.nl"),
                ("password", TEST_PASSWORD),
                ("terug", "/account/wachtwoord"),
            ],
        )
        .await;
    assert_eq!(response.headers()["location"], "/account/wachtwoord");

    // Never to another site.
    let response = app
        .post_form(
            "/inloggen",
            &[
                ("email", "piet@example.nl"),
                ("password", TEST_PASSWORD),
                ("terug", "//evil.example"),
            ],
        )
        .await;
    assert_eq!(response.headers()["location"], "/");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_taken_email_address_gets_a_dutch_message(db: sqlx::PgPool) {
    create_user(&db, "piet@example.nl", "bewoner", &[]).await;
    let app = spawn_app(db.clone()).await;
    let page = app
        .post_form_page(
            "/registreren",
            &[
                ("email", "PIET@example.nl"),
                ("password", "een lange zin"),
                ("password_repeat", "een lange zin"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(page.text("#email-error").starts_with("Er is al een account met dit e-mailadres"));
    assert_eq!(user_count(&db).await, 1);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn an_invalid_email_is_explained_next_to_the_field_and_the_input_is_kept(db: sqlx::PgPool) {
    let app = spawn_app(db.clone()).await;
    let page = app
        .post_form_page(
            "/registreren",
            &[("email", "piet-at-example"), ("password", "kort"), ("password_repeat", "kort")],
        )
        .await;
    assert_eq!(page.status, 422);
    // Next to the field, and tied to it for screen readers.
    assert!(page.text("#email-error").starts_with("Dit is geen goed e-mailadres"));
    assert_eq!(page.attr("#email", "aria-describedby").as_deref(), Some("email-error"));
    assert_eq!(page.attr("#email", "aria-invalid").as_deref(), Some("true"));
    assert_eq!(page.attr("#email", "value").as_deref(), Some("piet-at-example"));
    assert_eq!(page.attr("label[for=email]", "for").as_deref(), Some("email"));
    assert_eq!(
        page.text("#password-error"),
        "Het wachtwoord is te kort. Gebruik minstens 10 tekens."
    );
    assert_eq!(
        page.attr("#password", "aria-describedby").as_deref(),
        Some("password-hint password-error")
    );
    assert_eq!(page.attr("#password", "value"), None);
    // A summary at the top that gets focus and links to the fields.
    assert_eq!(page.attr(".error-summary", "role").as_deref(), Some("alert"));
    assert_eq!(page.attr(".error-summary", "tabindex").as_deref(), Some("-1"));
    assert!(page.attr(".error-summary", "autofocus").is_some());
    let links: Vec<String> = {
        let sel = scraper::Selector::parse(".error-summary a").unwrap();
        page.html.select(&sel).filter_map(|a| a.value().attr("href").map(str::to_owned)).collect()
    };
    assert_eq!(links, vec!["#email", "#password"]);
    assert_eq!(user_count(&db).await, 0);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_post_without_a_valid_csrf_token_is_refused_and_nothing_is_stored(db: sqlx::PgPool) {
    let app = spawn_app(db.clone()).await;
    let fields = [
        ("email", "piet@example.nl"),
        ("password", "een lange zin"),
        ("password_repeat", "een lange zin"),
    ];

    // No session and no token at all.
    let page = into_page(app.post_form_raw("/registreren", &fields).await).await;
    assert_eq!(page.status, 403);
    assert_eq!(page.text("h1"), "Dit formulier is verlopen");

    // A session, but a wrong token.
    let _ = app.csrf_token().await;
    let mut wrong = fields.to_vec();
    wrong.push(("csrf_token", "0000"));
    let page = into_page(app.post_form_raw("/registreren", &wrong).await).await;
    assert_eq!(page.status, 403);

    // A JSON-ish client with a wrong header is refused too.
    let response =
        app.client.post(app.url("/uitloggen")).header("x-csrf-token", "nep").send().await.unwrap();
    assert_eq!(response.status().as_u16(), 403);

    assert_eq!(user_count(&db).await, 0);

    // With the token from the page it works.
    let token = app.csrf_token().await;
    let mut right = fields.to_vec();
    right.push(("csrf_token", token.as_str()));
    assert_eq!(app.post_form_raw("/registreren", &right).await.status().as_u16(), 303);
    assert_eq!(user_count(&db).await, 1);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn logging_in_is_blocked_after_five_wrong_passwords(db: sqlx::PgPool) {
    create_user(&db, "piet@example.nl", "bewoner", &[]).await;
    let app = spawn_app(db.clone()).await;
    for _ in 0..5 {
        assert_eq!(login(&app, "piet@example.nl", "verkeerd-wachtwoord").await, 422);
    }
    // Now even the right password waits.
    let page = into_page(app.login("piet@example.nl", TEST_PASSWORD).await).await;
    assert_eq!(page.status, 429);
    assert!(
        page.text(".error-summary").contains("te vaak een verkeerd wachtwoord"),
        "{}",
        page.body
    );
    assert_eq!(audit::by_action(&db, audit::actions::LOGIN_FAILED).await.unwrap().len(), 5);
    assert_eq!(audit::by_action(&db, audit::actions::LOGIN_BLOCKED).await.unwrap().len(), 1);

    // Another account is not blocked by this one's failures.
    create_user(&db, "anna@example.nl", "bewoner", &[]).await;
    assert_eq!(login(&app, "anna@example.nl", TEST_PASSWORD).await, 303);

    // After the window the account works again.
    sqlx::query("UPDATE login_attempts SET attempted_at = now() - interval '16 minutes'")
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(login(&app, "piet@example.nl", TEST_PASSWORD).await, 303);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn one_address_trying_many_accounts_is_blocked(db: sqlx::PgPool) {
    create_user(&db, "piet@example.nl", "bewoner", &[]).await;
    // Twenty failures from this IP, spread over other addresses.
    sqlx::query(
        "INSERT INTO login_attempts (email, ip, succeeded)
         SELECT 'x' || n || '@example.nl', '127.0.0.1', false FROM generate_series(1, 20) n",
    )
    .execute(&db)
    .await
    .unwrap();
    let app = spawn_app(db).await;
    assert_eq!(login(&app, "piet@example.nl", TEST_PASSWORD).await, 429);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn changing_the_password_works_and_the_old_one_stops_working(db: sqlx::PgPool) {
    create_user(&db, "piet@example.nl", "bewoner", &[]).await;
    let app = spawn_app(db.clone()).await;
    let other_device = spawn_app_client(&app);
    assert_eq!(login(&app, "piet@example.nl", TEST_PASSWORD).await, 303);
    assert_eq!(login(&other_device, "piet@example.nl", TEST_PASSWORD).await, 303);

    // Wrong current password: refused, with the message at that field.
    let page = app
        .post_form_page(
            "/account/wachtwoord",
            &[
                ("current", "fout"),
                ("password", "nieuw wachtwoord!"),
                ("password_repeat", "nieuw wachtwoord!"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    assert_eq!(page.text("#current-error"), "Uw huidige wachtwoord klopt niet.");

    let response = app
        .post_form(
            "/account/wachtwoord",
            &[
                ("current", TEST_PASSWORD),
                ("password", "nieuw wachtwoord!"),
                ("password_repeat", "nieuw wachtwoord!"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    // This session stays signed in; the other device is signed out.
    assert_eq!(app.page("/account").await.status, 200);
    assert_eq!(other_device.get("/account").await.status().as_u16(), 303);

    let fresh = spawn_app_client(&app);
    assert_eq!(login(&fresh, "piet@example.nl", TEST_PASSWORD).await, 422);
    assert_eq!(login(&fresh, "piet@example.nl", "nieuw wachtwoord!").await, 303);
    assert_eq!(audit::by_action(&db, audit::actions::PASSWORD_CHANGED).await.unwrap().len(), 1);
}

/// A second browser against the same app: its own cookie jar.
fn spawn_app_client(app: &crate::helpers::TestApp) -> crate::helpers::TestApp {
    crate::helpers::TestApp {
        address: app.address.clone(),
        db: app.db.clone(),
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .build()
            .unwrap(),
    }
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn logging_out_ends_the_session(db: sqlx::PgPool) {
    let id = create_user(&db, "piet@example.nl", "bewoner", &[]).await;
    let app = spawn_app(db.clone()).await;
    assert_eq!(login(&app, "piet@example.nl", TEST_PASSWORD).await, 303);
    assert_eq!(app.page("/account").await.status, 200);

    let response = app.logout().await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(app.get("/account").await.status().as_u16(), 303);
    let page = app.page("/").await;
    assert_eq!(page.count(".nav-logout"), 0);
    let sessions_with_user: i64 =
        sqlx::query_scalar("SELECT count(*) FROM sessions WHERE data ? 'uid'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(sessions_with_user, 0);
    let sessions: i64 =
        sqlx::query_scalar("SELECT count(*) FROM sessions").fetch_one(&db).await.unwrap();
    assert_eq!(sessions, 0, "no empty session is left behind");
    let logouts = audit::by_action(&db, audit::actions::LOGOUT).await.unwrap();
    assert_eq!(logouts[0].actor_id, Some(id));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_session_cookie_is_httponly_and_samesite_lax_and_changes_at_login(db: sqlx::PgPool) {
    create_user(&db, "piet@example.nl", "bewoner", &[]).await;
    let app = spawn_app(db).await;
    // The login form gets a CSRF cookie, not a session (issue 10).
    let form = set_cookies(&app.get("/inloggen").await)
        .into_iter()
        .find(|c| c.starts_with("hv_formulier="))
        .expect("a CSRF cookie for the form");
    let response = app.login("piet@example.nl", TEST_PASSWORD).await;
    let first = session_cookie(&response).expect("a session at login");
    let response = app.login("piet@example.nl", TEST_PASSWORD).await;
    let second = session_cookie(&response).expect("a new session id at the next login");
    for cookie in [&form, &first, &second] {
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax"), "{cookie}");
        assert!(cookie.contains("Path=/"), "{cookie}");
    }
    let id = |c: &str| c.split(';').next().unwrap().to_owned();
    assert_ne!(id(&first), id(&second), "the session id rotates at login");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn anonymous_visitors_get_no_session_and_only_form_pages_a_csrf_cookie(db: sqlx::PgPool) {
    let app = spawn_app(db.clone()).await;
    for path in ["/healthz", "/", "/bestaat-niet"] {
        let response = app.get(path).await;
        assert!(set_cookies(&response).is_empty(), "{path}");
    }
    let sessions = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM sessions").fetch_one(&db).await.unwrap()
    };
    assert_eq!(sessions().await, 0);
    let response = app.get("/inloggen").await;
    assert!(session_cookie(&response).is_none());
    assert!(set_cookies(&response).iter().any(|c| c.starts_with("hv_formulier=")));
    assert_eq!(sessions().await, 0);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_user_cli_makes_a_first_beheerder_and_sets_passwords(db: sqlx::PgPool) {
    let create = |role: &str, wijken: &[&str]| UserCommand::Create {
        email: "Baas@Example.nl".into(),
        role: role.into(),
        wijken: wijken.iter().map(|w| w.to_string()).collect(),
        gemeente: None,
        password_stdin: false,
    };
    let out = run_user(&db, create("beheerder", &[]), "een lang wachtwoord").await.unwrap();
    assert!(out.contains("baas@example.nl"), "{out}");

    // Bad input gets a Dutch message, and nothing is stored.
    let err = run_user(&db, create("beheerder", &[]), "een lang wachtwoord").await.unwrap_err();
    assert!(err.to_string().contains("Er is al een account"), "{err}");
    let err = run_user(&db, create("wijkteam", &[]), "een lang wachtwoord").await.unwrap_err();
    assert!(err.to_string().contains("minstens één wijk"), "{err}");
    let short = UserCommand::Create {
        email: "ander@example.nl".into(),
        role: "bewoner".into(),
        wijken: vec![],
        gemeente: None,
        password_stdin: false,
    };
    let err = run_user(&db, short, "kort").await.unwrap_err();
    assert!(err.to_string().contains("te kort"), "{err}");
    assert_eq!(user_count(&db).await, 1);

    let app = spawn_app(db.clone()).await;
    assert_eq!(login(&app, "baas@example.nl", "een lang wachtwoord").await, 303);
    assert_eq!(app.page("/beheer/gebruikers").await.status, 200);

    let set = UserCommand::SetPassword { email: "baas@example.nl".into(), password_stdin: false };
    run_user(&db, set, "nog een lang wachtwoord").await.unwrap();
    let fresh = spawn_app_client(&app);
    assert_eq!(login(&fresh, "baas@example.nl", "een lang wachtwoord").await, 422);
    assert_eq!(login(&fresh, "baas@example.nl", "nog een lang wachtwoord").await, 303);
    assert_eq!(audit::by_action(&db, audit::actions::USER_CREATED).await.unwrap().len(), 1);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_cli_gives_wijkteam_members_their_wijken(db: sqlx::PgPool) {
    let cmd = UserCommand::Create {
        email: "team@example.nl".into(),
        role: "wijkteam".into(),
        wijken: vec!["WK059901".into(), "wk059902".into()],
        gemeente: None,
        password_stdin: false,
    };
    run_user(&db, cmd, "een lang wachtwoord").await.unwrap();
    let id = haarvaten::db::users::find_id_by_email(&db, "team@example.nl").await.unwrap().unwrap();
    let (user, _) = haarvaten::db::users::load_current(&db, id).await.unwrap().unwrap();
    assert_eq!(user.wijken, vec!["WK059901", "WK059902"]);
    assert!(user.can_review_wijk("WK059902"));
    assert!(!user.can_review_wijk("WK059903"));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn pages_are_shown_in_english_too(db: sqlx::PgPool) {
    let app = spawn_app(db).await;
    let response =
        app.client.get(app.url("/inloggen")).header("accept-language", "en").send().await.unwrap();
    let page = into_page(response).await;
    assert_eq!(page.text("h1"), "Log in");
    assert_eq!(page.text("label[for=password]"), "Password");
}
