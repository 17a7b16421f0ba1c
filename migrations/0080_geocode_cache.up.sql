-- Answers of the geocoder (a PDOK Locatieserver v3.1 service, see
-- src/geocode/), kept so that the same address typed again, a suggestion
-- list the next visitor asks for, or an import re-run does not ask the
-- service again. Only the parsed candidates are stored (our own JSON, see
-- `geocode::Candidate`), keyed by endpoint and the normalised question.
-- Addresses from the national register are public data; nothing here
-- links an address to a place.
CREATE TABLE geocode_cache (
    endpoint    text NOT NULL,
    query       text NOT NULL,
    candidates  jsonb NOT NULL,
    fetched_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (endpoint, query),
    CONSTRAINT geocode_cache_endpoint_check CHECK (endpoint IN ('free', 'suggest', 'lookup')),
    CONSTRAINT geocode_cache_candidates_check CHECK (jsonb_typeof(candidates) = 'array')
);
-- Purging old answers scans by age.
CREATE INDEX geocode_cache_fetched_idx ON geocode_cache (fetched_at);
