-- The web upload of places files (`/beheer/import`, docs/import.md). The
-- file is kept here between the steps (mapping, preview, dry run, import)
-- so any app instance can serve the next step; only its owner may use it,
-- and it is removed after the import or when it expires.
CREATE TABLE import_uploads (
    id            uuid PRIMARY KEY,
    owner_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The gemeente the import goes into: a gemeente user's own, or the one
    -- a beheerder chose (NULL: the mapping's, or wherever the points lie).
    gemeente_code text REFERENCES areas (code) ON UPDATE CASCADE ON DELETE SET NULL,
    file_name     text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    data          bytea NOT NULL,
    -- The mapping chosen for this file (TOML, the format of the CLI).
    mapping       text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL DEFAULT now() + interval '1 day'
);
CREATE INDEX import_uploads_owner_idx ON import_uploads (owner_id);
CREATE INDEX import_uploads_expires_idx ON import_uploads (expires_at);

-- Mappings a gemeente saved for its next files.
CREATE TABLE import_mappings (
    id            bigserial PRIMARY KEY,
    gemeente_code text NOT NULL REFERENCES areas (code) ON UPDATE CASCADE ON DELETE CASCADE,
    name          text NOT NULL CONSTRAINT import_mappings_name_length
                      CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    mapping       text NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    updated_by    uuid REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT import_mappings_name_unique UNIQUE (gemeente_code, name)
);
