-- Re-imports (issue 11): which row of which source file made which place, so
-- the next file of that source updates the place instead of adding it again.
-- `source` is the place's `bron` at import; `external_id` the file's own id.
CREATE TABLE place_import_keys (
    source      text NOT NULL,
    external_id text NOT NULL,
    place_id    uuid NOT NULL REFERENCES places (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, external_id)
);
CREATE INDEX place_import_keys_place_idx ON place_import_keys (place_id);
-- Places of a source that are missing from its new file are found by bron.
CREATE INDEX places_source_idx ON places (source);

-- An import that changes a place records a revision of its own kind.
ALTER TABLE place_revisions DROP CONSTRAINT place_revisions_kind_check;
ALTER TABLE place_revisions ADD CONSTRAINT place_revisions_kind_check CHECK (kind IN
    ('create', 'edit', 'restore', 'close', 'verify', 'hide', 'unhide', 'import'));
