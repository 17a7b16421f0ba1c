//! Retention: free text of visits older than the period is erased, the
//! statistics stay the same, and a second run changes nothing.

use haarvaten::db::{audit, visits};
use haarvaten::retention;
use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::create_user;
use crate::public::{insert, place, rotterdam};
use crate::visits::{Seed, logged_in, months_ago, seed_visit, today};

#[derive(Debug, PartialEq, Eq, sqlx::FromRow)]
struct Stored {
    id: Uuid,
    place_id: Uuid,
    visited_on: chrono::NaiveDate,
    purpose: String,
    notes: String,
    partners: Vec<String>,
    followup_text: String,
    followup_due: Option<chrono::NaiveDate>,
    erased: bool,
}

async fn stored(db: &PgPool) -> Vec<Stored> {
    sqlx::query_as(
        "SELECT id, place_id, visited_on, purpose, notes, partners, followup_text, followup_due,
                erased_at IS NOT NULL AS erased
         FROM visits ORDER BY visited_on",
    )
    .fetch_all(db)
    .await
    .unwrap()
}

/// Everything the statistics show, to compare before and after.
async fn statistics(db: &PgPool) -> String {
    let today = today();
    let cov = visits::coverage_per_wijk(db, "GM0599", today).await.unwrap();
    let from = today.checked_sub_months(chrono::Months::new(60)).unwrap();
    let months = visits::visits_per_wijk_per_month(db, "GM0599", from, today).await.unwrap();
    let dash = visits::dashboard(db, &["WK059901".to_owned()], today).await.unwrap();
    let mut dash: Vec<_> =
        dash.iter().map(|d| (d.id, d.last_visit, d.visits_12m, d.open_followups)).collect();
    dash.sort();
    format!("{cov:?}\n{months:?}\n{dash:?}")
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn retention_erases_only_old_free_text_and_is_safe_to_repeat(db: PgPool) {
    rotterdam(&db).await;
    let p = insert(&db, place("Huiskamer De Linde")).await;
    let anna = create_user(&db, "anna@wijkteam.nl", "wijkteam", &["WK059901"]).await;
    let w = "WK059901";
    let full = |on| {
        let mut s = Seed::new(p, w, on, anna);
        s.notes = "Oude notitie";
        s.partners = vec!["Stichting Oud"];
        s.followup = Some(("Oude actie", on));
        s
    };
    let old = seed_visit(&db, full(months_ago(30))).await;
    let just_old =
        seed_visit(&db, full(months_ago(24).checked_sub_days(chrono::Days::new(1)).unwrap())).await;
    let boundary = seed_visit(&db, full(months_ago(24))).await;
    let recent = seed_visit(&db, full(months_ago(1))).await;

    let before = stored(&db).await;
    let stats_before = statistics(&db).await;

    let report = retention::run(&db, 24, today()).await.unwrap();
    assert_eq!(report.erased, 2);
    assert_eq!(report.cutoff, months_ago(24));

    let after = stored(&db).await;
    for (b, a) in before.iter().zip(&after) {
        // Date, place, purpose and the follow-up's due date stay.
        assert_eq!(
            (a.id, a.place_id, a.visited_on, &a.purpose, a.followup_due),
            (b.id, b.place_id, b.visited_on, &b.purpose, b.followup_due)
        );
        if a.id == old || a.id == just_old {
            assert_eq!((a.notes.as_str(), a.followup_text.as_str()), ("", ""));
            assert!(a.partners.is_empty());
            assert!(a.erased);
        } else {
            assert!(a.id == boundary || a.id == recent);
            assert_eq!(a, b, "kept as it was");
        }
    }
    assert_eq!(statistics(&db).await, stats_before, "counts unchanged");
    assert_eq!(audit::by_action(&db, visits::actions::RETENTION).await.unwrap().len(), 1);

    // Again: nothing to do, nothing changes, no new audit entry.
    let again = retention::run(&db, 24, today()).await.unwrap();
    assert_eq!(again.erased, 0);
    assert_eq!(stored(&db).await, after);
    assert_eq!(statistics(&db).await, stats_before);
    assert_eq!(audit::by_action(&db, visits::actions::RETENTION).await.unwrap().len(), 1);

    // The team sees that the text is gone, and why.
    let app = logged_in(&db, "anna@wijkteam.nl").await;
    let page = app.page(&format!("/wijkteam/bezoeken/{old}")).await;
    assert_eq!(page.status, 200);
    assert!(page.text(".notice").contains("gewist"));
    assert!(!page.body.contains("Oude notitie"));
    assert!(app.page(&format!("/wijkteam/bezoeken/{recent}")).await.body.contains("Oude notitie"));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_shorter_period_erases_more(db: PgPool) {
    rotterdam(&db).await;
    let p = insert(&db, place("Huiskamer De Linde")).await;
    let anna = create_user(&db, "anna@wijkteam.nl", "wijkteam", &["WK059901"]).await;
    let mut s = Seed::new(p, "WK059901", months_ago(7), anna);
    s.notes = "Zeven maanden oud";
    seed_visit(&db, s).await;
    assert_eq!(retention::run(&db, 24, today()).await.unwrap().erased, 0);
    assert_eq!(retention::run(&db, 6, today()).await.unwrap().erased, 1);
}

#[test]
fn the_default_period_is_24_months() {
    assert_eq!(retention::DEFAULT_MONTHS, 24);
    if std::env::var("HAARVATEN_RETENTION_MONTHS").is_err() {
        let config = haarvaten::config::Config::for_tests("postgres://unused".into());
        assert_eq!(config.retention_months, 24);
    }
}
