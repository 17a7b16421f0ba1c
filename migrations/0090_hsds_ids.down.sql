DROP INDEX IF EXISTS places_wijk_name_idx;
DROP INDEX IF EXISTS places_updated_at_idx;
DROP FUNCTION IF EXISTS hv_fact_holds(text, boolean, boolean, boolean, boolean);
DROP FUNCTION IF EXISTS hv_box(float8[]);
DROP INDEX IF EXISTS places_hsds_sal_idx;
DROP INDEX IF EXISTS places_hsds_location_idx;
DROP INDEX IF EXISTS places_hsds_service_idx;
-- Nothing else uses the extension.
DROP EXTENSION IF EXISTS "uuid-ossp";
