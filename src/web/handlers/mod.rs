//! Request handlers, one file per area of the site.

pub mod health;
pub mod lang;
pub mod public;
