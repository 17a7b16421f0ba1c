DROP INDEX IF EXISTS places_demo_idx;
DROP INDEX IF EXISTS places_name_trgm_idx;
-- The extension stays: other objects may have come to depend on it.
