DROP FUNCTION IF EXISTS hv_public_search(jsonb);
DROP VIEW IF EXISTS public_places;
