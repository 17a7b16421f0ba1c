//! The GeoJSON API: valid RFC 7946 output, precision respected, filters,
//! grid clusters for big boxes and JSON 400s for a bad bbox.

use haarvaten::domain::place::{PlaceType, Precision};
use serde_json::Value;
use sqlx::PgPool;

use crate::helpers::spawn_app;
use crate::public::{closed, hide, insert, place, rotterdam, typed};

const CITY: &str = "bbox=3.9,51.8,4.3,52.1";

fn names(body: &Value) -> Vec<String> {
    let mut names: Vec<String> = body["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn places_geojson_is_a_valid_feature_collection(db: PgPool) {
    rotterdam(&db).await;
    let id = insert(&db, typed(place("Huis van de Wijk Centrum"), PlaceType::HuisVanDeWijk)).await;
    insert(&db, place("Huiskamer Oude Westen")).await;

    let app = spawn_app(db).await;
    let response = app.get(&format!("/api/plekken.geojson?{CITY}&zoom=12")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/geo+json");
    assert_eq!(response.headers()["cache-control"], "public, max-age=60");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["type"], "FeatureCollection");
    let features = body["features"].as_array().unwrap();
    assert_eq!(features.len(), 2);
    for f in features {
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["geometry"]["type"], "Point");
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        assert_eq!(c.len(), 2);
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
        for key in ["id", "name", "type", "type_label", "category", "status", "precision", "url"] {
            assert!(f["properties"].get(key).is_some(), "missing {key}");
        }
    }
    let hvdw = features.iter().find(|f| f["properties"]["id"] == id.to_string()).unwrap();
    assert_eq!(hvdw["properties"]["type"], "huis_van_de_wijk");
    assert_eq!(hvdw["properties"]["type_label"], "Huis van de Wijk");
    assert_eq!(hvdw["properties"]["url"], format!("/plekken/{id}"));
    assert_eq!(hvdw["geometry"]["coordinates"], serde_json::json!([4.02, 51.95]));

    // Outside the box: nothing.
    let (status, body) = app.json("/api/plekken.geojson?bbox=5,52,5.1,52.1").await;
    assert_eq!(status, 200);
    assert_eq!(body["features"], serde_json::json!([]));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn buurt_precision_never_reveals_the_exact_point_or_address_in_geojson(db: PgPool) {
    rotterdam(&db).await;
    let mut f = place("Huiskamer bij Ans");
    f.address = "Geheimstraat 7".into();
    f.point = Some((4.0123456, 51.9234567));
    f.precision = Precision::Buurt;
    insert(&db, f).await;
    let mut s = place("Huiskamer in de straat");
    s.address = "Straatweg 3".into();
    s.point = Some((4.0765432, 51.9876543));
    s.precision = Precision::Straat;
    insert(&db, s).await;

    let app = spawn_app(db).await;
    let response = app.get(&format!("/api/plekken.geojson?{CITY}")).await;
    let text = response.text().await.unwrap();
    for secret in ["Geheimstraat", "Straatweg", "4.01234", "51.92345", "4.07654", "51.98765"] {
        assert!(!text.contains(secret), "the GeoJSON reveals {secret}");
    }
    let body: Value = serde_json::from_str(&text).unwrap();
    let by_name = |name: &str| {
        body["features"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["properties"]["name"] == name)
            .cloned()
            .unwrap()
    };
    // The buurt's label point instead: the middle of the test rectangles.
    assert_eq!(
        by_name("Huiskamer bij Ans")["geometry"]["coordinates"],
        serde_json::json!([4.025, 51.95])
    );
    assert_eq!(by_name("Huiskamer bij Ans")["properties"]["precision"], "buurt");
    assert_eq!(
        by_name("Huiskamer in de straat")["geometry"]["coordinates"],
        serde_json::json!([4.075, 51.95])
    );
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn geojson_applies_the_search_filters_and_leaves_out_hidden_and_closed(db: PgPool) {
    rotterdam(&db).await;
    let mut a = place("Buurtcafé Open");
    a.opening_hours = "24/7".into();
    insert(&db, a).await;
    let mut b = typed(place("Zelfbeheer Dicht"), PlaceType::Zelfbeheer);
    b.opening_hours = "off".into();
    b.point = Some((4.15, 51.95));
    insert(&db, b).await;
    insert(&db, closed(place("Opgeheven Huiskamer"))).await;
    let hidden = insert(&db, place("Verborgen Huiskamer")).await;
    hide(&db, hidden).await;

    let app = spawn_app(db).await;
    let get = |q: &'static str| {
        let app = &app;
        async move { app.json(&format!("/api/plekken.geojson?{CITY}&{q}")).await.1 }
    };
    assert_eq!(names(&get("").await), ["Buurtcafé Open", "Zelfbeheer Dicht"]);
    assert_eq!(
        names(&get("opgeheven=1").await),
        ["Buurtcafé Open", "Opgeheven Huiskamer", "Zelfbeheer Dicht"]
    );
    assert_eq!(names(&get("type=zelfbeheer").await), ["Zelfbeheer Dicht"]);
    assert_eq!(names(&get("wijk=WK059901").await), ["Buurtcafé Open"]);
    assert_eq!(names(&get("q=cafe").await), ["Buurtcafé Open"]);
    assert_eq!(names(&get("open_nu=1").await), ["Buurtcafé Open"]);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn many_places_in_the_box_come_back_as_grid_clusters(db: PgPool) {
    rotterdam(&db).await;
    // 1,600 places in one go, spread over both wijken.
    sqlx::query(
        "INSERT INTO places (id, name, place_type, category, precision, location, public_location,
                             wijk_code, initiator)
         SELECT gen_random_uuid(), 'Plek ' || i, 'huiskamer', 'huiskamer', 'exact', pt, pt,
                CASE WHEN ST_X(pt) < 4.1 THEN 'WK059901' ELSE 'WK059902' END, 'bewoners'
         FROM (SELECT i, ST_SetSRID(ST_MakePoint(4.0 + (i % 40) * 0.005 + 0.001,
                                                 51.9 + (i / 40) * 0.0025 + 0.001), 4326) AS pt
               FROM generate_series(0, 1599) i) s",
    )
    .execute(&db)
    .await
    .unwrap();

    let app = spawn_app(db).await;
    let (status, body) = app.json(&format!("/api/plekken.geojson?{CITY}&zoom=8")).await;
    assert_eq!(status, 200);
    let features = body["features"].as_array().unwrap();
    assert!(!features.is_empty() && features.len() < 400, "{} clusters", features.len());
    let total: i64 = features
        .iter()
        .map(|f| {
            assert_eq!(f["properties"]["cluster"], true);
            assert_eq!(f["geometry"]["type"], "Point");
            f["properties"]["count"].as_i64().unwrap()
        })
        .sum();
    assert_eq!(total, 1600);

    // Zoomed in on a corner: real places again.
    let (_, body) = app.json("/api/plekken.geojson?bbox=4.0,51.9,4.02,51.91").await;
    let features = body["features"].as_array().unwrap();
    assert!(!features.is_empty() && features.len() <= 1500);
    assert!(features[0]["properties"].get("cluster").is_none());
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_malformed_bbox_or_filter_gets_a_json_400_in_dutch(db: PgPool) {
    rotterdam(&db).await;
    let app = spawn_app(db).await;
    let cases = [
        ("/api/plekken.geojson", "Geef een gebied op"),
        ("/api/plekken.geojson?bbox=4,51,5", "Nu zijn het er 3"),
        ("/api/plekken.geojson?bbox=4,51,vijf,52", "\"vijf\". Dat is geen getal"),
        ("/api/plekken.geojson?bbox=5,51,4,52", "kleiner zijn dan het derde"),
        ("/api/plekken.geojson?bbox=4,51,200,52", "buiten de wereldkaart"),
        ("/api/plekken.geojson?bbox=4,51,5,NaN", "Dat is geen getal"),
        ("/api/plekken.geojson?bbox=4,51,5,52&zoom=hoog", "zoomniveau"),
        ("/api/plekken.geojson?bbox=4,51,5,52&type=kroeg", "kennen we niet"),
        ("/api/wijken.geojson?gemeente=Rotterdam", "geen goede gemeentecode"),
    ];
    for (path, message) in cases {
        let (status, body) = app.json(path).await;
        assert_eq!(status, 400, "{path}");
        let error = body["error"].as_str().unwrap();
        assert!(error.contains(message), "{path}: {error}");
    }
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn wijk_outlines_come_as_geojson_polygons_with_links(db: PgPool) {
    rotterdam(&db).await;
    let app = spawn_app(db).await;
    let response = app.get("/api/wijken.geojson?gemeente=GM0599").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/geo+json");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["type"], "FeatureCollection");
    let features = body["features"].as_array().unwrap();
    assert_eq!(features.len(), 2);
    let kind = features[0]["geometry"]["type"].as_str().unwrap();
    assert!(kind == "Polygon" || kind == "MultiPolygon", "{kind}");
    assert_eq!(features[0]["properties"]["code"], "WK059901");
    assert_eq!(features[0]["properties"]["name"], "Centrum");
    assert_eq!(features[0]["properties"]["url"], "/wijken/WK059901");

    let (status, body) = app.json("/api/wijken/WK059902/grens.geojson").await;
    assert_eq!(status, 200);
    assert_eq!(body["features"][0]["properties"]["name"], "Noord");
    let (status, body) = app.json("/api/wijken/WK059999/grens.geojson").await;
    assert_eq!(status, 404);
    assert!(body["error"].is_string());
}
