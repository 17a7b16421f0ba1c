-- The export's order over public places only, with what the HSDS API's
-- page query (db::hsds::export_page) reads, so a page is found by an
-- index-only scan: `name` beside `lower(name)` because PostgreSQL only
-- takes an index-only scan when the plain column is in the index too, and
-- `status` for the filter on closed places. It replaces 0090's index of
-- the same order over every place: every export reads public places.
CREATE INDEX places_public_order_idx ON places (wijk_code, lower(name), id)
    INCLUDE (name, status) WHERE NOT hidden;
DROP INDEX places_wijk_name_idx;
