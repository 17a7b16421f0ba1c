DROP FUNCTION IF EXISTS hv_first_import_day(text);
DROP TABLE IF EXISTS imported_places;
