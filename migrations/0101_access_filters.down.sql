-- Back to 0100: no access or initiator filters.
CREATE OR REPLACE FUNCTION hv_public_search(f jsonb) RETURNS SETOF public_places
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT p.*
    FROM public_places p
    WHERE (COALESCE((f ->> 'include_closed')::boolean, false) OR p.status <> 'opgeheven')
      AND (f ->> 'type' IS NULL OR p.place_type = f ->> 'type')
      AND (f ->> 'category' IS NULL OR p.category = f ->> 'category')
      AND (f ->> 'target_group' IS NULL OR f ->> 'target_group' = ANY (p.target_groups))
      AND (f ->> 'wijk' IS NULL OR p.wijk_code = f ->> 'wijk')
      AND (f ->> 'gemeente' IS NULL OR p.wijk_code IN (
           SELECT a.code FROM areas a WHERE a.parent_code = f ->> 'gemeente'))
      AND (f ->> 'tsquery' IS NULL
           OR p.search_doc @@ (to_tsquery('simple', hv_unaccent(f ->> 'tsquery'))
                               || to_tsquery('dutch', hv_unaccent(f ->> 'tsquery')))
           OR (hv_unaccent(p.name) ILIKE hv_unaccent('%' || (f ->> 'longest') || '%')
               AND hv_unaccent(p.name) ILIKE ALL (
                   SELECT '%' || hv_unaccent(x) || '%'
                   FROM unnest(hv_json_words(f -> 'words')) x)))
$$;
