DROP TABLE IF EXISTS geocode_cache;
