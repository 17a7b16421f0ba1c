//! OSM `opening_hours`: validation, "open now" and a readable week, all
//! evaluated by the `opening-hours` crate in Dutch local time.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use opening_hours_syntax::rules::RuleKind;

use crate::i18n::Lang;

#[derive(Debug, Clone)]
pub struct OpeningHours {
    raw: String,
    parsed: opening_hours::OpeningHours,
}

/// Open or closed at a moment, and when that next changes within the
/// coming week (`None`: not within a week, or never).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenState {
    pub open: bool,
    pub next_change: Option<NaiveDateTime>,
}

/// How far ahead [`OpeningHours::state_at`] looks for the next change.
const LOOKAHEAD_DAYS: i64 = 8;

/// One day of the coming week with its open periods ("09:00–12:00").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayHours {
    pub date: NaiveDate,
    pub periods: Vec<String>,
}

impl OpeningHours {
    pub const MAX_LEN: usize = 500;

    /// Empty input means "not known", which is fine; anything else must be
    /// valid OSM syntax. The error is a translation key.
    pub fn parse(input: &str) -> Result<Option<Self>, &'static str> {
        let raw = input.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        if raw.len() > Self::MAX_LEN {
            return Err("error-too-long");
        }
        let parsed: opening_hours::OpeningHours = raw.parse().map_err(|_| "error-opening-hours")?;
        Ok(Some(Self { raw: raw.to_owned(), parsed }))
    }

    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The current wall-clock time in the Netherlands.
    pub fn now_local() -> NaiveDateTime {
        Utc::now().with_timezone(&chrono_tz::Europe::Amsterdam).naive_local()
    }

    /// Today in the Netherlands: the date every "today" of the product is
    /// (a check, a closing, "24 months ago"). The UTC date is yesterday's
    /// for the first one or two hours of a Dutch day.
    pub fn today() -> NaiveDate {
        Self::now_local().date()
    }

    pub fn is_open_at(&self, at: NaiveDateTime) -> bool {
        self.parsed.is_open(at)
    }

    /// Open or not at `at`, and when that changes within the coming week.
    /// The search is bounded, so rules that never change again (or only in
    /// months) cost no more than a week of intervals.
    pub fn state_at(&self, at: NaiveDateTime) -> OpenState {
        let open = self.is_open_at(at);
        let limit = at + Duration::days(LOOKAHEAD_DAYS);
        // Intervals of one kind come merged; "unknown" counts as not open,
        // as `is_open_at` does.
        let next_change = self
            .parsed
            .iter_range(at, limit)
            .find(|r| (r.kind == RuleKind::Open) != open)
            .map(|r| r.range.start)
            .filter(|t| *t < limit);
        OpenState { open, next_change }
    }

    /// The open periods of the seven days starting at `from`.
    pub fn week(&self, from: NaiveDate) -> Vec<DayHours> {
        (0..7)
            .map(|offset| {
                let date = from + Duration::days(offset);
                let start = date.and_time(NaiveTime::MIN);
                let end = start + Duration::days(1);
                let periods = self
                    .parsed
                    .iter_range(start, end)
                    .filter(|r| r.kind == RuleKind::Open)
                    .map(|r| {
                        let to = if r.range.end >= end {
                            "24:00".to_owned()
                        } else {
                            r.range.end.format("%H:%M").to_string()
                        };
                        format!("{}–{}", r.range.start.format("%H:%M"), to)
                    })
                    .collect();
                DayHours { date, periods }
            })
            .collect()
    }
}

impl DayHours {
    /// "maandag" / "Monday".
    pub fn weekday(&self, lang: Lang) -> String {
        self.date.format_localized("%A", lang.chrono_locale()).to_string()
    }

    pub fn is_weekday(&self, day: chrono::Weekday) -> bool {
        self.date.weekday() == day
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn validates_syntax() {
        assert!(OpeningHours::parse("").unwrap().is_none());
        assert!(OpeningHours::parse("Mo-Fr 09:00-17:00").unwrap().is_some());
        assert_eq!(OpeningHours::parse("maandag tot vrijdag").unwrap_err(), "error-opening-hours");
    }

    #[test]
    fn open_now_and_week() {
        let oh = OpeningHours::parse("Mo,We 10:00-12:00,13:00-16:00").unwrap().unwrap();
        // 2025-02-03 is a Monday.
        assert!(oh.is_open_at(at("2025-02-03 10:30")));
        assert!(!oh.is_open_at(at("2025-02-03 12:30")));
        assert!(!oh.is_open_at(at("2025-02-04 10:30")));
        let week = oh.week(NaiveDate::from_ymd_opt(2025, 2, 3).unwrap());
        assert_eq!(week[0].periods, vec!["10:00–12:00", "13:00–16:00"]);
        assert!(week[1].periods.is_empty());
        assert_eq!(week[0].weekday(Lang::Nl), "maandag");
    }

    #[test]
    fn state_says_when_it_changes() {
        let oh = OpeningHours::parse("Mo,We 10:00-12:00,13:00-16:00").unwrap().unwrap();
        let s = oh.state_at(at("2025-02-03 10:30"));
        assert_eq!(s, OpenState { open: true, next_change: Some(at("2025-02-03 12:00")) });
        let s = oh.state_at(at("2025-02-03 12:30"));
        assert_eq!(s, OpenState { open: false, next_change: Some(at("2025-02-03 13:00")) });
        // Monday evening: closed until Wednesday morning.
        let s = oh.state_at(at("2025-02-03 17:00"));
        assert_eq!(s, OpenState { open: false, next_change: Some(at("2025-02-05 10:00")) });
        let always = OpeningHours::parse("24/7").unwrap().unwrap();
        let s = always.state_at(at("2025-02-03 10:30"));
        assert_eq!(s, OpenState { open: true, next_change: None });
    }
}
