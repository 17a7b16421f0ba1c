//! The HSDS 3.0 API: every object of every endpoint validated strictly
//! against the official schemas (every demo place, and a place with every
//! field filled), paging and filters with known answers, the privacy crawl
//! of the whole API, and its HTTP conventions (ETag/304, CORS, rate limit).

use std::collections::{BTreeSet, HashMap};

use haarvaten::hsds::taxonomy::{Taxonomy, all_terms};
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

use crate::export::{hsds_validator, strict};
use crate::helpers::{TEST_PASSWORD, TestApp, create_user, spawn_app, spawn_app_with};
use crate::overview::{SECRET_ADDRESS, SECRET_LAT, SECRET_LON, seed};

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/hsds-3.0/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("vendored schema")).unwrap()
}

/// Replaces `{"$ref": "x.json"}` with the (inlined) schema of x.json.
fn inline(schema: &mut Value, schemas: &HashMap<&str, Value>) {
    match schema {
        Value::Object(map) => {
            if let Some(target) = map.get("$ref").and_then(Value::as_str)
                && let Some(found) = schemas.get(target)
            {
                let mut found = found.clone();
                inline(&mut found, schemas);
                *schema = found;
                return;
            }
            map.values_mut().for_each(|v| inline(v, schemas));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| inline(v, schemas)),
        _ => {}
    }
}

fn validator(name: &str) -> jsonschema::Validator {
    let mut schemas = HashMap::new();
    schemas.insert("metadata.json", fixture("metadata.json"));
    schemas.insert("taxonomy.json", fixture("taxonomy.json"));
    let mut schema = fixture(name);
    inline(&mut schema, &schemas);
    strict(&mut schema);
    jsonschema::options().should_validate_formats(true).build(&schema).expect("schema compiles")
}

/// The strict validators, by the endpoint family they check.
struct Schemas {
    service: jsonschema::Validator,
    organization: jsonschema::Validator,
    service_at_location: jsonschema::Validator,
    taxonomy: jsonschema::Validator,
    term: jsonschema::Validator,
}

impl Schemas {
    fn new() -> Self {
        Self {
            service: validator("service.json"),
            organization: hsds_validator(),
            service_at_location: validator("service_at_location.json"),
            taxonomy: validator("taxonomy.json"),
            term: validator("taxonomy_term.json"),
        }
    }

    fn for_path(&self, path: &str) -> &jsonschema::Validator {
        let family = path.trim_start_matches("/api/hsds/").split(['/', '?']).next().unwrap();
        match family {
            "services" => &self.service,
            "organizations" => &self.organization,
            "service_at_locations" => &self.service_at_location,
            "taxonomies" => &self.taxonomy,
            "taxonomy_terms" => &self.term,
            other => panic!("no schema for {other}"),
        }
    }

    fn check(&self, path: &str, object: &Value) {
        let errors: Vec<String> = self
            .for_path(path)
            .iter_errors(object)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{path}: {}: {errors:#?}", object["name"]);
    }
}

async fn get_json(app: &TestApp, path: &str) -> Value {
    let (status, body) = app.json(path).await;
    assert_eq!(status, 200, "{path}: {body}");
    body
}

/// Every item of a list, checked as a page on the way.
async fn page_items(app: &TestApp, path: &str) -> Vec<Value> {
    let page = get_json(app, path).await;
    for key in ["total_items", "total_pages", "page_number", "size"] {
        assert!(page[key].is_i64(), "{path}: {key}");
    }
    for key in ["first_page", "last_page", "empty"] {
        assert!(page[key].is_boolean(), "{path}: {key}");
    }
    let items = page["contents"].as_array().expect("contents").clone();
    assert_eq!(page["size"], items.len(), "{path}");
    items
}

/// Fetches every list (brief and full) and every object by id, and
/// validates each object; returns how many objects were checked.
async fn validate_everything(app: &TestApp, schemas: &Schemas, extra: &str) -> usize {
    let mut checked = 0;
    for list in ["services", "organizations", "service_at_locations"] {
        for variant in ["", "&full=true", "&full=true&full_service=true"] {
            let path = format!("/api/hsds/{list}?per_page=100{extra}{variant}");
            let items = page_items(app, &path).await;
            assert!(!items.is_empty(), "{path}");
            for item in &items {
                schemas.check(&path, item);
                checked += 1;
                let id = item["id"].as_str().unwrap();
                for query in ["", "?full_service=true"] {
                    let one = format!("/api/hsds/{list}/{id}{query}");
                    schemas.check(&one, &get_json(app, &one).await);
                    checked += 1;
                }
            }
        }
    }
    for list in ["taxonomies", "taxonomy_terms"] {
        let path = format!("/api/hsds/{list}?per_page=100");
        for item in page_items(app, &path).await {
            schemas.check(&path, &item);
            let one = format!("/api/hsds/{list}/{}", item["id"].as_str().unwrap());
            schemas.check(&one, &get_json(app, &one).await);
            checked += 2;
        }
    }
    checked
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn every_endpoint_is_strict_hsds_for_every_demo_place(db: PgPool) {
    haarvaten::import::demo::load(&db).await.expect("demo");
    let places: i64 = sqlx::query_scalar("SELECT count(*) FROM places WHERE NOT hidden")
        .fetch_one(&db)
        .await
        .unwrap();
    let app = spawn_app(db).await;
    let schemas = Schemas::new();
    let checked = validate_everything(&app, &schemas, "&include_defunct=true").await;
    // Three lists, three variants, each item by id twice, and the terms.
    assert!(checked as i64 >= places * 27, "{checked} objects for {places} places");
    let all = get_json(&app, "/api/hsds/services?per_page=100&include_defunct=true").await;
    assert_eq!(all["total_items"], places);

    let meta = get_json(&app, "/api/hsds/").await;
    assert!(meta["version"].as_str().unwrap().starts_with("3.0"));
    let openapi = meta["openapi_url"].as_str().unwrap();
    assert!(openapi.starts_with("http://127.0.0.1:") && openapi.ends_with("/api/openapi.json"));
    assert!(meta["profile"].as_str().unwrap().starts_with("https://"));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_place_with_every_field_filled_is_strict_hsds_everywhere(db: PgPool) {
    let s = seed(&db).await;
    sqlx::query(
        "UPDATE places SET description = 'Koffie en een praatje.', category = 'buurtcafe',
                target_groups = '{ouderen,nieuwkomers}', initiator = 'stichting',
                ground_floor = true, wheelchair = true, street_visible = true, no_reception = true,
                email = 'info@dehuiskamer.nl', founded_year = 2012,
                status = 'tijdelijk_gesloten', closing_reason = 'Verbouwing tot maart',
                source = 'test' WHERE id = $1",
    )
    .bind(s.huiskamer)
    .execute(&db)
    .await
    .unwrap();
    let app = spawn_app(db).await;
    let schemas = Schemas::new();
    validate_everything(&app, &schemas, "").await;

    let org =
        get_json(&app, &format!("/api/hsds/organizations/{}?full_service=true", s.huiskamer)).await;
    assert_eq!(org["email"], "info@dehuiskamer.nl");
    assert_eq!(org["year_incorporated"], 2012);
    assert_eq!(org["website"], "https://www.dehuiskamer.nl");
    assert_eq!(org["phones"][0]["number"], "010 123 45 67");
    let service = &org["services"][0];
    assert_eq!(service["status"], "temporarily closed");
    assert_eq!(service["alert"], "Verbouwing tot maart");
    assert_eq!(service["assured_date"], "2025-01-15");
    assert_eq!(service["schedules"][0]["byday"], "MO,WE");
    let codes: BTreeSet<String> = service["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            format!(
                "{}:{}",
                a["taxonomy_term"]["taxonomy"].as_str().unwrap(),
                a["value"].as_str().unwrap()
            )
        })
        .collect();
    let expected: BTreeSet<String> = [
        "haarvaten-plektype:huiskamer",
        "haarvaten-categorie:buurtcafe",
        "haarvaten-doelgroep:ouderen",
        "haarvaten-doelgroep:nieuwkomers",
        "haarvaten-toegankelijkheid:begane_grond",
        "haarvaten-toegankelijkheid:rolstoel",
        "haarvaten-toegankelijkheid:zichtbaar_vanaf_straat",
        "haarvaten-toegankelijkheid:geen_balie",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(codes, expected);
    let location = &org["locations"][0];
    assert_eq!(location["addresses"][0]["address_1"], "Gouvernestraat 1");
    assert_eq!(location["addresses"][0]["postal_code"], "3014 PM");

    // The service, and the service at location, lead back to the same
    // organization and location.
    let service_id = service["id"].as_str().unwrap();
    let full = get_json(&app, &format!("/api/hsds/services/{service_id}")).await;
    assert_eq!(full["organization"]["id"], s.huiskamer.to_string());
    let sal = &full["service_at_locations"][0];
    assert_eq!(sal["location"]["id"], location["id"]);
    let sal =
        get_json(&app, &format!("/api/hsds/service_at_locations/{}", sal["id"].as_str().unwrap()))
            .await;
    assert_eq!(sal["service"]["id"], service_id);
    assert_eq!(sal["location"]["id"], location["id"]);
}

fn names(items: &[Value]) -> Vec<String> {
    items.iter().map(|i| i["name"].as_str().unwrap().to_owned()).collect()
}

fn term_id(taxonomy: Taxonomy, code: &str) -> Uuid {
    all_terms().into_iter().find(|t| t.taxonomy == taxonomy && t.code == code).unwrap().id()
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn lists_are_paged_and_filtered_as_the_reference_says(db: PgPool) {
    let s = seed(&db).await;
    let app = spawn_app(db.clone()).await;
    // Five public places that did not stop, two a page.
    let first = get_json(&app, "/api/hsds/services?per_page=2").await;
    assert_eq!(first["total_items"], 5);
    assert_eq!(first["total_pages"], 3);
    assert_eq!(first["page_number"], 1);
    assert_eq!(
        (first["first_page"].as_bool(), first["last_page"].as_bool()),
        (Some(true), Some(false))
    );
    let last = get_json(&app, "/api/hsds/services?per_page=2&page=3").await;
    assert_eq!((last["size"].as_i64(), last["last_page"].as_bool()), (Some(1), Some(true)));
    let past = get_json(&app, "/api/hsds/services?per_page=2&page=4").await;
    assert_eq!((past["empty"].as_bool(), past["size"].as_i64()), (Some(true), Some(0)));
    // Walking the pages gives every place once, in the export's order.
    let mut walked = Vec::new();
    for page in 1..=3 {
        walked.extend(names(
            &page_items(&app, &format!("/api/hsds/organizations?per_page=2&page={page}")).await,
        ));
    }
    assert_eq!(walked.len(), 5);
    assert_eq!(walked.iter().collect::<BTreeSet<_>>().len(), 5);
    // The pages' ids come from a query of their own (db::hsds::export_page);
    // their order is the stream's, which reads the rows in one go.
    let streamed = app.get("/api/hsds/organizations?format=ndjson").await.text().await.unwrap();
    let streamed: Vec<String> = streamed
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(walked, streamed);

    let only = |path: String| {
        let app = &app;
        async move { names(&page_items(app, &path).await) }
    };
    assert_eq!(only("/api/hsds/services?search=geheime".into()).await, ["Geheime Huiskamer"]);
    let zelfbeheer = term_id(Taxonomy::Type, "zelfbeheer");
    assert_eq!(
        only(format!("/api/hsds/services?taxonomy_term_id={zelfbeheer}")).await,
        ["Zelfbeheer Noord", "Zonder Locatie"]
    );
    let wheelchair = term_id(Taxonomy::Accessibility, "rolstoel");
    assert_eq!(
        only(format!("/api/hsds/services?taxonomy_term_id={wheelchair}")).await,
        ["De Huiskamer"]
    );
    assert_eq!(
        only("/api/hsds/services?wijk=WK059902".into()).await,
        ["Zelfbeheer Noord", "Zonder Locatie"]
    );
    assert_eq!(only("/api/hsds/services?gemeente=GM0363".into()).await, Vec::<String>::new());
    // The box holds Zelfbeheer Noord's point, which is also the label point
    // of its buurt, where the place without a location is shown.
    let in_box: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM public_places WHERE status <> 'opgeheven'
           AND ST_Intersects(public_location, ST_MakeEnvelope(4.149, 51.949, 4.151, 51.951, 4326))
         ORDER BY wijk_code, lower(name)",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert!(in_box.contains(&"Zelfbeheer Noord".to_owned()) && in_box.len() < 5, "{in_box:?}");
    assert_eq!(only("/api/hsds/services?bbox=4.149,51.949,4.151,51.951".into()).await, in_box);
    assert!(only("/api/hsds/services?bbox=5,52,5.1,52.1".into()).await.is_empty());
    assert_eq!(
        page_items(
            &app,
            &format!("/api/hsds/service_at_locations?organization_id={}", s.buurthuis)
        )
        .await
        .len(),
        1
    );
    // modified_after: only what changed since then.
    sqlx::query("UPDATE places SET updated_at = now() - interval '10 days'")
        .execute(&db)
        .await
        .unwrap();
    sqlx::query("UPDATE places SET updated_at = now() WHERE id = $1")
        .bind(s.noord)
        .execute(&db)
        .await
        .unwrap();
    let since = (chrono::Utc::now() - chrono::Duration::days(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    assert_eq!(
        only(format!("/api/hsds/services?modified_after={since}")).await,
        ["Zelfbeheer Noord"]
    );
    let day = (chrono::Utc::now() - chrono::Duration::days(2)).date_naive();
    assert_eq!(
        only(format!("/api/hsds/services?modified_after={day}")).await,
        ["Zelfbeheer Noord"]
    );
    // Places that stopped only on request, as defunct; by id always.
    let defunct = page_items(&app, "/api/hsds/services?include_defunct=true&per_page=100").await;
    assert_eq!(defunct.len(), 7);
    assert_eq!(defunct.iter().filter(|s| s["status"] == "defunct").count(), 2);
    let (status, closed) =
        app.json(&format!("/api/hsds/organizations/{}", s.closed_recently)).await;
    assert_eq!(status, 200);
    assert_eq!(closed["services"][0]["status"], "defunct");
    // Terms of one taxonomy.
    let types =
        page_items(&app, &format!("/api/hsds/taxonomy_terms?taxonomy_id={}", Taxonomy::Type.id()))
            .await;
    assert_eq!(types.len(), 3);
    assert_eq!(types[0]["name"], "Huiskamer");
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn bad_parameters_get_a_dutch_message_naming_them(db: PgPool) {
    seed(&db).await;
    let app = spawn_app(db).await;
    for (path, name) in [
        ("/api/hsds/services?per_page=101", "per_page"),
        ("/api/hsds/services?page=0", "page"),
        ("/api/hsds/services?page=twee", "page"),
        ("/api/hsds/services?full=misschien", "full"),
        ("/api/hsds/services?modified_after=gisteren", "modified_after"),
        ("/api/hsds/services?taxonomy_term_id=abc", "taxonomy_term_id"),
        ("/api/hsds/organizations?organization_id=abc", "organization_id"),
        ("/api/hsds/services?format=xml", "format"),
        (
            "/api/hsds/taxonomy_terms?taxonomy_id=00000000-0000-0000-0000-000000000000",
            "taxonomy_id",
        ),
    ] {
        let (status, body) = app.json(path).await;
        assert_eq!(status, 400, "{path}");
        let message = body["error"].as_str().unwrap();
        assert!(message.contains(name), "{path}: {message}");
    }
    let (status, body) = app.json("/api/hsds/services?wijk=Centrum").await;
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().contains("Centrum"));
    for path in [
        "/api/hsds/services/geen-id",
        "/api/hsds/services/00000000-0000-0000-0000-000000000000",
        "/api/hsds/taxonomy_terms/00000000-0000-0000-0000-000000000000",
    ] {
        assert_eq!(app.json(path).await.0, 404, "{path}");
    }
}

/// Every UUID in a JSON value.
fn uuids(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::String(s) if Uuid::parse_str(s).is_ok() => {
            out.insert(s.clone());
        }
        Value::Array(items) => items.iter().for_each(|i| uuids(i, out)),
        Value::Object(map) => map.values().for_each(|i| uuids(i, out)),
        _ => {}
    }
}

/// The whole API as text: every list in every variant (and as NDJSON),
/// every object reachable by any id found, the map and the description.
async fn crawl(app: &TestApp, extra_ids: &[Uuid]) -> Vec<(String, u16, String)> {
    let mut paths: Vec<String> = vec![
        "/api/hsds/".into(),
        "/api/openapi.json".into(),
        "/api/plekken.geojson?bbox=-180,-90,180,90&opgeheven=1".into(),
        "/api/wijken.geojson?gemeente=GM0599".into(),
        "/api/hsds/taxonomies".into(),
        "/api/hsds/taxonomy_terms?per_page=100".into(),
    ];
    for list in ["services", "organizations", "service_at_locations"] {
        for variant in ["", "&full=true&full_service=true", "&format=ndjson&full=true"] {
            paths.push(format!("/api/hsds/{list}?per_page=100&include_defunct=true{variant}"));
        }
    }
    let mut out = Vec::new();
    let mut ids: BTreeSet<String> = extra_ids.iter().map(Uuid::to_string).collect();
    for path in paths {
        let r = app.get(&path).await;
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        for line in text.lines() {
            if let Ok(v) = serde_json::from_str::<Value>(line) {
                uuids(&v, &mut ids);
            }
        }
        out.push((path, status, text));
    }
    for id in &ids {
        for family in
            ["services", "organizations", "service_at_locations", "taxonomies", "taxonomy_terms"]
        {
            let path = format!("/api/hsds/{family}/{id}?full_service=true");
            let r = app.get(&path).await;
            let status = r.status().as_u16();
            out.push((path, status, r.text().await.unwrap()));
        }
    }
    out
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_whole_api_never_shows_a_private_address_or_a_hidden_place(db: PgPool) {
    let s = seed(&db).await;
    create_user(&db, "rotterdam@example.nl", "gemeente", &["GM0599"]).await;
    let app = spawn_app(db).await;
    for signed_in in [false, true] {
        if signed_in {
            // The API is anonymous: a gemeente's rights change nothing.
            app.login("rotterdam@example.nl", TEST_PASSWORD).await;
        }
        let pages = crawl(&app, &[s.hidden, s.secret]).await;
        assert!(pages.len() > 100, "{} responses", pages.len());
        let mut secret_found = false;
        for (path, status, text) in &pages {
            assert!(*status == 200 || *status == 404, "{path}: {status}");
            assert!(!text.contains(SECRET_ADDRESS), "{path} shows the hidden address");
            assert!(!text.contains("Geheimstraat"), "{path} shows the hidden street");
            assert!(!text.contains("3014 XX"), "{path} shows the hidden postcode");
            assert!(
                !text.contains(SECRET_LON) && !text.contains(SECRET_LAT),
                "{path}: exact point"
            );
            assert!(!text.contains("Verborgen Plek"), "{path} shows a hidden place");
            secret_found |= text.contains("Geheime Huiskamer");
        }
        assert!(secret_found, "the private huiskamer itself is public");
        let hidden = format!("/api/hsds/organizations/{}", s.hidden);
        assert_eq!(app.json(&hidden).await.0, 404);
    }
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn ndjson_streams_every_item_without_pages(db: PgPool) {
    seed(&db).await;
    let app = spawn_app(db).await;
    let r = app.get("/api/hsds/services?format=ndjson&include_defunct=true").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/x-ndjson");
    assert!(r.headers().get("content-length").is_none(), "streamed, not buffered");
    let text = r.text().await.unwrap();
    let schemas = Schemas::new();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 7);
    for line in lines {
        schemas.check("/api/hsds/services", &serde_json::from_str(line).unwrap());
    }
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn answers_have_validators_and_cors_for_any_origin(db: PgPool) {
    seed(&db).await;
    let app = spawn_app(db).await;
    let path = "/api/hsds/services?per_page=2";
    let r = app
        .client
        .get(app.url(path))
        .header("origin", "https://sociale-kaart.example")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    assert!(r.headers().get("last-modified").is_some());
    let etag = r.headers()["etag"].to_str().unwrap().to_owned();
    assert!(etag.starts_with("W/\""), "{etag}");
    let body = r.text().await.unwrap();

    let again = app.client.get(app.url(path)).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
    assert!(again.text().await.unwrap().is_empty());
    let other =
        app.client.get(app.url(path)).header("if-none-match", "W/\"0\"").send().await.unwrap();
    assert_eq!(other.status(), 200);
    assert_eq!(other.text().await.unwrap(), body);

    // A preflight allows GET from anywhere, nothing that writes.
    let preflight = app
        .client
        .request(reqwest::Method::OPTIONS, app.url(path))
        .header("origin", "https://sociale-kaart.example")
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "if-none-match")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    assert_eq!(preflight.headers()["access-control-allow-origin"], "*");
    let methods = preflight.headers()["access-control-allow-methods"].to_str().unwrap().to_owned();
    assert!(
        methods.contains("GET") && methods.contains("OPTIONS") && !methods.contains("POST"),
        "{methods}"
    );
    // Errors can be read cross-origin too; pages outside the API get no CORS.
    let missing = app
        .client
        .get(app.url("/api/hsds/services/00000000-0000-0000-0000-000000000000"))
        .header("origin", "https://sociale-kaart.example")
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    assert_eq!(missing.headers()["access-control-allow-origin"], "*");
    let page = app
        .client
        .get(app.url("/zoeken"))
        .header("origin", "https://x.example")
        .send()
        .await
        .unwrap();
    assert!(page.headers().get("access-control-allow-origin").is_none());
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_client_past_its_limit_gets_429_with_retry_after(db: PgPool) {
    seed(&db).await;
    // Sixty a minute, six at once.
    let app = spawn_app_with(db, |c| c.api_rate_per_minute = 60).await;
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(app.get("/api/hsds/taxonomies").await);
    }
    assert!(statuses[..6].iter().all(|r| r.status() == 200));
    let refused = statuses.pop().unwrap();
    assert_eq!(refused.status(), 429);
    assert_eq!(refused.headers()["access-control-allow-origin"], "*");
    let wait: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=2).contains(&wait), "{wait}");
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["status"], 429);
    assert!(body["error"].as_str().unwrap().contains("seconden"), "{body}");
    // The site itself is not limited.
    assert_eq!(app.get("/wijken").await.status(), 200);
    tokio::time::sleep(std::time::Duration::from_millis(1100 * wait)).await;
    assert_eq!(app.get("/api/hsds/taxonomies").await.status(), 200);
}

/// With the page cache on, the pages of the plain lists are slices of the
/// public order kept per data generation (`plain_page` in the API's
/// handlers): the same pages the queries give without the cache, in every
/// list and at every depth, and a change is seen on the next request.
#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn kept_pages_are_the_queried_pages_and_follow_a_change(db: PgPool) {
    seed(&db).await;
    let kept = crate::page_cache::spawn_app_with_cache(db.clone()).await;
    let queried = spawn_app(db.clone()).await;
    let paths = [
        "/api/hsds/services?per_page=2",
        "/api/hsds/services?per_page=2&page=3",
        "/api/hsds/services?per_page=2&page=4",
        "/api/hsds/services?per_page=3&include_defunct=true&page=2",
        "/api/hsds/organizations?per_page=1&page=5",
        "/api/hsds/service_at_locations?per_page=50&full=true",
    ];
    for path in paths {
        let page = get_json(&kept, path).await;
        assert_eq!(page, get_json(&queried, path).await, "{path}");
        // The privacy rules hold on the kept path as on the queried one.
        let body = page.to_string();
        assert!(!body.contains(SECRET_ADDRESS), "{path}: the private address");
        assert!(!body.contains(SECRET_LAT) && !body.contains(SECRET_LON), "{path}: the point");
        assert!(!body.contains("Verborgen Plek"), "{path}: a hidden place");
    }
    let all = "/api/hsds/services?per_page=50";
    assert_eq!(get_json(&kept, all).await["total_items"], 5);

    let first = names(&page_items(&kept, all).await)[0].clone();
    sqlx::query("UPDATE places SET hidden = true WHERE name = $1")
        .bind(&first)
        .execute(&db)
        .await
        .unwrap();
    // The notification of the change arrives a moment after the update.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while get_json(&kept, all).await["total_items"] != 4 {
        assert!(std::time::Instant::now() < deadline, "the hidden place stays in the kept list");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(!names(&page_items(&kept, all).await).contains(&first));
    for path in paths {
        let extra = format!("{path}&na=1");
        assert_eq!(get_json(&kept, &extra).await, get_json(&queried, &extra).await, "{extra}");
    }
}
