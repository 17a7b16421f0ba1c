-- The exports' and the HSDS API's narrowing in one place, and an index
-- that finds a page of the API without reading the rows before it.
--
-- hv_export_rows: the public places (hv_public_search, the public rules
-- and the list's filters) narrowed as an export or the API asks: by
-- gemeente, wijken, closed or not, changed since, a box, an accessibility
-- fact, or these ids. An inlinable SQL function, like hv_public_search: a
-- custom plan folds away every narrowing that is not asked for. The
-- gemeente's wijken are an array, so places_wijk_idx takes them as an
-- index condition. db::export::{export_places, export_count} and
-- db::hsds::page_ids read it.
CREATE FUNCTION hv_export_rows(gemeente text, wijken text[], include_closed boolean, f jsonb,
                               modified_after timestamptz, bbox float8[], fact text, ids uuid[])
RETURNS SETOF public_places
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT p.* FROM hv_public_search(f) p
    WHERE (gemeente IS NULL
           OR p.wijk_code = ANY (ARRAY(SELECT a.code FROM areas a WHERE a.parent_code = gemeente)))
      AND (cardinality(wijken) = 0 OR p.wijk_code = ANY (wijken))
      AND (include_closed OR p.status <> 'opgeheven')
      AND (modified_after IS NULL OR p.updated_at >= modified_after)
      AND (bbox IS NULL OR p.public_location && hv_box(bbox))
      AND (fact IS NULL OR hv_fact_holds(fact, p.ground_floor, p.wheelchair,
                                         p.street_visible, p.no_reception))
      AND (cardinality(ids) = 0 OR p.id = ANY (ids))
$$;

-- The export's order over public places only, with what the page query
-- reads, so a page of the API is found by an index-only scan: `name`
-- beside `lower(name)` because PostgreSQL only takes an index-only scan
-- when the plain column is in the index too, and `status` for the filter
-- on closed places. It replaces 0090's index of the same order over every
-- place: every export reads public places only.
CREATE INDEX places_public_order_idx ON places (wijk_code, lower(name), id)
    INCLUDE (name, status) WHERE NOT hidden;
DROP INDEX places_wijk_name_idx;
