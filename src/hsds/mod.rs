//! Open Referral HSDS 3.0: one place as HSDS objects, written once for the
//! file export (`export::hsds`) and the API (`web::handlers::api::hsds`).
//! Each place becomes one organization (the initiative) with one service
//! (meeting), one location, the service at that location and its
//! schedules. Derived ids are UUID v5 of the place id (the organization's
//! id) and the part's name, so they stay the same between responses; the
//! database finds a place by them through the indexes of migration 0090.
//!
//! Only fields the row already holds are used, so the privacy rules of the
//! query (`public_places`) carry over to every object.

pub mod schedule;
pub mod taxonomy;

use serde_json::{Value, json};
use uuid::Uuid;

use crate::db::export::ExportPlace;
use crate::domain::place::PlaceStatus;
use schedule::{WeekPeriods, schedules_from};

/// The HSDS version the export and the API follow.
pub const VERSION: &str = "3.0.1";

/// The parts of a place's record with an id of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Service,
    Location,
    ServiceAtLocation,
}

impl Part {
    pub fn name(self) -> &'static str {
        match self {
            Part::Service => "service",
            Part::Location => "location",
            Part::ServiceAtLocation => "service_at_location",
        }
    }
}

/// The id of a part of a place's HSDS record (`service`, `location`, ...).
pub fn part_id(place: Uuid, part: &str) -> Uuid {
    Uuid::new_v5(&place, part.as_bytes())
}

/// HSDS's service status for ours.
fn service_status(status: PlaceStatus) -> &'static str {
    match status {
        PlaceStatus::Actief => "active",
        PlaceStatus::TijdelijkGesloten => "temporarily closed",
        PlaceStatus::Opgeheven => "defunct",
    }
}

/// An HSDS `uri`: people type `www.example.nl`; a scheme makes it one.
/// Anything that still is not a plain web address is left out.
pub fn web_uri(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let with_scheme = if s.starts_with("http://") || s.starts_with("https://") {
        s.to_owned()
    } else {
        format!("https://{s}")
    };
    let host = with_scheme.split("://").nth(1)?.split(['/', '?', '#']).next()?;
    (host.contains('.') && !host.starts_with('.')).then_some(with_scheme)
}

fn email(s: &str) -> Option<String> {
    crate::domain::user::Email::parse(s).ok().map(|e| e.to_string())
}

/// Six decimals, as every export writes coordinates.
fn round6(x: f64) -> f64 {
    crate::export::round6(x)
}

/// A place's HSDS objects, each with its one-to-one fields and the
/// children only it holds (a service its schedules and attributes, a
/// location its address and accessibility). The nested documents of the
/// API and the export are put together from these.
#[derive(Debug, Clone)]
pub struct Record {
    pub organization: Value,
    pub service: Value,
    pub location: Value,
    pub service_at_location: Value,
}

impl Record {
    /// `protected`: the row holds exact points (a gemeente's export), so
    /// no point is described as approximate.
    pub fn new(p: &ExportPlace, periods: &WeekPeriods, protected: bool) -> Self {
        let mut record = Self::one_to_one(p);
        let service_id = part_id(p.id, Part::Service.name());
        let location_id = part_id(p.id, Part::Location.name());
        if !p.phone.trim().is_empty() {
            record.organization["phones"] = json!([{
                "id": part_id(p.id, "phone"),
                "organization_id": p.id,
                "number": p.phone.trim(),
            }]);
        }
        record.service["schedules"] =
            Value::Array(schedules_from(&p.opening_hours, periods, service_id));
        record.service["attributes"] = Value::Array(attributes(p, service_id));
        record.location = location(p, location_id, protected);
        record
    }

    /// Only the one-to-one fields of the organization, the service and the
    /// service at location (the location is `null`): what the API's lists
    /// give without `full`, made without the children they would drop
    /// (schedules, attributes, phones, the location), which were most of
    /// the work of a page.
    pub fn one_to_one(p: &ExportPlace) -> Self {
        let service_id = part_id(p.id, Part::Service.name());
        let location_id = part_id(p.id, Part::Location.name());
        let description =
            if p.description.trim().is_empty() { p.name.as_str() } else { &p.description };
        let mut organization = json!({ "id": p.id, "name": p.name, "description": description });
        let mut service = json!({
            "id": service_id,
            "organization_id": p.id,
            "name": p.name,
            "description": description,
            "status": service_status(p.status),
        });
        if let Some(e) = email(&p.email) {
            organization["email"] = Value::String(e.clone());
            service["email"] = Value::String(e);
        }
        if let Some(w) = web_uri(&p.website) {
            organization["website"] = Value::String(w.clone());
            service["url"] = Value::String(w);
        }
        if let Some(y) = p.founded_year {
            organization["year_incorporated"] = json!(y);
        }
        if !p.closing_reason.is_empty() {
            service["alert"] = Value::String(p.closing_reason.clone());
        }
        if let Some(d) = p.last_verified {
            service["assured_date"] = Value::String(d.to_string());
        }
        service["last_modified"] =
            Value::String(p.updated_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        let service_at_location = json!({
            "id": part_id(p.id, Part::ServiceAtLocation.name()),
            "service_id": service_id,
            "location_id": location_id,
        });
        Self { organization, service, location: Value::Null, service_at_location }
    }

    /// The organization with its locations and services (full services, or
    /// only their one-to-one fields), as the export and
    /// `/organizations/{id}` give it.
    pub fn organization_full(&self, full_service: bool) -> Value {
        let mut org = self.organization.clone();
        let service = if full_service {
            let mut s = self.service.clone();
            s["service_at_locations"] = json!([self.service_at_location]);
            s
        } else {
            one_to_one(self.service.clone())
        };
        org["services"] = json!([service]);
        org["locations"] = json!([self.location]);
        org
    }

    /// The service with its organization, and its service at location
    /// holding the location: `/services/{id}`.
    pub fn service_full(&self) -> Value {
        let mut s = self.service.clone();
        let mut sal = self.service_at_location.clone();
        sal["location"] = self.location.clone();
        s["service_at_locations"] = json!([sal]);
        s["organization"] = self.organization.clone();
        s
    }

    /// The service at location with its service (and organization) and
    /// location: `/service_at_locations/{id}`.
    pub fn service_at_location_full(&self) -> Value {
        let mut sal = self.service_at_location.clone();
        let mut s = self.service.clone();
        s["organization"] = self.organization.clone();
        sal["service"] = s;
        sal["location"] = self.location.clone();
        sal
    }
}

/// The one-to-one fields of an object: what HSDS list endpoints give.
pub fn one_to_one(mut v: Value) -> Value {
    if let Value::Object(map) = &mut v {
        map.retain(|_, v| !v.is_array() && !v.is_object());
    }
    v
}

/// One attribute per taxonomy term of the place. The type attribute keeps
/// the id and value the export gave it before there were more taxonomies.
fn attributes(p: &ExportPlace, service_id: Uuid) -> Vec<Value> {
    taxonomy::terms_of(p)
        .into_iter()
        .map(|term| {
            let id = if term.taxonomy == taxonomy::Taxonomy::Type {
                part_id(p.id, "type")
            } else {
                part_id(p.id, &format!("attribute {}:{}", term.taxonomy.name(), term.code))
            };
            json!({
                "id": id,
                "link_id": service_id,
                "link_type": "service",
                "link_entity": "service",
                "taxonomy_term_id": term.id(),
                "value": term.code,
                "taxonomy_term": term.json(),
            })
        })
        .collect()
}

/// The location: the public point and address of the row, the CBS area it
/// lies in, and its accessibility.
fn location(p: &ExportPlace, location_id: Uuid, protected: bool) -> Value {
    let mut location = json!({
        "id": location_id,
        "location_type": "physical",
        "organization_id": p.id,
        "name": p.name,
        "external_identifier": p.buurt_code.as_deref().unwrap_or(&p.wijk_code),
        "external_identifier_type":
            if p.buurt_code.is_some() { "CBS buurtcode" } else { "CBS wijkcode" },
    });
    let area = match &p.buurt_name {
        Some(b) => format!("{b}, {}, {}", p.wijk_name, p.gemeente_name),
        None => format!("{}, {}", p.wijk_name, p.gemeente_name),
    };
    // A public row has the buurt's point for straat and buurt places,
    // also when it shows the street.
    let approx = !protected && !p.precision.is_public();
    location["description"] = Value::String(if approx {
        format!("Locatie bij benadering (midden van de buurt): {area}")
    } else {
        area
    });
    if let (Some(lon), Some(lat)) = (p.lon, p.lat) {
        location["longitude"] = json!(round6(lon));
        location["latitude"] = json!(round6(lat));
    }
    if !p.address.trim().is_empty() {
        location["addresses"] = json!([{
            "id": part_id(p.id, "address"),
            "location_id": location_id,
            "address_1": p.address,
            "city": p.gemeente_name,
            "state_province": "",
            "postal_code": p.postcode,
            "country": "NL",
            "address_type": "physical",
        }]);
    }
    let mut access = Vec::new();
    for (flag, yes, no, part) in [
        (p.wheelchair, "Rolstoeltoegankelijk", "Niet rolstoeltoegankelijk", "wheelchair"),
        (p.ground_floor, "Op de begane grond", "Niet op de begane grond", "ground floor"),
    ] {
        if let Some(b) = flag {
            access.push(json!({
                "id": part_id(p.id, part),
                "location_id": location_id,
                "description": if b { yes } else { no },
            }));
        }
    }
    if !access.is_empty() {
        location["accessibility"] = Value::Array(access);
    }
    location
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn websites_get_a_scheme() {
        assert_eq!(web_uri("www.buurthuis.nl").as_deref(), Some("https://www.buurthuis.nl"));
        assert_eq!(web_uri("http://x.nl/a").as_deref(), Some("http://x.nl/a"));
        assert_eq!(web_uri("geen site"), None);
        assert_eq!(web_uri("localhost"), None);
    }

    #[test]
    fn one_to_one_keeps_only_plain_fields() {
        let v = json!({ "id": 1, "name": "x", "schedules": [], "organization": {} });
        assert_eq!(one_to_one(v), json!({ "id": 1, "name": "x" }));
    }
}
