-- Precision `straat` ("alleen de straat") shows the street without house
-- number to the public; before, it showed what `buurt` shows (nothing).
-- The postcode stays hidden (it nearly pins the house) and the point stays
-- the buurt's label point. The view keeps its columns, so hv_public_search
-- (which returns SETOF public_places) needs no change.

-- The street of an address: everything before a comma, without the last
-- word that starts with a digit (the house number) and what follows it,
-- unless that word is the first ("1e Middellandstraat 8" keeps "1e").
-- The same rule as `domain::place::street_only` in Rust; tests/app/privacy.rs
-- compares the two.
CREATE FUNCTION hv_street_only(a text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT regexp_replace(
        regexp_replace(btrim(split_part(a, ',', 1), E' \t\n\r'),
                       '[[:space:]]+[0-9][^[:space:]]*([[:space:]]+[^0-9[:space:]][^[:space:]]*)*$', ''),
        '[[:space:]]+$', '')
$$;

CREATE OR REPLACE VIEW public_places AS
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
