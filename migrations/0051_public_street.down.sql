-- Back to 0050: precision straat shows no address, as buurt.
CREATE OR REPLACE VIEW public_places AS
SELECT p.id, p.name, p.place_type, p.category, p.description,
       CASE WHEN p.precision = 'exact' THEN p.address ELSE '' END AS address,
       CASE WHEN p.precision = 'exact' THEN p.postcode ELSE '' END AS postcode,
       p.public_location,
       p.location IS NOT NULL AS located,
       p.precision, p.wijk_code, p.buurt_code, p.initiator, p.target_groups,
       p.opening_hours, p.ground_floor, p.wheelchair, p.street_visible, p.no_reception,
       p.phone, p.email, p.website, p.founded_year,
       p.status, p.closed_on, p.closing_reason, p.last_verified,
       p.source LIKE 'demo: %' AS demo,
       p.created_at, p.updated_at, p.search_doc
FROM places p
WHERE NOT p.hidden;

DROP FUNCTION IF EXISTS hv_street_only(text);
