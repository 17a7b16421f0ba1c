DROP TRIGGER IF EXISTS areas_notify_data_change ON areas;
DROP TRIGGER IF EXISTS places_notify_data_change ON places;
DROP FUNCTION IF EXISTS hv_notify_data_change();
