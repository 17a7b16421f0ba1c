//! The place form as a view-model: field groups with their options,
//! values and errors, shared by the new-place and edit pages; and reading
//! the posted form back into a [`PlaceInput`].

use askama::Template;

use crate::db::places::{self, PlaceRecord};
use crate::domain::place::{CATEGORIES, Initiator, PlaceStatus, PlaceType, Precision, TargetGroup};
use crate::domain::place_field::PlaceField;
use crate::domain::place_input::{PlaceInput, parse_yes_no};
use crate::web::display::ChangeRow;
use crate::web::forms::FormErrors;
use crate::web::templates::PageContext;

pub struct OptionView {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One form field, ready to render: `kind` is text, textarea, select,
/// checkboxes or date.
pub struct FieldView {
    pub name: &'static str,
    pub label: String,
    pub hint: Option<String>,
    pub kind: &'static str,
    pub value: String,
    pub options: Vec<OptionView>,
    pub error: Option<String>,
    pub autocomplete: &'static str,
}

impl FieldView {
    /// The ids for `aria-describedby`: hint and error.
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(format!("{}-hint", self.name));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.name));
        }
        ids.join(" ")
    }
}

pub struct FieldGroup {
    pub legend: String,
    pub fields: Vec<FieldView>,
    /// The location group gets the map to click on.
    pub map: bool,
}

#[derive(Template)]
#[template(path = "edit/form.html")]
pub struct FormPage {
    pub ctx: PageContext,
    pub title: String,
    pub intro: String,
    pub action: String,
    pub submit: String,
    pub groups: Vec<FieldGroup>,
    pub errors: FormErrors,
    pub version: Option<i32>,
    /// What the other person changed, on the conflict view.
    pub conflict: Vec<ChangeRow>,
    pub is_conflict: bool,
    /// The fields both changed, named for the user to check.
    pub conflict_clash: Option<String>,
    pub place_url: Option<String>,
    pub protected_note: bool,
    pub map_bounds: String,
    /// The opening hours per day (`edit/_week_hours.html`).
    pub week: super::week::WeekForm,
    /// Found addresses to choose from, and whether to suggest while typing.
    pub address: super::address::AddressBox,
}

fn opts(
    ctx: &PageContext,
    values: &[&str],
    prefix: &str,
    current: &str,
    empty: bool,
) -> Vec<OptionView> {
    let mut out = Vec::new();
    if empty {
        out.push(OptionView {
            value: String::new(),
            label: ctx.t("edit-choose"),
            selected: current.is_empty(),
        });
    }
    for v in values {
        out.push(OptionView {
            value: (*v).to_owned(),
            label: ctx.t(&format!("{prefix}-{v}")),
            selected: current.trim() == *v,
        });
    }
    out
}

fn yes_no_opts(ctx: &PageContext, current: &str) -> Vec<OptionView> {
    let cur = parse_yes_no(current).ok().flatten();
    vec![
        OptionView { value: String::new(), label: ctx.t("unknown"), selected: cur.is_none() },
        OptionView { value: "ja".into(), label: ctx.t("yes"), selected: cur == Some(true) },
        OptionView { value: "nee".into(), label: ctx.t("no"), selected: cur == Some(false) },
    ]
}

/// Builds the field groups of the place form from an input and its errors.
/// `with_status` adds status and closing fields (edits only).
pub fn build_groups(
    ctx: &PageContext,
    input: &PlaceInput,
    errors: &FormErrors,
    buurten: &[places::BuurtOption],
    with_status: bool,
) -> Vec<FieldGroup> {
    let f = |field: PlaceField, kind: &'static str, options: Vec<OptionView>| {
        let name = field.name();
        let hint_key = format!("edit-hint-{name}");
        let hint = ctx.t(&hint_key);
        FieldView {
            name,
            label: ctx.t(&field.label_key()),
            // A missing hint comes back as its key: then there is none.
            hint: (hint != hint_key && !hint.is_empty()).then_some(hint),
            kind,
            value: field.get(input).to_owned(),
            options,
            error: errors.get(name).map(str::to_owned),
            autocomplete: "off",
        }
    };
    let types: Vec<&str> = PlaceType::ALL.iter().map(|t| t.slug()).collect();
    let initiators: Vec<&str> = Initiator::ALL.iter().map(|t| t.slug()).collect();
    let precisions: Vec<&str> = Precision::ALL.iter().map(|t| t.slug()).collect();
    let statuses: Vec<&str> = PlaceStatus::ALL.iter().map(|t| t.slug()).collect();
    let chosen: Vec<String> =
        input.target_groups.split([';', ',']).map(|s| s.trim().to_lowercase()).collect();
    let groups_opts = TargetGroup::ALL
        .iter()
        .map(|g| OptionView {
            value: g.slug().to_owned(),
            label: ctx.t(&g.label_key()),
            selected: chosen.iter().any(|c| c == g.slug()),
        })
        .collect();
    let mut buurt_opts = vec![OptionView {
        value: String::new(),
        label: ctx.t("edit-choose-buurt"),
        selected: input.buurt.is_empty(),
    }];
    buurt_opts.extend(buurten.iter().map(|b| OptionView {
        value: b.code.clone(),
        label: format!("{} ({})", b.name, b.wijk_name),
        selected: b.code == input.buurt,
    }));

    let mut about = vec![
        f(PlaceField::Name, "text", vec![]),
        f(PlaceField::Type, "select", opts(ctx, &types, "type", &input.place_type, true)),
        f(PlaceField::Category, "select", opts(ctx, CATEGORIES, "category", &input.category, true)),
        f(PlaceField::Description, "textarea", vec![]),
        f(
            PlaceField::Initiator,
            "select",
            opts(ctx, &initiators, "initiator", &input.initiator, true),
        ),
        f(PlaceField::TargetGroups, "checkboxes", groups_opts),
        f(PlaceField::FoundedYear, "text", vec![]),
    ];
    about[0].autocomplete = "organization";
    let location = vec![
        f(PlaceField::Buurt, "select", buurt_opts),
        f(PlaceField::Address, "text", vec![]),
        f(PlaceField::Postcode, "text", vec![]),
        f(PlaceField::Lon, "text", vec![]),
        f(PlaceField::Lat, "text", vec![]),
        f(
            PlaceField::Precision,
            "select",
            opts(ctx, &precisions, "precision", &input.precision, false),
        ),
    ];
    let access = vec![
        f(PlaceField::OpeningHours, "text", vec![]),
        f(PlaceField::GroundFloor, "select", yes_no_opts(ctx, &input.ground_floor)),
        f(PlaceField::Wheelchair, "select", yes_no_opts(ctx, &input.wheelchair)),
        f(PlaceField::StreetVisible, "select", yes_no_opts(ctx, &input.street_visible)),
        f(PlaceField::NoReception, "select", yes_no_opts(ctx, &input.no_reception)),
    ];
    let mut contact = vec![
        f(PlaceField::Phone, "text", vec![]),
        f(PlaceField::Email, "text", vec![]),
        f(PlaceField::Website, "text", vec![]),
    ];
    contact[0].autocomplete = "tel";
    contact[1].autocomplete = "email";
    contact[2].autocomplete = "url";
    let mut groups = vec![
        FieldGroup { legend: ctx.t("edit-group-about"), fields: about, map: false },
        FieldGroup { legend: ctx.t("edit-group-location"), fields: location, map: true },
        FieldGroup { legend: ctx.t("edit-group-access"), fields: access, map: false },
        FieldGroup { legend: ctx.t("edit-group-contact"), fields: contact, map: false },
    ];
    if with_status {
        let status = vec![
            f(PlaceField::Status, "select", opts(ctx, &statuses, "status", &input.status, false)),
            f(PlaceField::ClosedOn, "date", vec![]),
            f(PlaceField::ClosingReason, "text", vec![]),
        ];
        groups.push(FieldGroup { legend: ctx.t("edit-group-status"), fields: status, map: false });
    }
    groups
}

/// Reads the posted form into a `PlaceInput` (repeated `doelgroepen`
/// checkboxes are joined) and the version it started from.
pub fn read_form(pairs: &[(String, String)]) -> (PlaceInput, Option<i32>) {
    let mut input = PlaceInput::default();
    let mut groups = Vec::new();
    let mut version = None;
    for (k, v) in pairs {
        if k == "versie" {
            version = v.trim().parse().ok();
            continue;
        }
        match PlaceField::parse(k) {
            Some(PlaceField::TargetGroups) => groups.push(v.clone()),
            // Fields the form does not offer keep their stored value.
            Some(f) if f.is_off_form() => {}
            Some(f) => *f.get_mut(&mut input) = v.clone(),
            None => {}
        }
    }
    input.target_groups = groups.join(";");
    (input, version)
}

/// The map box of the place form: around the place's public point.
pub fn bounds_of(place: Option<&PlaceRecord>) -> String {
    match place.and_then(|p| p.public_lon.zip(p.public_lat)) {
        Some((lon, lat)) => {
            format!("{},{},{},{}", lon - 0.01, lat - 0.006, lon + 0.01, lat + 0.006)
        }
        None => String::new(),
    }
}
