//! The address part of the place form: on submit, without JavaScript,
//! the typed "adres + postcode" (or "postcode + huisnummer") is looked up
//! with the geocoder and gives the point (and so the buurt); when several
//! addresses could be meant, the form comes back with them as a choice
//! (`adres_keuze`). With JavaScript, `js/address-suggest.js` suggests
//! addresses through `/api/adres` while typing. The map picker opens on
//! the wijk or gemeente of the user or the place.

use crate::db::places::PlaceRecord;
use crate::db::wijken;
use crate::domain::address::{AddressMatch, Candidate};
use crate::domain::place_input::PlaceInput;
use crate::domain::user::CurrentUser;
use crate::error::AppResult;
use crate::web::handlers::public::bounds_attr;
use crate::web::state::AppState;
use crate::web::templates::PageContext;

/// The form field that holds the chosen candidate's id.
pub const CHOICE_FIELD: &str = "adres_keuze";
/// Its value for "none of these": save without a point from the address.
pub const NONE_OF_THESE: &str = "geen";

/// What looking up the address came to.
#[derive(Debug, Default)]
pub enum Located {
    /// Nothing to look up, or the point was taken from the address.
    #[default]
    Ready,
    /// Several addresses could be meant: the user chooses.
    Choose(Vec<Candidate>),
    /// The geocoder knows no such address.
    NotFound,
    /// The geocoder is off or did not answer.
    Unavailable,
}

/// Looks up the address of `input` when it needs a point (see
/// `PlaceInput::wants_geocoding`; `before` is the stored place of an edit),
/// or takes the candidate chosen on the form.
pub async fn locate(
    state: &AppState,
    input: &mut PlaceInput,
    pairs: &[(String, String)],
    before: Option<&PlaceInput>,
) -> Located {
    let choice = pairs.iter().find(|(k, _)| k == CHOICE_FIELD).map(|(_, v)| v.trim());
    if choice == Some(NONE_OF_THESE) {
        return Located::Ready;
    }
    // Without a geocoder the form is as it always was: buurt, map, point.
    let Some(geocoder) = &state.geocoder else { return Located::Ready };
    let wants = input.wants_geocoding(before);
    if let Some(id) = choice.filter(|c| !c.is_empty()) {
        match geocoder.lookup(&state.db, id).await {
            Ok(Some(c)) => {
                input.take_address(&c);
                return Located::Ready;
            }
            // An id we do not know: look the typed address up again.
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(error = %e, "looking up the chosen address failed");
                return Located::Unavailable;
            }
        }
    }
    let Some(q) = input.address_query().filter(|_| wants || choice.is_some()) else {
        return Located::Ready;
    };
    match geocoder.find(&state.db, &q).await {
        Ok(found) => match input.best_match(&found) {
            AddressMatch::One(c) => {
                let c = c.clone();
                input.take_address(&c);
                Located::Ready
            }
            AddressMatch::Several => Located::Choose(found),
            AddressMatch::NotFound => Located::NotFound,
        },
        Err(e) => {
            tracing::warn!(error = %e, "looking up the address of the place form failed");
            Located::Unavailable
        }
    }
}

/// One address to choose from.
pub struct ChoiceView {
    pub id: String,
    pub label: String,
}

/// What the form shows about the address: the choice, a notice, and
/// whether the browser may ask `/api/adres` for suggestions.
#[derive(Default)]
pub struct AddressBox {
    pub choices: Vec<ChoiceView>,
    pub notice: Option<String>,
    pub suggest: bool,
    /// The choice's value for "none of these" ([`NONE_OF_THESE`]).
    pub none: &'static str,
}

impl AddressBox {
    pub fn new(ctx: &PageContext, state: &AppState, located: &Located) -> Self {
        let notice = match located {
            Located::Ready => None,
            Located::Choose(_) => Some(ctx.t("address-choose")),
            Located::NotFound => Some(ctx.t("address-not-found")),
            Located::Unavailable => Some(ctx.t("address-unavailable")),
        };
        let choices = match located {
            Located::Choose(found) => found
                .iter()
                .map(|c| ChoiceView { id: c.id.clone(), label: c.label.clone() })
                .collect(),
            _ => Vec::new(),
        };
        Self { choices, notice, suggest: state.geocoder.is_some(), none: NONE_OF_THESE }
    }
}

/// The map picker's box: around the place's public point; else its wijk;
/// else the first wijk of a wijkteam member, the gemeente of a gemeente
/// account, or the extent of the home map.
pub async fn map_bounds(
    state: &AppState,
    user: &CurrentUser,
    place: Option<&PlaceRecord>,
) -> AppResult<String> {
    let around = super::form::bounds_of(place);
    if !around.is_empty() {
        return Ok(around);
    }
    let db = &state.db;
    let area = place
        .map(|p| p.wijk_code.clone())
        .or_else(|| user.wijken.first().cloned())
        .or_else(|| user.gemeente.clone());
    if let Some(code) = area
        && let Some(extent) = wijken::area_extent(db, &code).await?
    {
        return Ok(bounds_attr(Some(extent)));
    }
    let facts = state.area_facts.get(&state.page_cache, wijken::area_facts(db)).await?;
    Ok(bounds_attr(facts.home_extent))
}
