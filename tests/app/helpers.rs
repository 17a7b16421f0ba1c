//! Test harness: start the real app on port 0 against the test's database,
//! and read pages the way a browser would.

#![allow(dead_code)]

use haarvaten::config::Config;
use haarvaten::startup::Application;
use scraper::{Html, Selector};
use sqlx::PgPool;

pub struct TestApp {
    pub address: String,
    pub db: PgPool,
    pub client: reqwest::Client,
}

/// Starts the app in the background with its own cookie jar.
pub async fn spawn_app(db: PgPool) -> TestApp {
    spawn_app_with(db, |_| {}).await
}

pub struct Page {
    pub status: u16,
    pub body: String,
    pub html: Html,
}

impl Page {
    /// Trimmed, whitespace-folded text of every element matching `selector`.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let sel = Selector::parse(selector).expect("valid selector");
        self.html
            .select(&sel)
            .map(|e| {
                e.text()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    pub fn text(&self, selector: &str) -> String {
        self.texts(selector).into_iter().next().unwrap_or_default()
    }

    pub fn count(&self, selector: &str) -> usize {
        self.texts(selector).len()
    }

    pub fn attr(&self, selector: &str, attr: &str) -> Option<String> {
        let sel = Selector::parse(selector).expect("valid selector");
        self.html.select(&sel).next().and_then(|e| e.value().attr(attr)).map(str::to_owned)
    }

    /// The attribute of every element matching `selector` that has it.
    pub fn attrs(&self, selector: &str, attr: &str) -> Vec<String> {
        let sel = Selector::parse(selector).expect("valid selector");
        self.html.select(&sel).filter_map(|e| e.value().attr(attr)).map(str::to_owned).collect()
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request")
    }

    pub async fn page(&self, path: &str) -> Page {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        let body = response.text().await.expect("body");
        let html = Html::parse_document(&body);
        Page { status, body, html }
    }

    pub async fn json(&self, path: &str) -> (u16, serde_json::Value) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        let value = response.json().await.expect("json body");
        (status, value)
    }
}

// ---------------------------------------------------------------- accounts

/// The password of every account made by [`create_user`].
pub const TEST_PASSWORD: &str = "lange-test-zin-123";

/// Hashing is slow on purpose; hash the test password once per binary.
static TEST_HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();

/// Creates an account directly in the database, with [`TEST_PASSWORD`].
/// `role`: bewoner, wijkteam, gemeente or beheerder. `scopes`: the wijk
/// codes of a wijkteam member, or the one gemeente code (GM…) of the
/// gemeente role; ignored for other roles.
pub async fn create_user(db: &PgPool, email: &str, role: &str, scopes: &[&str]) -> uuid::Uuid {
    use haarvaten::domain::user::{Email, Password, Role};
    let hash = TEST_HASH
        .get_or_init(|| async {
            Password::parse(TEST_PASSWORD).unwrap().hash().await.expect("hash")
        })
        .await;
    let role = Role::parse(role).expect("known role");
    let gemeente =
        (role == Role::Gemeente).then(|| scopes.first().expect("gemeente code").to_string());
    let email = Email::parse(email).expect("valid e-mail");
    let id = haarvaten::db::users::insert(db, &email, hash, role, gemeente.as_deref())
        .await
        .expect("insert user");
    if role == Role::Wijkteam {
        let wijken: Vec<String> = scopes.iter().map(|s| s.to_string()).collect();
        let mut conn = db.acquire().await.expect("connection");
        haarvaten::db::users::set_wijken(&mut conn, id, &wijken).await.expect("wijken");
    }
    id
}

/// Logs the app's client in (its cookie jar keeps the session). Returns the
/// status: 303 on success.
pub async fn login(app: &TestApp, email: &str, password: &str) -> u16 {
    app.login(email, password).await.status().as_u16()
}

/// Reads a response the way `TestApp::page` does.
pub async fn into_page(response: reqwest::Response) -> Page {
    let status = response.status().as_u16();
    let body = response.text().await.expect("body");
    let html = Html::parse_document(&body);
    Page { status, body, html }
}

impl TestApp {
    /// The CSRF token of this client's session, as every page carries it
    /// in `<meta name="csrf-token">`.
    pub async fn csrf_token(&self) -> String {
        let page = self.page("/inloggen").await;
        page.attr("meta[name=csrf-token]", "content").filter(|t| !t.is_empty()).expect("csrf token")
    }

    /// POSTs a form with this session's CSRF token added.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let token = self.csrf_token().await;
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf_token", token.as_str()));
        self.client.post(self.url(path)).form(&form).send().await.expect("request")
    }

    /// POSTs a form exactly as given: no CSRF token is added.
    pub async fn post_form_raw(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.client.post(self.url(path)).form(fields).send().await.expect("request")
    }

    pub async fn post_form_page(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        into_page(self.post_form(path, fields).await).await
    }

    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.post_form("/inloggen", &[("email", email), ("password", password)]).await
    }

    pub async fn logout(&self) -> reqwest::Response {
        self.post_form("/uitloggen", &[]).await
    }
}

/// The app of a test on `db`, not yet serving. Every test builds its app
/// here, so none leaves a connection that keeps its database open.
pub async fn build_app(config: Config, db: PgPool) -> Application {
    tokio::spawn(close_for_good(db.clone()));
    Application::build_with_pool(config, db).await.expect("app builds")
}

/// Once `#[sqlx::test]` closes the test's pool, closes it again until no
/// connection is left. sqlx 0.8's `Pool::close` can return while a
/// connection it waited for is being put back (the app's last query often
/// is), and that one stays open until the test's runtime ends; the
/// harness's `DROP DATABASE` then waits PostgreSQL's 5 s for it and fails,
/// which cost about 40 tests 5 s each.
async fn close_for_good(db: PgPool) {
    db.close_event().await;
    while db.size() > 0 {
        db.close().await;
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
}

/// [`spawn_app`] with a changed configuration (a rate limit, a cache).
pub async fn spawn_app_with(db: PgPool, change: impl FnOnce(&mut Config)) -> TestApp {
    haarvaten::telemetry::init_for_tests();
    let mut config = Config::for_tests("postgres://unused".into());
    change(&mut config);
    let app = build_app(config, db.clone()).await;
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("client");
    TestApp { address, db, client }
}
