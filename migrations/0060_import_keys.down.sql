-- Import revisions stay, as edits: the history of a place is kept.
UPDATE place_revisions SET kind = 'edit' WHERE kind = 'import';
ALTER TABLE place_revisions DROP CONSTRAINT place_revisions_kind_check;
ALTER TABLE place_revisions ADD CONSTRAINT place_revisions_kind_check CHECK (kind IN
    ('create', 'edit', 'restore', 'close', 'verify', 'hide', 'unhide'));
DROP INDEX places_source_idx;
DROP TABLE place_import_keys;
