//! Stored place values as people read them, and the rows of a change
//! (review, history and the conflict view all show one the same way); when
//! "open now" changes; which tags of a place are worth showing.

use chrono::NaiveDateTime;

use crate::domain::opening_hours::OpenState;
use crate::domain::place_field::{FieldKind, PlaceField};
use crate::domain::revision::{FieldChange, HIDDEN_FIELD};
use crate::web::templates::PageContext;

/// One changed field, ready to render.
pub struct ChangeRow {
    pub label: String,
    pub old: String,
    pub new: String,
}

/// A stored value as people read it: labels for the closed lists, dates in
/// Dutch, "—" for nothing.
pub fn display_value(ctx: &PageContext, field: &str, raw: &str) -> String {
    if raw.is_empty() {
        return "—".into();
    }
    let kind = match PlaceField::parse(field) {
        Some(f) => f.kind(),
        None if field == HIDDEN_FIELD => FieldKind::YesNo,
        None => FieldKind::Text,
    };
    match kind {
        FieldKind::Text => raw.to_owned(),
        FieldKind::YesNo => ctx.t(if raw == "ja" { "yes" } else { "no" }),
        FieldKind::Date => chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .map(|d| ctx.date(&d))
            .unwrap_or_else(|_| raw.to_owned()),
        FieldKind::Choice(prefix) | FieldKind::List(prefix) => {
            raw.split(';').map(|v| ctx.t(&format!("{prefix}-{v}"))).collect::<Vec<_>>().join(", ")
        }
    }
}

/// The rows of `changes`, leaving out the fields in `skip`. Values of
/// protected fields are replaced by a notice unless `sees_protected`.
pub fn change_rows(
    ctx: &PageContext,
    changes: &[FieldChange],
    sees_protected: bool,
    skip: &[PlaceField],
) -> Vec<ChangeRow> {
    change_rows_named(ctx, changes, sees_protected, skip, &[])
}

/// The wijk and buurt codes in `changes`, to look their names up.
pub fn area_codes(changes: &[FieldChange]) -> Vec<String> {
    changes
        .iter()
        .filter(|c| {
            matches!(PlaceField::parse(&c.field), Some(PlaceField::Wijk | PlaceField::Buurt))
        })
        .flat_map(|c| [c.old.clone(), c.new.clone()])
        .filter(|code| !code.is_empty())
        .collect()
}

/// [`change_rows`] with wijk and buurt codes shown as "Name (code)", from
/// `names` as (code, name): a reviewer knows the buurt, not its CBS code.
pub fn change_rows_named(
    ctx: &PageContext,
    changes: &[FieldChange],
    sees_protected: bool,
    skip: &[PlaceField],
    names: &[(String, String)],
) -> Vec<ChangeRow> {
    let area = |v: &str| match names.iter().find(|(code, _)| code == v) {
        Some((code, name)) => format!("{name} ({code})"),
        None => display_value(ctx, "", v),
    };
    changes
        .iter()
        .filter_map(|c| {
            let field = PlaceField::parse(&c.field);
            if field.is_some_and(|f| skip.contains(&f)) {
                return None;
            }
            let hide = !sees_protected && field.is_some_and(PlaceField::is_protected);
            let is_area = matches!(field, Some(PlaceField::Wijk | PlaceField::Buurt));
            let shown = |v: &str| {
                if hide {
                    ctx.t("edit-protected-value")
                } else if is_area {
                    area(v)
                } else {
                    display_value(ctx, &c.field, v)
                }
            };
            Some(ChangeRow {
                label: ctx.t(&format!("field-{}", c.field)),
                old: shown(&c.old),
                new: shown(&c.new),
            })
        })
        .collect()
}

/// When "open now" changes, as the list and the place page say it next to
/// "Nu open" / "Nu gesloten": "tot 17:00", "gaat om 10:00 open", "gaat
/// morgen om 10:00 open", "gaat dinsdag om 10:00 open". `None` when no
/// change is known within the coming week.
pub fn next_change_text(
    ctx: &PageContext,
    now: NaiveDateTime,
    state: &OpenState,
) -> Option<String> {
    let at = state.next_change?;
    let time = at.format("%H:%M").to_string();
    let days = (at.date() - now.date()).num_days();
    let day = || at.date().format_localized("%A", ctx.lang.chrono_locale()).to_string();
    let args = |with_day: bool| {
        let mut a = vec![("time", time.clone())];
        if with_day {
            a.push(("day", day()));
        }
        a
    };
    let (key, with_day) = match (state.open, days) {
        (true, 0) => ("next-close-today", false),
        (true, _) => ("next-close-day", true),
        (false, 0) => ("next-open-today", false),
        (false, 1) => ("next-open-tomorrow", false),
        (false, _) => ("next-open-day", true),
    };
    Some(ctx.lang.t_args(key, &args(with_day)))
}

/// Whether the category tag would only repeat the type tag ("Huiskamer |
/// Huiskamer", "Buurthuis in zelfbeheer | Buurthuis"): every word of the
/// category's label is already in the type's label.
pub fn category_repeats_type(type_label: &str, category_label: &str) -> bool {
    let words = |label: &str| -> Vec<String> {
        label
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
            .filter(|w| !w.is_empty())
            .collect()
    };
    let type_words = words(type_label);
    let category_words = words(category_label);
    !category_words.is_empty() && category_words.iter().all(|w| type_words.contains(w))
}

#[cfg(test)]
mod tests {
    use super::category_repeats_type;

    #[test]
    fn a_category_that_only_repeats_the_type_is_left_out() {
        assert!(category_repeats_type("Huiskamer", "Huiskamer"));
        assert!(category_repeats_type("Buurthuis in zelfbeheer", "buurthuis"));
        assert!(!category_repeats_type("Huis van de Wijk", "Buurthuis"));
        assert!(!category_repeats_type("Huiskamer", "Wijktuin"));
        assert!(!category_repeats_type("Huiskamer", ""));
        assert!(category_repeats_type("Living room (huiskamer)", "Living room"));
    }
}
