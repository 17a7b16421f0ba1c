//! Places with `buurt` or `straat` precision never reveal their address or
//! exact point to anonymous visitors or residents, in any response; the
//! wijkteam of that wijk, the gemeente and the beheerder do see them.
//! `straat` shows the street alone, without house number or postcode.

use haarvaten::domain::place::Precision;
use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::{TestApp, spawn_app};
use crate::proposals::{edit_fields_of, post, resident, set, signed_in, wijkteam};
use crate::public::{hide, insert, place, rotterdam};

const SECRET_STREET: &str = "Geheimstraat";
const SECRET_POSTCODE: &str = "3011 XZ";
/// The exact point, as stored and as the page would print it.
const SECRET_LON: &str = "4.0123456";
const SECRET_LAT: &str = "51.9234567";
const NEW_STREET: &str = "Verborgenlaan";

async fn protected_place(db: &PgPool) -> Uuid {
    let mut f = place("Huiskamer bij Ans");
    f.address = format!("{SECRET_STREET} 12");
    f.postcode = SECRET_POSTCODE.into();
    f.point = Some((4.0123456, 51.9234567));
    f.precision = Precision::Buurt;
    f.description = "Thuis bij Ans, elke woensdag.".into();
    insert(db, f).await
}

/// Every page and API response that mentions the place.
async fn bodies(app: &TestApp, id: Uuid) -> Vec<(String, String)> {
    let paths = [
        format!("/plekken/{id}"),
        format!("/plekken/{id}/geschiedenis"),
        format!("/plekken/{id}/bewerken"),
        format!("/plekken/{id}/opmerking"),
        "/".into(),
        "/zoeken?q=ans".into(),
        "/zoeken?q=ans&opgeheven=1".into(),
        "/wijken".into(),
        "/wijken/WK059901".into(),
        "/wijken/BU05990101".into(),
        "/wijken/GM0599".into(),
        "/api/plekken.geojson?bbox=3.9,51.8,4.3,52.1".into(),
        "/api/plekken.geojson?bbox=4.0,51.9,4.05,51.95&wijk=WK059901".into(),
        "/export/plekken.csv".into(),
        "/export/plekken.geojson".into(),
        "/export/plekken.hsds.json".into(),
        "/mijn-voorstellen".into(),
        "/beoordelen".into(),
        "/overzicht".into(),
        "/overzicht/WK059901".into(),
    ];
    let mut out = Vec::new();
    for path in paths {
        let r = app.get(&path).await;
        let status = r.status().as_u16();
        assert!(status < 500, "{path} gave {status}");
        out.push((path, r.text().await.unwrap()));
    }
    out
}

fn assert_no_secret(bodies: &[(String, String)], who: &str) {
    for (path, body) in bodies {
        for secret in [
            SECRET_STREET,
            SECRET_POSTCODE,
            SECRET_LON,
            SECRET_LAT,
            "4.012346",
            "51.923457",
            NEW_STREET,
        ] {
            assert!(!body.contains(secret), "{who} sees {secret:?} in {path}");
        }
    }
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_hidden_address_never_appears_in_any_response_to_a_resident(db: PgPool) {
    rotterdam(&db).await;
    let id = protected_place(&db).await;
    // The wijkteam changes the address, so the history holds old and new.
    let (team, _) = wijkteam(&db).await;
    let path = format!("/plekken/{id}/bewerken");
    let mut form = edit_fields_of(&team.page(&path).await);
    assert_eq!(
        form.iter().find(|(k, _)| *k == "adres").map(|(_, v)| v.as_str()),
        Some("Geheimstraat 12")
    );
    form.push(("versie", "1".into()));
    set(&mut form, "adres", &format!("{NEW_STREET} 4"));
    assert_eq!(post(&team, &path, &form).await.status(), 303);

    let (bewoner, _) = resident(&db).await;
    let seen = bodies(&bewoner, id).await;
    assert_no_secret(&seen, "a resident");
    let place_page = &seen[0].1;
    assert!(place_page.contains("Huiskamer bij Ans"), "the place itself is shown");
    assert!(place_page.contains("Het precieze adres is niet openbaar"));
    let anonymous = spawn_app(db.clone()).await;
    assert_no_secret(&bodies(&anonymous, id).await, "an anonymous visitor");
    let (other, _) = signed_in(&db, "noord@example.nl", "wijkteam", &["WK059902"]).await;
    assert_no_secret(&bodies(&other, id).await, "a wijkteam member of another wijk");

    // A resident's edit of other fields keeps the hidden address as it was.
    let mut form = edit_fields_of(&bewoner.page(&path).await);
    form.push(("versie", "2".into()));
    set(&mut form, "telefoon", "010 222 33 44");
    let r = post(&bewoner, &path, &form).await;
    assert_eq!(r.status(), 303);
    let (_, proposal_id): (i32, Uuid) =
        sqlx::query_as("SELECT 0, id FROM place_proposals").fetch_one(&db).await.unwrap();
    assert_no_secret(&bodies(&bewoner, id).await, "a resident after proposing");
    assert_eq!(
        team.post_form(&format!("/beoordelen/{proposal_id}/accepteren"), &[]).await.status(),
        303
    );
    let address: String =
        sqlx::query_scalar("SELECT address FROM places").fetch_one(&db).await.unwrap();
    assert_eq!(address, format!("{NEW_STREET} 4"));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn wijkteam_of_the_wijk_gemeente_and_beheerder_see_the_exact_address(db: PgPool) {
    rotterdam(&db).await;
    let id = protected_place(&db).await;
    let (team, _) = wijkteam(&db).await;
    let (gemeente, _) = signed_in(&db, "gemeente@example.nl", "gemeente", &["GM0599"]).await;
    let (admin, _) = signed_in(&db, "beheer@example.nl", "beheerder", &[]).await;
    for (who, app) in [("wijkteam", &team), ("gemeente", &gemeente), ("beheerder", &admin)] {
        let page = app.page(&format!("/plekken/{id}")).await;
        assert_eq!(page.text(".address"), "Geheimstraat 12, 3011 XZ", "{who}");
        assert!(page.text(".point").contains("51.923457"), "{who}");
        // JSON-LD is for search engines and stays public.
        let ld = page.body.split("application/ld+json").nth(1).unwrap_or_default();
        assert!(!ld.split("</script>").next().unwrap_or_default().contains(SECRET_STREET), "{who}");
    }
    let (other_gemeente, _) = signed_in(&db, "utrecht@example.nl", "gemeente", &["GM0344"]).await;
    let page = other_gemeente.page(&format!("/plekken/{id}")).await;
    assert_eq!(page.count(".address"), 0);
}

/// Every public read function of the db layer, straight: what they return
/// comes from the `public_places` view (migration 0050), so no filter,
/// search or export shows a non-exact address, the exact point or a
/// hidden place; an exact address stays public.
#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_public_view_redacts_and_hides_in_every_public_query(db: PgPool) {
    use futures_util::TryStreamExt;
    use haarvaten::db::export::{self as export_rows, ExportQuery};
    use haarvaten::db::overview;
    use haarvaten::db::places::{self, PlaceFilter};
    use haarvaten::domain::area::CbsCode;
    use haarvaten::domain::place::PlaceType;

    rotterdam(&db).await;
    let always = "Mo-Su 00:00-24:00";
    let mut protected = place("Huiskamer bij Ans");
    protected.address = format!("{SECRET_STREET} 12");
    protected.postcode = SECRET_POSTCODE.into();
    protected.point = Some((4.0123456, 51.9234567));
    // Buurt: nothing of the address is public (straat shows the street, see
    // `a_straat_place_shows_its_street_but_not_its_number_postcode_or_point`).
    protected.precision = Precision::Buurt;
    protected.opening_hours = always.into();
    let protected = insert(&db, protected).await;
    let mut hidden = place("Verstopte huiskamer van Ans");
    hidden.address = "Verstopstraat 1".into();
    hidden.opening_hours = always.into();
    let hidden = insert(&db, hidden).await;
    hide(&db, hidden).await;
    let mut open = place("Buurthuis Ans");
    open.address = "Openbaarstraat 3".into();
    open.opening_hours = always.into();
    let open = insert(&db, open).await;

    let hidden_text = hidden.to_string();
    let check = |what: &str, text: &str| {
        for secret in [
            SECRET_STREET,
            SECRET_POSTCODE,
            SECRET_LON,
            SECRET_LAT,
            "4.012346",
            "51.923457",
            "Verstop",
            hidden_text.as_str(),
        ] {
            assert!(!text.contains(secret), "{what} shows {secret:?}: {text}");
        }
    };
    let words = |q: &str| places::search_words(q);
    let wijk = CbsCode::parse("WK059901");
    let gemeente = CbsCode::parse("GM0599");
    let filters = [
        PlaceFilter::default(),
        PlaceFilter { include_closed: true, ..Default::default() },
        PlaceFilter { words: words("ans"), ..Default::default() },
        PlaceFilter { words: words("verstopte"), include_closed: true, ..Default::default() },
        PlaceFilter { wijk: wijk.clone(), ..Default::default() },
        PlaceFilter { gemeente: gemeente.clone(), words: words("huiskamer"), ..Default::default() },
        PlaceFilter { place_type: Some(PlaceType::Huiskamer), ..Default::default() },
        PlaceFilter { category: Some("huiskamer".into()), ..Default::default() },
    ];
    let bbox = [3.9, 51.8, 4.3, 52.1];
    for f in &filters {
        let what = format!("{f:?}");
        let count = places::count_matches(&db, f, 100).await.unwrap();
        let found = places::search(&db, f, None, 0).await.unwrap();
        let page = places::search_page(&db, f, Some(20), 0).await.unwrap();
        assert!(count.total <= 2, "{what}: the hidden place is counted");
        assert_eq!(found.len() as i64, count.total, "{what}");
        assert_eq!(page.items.len(), found.len(), "{what}");
        check(&format!("search {what}"), &format!("{found:?}"));
        // The map's points, in a box and nationally (as kept per data
        // generation), and the GeoJSON written from them, as points and
        // as clusters.
        for b in [bbox, places::WORLD] {
            let points = places::map_points(&db, f, b).await.unwrap();
            assert!(points.iter().all(|p| p.id != hidden), "{what}");
            check(&format!("map points {what}"), &format!("{points:?}"));
            let data = haarvaten::web::map_data::MapData::new(points);
            let labels = ["h".into(), "z".into(), "w".into()];
            for max in [1500, 0] {
                check(&format!("map {what}"), &data.geojson(b, max, 0.01, None, &labels));
            }
        }
    }
    let all = places::search(&db, &PlaceFilter::default(), None, 0).await.unwrap();
    assert_eq!(all.len(), 2);
    assert!(all.iter().any(|p| p.id == protected) && all.iter().any(|p| p.id == open));

    for gemeente in [None, Some("GM0599".to_owned())] {
        let q = ExportQuery { gemeente, include_closed: true, ..Default::default() };
        let rows: Vec<_> = export_rows::export_places(&db, &q).try_collect().await.unwrap();
        check("the public export", &format!("{rows:?}"));
        assert_eq!(rows.len(), 2);
        assert_eq!(export_rows::export_count(&db, &q).await.unwrap(), 2);
        let exact = rows.iter().find(|r| r.id == open).unwrap();
        assert_eq!(exact.address, "Openbaarstraat 3", "an exact address is public");
    }
    let since = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    let buurten = overview::buurt_counts(&db, "WK059901", since).await.unwrap();
    let counted: i64 = buurten.iter().map(|b| b.counts.total()).sum();
    assert_eq!(counted, 2, "the hidden place is not counted per buurt");
    let extras = overview::wijk_extras(&db, "GM0599", since).await.unwrap();
    assert_eq!(extras.iter().map(|e| e.opened).sum::<i64>(), 2);

    // And the view itself, whole rows.
    let rows: Vec<String> = sqlx::query_scalar("SELECT row_to_json(p)::text FROM public_places p")
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    check("public_places", &rows.join("\n"));
    let columns: Vec<String> = sqlx::query_scalar(
        "SELECT column_name::text FROM information_schema.columns
         WHERE table_name = 'public_places'",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    for never in ["location", "hidden", "source"] {
        assert!(!columns.iter().any(|c| c == never), "public_places has {never}");
    }
}

const STRAAT_ADDRESS: &str = "Van Oldenbarneveltstraat 12-14";
const STRAAT_STREET: &str = "Van Oldenbarneveltstraat";
const STRAAT_POSTCODE: &str = "3012 GS";

/// "Alleen de straat": the place page and every public export show the
/// street without house number; the postcode and the exact point never
/// appear, the point is the buurt's label point.
#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_straat_place_shows_its_street_but_not_its_number_postcode_or_point(db: PgPool) {
    rotterdam(&db).await;
    let mut f = place("Huiskamer bij Kees");
    f.address = STRAAT_ADDRESS.into();
    f.postcode = STRAAT_POSTCODE.into();
    f.point = Some((4.0123456, 51.9234567));
    f.precision = Precision::Straat;
    let id = insert(&db, f).await;
    let never = |what: &str, text: &str| {
        for secret in [
            "12-14",
            STRAAT_POSTCODE,
            SECRET_LON,
            SECRET_LAT,
            "4.012346",
            "51.923457",
            "4,012346",
            "51,923457",
        ] {
            assert!(!text.contains(secret), "{what} shows {secret:?}");
        }
    };
    let app = spawn_app(db.clone()).await;
    let page = app.page(&format!("/plekken/{id}")).await;
    assert_eq!(page.text(".address"), STRAAT_STREET);
    assert!(
        page.text(".location-notice").contains(&format!("in de {STRAAT_STREET}, in Oude Westen"))
    );
    assert_eq!(page.count(".point"), 0);
    never("the place page", &page.body);

    for path in ["/export/plekken.csv", "/export/plekken.csv?variant=excel"] {
        let r = app.get(path).await;
        let body = r.bytes().await.unwrap();
        let text = String::from_utf8_lossy(&body).into_owned();
        never(path, &text);
        let delimiter = if path.contains("excel") { b';' } else { b',' };
        let body = body.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&body);
        let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(body);
        let head: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
        let row = reader.records().map(Result::unwrap).next().expect("one row");
        let col = |name: &str| row[head.iter().position(|h| h == name).unwrap()].to_owned();
        assert_eq!(col("adres"), STRAAT_STREET, "{path}");
        assert_eq!(col("postcode"), "", "{path}");
        assert_eq!(col("precisie"), "straat", "{path}");
    }
    let (status, geo) = app.json("/export/plekken.geojson").await;
    assert_eq!(status, 200);
    never("the GeoJSON export", &geo.to_string());
    let feature = &geo["features"][0];
    assert_eq!(feature["properties"]["adres"], STRAAT_STREET);
    // The buurt's label point: the middle of the test rectangle of Oude Westen.
    assert_eq!(feature["geometry"]["coordinates"], serde_json::json!([4.025, 51.95]));
    let (status, hsds) = app.json("/export/plekken.hsds.json").await;
    assert_eq!(status, 200);
    never("the HSDS export", &hsds.to_string());
    let org = &hsds["contents"][0];
    assert!(crate::export::hsds_validator().is_valid(org), "{org}");
    let location = &org["locations"][0];
    assert_eq!(location["addresses"][0]["address_1"], STRAAT_STREET);
    assert_eq!(location["addresses"][0]["postal_code"], "");
    assert!(location["description"].as_str().unwrap().contains("bij benadering"));

    // The wijkteam of the wijk still sees the whole address.
    let (team, _) = wijkteam(&db).await;
    let page = team.page(&format!("/plekken/{id}")).await;
    assert_eq!(page.text(".address"), format!("{STRAAT_ADDRESS}, {STRAAT_POSTCODE}"));
}

/// The SQL rule of the view (`hv_street_only`, migration 0051) and the
/// Rust rule of the place page (`street_only`) agree.
#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_sql_and_rust_street_rules_agree(db: PgPool) {
    use haarvaten::domain::place::street_only;
    for address in [
        "Gaffelstraat 1a",
        STRAAT_ADDRESS,
        "Straatweg 3 bis",
        "Coolsingel 40 A",
        "Gaffelstraat 1a, 3011 AB Rotterdam",
        "  Brugstraat   12  ",
        "1e Middellandstraat 8",
        "Plein 1953 12",
        "Gaffelstraat",
        "Gaffelstraat, achterom",
        "",
    ] {
        let sql: String = sqlx::query_scalar("SELECT hv_street_only($1)")
            .bind(address)
            .fetch_one(&db)
            .await
            .unwrap();
        assert_eq!(sql, street_only(address), "{address:?}");
    }
}
