DROP TABLE IF EXISTS import_mappings;
DROP TABLE IF EXISTS import_uploads;
