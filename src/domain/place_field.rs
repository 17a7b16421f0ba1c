//! The field list of a place, written once. One macro call declares the raw
//! input struct ([`PlaceInput`]: every field as the user typed it) and the
//! [`PlaceField`] enum that the form, the revision diff, the conflict view
//! and the display all use, so adding a field cannot leave one of them
//! behind.

use serde::{Deserialize, Serialize};

/// How a field's stored text reads to people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Shown as typed.
    Text,
    /// One slug of a closed list; the label key is `<prefix>-<slug>`.
    Choice(&'static str),
    /// Slugs separated by `;`, each labelled `<prefix>-<slug>`.
    List(&'static str),
    /// "ja", "nee" or empty.
    YesNo,
    /// An ISO date.
    Date,
}

macro_rules! place_fields {
    ($(
        $(#[$doc:meta])*
        $variant:ident => $field:ident, $name:literal, $kind:expr;
    )+) => {
        /// Every field of a place as the user typed it (a CSV row, a GeoJSON
        /// feature, a web form) or as a revision snapshot stores it. Serde
        /// names are the Dutch column names documented in `docs/import.md`;
        /// missing fields are empty.
        #[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
        #[serde(default)]
        pub struct PlaceInput {
            $(
                $(#[$doc])*
                #[serde(rename = $name)]
                pub $field: String,
            )+
        }

        /// One field of a place, by its Dutch name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum PlaceField {
            $($variant),+
        }

        impl PlaceInput {
            /// The accepted field / column names, in documentation order.
            pub const FIELDS: &'static [&'static str] = &[$($name),+];
        }

        impl PlaceField {
            /// Every field with its Dutch name and kind, in form and
            /// documentation order.
            const TABLE: &'static [(PlaceField, &'static str, FieldKind)] =
                &[$((PlaceField::$variant, $name, $kind)),+];

            /// Every field, in form and documentation order.
            pub const ALL: &'static [PlaceField] = &[$(PlaceField::$variant),+];

            fn row(self) -> &'static (PlaceField, &'static str, FieldKind) {
                // The table lists every variant once, in declaration order.
                &Self::TABLE[self as usize]
            }

            /// The Dutch name: form field, CSV column and revision key.
            pub fn name(self) -> &'static str {
                self.row().1
            }

            pub fn parse(name: &str) -> Option<Self> {
                Self::TABLE.iter().find(|(_, n, _)| *n == name).map(|(f, _, _)| *f)
            }

            pub fn kind(self) -> FieldKind {
                self.row().2
            }

            pub fn get(self, input: &PlaceInput) -> &str {
                match self { $(PlaceField::$variant => &input.$field),+ }
            }

            pub fn get_mut(self, input: &mut PlaceInput) -> &mut String {
                match self { $(PlaceField::$variant => &mut input.$field),+ }
            }
        }
    };
}

use FieldKind::{Choice, Date, List, Text, YesNo};

// Grouped as the form groups them; one line may hold several fields.
place_fields! {
    Name => name, "naam", Text;
    Type => place_type, "type", Choice("type");
    Category => category, "categorie", Choice("category");
    Description => description, "omschrijving", Text;
    Address => address, "adres", Text; Postcode => postcode, "postcode", Text;
    /// WGS84 longitude and latitude; use either lon/lat or x/y.
    Lon => lon, "lon", Text; Lat => lat, "lat", Text;
    /// RD New (EPSG:28992) coordinates in metres.
    X => x, "x", Text; Y => y, "y", Text;
    Precision => precision, "precisie", Choice("precision");
    /// CBS wijk and buurt codes, used when there is no point; a buurt wins.
    Wijk => wijk, "wijk", Text; Buurt => buurt, "buurt", Text;
    Initiator => initiator, "initiatiefnemer", Choice("initiator");
    /// Slugs separated by `;` (a comma or `|`, as the exports write, works too).
    TargetGroups => target_groups, "doelgroepen", List("doelgroep");
    OpeningHours => opening_hours, "openingstijden", Text;
    GroundFloor => ground_floor, "begane_grond", YesNo; Wheelchair => wheelchair, "rolstoel", YesNo;
    StreetVisible => street_visible, "zichtbaar_vanaf_straat", YesNo;
    NoReception => no_reception, "geen_balie", YesNo;
    Phone => phone, "telefoon", Text; Email => email, "email", Text;
    Website => website, "website", Text; FoundedYear => founded_year, "opgericht", Text;
    Status => status, "status", Choice("status");
    ClosedOn => closed_on, "opgeheven_op", Date;
    ClosingReason => closing_reason, "reden_opheffing", Text;
    LastVerified => last_verified, "gecontroleerd_op", Date; Source => source, "bron", Text;
}

impl PlaceField {
    /// Fields that reveal the exact location; only some roles may see them
    /// for places without `exact` precision.
    pub fn is_protected(self) -> bool {
        matches!(
            self,
            PlaceField::Address
                | PlaceField::Postcode
                | PlaceField::Lon
                | PlaceField::Lat
                | PlaceField::X
                | PlaceField::Y
        )
    }

    /// Whether a revision snapshot keeps the field: a point is always kept
    /// as lon/lat, never as RD x/y.
    pub fn in_snapshot(self) -> bool {
        !matches!(self, PlaceField::X | PlaceField::Y)
    }

    /// Fields the place form does not offer: they keep their stored value.
    pub fn is_off_form(self) -> bool {
        matches!(
            self,
            PlaceField::X
                | PlaceField::Y
                | PlaceField::Wijk
                | PlaceField::LastVerified
                | PlaceField::Source
        )
    }

    /// Translation key of the field's label.
    pub fn label_key(self) -> String {
        format!("field-{}", self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_reach_their_own_field() {
        for f in PlaceField::ALL {
            assert_eq!(PlaceField::parse(f.name()), Some(*f));
            let mut input = PlaceInput::default();
            *f.get_mut(&mut input) = f.name().to_owned();
            let others = PlaceField::ALL.iter().filter(|o| *o != f);
            assert!(others.into_iter().all(|o| o.get(&input).is_empty()), "{f:?}");
        }
        assert_eq!(PlaceInput::FIELDS.len(), PlaceField::ALL.len());
    }

    #[test]
    fn serde_uses_the_dutch_names() {
        let input: PlaceInput =
            serde_json::from_value(serde_json::json!({ "naam": "De Brug", "precisie": "exact" }))
                .unwrap();
        assert_eq!(PlaceField::Name.get(&input), "De Brug");
        assert_eq!(PlaceField::Precision.get(&input), "exact");
    }
}
