//! `/api/openapi.json`: valid against the OpenAPI 3.1 schema, every `$ref`
//! inside it resolves, it describes exactly the routes under `/api/` of
//! the router, and each of them answers. The `/api` page links it.

use std::collections::BTreeSet;

use serde_json::Value;
use sqlx::PgPool;

use crate::helpers::spawn_app;
use crate::overview::seed;

fn document() -> Value {
    serde_json::from_str(haarvaten::web::handlers::api::docs::OPENAPI).expect("valid JSON")
}

/// The paths of the `.route("/api…", …)` calls in the route table, and the
/// two of each `list_and_item("/api…", …)` (the list and `…/{id}`).
fn routed_api_paths() -> BTreeSet<String> {
    let source =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/web/mod.rs")).unwrap();
    let first_string = |rest: &str| -> Option<String> {
        let rest = rest.trim_start().strip_prefix('"')?;
        rest.split('"').next().filter(|path| path.starts_with("/api/")).map(str::to_owned)
    };
    let routes = source.split(".route(").skip(1).filter_map(first_string);
    let resources = source
        .split("list_and_item(")
        .skip(1)
        .filter_map(first_string)
        .flat_map(|path| [format!("{path}/{{id}}"), path]);
    routes.chain(resources).collect()
}

fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            if let Some(r) = map.get("$ref").and_then(Value::as_str) {
                out.push(r.to_owned());
            }
            map.values().for_each(|v| refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[test]
fn the_description_is_valid_openapi_3_1() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/openapi-3.1/schema.json"
    ))
    .unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::options().build(&schema).expect("schema compiles");
    let doc = document();
    let errors: Vec<String> =
        validator.iter_errors(&doc).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(doc["openapi"], "3.1.0");
    // Internal references point at something; external ones at the
    // official HSDS 3.0 schemas.
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(!all.is_empty());
    for r in all {
        if let Some(pointer) = r.strip_prefix('#') {
            assert!(doc.pointer(pointer).is_some(), "{r} does not resolve");
        } else {
            assert!(
                r.starts_with(
                    "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
                ),
                "{r}"
            );
        }
    }
}

#[test]
fn the_description_has_exactly_the_routes_of_the_router() {
    let routed = routed_api_paths();
    assert!(routed.len() >= 15, "{routed:?}");
    let described: BTreeSet<String> =
        document()["paths"].as_object().unwrap().keys().cloned().collect();
    assert_eq!(routed, described);
    // Every path parameter is declared where the path has it.
    let doc = document();
    for (path, item) in doc["paths"].as_object().unwrap() {
        let declared: Vec<&str> = item["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["in"] == "path")
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        for segment in path.split('/').filter(|s| s.starts_with('{')) {
            let name = segment.trim_matches(['{', '}']);
            assert!(declared.contains(&name), "{path}: {name} is not declared");
        }
        assert!(item["get"]["responses"]["200"].is_object(), "{path}");
    }
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn every_described_endpoint_answers(db: PgPool) {
    let s = seed(&db).await;
    let app = spawn_app(db).await;
    let doc = document();
    let service = haarvaten::hsds::part_id(s.huiskamer, "service");
    let sal = haarvaten::hsds::part_id(s.huiskamer, "service_at_location");
    let taxonomy = haarvaten::hsds::taxonomy::Taxonomy::Type;
    let term = taxonomy.terms().remove(0).id();
    for path in doc["paths"].as_object().unwrap().keys() {
        let concrete = path
            .replace("/services/{id}", &format!("/services/{service}"))
            .replace("/organizations/{id}", &format!("/organizations/{}", s.huiskamer))
            .replace("/service_at_locations/{id}", &format!("/service_at_locations/{sal}"))
            .replace("/taxonomies/{id}", &format!("/taxonomies/{}", taxonomy.id()))
            .replace("/taxonomy_terms/{id}", &format!("/taxonomy_terms/{term}"))
            .replace("{code}", "WK059901");
        let query = match path.as_str() {
            "/api/plekken.geojson" => "?bbox=3,50,8,54",
            "/api/wijken.geojson" => "?gemeente=GM0599",
            _ => "",
        };
        let r = app.get(&format!("{concrete}{query}")).await;
        assert_eq!(r.status(), 200, "{concrete}{query}");
    }
    let served: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    assert_eq!(served, doc);

    let page = app.page("/api").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.text("h1"), "Gegevens voor andere websites (API)");
    assert!(page.count("a[href='/api/openapi.json']") >= 2);
    assert!(page.count("a[href^='/api/hsds/']") >= 5);
}
