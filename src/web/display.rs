//! Stored place values as people read them, and the rows of a change
//! (review, history and the conflict view all show one the same way).

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
