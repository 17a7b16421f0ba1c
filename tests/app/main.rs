//! Integration tests: one binary, one module per area of the site. Each
//! test gets a fresh PostGIS database from `#[sqlx::test]`.

mod admin;
mod api;
mod auth;
mod authorization;
mod basics;
mod constraints;
mod contact;
mod export;
mod fuzz;
mod geocode;
mod helpers;
mod hsds;
mod i18n;
mod import;
mod import_places;
mod journeys;
mod mail;
mod mail_sink;
mod migrations;
mod officials;
mod openapi;
mod overview;
mod page_cache;
mod personal_data;
mod privacy;
mod proposals;
mod public;
mod retention;
mod revisions;
mod robustness;
mod scale;
mod search;
mod sessions;
mod visits;
mod wijkteam;
