//! Integration tests: one binary, one module per area of the site. Each
//! test gets a fresh PostGIS database from `#[sqlx::test]`.

mod admin;
mod api;
mod auth;
mod authorization;
mod basics;
mod constraints;
mod export;
mod fuzz;
mod helpers;
mod i18n;
mod import;
mod import_places;
mod migrations;
mod overview;
mod page_cache;
mod personal_data;
mod privacy;
mod proposals;
mod public;
mod retention;
mod revisions;
mod robustness;
mod search;
mod sessions;
mod visits;
mod wijkteam;
