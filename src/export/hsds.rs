//! Open Referral HSDS 3.0 export, shaped like the HSDS API's paged
//! `/organizations?full_service=true` answer, so sociale-kaart systems can
//! take it in. Each place becomes one organization (the initiative) with
//! one service (meeting), one location and its schedules. Derived ids are
//! UUID v5 of the place id, so they stay the same between exports.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use futures_util::stream::{self, BoxStream, StreamExt};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{ByteStream, CHUNK_ROWS, io_error, round6};
use crate::db::overview::ExportPlace;
use crate::domain::opening_hours::OpeningHours;
use crate::domain::place::PlaceStatus;
use crate::error::AppResult;

/// The id of a part of a place's HSDS record (`service`, `location`, ...).
pub fn part_id(place: Uuid, part: &str) -> Uuid {
    Uuid::new_v5(&place, part.as_bytes())
}

/// The namespace of the type taxonomy terms.
const TAXONOMY: &str = "haarvaten-plektype";

/// HSDS's service status for ours.
fn service_status(status: PlaceStatus) -> &'static str {
    match status {
        PlaceStatus::Actief => "active",
        PlaceStatus::TijdelijkGesloten => "temporarily closed",
        PlaceStatus::Opgeheven => "defunct",
    }
}

/// An HSDS `uri`: people type `www.example.nl`; a scheme makes it one.
/// Anything that still is not a plain web address is left out.
pub fn web_uri(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let with_scheme = if s.starts_with("http://") || s.starts_with("https://") {
        s.to_owned()
    } else {
        format!("https://{s}")
    };
    let host = with_scheme.split("://").nth(1)?.split(['/', '?', '#']).next()?;
    (host.contains('.') && !host.starts_with('.')).then_some(with_scheme)
}

fn email(s: &str) -> Option<String> {
    crate::domain::user::Email::parse(s).ok().map(|e| e.to_string())
}

fn weekday_code(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// Distinct opening periods (opens, closes) with the days they apply to.
pub type WeekPeriods = Vec<((String, String), Vec<&'static str>)>;

/// The opening periods of an OSM `opening_hours` string over the week
/// starting `monday`, grouped by period. Evaluating a string is the costly
/// part of this export, so [`stream`] caches the result per distinct text.
pub fn week_periods(raw: &str, monday: NaiveDate) -> WeekPeriods {
    let mut periods: WeekPeriods = Vec::new();
    if let Ok(Some(oh)) = OpeningHours::parse(raw) {
        for day in oh.week(monday) {
            for period in &day.periods {
                let Some((from, to)) = period.split_once('–') else { continue };
                let to = if to == "24:00" { "23:59:59".to_owned() } else { format!("{to}:00") };
                let key = (format!("{from}:00"), to);
                let code = weekday_code(day.date.weekday());
                match periods.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, days)) if !days.contains(&code) => days.push(code),
                    Some(_) => {}
                    None => periods.push((key, vec![code])),
                }
            }
        }
    }
    periods
}

/// Weekly HSDS schedules from an OSM `opening_hours` string: one schedule
/// per distinct opening period, with the days it applies to (`byday`),
/// evaluated over the week starting `monday`. The raw string goes into
/// every schedule's description, and a string that yields no weekly
/// period (`"off"`, rules for odd weeks) still gets one schedule holding it.
pub fn schedules(raw: &str, service_id: Uuid, monday: NaiveDate) -> Vec<Value> {
    schedules_from(raw, &week_periods(raw.trim(), monday), service_id)
}

fn schedules_from(raw: &str, periods: &WeekPeriods, service_id: Uuid) -> Vec<Value> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Vec::new();
    }
    if periods.is_empty() {
        return vec![json!({
            "id": part_id(service_id, "schedule"),
            "service_id": service_id,
            "description": raw,
            "notes": "OSM opening_hours",
        })];
    }
    periods
        .iter()
        .map(|((opens, closes), days)| {
            let byday = days.join(",");
            json!({
                "id": part_id(service_id, &format!("schedule {byday} {opens}")),
                "service_id": service_id,
                "freq": "WEEKLY",
                "interval": 1,
                "wkst": "MO",
                "byday": byday,
                "opens_at": opens,
                "closes_at": closes,
                "description": raw,
                "notes": "OSM opening_hours",
            })
        })
        .collect()
}

/// The Monday of the week `today` is in: schedules describe this week.
pub fn week_start(today: NaiveDate) -> NaiveDate {
    today - Duration::days(today.weekday().num_days_from_monday() as i64)
}

/// One place as an HSDS organization with its service, location and
/// schedules. Only fields the row already holds are used, so the privacy
/// rules of the export query carry over.
/// `protected`: the export holds exact points (gemeente role), so no
/// point is approximate.
pub fn organization(p: &ExportPlace, periods: &WeekPeriods, protected: bool) -> Value {
    let service_id = part_id(p.id, "service");
    let location_id = part_id(p.id, "location");
    let description =
        if p.description.trim().is_empty() { p.name.as_str() } else { &p.description };

    let mut location = json!({
        "id": location_id,
        "location_type": "physical",
        "organization_id": p.id,
        "name": p.name,
        "external_identifier": p.buurt_code.as_deref().unwrap_or(&p.wijk_code),
        "external_identifier_type":
            if p.buurt_code.is_some() { "CBS buurtcode" } else { "CBS wijkcode" },
    });
    let area = match &p.buurt_name {
        Some(b) => format!("{b}, {}, {}", p.wijk_name, p.gemeente_name),
        None => format!("{}, {}", p.wijk_name, p.gemeente_name),
    };
    // A public export has the buurt's point for straat and buurt places,
    // also when it shows the street.
    let approx = !protected && !p.precision.is_public();
    location["description"] = Value::String(if approx {
        format!("Locatie bij benadering (midden van de buurt): {area}")
    } else {
        area
    });
    if let (Some(lon), Some(lat)) = (p.lon, p.lat) {
        location["longitude"] = json!(round6(lon));
        location["latitude"] = json!(round6(lat));
    }
    if !p.address.trim().is_empty() {
        location["addresses"] = json!([{
            "id": part_id(p.id, "address"),
            "location_id": location_id,
            "address_1": p.address,
            "city": p.gemeente_name,
            "state_province": "",
            "postal_code": p.postcode,
            "country": "NL",
            "address_type": "physical",
        }]);
    }
    let mut access = Vec::new();
    for (flag, yes, no, part) in [
        (p.wheelchair, "Rolstoeltoegankelijk", "Niet rolstoeltoegankelijk", "wheelchair"),
        (p.ground_floor, "Op de begane grond", "Niet op de begane grond", "ground floor"),
    ] {
        if let Some(b) = flag {
            access.push(json!({
                "id": part_id(p.id, part),
                "location_id": location_id,
                "description": if b { yes } else { no },
            }));
        }
    }
    if !access.is_empty() {
        location["accessibility"] = Value::Array(access);
    }

    let term_id = Uuid::new_v5(
        &Uuid::NAMESPACE_URL,
        format!("{TAXONOMY}:{}", p.place_type.slug()).as_bytes(),
    );
    let mut service = json!({
        "id": service_id,
        "organization_id": p.id,
        "name": p.name,
        "description": description,
        "status": service_status(p.status),
        "schedules": schedules_from(&p.opening_hours, periods, service_id),
        "service_at_locations": [{
            "id": part_id(p.id, "service_at_location"),
            "service_id": service_id,
            "location_id": location_id,
        }],
        "attributes": [{
            "id": part_id(p.id, "type"),
            "link_id": service_id,
            "link_type": "service",
            "link_entity": "service",
            "taxonomy_term_id": term_id,
            "value": p.place_type.slug(),
            "taxonomy_term": {
                "id": term_id,
                "code": p.place_type.slug(),
                "name": p.place_type.slug(),
                "description": "Soort ontmoetingsplek (Haarvaten)",
                "taxonomy": TAXONOMY,
            },
        }],
    });
    if !p.closing_reason.is_empty() {
        service["alert"] = Value::String(p.closing_reason.clone());
    }
    if let Some(d) = p.last_verified {
        service["assured_date"] = Value::String(d.to_string());
    }
    service["last_modified"] =
        Value::String(p.updated_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));

    let mut org = json!({
        "id": p.id,
        "name": p.name,
        "description": description,
        "services": [service],
        "locations": [location],
    });
    if let Some(e) = email(&p.email) {
        org["email"] = Value::String(e.clone());
        org["services"][0]["email"] = Value::String(e);
    }
    if let Some(w) = web_uri(&p.website) {
        org["website"] = Value::String(w.clone());
        org["services"][0]["url"] = Value::String(w);
    }
    if let Some(y) = p.founded_year {
        org["year_incorporated"] = json!(y);
    }
    if !p.phone.trim().is_empty() {
        org["phones"] = json!([{
            "id": part_id(p.id, "phone"),
            "organization_id": p.id,
            "number": p.phone.trim(),
        }]);
    }
    org
}

/// The streamed document: the paging fields first (one page holds all),
/// then `contents`, one organization per place.
pub fn stream(
    rows: BoxStream<'static, AppResult<ExportPlace>>,
    total: i64,
    protected: bool,
) -> ByteStream {
    let monday = week_start(crate::domain::opening_hours::OpeningHours::now_local().date());
    let head = format!(
        r#"{{"total_items":{total},"total_pages":1,"page_number":1,"size":{total},"first_page":true,"last_page":true,"empty":{},"contents":["#,
        total == 0
    );
    let mut first = true;
    // Thousands of places share a handful of opening-hours texts. The cap
    // keeps memory flat when every text is different.
    let mut cache: std::collections::HashMap<String, WeekPeriods> = Default::default();
    let body = rows.ready_chunks(CHUNK_ROWS).map(move |chunk| {
        let mut out = Vec::with_capacity(chunk.len() * 2000);
        for row in chunk {
            let row = row.map_err(io_error)?;
            if !first {
                out.push(b',');
            }
            first = false;
            out.push(b'\n');
            let raw = row.opening_hours.trim();
            if !cache.contains_key(raw) {
                if cache.len() >= 10_000 {
                    cache.clear();
                }
                cache.insert(raw.to_owned(), week_periods(raw, monday));
            }
            serde_json::to_writer(&mut out, &organization(&row, &cache[raw], protected))?;
        }
        Ok(out)
    });
    stream::once(async move { Ok(head.into_bytes()) })
        .chain(body)
        .chain(stream::once(async { Ok(b"]}\n".to_vec()) }))
        .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_hours_become_weekly_schedules_per_period() {
        let monday = NaiveDate::from_ymd_opt(2025, 2, 3).unwrap();
        let s = schedules("Mo,We 10:00-12:00; Fr 10:00-12:00,14:00-16:00", Uuid::nil(), monday);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0]["byday"], "MO,WE,FR");
        assert_eq!(s[0]["opens_at"], "10:00:00");
        assert_eq!(s[1]["byday"], "FR");
        assert_eq!(s[1]["closes_at"], "16:00:00");
        let odd = schedules("off", Uuid::nil(), monday);
        assert_eq!(odd.len(), 1);
        assert_eq!(odd[0]["description"], "off");
    }

    #[test]
    fn websites_get_a_scheme() {
        assert_eq!(web_uri("www.buurthuis.nl").as_deref(), Some("https://www.buurthuis.nl"));
        assert_eq!(web_uri("http://x.nl/a").as_deref(), Some("http://x.nl/a"));
        assert_eq!(web_uri("geen site"), None);
        assert_eq!(web_uri("localhost"), None);
    }
}
