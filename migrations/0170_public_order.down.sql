CREATE INDEX places_wijk_name_idx ON places (wijk_code, lower(name), id);
DROP INDEX places_public_order_idx;
DROP FUNCTION hv_export_rows(text, text[], boolean, jsonb, timestamptz, float8[], text, uuid[]);
