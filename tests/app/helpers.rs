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
    haarvaten::telemetry::init_for_tests();
    let config = Config::for_tests("postgres://unused".into());
    let app = Application::build_with_pool(config, db.clone()).await.expect("app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("client");
    TestApp { address, db, client }
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
