//! Robustness: timeouts, graceful shutdown, every rejection as the friendly
//! page, and a database outage answered with 503 and stale cached pages.

use std::time::{Duration, Instant};

use haarvaten::config::Config;
use sqlx::PgPool;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::helpers::{TestApp, into_page, spawn_app};

/// Framework text that must never reach a visitor.
const FRAMEWORK_TEXT: [&str; 6] = [
    "Failed to deserialize",
    "Invalid URL",
    "Form requests must have",
    "Expected request with",
    "length limit exceeded",
    "Failed to buffer",
];

async fn start(config: Config, db: PgPool) -> (String, tokio::task::JoinHandle<()>) {
    haarvaten::telemetry::init_for_tests();
    let app = crate::helpers::build_app(config, db).await;
    let address = format!("127.0.0.1:{}", app.port());
    let handle = tokio::spawn(async move { app.run_until_stopped().await.expect("serves") });
    (address, handle)
}

/// Reads until the server closes the connection; returns what it sent.
async fn read_until_closed(tcp: &mut TcpStream, within: Duration) -> Option<Vec<u8>> {
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.checked_duration_since(Instant::now())?;
        match tokio::time::timeout(left, tcp.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0) | Err(_)) => return Some(seen),
            Ok(Ok(n)) => seen.extend_from_slice(&buf[..n]),
        }
    }
}

/// A server with a header timeout of 1 s, and a connection to it that has
/// sent `bytes`.
async fn send_with_short_header_timeout(db: PgPool, bytes: &[u8]) -> TcpStream {
    let mut config = Config::for_tests("postgres://unused".into());
    config.header_timeout_secs = 1;
    let (address, _server) = start(config, db).await;
    let mut tcp = TcpStream::connect(&address).await.unwrap();
    tcp.write_all(bytes).await.unwrap();
    tcp
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_half_sent_request_is_closed_after_the_header_timeout(db: PgPool) {
    let half = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ";
    let mut tcp = send_with_short_header_timeout(db, half).await;
    let started = Instant::now();
    let closed = read_until_closed(&mut tcp, Duration::from_secs(5)).await;
    assert!(closed.is_some(), "the connection was still open after 5 s");
    assert!(started.elapsed() >= Duration::from_millis(800), "closed too early");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn an_idle_keep_alive_connection_is_closed(db: PgPool) {
    let whole = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";
    let mut tcp = send_with_short_header_timeout(db, whole).await;
    let seen = read_until_closed(&mut tcp, Duration::from_secs(5)).await;
    let seen = String::from_utf8_lossy(&seen.expect("closed within 5 s")).into_owned();
    assert!(seen.starts_with("HTTP/1.1 200"), "{seen}");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn shutdown_finishes_within_the_grace_whatever_the_clients_do(db: PgPool) {
    haarvaten::telemetry::init_for_tests();
    let mut config = Config::for_tests("postgres://unused".into());
    // The header timeout alone would not end the half-sent request in time.
    config.header_timeout_secs = 60;
    config.shutdown_grace_secs = 2;
    let app = crate::helpers::build_app(config, db).await;
    let address = format!("127.0.0.1:{}", app.port());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async {
        let _ = stopped.await;
    }));
    let mut half = TcpStream::connect(&address).await.unwrap();
    half.write_all(b"POST /inloggen HTTP/1.1\r\nHost: localhost\r\nContent-Le").await.unwrap();
    let mut idle = TcpStream::connect(&address).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n").await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;

    let started = Instant::now();
    stop.send(()).unwrap();
    let finished = tokio::time::timeout(Duration::from_secs(10), server).await;
    assert!(finished.is_ok(), "the server was still running 10 s after shutdown");
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    assert!(TcpStream::connect(&address).await.is_err(), "still accepting after shutdown");
    assert!(read_until_closed(&mut half, Duration::from_secs(1)).await.is_some());
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_request_that_takes_too_long_gets_the_friendly_503(db: PgPool) {
    let mut config = Config::for_tests("postgres://unused".into());
    config.request_timeout_secs = 1;
    let app = crate::helpers::build_app(config, db.clone()).await;
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    // The search waits for this lock until the request times out.
    let mut tx = db.begin().await.unwrap();
    sqlx::query("LOCK TABLE places IN ACCESS EXCLUSIVE MODE").execute(&mut *tx).await.unwrap();
    let started = Instant::now();
    let response = reqwest::get(format!("{address}/zoeken?q=koffie")).await.unwrap();
    let page = into_page(response).await;
    assert_eq!(page.status, 503);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(page.text("h1"), "Even niet beschikbaar");
    tx.rollback().await.unwrap();
}

fn assert_friendly(page: &crate::helpers::Page, status: u16) {
    assert_eq!(page.status, status, "{}", page.body);
    assert_eq!(page.attr("html", "lang").as_deref(), Some("nl"), "{status}: {}", page.body);
    assert!(!page.text("h1").is_empty(), "{}", page.body);
    for text in FRAMEWORK_TEXT {
        assert!(!page.body.contains(text), "framework text {text:?} in {}", page.body);
    }
}

/// POSTs `body` as `content_type`, with the CSRF token in its header when
/// given, and reads the answer as a page.
async fn post_raw(
    app: &TestApp,
    path: &str,
    content_type: &str,
    token: Option<&str>,
    body: String,
) -> crate::helpers::Page {
    let mut request = app.client.post(app.url(path)).header("content-type", content_type);
    if let Some(token) = token {
        request = request.header("x-csrf-token", token);
    }
    into_page(request.body(body).send().await.unwrap()).await
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn every_framework_rejection_is_the_dutch_error_page(db: PgPool) {
    let app = spawn_app(db).await;
    let token = app.csrf_token().await;
    const FORM: &str = "application/x-www-form-urlencoded";

    let page = app.page("/wijken/%ff").await;
    assert_friendly(&page, 400);
    assert_eq!(page.text("h1"), "Dit klopt niet helemaal");

    let multipart = format!(
        "--x\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n--x--\r\n"
    );
    let page =
        post_raw(&app, "/inloggen", "multipart/form-data; boundary=x", None, multipart).await;
    assert_friendly(&page, 415);

    let json = r#"{"email":"a@b.nl"}"#.to_owned();
    let page = post_raw(&app, "/inloggen", "application/json", Some(&token), json).await;
    assert_friendly(&page, 415);

    let huge = format!("csrf_token={token}&email={}", "a".repeat(3 * 1024 * 1024));
    assert_friendly(&post_raw(&app, "/inloggen", FORM, None, huge).await, 413);

    let page = post_raw(&app, "/inloggen", FORM, None, format!("csrf_token={token}")).await;
    assert!(matches!(page.status, 400 | 422), "{}", page.status);
    assert_friendly(&page, page.status);

    let response =
        app.client.delete(app.url("/zoeken")).header("x-csrf-token", &token).send().await.unwrap();
    let allow = response.headers().get("allow").cloned();
    assert_friendly(&into_page(response).await, 405);
    assert!(allow.is_some(), "405 keeps its Allow header");

    let page = app.page("/static/bestaat-niet.css").await;
    assert_friendly(&page, 404);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn rejections_under_api_are_json(db: PgPool) {
    let app = spawn_app(db).await;
    let (status, body) = app.json("/api/wijken/%ff/grens.geojson").await;
    assert_eq!(status, 400);
    assert_eq!(body["status"], 400);
    let error = body["error"].as_str().unwrap_or_default();
    assert!(!error.is_empty() && !error.contains("Invalid URL"), "{body}");
}

/// A TCP proxy to PostgreSQL that the test can cut, as an outage would.
async fn outage_proxy(to: u16) -> (u16, tokio::sync::watch::Sender<bool>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (cut, is_cut) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        loop {
            let Ok((mut client, _)) = listener.accept().await else { return };
            if *is_cut.borrow() {
                continue;
            }
            let mut is_cut = is_cut.clone();
            tokio::spawn(async move {
                let Ok(mut server) = TcpStream::connect(("127.0.0.1", to)).await else { return };
                tokio::select! {
                    _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                    _ = is_cut.wait_for(|cut| *cut) => {}
                }
            });
        }
    });
    (port, cut)
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_database_outage_gives_503_with_retry_after_and_stale_cached_pages(db: PgPool) {
    haarvaten::telemetry::init_for_tests();
    let options = db.connect_options();
    let (proxy_port, cut) = outage_proxy(options.get_port()).await;
    let via_proxy = sqlx::postgres::PgPoolOptions::new()
        .acquire_timeout(Duration::from_secs(1))
        .connect_with((*options).clone().port(proxy_port))
        .await
        .unwrap();
    let mut config = Config::for_tests("postgres://unused".into());
    config.page_cache_mb = 16;
    let app = crate::helpers::build_app(config, via_proxy).await;
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let app = TestApp { address, db, client: reqwest::Client::new() };
    // Once the cache listens, the second request is a hit.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let response = app.get("/wijken").await;
        if response.headers().get("x-cache").is_some_and(|v| v == "hit") {
            break;
        }
        assert!(Instant::now() < deadline, "the page cache never served a hit");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    cut.send(true).unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;

    let response = app.get("/zoeken?q=nooit-gevraagd").await;
    assert_eq!(response.headers().get("retry-after").map(|v| v.to_str().unwrap()), Some("30"));
    let page = into_page(response).await;
    assert_friendly(&page, 503);
    assert_eq!(page.text("h1"), "Even niet beschikbaar");

    let response = app.get("/wijken").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers().get("x-cache").map(|v| v.to_str().unwrap()), Some("stale"));

    let (status, body) = app.json("/api/plekken.geojson?bbox=4,51,5,52").await;
    assert_eq!(status, 503, "{body}");

    let response = app.get("/readyz").await;
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key("retry-after"));
}
