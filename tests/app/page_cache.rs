//! The cache of anonymous public pages: hits, invalidation by database
//! notifications and by posts, sessions bypassing it, and one entry per
//! language and encoding.

use std::time::{Duration, Instant};

use haarvaten::config::Config;
use reqwest::header::HeaderMap;
use scraper::Html;
use sqlx::PgPool;

use crate::helpers::{Page, TEST_PASSWORD, TestApp, create_user, login};
use crate::public::{insert, place, rotterdam};

/// Like `helpers::spawn_app`, with the page cache on. Returns once the
/// cache listens for data changes: until then it is bypassed.
pub async fn spawn_app_with_cache(db: PgPool) -> TestApp {
    haarvaten::telemetry::init_for_tests();
    let mut config = Config::for_tests("postgres://unused".into());
    config.page_cache_mb = 16;
    let app = crate::helpers::build_app(config, db.clone()).await;
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let app = TestApp { address, db, client: browser() };
    let deadline = Instant::now() + Duration::from_secs(5);
    while fetch(&app, "/zoeken?q=opwarmen", &[]).await.x_cache.is_none() {
        assert!(Instant::now() < deadline, "the page cache never started listening");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    app
}

/// Pages that show "nu open" are kept per minute, so a visit and the next
/// one are only the same entry within one minute: when the minute turns in
/// the next few seconds, this waits until it has turned.
pub async fn clear_of_a_minute_turn() {
    use chrono::Timelike;
    let second = chrono::Utc::now().second();
    if second >= 56 {
        tokio::time::sleep(Duration::from_millis(u64::from(61 - second) * 1000)).await;
    }
}

/// A browser of its own: cookie jar, no redirects, no decompression.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("client")
}

/// The same app seen by another browser.
fn other_visitor(app: &TestApp) -> TestApp {
    TestApp { address: app.address.clone(), db: app.db.clone(), client: browser() }
}

pub struct Fetched {
    pub status: u16,
    pub x_cache: Option<String>,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl Fetched {
    /// Only for uncompressed bodies.
    pub fn page(&self) -> Page {
        let body = String::from_utf8(self.bytes.clone()).expect("an uncompressed body");
        let html = Html::parse_document(&body);
        Page { status: self.status, body, html }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }
}

/// GET with this app's client and the given extra headers.
pub async fn fetch(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> Fetched {
    let mut request = app.client.get(app.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let x_cache = headers.get("x-cache").map(|v| v.to_str().unwrap().to_owned());
    let bytes = response.bytes().await.expect("body").to_vec();
    Fetched { status, x_cache, headers, bytes }
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_second_anonymous_visit_is_a_hit_with_the_same_page(db: PgPool) {
    rotterdam(&db).await;
    insert(&db, place("Huiskamer Een")).await;
    let app = spawn_app_with_cache(db).await;

    for path in ["/wijken", "/", "/wijken/WK059901", "/api/plekken.geojson?bbox=4,51,5,52"] {
        clear_of_a_minute_turn().await;
        let first = fetch(&app, path, &[]).await;
        let second = fetch(&app, path, &[]).await;
        assert_eq!(first.status, 200, "{path}");
        assert_eq!(first.x_cache.as_deref(), Some("miss"), "{path}");
        assert_eq!(second.x_cache.as_deref(), Some("hit"), "{path}");
        assert_eq!(first.bytes, second.bytes, "{path}");
        assert!(second.header("set-cookie").is_none(), "{path}");
        assert!(
            second.header("content-security-policy").is_some(),
            "hits carry the security headers: {path}"
        );
    }
    let page = fetch(&app, "/wijken", &[]).await.page();
    assert_eq!(page.texts("tbody th[scope=row]"), ["Centrum", "Noord"]);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_change_in_the_database_reaches_the_page_without_the_app_knowing(db: PgPool) {
    rotterdam(&db).await;
    let id = insert(&db, place("Huiskamer Oud")).await;
    let app = spawn_app_with_cache(db.clone()).await;
    let path = format!("/plekken/{id}");
    clear_of_a_minute_turn().await;
    assert_eq!(fetch(&app, &path, &[]).await.page().text("h1"), "Huiskamer Oud");
    let cached = fetch(&app, &path, &[]).await;
    assert_eq!(cached.x_cache.as_deref(), Some("hit"));
    assert_eq!(cached.page().text("h1"), "Huiskamer Oud");

    // As an import from the command line would.
    sqlx::query("UPDATE places SET name = 'Huiskamer Nieuw' WHERE id = $1")
        .bind(id)
        .execute(&db)
        .await
        .unwrap();

    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let page = fetch(&app, &path, &[]).await.page();
        if page.text("h1") == "Huiskamer Nieuw" {
            break;
        }
        assert!(Instant::now() < deadline, "still shows {:?} after 5 s", page.text("h1"));
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_post_starts_the_cache_afresh_and_signed_in_visitors_bypass_it(db: PgPool) {
    rotterdam(&db).await;
    create_user(&db, "bewoner@example.nl", "bewoner", &[]).await;
    let app = spawn_app_with_cache(db).await;
    fetch(&app, "/wijken", &[]).await;
    assert_eq!(fetch(&app, "/wijken", &[]).await.x_cache.as_deref(), Some("hit"));

    // A refused post (no CSRF token) changed nothing and keeps the cache.
    let junk = app.client.post(app.url("/inloggen")).form(&[("email", "x")]).send().await;
    assert_eq!(junk.expect("post").status().as_u16(), 403);
    assert_eq!(fetch(&app, "/wijken", &[]).await.x_cache.as_deref(), Some("hit"));

    let member = other_visitor(&app);
    assert_eq!(login(&member, "bewoner@example.nl", TEST_PASSWORD).await, 303);

    // A login changes no data: the anonymous page stays kept.
    let after = fetch(&app, "/wijken", &[]).await;
    assert_eq!(after.x_cache.as_deref(), Some("hit"), "a login is no data change");
    assert_eq!(after.page().count("form[action='/uitloggen']"), 0);

    // A tip may end up on a place page: that post starts the cache afresh.
    let place = crate::public::insert(&app.db, crate::public::place("Koffiehoek")).await;
    // Its trigger's notification bumps the generation soon after.
    for _ in 0..100 {
        if fetch(&app, "/wijken", &[]).await.x_cache.as_deref() == Some("miss") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(fetch(&app, "/wijken", &[]).await.x_cache.as_deref(), Some("hit"));
    let tip = member
        .post_form(&format!("/plekken/{place}/opmerking"), &[("soort", "tip"), ("tekst", "Leuk")])
        .await;
    assert!(tip.status().is_redirection(), "{}", tip.status());
    let after = fetch(&app, "/wijken", &[]).await;
    assert_eq!(after.x_cache.as_deref(), Some("miss"), "the tip's post bumped the generation");
    assert_eq!(fetch(&app, "/wijken", &[]).await.x_cache.as_deref(), Some("hit"));

    for _ in 0..2 {
        let mine = fetch(&member, "/wijken", &[]).await;
        assert_eq!(mine.status, 200);
        assert_eq!(mine.x_cache, None, "a session bypasses the cache");
        let page = mine.page();
        assert_eq!(page.count("form[action='/uitloggen']"), 1, "their own page");
        assert!(page.attr("meta[name=csrf-token]", "content").is_some_and(|t| !t.is_empty()));
    }

    // Static files are the same for everyone, session or not.
    let css = "/static/css/site.css";
    let first = fetch(&member, css, &[("accept-encoding", "gzip")]).await;
    let second = fetch(&app, css, &[("accept-encoding", "gzip")]).await;
    assert_eq!(first.status, 200);
    assert_eq!(second.x_cache.as_deref(), Some("hit"));
    assert_eq!(second.header("content-encoding"), Some("gzip"));
    assert_eq!(first.bytes, second.bytes);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn each_encoding_class_gets_its_own_correct_body(db: PgPool) {
    rotterdam(&db).await;
    let app = spawn_app_with_cache(db).await;

    let br = fetch(&app, "/wijken", &[("accept-encoding", "gzip, deflate, br")]).await;
    assert_eq!((br.x_cache.as_deref(), br.header("content-encoding")), (Some("miss"), Some("br")));
    let br_again = fetch(&app, "/wijken", &[("accept-encoding", "br")]).await;
    assert_eq!(br_again.x_cache.as_deref(), Some("hit"), "the same class, the same entry");
    assert_eq!(br_again.header("content-encoding"), Some("br"));
    assert_eq!(br_again.bytes, br.bytes);

    let gzip = fetch(&app, "/wijken", &[("accept-encoding", "gzip, br;q=0")]).await;
    assert_eq!(gzip.x_cache.as_deref(), Some("miss"));
    assert_eq!(gzip.header("content-encoding"), Some("gzip"));
    assert_eq!(gzip.bytes[..2], [0x1f, 0x8b], "a gzip stream");
    let gzip_again = fetch(&app, "/wijken", &[("accept-encoding", "gzip")]).await;
    assert_eq!(gzip_again.x_cache.as_deref(), Some("hit"));
    assert_eq!(gzip_again.bytes, gzip.bytes);

    let plain = fetch(&app, "/wijken", &[]).await;
    assert_eq!((plain.x_cache.as_deref(), plain.header("content-encoding")), (Some("miss"), None));
    let plain_again = fetch(&app, "/wijken", &[("accept-encoding", "deflate")]).await;
    assert_eq!(plain_again.x_cache.as_deref(), Some("hit"));
    assert_eq!(plain_again.header("content-encoding"), None);
    assert_eq!(plain_again.page().text("h1"), "Wijken");
    assert_eq!(plain_again.bytes, plain.bytes);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn english_and_dutch_are_cached_apart(db: PgPool) {
    rotterdam(&db).await;
    let app = spawn_app_with_cache(db).await;
    // Without a cookie jar, so the language cookie below is the only one.
    let cookieless = TestApp {
        address: app.address.clone(),
        db: app.db.clone(),
        client: reqwest::Client::builder().build().unwrap(),
    };
    let lang = |f: &Fetched| f.page().attr("html", "lang");

    let nl = fetch(&app, "/wijken", &[]).await;
    assert_eq!((nl.x_cache.as_deref(), lang(&nl).as_deref()), (Some("miss"), Some("nl")));
    let en = fetch(&app, "/wijken", &[("accept-language", "en-GB,en;q=0.8")]).await;
    assert_eq!((en.x_cache.as_deref(), lang(&en).as_deref()), (Some("miss"), Some("en")));
    let en_cookie = fetch(&cookieless, "/wijken", &[("cookie", "hv_lang=en")]).await;
    assert_eq!(
        (en_cookie.x_cache.as_deref(), lang(&en_cookie).as_deref()),
        (Some("hit"), Some("en"))
    );
    assert_eq!(en_cookie.bytes, en.bytes);
    let nl_again = fetch(&app, "/wijken", &[("accept-language", "nl")]).await;
    assert_eq!(
        (nl_again.x_cache.as_deref(), lang(&nl_again).as_deref()),
        (Some("hit"), Some("nl"))
    );
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_not_found_page_is_not_kept(db: PgPool) {
    rotterdam(&db).await;
    let app = spawn_app_with_cache(db).await;
    let path = format!("/plekken/{}", uuid::Uuid::new_v4());
    for _ in 0..2 {
        let missing = fetch(&app, &path, &[]).await;
        assert_eq!(missing.status, 404);
        assert_eq!(missing.x_cache, None);
        assert!(missing.page().text("h1").len() > 1, "the error page itself");
    }
}
