//! A local server that speaks the PDOK Locatieserver v3.1 API (`free`,
//! `suggest`, `lookup`) with the recorded-format documents of
//! `tests/fixtures/pdok/catalogue.json`; see the README there for how it
//! matches. The client under test is the production `geocode::Geocoder`.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

/// What the v3.1 OpenAPI description allows; anything else is a 400.
const KNOWN_PARAMS: &[&str] =
    &["q", "fq", "fl", "rows", "start", "sort", "df", "wt", "bq", "lat", "lon", "id"];

#[derive(Clone)]
struct Fake {
    docs: Arc<Vec<Value>>,
    hits: Arc<Mutex<Vec<String>>>,
}

pub struct FakePdok {
    /// The base URL, as `HAARVATEN_GEOCODER_URL` takes it.
    pub url: String,
    hits: Arc<Mutex<Vec<String>>>,
}

impl FakePdok {
    pub async fn start() -> Self {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pdok/catalogue.json");
        let catalogue: Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("catalogue")).expect("json");
        let docs = catalogue["response"]["docs"].as_array().expect("docs").clone();
        let hits = Arc::new(Mutex::new(Vec::new()));
        let fake = Fake { docs: Arc::new(docs), hits: hits.clone() };
        let app = Router::new()
            .route("/bzk/locatieserver/search/v3_1/{endpoint}", get(answer))
            .with_state(fake);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        tokio::spawn(async move { axum::serve(listener, app).await.ok() });
        Self { url: format!("http://127.0.0.1:{port}/bzk/locatieserver/search/v3_1"), hits }
    }

    /// The questions the server was asked, as `endpoint q-or-id`.
    pub fn hits(&self) -> Vec<String> {
        self.hits.lock().expect("hits").clone()
    }
}

/// Lowercase words of letters and digits; "3014 GA" becomes one word,
/// as the service treats a postcode either way.
fn words(s: &str) -> Vec<String> {
    let raw: Vec<String> = s
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    let mut out: Vec<String> = Vec::new();
    for w in raw {
        let postcode_letters = w.len() == 2 && w.chars().all(|c| c.is_ascii_alphabetic());
        match out.last_mut() {
            Some(prev)
                if postcode_letters
                    && prev.len() == 4
                    && prev.chars().all(|c| c.is_ascii_digit()) =>
            {
                prev.push_str(&w)
            }
            _ => out.push(w),
        }
    }
    out
}

/// `type:adres` or `type:(adres OR postcode)`.
fn types(fq: &str) -> Option<HashSet<String>> {
    let v = fq.trim().strip_prefix("type:")?;
    let v = v.trim_start_matches('(').trim_end_matches(')');
    Some(v.split(" OR ").map(|t| t.trim().to_owned()).collect())
}

async fn answer(
    State(fake): State<Fake>,
    Path(endpoint): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let params: Vec<(String, String)> =
        form_urlencoded::parse(raw.unwrap_or_default().as_bytes()).into_owned().collect();
    if let Some((k, _)) = params.iter().find(|(k, _)| !KNOWN_PARAMS.contains(&k.as_str())) {
        return (StatusCode::BAD_REQUEST, format!("unknown parameter {k}")).into_response();
    }
    let param = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let q = param("q").unwrap_or_default();
    let id = param("id").unwrap_or_default();
    fake.hits
        .lock()
        .expect("hits")
        .push(format!("{endpoint} {}", if endpoint == "lookup" { &id } else { &q }));
    if q == "traag" {
        tokio::time::sleep(std::time::Duration::from_secs(10)).await;
    }
    let wanted = param("fq").and_then(|fq| types(&fq));
    let fields: Option<HashSet<String>> =
        param("fl").map(|fl| fl.split(',').map(|f| f.trim().to_owned()).collect());
    let rows: usize = param("rows").and_then(|r| r.parse().ok()).unwrap_or(10);
    let q_words = words(&q);
    let docs: Vec<Value> = match endpoint.as_str() {
        "lookup" if id.is_empty() => {
            return (StatusCode::BAD_REQUEST, "id missing").into_response();
        }
        "lookup" => fake.docs.iter().filter(|d| d["id"] == id.as_str()).cloned().collect(),
        "free" | "suggest" if q.trim().is_empty() => {
            return (StatusCode::BAD_REQUEST, "q missing").into_response();
        }
        "free" | "suggest" => fake
            .docs
            .iter()
            .filter(|d| {
                wanted.as_ref().is_none_or(|t| t.contains(d["type"].as_str().unwrap_or("")))
            })
            .filter(|d| {
                let doc_words = words(d["weergavenaam"].as_str().unwrap_or(""));
                q_words.iter().all(|w| doc_words.iter().any(|d| d.starts_with(w.as_str())))
            })
            .take(rows)
            .cloned()
            .collect(),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let docs: Vec<Value> = docs
        .into_iter()
        .map(|d| match (&fields, d) {
            (Some(keep), Value::Object(map)) => {
                Value::Object(map.into_iter().filter(|(k, _)| keep.contains(k)).collect())
            }
            (_, d) => d,
        })
        .collect();
    let mut body = json!({"response": {
        "numFound": docs.len(), "start": 0, "maxScore": 10.0, "numFoundExact": true, "docs": docs,
    }});
    if endpoint == "suggest" {
        let highlighting: serde_json::Map<String, Value> = body["response"]["docs"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| {
                let id = d["id"].as_str().unwrap_or("").to_owned();
                (id, json!({"suggest": [d["weergavenaam"].clone()]}))
            })
            .collect();
        body["highlighting"] = Value::Object(highlighting);
    }
    axum::Json(body).into_response()
}
