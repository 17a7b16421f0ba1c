//! Meeting places: types, precision, status and the other closed lists.

use super::slug_enum;

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
    /// Open as usual: neither temporarily closed nor closed for good.
    pub fn is_active(self) -> bool {
        self == PlaceStatus::Actief
    }
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

    pub fn as_str(&self) -> &str {
        &self.0
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
