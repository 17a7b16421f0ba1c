//! Shared application state, handed to handlers as `State<AppState>`. It
//! lives in the web layer because it holds the page cache, which only the
//! web layer uses; nothing outside `web` depends on it.

use std::sync::Arc;

use axum::extract::FromRef;
use sqlx::PgPool;

use super::page_cache::{Memo, PageCache};
use crate::config::Config;
use crate::db::wijken::AreaFacts;
use crate::geocode::Geocoder;

#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    pub config: Arc<Config>,
    pub page_cache: Arc<PageCache>,
    /// The gemeenten and map extent every list page needs.
    pub area_facts: Arc<Memo<AreaFacts>>,
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

impl FromRef<AppState> for Arc<PageCache> {
    fn from_ref(state: &AppState) -> Self {
        state.page_cache.clone()
    }
}
