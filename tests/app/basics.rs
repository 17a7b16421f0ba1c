//! Health checks, error pages and security headers.

use crate::helpers::spawn_app;

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn health_and_readiness_report_ok(db: sqlx::PgPool) {
    let app = spawn_app(db).await;
    let (status, body) = app.json("/healthz").await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "ok");
    let (status, body) = app.json("/readyz").await;
    assert_eq!(status, 200);
    assert_eq!(body["database"], "ok");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn unknown_page_gets_a_dutch_404(db: sqlx::PgPool) {
    let app = spawn_app(db).await;
    let page = app.page("/bestaat-niet").await;
    assert_eq!(page.status, 404);
    assert_eq!(page.text("h1"), "Pagina niet gevonden");
    assert_eq!(page.attr("html", "lang").as_deref(), Some("nl"));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn pages_carry_a_strict_content_security_policy(db: sqlx::PgPool) {
    let app = spawn_app(db).await;
    let response = app.get("/").await;
    let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn english_is_chosen_from_accept_language_and_the_switch_is_remembered(db: sqlx::PgPool) {
    let app = spawn_app(db).await;
    let response = app
        .client
        .get(app.url("/bestaat-niet"))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap();
    let body = response.text().await.unwrap();
    assert!(body.contains("Page not found"));

    let switch = app.get("/taal/en?terug=/wijken").await;
    assert_eq!(switch.status().as_u16(), 303);
    assert_eq!(switch.headers()["location"], "/wijken");
    let page = app.page("/bestaat-niet").await;
    assert_eq!(page.text("h1"), "Page not found");

    let evil = app.get("/taal/nl?terug=//evil.example").await;
    assert_eq!(evil.headers()["location"], "/");
}
