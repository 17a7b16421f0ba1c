//! Wijkteam visits: purposes, the visit form parsed into a `NewVisit`, and
//! the blind-spot rules that order the dashboard (informal places never
//! visited first, then places not visited for longer than the wijk's
//! threshold, then the rest).

use chrono::{Months, NaiveDate};
use uuid::Uuid;

use super::place::PlaceType;
use super::slug_enum;
use crate::error::UserMessage;

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

pub const MAX_NOTES: usize = 4000;
pub const MAX_FOLLOWUP: usize = 1000;
pub const MAX_PARTNERS: usize = 20;
pub const MAX_PARTNER_LEN: usize = 200;
pub const MAX_DURATION: i32 = 1440;
/// Visits further back than this are not logged by hand: a typo, most likely.
pub const MAX_DAYS_BACK: i64 = 366;

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
    pub fn of(place_type: Option<PlaceType>, recency: Recency) -> Self {
        let informal = place_type.is_some_and(PlaceType::is_informal);
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

/// The visit form exactly as posted; every field a string so that bad
/// input gets a Dutch message next to its field.
#[derive(Debug, Clone, Default)]
pub struct VisitFormInput {
    pub datum: String,
    pub duur: String,
    pub leden: Vec<String>,
    pub doel: String,
    pub notities: String,
    pub partners: String,
    pub opvolging: String,
    pub opvolging_datum: String,
    pub volgend_bezoek: String,
}

impl VisitFormInput {
    /// Reads the urlencoded pairs; `leden` may repeat (checkboxes).
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let mut f = Self::default();
        for (k, v) in pairs {
            match k.as_str() {
                "datum" => f.datum = v.clone(),
                "duur" => f.duur = v.clone(),
                "leden" => f.leden.push(v.clone()),
                "doel" => f.doel = v.clone(),
                "notities" => f.notities = v.clone(),
                "partners" => f.partners = v.clone(),
                "opvolging" => f.opvolging = v.clone(),
                "opvolging_datum" => f.opvolging_datum = v.clone(),
                "volgend_bezoek" => f.volgend_bezoek = v.clone(),
                _ => {}
            }
        }
        f
    }
}

/// A valid visit, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVisit {
    pub visited_on: NaiveDate,
    pub duration_minutes: Option<i32>,
    /// Always includes the member who logs it.
    pub members: Vec<Uuid>,
    pub purpose: Purpose,
    pub notes: String,
    pub partners: Vec<String>,
    pub followup: Option<(String, NaiveDate)>,
    pub next_visit_on: Option<NaiveDate>,
}

/// Form errors: field name and message, in the order of the form.
pub type FieldErrors = Vec<(&'static str, UserMessage)>;

/// Dates as `<input type="date">` sends them, or as people type them
/// where the browser shows a plain text field (3-2-2025, 3/2/2025).
pub fn parse_date(input: &str) -> Option<NaiveDate> {
    let s = input.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d-%m-%Y"))
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
}

fn optional_date(errors: &mut FieldErrors, field: &'static str, input: &str) -> Option<NaiveDate> {
    if input.trim().is_empty() {
        return None;
    }
    let d = parse_date(input);
    if d.is_none() {
        errors.push((field, UserMessage::new("visit-error-date-invalid")));
    }
    d
}

impl NewVisit {
    /// Parses the form. `team` are the wijkteam accounts of the place's
    /// wijk; `logger` is added to the members present.
    pub fn parse(
        input: &VisitFormInput,
        logger: Uuid,
        team: &[Uuid],
        today: NaiveDate,
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();

        let visited_on = if input.datum.trim().is_empty() {
            errors.push(("datum", UserMessage::new("visit-error-date-required")));
            None
        } else {
            match parse_date(&input.datum) {
                None => {
                    errors.push(("datum", UserMessage::new("visit-error-date-invalid")));
                    None
                }
                Some(d) if d > today => {
                    errors.push(("datum", UserMessage::new("visit-error-date-future")));
                    None
                }
                Some(d) if (today - d).num_days() > MAX_DAYS_BACK => {
                    errors.push(("datum", UserMessage::new("visit-error-date-too-old")));
                    None
                }
                Some(d) => Some(d),
            }
        };

        let duration_minutes = match input.duur.trim() {
            "" => None,
            s => match s.parse::<i32>() {
                Ok(n) if (1..=MAX_DURATION).contains(&n) => Some(n),
                _ => {
                    errors.push((
                        "duur",
                        UserMessage::new("visit-error-duration").arg("max", MAX_DURATION),
                    ));
                    None
                }
            },
        };

        let mut members = vec![logger];
        for raw in &input.leden {
            match Uuid::parse_str(raw.trim()).ok().filter(|id| team.contains(id)) {
                Some(id) if !members.contains(&id) => members.push(id),
                Some(_) => {}
                None => {
                    errors.push(("leden", UserMessage::new("visit-error-member")));
                    break;
                }
            }
        }

        let purpose = Purpose::parse(&input.doel);
        if purpose.is_none() {
            errors.push(("doel", UserMessage::new("visit-error-purpose")));
        }

        let notes = input.notities.trim().to_owned();
        if notes.chars().count() > MAX_NOTES {
            errors
                .push(("notities", UserMessage::new("visit-error-too-long").arg("max", MAX_NOTES)));
        }

        let partners: Vec<String> = input
            .partners
            .split(['\n', ';'])
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect();
        if partners.len() > MAX_PARTNERS
            || partners.iter().any(|p| p.chars().count() > MAX_PARTNER_LEN)
        {
            errors.push((
                "partners",
                UserMessage::new("visit-error-partners")
                    .arg("max", MAX_PARTNERS)
                    .arg("len", MAX_PARTNER_LEN),
            ));
        }

        let followup_text = input.opvolging.trim().to_owned();
        if followup_text.chars().count() > MAX_FOLLOWUP {
            errors.push((
                "opvolging",
                UserMessage::new("visit-error-too-long").arg("max", MAX_FOLLOWUP),
            ));
        }
        let followup_due = optional_date(&mut errors, "opvolging_datum", &input.opvolging_datum);
        let followup = match (followup_text.is_empty(), followup_due) {
            (true, None) => None,
            (false, None) => {
                if input.opvolging_datum.trim().is_empty() {
                    errors.push((
                        "opvolging_datum",
                        UserMessage::new("visit-error-followup-due-missing"),
                    ));
                }
                None
            }
            (true, Some(_)) => {
                errors.push(("opvolging", UserMessage::new("visit-error-followup-text-missing")));
                None
            }
            (false, Some(due)) => {
                if visited_on.is_some_and(|v| due < v) {
                    errors.push((
                        "opvolging_datum",
                        UserMessage::new("visit-error-followup-due-before"),
                    ));
                }
                Some((followup_text, due))
            }
        };

        let next_visit_on = optional_date(&mut errors, "volgend_bezoek", &input.volgend_bezoek);
        if let (Some(next), Some(v)) = (next_visit_on, visited_on)
            && next < v
        {
            errors.push(("volgend_bezoek", UserMessage::new("visit-error-next-before")));
        }

        match (visited_on, purpose) {
            (Some(visited_on), Some(purpose)) if errors.is_empty() => Ok(NewVisit {
                visited_on,
                duration_minutes,
                members,
                purpose,
                notes,
                partners,
                followup,
                next_visit_on,
            }),
            _ => Err(errors),
        }
    }
}

/// The blind-spot threshold as typed on the dashboard.
pub fn parse_threshold(input: &str) -> Result<i32, UserMessage> {
    input.trim().parse::<i32>().ok().filter(|m| THRESHOLD_RANGE.contains(m)).ok_or_else(|| {
        UserMessage::new("wijkteam-error-threshold")
            .arg("min", *THRESHOLD_RANGE.start())
            .arg("max", *THRESHOLD_RANGE.end())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn form() -> VisitFormInput {
        VisitFormInput {
            datum: "2025-03-10".into(),
            doel: "kennismaken".into(),
            ..Default::default()
        }
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
            BlindSpot::of(Some(PlaceType::Huiskamer), Recency::Never),
            BlindSpot::InformalNeverVisited
        );
        assert_eq!(
            BlindSpot::of(Some(PlaceType::HuisVanDeWijk), Recency::Never),
            BlindSpot::NotVisitedLately
        );
        assert_eq!(BlindSpot::of(Some(PlaceType::Zelfbeheer), Recency::Recent), BlindSpot::Rest);
    }

    #[test]
    fn a_minimal_visit_has_a_date_and_a_purpose() {
        let me = Uuid::new_v4();
        let v = NewVisit::parse(&form(), me, &[], d("2025-03-10")).unwrap();
        assert_eq!(v.members, vec![me]);
        assert_eq!(v.purpose, Purpose::Kennismaken);
        assert_eq!(v.followup, None);
    }

    #[test]
    fn dutch_dates_are_understood() {
        assert_eq!(parse_date("3-2-2025"), Some(d("2025-02-03")));
        assert_eq!(parse_date("2025-02-03"), Some(d("2025-02-03")));
        assert_eq!(parse_date("gisteren"), None);
    }

    #[test]
    fn bad_input_names_each_field() {
        let me = Uuid::new_v4();
        let input = VisitFormInput {
            datum: "2030-01-01".into(),
            duur: "veel".into(),
            leden: vec![Uuid::new_v4().to_string()],
            doel: "koffie".into(),
            opvolging: "bellen".into(),
            volgend_bezoek: "morgen".into(),
            ..Default::default()
        };
        let errors = NewVisit::parse(&input, me, &[], d("2025-03-10")).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            vec!["datum", "duur", "leden", "doel", "opvolging_datum", "volgend_bezoek"]
        );
    }

    #[test]
    fn a_follow_up_needs_text_and_a_date() {
        let me = Uuid::new_v4();
        let mut input = form();
        input.opvolging_datum = "2025-03-20".into();
        let errors = NewVisit::parse(&input, me, &[], d("2025-03-10")).unwrap_err();
        assert_eq!(errors[0].0, "opvolging");
        input.opvolging = "Folder brengen".into();
        let v = NewVisit::parse(&input, me, &[], d("2025-03-10")).unwrap();
        assert_eq!(v.followup, Some(("Folder brengen".into(), d("2025-03-20"))));
    }

    #[test]
    fn team_members_must_belong_to_the_wijk() {
        let me = Uuid::new_v4();
        let colleague = Uuid::new_v4();
        let mut input = form();
        input.leden = vec![colleague.to_string(), me.to_string()];
        let v = NewVisit::parse(&input, me, &[me, colleague], d("2025-03-10")).unwrap();
        assert_eq!(v.members, vec![me, colleague]);
    }

    #[test]
    fn threshold_is_between_one_and_thirty_six_months() {
        assert_eq!(parse_threshold(" 6 "), Ok(6));
        assert!(parse_threshold("0").is_err());
        assert!(parse_threshold("zes").is_err());
    }
}
