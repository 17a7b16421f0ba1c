//! Haarvaten: a registry of neighbourhood meeting places for Dutch cities.

pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod export;
pub mod geocode;
pub mod hsds;
pub mod i18n;
pub mod import;
pub mod mail;
pub mod notify;
pub mod ops;
pub mod retention;
pub mod startup;
pub mod telemetry;
pub mod web;

pub use error::{AppError, AppResult};
