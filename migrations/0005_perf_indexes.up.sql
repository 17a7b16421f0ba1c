-- The wijken overview shows counts per wijk and gemeente on every view.
-- Counting 100,000 places each time is too slow at national scale, so a
-- trigger keeps the counts of public places (not hidden, not closed) per
-- wijk and type up to date.
CREATE TABLE place_counts (
    wijk_code  text NOT NULL,
    place_type text NOT NULL,
    n          bigint NOT NULL,
    PRIMARY KEY (wijk_code, place_type)
);

INSERT INTO place_counts (wijk_code, place_type, n)
SELECT wijk_code, place_type, count(*)
FROM places
WHERE NOT hidden AND status <> 'opgeheven'
GROUP BY 1, 2;

CREATE FUNCTION hv_place_counts_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND NOT OLD.hidden AND OLD.status <> 'opgeheven' THEN
        UPDATE place_counts SET n = n - 1
        WHERE wijk_code = OLD.wijk_code AND place_type = OLD.place_type;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NOT NEW.hidden AND NEW.status <> 'opgeheven' THEN
        INSERT INTO place_counts (wijk_code, place_type, n)
        VALUES (NEW.wijk_code, NEW.place_type, 1)
        ON CONFLICT (wijk_code, place_type) DO UPDATE SET n = place_counts.n + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER places_counts_trg
AFTER INSERT OR DELETE OR UPDATE OF hidden, status, wijk_code, place_type ON places
FOR EACH ROW EXECUTE FUNCTION hv_place_counts_trigger();

-- TRUNCATE skips row triggers; the counts must follow it.
CREATE FUNCTION hv_place_counts_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM place_counts;
    RETURN NULL;
END
$$;

CREATE TRIGGER places_counts_truncate_trg
AFTER TRUNCATE ON places
FOR EACH STATEMENT EXECUTE FUNCTION hv_place_counts_truncate();
