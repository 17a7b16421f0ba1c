//! The visit form: the input exactly as posted, parsed into a `NewVisit`
//! with a Dutch message per wrong field, and the dashboard's threshold
//! field.

use chrono::NaiveDate;
use uuid::Uuid;

use super::{Purpose, THRESHOLD_RANGE};
use crate::error::UserMessage;

pub const MAX_NOTES: usize = 4000;
pub const MAX_FOLLOWUP: usize = 1000;
pub const MAX_PARTNERS: usize = 20;
pub const MAX_PARTNER_LEN: usize = 200;
pub const MAX_DURATION: i32 = 1440;
/// Visits further back than this are not logged by hand: a typo, most likely.
pub const MAX_DAYS_BACK: i64 = 366;

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

        for (field, value) in [
            ("notities", &input.notities),
            ("partners", &input.partners),
            ("opvolging", &input.opvolging),
        ] {
            if crate::domain::text::has_control_characters(value, true) {
                errors.push((field, UserMessage::new(crate::domain::text::CONTROL_CHARACTERS)));
            }
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
