-- Areas (gemeente > wijk > buurt) and meeting places. Geometry is WGS84.
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- unaccent() is only STABLE, so it cannot feed a generated column directly.
-- Pinning the dictionary makes the result fixed, which is what IMMUTABLE promises.
CREATE FUNCTION hv_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

CREATE TABLE areas (
    code          text PRIMARY KEY,
    level         text NOT NULL,
    name          text NOT NULL,
    parent_code   text REFERENCES areas (code) ON UPDATE CASCADE,
    geom          geometry(MultiPolygon, 4326) NOT NULL,
    -- A label point that is always inside the area, used to blur places.
    label_point   geometry(Point, 4326) NOT NULL,
    inhabitants   integer,
    households    integer,
    age_0_15      integer,
    age_25_45     integer,
    age_65_plus   integer,
    density       double precision,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT areas_level_check CHECK (level IN ('gemeente', 'wijk', 'buurt')),
    CONSTRAINT areas_code_check CHECK (
        (level = 'gemeente' AND code ~ '^GM[0-9]{4}$')
        OR (level = 'wijk' AND code ~ '^WK[0-9]{6}$')
        OR (level = 'buurt' AND code ~ '^BU[0-9]{8}$')),
    CONSTRAINT areas_inhabitants_check CHECK (inhabitants IS NULL OR inhabitants >= 0)
);
CREATE INDEX areas_geom_idx ON areas USING gist (geom);
CREATE INDEX areas_parent_idx ON areas (parent_code);
CREATE INDEX areas_level_idx ON areas (level, name);

CREATE TABLE categories (
    slug      text PRIMARY KEY,
    sort      integer NOT NULL DEFAULT 0,
    CONSTRAINT categories_slug_check CHECK (slug ~ '^[a-z_]+$')
);
INSERT INTO categories (slug, sort) VALUES
    ('buurthuis', 10), ('huiskamer', 20), ('wijktuin', 30), ('kerk', 40),
    ('moskee', 50), ('bibliotheek', 60), ('sportkantine', 70), ('buurtcafe', 80),
    ('inloophuis', 90), ('kringloop', 100), ('anders', 999);

CREATE TABLE places (
    id              uuid PRIMARY KEY,
    name            text NOT NULL,
    place_type      text NOT NULL,
    category        text NOT NULL REFERENCES categories (slug),
    description     text NOT NULL DEFAULT '',
    address         text NOT NULL DEFAULT '',
    postcode        text NOT NULL DEFAULT '',
    location        geometry(Point, 4326),
    precision       text NOT NULL,
    -- What anyone may see: the exact point, or the buurt's label point.
    public_location geometry(Point, 4326),
    wijk_code       text NOT NULL REFERENCES areas (code),
    buurt_code      text REFERENCES areas (code),
    initiator       text NOT NULL,
    target_groups   text[] NOT NULL DEFAULT '{}',
    opening_hours   text NOT NULL DEFAULT '',
    ground_floor    boolean,
    wheelchair      boolean,
    street_visible  boolean,
    no_reception    boolean,
    phone           text NOT NULL DEFAULT '',
    email           text NOT NULL DEFAULT '',
    website         text NOT NULL DEFAULT '',
    founded_year    integer,
    status          text NOT NULL DEFAULT 'actief',
    closed_on       date,
    closing_reason  text NOT NULL DEFAULT '',
    last_verified   date,
    source          text NOT NULL DEFAULT '',
    hidden          boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1,
    search_doc      tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('dutch', hv_unaccent(name)), 'A')
        || setweight(to_tsvector('simple', hv_unaccent(name)), 'A')
        || setweight(to_tsvector('dutch', hv_unaccent(category)), 'B')
        || setweight(to_tsvector('dutch', hv_unaccent(description)), 'C')
    ) STORED,
    CONSTRAINT places_name_check CHECK (char_length(name) BETWEEN 1 AND 200),
    CONSTRAINT places_type_check CHECK (place_type IN ('huiskamer', 'zelfbeheer', 'huis_van_de_wijk')),
    CONSTRAINT places_precision_check CHECK (precision IN ('exact', 'straat', 'buurt')),
    CONSTRAINT places_initiator_check CHECK (initiator IN
        ('bewoners', 'stichting', 'religieuze_instelling', 'gemeente', 'welzijnsorganisatie', 'ondernemer')),
    CONSTRAINT places_status_check CHECK (status IN ('actief', 'tijdelijk_gesloten', 'opgeheven')),
    CONSTRAINT places_closed_check CHECK (status <> 'opgeheven' OR closed_on IS NOT NULL),
    CONSTRAINT places_founded_year_check CHECK (founded_year IS NULL OR founded_year BETWEEN 1800 AND 2100),
    CONSTRAINT places_description_check CHECK (char_length(description) <= 4000)
);
CREATE INDEX places_public_location_idx ON places USING gist (public_location);
CREATE INDEX places_wijk_idx ON places (wijk_code);
CREATE INDEX places_buurt_idx ON places (buurt_code);
CREATE INDEX places_search_idx ON places USING gin (search_doc);
CREATE INDEX places_name_idx ON places (lower(name));
