//! Issue 13: what lets Haarvaten serve first views fast at national scale
//! and run as several instances, checked for correctness: the map's points
//! kept per data generation show only public points and follow changes;
//! only pages that say what is open now are kept per minute; two app
//! instances on one database see each other's changes.

use std::time::{Duration, Instant};

use haarvaten::domain::place::Precision;
use sqlx::PgPool;

use crate::helpers::{TEST_PASSWORD, TestApp, create_user, login};
use crate::page_cache::{browser, clear_of_a_minute_turn, fetch, spawn_app_with_cache};
use crate::public::{hide, insert, place, rotterdam};

async fn features(app: &TestApp, path: &str) -> Vec<serde_json::Value> {
    let got = fetch(app, path, &[]).await;
    assert_eq!(got.status, 200, "{path}");
    let json: serde_json::Value = serde_json::from_slice(&got.bytes).expect("JSON");
    json["features"].as_array().expect("features").clone()
}

/// Waits (at most 5 s) until `done` holds for a fresh box of the map.
async fn until_map(app: &TestApp, what: &str, done: impl Fn(&[serde_json::Value]) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(5);
    for n in 0.. {
        // A new URL each time: the page cache misses, the kept points answer.
        let path = format!("/api/plekken.geojson?bbox=3.9,51.8,4.3,52.{n:04}");
        if done(&features(app, &path).await) {
            return;
        }
        assert!(Instant::now() < deadline, "{what}: not after 5 s");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_kept_map_points_show_public_points_only_and_follow_changes(db: PgPool) {
    rotterdam(&db).await;
    let mut protected = place("Huiskamer bij Ans");
    protected.point = Some((4.0123456, 51.9234567));
    protected.precision = Precision::Buurt;
    let protected = insert(&db, protected).await;
    let hidden = insert(&db, place("Verstopte huiskamer")).await;
    hide(&db, hidden).await;
    let open = insert(&db, place("Buurthuis Open")).await;
    let (label_lon, label_lat): (f64, f64) = sqlx::query_as(
        "SELECT ST_X(label_point), ST_Y(label_point) FROM areas WHERE code = 'BU05990101'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let app = spawn_app_with_cache(db.clone()).await;

    for path in [
        "/api/plekken.geojson?bbox=3.9,51.8,4.3,52.1",
        "/api/plekken.geojson?bbox=3.9,51.8,4.3,52.2&zoom=12",
        "/api/plekken.geojson?bbox=4.0,51.9,4.05,52.0&open_nu=1",
    ] {
        let body = String::from_utf8(fetch(&app, path, &[]).await.bytes).unwrap();
        for secret in ["4.0123456", "51.9234567", "4.012346", "51.923457", "Verstop"] {
            assert!(!body.contains(secret), "{path} shows {secret}: {body}");
        }
        assert!(!body.contains(&hidden.to_string()), "{path} shows the hidden place");
    }
    let all = features(&app, "/api/plekken.geojson?bbox=3.9,51.8,4.3,52.1").await;
    assert_eq!(all.len(), 2);
    let ans = all.iter().find(|f| f["id"] == protected.to_string()).expect("the buurt place");
    let at = &ans["geometry"]["coordinates"];
    assert!((at[0].as_f64().unwrap() - label_lon).abs() < 1e-6, "{at} is not the buurt's point");
    assert!((at[1].as_f64().unwrap() - label_lat).abs() < 1e-6, "{at} is not the buurt's point");

    // A change from outside the app (as an import) reaches the kept points.
    hide(&db, open).await;
    until_map(&app, "the hidden place leaves the map", |f| {
        f.len() == 1 && f.iter().all(|x| x["id"] != open.to_string())
    })
    .await;
    sqlx::query("UPDATE places SET hidden = false WHERE id = $1")
        .bind(open)
        .execute(&db)
        .await
        .unwrap();
    until_map(&app, "the shown place comes back", |f| f.len() == 2).await;
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn only_pages_that_say_what_is_open_now_are_kept_for_the_minute(db: PgPool) {
    rotterdam(&db).await;
    let mut with_hours = place("Huiskamer Met Tijden");
    with_hours.opening_hours = "Mo-Su 09:00-17:00".into();
    let id = insert(&db, with_hours).await;
    let app = spawn_app_with_cache(db).await;

    let scope = |path: String| {
        let app = &app;
        async move {
            let got = fetch(app, &path, &[]).await;
            assert_eq!(got.status, 200, "{path}");
            (path, got.header("x-cache-scope").map(str::to_owned))
        }
    };
    for (path, expected) in [
        ("/wijken".to_owned(), "data"),
        ("/api/plekken.geojson?bbox=3.9,51.8,4.3,52.1".to_owned(), "data"),
        ("/api/wijken/WK059901/grens.geojson".to_owned(), "data"),
        ("/api/plekken.geojson?bbox=3.9,51.8,4.3,52.1&open_nu=1".to_owned(), "minute"),
        (format!("/plekken/{id}"), "minute"),
        ("/".to_owned(), "minute"),
        ("/zoeken?q=huiskamer".to_owned(), "minute"),
        ("/wijken/WK059901".to_owned(), "minute"),
    ] {
        clear_of_a_minute_turn().await;
        let (path, got) = scope(path).await;
        assert_eq!(got.as_deref(), Some(expected), "{path}");
        // The second visit is a hit with the same scope.
        let again = fetch(&app, &path, &[]).await;
        assert_eq!(again.x_cache.as_deref(), Some("hit"), "{path}");
        assert_eq!(again.header("x-cache-scope"), Some(expected), "{path}");
    }
    // A list without opening hours does not depend on the minute.
    let (path, got) = scope("/wijken/WK059902".to_owned()).await;
    assert_eq!(got.as_deref(), Some("data"), "{path}");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn two_instances_on_one_database_see_each_others_changes(db: PgPool) {
    rotterdam(&db).await;
    let id = insert(&db, place("Huiskamer Gedeeld")).await;
    create_user(&db, "beheer@example.nl", "beheerder", &[]).await;
    create_user(&db, "bewoner@example.nl", "bewoner", &[]).await;
    let a = spawn_app_with_cache(db.clone()).await;
    let b = spawn_app_with_cache(db.clone()).await;
    let path = format!("/plekken/{id}");
    let map = "/api/plekken.geojson?bbox=3.9,51.8,4.3,52.1";

    // B has the place in its cache, for anonymous visitors.
    clear_of_a_minute_turn().await;
    for _ in 0..2 {
        assert_eq!(fetch(&b, &path, &[]).await.page().text("h1"), "Huiskamer Gedeeld");
        assert_eq!(features(&b, map).await.len(), 1);
    }
    assert_eq!(fetch(&b, &path, &[]).await.x_cache.as_deref(), Some("hit"));

    // Sessions live in PostgreSQL: signed in through A is signed in on B.
    let admin = TestApp { address: a.address.clone(), db: db.clone(), client: browser() };
    assert_eq!(login(&admin, "beheer@example.nl", TEST_PASSWORD).await, 303);
    let admin_on_b =
        TestApp { address: b.address.clone(), db: db.clone(), client: admin.client.clone() };
    let account = admin_on_b.page("/account").await;
    assert_eq!(account.status, 200);
    assert!(account.body.contains("beheer@example.nl"), "B knows A's session");
    let resident_on_b = TestApp { address: b.address.clone(), db: db.clone(), client: browser() };
    assert_eq!(login(&resident_on_b, "bewoner@example.nl", TEST_PASSWORD).await, 303);
    assert_eq!(resident_on_b.page(&path).await.status, 200);

    // The beheerder hides the place through A.
    let hidden = admin.post_form(&format!("/plekken/{id}/verbergen"), &[("reden", "spam")]).await;
    assert_eq!(hidden.status().as_u16(), 303);

    // A signed-in visitor of B reads the primary without the cache: at once.
    assert_eq!(resident_on_b.page(&path).await.status, 404, "B still shows the hidden place");
    // Anonymous visitors of B: as soon as B's listener hears the change
    // (milliseconds); both the page and the kept map points.
    let started = Instant::now();
    while fetch(&b, &path, &[]).await.status != 404 {
        assert!(started.elapsed() < Duration::from_secs(2), "B's cache still shows the place");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(features(&b, map).await.is_empty(), "B's map still shows the place");
}
