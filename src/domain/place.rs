//! Meeting places: types, precision, status and the other closed lists.

use chrono::{Months, NaiveDate, NaiveDateTime};

use super::opening_hours::{OpenState, OpeningHours};
use super::slug_enum;
use super::user::CurrentUser;

slug_enum!(
    /// The three kinds of meeting place the registry is about.
    PlaceType, "type", {
        Huiskamer => "huiskamer",
        Zelfbeheer => "zelfbeheer",
        HuisVanDeWijk => "huis_van_de_wijk",
    }
);

impl PlaceType {
    /// Informal places: the ones wijkteams tend to miss.
    pub fn is_informal(self) -> bool {
        matches!(self, PlaceType::Huiskamer | PlaceType::Zelfbeheer)
    }
}

slug_enum!(
    /// How exactly the location may be shown to the public.
    Precision, "precision", {
        Exact => "exact",
        Straat => "straat",
        Buurt => "buurt",
    }
);

impl Precision {
    /// Only exact places show their address and point to the public.
    pub fn is_public(self) -> bool {
        self == Precision::Exact
    }
}

slug_enum!(
    PlaceStatus, "status", {
        Actief => "actief",
        TijdelijkGesloten => "tijdelijk_gesloten",
        Opgeheven => "opgeheven",
    }
);

impl PlaceStatus {
    /// Open as usual (not paused, not stopped).
    pub fn is_active(self) -> bool {
        self == PlaceStatus::Actief
    }

    /// Stopped for good ("gestopt"): kept for the history, never deleted.
    pub fn is_closed(self) -> bool {
        self == PlaceStatus::Opgeheven
    }

    /// Whether a place is open at `at`, the one rule every page uses: a
    /// stopped place is neither open nor closed "now" (`None`), a paused
    /// one is closed, an active one follows its hours (`None` without).
    pub fn open_at(self, hours: Option<&OpeningHours>, at: NaiveDateTime) -> Option<bool> {
        match self {
            PlaceStatus::Opgeheven => None,
            PlaceStatus::TijdelijkGesloten => Some(false),
            PlaceStatus::Actief => hours.map(|oh| oh.is_open_at(at)),
        }
    }

    /// [`Self::open_at`] with the moment it changes: a paused place is
    /// closed with no known reopening, a stopped one has no state.
    pub fn state_at(self, hours: Option<&OpeningHours>, at: NaiveDateTime) -> Option<OpenState> {
        match self {
            PlaceStatus::Opgeheven => None,
            PlaceStatus::TijdelijkGesloten => Some(OpenState { open: false, next_change: None }),
            PlaceStatus::Actief => hours.map(|oh| oh.state_at(at)),
        }
    }

    /// Whether its opening hours still tell when one can go: a stopped
    /// place's old hours are history and are not shown as a coming week.
    pub fn has_hours(self) -> bool {
        !self.is_closed()
    }
}

/// How current the data of a place is, for the note on its page: data not
/// checked for a year may be out of date; data never checked is said to
/// be unchecked (not "more than a year"), whatever its age.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verification {
    /// Checked within the last year.
    Recent,
    /// Checked, but more than a year ago.
    Stale,
    /// Never confirmed by a reviewer (imported, or accepted unchecked).
    Never,
}

impl Verification {
    pub fn of(last_verified: Option<NaiveDate>, today: NaiveDate) -> Self {
        match (last_verified, today.checked_sub_months(Months::new(12))) {
            (None, _) => Verification::Never,
            (Some(d), Some(limit)) if d < limit => Verification::Stale,
            (Some(_), _) => Verification::Recent,
        }
    }

    /// The translation key of the note on the place page, if any.
    pub fn note_key(self) -> Option<&'static str> {
        match self {
            Verification::Recent => None,
            Verification::Stale => Some("place-stale"),
            Verification::Never => Some("place-never-verified"),
        }
    }
}

/// The `source` of every demo place starts with this; their locations are
/// made up, which pages say.
pub const DEMO_SOURCE_PREFIX: &str = "demo: ";

/// Whether a place comes from the demo data set.
pub fn is_demo_source(source: &str) -> bool {
    source.starts_with(DEMO_SOURCE_PREFIX)
}

/// Who may see the exact address and point of a place: everyone when its
/// precision is exact, else only staff who see protected fields in its wijk.
pub fn sees_exact_location(user: Option<&CurrentUser>, precision: Precision, wijk: &str) -> bool {
    precision.is_public() || user.is_some_and(|u| u.sees_protected_fields_in_wijk(wijk))
}

/// The street of a stored address, without house number, additions or
/// anything after a comma: what precision `straat` shows to the public.
/// "Gaffelstraat 1a" → "Gaffelstraat", "Van Oldenbarneveltstraat 12-14" →
/// "Van Oldenbarneveltstraat". The number is the last word that begins
/// with a digit, unless it is the first word, so "1e Middellandstraat 8"
/// keeps its "1e" and "Plein 1953 12" its year; what follows the number
/// ("bis", "A") goes with it. The SQL function `hv_street_only` (migration 0051)
/// applies the same rule for the view and the exports.
pub fn street_only(address: &str) -> &str {
    let before_comma = address.split(',').next().unwrap_or_default().trim();
    let mut end = before_comma.len();
    let mut prev_space = false;
    for (i, c) in before_comma.char_indices() {
        if prev_space && c.is_ascii_digit() {
            end = i;
        }
        prev_space = c.is_whitespace();
    }
    before_comma[..end].trim_end()
}

slug_enum!(
    Initiator, "initiator", {
        Bewoners => "bewoners",
        Stichting => "stichting",
        ReligieuzeInstelling => "religieuze_instelling",
        Gemeente => "gemeente",
        Welzijnsorganisatie => "welzijnsorganisatie",
        Ondernemer => "ondernemer",
    }
);

slug_enum!(
    TargetGroup, "doelgroep", {
        Iedereen => "iedereen",
        Ouderen => "ouderen",
        Jongeren => "jongeren",
        Gezinnen => "gezinnen",
        Nieuwkomers => "nieuwkomers",
        Mantelzorgers => "mantelzorgers",
        MensenMetBeperking => "beperking",
        Vrouwen => "vrouwen",
    }
);

/// Categories are a managed list in the `categories` table; this is the
/// seeded set, used for labels and for validating input without a query.
pub const CATEGORIES: &[&str] = &[
    "buurthuis",
    "huiskamer",
    "wijktuin",
    "kerk",
    "moskee",
    "bibliotheek",
    "sportkantine",
    "buurtcafe",
    "inloophuis",
    "kringloop",
    "anders",
];

pub fn category_label_key(slug: &str) -> String {
    format!("category-{slug}")
}

/// A place name: trimmed, 1 to 200 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceName(String);

impl PlaceName {
    pub const MAX: usize = 200;

    pub fn parse(s: &str) -> Result<Self, &'static str> {
        let s = s.trim();
        if s.is_empty() {
            Err("error-required")
        } else if s.chars().count() > Self::MAX {
            Err("error-too-long")
        } else {
            Ok(Self(s.to_owned()))
        }
    }

    /// A name read back from the database, where a check constraint
    /// already holds it to these rules.
    pub fn stored(s: &str) -> Self {
        Self(s.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for PlaceName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for PlaceName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip() {
        for t in PlaceType::ALL {
            assert_eq!(PlaceType::parse(t.slug()), Some(*t));
        }
        assert_eq!(PlaceType::parse("kroeg"), None);
        assert_eq!(PlaceType::HuisVanDeWijk.label_key(), "type-huis_van_de_wijk");
    }

    #[test]
    fn street_only_strips_house_number_and_additions() {
        for (address, street) in [
            ("Gaffelstraat 1a", "Gaffelstraat"),
            ("Van Oldenbarneveltstraat 12-14", "Van Oldenbarneveltstraat"),
            ("Straatweg 3 bis", "Straatweg"),
            ("Coolsingel 40 A", "Coolsingel"),
            ("Gaffelstraat 1a, 3011 AB Rotterdam", "Gaffelstraat"),
            ("  Brugstraat   12  ", "Brugstraat"),
            ("1e Middellandstraat 8", "1e Middellandstraat"),
            ("Plein 1953 12", "Plein 1953"),
            ("Gaffelstraat", "Gaffelstraat"),
            ("Gaffelstraat, achterom", "Gaffelstraat"),
            ("", ""),
        ] {
            assert_eq!(street_only(address), street, "{address:?}");
        }
    }

    #[test]
    fn verification_tells_never_checked_from_stale() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(Verification::of(None, today), Verification::Never);
        assert_eq!(Verification::of(day(2026, 12, 1), today), Verification::Recent);
        assert_eq!(Verification::of(day(2025, 12, 1), today), Verification::Recent);
        assert_eq!(Verification::of(day(2025, 11, 30), today), Verification::Stale);
        assert_eq!(Verification::Recent.note_key(), None);
    }

    #[test]
    fn place_name_limits() {
        assert!(PlaceName::parse("  ").is_err());
        assert!(PlaceName::parse(&"x".repeat(201)).is_err());
        assert_eq!(PlaceName::parse(" De Brug ").unwrap().as_str(), "De Brug");
    }
}

/// Every editable field of a place, already validated. Importers, forms and
/// the demo all build one of these and hand it to `db::places::insert`.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceFields {
    pub name: PlaceName,
    pub place_type: PlaceType,
    pub category: String,
    pub description: String,
    pub address: String,
    pub postcode: String,
    /// WGS84 longitude and latitude.
    pub point: Option<(f64, f64)>,
    pub precision: Precision,
    /// Chosen by hand when there is no point; ignored when there is one.
    pub manual_area: Option<super::area::CbsCode>,
    pub initiator: Initiator,
    pub target_groups: Vec<TargetGroup>,
    /// Valid OSM opening_hours syntax, or empty.
    pub opening_hours: String,
    pub ground_floor: Option<bool>,
    pub wheelchair: Option<bool>,
    pub street_visible: Option<bool>,
    pub no_reception: Option<bool>,
    pub phone: String,
    pub email: String,
    pub website: String,
    pub founded_year: Option<i32>,
    pub status: PlaceStatus,
    pub closed_on: Option<chrono::NaiveDate>,
    pub closing_reason: String,
    pub last_verified: Option<chrono::NaiveDate>,
    pub source: String,
}

/// Places per type, as the wijk and overview tables count them. Counting
/// goes through an exhaustive match, so a new type is never counted as
/// another one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypeCounts {
    pub huiskamer: i64,
    pub zelfbeheer: i64,
    pub huis_van_de_wijk: i64,
}

impl TypeCounts {
    pub fn get(&self, t: PlaceType) -> i64 {
        match t {
            PlaceType::Huiskamer => self.huiskamer,
            PlaceType::Zelfbeheer => self.zelfbeheer,
            PlaceType::HuisVanDeWijk => self.huis_van_de_wijk,
        }
    }

    pub fn add(&mut self, t: PlaceType, n: i64) {
        let slot = match t {
            PlaceType::Huiskamer => &mut self.huiskamer,
            PlaceType::Zelfbeheer => &mut self.zelfbeheer,
            PlaceType::HuisVanDeWijk => &mut self.huis_van_de_wijk,
        };
        *slot += n;
    }

    /// Adds every type of `other`.
    pub fn add_all(&mut self, other: &TypeCounts) {
        for t in PlaceType::ALL {
            self.add(*t, other.get(*t));
        }
    }

    pub fn total(&self) -> i64 {
        PlaceType::ALL.iter().map(|t| self.get(*t)).sum()
    }
}
