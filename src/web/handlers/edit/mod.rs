//! Proposing and editing places: the place form (new and edit), the
//! conflict view and closing. The writes themselves are operations in
//! `crate::ops::places`; these handlers parse the form, call one, and
//! render what came back.

pub mod address;
mod close;
mod create;
pub mod form;
mod update;
pub mod week;

pub use close::{close, close_form};
pub use create::{create, new_form};
pub use update::{edit_form, update};

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::domain::place_field::PlaceField;
use crate::domain::place_input::FieldError;
use crate::error::{AppResult, UserMessage};
use crate::web::forms::FormErrors;
use crate::web::templates::PageContext;

/// Adds the field errors of a failed parse or area lookup to the form.
pub fn add_errors(ctx: &PageContext, errors: &mut FormErrors, errs: &[FieldError]) {
    for e in errs {
        // x/y and the wijk are not on the form; their errors belong to
        // lon and the buurt choice.
        let field = match PlaceField::parse(e.field) {
            Some(PlaceField::X | PlaceField::Y) => Some(PlaceField::Lon),
            Some(PlaceField::Wijk) => Some(PlaceField::Buurt),
            other => other,
        };
        let message = UserMessage::new(e.key);
        match field {
            // The summary names the field: "Vul dit veld in." alone, four
            // times over, does not say which fields are meant.
            Some(f) => errors.add_labelled(ctx, f.name(), &ctx.t(&f.label_key()), &message),
            None => errors.add(ctx, e.field, &message),
        }
    }
}

fn page_response<T: Template>(status: StatusCode, page: &T) -> AppResult<Response> {
    Ok((status, Html(page.render()?)).into_response())
}
