//! [`Memo`]: a value derived from the data, kept for one data generation
//! of the [`PageCache`].

use std::sync::Mutex;

use super::PageCache;

/// A value derived from the data that many pages need (the home map's
/// extent, the list of gemeenten, the map's points), computed once per data
/// generation. Like the pages it is only trusted while the cache is on and
/// the listener is connected; otherwise every call computes afresh.
pub struct Memo<T> {
    slot: Mutex<Option<(u64, T)>>,
    /// One computation at a time: after a change, concurrent callers wait
    /// for the first one's value instead of each computing it (the map's
    /// points are 100,000 rows nationally; 64 copies at once would not fit
    /// the memory bound).
    gate: tokio::sync::Mutex<()>,
}

impl<T: Clone> Default for Memo<T> {
    fn default() -> Self {
        Self { slot: Mutex::new(None), gate: tokio::sync::Mutex::new(()) }
    }
}

impl<T: Clone> Memo<T> {
    /// Whether a kept value would be used now.
    pub fn is_trusted(&self, cache: &PageCache) -> bool {
        cache.is_enabled() && cache.is_listening()
    }

    fn kept(&self, generation: u64) -> Option<T> {
        match &*self.slot.lock().unwrap_or_else(|e| e.into_inner()) {
            Some((g, value)) if *g == generation => Some(value.clone()),
            _ => None,
        }
    }

    pub async fn get<E, F>(&self, cache: &PageCache, compute: F) -> Result<T, E>
    where
        F: std::future::Future<Output = Result<T, E>>,
    {
        if !self.is_trusted(cache) {
            return compute.await;
        }
        // Read before computing: a change during the computation leaves
        // the value under an old generation, where it is never used.
        let generation = cache.generation();
        if let Some(value) = self.kept(generation) {
            return Ok(value);
        }
        let _turn = self.gate.lock().await;
        // Whoever held the gate may have computed it meanwhile.
        if let Some(value) = self.kept(generation) {
            return Ok(value);
        }
        let value = compute.await?;
        *self.slot.lock().unwrap_or_else(|e| e.into_inner()) = Some((generation, value.clone()));
        Ok(value)
    }
}
