//! Population coverage (issue 11, item 7): CBS kerncijfers with buurt, wijk
//! and gemeente rows (shaped like a StatLine download: `;`, a BOM, CRLF,
//! codes padded with spaces, `.` for a secret figure), what is stored per
//! area, and what the wijk, gemeente and overview pages and the XLSX
//! summary say about it: for how many buurten a figure is known, and no
//! rate per 1,000 inhabitants when the figure covers under 90 %.

use haarvaten::import::population;
use sqlx::PgPool;

use crate::helpers::{Page, spawn_app};
use crate::import::{fixture, import_error, import_rotterdam};
use crate::officials::summary_rows;

/// inhabitants, buurten, known, coverage of one area.
async fn stored(db: &PgPool, code: &str) -> (Option<i32>, Option<i32>, Option<i32>, Option<f64>) {
    sqlx::query_as(
        "SELECT inhabitants, population_buurten, population_buurten_known, population_coverage
         FROM areas WHERE code = $1",
    )
    .bind(code)
    .fetch_one(db)
    .await
    .unwrap()
}

/// The text of the table row that names `name`.
fn row(page: &Page, name: &str) -> String {
    let rows = page.texts("table.counts tr");
    rows.into_iter()
        .find(|r| r.starts_with(name))
        .unwrap_or_else(|| panic!("{name}: {}", page.body))
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn wijk_and_gemeente_rows_are_used_and_pages_say_how_complete_the_figure_is(db: PgPool) {
    import_rotterdam(&db).await;
    let report = population::run(&db, &fixture("kerncijfers-2017-wijken.csv")).await.unwrap();
    assert_eq!((report.rows, report.matched, report.own_figures), (7, 5, 1));
    assert_eq!(report.unmatched, ["WK059999"]);
    assert!(report.to_string().contains("1 wijken/gemeenten met een eigen cijfer"), "{report}");

    // Centrum: 4 of its 6 buurten have a figure (Nieuwe Werk's is secret).
    assert_eq!(stored(&db, "WK059901").await, (Some(31660), Some(6), Some(4), Some(4.0 / 6.0)));
    // Delfshaven: no buurt figure, but its own CBS figure covers it.
    assert_eq!(stored(&db, "WK059903").await, (Some(74000), Some(9), Some(0), Some(1.0)));
    // Overschie: nothing known.
    assert_eq!(stored(&db, "WK059904").await, (None, Some(6), Some(0), None));
    // Rotterdam: Centrum's sum plus Delfshaven's own figure; covered are
    // the 4 buurten with a figure and Delfshaven's 9, of 91.
    assert_eq!(stored(&db, "GM0599").await, (Some(105_660), Some(91), Some(4), Some(13.0 / 91.0)));

    let app = spawn_app(db.clone()).await;
    let page = app.page("/wijken/GM0599").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Er wonen 105.660 mensen."), "{}", page.body);
    assert_eq!(
        page.text("[data-population-note]"),
        "Inwoners bekend voor 4 van 91 buurten. Dat cijfer dekt minder dan 90 % van de inwoners, \
         dus we tonen geen aantal per 1.000 inwoners."
    );
    let centrum = row(&page, "Rotterdam Centrum");
    assert!(centrum.contains("31.660 (inwoners bekend voor 4 van 6 buurten)"), "{centrum}");
    assert!(!centrum.contains("per 1.000"), "{centrum}");
    let delfshaven = row(&page, "Delfshaven");
    assert!(delfshaven.contains("74.000 (inwoners bekend voor 0 van 9 buurten)"), "{delfshaven}");
    assert!(delfshaven.contains("0,0 per 1.000 inwoners"), "{delfshaven}");
    let gemeente = page.text("table.counts tbody tr");
    assert!(gemeente.starts_with("Rotterdam 105.660 (inwoners bekend voor 4 van 91"), "{gemeente}");
    assert!(!gemeente.contains("per 1.000"), "{gemeente}");

    let wijk = app.page("/wijken/WK059901").await;
    assert!(wijk.text("[data-population-note]").starts_with("Inwoners bekend voor 4 van 6"));
    // A buurt has its own figure or none.
    let buurt = app.page("/wijken/BU05990118").await;
    assert_eq!(buurt.count("[data-population-note]"), 0);
    assert!(buurt.body.contains("Hoeveel mensen hier wonen, weten we niet."));

    let overview = app.page("/overzicht?gemeente=GM0599").await;
    let total = overview.text("tr[data-code='GM0599'] td[data-col='inwoners']");
    assert_eq!(total, "105.660 (inwoners bekend voor 4 van 91 buurten)");
    let rate = overview.text("tr[data-code='GM0599'] td[data-col='totaal'] .per-1000");
    assert_eq!(rate, "onbekend per 1.000 inwoners");
    assert!(overview.text("[data-population-note]").contains("minder dan 90 %"));
    let rate = overview.text("tr[data-code='WK059903'] td[data-col='totaal'] .per-1000");
    assert_eq!(rate, "0,0 per 1.000 inwoners");
    let wijk = app.page("/overzicht/WK059901?gemeente=GM0599").await;
    assert!(wijk.text("[data-population-note]").starts_with("Inwoners bekend voor 4 van 6"));

    // The XLSX summary: no rate for Centrum and the total, the buurten counts.
    let body = app.get("/export/plekken.xlsx?gemeente=GM0599").await.bytes().await.unwrap();
    let rows = summary_rows(&body);
    let head = rows.iter().find(|r| r[0] == "wijk_code").expect("header");
    assert_eq!(
        &head[7..],
        ["inwoners", "open_per_1000_inwoners", "buurten", "buurten_met_inwoners"]
    );
    let centrum = rows.iter().find(|r| r[0] == "WK059901").unwrap();
    assert_eq!(&centrum[7..11], ["31660.000", "", "6.000", "4.000"]);
    let delfshaven = rows.iter().find(|r| r[0] == "WK059903").unwrap();
    assert_eq!(&delfshaven[7..11], ["74000.000", "0.000", "9.000", "0.000"]);
    let total = rows.iter().find(|r| r[0] == "totaal").unwrap();
    assert_eq!(&total[7..11], ["105660.000", "", "91.000", "4.000"]);

    // Then the gemeente's own figure: it covers Rotterdam, so its rate is shown.
    let report = population::run(&db, &fixture("kerncijfers-2017-gemeente.csv")).await.unwrap();
    assert_eq!((report.rows, report.own_figures), (1, 1));
    assert_eq!(stored(&db, "GM0599").await, (Some(634_660), Some(91), Some(4), Some(1.0)));
    assert_eq!(stored(&db, "WK059903").await.0, Some(74000), "the wijk figure stays");
    let overview = app.page("/overzicht?gemeente=GM0599").await;
    let rate = overview.text("tr[data-code='GM0599'] td[data-col='totaal'] .per-1000");
    assert_eq!(rate, "0,0 per 1.000 inwoners");
    assert_eq!(overview.count("[data-population-note]"), 1, "still: 4 of 91 buurten");
    assert!(!overview.text("[data-population-note]").contains("90 %"));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_bad_population_row_is_refused_in_dutch_with_its_line(db: PgPool) {
    import_rotterdam(&db).await;
    let err =
        import_error(population::run(&db, &fixture("kerncijfers-fouten.csv")).await.unwrap_err());
    let text = err.to_string();
    assert!(text.contains("regel 3: \"ROTTERDAM\" is geen CBS-code."), "{text}");
    assert!(
        text.contains("regel 4: kolom \"inwoners\", waarde \"veel\": dit is geen geheel getal")
    );
    let (inhabitants, ..) = stored(&db, "BU05990110").await;
    assert_eq!(inhabitants, None, "nothing was stored");
}
