//! Request handlers, one file per area of the site.

pub mod account_data;
pub mod account_mail;
pub mod account_self;
pub mod addresses;
pub mod admin;
pub mod admin_accounts;
pub mod annotations;
pub mod api;
pub mod areas;
pub mod auth;
pub mod contact;
pub mod edit;
pub mod export;
pub mod health;
pub mod import_upload;
pub mod lang;
pub mod mine;
pub mod near;
pub mod notifications;
pub mod overview;
pub mod place_check;
pub mod places;
pub mod public;
pub mod review;
pub mod wijken;
pub mod wijkteam;
