-- Issue 15, item 3: "huiskamer" in Delfshaven found 1 of its 3 huiskamers,
-- because the place type was not in the search document and the category
-- only as its slug. The document now holds the labels a visitor reads, in
-- Dutch and English (weight B, as the category was), so a search for
-- "huiskamer", "zelfbeheer", "living room" or "community garden" finds the
-- places of that type or category through the same GIN index.
--
-- The labels are the ones in locales/{nl,en}/domain.ftl (`type-*`,
-- `category-*`). A generated column may only call IMMUTABLE functions and
-- cannot read a table, so they are written out here;
-- tests/app/search.rs (`label_words_hold_every_translated_label`) fails
-- when a label there is not in this function.
CREATE FUNCTION hv_label_words(place_type text, category text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT concat_ws(' ',
        CASE place_type
            WHEN 'huiskamer' THEN 'Huiskamer Living room (huiskamer)'
            WHEN 'zelfbeheer' THEN 'Buurthuis in zelfbeheer Self-managed community centre'
            WHEN 'huis_van_de_wijk' THEN 'Huis van de Wijk (community centre)'
        END,
        CASE category
            WHEN 'buurthuis' THEN 'Buurthuis Community centre'
            WHEN 'huiskamer' THEN 'Huiskamer Living room'
            WHEN 'wijktuin' THEN 'Wijktuin Community garden'
            WHEN 'kerk' THEN 'Kerk Church'
            WHEN 'moskee' THEN 'Moskee Mosque'
            WHEN 'bibliotheek' THEN 'Bibliotheek Library'
            WHEN 'sportkantine' THEN 'Sportkantine Sports club canteen'
            WHEN 'buurtcafe' THEN 'Buurtcafé Neighbourhood café'
            WHEN 'inloophuis' THEN 'Inloophuis Drop-in centre'
            WHEN 'kringloop' THEN 'Kringloopwinkel Second-hand shop'
            WHEN 'anders' THEN 'Anders Other'
        END)
$$;

-- PostgreSQL 15 cannot change a generated column's expression, so the
-- column is made again; the view and the search function over it go first
-- and come back unchanged (0051's view, 0050's function).
DROP FUNCTION hv_public_search(jsonb);
DROP VIEW public_places;
ALTER TABLE places DROP COLUMN search_doc;
ALTER TABLE places ADD COLUMN search_doc tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('dutch', hv_unaccent(name)), 'A')
    || setweight(to_tsvector('simple', hv_unaccent(name)), 'A')
    || setweight(to_tsvector('dutch', hv_unaccent(hv_label_words(place_type, category))), 'B')
    || setweight(to_tsvector('simple', hv_unaccent(hv_label_words(place_type, category))), 'B')
    || setweight(to_tsvector('dutch', hv_unaccent(description)), 'C')
) STORED;
CREATE INDEX places_search_idx ON places USING gin (search_doc);

CREATE VIEW public_places AS
SELECT p.id, p.name, p.place_type, p.category, p.description,
       CASE p.precision
           WHEN 'exact' THEN p.address
           WHEN 'straat' THEN hv_street_only(p.address)
           ELSE ''
       END AS address,
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
