//! The write layer: one function per use case (create, edit or close a
//! place, decide a proposal, restore a revision, log a visit, create an
//! account …). Each operation opens and commits its own transaction, writes
//! the revision and the audit record of the change in that transaction, and
//! maps a violated database constraint to a user message at the call site,
//! so the message lands on the right field.
//!
//! The path of a request is route (`web/mod.rs`) → handler
//! (`web/handlers/`) → operation (here) → query (`db/`). Handlers parse the
//! input, call one operation and render its outcome; no transaction is
//! opened in `web`.
/// Lets `?` turn any error an operation meets (a query error, an
/// `AppError`) into the `Other` variant of its outcome error.
macro_rules! other_error_from {
    ($outcome:ident) => {
        impl<E: Into<$crate::error::AppError>> From<E> for $outcome {
            fn from(e: E) -> Self {
                $outcome::Other(e.into())
            }
        }
    };
}
pub(crate) use other_error_from;

pub mod account_mail;
pub mod account_state;
pub mod accounts;

pub mod annotations;
pub mod contact;
pub mod import_upload;
pub mod notify;
pub mod place_checks;
pub mod places;
pub mod proposals;
pub mod visits;
