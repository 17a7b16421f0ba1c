//! Revisions of a place: a snapshot is every field as a [`PlaceInput`]
//! (strings, Dutch field names), so a restore parses it back exactly; a diff
//! lists the fields that differ, with old and new value.

use serde::{Deserialize, Serialize};

use super::area::CbsCode;
use super::place::PlaceFields;
use super::place_field::{PlaceField, PlaceInput};
use super::slug_enum;

/// One changed field: `field` is the Dutch name of a [`PlaceField`] (or
/// [`HIDDEN_FIELD`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

slug_enum!(
    /// What a revision did; stored as its slug.
    RevisionKind, "revision-kind", {
        Create => "create",
        Edit => "edit",
        Restore => "restore",
        Close => "close",
        Verify => "verify",
        Hide => "hide",
        Unhide => "unhide",
        Import => "import",
    }
);

impl RevisionKind {
    /// Hiding is undone by showing, not by restoring a version: a restore
    /// copies fields, and a hide changed none.
    pub fn is_restorable(self) -> bool {
        !matches!(self, RevisionKind::Hide | RevisionKind::Unhide)
    }
}

/// The stored note of a restore: which version it brought back. Stored in
/// one language for the record; pages read the number back with
/// [`restored_version`] and say it in the visitor's language.
pub fn restore_note(target: i32) -> String {
    format!("versie {target}")
}

/// The version a restore's note names, if it is one [`restore_note`] wrote.
pub fn restored_version(note: &str) -> Option<i32> {
    note.strip_prefix("versie ")?.trim().parse().ok()
}

/// The pseudo-field a hide or unhide revision records ("ja"/"nee"); it is
/// not a field of the place form.
pub const HIDDEN_FIELD: &str = "verborgen";

/// The fields a snapshot holds, in form order: every input field except
/// x/y, because a point is always kept as lon/lat.
pub fn snapshot_fields() -> impl Iterator<Item = &'static str> {
    PlaceField::ALL.iter().filter(|f| f.in_snapshot()).map(|f| f.name())
}

/// The value of one field of an input, by its Dutch name ("" for an
/// unknown name).
pub fn value<'a>(input: &'a PlaceInput, field: &str) -> &'a str {
    PlaceField::parse(field).map_or("", |f| f.get(input))
}

/// Mutable access to one field, by its Dutch name.
pub fn value_mut<'a>(input: &'a mut PlaceInput, field: &str) -> Option<&'a mut String> {
    PlaceField::parse(field).map(|f| f.get_mut(input))
}

fn yes_no(v: Option<bool>) -> String {
    match v {
        Some(true) => "ja".into(),
        Some(false) => "nee".into(),
        None => String::new(),
    }
}

/// The canonical snapshot of validated fields in their areas. Floats use
/// Rust's shortest round-trip formatting, so parsing gives the same point.
pub fn snapshot(f: &PlaceFields, wijk: &str, buurt: Option<&str>) -> PlaceInput {
    let (lon, lat) = f.point.map(|(x, y)| (x.to_string(), y.to_string())).unwrap_or_default();
    PlaceInput {
        name: f.name.as_str().to_owned(),
        place_type: f.place_type.slug().to_owned(),
        category: f.category.clone(),
        description: f.description.clone(),
        address: f.address.clone(),
        postcode: f.postcode.clone(),
        lon,
        lat,
        x: String::new(),
        y: String::new(),
        precision: f.precision.slug().to_owned(),
        wijk: wijk.to_owned(),
        buurt: buurt.unwrap_or_default().to_owned(),
        initiator: f.initiator.slug().to_owned(),
        target_groups: f.target_groups.iter().map(|g| g.slug()).collect::<Vec<_>>().join(";"),
        opening_hours: f.opening_hours.clone(),
        ground_floor: yes_no(f.ground_floor),
        wheelchair: yes_no(f.wheelchair),
        street_visible: yes_no(f.street_visible),
        no_reception: yes_no(f.no_reception),
        phone: f.phone.clone(),
        email: f.email.clone(),
        website: f.website.clone(),
        founded_year: f.founded_year.map(|y| y.to_string()).unwrap_or_default(),
        status: f.status.slug().to_owned(),
        closed_on: f.closed_on.map(|d| d.to_string()).unwrap_or_default(),
        closing_reason: f.closing_reason.clone(),
        last_verified: f.last_verified.map(|d| d.to_string()).unwrap_or_default(),
        source: f.source.clone(),
    }
}

/// Prepares a snapshot for parsing: a point wins over the area codes, and a
/// buurt over its wijk, so keep only what `PlaceInput::parse` should use.
pub fn for_parsing(snapshot: &PlaceInput) -> PlaceInput {
    let mut input = snapshot.clone();
    if !input.buurt.is_empty() && CbsCode::parse(&input.buurt).is_some() {
        input.wijk.clear();
    }
    input
}

/// The fields that differ between two snapshots, in form order.
pub fn diff(old: &PlaceInput, new: &PlaceInput) -> Vec<FieldChange> {
    snapshot_fields()
        .filter(|f| value(old, f) != value(new, f))
        .map(|f| FieldChange {
            field: f.to_owned(),
            old: value(old, f).to_owned(),
            new: value(new, f).to_owned(),
        })
        .collect()
}

/// Applies the fields a proposer changed (from `base` to `proposed`) on top
/// of `current`. Returns the merged input, or the fields that changed both
/// in the proposal and since the proposer's base (a real conflict).
pub fn merge(
    base: &PlaceInput,
    proposed: &PlaceInput,
    current: &PlaceInput,
) -> Result<PlaceInput, Vec<String>> {
    let (merged, clashes) = merge_keeping_current(base, proposed, current);
    if clashes.is_empty() { Ok(merged) } else { Err(clashes) }
}

/// Like [`merge`], but a field changed both ways keeps its current value,
/// and is listed: the conflict view offers this merge to the user, who
/// decides about the listed fields.
pub fn merge_keeping_current(
    base: &PlaceInput,
    proposed: &PlaceInput,
    current: &PlaceInput,
) -> (PlaceInput, Vec<String>) {
    let mut merged = current.clone();
    let mut clashes = Vec::new();
    for change in diff(base, proposed) {
        let now = value(current, &change.field);
        if now != change.old && now != change.new {
            clashes.push(change.field);
        } else if let Some(slot) = value_mut(&mut merged, &change.field) {
            *slot = change.new;
        }
    }
    (merged, clashes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restore_notes_round_trip() {
        assert_eq!(restored_version(&restore_note(3)), Some(3));
        assert_eq!(restored_version("dubbel"), None);
    }

    fn input() -> PlaceInput {
        PlaceInput {
            name: "De Brug".into(),
            place_type: "huiskamer".into(),
            category: "huiskamer".into(),
            initiator: "bewoners".into(),
            lon: "4.468123456789".into(),
            lat: "51.918".into(),
            wheelchair: "ja".into(),
            ..Default::default()
        }
    }

    #[test]
    fn snapshot_parses_back_to_the_same_fields() {
        let f = input().parse().unwrap();
        let snap = snapshot(&f, "WK059901", Some("BU05990101"));
        let again = for_parsing(&snap).parse().unwrap();
        assert_eq!(f.point, again.point);
        assert_eq!(snapshot(&again, "WK059901", Some("BU05990101")), snap);
    }

    #[test]
    fn diff_lists_changed_fields_with_old_and_new() {
        let a = input();
        let b = PlaceInput { name: "De Boog".into(), ..input() };
        let d = diff(&a, &b);
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].field.as_str(), d[0].old.as_str(), d[0].new.as_str()),
            ("naam", "De Brug", "De Boog")
        );
    }

    #[test]
    fn merge_applies_only_changed_fields_and_reports_real_conflicts() {
        let base = input();
        let proposed = PlaceInput { phone: "010 123 45 67".into(), ..input() };
        let current = PlaceInput { name: "Nieuw".into(), ..input() };
        let m = merge(&base, &proposed, &current).unwrap();
        assert_eq!((m.name.as_str(), m.phone.as_str()), ("Nieuw", "010 123 45 67"));
        let current = PlaceInput { phone: "010 999 99 99".into(), ..input() };
        assert_eq!(merge(&base, &proposed, &current).unwrap_err(), vec!["telefoon".to_string()]);
    }
}
