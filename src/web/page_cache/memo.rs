//! [`Memo`]: a value derived from the data, kept for one data generation
//! of the [`PageCache`].

use std::sync::Mutex;

use super::PageCache;

/// A value derived from the data that many pages need (the home map's
/// extent, the list of gemeenten), computed once per data generation.
/// Like the pages it is only trusted while the cache is on and the
/// listener is connected; otherwise every call computes afresh.
pub struct Memo<T> {
    slot: Mutex<Option<(u64, T)>>,
}

impl<T: Clone> Default for Memo<T> {
    fn default() -> Self {
        Self { slot: Mutex::new(None) }
    }
}

impl<T: Clone> Memo<T> {
    pub async fn get<E, F>(&self, cache: &PageCache, compute: F) -> Result<T, E>
    where
        F: std::future::Future<Output = Result<T, E>>,
    {
        let trusted = cache.is_enabled() && cache.is_listening();
        // Read before computing: a change during the computation leaves
        // the value under an old generation, where it is never used.
        let generation = cache.generation();
        if trusted
            && let Some((g, value)) = &*self.slot.lock().unwrap_or_else(|e| e.into_inner())
            && *g == generation
        {
            return Ok(value.clone());
        }
        let value = compute.await?;
        if trusted {
            *self.slot.lock().unwrap_or_else(|e| e.into_inner()) =
                Some((generation, value.clone()));
        }
        Ok(value)
    }
}
