//! The Rotterdam demo data set: TIR gebieden and buurten, CBS population
//! and one place per name of the Wmo-werkplaats rondvraag (2015), all
//! compiled into the binary (see `data/README.md`). Loading it again only
//! refreshes areas and figures; existing demo places are left alone.

use std::fmt;

use anyhow::Context;
use chrono::{Duration, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::{areas, population};
use crate::db::{areas as db_areas, places as db_places};
use crate::domain::place::{
    Initiator, PlaceFields, PlaceName, PlaceStatus, PlaceType, Precision, TargetGroup,
};

static GEBIEDEN: &[u8] = include_bytes!("../../data/rotterdam/gebieden-rd.geojson");
static BUURTEN: &[u8] = include_bytes!("../../data/rotterdam/buurten-rd.geojson");
static KERNCIJFERS: &[u8] = include_bytes!("../../data/rotterdam/kerncijfers-buurten-2017.csv");
static RONDVRAAG: &str = include_str!("../../data/rotterdam/ontmoetingsplekken-rondvraag-2015.csv");

const GEMEENTE: &str = "GM0599";
/// Public pages recognise demo places by this prefix of `source`.
pub const SOURCE_PREFIX: &str = crate::domain::place::DEMO_SOURCE_PREFIX;

/// Varied, valid OSM opening hours for demo places.
const HOURS: &[&str] = &[
    "Mo-Fr 09:00-17:00",
    "Tu,Th 10:00-16:00",
    "Mo,We,Fr 09:30-12:30",
    "Mo-Th 13:00-17:00; Sa 10:00-14:00",
    "We 14:00-17:00; Su 12:00-16:00",
    "Mo-Fr 10:00-15:00; Sa 10:00-13:00",
    "Tu-Sa 10:00-17:00",
    "Th 19:00-22:00; Su 10:00-12:30",
];
const CHURCH_HOURS: &[&str] =
    &["Su 10:00-12:30; We 10:00-12:00", "Tu,Th 10:00-12:00; Su 09:30-12:00"];

#[derive(Debug, Clone)]
pub struct DemoReport {
    pub wijken: areas::AreasReport,
    pub buurten: areas::AreasReport,
    pub population: population::PopulationReport,
    pub places_added: usize,
    pub places_kept: usize,
}

impl fmt::Display for DemoReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Rotterdam demo loaded.")?;
        writeln!(f, "gebieden (wijken): {}", self.wijken)?;
        writeln!(f, "buurten: {}", self.buurten)?;
        writeln!(f, "{}", self.population)?;
        write!(
            f,
            "places: {} added, {} already there (demo locations are approximate)",
            self.places_added, self.places_kept
        )
    }
}

pub async fn load(db: &PgPool) -> anyhow::Result<String> {
    let mut tx = db.begin().await?;
    let report = load_into(&mut tx).await?;
    tx.commit().await?;
    Ok(report.to_string())
}

/// Loads everything inside the caller's transaction.
pub async fn load_into(conn: &mut PgConnection) -> anyhow::Result<DemoReport> {
    // Rotterdam's own wijken (gebieden) and buurten.
    let opts =
        areas::AreasOptions { bron: Some("Gemeente Rotterdam".into()), ..Default::default() };
    let wijken = areas::import(conn, GEBIEDEN, &opts).await.context("gebieden")?;
    let buurten = areas::import(conn, BUURTEN, &opts).await.context("buurten")?;
    let population = population::import(conn, KERNCIJFERS).await.context("kerncijfers")?;

    let mut report = DemoReport { wijken, buurten, population, places_added: 0, places_kept: 0 };
    let namespace = Uuid::new_v5(&Uuid::NAMESPACE_URL, b"https://haarvaten.nl/demo/rotterdam");
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(RONDVRAAG.as_bytes());
    for (i, record) in reader.records().enumerate() {
        let row = RondvraagRow::from_record(&record.context("rondvraag CSV")?);
        let id = Uuid::new_v5(&namespace, row.naam.trim().as_bytes());
        if db_places::get(&mut *conn, id).await?.is_some() {
            report.places_kept += 1;
            continue;
        }
        let seed = seed_of(id);
        let buurt = pick_buurt(conn, &row.gebied_of_buurt, seed).await?;
        let point = db_areas::point_inside(&mut *conn, &buurt, seed as i32)
            .await?
            .with_context(|| format!("no point inside {buurt}"))?;
        let fields = place_fields(&row, i, seed, point)?;
        let areas = db_places::resolve_areas(&mut *conn, &fields)
            .await?
            .map_err(|problem| anyhow::anyhow!("demo place {:?}: {}", row.naam, problem.key()))?;
        let inserted = db_places::insert(&mut *conn, id, &fields, &areas)
            .await
            .with_context(|| format!("demo place {:?}", row.naam))?;
        // Checked above; another process may have added it meanwhile.
        if inserted {
            db_places::mark_imported(&mut *conn, id).await?;
            report.places_added += 1;
        } else {
            report.places_kept += 1;
        }
    }
    Ok(report)
}

#[derive(Debug)]
struct RondvraagRow {
    naam: String,
    gebied_of_buurt: String,
    status: String,
    bron: String,
}

impl RondvraagRow {
    /// The file is kept as published: a source note may hold an unquoted
    /// comma, so every field after the third belongs to `bron`.
    fn from_record(r: &csv::StringRecord) -> Self {
        let field = |i: usize| r.get(i).unwrap_or("").trim().to_owned();
        let bron = r.iter().skip(3).collect::<Vec<_>>().join(",");
        Self {
            naam: field(0),
            gebied_of_buurt: field(1),
            status: field(2),
            bron: bron.trim().into(),
        }
    }
}

/// A stable, positive number from the id (seeds PostGIS and the choices).
fn seed_of(id: Uuid) -> u32 {
    let b = id.as_bytes();
    (u32::from_be_bytes([b[0], b[1], b[2], b[3]]) & 0x7fff_ffff).max(1)
}

/// The buurt a demo place goes in: the named buurt, a populated buurt of the
/// named gebied, or any populated Rotterdam buurt.
async fn pick_buurt(conn: &mut PgConnection, named: &str, seed: u32) -> anyhow::Result<String> {
    let named = named.trim();
    let area = if named.eq_ignore_ascii_case("Rotterdam-Zuid") {
        let gebied = ["Feijenoord", "Charlois"][(seed % 2) as usize];
        db_areas::find_by_name(&mut *conn, GEMEENTE, gebied).await?
    } else if named.is_empty() {
        None
    } else {
        db_areas::find_by_name(&mut *conn, GEMEENTE, named).await?
    };
    let parent = match area {
        Some((code, level)) if level == "buurt" => return Ok(code),
        Some((code, _)) => code,
        None => GEMEENTE.to_owned(),
    };
    let mut buurten = db_areas::populated_buurten(&mut *conn, &parent).await?;
    if buurten.is_empty() {
        buurten = db_areas::populated_buurten(&mut *conn, GEMEENTE).await?;
    }
    anyhow::ensure!(!buurten.is_empty(), "no populated buurten in {parent}");
    Ok(buurten.swap_remove(seed as usize % buurten.len()))
}

struct Kind {
    place_type: PlaceType,
    category: &'static str,
    initiator: Initiator,
    groups: Vec<TargetGroup>,
    church: bool,
}

/// A plausible type for a name. Only the name is known, so this is a guess
/// for the demo, and the description says so.
fn classify(name: &str, seed: u32) -> Kind {
    use Initiator as I;
    use PlaceType as T;
    use TargetGroup as G;
    let n = name.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
    let kind = |place_type, category, initiator, groups: &[G]| Kind {
        place_type,
        category,
        initiator,
        groups: groups.to_vec(),
        church: false,
    };
    if has(&["tuin"]) {
        kind(T::Zelfbeheer, "wijktuin", I::Bewoners, &[G::Iedereen])
    } else if has(&["leeszaal", "bibliotheek"]) {
        kind(T::Zelfbeheer, "bibliotheek", I::Bewoners, &[G::Iedereen])
    } else if has(&["kringloop"]) {
        kind(T::Zelfbeheer, "kringloop", I::Stichting, &[G::Iedereen])
    } else if has(&["huiskamer"]) {
        kind(T::Huiskamer, "huiskamer", I::Bewoners, &[G::Iedereen, G::Ouderen])
    } else if has(&["kerk", "pastoraat", "klooster", "tiberias", "christ", "hope", "open hof"]) {
        let groups: &[G] = if has(&["youth"]) { &[G::Jongeren] } else { &[G::Iedereen] };
        Kind { church: true, ..kind(T::Huiskamer, "kerk", I::ReligieuzeInstelling, groups) }
    } else if has(&["wijkservicepunt"]) {
        kind(T::HuisVanDeWijk, "buurthuis", I::Gemeente, &[G::Iedereen])
    } else if has(&["wijkgebouw", "ontmoetingscentrum", "dienstencentrum", "huis van de wijk"]) {
        kind(T::HuisVanDeWijk, "buurthuis", I::Welzijnsorganisatie, &[G::Iedereen, G::Ouderen])
    } else if has(&["inloophuis"]) {
        kind(T::Huiskamer, "inloophuis", I::Stichting, &[G::Iedereen])
    } else if has(&["humanitas"]) {
        kind(T::Huiskamer, "huiskamer", I::Welzijnsorganisatie, &[G::Ouderen])
    } else if has(&["aktiegroep", "actiegroep", "bewoners", "beheer"]) {
        kind(T::Zelfbeheer, "buurthuis", I::Bewoners, &[G::Iedereen])
    } else if has(&["stichting"]) {
        kind(T::Zelfbeheer, "buurthuis", I::Stichting, &[G::Iedereen])
    } else {
        // Resident-run by default; every third one a living room instead.
        let mut k = if seed % 3 == 2 {
            kind(T::Huiskamer, "huiskamer", I::Bewoners, &[G::Iedereen])
        } else {
            kind(T::Zelfbeheer, "buurthuis", I::Bewoners, &[G::Iedereen])
        };
        let extra =
            [G::Gezinnen, G::Nieuwkomers, G::Mantelzorgers, G::Jongeren, G::MensenMetBeperking]
                [(seed / 3) as usize % 5];
        if seed.is_multiple_of(2) {
            k.groups.push(extra);
        }
        k
    }
}

/// "Sociaal Bestek 2016 (wijktuin, 'weg')" → ("Sociaal Bestek 2016", Some("wijktuin, 'weg'")).
fn split_source(bron: &str) -> (&str, Option<&str>) {
    match bron.split_once(" (") {
        Some((title, rest)) => (title.trim(), Some(rest.trim_end_matches(')').trim())),
        None => (bron.trim(), None),
    }
}

/// Only what the source says, plus the plain statement that the rest is an
/// example.
fn description(bron: &str) -> String {
    let mut text = if bron.starts_with("Wmo-werkplaats") {
        let mut t = "Naam uit de rondvraag van de Wmo-werkplaats Rotterdam (2015).".to_owned();
        if bron.contains("Sociaal Bestek 2016") {
            t.push_str(" Ook genoemd in Sociaal Bestek (2016).");
        }
        t
    } else {
        match split_source(bron) {
            (title, Some(note)) => format!("Genoemd in {title}: {note}."),
            (title, None) => format!("Genoemd in {title}."),
        }
    };
    text.push_str(" Soort, openingstijden en plek op de kaart zijn voorbeelden voor deze demo.");
    text
}

fn place_fields(
    row: &RondvraagRow,
    index: usize,
    seed: u32,
    point: (f64, f64),
) -> anyhow::Result<PlaceFields> {
    let kind = classify(&row.naam, seed);
    let closed = row.status.trim() == "opgeheven";
    let hours = if closed {
        String::new()
    } else if kind.church {
        CHURCH_HOURS[seed as usize % CHURCH_HOURS.len()].to_owned()
    } else {
        HOURS[seed as usize % HOURS.len()].to_owned()
    };
    let today = Utc::now().date_naive();
    // Some recently checked, some long ago, some never: the public pages
    // show a note on places not verified for 12 months.
    let last_verified = match index % 3 {
        0 => Some(today - Duration::days(7 + index as i64)),
        1 => None,
        _ => NaiveDate::from_ymd_opt(2016, 3, 1),
    };
    let (title, note) = split_source(&row.bron);
    Ok(PlaceFields {
        name: PlaceName::parse(&row.naam)
            .map_err(|k| anyhow::anyhow!("demo name {:?}: {k}", row.naam))?,
        place_type: kind.place_type,
        category: kind.category.to_owned(),
        description: description(row.bron.trim()),
        address: String::new(),
        postcode: String::new(),
        point: Some(point),
        precision: Precision::Buurt,
        manual_area: None,
        initiator: kind.initiator,
        target_groups: kind.groups,
        opening_hours: hours,
        ground_floor: None,
        wheelchair: None,
        street_visible: None,
        no_reception: None,
        phone: String::new(),
        email: String::new(),
        website: String::new(),
        founded_year: None,
        status: if closed { PlaceStatus::Opgeheven } else { PlaceStatus::Actief },
        closed_on: if closed { NaiveDate::from_ymd_opt(2016, 1, 1) } else { None },
        closing_reason: match (closed, note) {
            (true, Some(note)) => format!("{note} ({title})"),
            (true, None) => title.to_owned(),
            (false, _) => String::new(),
        },
        last_verified,
        source: format!("{SOURCE_PREFIX}{}", row.bron.trim()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::opening_hours::OpeningHours;

    #[test]
    fn demo_opening_hours_are_valid() {
        for h in HOURS.iter().chain(CHURCH_HOURS) {
            assert!(OpeningHours::parse(h).unwrap().is_some(), "{h}");
        }
    }

    #[test]
    fn names_get_plausible_kinds() {
        let k = classify("Huiskamer Slaghekbuurt", 1);
        assert_eq!((k.place_type, k.category), (PlaceType::Huiskamer, "huiskamer"));
        let k = classify("Wijkpastoraat Oude Noorden", 1);
        assert_eq!(k.initiator, Initiator::ReligieuzeInstelling);
        assert_eq!(k.place_type, PlaceType::Huiskamer);
        let k = classify("Ontmoetingscentrum Prinsenhof", 1);
        assert_eq!(k.place_type, PlaceType::HuisVanDeWijk);
        assert_eq!(classify("Carnissetuin", 1).category, "wijktuin");
    }

    #[test]
    fn descriptions_stick_to_the_source() {
        assert_eq!(
            split_source("Sociaal Bestek 2016 (wijktuin, 'onlangs helaas verdwenen')"),
            ("Sociaal Bestek 2016", Some("wijktuin, 'onlangs helaas verdwenen'"))
        );
        assert!(
            description("Wmo-werkplaats Rotterdam rondvraag 2015")
                .starts_with("Naam uit de rondvraag van de Wmo-werkplaats Rotterdam (2015).")
        );
    }
}
