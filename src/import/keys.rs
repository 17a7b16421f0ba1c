//! The bookkeeping of a places import, batched so a row costs no round
//! trips for it (issue 11, item 9): the file's own ids of a source are read
//! once (one query per source), and the ids to remember and the places to
//! mark as imported are written in multi-row statements of [`CHUNK`] rows,
//! so memory stays flat with the file size.

use std::collections::HashMap;

use sqlx::PgConnection;
use uuid::Uuid;

use crate::db::DbResult;
use crate::db::imports;

/// Rows per multi-row statement.
pub const CHUNK: usize = 500;

#[derive(Debug, Default)]
pub(super) struct Keys {
    /// source → the file's id → place, for the sources seen so far.
    known: HashMap<String, HashMap<String, Uuid>>,
    /// (source, the file's id, place) to store.
    pending_keys: Vec<(String, String, Uuid)>,
    /// New places to record in `imported_places` (migration 0121).
    pending_imported: Vec<Uuid>,
}

impl Keys {
    /// The place a source's row made earlier.
    pub(super) async fn find(
        &mut self,
        conn: &mut PgConnection,
        source: &str,
        key: &str,
    ) -> DbResult<Option<Uuid>> {
        if !self.known.contains_key(source) {
            let all = imports::keys_of(&mut *conn, source).await?;
            self.known.insert(source.to_owned(), all.into_iter().collect());
        }
        Ok(self.known.get(source).and_then(|m| m.get(key)).copied())
    }

    /// Remembers that a source's row made (or still is) this place; only
    /// a new or moved key is written.
    pub(super) async fn remember(
        &mut self,
        conn: &mut PgConnection,
        source: &str,
        key: &str,
        id: Uuid,
    ) -> DbResult<()> {
        let map = self.known.entry(source.to_owned()).or_default();
        if map.get(key) == Some(&id) {
            return Ok(());
        }
        map.insert(key.to_owned(), id);
        self.pending_keys.push((source.to_owned(), key.to_owned(), id));
        if self.pending_keys.len() >= CHUNK {
            self.flush(conn).await?;
        }
        Ok(())
    }

    /// Marks a new place as made by an import.
    pub(super) async fn imported(&mut self, conn: &mut PgConnection, id: Uuid) -> DbResult<()> {
        self.pending_imported.push(id);
        if self.pending_imported.len() >= CHUNK {
            self.flush(conn).await?;
        }
        Ok(())
    }

    /// Writes what is pending; before anything reads these tables.
    pub(super) async fn flush(&mut self, conn: &mut PgConnection) -> DbResult<()> {
        if !self.pending_keys.is_empty() {
            let (mut sources, mut keys, mut ids) = (Vec::new(), Vec::new(), Vec::new());
            for (s, k, id) in self.pending_keys.drain(..) {
                sources.push(s);
                keys.push(k);
                ids.push(id);
            }
            imports::remember_keys(&mut *conn, &sources, &keys, &ids).await?;
        }
        if !self.pending_imported.is_empty() {
            crate::db::places::mark_imported_all(&mut *conn, &self.pending_imported).await?;
            self.pending_imported.clear();
        }
        Ok(())
    }
}
