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
    changes
        .iter()
        .filter_map(|c| {
            let field = PlaceField::parse(&c.field);
            if field.is_some_and(|f| skip.contains(&f)) {
                return None;
            }
            let hide = !sees_protected && field.is_some_and(PlaceField::is_protected);
            let shown = |v: &str| {
                if hide { ctx.t("edit-protected-value") } else { display_value(ctx, &c.field, v) }
            };
            Some(ChangeRow {
                label: ctx.t(&format!("field-{}", c.field)),
                old: shown(&c.old),
                new: shown(&c.new),
            })
        })
        .collect()
}
