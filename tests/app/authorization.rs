//! Every state-changing route (every POST in `src/web/mod.rs`) against every
//! standing, with exactly one expected outcome per cell, written down below
//! as a table a reader can check. Each cell gets fresh data, so one cell's
//! change cannot decide another's outcome, and each cell checks the effect
//! in the database: an allowed request made its change, a refused one left
//! everything as it was. A second test sends every route without a CSRF
//! token.

use haarvaten::db;
use haarvaten::domain::proposal::AnnotationKind;
use haarvaten::domain::revision;
use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::{TEST_PASSWORD, TestApp, create_user, spawn_app_with};
use crate::public::{hide, insert, place, rotterdam};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Sent to the login page (303 to /inloggen).
    L,
    /// 403 Forbidden.
    F,
    /// 404: the visitor may not even learn the thing exists.
    N,
    /// Allowed: a redirect or a page (< 400), and the change is stored.
    Y,
}
use Outcome::{F, L, N, Y};

/// The columns: anonymous, bewoner, wijkteam of the place's wijk
/// (Centrum), wijkteam of another wijk (Noord), gemeente of the place
/// (Rotterdam), another gemeente (Amsterdam), beheerder.
const STANDINGS: [&str; 7] =
    ["anoniem", "bewoner", "wijkteam", "wijkteam-x", "gemeente", "gemeente-x", "beheerder"];

/// The matrix. Order matters only at the end: registering, logging in and
/// out change who the client is, so they come last.
#[rustfmt::skip]
const MATRIX: &[(&str, [Outcome; 7])] = &[
    //  route                                               anon bew wt  wt-x gem gm-x beh
    ("/plekken/nieuw",                                      [L,   Y,  Y,  Y,   Y,  Y,   Y]),
    ("/plekken/{id}/bewerken",                              [L,   Y,  Y,  Y,   Y,  Y,   Y]),
    ("/plekken/{id}/opmerking",                             [L,   Y,  Y,  Y,   Y,  Y,   Y]),
    ("/plekken/{id}/bericht",                               [Y,   Y,  Y,  Y,   Y,  Y,   Y]),
    ("/plekken/{id}/klopt-er-iets-niet",                    [Y,   Y,  Y,  Y,   Y,  Y,   Y]),
    ("/plekken/{id}/opheffen",                              [L,   F,  Y,  F,   Y,  F,   Y]),
    ("/plekken/{id}/gecontroleerd",                         [L,   F,  Y,  F,   Y,  F,   Y]),
    ("/plekken/{id}/klopt-dit-nog",                         [L,   F,  Y,  F,   Y,  F,   Y]),
    // Whoever holds the link the place got by mail; no account needed.
    ("/klopt-dit-nog/{token}/ja",                           [Y,   Y,  Y,  Y,   Y,  Y,   Y]),
    ("/klopt-dit-nog/{token}/veranderd",                    [Y,   Y,  Y,  Y,   Y,  Y,   Y]),
    ("/plekken/{id}/verbergen",                             [L,   F,  F,  F,   F,  F,   Y]),
    ("/plekken/{id}/tonen",                                 [L,   N,  N,  N,   N,  N,   Y]),
    ("/plekken/{id}/geschiedenis/{version}/terugzetten",    [L,   F,  Y,  F,   Y,  F,   Y]),
    ("/beoordelen/{id}/accepteren",                         [L,   F,  Y,  F,   Y,  F,   Y]),
    ("/beoordelen/{id}/afwijzen",                           [L,   F,  Y,  F,   Y,  F,   Y]),
    ("/opmerkingen/{id}/afgehandeld",                       [L,   F,  Y,  F,   Y,  F,   Y]),
    ("/opmerkingen/{id}/niet-tonen",                        [L,   F,  Y,  F,   Y,  F,   Y]),
    ("/wijkteam/drempel",                                   [L,   F,  Y,  F,   F,  F,   F]),
    ("/wijkteam/bezoeken",                                  [L,   F,  Y,  F,   F,  F,   F]),
    ("/wijkteam/bezoeken/{id}/opvolging-klaar",             [L,   F,  Y,  F,   F,  F,   F]),
    // Only who logged the visit (the Centrum wijkteam member) corrects it.
    ("/wijkteam/bezoeken/{id}/bewerken",                    [L,   F,  Y,  F,   F,  F,   F]),
    ("/wijkteam/bezoeken/{id}/verwijderen",                 [L,   F,  Y,  F,   F,  F,   F]),
    ("/beheer/gebruikers/{id}",                             [L,   F,  F,  F,   F,  F,   Y]),
    ("/beheer/gebruikers/{id}/blokkeren",                   [L,   F,  F,  F,   F,  F,   Y]),
    ("/beheer/gebruikers/{id}/deblokkeren",                 [L,   F,  F,  F,   F,  F,   Y]),
    ("/beheer/gebruikers/{id}/verwijderen",                 [L,   F,  F,  F,   F,  F,   Y]),
    // Each gemeente into its own gemeente, the beheerder into any.
    ("/beheer/import",                                      [L,   F,  F,  F,   Y,  Y,   Y]),
    // The upload is the Rotterdam official's: only they may use it.
    ("/beheer/import/{id}/mapping",                         [L,   F,  F,  F,   Y,  N,   N]),
    ("/beheer/import/{id}/mapping/bewaren",                 [L,   F,  F,  F,   Y,  N,   N]),
    ("/beheer/import/{id}/importeren",                      [L,   F,  F,  F,   Y,  N,   N]),
    ("/account/wachtwoord",                                 [L,   Y,  Y,  Y,   Y,  Y,   Y]),
    ("/account/bevestigen",                                 [L,   Y,  Y,  Y,   Y,  Y,   Y]),
    // Only one's own settings; kinds that do not fit the role are ignored.
    ("/account/meldingen",                                  [L,   Y,  Y,  Y,   Y,  Y,   Y]),
    ("/account/e-mail",                                     [L,   Y,  Y,  Y,   Y,  Y,   Y]),
    // Each signed-in client deletes a fresh account it signed in as; it
    // is signed out then, until the login row below.
    ("/account/verwijderen",                                [L,   Y,  Y,  Y,   Y,  Y,   Y]),
    ("/wachtwoord-vergeten",                                [Y,   Y,  Y,  Y,   Y,  Y,   Y]),
    ("/registreren",                                        [Y,   Y,  Y,  Y,   Y,  Y,   Y]),
    ("/wachtwoord-herstellen/{token}",                      [Y,   Y,  Y,  Y,   Y,  Y,   Y]),
    ("/inloggen",                                           [Y,   Y,  Y,  Y,   Y,  Y,   Y]),
    ("/uitloggen",                                          [Y,   Y,  Y,  Y,   Y,  Y,   Y]),
];

struct Client {
    app: TestApp,
    email: Option<String>,
    id: Option<Uuid>,
}

async fn clients(db: &PgPool) -> Vec<Client> {
    let users = [
        None,
        Some(("bewoner@example.nl", "bewoner", vec![])),
        Some(("wijkteam@example.nl", "wijkteam", vec!["WK059901"])),
        Some(("noord@example.nl", "wijkteam", vec!["WK059902"])),
        Some(("gemeente@example.nl", "gemeente", vec!["GM0599"])),
        Some(("amsterdam@example.nl", "gemeente", vec!["GM0363"])),
        Some(("beheer@example.nl", "beheerder", vec![])),
    ];
    let mut out = Vec::new();
    // Mail is on, as in production: what a route queues is part of its
    // effect. Nothing listens on the discard port, so nothing is sent.
    let mut config = haarvaten::config::Config::for_tests("postgres://unused".into());
    config.smtp_url = Some("smtp://127.0.0.1:9".into());
    for u in users {
        let app = spawn_app_with(db.clone(), |c| *c = config.clone()).await;
        let (email, id) = match u {
            Some((email, role, scopes)) => {
                let id = create_user(db, email, role, &scopes).await;
                assert_eq!(crate::helpers::login(&app, email, TEST_PASSWORD).await, 303);
                (Some(email.to_owned()), Some(id))
            }
            None => (None, None),
        };
        out.push(Client { app, email, id });
    }
    out
}

/// One cell's fresh data: the path with its ids filled in, a form body that
/// the allowed standings can submit successfully, and what [`effect`] needs
/// to find the change.
struct Cell {
    path: String,
    body: Vec<(String, String)>,
    /// The place of this cell.
    place: Uuid,
    /// The proposal, annotation, visit or account the route is about, else
    /// the place.
    target: String,
    /// The name of the place or the address of the account made here.
    name: String,
    /// The account the client acts as, after logging in again.
    actor: Option<Uuid>,
    /// The last audit entry before the request.
    mark: i64,
}

async fn cell(db: &PgPool, route: &str, client: &Client, n: usize) -> Cell {
    let proposer = create_user(db, &format!("indiener{n}@example.nl"), "bewoner", &[]).await;
    let place_id = insert(db, place(&format!("Plek {n}"))).await;
    let s = |v: &str| v.to_owned();
    let mut path = route.replace("{id}", &place_id.to_string());
    let mut target = place_id.to_string();
    let mut name = format!("Nieuw {n}");
    let mut actor = client.id;
    let body: Vec<(String, String)> = match route {
        "/plekken/nieuw" => crate::proposals::new_place_form(&format!("Nieuw {n}"))
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
        "/plekken/{id}/bewerken" => {
            let p = db::places::get(db, place_id).await.unwrap().unwrap();
            let mut input = p.to_input();
            input.phone = "010 123 45 67".into();
            let mut body: Vec<(String, String)> = revision::snapshot_fields()
                .map(|f| (f.to_string(), revision::value(&input, f).to_owned()))
                .collect();
            body.push((s("versie"), s("1")));
            body
        }
        "/plekken/{id}/opmerking" => vec![(s("soort"), s("tip")), (s("tekst"), s("Leuke plek"))],
        "/plekken/{id}/bericht" => {
            // No address of its own: the message goes to the wijkteam.
            name = format!("afzender{n}@example.nl");
            vec![(s("email"), name.clone()), (s("tekst"), s("Een vraag"))]
        }
        "/plekken/{id}/klopt-er-iets-niet" => {
            vec![(s("onderwerp"), s("tijden")), (s("tekst"), s("Nu op dinsdag"))]
        }
        "/plekken/{id}/opheffen" => vec![
            (s("versie"), s("1")),
            (s("opgeheven_op"), s("2024-01-01")),
            (s("reden_opheffing"), s("Gestopt")),
        ],
        "/plekken/{id}/gecontroleerd" => vec![],
        "/plekken/{id}/klopt-dit-nog" => {
            set_place_email(db, place_id, n).await;
            vec![]
        }
        "/klopt-dit-nog/{token}/ja" | "/klopt-dit-nog/{token}/veranderd" => {
            set_place_email(db, place_id, n).await;
            let today = haarvaten::domain::opening_hours::OpeningHours::today();
            assert!(db::place_checks::insert(db, place_id, "WK059901", today, None).await.unwrap());
            let key = db::place_checks::key(db).await.unwrap();
            let token = haarvaten::domain::place_check::sign(&key, place_id, today);
            path = route.replace("{token}", &token);
            vec![(s("openingstijden"), s("Mo 09:00-12:00"))]
        }
        "/plekken/{id}/verbergen" => vec![(s("reden"), s("spam"))],
        "/plekken/{id}/tonen" => {
            hide(db, place_id).await;
            vec![]
        }
        "/plekken/{id}/geschiedenis/{version}/terugzetten" => {
            // A baseline revision (version 1) and a change on top (version 2).
            let p = db::places::get(db, place_id).await.unwrap().unwrap();
            sqlx::query(
                "INSERT INTO place_revisions (place_id, version, kind, snapshot) VALUES ($1, 1, 'create', $2)",
            )
            .bind(place_id)
            .bind(serde_json::to_value(p.to_input()).unwrap())
            .execute(db)
            .await
            .unwrap();
            sqlx::query("UPDATE places SET phone = '010 555 55 55', version = 2 WHERE id = $1")
                .bind(place_id)
                .execute(db)
                .await
                .unwrap();
            path = path.replace("{version}", "1");
            vec![(s("versie"), s("2"))]
        }
        "/beoordelen/{id}/accepteren" | "/beoordelen/{id}/afwijzen" => {
            let f = place(&format!("Voorstel {n}"));
            let input = revision::snapshot(&f, "WK059901", Some("BU05990101"));
            let id = Uuid::new_v4();
            db::proposals::insert(
                db,
                &db::proposals::NewProposal {
                    id,
                    place_id: None,
                    base_version: None,
                    base_snapshot: None,
                    input: &input,
                    wijk_code: "WK059901",
                    proposer,
                },
            )
            .await
            .unwrap();
            path = route.replace("{id}", &id.to_string());
            target = id.to_string();
            vec![(s("reden"), s("Bestaat al"))]
        }
        "/opmerkingen/{id}/afgehandeld" => {
            let id = db::annotations::insert(db, place_id, proposer, AnnotationKind::Tip, "Tip")
                .await
                .unwrap();
            path = route.replace("{id}", &id.to_string());
            target = id.to_string();
            vec![]
        }
        "/opmerkingen/{id}/niet-tonen" => {
            let id = db::annotations::insert(db, place_id, proposer, AnnotationKind::Tip, "Tip")
                .await
                .unwrap();
            sqlx::query(
                "UPDATE place_annotations SET resolved_at = now(), published = true WHERE id = $1",
            )
            .bind(id)
            .execute(db)
            .await
            .unwrap();
            path = route.replace("{id}", &id.to_string());
            target = id.to_string();
            vec![(s("plek"), place_id.to_string())]
        }
        "/wijkteam/drempel" => {
            sqlx::query("DELETE FROM wijk_visit_settings").execute(db).await.unwrap();
            vec![(s("wijk"), s("WK059901")), (s("maanden"), s("7"))]
        }
        "/wijkteam/bezoeken" => vec![
            (s("plek"), place_id.to_string()),
            (s("datum"), chrono::Utc::now().date_naive().pred_opt().unwrap().to_string()),
            (s("doel"), s("kennismaken")),
            (s("leden"), client.id.unwrap_or(proposer).to_string()),
        ],
        "/wijkteam/bezoeken/{id}/opvolging-klaar" => {
            let id = Uuid::new_v4();
            sqlx::query(
                "INSERT INTO visits (id, place_id, wijk_code, visited_on, purpose, followup_text, followup_due)
                 VALUES ($1, $2, 'WK059901', '2024-01-01', 'kennismaken', 'Bellen', '2024-02-01')",
            )
            .bind(id)
            .bind(place_id)
            .execute(db)
            .await
            .unwrap();
            path = route.replace("{id}", &id.to_string());
            target = id.to_string();
            vec![]
        }
        "/wijkteam/bezoeken/{id}/bewerken" | "/wijkteam/bezoeken/{id}/verwijderen" => {
            let id = Uuid::new_v4();
            sqlx::query(
                "INSERT INTO visits (id, place_id, wijk_code, visited_on, purpose, notes, logged_by)
                 SELECT $1, $2, 'WK059901', current_date - 1, 'kennismaken', 'Eerst', u.id
                 FROM users u WHERE u.email = 'wijkteam@example.nl'",
            )
            .bind(id)
            .bind(place_id)
            .execute(db)
            .await
            .unwrap();
            path = route.replace("{id}", &id.to_string());
            target = id.to_string();
            vec![
                (s("datum"), chrono::Utc::now().date_naive().pred_opt().unwrap().to_string()),
                (s("doel"), s("anders")),
                (s("notities"), s("Gecorrigeerd")),
            ]
        }
        "/beheer/import" => {
            // The Amsterdam official imports into Amsterdam.
            let known: bool =
                sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM areas WHERE code = 'GM0363')")
                    .fetch_one(db)
                    .await
                    .unwrap();
            if !known {
                crate::public::area(db, "GM0363", "Amsterdam", None, [4.8, 52.3, 5.0, 52.4], None)
                    .await;
            }
            name = format!("upload{n}.csv");
            vec![]
        }
        "/beheer/import/{id}/mapping"
        | "/beheer/import/{id}/mapping/bewaren"
        | "/beheer/import/{id}/importeren" => {
            let id = Uuid::new_v4();
            name = format!("Import {n}");
            let csv = format!(
                "naam,type,categorie,initiatiefnemer,lon,lat\n{name},huiskamer,huiskamer,bewoners,4.02,51.95\n"
            );
            let mapping = route.ends_with("bewaren").then_some("[columns]\nnaam = \"naam\"\n");
            sqlx::query(
                "INSERT INTO import_uploads (id, owner_id, gemeente_code, file_name, data, mapping)
                 SELECT $1, u.id, 'GM0599', 'plekken.csv', $2, $3 FROM users u
                 WHERE u.email = 'gemeente@example.nl'",
            )
            .bind(id)
            .bind(csv.into_bytes())
            .bind(mapping)
            .execute(db)
            .await
            .unwrap();
            path = route.replace("{id}", &id.to_string());
            target = id.to_string();
            if route.ends_with("bewaren") {
                name = format!("Mapping {n}");
                vec![(s("naam"), name.clone())]
            } else if route.ends_with("mapping") {
                vec![(s("bron"), s("formulier")), (s("kolom.naam"), s("naam"))]
            } else {
                vec![]
            }
        }
        "/beheer/gebruikers/{id}" => {
            path = route.replace("{id}", &proposer.to_string());
            target = proposer.to_string();
            vec![(s("role"), s("wijkteam")), (s("wijken"), s("WK059902")), (s("gemeente"), s(""))]
        }
        "/beheer/gebruikers/{id}/blokkeren"
        | "/beheer/gebruikers/{id}/deblokkeren"
        | "/beheer/gebruikers/{id}/verwijderen" => {
            if route.ends_with("/deblokkeren") {
                sqlx::query("UPDATE users SET blocked_at = now() WHERE id = $1")
                    .bind(proposer)
                    .execute(db)
                    .await
                    .unwrap();
            }
            path = route.replace("{id}", &proposer.to_string());
            target = proposer.to_string();
            vec![]
        }
        "/account/e-mail" => {
            name = format!("nieuw-adres{n}@example.nl");
            vec![(s("email"), name.clone()), (s("password"), s(TEST_PASSWORD))]
        }
        "/account/verwijderen" => {
            let email = format!("weg{n}@example.nl");
            let id = create_user(db, &email, "bewoner", &[]).await;
            actor = None;
            if client.id.is_some() {
                assert_eq!(crate::helpers::login(&client.app, &email, TEST_PASSWORD).await, 303);
                actor = Some(id);
            }
            vec![(s("password"), s(TEST_PASSWORD))]
        }
        "/account/wachtwoord" => vec![
            (s("current"), s(TEST_PASSWORD)),
            (s("password"), s(TEST_PASSWORD)),
            (s("password_repeat"), s(TEST_PASSWORD)),
        ],
        "/account/bevestigen" => {
            // The client's own account waits for confirmation.
            sqlx::query("UPDATE users SET email_confirmed_at = NULL WHERE id = $1")
                .bind(client.id)
                .execute(db)
                .await
                .unwrap();
            vec![]
        }
        "/account/meldingen" => vec![
            (s("review"), s("digest")),
            (s("decision"), s("never")),
            (s("followup"), s("digest")),
        ],
        "/wachtwoord-vergeten" => {
            target = proposer.to_string();
            vec![(s("email"), format!("indiener{n}@example.nl"))]
        }
        "/wachtwoord-herstellen/{token}" => {
            // Whoever holds the link sets the proposer's password, and is
            // then signed in as the proposer.
            let token = format!("{n:064}");
            sqlx::query(
                "INSERT INTO account_tokens (token_hash, user_id, purpose, expires_at)
                 VALUES ($1, $2, 'wachtwoord', now() + interval '1 hour')",
            )
            .bind(haarvaten::domain::user::token_hash(&token))
            .bind(proposer)
            .execute(db)
            .await
            .unwrap();
            path = route.replace("{token}", &token);
            target = proposer.to_string();
            actor = Some(proposer);
            vec![(s("password"), s(TEST_PASSWORD)), (s("password_repeat"), s(TEST_PASSWORD))]
        }
        "/registreren" => vec![
            (s("email"), {
                name = format!("nieuw{n}@example.nl");
                name.clone()
            }),
            (s("password"), s(TEST_PASSWORD)),
            (s("password_repeat"), s(TEST_PASSWORD)),
        ],
        "/inloggen" => {
            // Everyone signs in as themselves again (the anonymous client
            // as the proposer), undoing the sign-up of the row above.
            let email = client.email.clone().unwrap_or(format!("indiener{n}@example.nl"));
            actor = Some(client.id.unwrap_or(proposer));
            vec![(s("email"), email), (s("password"), s(TEST_PASSWORD))]
        }
        "/uitloggen" => vec![],
        other => panic!("no fixture for {other}"),
    };
    let mark = sqlx::query_scalar("SELECT coalesce(max(id), 0) FROM audit_log")
        .fetch_one(db)
        .await
        .unwrap();
    Cell { path, body, place: place_id, target, name, actor, mark }
}

async fn set_place_email(db: &PgPool, place: Uuid, n: usize) {
    sqlx::query("UPDATE places SET email = $2 WHERE id = $1")
        .bind(place)
        .bind(format!("plek{n}@example.nl"))
        .execute(db)
        .await
        .unwrap();
}

/// Whether the change the route is for is in the database (for logging
/// out: whether the client is signed out). Each condition reads the cell's
/// values from `c`.
async fn effect(db: &PgPool, route: &str, cell: &Cell, client: &Client) -> bool {
    let condition = match route {
        "/plekken/nieuw" => {
            "EXISTS (SELECT 1 FROM places WHERE name = c.name)
             OR EXISTS (SELECT 1 FROM place_proposals WHERE name = c.name)"
        }
        "/plekken/{id}/bewerken" => {
            "EXISTS (SELECT 1 FROM place_proposals WHERE place_id = c.place)
             OR EXISTS (SELECT 1 FROM places WHERE id = c.place AND phone = '010 123 45 67')"
        }
        "/plekken/{id}/opmerking" => {
            "EXISTS (SELECT 1 FROM place_annotations WHERE place_id = c.place)"
        }
        "/plekken/{id}/bericht" => {
            "EXISTS (SELECT 1 FROM place_messages WHERE place_id = c.place AND kind = 'bericht')
             AND EXISTS (SELECT 1 FROM mail_outbox WHERE reply_to = c.name)"
        }
        "/plekken/{id}/klopt-er-iets-niet" => {
            "EXISTS (SELECT 1 FROM place_annotations WHERE place_id = c.place AND topic = 'tijden')"
        }
        "/plekken/{id}/opheffen" => {
            "EXISTS (SELECT 1 FROM places WHERE id = c.place AND status = 'opgeheven')"
        }
        "/plekken/{id}/gecontroleerd" => {
            "EXISTS (SELECT 1 FROM places WHERE id = c.place AND last_verified IS NOT NULL)"
        }
        "/plekken/{id}/klopt-dit-nog" => {
            "EXISTS (SELECT 1 FROM place_checks WHERE place_id = c.place)
             AND EXISTS (SELECT 1 FROM mail_outbox WHERE kind = 'check_request')"
        }
        "/klopt-dit-nog/{token}/ja" => {
            "EXISTS (SELECT 1 FROM places WHERE id = c.place AND last_verified IS NOT NULL)"
        }
        "/klopt-dit-nog/{token}/veranderd" => {
            "EXISTS (SELECT 1 FROM place_annotations WHERE place_id = c.place
                     AND body LIKE '%Mo 09:00-12:00%')"
        }
        "/plekken/{id}/verbergen" => "EXISTS (SELECT 1 FROM places WHERE id = c.place AND hidden)",
        "/plekken/{id}/tonen" => "EXISTS (SELECT 1 FROM places WHERE id = c.place AND NOT hidden)",
        "/plekken/{id}/geschiedenis/{version}/terugzetten" => {
            "EXISTS (SELECT 1 FROM places WHERE id = c.place AND phone <> '010 555 55 55')"
        }
        "/beoordelen/{id}/accepteren" => {
            "EXISTS (SELECT 1 FROM place_proposals WHERE id = c.target::uuid AND status = 'accepted')"
        }
        "/beoordelen/{id}/afwijzen" => {
            "EXISTS (SELECT 1 FROM place_proposals WHERE id = c.target::uuid AND status = 'rejected')"
        }
        "/opmerkingen/{id}/afgehandeld" => {
            "EXISTS (SELECT 1 FROM place_annotations
                     WHERE id = c.target::bigint AND resolved_at IS NOT NULL)"
        }
        "/opmerkingen/{id}/niet-tonen" => {
            "EXISTS (SELECT 1 FROM place_annotations WHERE id = c.target::bigint AND NOT published)"
        }
        "/wijkteam/drempel" => {
            "EXISTS (SELECT 1 FROM wijk_visit_settings
                     WHERE wijk_code = 'WK059901' AND threshold_months = 7)"
        }
        "/wijkteam/bezoeken" => "EXISTS (SELECT 1 FROM visits WHERE place_id = c.place)",
        "/wijkteam/bezoeken/{id}/opvolging-klaar" => {
            "EXISTS (SELECT 1 FROM visits WHERE id = c.target::uuid AND followup_done_at IS NOT NULL)"
        }
        "/wijkteam/bezoeken/{id}/bewerken" => {
            "EXISTS (SELECT 1 FROM visits WHERE id = c.target::uuid AND notes = 'Gecorrigeerd')"
        }
        "/wijkteam/bezoeken/{id}/verwijderen" => {
            "NOT EXISTS (SELECT 1 FROM visits WHERE id = c.target::uuid)"
        }
        "/beheer/import" => {
            "EXISTS (SELECT 1 FROM import_uploads WHERE owner_id = c.actor AND file_name = c.name)"
        }
        "/beheer/import/{id}/mapping" => {
            "EXISTS (SELECT 1 FROM import_uploads WHERE id = c.target::uuid AND mapping IS NOT NULL)"
        }
        "/beheer/import/{id}/mapping/bewaren" => {
            "EXISTS (SELECT 1 FROM import_mappings WHERE name = c.name)"
        }
        "/beheer/import/{id}/importeren" => "EXISTS (SELECT 1 FROM places WHERE name = c.name)",
        "/beheer/gebruikers/{id}" => {
            "EXISTS (SELECT 1 FROM users u JOIN user_wijken w ON w.user_id = u.id
                     WHERE u.id = c.target::uuid AND u.role = 'wijkteam' AND w.wijk_code = 'WK059902')"
        }
        "/beheer/gebruikers/{id}/blokkeren" => {
            "EXISTS (SELECT 1 FROM users WHERE id = c.target::uuid AND blocked_at IS NOT NULL)"
        }
        "/beheer/gebruikers/{id}/deblokkeren" => {
            "EXISTS (SELECT 1 FROM users WHERE id = c.target::uuid AND blocked_at IS NULL)"
        }
        "/beheer/gebruikers/{id}/verwijderen" => {
            "EXISTS (SELECT 1 FROM users WHERE id = c.target::uuid AND removed_at IS NOT NULL)"
        }
        "/account/e-mail" => {
            "EXISTS (SELECT 1 FROM account_tokens WHERE user_id = c.actor AND purpose = 'e-mail'
                     AND new_email = c.name)
             AND EXISTS (SELECT 1 FROM mail_outbox WHERE kind = 'change_email'
                     AND recipient = c.name)"
        }
        "/account/verwijderen" => {
            "EXISTS (SELECT 1 FROM users WHERE id = c.actor AND removed_at IS NOT NULL)"
        }
        "/account/wachtwoord" => {
            "EXISTS (SELECT 1 FROM audit_log WHERE id > c.mark
                     AND action = 'auth.password_changed' AND subject = 'user:' || c.actor)"
        }
        "/account/bevestigen" => {
            "EXISTS (SELECT 1 FROM account_tokens WHERE user_id = c.actor AND purpose = 'bevestigen')"
        }
        "/account/meldingen" => {
            "EXISTS (SELECT 1 FROM notification_settings WHERE user_id = c.actor
                     AND kind = 'decision' AND delivery = 'never')"
        }
        "/wachtwoord-vergeten" => {
            "EXISTS (SELECT 1 FROM account_tokens WHERE user_id = c.target::uuid
                     AND purpose = 'wachtwoord')
             AND EXISTS (SELECT 1 FROM mail_outbox WHERE kind = 'password_reset'
                     AND recipient = (SELECT email FROM users WHERE id = c.target::uuid))"
        }
        "/wachtwoord-herstellen/{token}" => {
            "EXISTS (SELECT 1 FROM audit_log WHERE id > c.mark
                     AND action = 'auth.password_reset' AND subject = 'user:' || c.target)"
        }
        "/registreren" => "EXISTS (SELECT 1 FROM users WHERE email = c.name)",
        "/inloggen" => {
            "EXISTS (SELECT 1 FROM audit_log WHERE id > c.mark
                     AND action = 'auth.login' AND actor_id = c.actor)"
        }
        "/uitloggen" => {
            let r = client.app.get("/account").await;
            let to = r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("");
            return r.status() == 303 && to.starts_with("/inloggen");
        }
        other => panic!("no effect for {other}"),
    };
    let sql = format!(
        "SELECT {condition} FROM (SELECT $1::uuid AS place, $2::text AS target,
                $3::text AS name, $4::uuid AS actor, $5::bigint AS mark) c"
    );
    sqlx::query_scalar(&sql)
        .bind(cell.place)
        .bind(&cell.target)
        .bind(&cell.name)
        .bind(cell.actor)
        .bind(cell.mark)
        .fetch_one(db)
        .await
        .unwrap_or_else(|e| panic!("effect of {route}: {e}"))
}

/// Routes whose forms are multipart (they carry a file).
const MULTIPART: &[&str] = &["/beheer/import", "/beheer/import/{id}/mapping"];

/// Sends the cell's form with the client's CSRF token, as its page would.
async fn send(client: &Client, route: &str, c: &Cell) -> reqwest::Response {
    if !MULTIPART.contains(&route) {
        let pairs: Vec<(&str, &str)> =
            c.body.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        return client.app.post_form(&c.path, &pairs).await;
    }
    use crate::import_upload::{file, post_multipart, text};
    let mut parts: Vec<crate::import_upload::Part> = Vec::new();
    for (k, v) in &c.body {
        let key: &'static str = match k.as_str() {
            "bron" => "bron",
            "kolom.naam" => "kolom.naam",
            other => panic!("no multipart name for {other}"),
        };
        parts.push(text(key, v));
    }
    if route == "/beheer/import" {
        let csv = b"naam,type,categorie,initiatiefnemer,lon,lat\nA,huiskamer,huiskamer,bewoners,4.02,51.95\n";
        parts.push(file("bestand", &c.name, csv.to_vec()));
    }
    post_multipart(&client.app, &c.path, parts, true).await
}

fn outcome(r: &reqwest::Response) -> Result<Outcome, u16> {
    let status = r.status().as_u16();
    let location = r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default();
    match status {
        303 | 302 if location.starts_with("/inloggen") => Ok(L),
        403 => Ok(F),
        404 => Ok(N),
        s if s < 400 => Ok(Y),
        s => Err(s),
    }
}

/// The POST routes in the route table, so a new one without a row fails.
pub fn post_routes() -> Vec<String> {
    let src =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/web/mod.rs")).unwrap();
    // One `.route(…)` call may span several lines once rustfmt breaks it.
    let flat: String = src.split_whitespace().collect::<Vec<_>>().join(" ");
    flat.split(".route(")
        .skip(1)
        .map(|call| call.split(".route(").next().unwrap_or_default())
        .filter(|call| call.contains("post("))
        .filter_map(|call| call.split('"').nth(1).map(str::to_owned))
        .collect()
}

#[test]
fn the_matrix_covers_every_post_route_in_the_route_table() {
    let mut table: Vec<String> = MATRIX.iter().map(|(r, _)| r.to_string()).collect();
    let mut routes = post_routes();
    table.sort();
    routes.sort();
    assert_eq!(table, routes);
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn every_state_changing_route_gives_exactly_the_expected_outcome_for_every_standing(
    db: PgPool,
) {
    rotterdam(&db).await;
    let clients = clients(&db).await;
    let mut n = 0;
    let mut wrong = Vec::new();
    for (route, expected) in MATRIX {
        for (col, client) in clients.iter().enumerate() {
            n += 1;
            let c = cell(&db, route, client, n).await;
            let before = effect(&db, route, &c, client).await;
            let r = send(client, route, &c).await;
            let got = outcome(&r);
            let after = effect(&db, route, &c, client).await;
            let who = STANDINGS[col];
            if got != Ok(expected[col]) {
                wrong.push(format!("{route} as {who}: expected {:?}, got {got:?}", expected[col]));
            }
            if before {
                wrong.push(format!("{route} as {who}: the change was there before the request"));
            } else if after != (expected[col] == Y) {
                let what = if after { "stored the change" } else { "stored nothing" };
                wrong.push(format!("{route} as {who}: the request {what}"));
            }
        }
    }
    assert!(wrong.is_empty(), "cells with another outcome:\n  {}", wrong.join("\n  "));
}

#[sqlx::test(migrator = "haarvaten::db::MIGRATOR")]
async fn a_post_without_a_valid_csrf_token_is_refused_on_every_route(db: PgPool) {
    rotterdam(&db).await;
    let clients = clients(&db).await;
    let admin = clients.last().unwrap();
    for (i, (route, _)) in MATRIX.iter().enumerate() {
        let c = cell(&db, route, admin, 1000 + i).await;
        let mut pairs: Vec<(&str, &str)> =
            c.body.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let r = admin.app.post_form_raw(&c.path, &pairs).await;
        assert_eq!(r.status(), 403, "{route} without a token");
        pairs.push(("csrf_token", "0000"));
        let r = admin.app.post_form_raw(&c.path, &pairs).await;
        assert_eq!(r.status(), 403, "{route} with a wrong token");
        assert!(!effect(&db, route, &c, admin).await, "{route}: nothing is stored");
    }
    // Nothing was changed by the refused requests.
    let proposals: i64 =
        sqlx::query_scalar("SELECT count(*) FROM place_proposals WHERE status <> 'open'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(proposals, 0);
    let revisions: i64 =
        sqlx::query_scalar("SELECT count(*) FROM place_revisions WHERE kind <> 'create'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(revisions, 0);
    let hidden: i64 = sqlx::query_scalar("SELECT count(*) FROM places WHERE hidden")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(hidden, 1, "only the fixture of the unhide row");
}
