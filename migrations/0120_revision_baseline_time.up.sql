-- The baseline revision of an imported place (version 1, no author) was
-- written at its first edit and dated then; "Versie 1" then carried the
-- time of that edit. It describes the import: date it when the place was
-- made. Later baselines are dated by ops::places::ensure_baseline.
UPDATE place_revisions r
SET created_at = p.created_at
FROM places p
WHERE r.place_id = p.id
  AND r.version = 1 AND r.kind = 'create'
  AND r.author_id IS NULL AND r.author_email IS NULL
  AND r.created_at > p.created_at;
