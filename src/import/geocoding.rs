//! Rows with an address and postcode but no location: the import asks the
//! configured geocoder (`crate::geocode::Geocoder::find`, the same one as
//! the place form) for "adres postcode" and takes the point of the one
//! address meant. Several candidates or none refuse the row, naming them;
//! without a geocoder such a row is refused with a message saying how to
//! give the location instead.

use sqlx::PgPool;

use super::mapping::MappedRow;
use crate::db::places::PlaceRecord;
use crate::domain::address::AddressMatch;
use crate::domain::place_field::PlaceField;
use crate::geocode::{Candidate, Geocoder};

/// How the point of a row was found from its address (for the report).
#[derive(Debug, Clone, PartialEq)]
pub struct Geocoded {
    /// "Gaffelstraat 12 3014 GA": what was asked.
    pub query: String,
    /// "Gaffelstraat 12, 3014GA Rotterdam": what the geocoder found.
    pub label: String,
    pub lon: f64,
    pub lat: f64,
}

/// Whether the row needs its point from the address: it has an address
/// (with a house number) but no point and no wijk or buurt code.
pub fn wants_point(mapped: &MappedRow) -> bool {
    let i = &mapped.input;
    let none = |fields: &[&String]| fields.iter().all(|v| v.trim().is_empty());
    none(&[&i.lon, &i.lat, &i.x, &i.y, &i.wijk, &i.buurt]) && i.address_query().is_some()
}

/// A re-imported row whose address is the stored one keeps the stored
/// point (it may have been corrected on the site): no question asked.
pub fn keeps_stored_point(mapped: &MappedRow, current: Option<&PlaceRecord>) -> bool {
    let Some(current) = current else { return false };
    let stored = current.to_input();
    let compact = |s: &str| s.split_whitespace().collect::<String>().to_lowercase();
    !stored.lon.trim().is_empty()
        && compact(&stored.address) == compact(&mapped.input.address)
        && compact(&stored.postcode) == compact(&mapped.input.postcode)
}

/// Finds the row's point; on success it is written into the row as
/// `lon`/`lat` (as if the file had them). The `Err` is the row's problem.
pub async fn locate(
    geocoder: Option<&Geocoder>,
    db: &PgPool,
    mapped: &mut MappedRow,
) -> Result<Geocoded, String> {
    let query = mapped.input.address_query().unwrap_or_default();
    let Some(geocoder) = geocoder else {
        return Err(format!(
            "Deze rij heeft een adres ({query:?}) maar geen coördinaten, en er is geen \
             geocoder ingesteld om het adres op te zoeken (HAARVATEN_GEOCODER_URL). Vul lon en \
             lat (of x en y) in, of een buurtcode (buurt) of wijkcode (wijk)."
        ));
    };
    let found = geocoder.find(db, &query).await.map_err(|e| {
        tracing::warn!(error = %e, "geocoding an imported address failed");
        format!(
            "Het adres {query:?} kon niet worden opgezocht: de geocoder antwoordde niet. \
             Probeer het later opnieuw, of vul lon en lat (of x en y) in."
        )
    })?;
    let chosen = match mapped.input.best_match(&found) {
        AddressMatch::One(c) => c.clone(),
        AddressMatch::Several => {
            return Err(format!(
                "Het adres {query:?} past bij meer dan één adres: {}. Schrijf het adres \
                 precies (met huisnummer, toevoeging en postcode), of vul lon en lat in.",
                labels(&found)
            ));
        }
        AddressMatch::NotFound => {
            return Err(format!(
                "Het adres {query:?} is niet gevonden. Controleer straat, huisnummer en \
                 postcode, of vul lon en lat (of x en y) in."
            ));
        }
    };
    mapped.input.lon = format!("{:.6}", chosen.lon);
    mapped.input.lat = format!("{:.6}", chosen.lat);
    mapped.provided.extend([PlaceField::Lon, PlaceField::Lat]);
    Ok(Geocoded { query, label: chosen.label, lon: chosen.lon, lat: chosen.lat })
}

/// "Gouvernestraat 10, 3014PM Rotterdam; Gouvernestraat 10A, …".
fn labels(found: &[Candidate]) -> String {
    found.iter().map(|c| format!("{:?}", c.label)).collect::<Vec<_>>().join("; ")
}
