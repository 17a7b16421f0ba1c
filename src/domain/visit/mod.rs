//! Wijkteam visits: purposes, and the blind-spot rules that order the
//! dashboard (informal places never visited first, then places not visited
//! for longer than the wijk's threshold, then the rest). The visit form and
//! its parsing into a `NewVisit` live in `form`.

mod form;

pub use form::{
    FieldErrors, MAX_DAYS_BACK, MAX_DURATION, MAX_FOLLOWUP, MAX_NOTES, MAX_PARTNER_LEN,
    MAX_PARTNERS, NewVisit, VisitFormInput, parse_date, parse_threshold,
};

use chrono::{Months, NaiveDate};

use super::place::PlaceType;
use super::slug_enum;

slug_enum!(
    /// Why the team went there.
    Purpose, "visit-purpose", {
        Kennismaken => "kennismaken",
        ContactOnderhouden => "contact_onderhouden",
        ActiviteitBijwonen => "activiteit_bijwonen",
        SignaalOpvolgen => "signaal_opvolgen",
        Anders => "anders",
    }
);

/// Months without a visit after which a place is a blind spot, unless the
/// wijkteam set another value for its wijk.
pub const DEFAULT_THRESHOLD_MONTHS: i32 = 6;
/// The range a wijkteam may choose from.
pub const THRESHOLD_RANGE: std::ops::RangeInclusive<i32> = 1..=36;
/// "Visits in the last 12 months" and coverage look back this far.
pub const YEAR_MONTHS: u32 = 12;

/// How recently a place was visited, relative to the wijk's threshold. Each
/// has a text and a shape, so the map and list never rely on colour alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Recency {
    Never,
    Overdue,
    Recent,
}

impl Recency {
    pub const ALL: [Recency; 3] = [Recency::Never, Recency::Overdue, Recency::Recent];

    pub fn of(last_visit: Option<NaiveDate>, threshold_months: i32, today: NaiveDate) -> Self {
        match last_visit {
            None => Recency::Never,
            Some(d) if d < threshold_date(threshold_months, today) => Recency::Overdue,
            Some(_) => Recency::Recent,
        }
    }

    /// CSS class suffix and `data-recency` value, read by wijkteam-map.js.
    pub fn slug(self) -> &'static str {
        match self {
            Recency::Never => "nooit",
            Recency::Overdue => "lang-geleden",
            Recency::Recent => "recent",
        }
    }

    /// The shape drawn in the list, the legend and on the map.
    pub fn symbol(self) -> &'static str {
        match self {
            Recency::Never => "■",
            Recency::Overdue => "▲",
            Recency::Recent => "●",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Recency::Never => "wijkteam-recency-nooit",
            Recency::Overdue => "wijkteam-recency-lang-geleden",
            Recency::Recent => "wijkteam-recency-recent",
        }
    }
}

/// The last date that still counts as "visited recently enough".
pub fn threshold_date(threshold_months: i32, today: NaiveDate) -> NaiveDate {
    let months = Months::new(threshold_months.clamp(0, 1200) as u32);
    today.checked_sub_months(months).unwrap_or(NaiveDate::MIN)
}

/// Start of the "last 12 months" window (inclusive).
pub fn year_ago(today: NaiveDate) -> NaiveDate {
    today.checked_sub_months(Months::new(YEAR_MONTHS)).unwrap_or(NaiveDate::MIN)
}

/// The dashboard groups, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BlindSpot {
    /// Huiskamer or zelfbeheer, never visited by the team.
    InformalNeverVisited,
    /// Not visited for longer than the threshold (or never, if formal).
    NotVisitedLately,
    Rest,
}

impl BlindSpot {
    pub fn of(place_type: PlaceType, recency: Recency) -> Self {
        let informal = place_type.is_informal();
        match recency {
            Recency::Never if informal => BlindSpot::InformalNeverVisited,
            Recency::Never | Recency::Overdue => BlindSpot::NotVisitedLately,
            Recency::Recent => BlindSpot::Rest,
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            BlindSpot::InformalNeverVisited => "informeel-nooit",
            BlindSpot::NotVisitedLately => "lang-niet",
            BlindSpot::Rest => "rest",
        }
    }
}

/// Dashboard order: group first; within a group the longest unvisited
/// first (never before any date), then by name.
pub fn dashboard_order(
    a: (BlindSpot, Option<NaiveDate>, &str),
    b: (BlindSpot, Option<NaiveDate>, &str),
) -> std::cmp::Ordering {
    a.0.cmp(&b.0)
        .then_with(|| a.1.cmp(&b.1)) // None < Some: never visited first
        .then_with(|| a.2.to_lowercase().cmp(&b.2.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn recency_follows_the_threshold() {
        let today = d("2025-06-30");
        assert_eq!(Recency::of(None, 6, today), Recency::Never);
        assert_eq!(Recency::of(Some(d("2024-12-30")), 6, today), Recency::Recent);
        assert_eq!(Recency::of(Some(d("2024-12-29")), 6, today), Recency::Overdue);
        assert_eq!(Recency::of(Some(d("2025-01-15")), 3, today), Recency::Overdue);
    }

    #[test]
    fn only_informal_places_never_visited_come_first() {
        assert_eq!(
            BlindSpot::of(PlaceType::Huiskamer, Recency::Never),
            BlindSpot::InformalNeverVisited
        );
        assert_eq!(
            BlindSpot::of(PlaceType::HuisVanDeWijk, Recency::Never),
            BlindSpot::NotVisitedLately
        );
        assert_eq!(BlindSpot::of(PlaceType::Zelfbeheer, Recency::Recent), BlindSpot::Rest);
    }
}
