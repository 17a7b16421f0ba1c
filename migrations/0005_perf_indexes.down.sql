DROP TRIGGER IF EXISTS places_counts_truncate_trg ON places;
DROP TRIGGER IF EXISTS places_counts_trg ON places;
DROP FUNCTION IF EXISTS hv_place_counts_truncate();
DROP FUNCTION IF EXISTS hv_place_counts_trigger();
DROP TABLE IF EXISTS place_counts;
