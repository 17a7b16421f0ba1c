-- Search finds words inside place names ("cafe" in "Buurtcafé"), which a
-- full-text prefix query cannot. A trigram index keeps that fast.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX places_name_trgm_idx ON places USING gin (hv_unaccent(name) gin_trgm_ops);
-- Pages note demo data when a list holds demo places; this partial index
-- answers that without reading every place.
CREATE INDEX places_demo_idx ON places (wijk_code) WHERE source LIKE 'demo: %';
