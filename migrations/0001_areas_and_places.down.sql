DROP TABLE IF EXISTS places;
DROP TABLE IF EXISTS categories;
DROP TABLE IF EXISTS areas;
DROP FUNCTION IF EXISTS hv_unaccent(text);
-- The extensions stay: other databases objects may use them, and dropping
-- PostGIS is never what a rollback of this schema means.
