//! Notifications (issue 12, item 3) against a real SMTP server: reviewers
//! of a wijk hear of proposals, tips and corrections, proposers of the
//! decision with its reason, wijkteam members of a due follow-up; each
//! at once, in the daily digest or never, as they chose on
//! `/account/meldingen`.

use chrono::NaiveDate;
use haarvaten::cli::{NotifyCommand, run_notify};
use haarvaten::db::notifications::set_setting;
use haarvaten::domain::notify::{Delivery, NoticeKind};
use haarvaten::mail::Outbox;
use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::{TEST_PASSWORD, TestApp, create_user, login};
use crate::mail::wait_marked_sent;
use crate::mail_sink::{BASE_URL, MailSink, SentMail};
use crate::proposals::{new_place_form, post};
use crate::public::{insert, place, rotterdam};

/// An app on the sink, signed in as a new user.
async fn member(
    sink: &MailSink,
    db: &PgPool,
    email: &str,
    role: &str,
    scopes: &[&str],
) -> (TestApp, Uuid) {
    let id = create_user(db, email, role, scopes).await;
    let app = sink.spawn_app(db.clone()).await;
    assert_eq!(login(&app, email, TEST_PASSWORD).await, 303, "login of {email}");
    (app, id)
}

fn to<'a>(mails: &'a [SentMail], email: &str) -> Vec<&'a SentMail> {
    mails.iter().filter(|m| m.is_to(email)).collect()
}

fn today() -> NaiveDate {
    haarvaten::domain::opening_hours::OpeningHours::today()
}

async fn run(sink: &MailSink, db: &PgPool, cmd: NotifyCommand) -> String {
    run_notify(db, &Outbox::from_config(&sink.config()), cmd, today()).await.unwrap()
}

/// The stored notices: (recipient, event, delivery, mailed).
async fn notices(db: &PgPool) -> Vec<(String, String, String, bool)> {
    sqlx::query_as(
        "SELECT u.email, n.event, n.delivery, n.mailed_at IS NOT NULL
         FROM notifications n JOIN users u ON u.id = n.user_id ORDER BY u.email, n.id",
    )
    .fetch_all(db)
    .await
    .unwrap()
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn reviewers_hear_of_proposals_and_corrections_direct_in_a_digest_or_never(db: PgPool) {
    rotterdam(&db).await;
    let sink = MailSink::start();
    let (direct, _) = member(&sink, &db, "direct@example.nl", "wijkteam", &["WK059901"]).await;
    let (digest, _) = member(&sink, &db, "digest@example.nl", "wijkteam", &["WK059901"]).await;
    let never = create_user(&db, "never@example.nl", "wijkteam", &["WK059901"]).await;
    set_setting(&db, never, NoticeKind::Review, Delivery::Never).await.unwrap();
    create_user(&db, "noord@example.nl", "wijkteam", &["WK059902"]).await;
    create_user(&db, "gemeente@example.nl", "gemeente", &["GM0599"]).await;
    let unconfirmed = create_user(&db, "nieuw@example.nl", "wijkteam", &["WK059901"]).await;
    sqlx::query("UPDATE users SET email_confirmed_at = NULL WHERE id = $1")
        .bind(unconfirmed)
        .execute(&db)
        .await
        .unwrap();
    let (bewoner, _) = member(&sink, &db, "bewoner@example.nl", "bewoner", &[]).await;

    // The account page links to the settings; a wijkteam member sees all
    // three kinds, with the defaults chosen.
    let account = digest.page("/account").await;
    assert_eq!(account.attr("a.notify-link", "href").as_deref(), Some("/account/meldingen"));
    let form = digest.page("/account/meldingen").await;
    assert_eq!(form.status, 200);
    assert_eq!(form.count("form.notify-form fieldset"), 3);
    assert_eq!(form.attr("input[name=review][checked]", "value").as_deref(), Some("direct"));
    assert!(form.text("#review-hint").contains("Meteen een mail"), "{}", form.body);
    // Bad input: a Dutch message on its field, the other choices kept.
    let bad = digest
        .post_form_page(
            "/account/meldingen",
            &[("review", "soms"), ("decision", "never"), ("followup", "digest")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.text("#review-error").contains("Kies hoe u dit wilt krijgen"));
    assert_eq!(bad.attr("input[name=decision][checked]", "value").as_deref(), Some("never"));
    assert_eq!(bad.attr("input[name=followup][checked]", "value").as_deref(), Some("digest"));
    let r = digest
        .post_form(
            "/account/meldingen",
            &[("review", "digest"), ("decision", "direct"), ("followup", "direct")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let saved = digest.page(r.headers()["location"].to_str().unwrap()).await;
    assert!(saved.text(".notify-saved").contains("opgeslagen"));
    assert_eq!(saved.attr("input[name=review][checked]", "value").as_deref(), Some("digest"));
    // A bewoner reviews nothing: only decisions.
    let mine = bewoner.page("/account/meldingen").await;
    assert_eq!(mine.count("form.notify-form fieldset"), 1);
    assert_eq!(mine.count("input[name=decision]"), 3);

    // A resident proposes a place in Centrum.
    let r = post(&bewoner, "/plekken/nieuw", &new_place_form("Huiskamer De Gaffel")).await;
    assert_eq!(r.status(), 303);
    let mails = sink.wait_for(1, 15).await;
    let m = &mails[0];
    assert_eq!(m.rcpt_tos, vec!["direct@example.nl"]);
    assert_eq!(m.subject, "Nieuw voorstel om te bekijken: Huiskamer De Gaffel");
    assert!(m.text().contains("Iemand stelt een nieuwe plek voor: Huiskamer De Gaffel."));
    assert_eq!(m.link(&format!("{BASE_URL}/beoordelen")), format!("{BASE_URL}/beoordelen"));
    assert!(m.text().contains(&format!("{BASE_URL}/account/meldingen")), "{}", m.text());
    assert!(m.html.as_deref().unwrap().contains(&format!("href=\"{BASE_URL}/beoordelen\"")));

    // An anonymous correction of a place in Centrum: the former wijkteam
    // notice is now a notification like the others.
    let id = insert(&db, place("Buurthuis Het Anker")).await;
    let anon = sink.spawn_app(db.clone()).await;
    let fields = [("onderwerp", "tijden"), ("tekst", "Nu ook op zaterdag")];
    let r = anon.post_form(&format!("/plekken/{id}/klopt-er-iets-niet"), &fields).await;
    assert_eq!(r.status(), 303);
    // The tip of a signed-in resident, too.
    let r = bewoner
        .post_form(&format!("/plekken/{id}/opmerking"), &[("soort", "tip"), ("tekst", "Gezellig")])
        .await;
    assert_eq!(r.status(), 303);
    let mails = sink.wait_for(3, 15).await;
    // The correction and the tip are sent by whichever app's worker claims
    // them first, side by side: their order of arrival is not fixed.
    let mut subjects: Vec<&str> =
        to(&mails, "direct@example.nl").iter().map(|m| m.subject.as_str()).collect();
    subjects.sort_unstable();
    assert_eq!(
        subjects,
        [
            "Melding: klopt er iets niet bij Buurthuis Het Anker?",
            "Nieuw voorstel om te bekijken: Huiskamer De Gaffel",
            "Nieuwe tip over Buurthuis Het Anker",
        ]
    );
    wait_marked_sent(&db, 3).await;

    // Stored: a notice per reviewer who wants one; not for "never", another
    // wijk, an unconfirmed address, or the resident who did it.
    let stored = notices(&db).await;
    let who: Vec<&str> = stored.iter().map(|n| n.0.as_str()).collect();
    assert_eq!(who.iter().filter(|w| **w == "direct@example.nl").count(), 3);
    assert_eq!(who.iter().filter(|w| **w == "digest@example.nl").count(), 3);
    // The gemeente reviews the whole gemeente; by default in a digest.
    assert_eq!(who.iter().filter(|w| **w == "gemeente@example.nl").count(), 3);
    assert!(!who.iter().any(|w| {
        ["never@example.nl", "noord@example.nl", "nieuw@example.nl", "bewoner@example.nl"]
            .contains(w)
    }));
    assert!(stored.iter().all(|n| (n.2 == "direct") == n.3), "direct ones are mailed: {stored:?}");

    // The daily digest: one mail each with everything, and only once a day.
    let report = run(&sink, &db, NotifyCommand::Digest).await;
    assert!(report.contains("2 dagoverzicht(en)"), "{report}");
    let mails = sink.wait_for(5, 15).await;
    let d = to(&mails, "digest@example.nl");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].subject, "Haarvaten: uw overzicht van vandaag (3)");
    let text = d[0].text();
    assert!(text.contains("Iemand stelt een nieuwe plek voor: Huiskamer De Gaffel."), "{text}");
    assert!(text.contains("Iemand meldt dat er iets niet klopt bij Buurthuis Het Anker."));
    assert!(text.contains("Iemand gaf een tip over Buurthuis Het Anker."));
    assert_eq!(to(&mails, "gemeente@example.nl").len(), 1);
    assert!(notices(&db).await.iter().all(|n| n.3), "every notice is mailed now");
    let again = run(&sink, &db, NotifyCommand::Digest).await;
    assert!(again.contains("0 dagoverzicht(en)"), "{again}");
    wait_marked_sent(&db, 5).await;
    assert_eq!(sink.mails().len(), 5);
    // Mailed notices are forgotten after 90 days by the daily job.
    sqlx::query("UPDATE notifications SET mailed_at = now() - interval '91 days' WHERE user_id = (SELECT id FROM users WHERE email = 'direct@example.nl')")
        .execute(&db)
        .await
        .unwrap();
    run(&sink, &db, NotifyCommand::Digest).await;
    let left: Vec<String> = notices(&db).await.into_iter().map(|n| n.0).collect();
    assert_eq!(left.len(), 6, "{left:?}");
    assert!(!left.iter().any(|w| w == "direct@example.nl"));
    drop(direct);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn the_proposer_hears_of_accept_and_reject_with_the_reason(db: PgPool) {
    rotterdam(&db).await;
    let sink = MailSink::start();
    let (team, team_id) = member(&sink, &db, "team@example.nl", "wijkteam", &["WK059901"]).await;
    set_setting(&db, team_id, NoticeKind::Review, Delivery::Never).await.unwrap();
    let (direct, _) = member(&sink, &db, "ans@example.nl", "bewoner", &[]).await;
    let (digest, digest_id) = member(&sink, &db, "kees@example.nl", "bewoner", &[]).await;
    set_setting(&db, digest_id, NoticeKind::Decision, Delivery::Digest).await.unwrap();
    let (never, never_id) = member(&sink, &db, "piet@example.nl", "bewoner", &[]).await;
    set_setting(&db, never_id, NoticeKind::Decision, Delivery::Never).await.unwrap();
    for (app, name) in [
        (&direct, "Koffiehoek Ans"),
        (&direct, "Dubbel van Ans"),
        (&digest, "Dubbel van Kees"),
        (&never, "Plek van Piet"),
    ] {
        assert_eq!(post(app, "/plekken/nieuw", &new_place_form(name)).await.status(), 303);
    }
    let ids: Vec<(Uuid, String)> =
        sqlx::query_as("SELECT id, name FROM place_proposals ORDER BY name")
            .fetch_all(&db)
            .await
            .unwrap();
    let id_of = |n: &str| ids.iter().find(|(_, name)| name == n).unwrap().0;
    let accept = |n: &str| format!("/beoordelen/{}/accepteren", id_of(n));
    let reject = |n: &str| format!("/beoordelen/{}/afwijzen", id_of(n));
    assert_eq!(team.post_form(&accept("Koffiehoek Ans"), &[]).await.status(), 303);
    let reason = "Deze plek staat er al in als Buurthuis Oost.";
    for n in ["Dubbel van Ans", "Dubbel van Kees"] {
        assert_eq!(team.post_form(&reject(n), &[("reden", reason)]).await.status(), 303);
    }
    assert_eq!(team.post_form(&accept("Plek van Piet"), &[]).await.status(), 303);

    let mails = sink.wait_for(2, 15).await;
    let ans = to(&mails, "ans@example.nl");
    assert_eq!(ans.len(), 2, "{mails:#?}");
    let place_id: Uuid = sqlx::query_scalar("SELECT id FROM places WHERE name = 'Koffiehoek Ans'")
        .fetch_one(&db)
        .await
        .unwrap();
    let ok =
        ans.iter().find(|m| m.subject == "Uw voorstel voor Koffiehoek Ans is goedgekeurd").unwrap();
    assert!(ok.text().contains(&format!("{BASE_URL}/plekken/{place_id}")), "{}", ok.text());
    let no = ans
        .iter()
        .find(|m| m.subject == "Uw voorstel voor Dubbel van Ans is niet goedgekeurd")
        .unwrap();
    assert!(no.text().contains(&format!("De reden:\n\n> {reason}")), "{}", no.text());
    assert!(no.html.as_deref().unwrap().contains(reason));
    wait_marked_sent(&db, 2).await;

    // Kees waits for his digest; Piet gets nothing and nothing is stored.
    let stored = notices(&db).await;
    assert!(!stored.iter().any(|n| n.0 == "piet@example.nl"), "{stored:?}");
    let kees: Vec<_> = stored.iter().filter(|n| n.0 == "kees@example.nl").collect();
    assert_eq!(kees.len(), 1);
    assert_eq!((kees[0].1.as_str(), kees[0].3), ("rejected", false));
    let kept: String = sqlx::query_scalar(
        "SELECT detail FROM notifications WHERE event = 'rejected' AND delivery = 'digest'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(kept, reason, "the reason waits with the notice");
    // The same run asks the two accepted places (never verified, with an
    // e-mail address) for their yearly check; the apps' workers send those
    // mails beside the digest, in any order.
    run(&sink, &db, NotifyCommand::Digest).await;
    let mails = sink.wait_for_mail_to("kees@example.nl", 15).await;
    let kees = to(&mails, "kees@example.nl");
    assert_eq!(kees.len(), 1, "{mails:#?}");
    assert!(kees[0].text().contains("Uw voorstel voor Dubbel van Kees is niet goedgekeurd."));
    assert!(kees[0].text().contains(&format!("De reden: {reason}")), "{}", kees[0].text());
    let emptied: String =
        sqlx::query_scalar("SELECT detail FROM notifications WHERE delivery = 'digest'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(emptied, "", "once mailed the reason is not kept twice");
    let mails = sink.wait_for(5, 15).await;
    assert_eq!(to(&mails, "info@voorbeeld.nl").len(), 2, "the yearly checks: {mails:#?}");
    assert!(to(&mails, "piet@example.nl").is_empty());
}

async fn visit(db: &PgPool, place: Uuid, members: &[Uuid], due: NaiveDate, done: bool) -> Uuid {
    let id = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO visits (id, place_id, wijk_code, visited_on, purpose, followup_text,
                             followup_due, followup_done_at, logged_by)
         VALUES ($1, $2, 'WK059901', $3::date - 30, 'kennismaken', 'Bel de voorzitter terug',
                 $3::date, CASE WHEN $4 THEN now() END, $5)",
    )
    .bind(id)
    .bind(place)
    .bind(due)
    .bind(done)
    .bind(members[0])
    .execute(db)
    .await
    .unwrap();
    for m in members {
        sqlx::query("INSERT INTO visit_members (visit_id, user_id) VALUES ($1, $2)")
            .bind(id)
            .bind(m)
            .execute(db)
            .await
            .unwrap();
    }
    id
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_due_follow_up_is_mailed_once_to_the_team_members_of_the_visit(db: PgPool) {
    rotterdam(&db).await;
    let sink = MailSink::start();
    let _app = sink.spawn_app(db.clone()).await;
    let anna = create_user(&db, "anna@example.nl", "wijkteam", &["WK059901"]).await;
    let bart = create_user(&db, "bart@example.nl", "wijkteam", &["WK059901"]).await;
    set_setting(&db, bart, NoticeKind::Followup, Delivery::Digest).await.unwrap();
    let cor = create_user(&db, "cor@example.nl", "wijkteam", &["WK059901"]).await;
    set_setting(&db, cor, NoticeKind::Followup, Delivery::Never).await.unwrap();
    // Dirk was there, but is no longer in the team of Centrum.
    let dirk = create_user(&db, "dirk@example.nl", "wijkteam", &["WK059902"]).await;
    let place_id = insert(&db, place("Buurthuis Het Anker")).await;
    let today = today();
    let due = visit(&db, place_id, &[anna, bart, cor, dirk], today, false).await;
    visit(&db, place_id, &[anna], today.succ_opt().unwrap(), false).await;
    visit(&db, place_id, &[anna], today.pred_opt().unwrap(), true).await;

    let report = run(&sink, &db, NotifyCommand::FollowUps).await;
    assert!(report.contains("1 opvolging(en)"), "{report}");
    let mails = sink.wait_for(1, 15).await;
    let m = &mails[0];
    assert_eq!(m.rcpt_tos, vec!["anna@example.nl"]);
    assert_eq!(m.subject, "Opvolging na uw bezoek aan Buurthuis Het Anker");
    assert!(m.text().contains(&format!("{BASE_URL}/wijkteam/bezoeken/{due}")), "{}", m.text());
    // The follow-up's text falls under retention: a mail does not copy it.
    assert!(!m.text().contains("voorzitter") && !m.html.as_deref().unwrap().contains("voorzitter"));

    // Once per follow-up: the next runs find nothing new.
    let again = run(&sink, &db, NotifyCommand::FollowUps).await;
    assert!(again.contains("0 opvolging(en)"), "{again}");
    let noticed: Vec<Uuid> =
        sqlx::query_scalar("SELECT visit_id FROM followup_notices").fetch_all(&db).await.unwrap();
    assert_eq!(noticed, vec![due]);
    let stored = notices(&db).await;
    let who: Vec<&str> = stored.iter().map(|n| n.0.as_str()).collect();
    assert_eq!(who, ["anna@example.nl", "bart@example.nl"]);

    // Bart reads it in his digest.
    let report = run(&sink, &db, NotifyCommand::Digest).await;
    assert!(
        report.contains("0 opvolging(en)") && report.contains("1 dagoverzicht(en)"),
        "{report}"
    );
    let mails = sink.wait_for(2, 15).await;
    let bart_mail = to(&mails, "bart@example.nl");
    assert_eq!(bart_mail.len(), 1);
    assert!(
        bart_mail[0].text().contains("Na uw bezoek aan Buurthuis Het Anker staat er nog iets open")
    );
    wait_marked_sent(&db, 2).await;
    assert_eq!(sink.mails().len(), 2, "nothing for Cor (never) or Dirk (other wijk)");
}
