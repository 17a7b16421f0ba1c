-- Which places came in by an import (`haarvaten import places`, the demo)
-- and when. The overview's "Nieuw sinds" treats the first import of a
-- gemeente as its baseline: those places were there before the registry
-- knew them, so without a founding year they do not count as new.
CREATE TABLE imported_places (
    place_id    uuid PRIMARY KEY REFERENCES places (id) ON DELETE CASCADE,
    imported_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX imported_places_at_idx ON imported_places (imported_at);

-- Places from before this table: those no person made on the site (no
-- 'create' revision with an author) came from an import.
INSERT INTO imported_places (place_id, imported_at)
SELECT p.id, p.created_at FROM places p
WHERE NOT EXISTS (
    SELECT 1 FROM place_revisions r
    WHERE r.place_id = p.id AND r.kind = 'create'
      AND (r.author_id IS NOT NULL OR r.author_email IS NOT NULL)
);

-- The baseline of a gemeente: the day (in Dutch time) of its first import,
-- or NULL when none of its places came from one.
CREATE FUNCTION hv_first_import_day(gemeente text) RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT (min(ip.imported_at) AT TIME ZONE 'Europe/Amsterdam')::date
    FROM imported_places ip
    JOIN places p ON p.id = ip.place_id
    JOIN areas w ON w.code = p.wijk_code
    WHERE w.parent_code = gemeente
$$;
