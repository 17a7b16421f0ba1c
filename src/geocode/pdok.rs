//! The wire format of the PDOK Locatieserver v3.1 API: the three endpoints
//! (`free`, `suggest`, `lookup`), the query parameters we send and the
//! Solr-style answer (`{"response": {"numFound": …, "docs": [ … ]}}`),
//! read into [`Candidate`]s. Only documented fields are asked for (`fl`),
//! since v3.1 refuses parameters that are not in its OpenAPI description.

use serde::Deserialize;

use super::Candidate;

/// The fields every answer carries (`fl`): enough for a label, the point
/// and the areas, and for the street address to put back in the form.
pub const FIELDS: &str = "id,type,weergavenaam,centroide_ll,straatnaam,huisnummer,huisletter,\
                          huisnummertoevoeging,postcode,woonplaatsnaam,buurtcode,wijkcode,gemeentecode";

/// The whole answer; the envelope is the same for the three endpoints.
#[derive(Debug, Deserialize)]
pub struct Answer {
    pub response: Response,
}

#[derive(Debug, Deserialize)]
pub struct Response {
    #[serde(default)]
    pub docs: Vec<Doc>,
}

/// One document. Every field is optional: a `postcode` document has no
/// street, a `woonplaats` no postcode.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Doc {
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub weergavenaam: Option<String>,
    /// WKT in WGS84: `POINT(4.47785 51.92083)`.
    pub centroide_ll: Option<String>,
    pub straatnaam: Option<String>,
    pub huisnummer: Option<serde_json::Value>,
    pub huisletter: Option<String>,
    pub huisnummertoevoeging: Option<String>,
    /// Without a space: `3014GA`.
    pub postcode: Option<String>,
    pub woonplaatsnaam: Option<String>,
    pub buurtcode: Option<String>,
    pub wijkcode: Option<String>,
    /// Four digits (`0599`), without the CBS `GM` prefix.
    pub gemeentecode: Option<String>,
}

/// `POINT(lon lat)` → `(lon, lat)`; anything else is `None`.
pub fn parse_point(wkt: &str) -> Option<(f64, f64)> {
    let inner = wkt.trim().strip_prefix("POINT")?.trim().strip_prefix('(')?.strip_suffix(')')?;
    let mut parts = inner.split_whitespace().map(str::parse::<f64>);
    let (lon, lat) = (parts.next()?.ok()?, parts.next()?.ok()?);
    (parts.next().is_none() && lon.is_finite() && lat.is_finite()).then_some((lon, lat))
}

/// `3014GA` → `3014 GA`; other text is left as it is.
fn spaced_postcode(p: &str) -> String {
    let p = p.trim();
    let (digits, letters) = p.split_at(p.len().min(4));
    if digits.len() == 4
        && digits.chars().all(|c| c.is_ascii_digit())
        && letters.trim().len() == 2
        && letters.trim().chars().all(|c| c.is_ascii_alphabetic())
    {
        format!("{digits} {}", letters.trim().to_ascii_uppercase())
    } else {
        p.to_owned()
    }
}

fn text(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

impl Doc {
    /// The document as a candidate; `None` without an id, a label or a
    /// readable point (those are of no use to anyone).
    pub fn into_candidate(self) -> Option<Candidate> {
        let (lon, lat) = parse_point(self.centroide_ll.as_deref()?)?;
        let number = match self.huisnummer {
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            Some(serde_json::Value::String(s)) => text(Some(s)),
            _ => None,
        };
        // "12", "12a", "12a-2", as the address is written on a letter.
        let house_number = number.map(|n| {
            let letter = text(self.huisletter).unwrap_or_default();
            match text(self.huisnummertoevoeging) {
                Some(t) => format!("{n}{letter}-{t}"),
                None => format!("{n}{letter}"),
            }
        });
        Some(Candidate {
            id: text(self.id)?,
            kind: text(self.kind).unwrap_or_default(),
            label: text(self.weergavenaam)?,
            lon,
            lat,
            street: text(self.straatnaam),
            house_number,
            postcode: text(self.postcode).map(|p| spaced_postcode(&p)),
            town: text(self.woonplaatsnaam),
            buurtcode: text(self.buurtcode),
            wijkcode: text(self.wijkcode),
            gemeentecode: text(self.gemeentecode)
                .map(|g| if g.starts_with("GM") { g } else { format!("GM{g}") }),
        })
    }
}

/// Reads an answer body into candidates, in the service's order.
pub fn candidates(body: &[u8]) -> Result<Vec<Candidate>, serde_json::Error> {
    let answer: Answer = serde_json::from_slice(body)?;
    Ok(answer.response.docs.into_iter().filter_map(Doc::into_candidate).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_in_wkt() {
        assert_eq!(parse_point("POINT(4.47785 51.92083)"), Some((4.47785, 51.92083)));
        assert_eq!(parse_point(" POINT (4.5 52) "), Some((4.5, 52.0)));
        assert_eq!(parse_point("POINT(4.5)"), None);
        assert_eq!(parse_point("POINT(4.5 52 1)"), None);
        assert_eq!(parse_point("LINESTRING(1 2, 3 4)"), None);
        assert_eq!(parse_point("POINT(NaN 52)"), None);
    }

    #[test]
    fn an_address_document_becomes_a_candidate() {
        let body = br#"{"response":{"numFound":1,"start":0,"maxScore":9.1,"numFoundExact":true,
            "docs":[{"id":"adr-1","type":"adres","weergavenaam":"Coolsingel 40A-2, 3011AD Rotterdam",
            "centroide_ll":"POINT(4.4791 51.9227)","straatnaam":"Coolsingel","huisnummer":40,
            "huisletter":"A","huisnummertoevoeging":"2","postcode":"3011AD",
            "woonplaatsnaam":"Rotterdam","buurtcode":"BU05991318","wijkcode":"WK059913",
            "gemeentecode":"0599"},
            {"id":"x","weergavenaam":"zonder punt"}]}}"#;
        let found = candidates(body).unwrap();
        assert_eq!(found.len(), 1, "the document without a point is left out");
        let c = &found[0];
        assert_eq!(c.street_address().as_deref(), Some("Coolsingel 40A-2"));
        assert_eq!(c.postcode.as_deref(), Some("3011 AD"));
        assert_eq!(c.gemeentecode.as_deref(), Some("GM0599"));
        assert_eq!((c.lon, c.lat), (4.4791, 51.9227));
    }

    #[test]
    fn an_answer_in_another_shape_is_an_error() {
        assert!(candidates(b"<html>").is_err());
        assert!(candidates(br#"{"docs":[]}"#).is_err());
        assert_eq!(candidates(br#"{"response":{"numFound":0}}"#).unwrap(), vec![]);
    }
}
