//! The rules around the web upload: the form builds the same mapping as
//! the TOML file, its download is read by the command line unchanged, a
//! saved mapping serves the next file, a gemeente user imports only into
//! their own gemeente, only the owner may use an upload, CSRF is checked
//! on multipart forms, a file over 20 MB is refused in Dutch, and a
//! mapping that does not fit the file is explained with the form kept.

use haarvaten::import::mapping::{Columns, Mapping};
use sqlx::PgPool;

use crate::helpers::{TEST_PASSWORD, create_user, into_page, login, spawn_app};
use crate::import::fixture;
use crate::import_places::{cli, mapping};
use crate::import_upload::{
    choose_toml, count, file, fixture_bytes, location, post_multipart, rotterdam_official, text,
    upload,
};

/// Column names compare case-insensitively, as the import matches them.
fn canonical(mut m: Mapping) -> Mapping {
    for cols in m.columns.values_mut() {
        *cols = match cols {
            Columns::One(c) => Columns::One(c.to_lowercase()),
            Columns::Many(cs) => Columns::Many(cs.iter().map(|c| c.to_lowercase()).collect()),
        };
    }
    m.id = m.id.map(|c| c.to_lowercase());
    m.only = m.only.into_iter().map(|(k, v)| (k.to_lowercase(), v)).collect();
    m
}

/// The form as a person fills it for `voorzieningen-2026q1.csv`.
fn filled_form() -> Vec<crate::import_upload::Part> {
    let mut parts = vec![text("bron", "formulier")];
    for (k, v) in [
        ("kolom.naam", "NAAM"),
        ("kolom.adres", "STRAAT"),
        ("kolom.adres", "HUISNR"),
        ("kolom.postcode", "PC"),
        ("kolom.x", "X"),
        ("kolom.y", "Y"),
        ("kolom.type", "SOORT"),
        ("kolom.categorie", "SOORT"),
        ("standaard.initiatiefnemer", "gemeente"),
        ("standaard.precisie", "exact"),
        ("standaard.bron", "Gemeente Rotterdam, voorzieningenlijst"),
        ("id_kolom", "OBJECTNR"),
        ("alleen_kolom", "SOORT"),
        ("alleen_waarden", "Buurthuis; Wijkcentrum; Buurtkamer"),
        ("van.type.1", "Buurthuis"),
        ("naar.type.1", "zelfbeheer"),
        ("van.type.2", "Wijkcentrum"),
        ("naar.type.2", "huis_van_de_wijk"),
        ("van.type.3", "Buurtkamer"),
        ("naar.type.3", "huiskamer"),
        ("van.type.4", "Bibliotheek"),
        ("naar.type.4", ""),
        ("van.categorie.1", "Buurthuis"),
        ("naar.categorie.1", "buurthuis"),
        ("van.categorie.2", "Wijkcentrum"),
        ("naar.categorie.2", "buurthuis"),
        ("van.categorie.3", "Buurtkamer"),
        ("naar.categorie.3", "huiskamer"),
    ] {
        parts.push(text(k, v));
    }
    parts
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_form_builds_the_toml_mapping_and_the_command_line_reads_its_download(db: PgPool) {
    let app = rotterdam_official(&db).await;
    let id =
        upload(&app, "voorzieningen-2026q1.csv", fixture_bytes("voorzieningen-2026q1.csv"), "")
            .await;
    let page = app.page(&format!("/beheer/import/{id}")).await;
    assert_eq!(page.status, 200);
    // Without a mapping, a column named as Haarvaten's is chosen already.
    assert_eq!(page.text("select[name='kolom.naam'] option[selected]"), "NAAM");
    assert_eq!(page.count("select[name='kolom.adres']"), 2, "street + house number");
    assert!(page.texts("select[name='kolom.type'] option").contains(&"SOORT".to_owned()));

    // Choosing the type column shows that column's values to translate.
    let path = format!("/beheer/import/{id}/mapping");
    let parts =
        vec![text("bron", "formulier"), text("kolom.naam", "NAAM"), text("kolom.type", "SOORT")];
    let r = post_multipart(&app, &path, parts, true).await;
    assert_eq!(r.status(), 303);
    let page = app.page(&location(&r)).await;
    let values = page.texts("fieldset.mapping-values label");
    for v in ["Buurthuis", "Wijkcentrum", "Buurtkamer", "Bibliotheek"] {
        assert!(values.contains(&v.to_owned()), "{values:?}");
    }
    assert!(
        page.texts("select[name='naar.type.1'] option").iter().any(|o| o.contains("huiskamer"))
    );

    let mut parts = filled_form();
    parts.push(text("verder", "1"));
    let r = post_multipart(&app, &path, parts, true).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("/beheer/import/{id}/voorbeeld"));
    let r = app.get(&format!("/beheer/import/{id}/mapping.toml")).await;
    assert_eq!(r.status(), 200);
    let kind = r.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(kind.starts_with("application/toml"), "{kind}");
    assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    let downloaded = r.text().await.unwrap();
    let built = Mapping::parse(&downloaded).expect("the download parses as a mapping");
    assert_eq!(canonical(built), canonical(mapping("voorzieningen.toml")), "{downloaded}");

    // The command line takes the download as it is.
    let dir = tempfile::tempdir().unwrap();
    let toml_path = dir.path().join("mapping.toml");
    std::fs::write(&toml_path, &downloaded).unwrap();
    let name: String =
        sqlx::query_scalar("SELECT current_database()").fetch_one(&db).await.unwrap();
    let csv = fixture("voorzieningen-2026q1.csv").to_string_lossy().into_owned();
    let out = cli(
        &name,
        &["import", "places", &csv, "--mapping", &toml_path.to_string_lossy(), "--dry-run"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout} {}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("Nieuw: 5, gewijzigd: 0"), "{stdout}");
    assert_eq!(count(&db, "places").await, 0);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_saved_mapping_is_kept_for_the_gemeente_and_serves_the_next_file(db: PgPool) {
    let app = rotterdam_official(&db).await;
    let toml = std::fs::read_to_string(fixture("voorzieningen.toml")).unwrap();
    let id =
        upload(&app, "voorzieningen-2026q1.csv", fixture_bytes("voorzieningen-2026q1.csv"), "")
            .await;
    assert_eq!(choose_toml(&app, &id, &toml).await.status(), 303);
    let path = format!("/beheer/import/{id}/mapping/bewaren");
    let r = app.post_form(&path, &[("naam", "Voorzieningenlijst")]).await;
    assert_eq!(r.status(), 303);
    let (gemeente, saved): (String, String) = sqlx::query_as(
        "SELECT gemeente_code, mapping FROM import_mappings WHERE name = 'Voorzieningenlijst'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(gemeente, "GM0599");
    assert_eq!(Mapping::parse(&saved).unwrap(), mapping("voorzieningen.toml"));
    let audit: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'import.mapping_saved' AND subject = 'gemeente:GM0599'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(audit, 1);
    // A name is required, in Dutch, the page shown again.
    let page = into_page(app.post_form(&path, &[("naam", " ")]).await).await;
    assert_eq!(page.status, 422);
    assert!(page.text(".error-summary").contains("naam"), "{}", page.body);

    // The next file picks it.
    let next =
        upload(&app, "voorzieningen-2026q2.csv", fixture_bytes("voorzieningen-2026q2.csv"), "")
            .await;
    let page = app.page(&format!("/beheer/import/{next}")).await;
    let option = page.attr("select[name=mapping_id] option", "value").unwrap();
    assert!(page.text("select[name=mapping_id]").contains("Voorzieningenlijst"));
    let parts = vec![text("bron", "opgeslagen"), text("mapping_id", &option)];
    let r = post_multipart(&app, &format!("/beheer/import/{next}/mapping"), parts, true).await;
    assert_eq!(r.status(), 303);
    let chosen: String =
        sqlx::query_scalar("SELECT mapping FROM import_uploads WHERE id = $1::uuid")
            .bind(&next)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(Mapping::parse(&chosen).unwrap(), mapping("voorzieningen.toml"));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_gemeente_user_cannot_import_into_another_gemeente(db: PgPool) {
    let rotterdam = rotterdam_official(&db).await;
    crate::public::area(&db, "GM0363", "Amsterdam", None, [4.8, 52.3, 5.0, 52.4], None).await;
    crate::public::area(&db, "WK036301", "Centrum", Some("GM0363"), [4.8, 52.3, 5.0, 52.4], None)
        .await;
    let app = spawn_app(db.clone()).await;
    create_user(&db, "amsterdam@example.nl", "gemeente", &["GM0363"]).await;
    assert_eq!(login(&app, "amsterdam@example.nl", TEST_PASSWORD).await, 303);

    // Asking for Rotterdam in the form changes nothing.
    let data = fixture_bytes("voorzieningen-2026q1.csv");
    let id = upload(&app, "voorzieningen-2026q1.csv", data, "GM0599").await;
    let gemeente: Option<String> = sqlx::query_scalar("SELECT gemeente_code FROM import_uploads")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(gemeente.as_deref(), Some("GM0363"));
    // Nor does a mapping that names Rotterdam.
    let toml = std::fs::read_to_string(fixture("voorzieningen.toml")).unwrap();
    assert!(toml.contains("gemeente = \"GM0599\""));
    assert_eq!(choose_toml(&app, &id, &toml).await.status(), 303);
    let download =
        app.get(&format!("/beheer/import/{id}/mapping.toml")).await.text().await.unwrap();
    assert!(download.contains("gemeente = \"GM0363\""), "{download}");

    let page = app.page(&format!("/beheer/import/{id}/voorbeeld")).await;
    assert_eq!(page.status, 422);
    let problems = page.texts(".import-problems li");
    assert!(problems.iter().all(|p| p.starts_with("regel")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("GM0363")), "{problems:?}");
    let page =
        into_page(app.post_form(&format!("/beheer/import/{id}/importeren"), &[]).await).await;
    assert_eq!(page.status, 422);
    assert_eq!(count(&db, "places").await, 0);

    // The other gemeente's official cannot even see the upload.
    for path in ["", "/voorbeeld", "/mapping.toml"] {
        let r = rotterdam.get(&format!("/beheer/import/{id}{path}")).await;
        assert_eq!(r.status(), 404, "{path}");
    }
    let r = rotterdam.post_form(&format!("/beheer/import/{id}/importeren"), &[]).await;
    assert_eq!(r.status(), 404);
    assert_eq!(count(&db, "places").await, 0);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn only_importers_see_the_upload_and_a_beheerder_chooses_the_gemeente(db: PgPool) {
    crate::import::import_rotterdam(&db).await;
    let anonymous = spawn_app(db.clone()).await;
    let r = anonymous.get("/beheer/import").await;
    assert_eq!(r.status(), 303);
    assert!(location(&r).starts_with("/inloggen"));
    for (email, role, scope) in [
        ("bewoner@example.nl", "bewoner", vec![]),
        ("team@example.nl", "wijkteam", vec!["WK059901"]),
    ] {
        let app = spawn_app(db.clone()).await;
        create_user(&db, email, role, &scope).await;
        assert_eq!(login(&app, email, TEST_PASSWORD).await, 303);
        assert_eq!(app.get("/beheer/import").await.status(), 403, "{role}");
        assert_eq!(app.page("/").await.count("a.nav-import"), 0, "{role}");
    }
    let admin = spawn_app(db.clone()).await;
    create_user(&db, "beheer@example.nl", "beheerder", &[]).await;
    assert_eq!(login(&admin, "beheer@example.nl", TEST_PASSWORD).await, 303);
    let page = admin.page("/beheer/import").await;
    assert!(page.texts("select[name=gemeente] option").iter().any(|o| o.contains("GM0599")));
    upload(&admin, "plekken.csv", fixture_bytes("voorzieningen-2026q1.csv"), "GM0599").await;
    let gemeente: Option<String> = sqlx::query_scalar("SELECT gemeente_code FROM import_uploads")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(gemeente.as_deref(), Some("GM0599"));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn an_upload_needs_its_csrf_token_and_at_most_20_mb(db: PgPool) {
    let app = rotterdam_official(&db).await;
    let csv = fixture_bytes("voorzieningen-2026q1.csv");
    let r =
        post_multipart(&app, "/beheer/import", vec![file("bestand", "a.csv", csv.clone())], false)
            .await;
    assert_eq!(r.status(), 403);
    let parts = vec![text("csrf_token", "0000"), file("bestand", "a.csv", csv)];
    let r = post_multipart(&app, "/beheer/import", parts, false).await;
    assert_eq!(r.status(), 403);
    assert_eq!(count(&db, "import_uploads").await, 0);

    let mut big = b"naam;type\n".to_vec();
    big.resize(20 * 1024 * 1024 + 1, b'a');
    let r =
        post_multipart(&app, "/beheer/import", vec![file("bestand", "groot.csv", big)], true).await;
    let page = into_page(r).await;
    assert_eq!(page.status, 413);
    assert!(
        page.text(".error-summary").contains("hoogstens 20 MB"),
        "{}",
        page.text(".error-summary")
    );
    assert_eq!(count(&db, "import_uploads").await, 0);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_mapping_that_does_not_fit_the_file_is_explained_and_the_form_is_kept(db: PgPool) {
    let app = rotterdam_official(&db).await;
    let id =
        upload(&app, "voorzieningen-2026q1.csv", fixture_bytes("voorzieningen-2026q1.csv"), "")
            .await;
    let toml = std::fs::read_to_string(fixture("wijkcentra.toml")).unwrap();
    let page = into_page(choose_toml(&app, &id, &toml).await).await;
    assert_eq!(page.status, 422);
    let message = page.text(".error-summary li");
    assert!(message.contains("\"adres\" staat niet in het bestand"), "{message}");
    assert!(message.contains("\"OBJECTNR\""), "lists the columns it has: {message}");
    let page = into_page(choose_toml(&app, &id, "naam = [").await).await;
    assert_eq!(page.status, 422);
    assert!(page.text(".error-summary li").starts_with("Het mappingbestand klopt niet"));

    let parts = vec![
        text("bron", "formulier"),
        text("kolom.naam", "NAAM"),
        text("kolom.postcode", "POSTCODE"),
        text("standaard.bron", "Lijst 2026"),
    ];
    let page =
        into_page(post_multipart(&app, &format!("/beheer/import/{id}/mapping"), parts, true).await)
            .await;
    assert_eq!(page.status, 422);
    assert!(page.text(".error-summary li").contains("\"POSTCODE\""), "{}", page.body);
    assert_eq!(page.text("select[name='kolom.naam'] option[selected]"), "NAAM");
    assert_eq!(page.attr("input[name='standaard.bron']", "value").as_deref(), Some("Lijst 2026"));
    let mapping: Option<String> =
        sqlx::query_scalar("SELECT mapping FROM import_uploads").fetch_one(&db).await.unwrap();
    assert_eq!(mapping, None, "nothing chosen");
}
