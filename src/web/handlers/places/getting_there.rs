//! "Hoe kom ik er?" on a place page: for a place whose point is public
//! (precision exact) a small map and directions links (OpenStreetMap
//! directions, and a `geo:` link that opens the phone's own map app); for
//! a place whose address is not public, "in de buurt van …" and the way to
//! the contact form (`#contact`, on the same page), never a point.

use crate::db::places::PlaceRecord;
use crate::web::templates::PageContext;

/// What the page shows under "Hoe kom ik er?".
pub struct GettingThere {
    /// The public point, for the small map (`js/place-map.js`).
    pub lon: String,
    pub lat: String,
    pub osm_url: String,
    pub geo_url: String,
    /// "In de buurt van Oude Westen": for places without a public point.
    pub near: Option<String>,
}

impl GettingThere {
    /// `None` when there is nothing to say (no buurt, wijk or point).
    pub fn new(ctx: &PageContext, p: &PlaceRecord) -> Option<Self> {
        if p.precision.is_public() {
            let (lon, lat) = p.public_lon.zip(p.public_lat)?;
            let (lon, lat) = (format!("{lon:.6}"), format!("{lat:.6}"));
            // An empty start: OpenStreetMap asks where from (or uses the
            // visitor's location); walking is the default a resident needs.
            let osm_url = format!(
                "https://www.openstreetmap.org/directions?engine=fossgis_osrm_foot&route=%3B{lat}%2C{lon}#map=17/{lat}/{lon}"
            );
            let geo_url = format!("geo:{lat},{lon}");
            return Some(Self { lon, lat, osm_url, geo_url, near: None });
        }
        let area = p.buurt_name.as_deref().unwrap_or(&p.wijk_name);
        Some(Self {
            lon: String::new(),
            lat: String::new(),
            osm_url: String::new(),
            geo_url: String::new(),
            near: Some(ctx.t1("there-near", "area", area)),
        })
    }
}
