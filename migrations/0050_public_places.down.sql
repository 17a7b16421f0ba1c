DROP FUNCTION IF EXISTS hv_public_search(jsonb);
DROP FUNCTION IF EXISTS hv_json_words(jsonb);
DROP VIEW IF EXISTS public_places;
