//! The web upload of places (`/beheer/import`, issue 11 item 6), step by
//! step as a gemeente user does it without JavaScript, with the database
//! checked after each step: the upload is kept (and nothing else), the
//! mapping is chosen, the preview and the dry run store nothing, the
//! import stores everything, a re-import updates instead of duplicating,
//! places no longer in the file are listed (or, when asked, marked
//! gestopt), and a refused file stores nothing while the page names line
//! and column.

use sqlx::PgPool;

use crate::helpers::{Page, TEST_PASSWORD, TestApp, create_user, into_page, login, spawn_app};
use crate::import::{fixture, import_rotterdam};
use crate::import_places::BRON;

/// One part of a multipart form: name, file name (for a file) and bytes.
pub type Part = (&'static str, Option<String>, Vec<u8>);

pub fn text(name: &'static str, value: &str) -> Part {
    (name, None, value.as_bytes().to_vec())
}

pub fn file(name: &'static str, file_name: &str, data: Vec<u8>) -> Part {
    (name, Some(file_name.to_owned()), data)
}

const BOUNDARY: &str = "----haarvaten-test-boundary-7d3f";

/// A multipart body as a browser sends it (reqwest's own multipart is a
/// feature the project does not enable).
pub fn multipart_body(parts: &[Part]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file_name, data) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match file_name {
            Some(f) => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\n\
                     Content-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// POSTs a multipart form, with this session's CSRF token first unless
/// `csrf` is false.
pub async fn post_multipart(
    app: &TestApp,
    path: &str,
    parts: Vec<Part>,
    csrf: bool,
) -> reqwest::Response {
    let mut all = Vec::new();
    if csrf {
        all.push(text("csrf_token", &app.csrf_token().await));
    }
    all.extend(parts);
    app.client
        .post(app.url(path))
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(multipart_body(&all))
        .send()
        .await
        .expect("request")
}

pub fn location(r: &reqwest::Response) -> String {
    r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

pub fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap()
}

/// Uploads a file; the upload's id (from the redirect to its mapping page).
pub async fn upload(app: &TestApp, name: &str, data: Vec<u8>, gemeente: &str) -> String {
    let r = post_multipart(
        app,
        "/beheer/import",
        vec![text("gemeente", gemeente), file("bestand", name, data)],
        true,
    )
    .await;
    assert_eq!(r.status(), 303, "{:?}", r.text().await);
    let to = location(&r);
    to.strip_prefix("/beheer/import/").expect("to the mapping page").to_owned()
}

/// Chooses a TOML mapping for an upload.
pub async fn choose_toml(app: &TestApp, id: &str, toml: &str) -> reqwest::Response {
    let parts = vec![text("bron", "toml"), file("toml", "mapping.toml", toml.as_bytes().to_vec())];
    post_multipart(app, &format!("/beheer/import/{id}/mapping"), parts, true).await
}

pub async fn count(db: &PgPool, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT count(*) FROM {table}")).fetch_one(db).await.unwrap()
}

/// A gemeente user of Rotterdam, signed in, with the Rotterdam areas.
pub async fn rotterdam_official(db: &PgPool) -> TestApp {
    import_rotterdam(db).await;
    let app = spawn_app(db.clone()).await;
    create_user(db, "gemeente@example.nl", "gemeente", &["GM0599"]).await;
    assert_eq!(login(&app, "gemeente@example.nl", TEST_PASSWORD).await, 303);
    app
}

fn report(page: &Page, what: &str) -> String {
    page.text(&format!(".import-report .report-{what}"))
}

fn mapping_text(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).unwrap()
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_municipal_csv_goes_through_every_step_and_a_reimport_updates(db: PgPool) {
    let app = rotterdam_official(&db).await;
    let page = app.page("/beheer/import").await;
    assert_eq!(page.status, 200);
    assert!(page.text(".import-gemeente").contains("GM0599"), "{}", page.body);
    let nav = app.page("/").await;
    assert_eq!(nav.attr("a.nav-import", "href").as_deref(), Some("/beheer/import"));

    // 1. The upload keeps the file, and nothing else.
    let id =
        upload(&app, "voorzieningen-2026q1.csv", fixture_bytes("voorzieningen-2026q1.csv"), "")
            .await;
    assert_eq!(count(&db, "import_uploads").await, 1);
    assert_eq!(count(&db, "places").await, 0);
    let (gemeente, owner): (Option<String>, String) = sqlx::query_as(
        "SELECT u.gemeente_code, o.email FROM import_uploads u JOIN users o ON o.id = u.owner_id",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!((gemeente.as_deref(), owner.as_str()), (Some("GM0599"), "gemeente@example.nl"));
    let page = app.page(&format!("/beheer/import/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(page.text(".import-columns").contains("OBJECTNR, NAAM, SOORT"), "{}", page.body);
    assert!(page.text("main").contains("CSV, puntkomma, Windows-1252"), "{}", page.body);

    // 2. The mapping as TOML.
    let r = choose_toml(&app, &id, &mapping_text("voorzieningen.toml")).await;
    assert_eq!(r.status(), 303);
    let stored: Option<String> =
        sqlx::query_scalar("SELECT mapping FROM import_uploads").fetch_one(&db).await.unwrap();
    assert!(stored.unwrap().contains("OBJECTNR"));
    assert_eq!(count(&db, "places").await, 0);

    // 3 and 4. Preview and dry run: the rows as stored, and nothing stored.
    let page = app.page(&format!("/beheer/import/{id}/voorbeeld")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!((report(&page, "rows"), report(&page, "skipped")), ("6".into(), "1".into()));
    assert_eq!((report(&page, "new"), report(&page, "missing")), ("5".into(), "0".into()));
    assert_eq!(report(&page, "ignored"), "STADSDEEL, DOMEIN");
    assert!(report(&page, "read-as").contains("Windows-1252"), "{}", page.body);
    assert_eq!(page.count("table.import-preview tbody tr"), 5);
    let names = page.texts("table.import-preview .row-name");
    assert!(names.contains(&"Buurtkamer Café Spangen".to_owned()), "{names:?}");
    let cafe = names.iter().position(|n| n == "Buurtkamer Café Spangen").unwrap();
    let addresses = page.texts("table.import-preview .row-address");
    assert!(addresses[cafe].starts_with("Spaansebocht 5, 3028 AA"), "{addresses:?}");
    let types = page.texts("table.import-preview .row-type");
    assert_eq!(types[cafe], "Huiskamer");
    assert!(page.texts("table.import-preview .row-wijk")[cafe].contains("WK059903"));
    assert!(page.texts("table.import-preview .row-buurt")[cafe].contains("BU05990323"));
    assert!(page.texts(".report-assigned li")[0].starts_with("regel 6: Buurthuis Overschie-Noord"));
    assert_eq!(count(&db, "places").await, 0, "the dry run stores nothing");
    assert_eq!(count(&db, "place_import_keys").await, 0);

    // 5. The import: everything stored, audited, the upload gone.
    let r = app.post_form(&format!("/beheer/import/{id}/importeren"), &[]).await;
    let page = into_page(r).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(report(&page, "new"), "5");
    assert_eq!(count(&db, "places").await, 5);
    let (wijk, buurt): (String, Option<String>) = sqlx::query_as(
        "SELECT wijk_code, buurt_code FROM places WHERE name = 'Buurtkamer Café Spangen'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!((wijk.as_str(), buurt.as_deref()), ("WK059903", Some("BU05990323")));
    let (actor, details): (String, serde_json::Value) =
        sqlx::query_as("SELECT actor_email, details FROM audit_log WHERE action = 'import.places'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!((actor.as_str(), details["new"].as_i64()), ("gemeente@example.nl", Some(5)));
    assert_eq!(details["gemeente"], "GM0599");
    assert_eq!(count(&db, "import_uploads").await, 0, "the upload is removed after the import");

    // Next quarter: updates, no duplicates.
    let id =
        upload(&app, "voorzieningen-2026q2.csv", fixture_bytes("voorzieningen-2026q2.csv"), "")
            .await;
    assert_eq!(choose_toml(&app, &id, &mapping_text("voorzieningen.toml")).await.status(), 303);
    let page = app.page(&format!("/beheer/import/{id}/voorbeeld")).await;
    let counts = ["new", "changed", "unchanged", "missing"].map(|w| report(&page, w));
    assert_eq!(counts, ["1", "1", "3", "1"].map(String::from), "{}", page.body);
    assert!(page.text(".report-missing-list").contains("Buurthuis Overschie-Noord"));
    assert!(page.texts(".row-result").iter().any(|r| r == "gewijzigd: naam, adres"));
    assert_eq!(count(&db, "places").await, 5, "the dry run stores nothing");
    // Asked to, the dry run marks the missing place gestopt, and stores nothing.
    let page = app.page(&format!("/beheer/import/{id}/voorbeeld?sluiten=1")).await;
    assert_eq!(report(&page, "closed"), "1", "{}", page.body);
    assert_eq!(page.attr("form.import-confirm input[name=sluiten]", "value").as_deref(), Some("1"));
    let status = "SELECT status FROM places WHERE name = 'Buurthuis Overschie-Noord'";
    let before: String = sqlx::query_scalar(status).fetch_one(&db).await.unwrap();
    assert_eq!(before, "actief");
    let path = format!("/beheer/import/{id}/importeren");
    let page = into_page(app.post_form(&path, &[("sluiten", "1")]).await).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(report(&page, "closed"), "1");
    let after: String = sqlx::query_scalar(status).fetch_one(&db).await.unwrap();
    assert_eq!(after, "opgeheven", "marked gestopt, never deleted");
    assert_eq!(count(&db, "places").await, 6, "updated, not duplicated");
    let version: i32 = sqlx::query_scalar(
        "SELECT version FROM places WHERE name = 'Wijkcentrum Middelland (Huis van de Wijk)'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(version, 2);
    let keys: i64 = sqlx::query_scalar("SELECT count(*) FROM place_import_keys WHERE source = $1")
        .bind(BRON)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(keys, 6);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_refused_file_stores_nothing_and_the_page_names_line_and_column(db: PgPool) {
    let app = rotterdam_official(&db).await;
    let data = fixture_bytes("voorzieningen-fouten.csv");
    let id = upload(&app, "voorzieningen-fouten.csv", data, "").await;
    assert_eq!(choose_toml(&app, &id, &mapping_text("voorzieningen.toml")).await.status(), 303);
    let page = app.page(&format!("/beheer/import/{id}/voorbeeld")).await;
    assert_eq!(page.status, 422);
    let problems = page.texts(".import-problems li");
    assert!(
        problems.iter().any(|p| p.starts_with("regel 3: kolom \"PC\"") && p.contains("3028")),
        "{problems:?}"
    );
    assert!(page.text(".import-problems h2").starts_with("Er wordt niets geïmporteerd"));
    assert_eq!(page.count("form.import-confirm"), 0, "no button to import");
    let refused = page.texts("tr.row-refused .row-problems li");
    assert!(refused.iter().any(|p| p.contains("\"PC\"")), "{refused:?}");
    assert_eq!(count(&db, "places").await, 0);

    // Sent anyway: refused as a whole, nothing stored.
    let page =
        into_page(app.post_form(&format!("/beheer/import/{id}/importeren"), &[]).await).await;
    assert_eq!(page.status, 422);
    assert!(page.texts(".import-problems li").iter().any(|p| p.starts_with("regel 3")));
    assert_eq!(count(&db, "places").await, 0);
    assert_eq!(count(&db, "place_import_keys").await, 0);
    let audits: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'import.places'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(audits, 0);
    assert_eq!(count(&db, "import_uploads").await, 1, "kept, to correct the mapping");

    // A file that cannot be read is refused at the upload, in Dutch.
    let r = post_multipart(
        &app,
        "/beheer/import",
        vec![file("bestand", "leeg.csv", b"naam;type\n".to_vec())],
        true,
    )
    .await;
    let page = into_page(r).await;
    assert_eq!(page.status, 422);
    assert!(page.text(".error-summary").contains("alleen een kopregel"), "{}", page.body);
    assert_eq!(count(&db, "import_uploads").await, 1);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_geojson_file_and_an_excel_file_import_through_the_upload(db: PgPool) {
    let app = rotterdam_official(&db).await;
    let id = upload(&app, "wijkcentra.geojson", fixture_bytes("wijkcentra.geojson"), "").await;
    assert_eq!(choose_toml(&app, &id, &mapping_text("wijkcentra.toml")).await.status(), 303);
    let page = app.page(&format!("/beheer/import/{id}/voorbeeld")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(report(&page, "read-as"), "GeoJSON");
    assert_eq!(report(&page, "new"), "2");
    assert_eq!(count(&db, "places").await, 0);
    let page =
        into_page(app.post_form(&format!("/beheer/import/{id}/importeren"), &[]).await).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let groups: String = sqlx::query_scalar(
        "SELECT array_to_string(target_groups, ';') FROM places WHERE name = 'Wijkcentrum Oude Westen'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(groups, "iedereen;ouderen");

    // An XLSX with Haarvaten's own column names needs no mapping.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows = [
        ["naam", "type", "categorie", "initiatiefnemer", "lon", "lat", "precisie", "adres"],
        [
            "Huiskamer Excel",
            "huiskamer",
            "huiskamer",
            "bewoners",
            "4.46757",
            "51.91725",
            "straat",
            "Gaffelstraat 5",
        ],
        [
            "Tuin Excel",
            "zelfbeheer",
            "wijktuin",
            "stichting",
            "4.45932",
            "51.91657",
            "buurt",
            "Middellandstraat 9",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *value).unwrap();
        }
    }
    let data = book.save_to_buffer().unwrap();
    let id = upload(&app, "plekken.xlsx", data, "").await;
    let page = app.page(&format!("/beheer/import/{id}/voorbeeld")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(report(&page, "read-as"), "Excel (XLSX)");
    let addresses = page.texts("table.import-preview .row-address");
    assert!(addresses[0].starts_with("Gaffelstraat"), "straat: the street only: {addresses:?}");
    assert!(!addresses[0].contains('5'), "{addresses:?}");
    assert!(addresses[1].starts_with("niet openbaar"), "buurt: no address: {addresses:?}");
    assert_eq!(count(&db, "places").await, 2);
    let page =
        into_page(app.post_form(&format!("/beheer/import/{id}/importeren"), &[]).await).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let address: String =
        sqlx::query_scalar("SELECT address FROM places WHERE name = 'Huiskamer Excel'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(address, "Gaffelstraat 5", "the exact address is stored");
    assert_eq!(count(&db, "places").await, 4);

    // The public sees the imported places per precision only.
    let public = spawn_app(db.clone()).await;
    for (name, hidden) in
        [("Huiskamer Excel", "Gaffelstraat 5"), ("Tuin Excel", "Middellandstraat")]
    {
        let id: uuid::Uuid = sqlx::query_scalar("SELECT id FROM places WHERE name = $1")
            .bind(name)
            .fetch_one(&db)
            .await
            .unwrap();
        for path in [
            format!("/plekken/{id}"),
            "/zoeken?q=Excel".into(),
            "/api/plekken.geojson?bbox=4.4,51.88,4.5,51.95&zoom=18".into(),
        ] {
            let page = public.page(&path).await;
            assert_eq!(page.status, 200, "{path}");
            assert!(!page.body.contains(hidden), "{path} shows {hidden:?}");
        }
        if name == "Huiskamer Excel" {
            let page = public.page(&format!("/plekken/{id}")).await;
            assert!(page.body.contains("Gaffelstraat"), "precision straat shows the street");
        }
    }
}
