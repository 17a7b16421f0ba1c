//! Request handlers, one file per area of the site.

pub mod account_mail;
pub mod admin;
pub mod annotations;
pub mod api;
pub mod auth;
pub mod contact;
pub mod edit;
pub mod export;
pub mod health;
pub mod lang;
pub mod overview;
pub mod places;
pub mod public;
pub mod review;
pub mod wijken;
pub mod wijkteam;
