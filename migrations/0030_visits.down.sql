DROP TABLE IF EXISTS wijk_visit_settings;
DROP TABLE IF EXISTS visit_members;
DROP TABLE IF EXISTS visits;
