//! HSDS schedules from an OSM `opening_hours` string: one weekly schedule
//! per distinct opening period, evaluated over the current week.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde_json::{Value, json};
use uuid::Uuid;

use super::part_id;
use crate::domain::opening_hours::OpeningHours;

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
/// part of the mapping, so [`Periods`] caches the result per distinct text.
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

pub(super) fn schedules_from(raw: &str, periods: &WeekPeriods, service_id: Uuid) -> Vec<Value> {
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

/// The week periods of every opening-hours text met, for one document or
/// response. Thousands of places share a handful of texts; the cap keeps
/// memory flat when every text is different.
pub struct Periods {
    monday: NaiveDate,
    cache: HashMap<String, WeekPeriods>,
}

impl Periods {
    const CAP: usize = 10_000;

    /// Periods of this week (in the Netherlands).
    pub fn this_week() -> Self {
        Self { monday: week_start(OpeningHours::today()), cache: HashMap::new() }
    }

    pub fn of(&mut self, raw: &str) -> &WeekPeriods {
        let raw = raw.trim();
        if !self.cache.contains_key(raw) {
            if self.cache.len() >= Self::CAP {
                self.cache.clear();
            }
            self.cache.insert(raw.to_owned(), week_periods(raw, self.monday));
        }
        &self.cache[raw]
    }
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
}
