//! Shared application state, handed to handlers as `State<AppState>`. It
//! lives in the web layer because it holds the page cache, which only the
//! web layer uses; nothing outside `web` depends on it.

use std::sync::Arc;

use axum::extract::FromRef;
use sqlx::PgPool;

use super::map_data::MapData;
use super::page_cache::{Memo, PageCache};
use crate::config::Config;
use crate::db::wijken::{AreaCounts, AreaFacts};
use crate::geocode::Geocoder;

#[derive(Clone)]
pub struct AppState {
    /// The primary: writes, sessions, signed-in users.
    pub db: PgPool,
    /// Where anonymous public reads go: a streaming replica when
    /// `HAARVATEN_READ_DATABASE_URL` is set, else the primary again. Take
    /// it through [`crate::web::extractors::ReadDb`], which knows who asks.
    pub read_db: PgPool,
    pub config: Arc<Config>,
    pub page_cache: Arc<PageCache>,
    /// The gemeenten and map extent every list page needs.
    pub area_facts: Arc<Memo<AreaFacts>>,
    /// The national `/wijken` table: every gemeente with its counts (`None`
    /// with a single gemeente).
    pub national_counts: Arc<Memo<Option<Arc<Vec<AreaCounts>>>>>,
    /// The facet counts of the unfiltered list (the home page nationally:
    /// one scan of every place), kept per data generation; "open now" is
    /// decided from them per request.
    pub unfiltered_facets: Arc<Memo<Arc<Vec<crate::db::places::FacetRow>>>>,
    /// Every public place's id in the HSDS API's order: the pages of its
    /// plain lists (`web::handlers::api::hsds`).
    pub hsds_order: Arc<Memo<Arc<crate::db::hsds::PublicOrder>>>,
    /// The points of the unfiltered map ([`crate::web::map_data`]).
    pub map_data: Arc<Memo<Arc<MapData>>>,
    /// Where operations queue their mail (`crate::mail`).
    pub mail: crate::mail::Outbox,
    /// Finds addresses (`HAARVATEN_GEOCODER_URL`); `None` when off.
    pub geocoder: Option<Geocoder>,
}

impl FromRef<AppState> for PgPool {
    fn from_ref(state: &AppState) -> Self {
        state.db.clone()
    }
}

impl FromRef<AppState> for Arc<Config> {
    fn from_ref(state: &AppState) -> Self {
        state.config.clone()
    }
}

/// Operations that notify take the outbox (cheap to clone).
impl FromRef<AppState> for crate::mail::Outbox {
    fn from_ref(state: &AppState) -> Self {
        state.mail.clone()
    }
}

impl FromRef<AppState> for Arc<PageCache> {
    fn from_ref(state: &AppState) -> Self {
        state.page_cache.clone()
    }
}
