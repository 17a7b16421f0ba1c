//! Issue 10: login limiting that holds under concurrency and does not let
//! a stranger lock the owner out; session lifetimes per role; hashed
//! session ids; no session rows for anonymous visitors; `__Host-` cookies,
//! HSTS and `Cache-Control` for signed-in users.

use haarvaten::config::Config;
use haarvaten::db::audit;
use haarvaten::domain::place::Precision;
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use crate::helpers::{TEST_PASSWORD, TestApp, create_user, into_page, login, spawn_app};
use crate::public::{insert, place, rotterdam};

const OWNER: &str = "piet@example.nl";
const WRONG: &str = "verkeerd-wachtwoord";

/// Starts the app with a changed configuration.
async fn spawn_with(db: &PgPool, change: impl FnOnce(&mut Config)) -> TestApp {
    haarvaten::telemetry::init_for_tests();
    let mut config = Config::for_tests("postgres://unused".into());
    change(&mut config);
    let app = crate::helpers::build_app(config, db.clone()).await;
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    TestApp { address, db: db.clone(), client: browser(&[]) }
}

/// A browser with its own cookie jar, sending these headers every time.
fn browser(headers: &[(&'static str, &str)]) -> reqwest::Client {
    let mut map = reqwest::header::HeaderMap::new();
    for (name, value) in headers {
        map.insert(*name, value.parse().unwrap());
    }
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .default_headers(map)
        .build()
        .unwrap()
}

/// Another browser on the same app, from this address (the app trusts
/// `X-Forwarded-For` in the tests that use this).
fn from_address(app: &TestApp, ip: &str) -> TestApp {
    let client = browser(&[("x-forwarded-for", ip)]);
    TestApp { address: app.address.clone(), db: app.db.clone(), client }
}

async fn count(db: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db).await.unwrap()
}

async fn failed_logins(db: &PgPool) -> usize {
    audit::by_action(db, audit::actions::LOGIN_FAILED).await.unwrap().len()
}

// ---------------------------------------------------------------- login limits

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn thirty_parallel_wrong_passwords_check_at_most_five(db: PgPool) {
    create_user(&db, OWNER, "bewoner", &[]).await;
    let app = spawn_app(db.clone()).await;
    // Thirty browsers, each with its own CSRF cookie and token.
    let mut ready = Vec::new();
    for _ in 0..30 {
        let visitor = from_address(&app, "ignored");
        let token = visitor.csrf_token().await;
        ready.push((visitor, token));
    }
    let attempts = ready.iter().map(|(visitor, token)| {
        let form = [("email", OWNER), ("password", WRONG), ("csrf_token", token.as_str())];
        visitor.client.post(visitor.url("/inloggen")).form(&form).send()
    });
    let statuses: Vec<u16> = futures_util::future::join_all(attempts)
        .await
        .into_iter()
        .map(|r| r.expect("response").status().as_u16())
        .collect();
    assert_eq!(statuses.iter().filter(|s| **s == 422).count(), 5, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 25, "{statuses:?}");
    // Exactly five passwords were checked, and recorded.
    assert_eq!(failed_logins(&db).await, 5);
    assert_eq!(count(&db, "SELECT count(*) FROM login_attempts WHERE NOT succeeded").await, 5);
    assert_eq!(audit::by_action(&db, audit::actions::LOGIN_BLOCKED).await.unwrap().len(), 25);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_stranger_does_not_lock_the_owner_out(db: PgPool) {
    create_user(&db, OWNER, "bewoner", &[]).await;
    let app = spawn_with(&db, |c| c.trusted_proxy = true).await;

    // The owner's phone logged in before: it is a known device now.
    let phone = from_address(&app, "10.0.0.1");
    let response = phone.login(OWNER, TEST_PASSWORD).await;
    assert_eq!(response.status().as_u16(), 303);
    let device = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("hv_apparaat="))
        .expect("a device cookie at login");
    assert!(device.contains("HttpOnly") && device.contains("Max-Age="), "{device}");
    assert_eq!(phone.logout().await.status().as_u16(), 303);

    // A stranger guesses from one address and gets blocked there.
    let stranger = from_address(&app, "10.0.0.66");
    for _ in 0..5 {
        assert_eq!(login(&stranger, OWNER, WRONG).await, 422);
    }
    let page = into_page(stranger.login(OWNER, TEST_PASSWORD).await).await;
    assert_eq!(page.status, 429);
    let message = page.text("#email-error");
    assert!(message.contains("te vaak een verkeerd wachtwoord"), "{}", page.body);
    assert!(message.contains("eerder inlogde, kunt u het meteen opnieuw proberen"), "{message}");

    // The owner still gets in: from the known device, even behind the
    // stranger's address (the same café wifi), and from a new browser
    // at another address.
    let token = phone.csrf_token().await;
    let form = [("email", OWNER), ("password", TEST_PASSWORD), ("csrf_token", token.as_str())];
    let response = phone
        .client
        .post(phone.url("/inloggen"))
        .header("x-forwarded-for", "10.0.0.66")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 303, "the known device gets through");
    assert_eq!(phone.page("/account").await.status, 200);

    let laptop = from_address(&app, "10.0.0.2");
    assert_eq!(login(&laptop, OWNER, TEST_PASSWORD).await, 303, "another address gets through");

    // The stranger's address stays blocked: the owner's logins did not
    // clear the stranger's failures.
    assert_eq!(login(&stranger, OWNER, TEST_PASSWORD).await, 429);
    assert_eq!(failed_logins(&db).await, 5);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn guessing_from_many_addresses_blocks_new_browsers_but_not_known_devices(db: PgPool) {
    create_user(&db, OWNER, "bewoner", &[]).await;
    let app = spawn_with(&db, |c| c.trusted_proxy = true).await;
    let phone = from_address(&app, "10.0.0.1");
    assert_eq!(login(&phone, OWNER, TEST_PASSWORD).await, 303);
    assert_eq!(phone.logout().await.status().as_u16(), 303);

    // Fifty failures for this account, four per address.
    sqlx::query(
        "INSERT INTO login_attempts (email, ip, succeeded)
         SELECT $1, '10.1.' || (n / 4) || '.1', false FROM generate_series(0, 49) n",
    )
    .bind(OWNER)
    .execute(&db)
    .await
    .unwrap();
    let fresh = from_address(&app, "10.0.0.9");
    assert_eq!(login(&fresh, OWNER, TEST_PASSWORD).await, 429);
    assert_eq!(login(&phone, OWNER, TEST_PASSWORD).await, 303);

    // A forged device cookie is not a known device.
    let user: uuid::Uuid = sqlx::query_scalar("SELECT id FROM users").fetch_one(&db).await.unwrap();
    let forged = format!("hv_apparaat={user}.{}.{}", "a".repeat(32), "0".repeat(64));
    let (cookie, token) = anonymous_form(&app, "hv_formulier").await;
    let form = [("email", OWNER), ("password", TEST_PASSWORD), ("csrf_token", token.as_str())];
    let response = jarless()
        .post(app.url("/inloggen"))
        .header("x-forwarded-for", "10.0.0.10")
        .header("cookie", format!("{forged}; {cookie}"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 429);
}

/// A client that keeps no cookies: the test sends them itself.
fn jarless() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

fn set_cookies(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

/// Opens the login form without a cookie jar: the `name=value` of the CSRF
/// cookie it sets (named `cookie_name`), and the token in the form.
async fn anonymous_form(app: &TestApp, cookie_name: &str) -> (String, String) {
    let response = jarless().get(app.url("/inloggen")).send().await.unwrap();
    let cookie = set_cookies(&response)
        .into_iter()
        .find(|c| c.starts_with(&format!("{cookie_name}=")))
        .expect("a CSRF cookie for the form");
    let page = into_page(response).await;
    let token = page.attr("input[name=csrf_token]", "value").expect("token");
    (cookie.split(';').next().unwrap().to_owned(), token)
}

// ---------------------------------------------------------------- sessions

async fn sessions(db: &PgPool) -> i64 {
    count(db, "SELECT count(*) FROM sessions").await
}

/// Moves a stored session timestamp (`login_at` or `seen`) into the past.
async fn age_session(db: &PgPool, key: &str, seconds: i64) {
    sqlx::query(
        "UPDATE sessions SET data = jsonb_set(data, ARRAY[$1],
                to_jsonb(extract(epoch FROM now())::bigint - $2))",
    )
    .bind(key)
    .bind(seconds)
    .execute(db)
    .await
    .unwrap();
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn anonymous_visitors_get_no_session_row_and_can_still_log_in_and_sign_up(db: PgPool) {
    create_user(&db, OWNER, "bewoner", &[]).await;
    let app = spawn_app(db.clone()).await;
    for _ in 0..5 {
        for path in ["/inloggen", "/registreren"] {
            let visitor = from_address(&app, "ignored");
            let page = visitor.page(path).await;
            assert_eq!(page.status, 200);
            assert!(page.attr("input[name=csrf_token]", "value").is_some_and(|t| !t.is_empty()));
        }
    }
    assert_eq!(sessions(&db).await, 0, "no session row for anonymous visitors");

    // Login and sign-up work on the signed cookie alone.
    assert_eq!(login(&app, OWNER, TEST_PASSWORD).await, 303);
    assert_eq!(sessions(&db).await, 1);
    let newcomer = from_address(&app, "ignored");
    let response = newcomer
        .post_form(
            "/registreren",
            &[
                ("email", "nieuw@example.nl"),
                ("password", "een lange zin"),
                ("password_repeat", "een lange zin"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(newcomer.page("/account").await.status, 200);
    assert_eq!(sessions(&db).await, 2);

    // A token from one visitor's cookie is no good with another's.
    let (_, token_a) = anonymous_form(&app, "hv_formulier").await;
    let (cookie_b, _) = anonymous_form(&app, "hv_formulier").await;
    let form = [("email", OWNER), ("password", TEST_PASSWORD), ("csrf_token", token_a.as_str())];
    let response = jarless()
        .post(app.url("/inloggen"))
        .header("cookie", cookie_b)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_staff_session_ends_after_12_hours_or_30_idle_minutes(db: PgPool) {
    create_user(&db, "team@example.nl", "wijkteam", &["WK059901"]).await;
    let app = spawn_app(db.clone()).await;

    assert_eq!(login(&app, "team@example.nl", TEST_PASSWORD).await, 303);
    age_session(&db, "seen", 29 * 60).await;
    assert_eq!(app.page("/account").await.status, 200, "29 idle minutes are fine");
    age_session(&db, "seen", 31 * 60).await;
    let response = app.get("/account").await;
    assert_eq!(response.status().as_u16(), 303, "31 idle minutes end it");
    assert_eq!(sessions(&db).await, 0, "and the row is gone");

    assert_eq!(login(&app, "team@example.nl", TEST_PASSWORD).await, 303);
    age_session(&db, "login_at", 12 * 3600 + 60).await;
    assert_eq!(app.get("/account").await.status().as_u16(), 303, "12 hours end it, used or not");
    assert_eq!(sessions(&db).await, 0);

    // The row's expiry follows the idle time: 30 minutes from now.
    assert_eq!(login(&app, "team@example.nl", TEST_PASSWORD).await, 303);
    age_session(&db, "seen", 120).await;
    assert_eq!(app.page("/account").await.status, 200);
    let minutes = count(
        &db,
        "SELECT round(extract(epoch FROM expiry_date - now()) / 60)::bigint FROM sessions",
    )
    .await;
    assert_eq!(minutes, 30);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_bewoner_stays_logged_in_for_days_but_not_beyond_90(db: PgPool) {
    create_user(&db, OWNER, "bewoner", &[]).await;
    let app = spawn_app(db.clone()).await;
    assert_eq!(login(&app, OWNER, TEST_PASSWORD).await, 303);
    age_session(&db, "seen", 86_400).await;
    age_session(&db, "login_at", 30 * 86_400).await;
    assert_eq!(app.page("/account").await.status, 200, "a day idle is fine for a bewoner");
    age_session(&db, "login_at", 91 * 86_400).await;
    assert_eq!(app.get("/account").await.status().as_u16(), 303);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_session_table_holds_a_hash_of_the_cookie_not_the_cookie(db: PgPool) {
    create_user(&db, OWNER, "bewoner", &[]).await;
    let app = spawn_app(db.clone()).await;
    let response = app.login(OWNER, TEST_PASSWORD).await;
    let cookie = set_cookies(&response)
        .into_iter()
        .find(|c| c.starts_with("hv_sessie="))
        .expect("a session cookie");
    let value = cookie.split(';').next().unwrap().trim_start_matches("hv_sessie=").to_owned();
    assert!(value.len() >= 16, "{value}");
    let (id, data): (String, String) =
        sqlx::query_as("SELECT id, data::text FROM sessions").fetch_one(&db).await.unwrap();
    assert_ne!(id, value);
    assert!(!data.contains(&value));
    let hashed: String =
        Sha256::digest(value.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(id, hashed);

    // The stored id does not work as a cookie.
    let stolen = jarless()
        .get(app.url("/account"))
        .header("cookie", format!("hv_sessie={id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(stolen.status().as_u16(), 303);
    let own = jarless()
        .get(app.url("/account"))
        .header("cookie", format!("hv_sessie={value}"))
        .send()
        .await
        .unwrap();
    assert_eq!(own.status().as_u16(), 200);
}

// ---------------------------------------------------------------- secure mode

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn with_secure_cookies_every_cookie_is_host_prefixed_and_hsts_is_sent(db: PgPool) {
    create_user(&db, OWNER, "bewoner", &[]).await;
    let app = spawn_with(&db, |c| c.secure_cookies = true).await;
    let (cookie, token) = anonymous_form(&app, "__Host-hv_formulier").await;
    let form = [("email", OWNER), ("password", TEST_PASSWORD), ("csrf_token", token.as_str())];
    let response =
        jarless().post(app.url("/inloggen")).header("cookie", cookie).form(&form).send().await;
    let response = response.unwrap();
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
    let cookies = set_cookies(&response);
    for name in ["__Host-hv_sessie=", "__Host-hv_apparaat="] {
        let c = cookies.iter().find(|c| c.starts_with(name)).unwrap_or_else(|| panic!("{name}"));
        assert!(c.contains("Secure") && c.contains("Path=/") && c.contains("HttpOnly"), "{c}");
        assert!(!c.to_ascii_lowercase().contains("domain="), "{c}");
    }
    assert!(!cookies.iter().any(|c| c.starts_with("hv_")), "{cookies:?}");

    // Plain http, the default: no HSTS.
    let plain = spawn_app(db.clone()).await;
    assert!(plain.get("/").await.headers().get("strict-transport-security").is_none());
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn every_response_to_a_signed_in_user_is_private_and_not_stored(db: PgPool) {
    rotterdam(&db).await;
    let mut f = place("Huiskamer bij Ans");
    f.address = "Geheimstraat 12".into();
    f.precision = Precision::Buurt;
    let id = insert(&db, f).await;
    create_user(&db, "team@example.nl", "wijkteam", &["WK059901"]).await;
    let app = spawn_app(db.clone()).await;

    let anonymous = app.get(&format!("/plekken/{id}")).await;
    let cache = anonymous.headers().get("cache-control").map(|v| v.to_str().unwrap().to_owned());
    assert!(!cache.unwrap_or_default().contains("no-store"), "public pages may be cached");

    assert_eq!(login(&app, "team@example.nl", TEST_PASSWORD).await, 303);
    let protected = app.page(&format!("/plekken/{id}")).await;
    assert!(protected.body.contains("Geheimstraat"), "the wijkteam sees the address");
    for path in [
        format!("/plekken/{id}"),
        "/".into(),
        "/wijken".into(),
        "/account".into(),
        "/wijkteam".into(),
        "/api/plekken.geojson?bbox=3.9,51.8,4.3,52.1".into(),
        "/bestaat-niet".into(),
    ] {
        let response = app.get(&path).await;
        assert_eq!(
            response.headers().get("cache-control").map(|v| v.to_str().unwrap()),
            Some("private, no-store"),
            "{path}"
        );
    }
}
