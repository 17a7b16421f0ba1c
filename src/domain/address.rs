//! Addresses typed in the place form and what a geocoder answers for them:
//! the question to ask, when to ask it (the point follows the address
//! unless the user set the point), and which answer is meant.

use serde::{Deserialize, Serialize};

use super::field_parse::parse_postcode;
use super::place_input::PlaceInput;

/// One answer of a geocoder (see `crate::geocode`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The service's id (`adr-…`, `pcd-…`), to look it up again.
    pub id: String,
    /// `adres`, `postcode`, `weg`, `woonplaats`, …
    pub kind: String,
    /// "Coolsingel 40, 3011AD Rotterdam".
    pub label: String,
    pub lon: f64,
    pub lat: f64,
    pub street: Option<String>,
    /// With letter and addition: "40A-2".
    pub house_number: Option<String>,
    /// Spaced: "3011 AD".
    pub postcode: Option<String>,
    pub town: Option<String>,
    pub buurtcode: Option<String>,
    pub wijkcode: Option<String>,
    /// With the CBS prefix: "GM0599".
    pub gemeentecode: Option<String>,
}

/// Which of a geocoder's answers the typed address means.
#[derive(Debug, Clone, PartialEq)]
pub enum AddressMatch<'a> {
    One(&'a Candidate),
    /// Several could be meant: the user chooses.
    Several,
    NotFound,
}

/// "10 a-2" → "10a2": a house number compared without spaces or dashes.
fn number_key(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase()
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase()
}

/// The street and house number of "Gouvernestraat 10 A": everything up to
/// the last word that starts with a digit, and that word with what follows
/// ("1e Middellandstraat 8" keeps "1e" in the street).
fn split_address(address: &str) -> (String, Option<String>) {
    let words: Vec<&str> = address.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    match words.iter().rposition(|w| w.starts_with(|c: char| c.is_ascii_digit())) {
        Some(i) => (words[..i].join(" "), Some(number_key(&words[i..].concat()))),
        None => (words.join(" "), None),
    }
}

impl Candidate {
    /// "Coolsingel 40A-2", as the place form's address field holds it.
    pub fn street_address(&self) -> Option<String> {
        match (&self.street, &self.house_number) {
            (Some(s), Some(n)) => Some(format!("{s} {n}")),
            _ => None,
        }
    }

    /// Whether this is exactly the typed address: the same house number
    /// (with letter and addition), and the same postcode and street where
    /// they were typed.
    fn is_exactly(&self, input: &PlaceInput) -> bool {
        let (street, number) = split_address(&input.address);
        let Some(number) = number else { return false };
        let same_number = self.house_number.as_deref().map(number_key) == Some(number);
        let postcode = compact(&input.postcode);
        let same_postcode =
            postcode.is_empty() || self.postcode.as_deref().map(compact) == Some(postcode);
        let same_street = street.is_empty()
            || self.street.as_deref().map(str::to_lowercase) == Some(street.to_lowercase());
        same_number && same_postcode && same_street
    }
}

impl PlaceInput {
    /// What to ask the geocoder: "Coolsingel 40 3011 AD", or "40 3011 AD"
    /// (postcode and house number). `None` without an address: a postcode
    /// alone does not say which house.
    pub fn address_query(&self) -> Option<String> {
        let address = self.address.trim();
        if address.is_empty() || !address.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        let postcode = parse_postcode(&self.postcode).unwrap_or_else(|_| self.postcode.clone());
        Some(format!("{address} {}", postcode.trim()).trim().to_owned())
    }

    fn has_typed_point(&self) -> bool {
        [&self.lon, &self.lat, &self.x, &self.y].iter().any(|v| !v.trim().is_empty())
    }

    /// Whether the point should be found from the address: a new place
    /// with an address and no point; an edit whose address changed while
    /// its point did not (the point follows the address, unless the user
    /// moved the point too). `before` is the stored place.
    pub fn wants_geocoding(&self, before: Option<&PlaceInput>) -> bool {
        if self.address_query().is_none() {
            return false;
        }
        let Some(before) = before else { return !self.has_typed_point() };
        let postcode = |i: &PlaceInput| compact(&i.postcode);
        let address_changed = compact(&self.address) != compact(&before.address)
            || postcode(self) != postcode(before);
        let point_kept =
            self.lon.trim() == before.lon.trim() && self.lat.trim() == before.lat.trim();
        address_changed && (point_kept || !self.has_typed_point())
    }

    /// Which of `found` is meant: the one that is exactly the typed
    /// address, or the only one.
    pub fn best_match<'a>(&self, found: &'a [Candidate]) -> AddressMatch<'a> {
        let exact: Vec<&Candidate> = found.iter().filter(|c| c.is_exactly(self)).collect();
        match (exact.as_slice(), found) {
            ([one], _) => AddressMatch::One(one),
            ([], [one]) => AddressMatch::One(one),
            (_, []) => AddressMatch::NotFound,
            _ => AddressMatch::Several,
        }
    }

    /// Takes the point, street address and postcode of `c`. The buurt then
    /// follows from the point (`db::places::resolve_areas`).
    pub fn take_address(&mut self, c: &Candidate) {
        self.lon = format!("{:.6}", c.lon);
        self.lat = format!("{:.6}", c.lat);
        self.x.clear();
        self.y.clear();
        if let Some(a) = c.street_address() {
            self.address = a;
        }
        if let Some(p) = &c.postcode {
            self.postcode = p.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(street: &str, number: &str, postcode: &str) -> Candidate {
        Candidate {
            id: ["adr", street, number].join("-"),
            kind: "adres".into(),
            label: format!("{street} {number}, {postcode} Rotterdam"),
            lon: 4.46,
            lat: 51.91,
            street: Some(street.into()),
            house_number: Some(number.into()),
            postcode: Some(postcode.into()),
            town: Some("Rotterdam".into()),
            buurtcode: None,
            wijkcode: None,
            gemeentecode: Some("GM0599".into()),
        }
    }

    fn typed(address: &str, postcode: &str) -> PlaceInput {
        PlaceInput { address: address.into(), postcode: postcode.into(), ..Default::default() }
    }

    #[test]
    fn the_question_joins_address_and_normalised_postcode() {
        assert_eq!(
            typed("Coolsingel 40", "3011ad").address_query().as_deref(),
            Some("Coolsingel 40 3011 AD")
        );
        assert_eq!(typed("12", "3014 GA").address_query().as_deref(), Some("12 3014 GA"));
        assert_eq!(typed("", "3014 GA").address_query(), None);
        assert_eq!(typed("Coolsingel", "").address_query(), None, "no house number");
    }

    #[test]
    fn the_exact_address_wins_over_its_neighbours() {
        let found =
            [cand("Gouvernestraat", "10", "3014 PM"), cand("Gouvernestraat", "10A", "3014 PM")];
        assert_eq!(typed("Gouvernestraat 10", "").best_match(&found), AddressMatch::One(&found[0]));
        assert_eq!(
            typed("gouvernestraat 10 a", "3014PM").best_match(&found),
            AddressMatch::One(&found[1])
        );
        assert_eq!(typed("Gouvernestraat 1", "").best_match(&found), AddressMatch::Several);
        assert_eq!(
            typed("Gouvernestraat 10", "").best_match(&found[1..]),
            AddressMatch::One(&found[1])
        );
        assert_eq!(typed("Nergensweg 1", "").best_match(&[]), AddressMatch::NotFound);
        let towns = [cand("Kerkstraat", "1", "3011 AA"), cand("Kerkstraat", "1", "2611 BB")];
        assert_eq!(typed("Kerkstraat 1", "").best_match(&towns), AddressMatch::Several);
    }

    #[test]
    fn the_point_follows_the_address_unless_the_user_set_it() {
        let before =
            PlaceInput { lon: "4.1".into(), lat: "51.9".into(), ..typed("Oud 1", "3011 AA") };
        // A new place without a point: ask.
        assert!(typed("Nieuw 2", "").wants_geocoding(None));
        // A new place with a typed point: the point wins.
        let pointed = PlaceInput { lon: "4.2".into(), lat: "51.95".into(), ..typed("Nieuw 2", "") };
        assert!(!pointed.wants_geocoding(None));
        // An edit that changes the address but keeps the point: ask.
        let moved = PlaceInput { address: "Nieuw 2".into(), ..before.clone() };
        assert!(moved.wants_geocoding(Some(&before)));
        // An edit that changes both: the user's point wins.
        let both = PlaceInput { lon: "4.2".into(), ..moved.clone() };
        assert!(!both.wants_geocoding(Some(&before)));
        // An unchanged address (or one written another way): no question.
        let same = PlaceInput { postcode: "3011aa".into(), ..before.clone() };
        assert!(!same.wants_geocoding(Some(&before)));
    }

    #[test]
    fn taking_an_address_sets_point_street_and_postcode() {
        let mut input = typed("12", "3014ga");
        input.x = "92000".into();
        input.take_address(&cand("Gaffelstraat", "12", "3014 GA"));
        assert_eq!(input.address, "Gaffelstraat 12");
        assert_eq!(input.postcode, "3014 GA");
        assert_eq!((input.lon.as_str(), input.lat.as_str()), ("4.460000", "51.910000"));
        assert!(input.x.is_empty());
    }
}
