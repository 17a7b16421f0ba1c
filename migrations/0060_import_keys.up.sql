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

-- Column and value mappings a gemeente saved in the web upload, as TOML
-- (the format of `import places --mapping`, docs/import.md).
CREATE TABLE import_mappings (
    gemeente_code text NOT NULL REFERENCES areas (code) ON UPDATE CASCADE ON DELETE CASCADE,
    name          text NOT NULL,
    mapping       text NOT NULL,
    saved_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    saved_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (gemeente_code, name),
    CONSTRAINT import_mappings_name_check CHECK (char_length(name) BETWEEN 1 AND 100),
    CONSTRAINT import_mappings_mapping_check CHECK (char_length(mapping) <= 100000)
);
