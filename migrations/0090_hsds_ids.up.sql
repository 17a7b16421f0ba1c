-- The HSDS API (src/hsds, src/web/handlers/api) gives each part of a
-- place's record an id of its own: UUID v5 of the place id (namespace) and
-- the part's name, computed in Rust as `Uuid::new_v5(&place, b"service")`.
-- `/api/hsds/services/{id}` and the like look a place up by such an id;
-- uuid-ossp's uuid_generate_v5 is the same RFC 4122 function and IMMUTABLE,
-- so an expression index per part finds the place without scanning.
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";

CREATE INDEX places_hsds_service_idx ON places (uuid_generate_v5(id, 'service'));
CREATE INDEX places_hsds_location_idx ON places (uuid_generate_v5(id, 'location'));
CREATE INDEX places_hsds_sal_idx ON places (uuid_generate_v5(id, 'service_at_location'));

-- `modified_after`: what changed since a consumer's last visit is usually a
-- small share of the places.
CREATE INDEX places_updated_at_idx ON places (updated_at);

-- The export's order, which the API's pages follow: page 1 of the whole
-- country reads 50 index entries instead of sorting every place.
CREATE INDEX places_wijk_name_idx ON places (wijk_code, lower(name), id);

-- Small helpers of the API's filters (src/db/overview.rs), IMMUTABLE SQL
-- so the planner inlines them and still uses the indexes.
-- bbox: minlon, minlat, maxlon, maxlat.
CREATE FUNCTION hv_box(b float8[]) RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT ST_MakeEnvelope(b[1], b[2], b[3], b[4], 4326) $$;

-- Whether an accessibility fact (the name of a yes/no field of a place,
-- src/hsds/taxonomy.rs) holds.
CREATE FUNCTION hv_fact_holds(fact text, ground_floor boolean, wheelchair boolean,
                              street_visible boolean, no_reception boolean)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT COALESCE(CASE fact
        WHEN 'begane_grond' THEN ground_floor
        WHEN 'rolstoel' THEN wheelchair
        WHEN 'zichtbaar_vanaf_straat' THEN street_visible
        WHEN 'geen_balie' THEN no_reception
    END, false)
$$;
