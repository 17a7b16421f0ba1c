-- What the public may see of a place, written once: every public page,
-- the map API and the public exports read places through this view (or
-- through hv_public_search, which filters it), never the table.
--   * hidden places are absent;
--   * the address and postcode are empty unless the precision is exact;
--   * the only point is public_location (the exact point, or the buurt's
--     label point); the exact location is not a column, only whether
--     there is one (`located`, for the overview's "without location");
--   * the source is reduced to whether it is demo data.
-- A plain view is inlined by the planner, so queries keep the indexes on
-- places (docs/public-view.md shows the plans at national scale).
CREATE VIEW public_places AS
SELECT p.id, p.name, p.place_type, p.category, p.description,
       CASE WHEN p.precision = 'exact' THEN p.address ELSE '' END AS address,
       CASE WHEN p.precision = 'exact' THEN p.postcode ELSE '' END AS postcode,
       p.public_location,
       p.location IS NOT NULL AS located,
       p.precision, p.wijk_code, p.buurt_code, p.initiator, p.target_groups,
       p.opening_hours, p.ground_floor, p.wheelchair, p.street_visible, p.no_reception,
       p.phone, p.email, p.website, p.founded_year,
       p.status, p.closed_on, p.closing_reason, p.last_verified,
       p.source LIKE 'demo: %' AS demo,
       p.created_at, p.updated_at, p.search_doc
FROM places p
WHERE NOT p.hidden;

-- The words of a filter as an array. IMMUTABLE, so for a filter known when
-- the query is planned it becomes a constant array, whose length the
-- planner then knows (jsonb_array_elements_text would count as 100 rows
-- and make the word check look costly enough to change the plan).
CREATE FUNCTION hv_json_words(jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT COALESCE(array_agg(x), '{}') FROM jsonb_array_elements_text($1) x $$;

-- The filters of the public list, search and map, written once. A
-- set-returning SQL function that is STABLE, not STRICT and a single
-- SELECT is inlined into the calling query, and the filter's fields are
-- constants when the query is planned for its values, so the planner
-- still uses the indexes (verified with EXPLAIN in docs/public-view.md).
-- `f` is one JSON object (src/db/places/search.rs, `PlaceFilter::sql`);
-- a missing or null field means "no filter on this":
--   include_closed: also places with status opgeheven;
--   type, category, target_group, wijk, gemeente: equal to;
--   tsquery: the prefix tsquery of the words (`buurt:* & cafe:*`);
--   words, longest: every word inside the name (trigram index on the
--   longest word), which a full-text prefix query cannot find.
CREATE FUNCTION hv_public_search(f jsonb) RETURNS SETOF public_places
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT p.*
    FROM public_places p
    WHERE (COALESCE((f ->> 'include_closed')::boolean, false) OR p.status <> 'opgeheven')
      AND (f ->> 'type' IS NULL OR p.place_type = f ->> 'type')
      AND (f ->> 'category' IS NULL OR p.category = f ->> 'category')
      AND (f ->> 'target_group' IS NULL OR f ->> 'target_group' = ANY (p.target_groups))
      AND (f ->> 'wijk' IS NULL OR p.wijk_code = f ->> 'wijk')
      AND (f ->> 'gemeente' IS NULL OR p.wijk_code IN (
           SELECT a.code FROM areas a WHERE a.parent_code = f ->> 'gemeente'))
      AND (f ->> 'tsquery' IS NULL
           OR p.search_doc @@ (to_tsquery('simple', hv_unaccent(f ->> 'tsquery'))
                               || to_tsquery('dutch', hv_unaccent(f ->> 'tsquery')))
           OR (hv_unaccent(p.name) ILIKE hv_unaccent('%' || (f ->> 'longest') || '%')
               AND hv_unaccent(p.name) ILIKE ALL (
                   SELECT '%' || hv_unaccent(x) || '%'
                   FROM unnest(hv_json_words(f -> 'words')) x)))
$$;
