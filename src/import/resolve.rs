//! One mapped row made ready to store: its fields parsed (each problem in
//! Dutch with the file's column, its value and what would be right) and its
//! wijk and buurt found, within the file's gemeente when it names one.

use sqlx::PgConnection;

use super::mapping::Plan;
use crate::db::DbResult;
use crate::db::imports::{self, Located, NEAR_METRES};
use crate::db::places::{self as db_places, PlaceAreas};
use crate::domain::place::PlaceFields;
use crate::domain::place_field::{FieldKind, PlaceField};
use crate::domain::place_input::{FieldError, PlaceInput};
use crate::i18n::Lang;

/// A parse error of one field as a sentence naming the file's column.
pub fn field_problem(
    plan: &Plan,
    cells: &[String],
    input: &PlaceInput,
    e: &FieldError,
    mapped: bool,
) -> String {
    let message = Lang::Nl.t(e.key);
    let Some(field) = PlaceField::parse(e.field) else {
        return message;
    };
    let columns = plan.columns_of(field);
    let stored = field.get(input).trim();
    let mut text = if columns.is_empty() {
        format!("{} = {stored:?} (standaardwaarde): {message}", field.name())
    } else {
        let raw = plan.raw_value(cells, field);
        let cols = columns.iter().map(|c| format!("{c:?}")).collect::<Vec<_>>().join(" + ");
        let shown =
            if raw == stored { format!("{raw:?}") } else { format!("{raw:?} (wordt {stored:?})") };
        if columns.len() == 1 && columns[0].eq_ignore_ascii_case(field.name()) {
            format!("kolom {cols}, waarde {shown}: {message}")
        } else {
            format!("kolom {cols} ({}), waarde {shown}: {message}", field.name())
        }
    };
    if mapped && matches!(field.kind(), FieldKind::Choice(_) | FieldKind::List(_)) {
        text.push_str(&format!(
            " Of vertaal deze waarde in de mapping onder [values.{}].",
            field.name()
        ));
    }
    text
}

/// Where a row goes: its areas, and how far outside their outline the
/// point is (for the report). The inner `Err` is the row's problem.
pub async fn areas(
    conn: &mut PgConnection,
    gemeente: Option<&str>,
    fields: &PlaceFields,
    input: &PlaceInput,
) -> DbResult<Result<(PlaceAreas, Option<Located>), String>> {
    if let Some((lon, lat)) = fields.point {
        let found = imports::locate(&mut *conn, gemeente, lon, lat).await?;
        return Ok(match found {
            Some(l) => {
                let areas =
                    PlaceAreas { wijk_code: l.wijk_code.clone(), buurt_code: l.buurt_code.clone() };
                Ok((areas, Some(l)))
            }
            None => Err(outside(gemeente, lon, lat)),
        });
    }
    if fields.manual_area.is_none() {
        return Ok(Err(no_location(input)));
    }
    let areas = match db_places::resolve_areas(&mut *conn, fields).await? {
        Ok(a) => a,
        Err(problem) => return Ok(Err(Lang::Nl.t(problem.key()))),
    };
    if let Some(g) = gemeente {
        let of = imports::gemeente_of(&mut *conn, &areas.wijk_code).await?;
        if of.as_deref() != Some(g) {
            let code = areas.buurt_code.as_deref().unwrap_or(&areas.wijk_code);
            return Ok(Err(format!(
                "{code} hoort niet bij gemeente {g}, de gemeente van dit bestand. \
                 Kies een wijk- of buurtcode van {g}."
            )));
        }
    }
    Ok(Ok((areas, None)))
}

fn outside(gemeente: Option<&str>, lon: f64, lat: f64) -> String {
    let near = NEAR_METRES as i64;
    match gemeente {
        Some(g) => format!(
            "Het punt lon {lon}, lat {lat} ligt meer dan {near} m buiten gemeente {g}. \
             Controleer de coördinaten (staan lengte en breedte verkeerd om?) of de gemeente \
             van de mapping."
        ),
        None => format!(
            "Het punt lon {lon}, lat {lat} ligt meer dan {near} m buiten alle wijken die we \
             kennen. Controleer de coördinaten, of importeer eerst de wijken van deze gemeente."
        ),
    }
}

/// A row without a point or area. A full address was looked up before
/// (`import::geocoding`); this one lacks a house number to look up.
fn no_location(input: &PlaceInput) -> String {
    if input.address.trim().is_empty() && input.postcode.trim().is_empty() {
        "Deze rij heeft geen locatie. Vul lon en lat (of x en y) in, of een buurtcode \
         (buurt) of wijkcode (wijk)."
            .into()
    } else {
        format!(
            "Deze rij heeft een adres ({:?} {:?}) maar geen coördinaten, en zonder straat en \
             huisnummer kan het adres niet worden opgezocht: vul het adres met huisnummer in, \
             of lon en lat (of x en y), of een buurtcode (buurt) of wijkcode (wijk).",
            input.address.trim(),
            input.postcode.trim()
        )
    }
}
