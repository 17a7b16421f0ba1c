//! Raw place input (a CSV row, a GeoJSON feature, a web form) and its
//! parsing into [`PlaceFields`]. Every problem is reported per field with a
//! Fluent key, so forms can show it next to the field and importers can list
//! it per row.

use chrono::NaiveDate;
use serde::Deserialize;

use super::area::{AreaLevel, CbsCode};
use super::opening_hours::OpeningHours;
use super::place::{
    CATEGORIES, Initiator, PlaceFields, PlaceName, PlaceStatus, PlaceType, Precision, TargetGroup,
};

/// One problem with one field: `field` is the Dutch column / form field name
/// (see [`PlaceInput::FIELDS`]), `key` a translation key in `locales/*/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub key: &'static str,
}

/// Every field as the user typed it. Serde names are the Dutch column names
/// documented in `docs/import.md`; missing fields are empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct PlaceInput {
    #[serde(rename = "naam")]
    pub name: String,
    #[serde(rename = "type")]
    pub place_type: String,
    #[serde(rename = "categorie")]
    pub category: String,
    #[serde(rename = "omschrijving")]
    pub description: String,
    #[serde(rename = "adres")]
    pub address: String,
    pub postcode: String,
    /// WGS84 longitude; use either lon/lat or x/y.
    pub lon: String,
    pub lat: String,
    /// RD New (EPSG:28992) coordinates in metres.
    pub x: String,
    pub y: String,
    #[serde(rename = "precisie")]
    pub precision: String,
    /// CBS wijk code, used when there is no point.
    pub wijk: String,
    /// CBS buurt code, used when there is no point; wins over `wijk`.
    pub buurt: String,
    #[serde(rename = "initiatiefnemer")]
    pub initiator: String,
    /// Slugs separated by `;` (a comma works too).
    #[serde(rename = "doelgroepen")]
    pub target_groups: String,
    #[serde(rename = "openingstijden")]
    pub opening_hours: String,
    #[serde(rename = "begane_grond")]
    pub ground_floor: String,
    #[serde(rename = "rolstoel")]
    pub wheelchair: String,
    #[serde(rename = "zichtbaar_vanaf_straat")]
    pub street_visible: String,
    #[serde(rename = "geen_balie")]
    pub no_reception: String,
    #[serde(rename = "telefoon")]
    pub phone: String,
    pub email: String,
    pub website: String,
    #[serde(rename = "opgericht")]
    pub founded_year: String,
    pub status: String,
    #[serde(rename = "opgeheven_op")]
    pub closed_on: String,
    #[serde(rename = "reden_opheffing")]
    pub closing_reason: String,
    #[serde(rename = "gecontroleerd_op")]
    pub last_verified: String,
    #[serde(rename = "bron")]
    pub source: String,
}

const ADDRESS_MAX: usize = 200;
const DESCRIPTION_MAX: usize = 4000;
const SHORT_TEXT_MAX: usize = 500;
const EMAIL_MAX: usize = 254;

impl PlaceInput {
    /// The accepted field / column names, in documentation order.
    pub const FIELDS: &'static [&'static str] = &[
        "naam",
        "type",
        "categorie",
        "omschrijving",
        "adres",
        "postcode",
        "lon",
        "lat",
        "x",
        "y",
        "precisie",
        "wijk",
        "buurt",
        "initiatiefnemer",
        "doelgroepen",
        "openingstijden",
        "begane_grond",
        "rolstoel",
        "zichtbaar_vanaf_straat",
        "geen_balie",
        "telefoon",
        "email",
        "website",
        "opgericht",
        "status",
        "opgeheven_op",
        "reden_opheffing",
        "gecontroleerd_op",
        "bron",
    ];

    /// Validates every field and collects every problem, not just the first.
    pub fn parse(&self) -> Result<PlaceFields, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut check = |field: &'static str, r: Result<(), &'static str>| {
            if let Err(key) = r {
                errs.push(FieldError { field, key });
            }
        };

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
            Some(d) if d > chrono::Utc::now().date_naive() => Err("error-date-future"),
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
    fn parse_point(&self) -> Result<Option<(f64, f64)>, (&'static str, &'static str)> {
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

fn choice<T>(s: &str, parse: fn(&str) -> Option<T>, key: &'static str) -> Result<T, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Err("error-required");
    }
    parse(&s.to_lowercase().replace([' ', '-'], "_")).ok_or(key)
}

fn max_len(s: &str, max: usize, key: &'static str) -> Result<(), &'static str> {
    if s.chars().count() > max { Err(key) } else { Ok(()) }
}

fn parse_category(s: &str) -> Result<&'static str, &'static str> {
    let s = s.trim().to_lowercase();
    if s.is_empty() {
        return Err("error-required");
    }
    CATEGORIES.iter().copied().find(|c| *c == s).ok_or("error-category")
}

/// A Dutch postcode, normalised to "1234 AB"; empty is fine.
fn parse_postcode(s: &str) -> Result<String, &'static str> {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Ok(String::new());
    }
    let b = compact.as_bytes();
    let ok = b.len() == 6
        && b[0] != b'0'
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4..].iter().all(u8::is_ascii_alphabetic);
    if ok {
        Ok(format!("{} {}", &compact[..4], compact[4..].to_ascii_uppercase()))
    } else {
        Err("error-postcode")
    }
}

fn parse_area_code(s: &str, level: AreaLevel) -> Result<Option<CbsCode>, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match CbsCode::parse(s) {
        Some(code) if code.level() == level => Ok(Some(code)),
        _ => Err("error-area-code"),
    }
}

fn parse_target_groups(s: &str) -> Result<Vec<TargetGroup>, &'static str> {
    let mut groups = Vec::new();
    for part in s.split([';', ',']).map(str::trim).filter(|p| !p.is_empty()) {
        let group = TargetGroup::parse(&part.to_lowercase()).ok_or("error-choice-target-group")?;
        if !groups.contains(&group) {
            groups.push(group);
        }
    }
    Ok(groups)
}

/// ja/nee; empty (or "onbekend") means not known.
pub fn parse_yes_no(s: &str) -> Result<Option<bool>, &'static str> {
    match s.trim().to_lowercase().as_str() {
        "" | "onbekend" | "?" => Ok(None),
        "ja" | "j" | "yes" | "y" | "true" | "1" | "waar" => Ok(Some(true)),
        "nee" | "n" | "no" | "false" | "0" | "onwaar" => Ok(Some(false)),
        _ => Err("error-choice-yes-no"),
    }
}

/// Dutch numbers: 10 digits (or +31 and 9 more), or a short service number
/// such as 14 010. Kept as typed, without the noise.
fn parse_phone(s: &str) -> Result<String, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(String::new());
    }
    if !s.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c)) {
        return Err("error-phone");
    }
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let plus_ok = !s[1..].contains('+');
    let ok = plus_ok && ((10..=15).contains(&digits) || (s.starts_with("14") && digits <= 7));
    if ok { Ok(s.split_whitespace().collect::<Vec<_>>().join(" ")) } else { Err("error-phone") }
}

fn parse_email(s: &str) -> Result<String, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(String::new());
    }
    if s.len() > EMAIL_MAX {
        return Err("error-too-long");
    }
    let valid = match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
                && !s.chars().any(|c| c.is_whitespace() || c == ',' || c == ';' || c == '<')
        }
        None => false,
    };
    if valid { Ok(s.to_owned()) } else { Err("error-email") }
}

/// http(s) addresses; "www.example.nl" gets https:// in front.
fn parse_website(s: &str) -> Result<String, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(String::new());
    }
    if s.len() > SHORT_TEXT_MAX {
        return Err("error-too-long");
    }
    let lower = s.to_ascii_lowercase();
    let url = if lower.starts_with("http://") || lower.starts_with("https://") {
        s.to_owned()
    } else if lower.contains("://") {
        return Err("error-url");
    } else {
        format!("https://{s}")
    };
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or_default();
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_ok = host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-' || c == ':');
    if host_ok && !url.chars().any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>') {
        Ok(url)
    } else {
        Err("error-url")
    }
}

fn parse_year(s: &str) -> Result<Option<i32>, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<i32>() {
        Ok(y) if (1800..=2100).contains(&y) => Ok(Some(y)),
        _ => Err("error-founded-year"),
    }
}

/// 2016-01-31 or the Dutch 31-01-2016.
pub fn parse_date(s: &str) -> Result<Option<NaiveDate>, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d-%m-%Y"))
        .map(Some)
        .map_err(|_| "error-date")
}

/// Accepts a decimal comma too, as Dutch spreadsheets write it.
fn number(s: &str) -> Option<f64> {
    let s = s.trim();
    let s = if s.contains('.') { s.to_owned() } else { s.replace(',', ".") };
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// RD New (EPSG:28992) to WGS84 with the approximation formulas of
/// Schreutelkamp and Strang van Hees (accurate to about a metre), so parsing
/// needs no database.
pub fn rd_to_wgs84(x: f64, y: f64) -> (f64, f64) {
    const K: &[(i32, i32, f64)] = &[
        (0, 1, 3235.65389),
        (2, 0, -32.58297),
        (0, 2, -0.24750),
        (2, 1, -0.84978),
        (0, 3, -0.06550),
        (2, 2, -0.01709),
        (1, 0, -0.00738),
        (4, 0, 0.00530),
        (2, 3, -0.00039),
        (4, 1, 0.00033),
        (1, 1, -0.00012),
    ];
    const L: &[(i32, i32, f64)] = &[
        (1, 0, 5260.52916),
        (1, 1, 105.94684),
        (1, 2, 2.45656),
        (3, 0, -0.81885),
        (1, 3, 0.05594),
        (3, 1, -0.05607),
        (0, 1, 0.01199),
        (3, 2, -0.00256),
        (1, 4, 0.00128),
        (0, 2, 0.00022),
        (2, 0, -0.00022),
        (5, 0, 0.00026),
    ];
    let dx = (x - 155_000.0) * 1e-5;
    let dy = (y - 463_000.0) * 1e-5;
    let sum = |terms: &[(i32, i32, f64)]| {
        terms.iter().map(|(p, q, c)| c * dx.powi(*p) * dy.powi(*q)).sum::<f64>()
    };
    let lat = 52.155_174_40 + sum(K) / 3600.0;
    let lon = 5.387_206_21 + sum(L) / 3600.0;
    (lon, lat)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
