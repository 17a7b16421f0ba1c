//! Parsing raw place input (a CSV row, a GeoJSON feature, a web form) into
//! [`PlaceFields`]. Every problem is reported per field with a
//! Fluent key, so forms can show it next to the field and importers can list
//! it per row.

use chrono::NaiveDate;

use super::area::AreaLevel;
use super::field_parse::{
    SHORT_TEXT_MAX, choice, max_len, number, parse_area_code, parse_category, parse_email,
    parse_phone, parse_postcode, parse_target_groups, parse_website, parse_year,
};
pub use super::field_parse::{parse_date, parse_yes_no, rd_to_wgs84};
use super::opening_hours::OpeningHours;
use super::place::{Initiator, PlaceFields, PlaceName, PlaceStatus, PlaceType, Precision};
use super::place_field::PlaceField;
pub use super::place_field::PlaceInput;
use super::text;

/// One problem with one field: `field` is the Dutch column / form field name
/// (see [`PlaceInput::FIELDS`]), `key` a translation key in `locales/*/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub key: &'static str,
}

const ADDRESS_MAX: usize = 200;
const DESCRIPTION_MAX: usize = 4000;

impl PlaceInput {
    /// Validates every field and collects every problem, not just the first.
    pub fn parse(&self) -> Result<PlaceFields, Vec<FieldError>> {
        self.parse_on(OpeningHours::today())
    }

    /// [`Self::parse`] on the given Dutch date: a check date after it is
    /// refused.
    pub fn parse_on(&self, today: NaiveDate) -> Result<PlaceFields, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut check = |field: &'static str, r: Result<(), &'static str>| {
            if let Err(key) = r {
                errs.push(FieldError { field, key });
            }
        };

        // First, so a NUL byte never reaches a parser or the database.
        for f in PlaceField::ALL {
            let multiline = matches!(f, PlaceField::Description | PlaceField::ClosingReason);
            check(f.name(), text::check(f.get(self), multiline));
        }

        let name = PlaceName::parse(&self.name);
        check("naam", name.as_ref().map(|_| ()).map_err(|k| *k));

        let place_type = choice(&self.place_type, PlaceType::parse, "error-choice-type");
        check("type", place_type.map(|_| ()));

        let category = parse_category(&self.category);
        check("categorie", category.map(|_| ()));

        let description = self.description.trim();
        check("omschrijving", max_len(description, DESCRIPTION_MAX, "error-text-too-long"));
        let address = self.address.trim();
        check("adres", max_len(address, ADDRESS_MAX, "error-too-long"));
        let postcode = parse_postcode(&self.postcode);
        check("postcode", postcode.as_ref().map(|_| ()).map_err(|k| *k));

        let point = self.parse_point();
        if let Err((field, key)) = point {
            check(field, Err(key));
        }

        let precision = if self.precision.trim().is_empty() {
            // Privacy first: without a choice, show only the buurt.
            Ok(Precision::Buurt)
        } else {
            choice(&self.precision, Precision::parse, "error-choice-precision")
        };
        check("precisie", precision.map(|_| ()));

        let buurt = parse_area_code(&self.buurt, AreaLevel::Buurt);
        check("buurt", buurt.as_ref().map(|_| ()).map_err(|k| *k));
        let wijk = parse_area_code(&self.wijk, AreaLevel::Wijk);
        check("wijk", wijk.as_ref().map(|_| ()).map_err(|k| *k));

        let initiator = choice(&self.initiator, Initiator::parse, "error-choice-initiator");
        check("initiatiefnemer", initiator.map(|_| ()));
        let target_groups = parse_target_groups(&self.target_groups);
        check("doelgroepen", target_groups.as_ref().map(|_| ()).map_err(|k| *k));
        let opening_hours = OpeningHours::parse(&self.opening_hours);
        check("openingstijden", opening_hours.as_ref().map(|_| ()).map_err(|k| *k));

        let ground_floor = parse_yes_no(&self.ground_floor);
        check("begane_grond", ground_floor.map(|_| ()));
        let wheelchair = parse_yes_no(&self.wheelchair);
        check("rolstoel", wheelchair.map(|_| ()));
        let street_visible = parse_yes_no(&self.street_visible);
        check("zichtbaar_vanaf_straat", street_visible.map(|_| ()));
        let no_reception = parse_yes_no(&self.no_reception);
        check("geen_balie", no_reception.map(|_| ()));

        let phone = parse_phone(&self.phone);
        check("telefoon", phone.as_ref().map(|_| ()).map_err(|k| *k));
        let email = parse_email(&self.email);
        check("email", email.as_ref().map(|_| ()).map_err(|k| *k));
        let website = parse_website(&self.website);
        check("website", website.as_ref().map(|_| ()).map_err(|k| *k));
        let founded_year = parse_year(&self.founded_year);
        check("opgericht", founded_year.map(|_| ()));

        let status = if self.status.trim().is_empty() {
            Ok(PlaceStatus::Actief)
        } else {
            choice(&self.status, PlaceStatus::parse, "error-choice-status")
        };
        check("status", status.map(|_| ()));
        let closed_on = parse_date(&self.closed_on);
        check("opgeheven_op", closed_on.map(|_| ()));
        match (status, closed_on) {
            (Ok(PlaceStatus::Opgeheven), Ok(None)) => {
                check("opgeheven_op", Err("error-closed-needs-date"))
            }
            (Ok(s), Ok(Some(_))) if s != PlaceStatus::Opgeheven => {
                check("opgeheven_op", Err("error-closed-date-not-closed"))
            }
            _ => {}
        }
        let closing_reason = self.closing_reason.trim();
        check("reden_opheffing", max_len(closing_reason, SHORT_TEXT_MAX, "error-too-long"));
        let last_verified = parse_date(&self.last_verified).and_then(|d| match d {
            Some(d) if d > today => Err("error-date-future"),
            d => Ok(d),
        });
        check("gecontroleerd_op", last_verified.map(|_| ()));
        let source = self.source.trim();
        check("bron", max_len(source, SHORT_TEXT_MAX, "error-too-long"));

        if !errs.is_empty() {
            return Err(errs);
        }
        // Every result is Ok here; `ok()?`-style unwrapping is not possible
        // inside a Result<_, Vec<_>>, so unwrap with that knowledge.
        let fields = (|| {
            Some(PlaceFields {
                name: name.ok()?,
                place_type: place_type.ok()?,
                category: category.ok()?.to_owned(),
                description: description.to_owned(),
                address: address.to_owned(),
                postcode: postcode.ok()?,
                point: point.ok()?,
                precision: precision.ok()?,
                manual_area: buurt.ok()?.or(wijk.ok()?),
                initiator: initiator.ok()?,
                target_groups: target_groups.ok()?,
                opening_hours: opening_hours.ok()?.map(|o| o.raw().to_owned()).unwrap_or_default(),
                ground_floor: ground_floor.ok()?,
                wheelchair: wheelchair.ok()?,
                street_visible: street_visible.ok()?,
                no_reception: no_reception.ok()?,
                phone: phone.ok()?,
                email: email.ok()?,
                website: website.ok()?,
                founded_year: founded_year.ok()?,
                status: status.ok()?,
                closed_on: closed_on.ok()?,
                closing_reason: closing_reason.to_owned(),
                last_verified: last_verified.ok()?,
                source: source.to_owned(),
            })
        })();
        fields.ok_or_else(Vec::new)
    }

    /// The WGS84 point from lon/lat or RD New x/y; `None` when neither is
    /// given. The error names the field that is wrong.
    pub fn parse_point(&self) -> Result<Option<(f64, f64)>, (&'static str, &'static str)> {
        let wgs = (self.lon.trim(), self.lat.trim());
        let rd = (self.x.trim(), self.y.trim());
        let has_wgs = !wgs.0.is_empty() || !wgs.1.is_empty();
        let has_rd = !rd.0.is_empty() || !rd.1.is_empty();
        match (has_wgs, has_rd) {
            (false, false) => Ok(None),
            (true, true) => Err(("lon", "error-coordinates-both")),
            (true, false) => {
                let lon = number(wgs.0).ok_or(("lon", "error-coordinates"))?;
                let lat = number(wgs.1).ok_or(("lat", "error-coordinates"))?;
                if !(3.0..=7.5).contains(&lon) || !(50.5..=53.8).contains(&lat) {
                    return Err(("lon", "error-coordinates-outside-nl"));
                }
                Ok(Some((lon, lat)))
            }
            (false, true) => {
                let x = number(rd.0).ok_or(("x", "error-coordinates"))?;
                let y = number(rd.1).ok_or(("y", "error-coordinates"))?;
                if !(0.0..=300_000.0).contains(&x) || !(300_000.0..=625_000.0).contains(&y) {
                    return Err(("x", "error-coordinates-outside-nl"));
                }
                Ok(Some(rd_to_wgs84(x, y)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::place::TargetGroup;

    fn valid() -> PlaceInput {
        PlaceInput {
            name: "Huiskamer De Brug".into(),
            place_type: "huiskamer".into(),
            category: "huiskamer".into(),
            initiator: "bewoners".into(),
            lon: "4.468".into(),
            lat: "51.918".into(),
            ..Default::default()
        }
    }

    fn keys(input: &PlaceInput) -> Vec<(&'static str, &'static str)> {
        input.parse().unwrap_err().into_iter().map(|e| (e.field, e.key)).collect()
    }

    #[test]
    fn minimal_input_gets_safe_defaults() {
        let f = valid().parse().unwrap();
        assert_eq!(f.name.as_str(), "Huiskamer De Brug");
        assert_eq!(f.precision, Precision::Buurt);
        assert_eq!(f.status, PlaceStatus::Actief);
        assert_eq!(f.point, Some((4.468, 51.918)));
        assert!(f.target_groups.is_empty());
    }

    #[test]
    fn every_bad_field_is_reported_with_its_own_key() {
        let input = PlaceInput {
            name: " ".into(),
            place_type: "kroeg".into(),
            category: "zwembad".into(),
            initiator: String::new(),
            lon: "abc".into(),
            opening_hours: "maandag".into(),
            email: "piet@".into(),
            website: "ftp://x.nl".into(),
            phone: "bel me".into(),
            founded_year: "1700".into(),
            status: "opgeheven".into(),
            wheelchair: "misschien".into(),
            target_groups: "ouderen;katten".into(),
            postcode: "123".into(),
            buurt: "WK059901".into(),
            last_verified: "31-02-2020".into(),
            ..valid()
        };
        let got = keys(&input);
        for want in [
            ("naam", "error-required"),
            ("type", "error-choice-type"),
            ("categorie", "error-category"),
            ("initiatiefnemer", "error-required"),
            ("lon", "error-coordinates"),
            ("openingstijden", "error-opening-hours"),
            ("email", "error-email"),
            ("website", "error-url"),
            ("telefoon", "error-phone"),
            ("opgericht", "error-founded-year"),
            ("opgeheven_op", "error-closed-needs-date"),
            ("rolstoel", "error-choice-yes-no"),
            ("doelgroepen", "error-choice-target-group"),
            ("postcode", "error-postcode"),
            ("buurt", "error-area-code"),
            ("gecontroleerd_op", "error-date"),
        ] {
            assert!(got.contains(&want), "missing {want:?} in {got:?}");
        }
    }

    #[test]
    fn normalises_contact_details_and_lists() {
        let f = PlaceInput {
            postcode: "3014ab".into(),
            website: "www.voorbeeld.nl".into(),
            phone: "010 - 123  45 67".into(),
            target_groups: "ouderen; iedereen;ouderen".into(),
            wheelchair: "Ja".into(),
            closed_on: String::new(),
            last_verified: "15-03-2024".into(),
            ..valid()
        }
        .parse()
        .unwrap();
        assert_eq!(f.postcode, "3014 AB");
        assert_eq!(f.website, "https://www.voorbeeld.nl");
        assert_eq!(f.phone, "010 - 123 45 67");
        assert_eq!(f.target_groups, vec![TargetGroup::Ouderen, TargetGroup::Iedereen]);
        assert_eq!(f.wheelchair, Some(true));
        assert_eq!(f.last_verified, NaiveDate::from_ymd_opt(2024, 3, 15));
    }

    #[test]
    fn rd_coordinates_become_wgs84() {
        let (lon, lat) = rd_to_wgs84(92_000.0, 437_000.0);
        // PostGIS ST_Transform gives 4.47146, 51.91792 for this point.
        assert!((lon - 4.471_46).abs() < 0.000_05, "{lon}");
        assert!((lat - 51.917_92).abs() < 0.000_05, "{lat}");
        let input = PlaceInput { lon: String::new(), lat: String::new(), ..valid() };
        let f = PlaceInput { x: "92000".into(), y: "437000".into(), ..input.clone() }.parse();
        assert!(f.unwrap().point.is_some());
        let both = PlaceInput { x: "92000".into(), y: "437000".into(), ..valid() };
        assert_eq!(keys(&both), vec![("lon", "error-coordinates-both")]);
        let swapped = PlaceInput { lon: "51.9".into(), lat: "4.4".into(), ..valid() };
        assert_eq!(keys(&swapped), vec![("lon", "error-coordinates-outside-nl")]);
    }

    #[test]
    fn closing_date_belongs_to_closed_places() {
        let open = PlaceInput { closed_on: "2016-01-01".into(), ..valid() };
        assert_eq!(keys(&open), vec![("opgeheven_op", "error-closed-date-not-closed")]);
        let closed =
            PlaceInput { status: "opgeheven".into(), closed_on: "2016-01-01".into(), ..valid() };
        assert_eq!(closed.parse().unwrap().status, PlaceStatus::Opgeheven);
    }

    /// The check date is compared with the Dutch date: just after midnight
    /// in the Netherlands, a check "today" is not in the future although
    /// the UTC date is still yesterday's.
    #[test]
    fn a_check_today_is_accepted_and_tomorrow_refused() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let on = |d: &str| PlaceInput { last_verified: d.into(), ..valid() }.parse_on(today);
        assert_eq!(on("2026-12-02").unwrap().last_verified, Some(today));
        let tomorrow = on("2026-12-03").unwrap_err();
        assert_eq!(
            tomorrow,
            vec![FieldError { field: "gecontroleerd_op", key: "error-date-future" }]
        );
    }
}
