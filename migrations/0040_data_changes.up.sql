-- Tells every app instance that public data changed, whoever changed it
-- (a CLI import, another instance), so their page caches start afresh; see
-- src/web/page_cache.rs. Per statement, so a bulk import sends one
-- notification per statement, and PostgreSQL folds duplicates within a
-- transaction into one, delivered at commit.
CREATE FUNCTION hv_notify_data_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('haarvaten_data', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER places_notify_data_change
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON places
    FOR EACH STATEMENT EXECUTE FUNCTION hv_notify_data_change();

CREATE TRIGGER areas_notify_data_change
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON areas
    FOR EACH STATEMENT EXECUTE FUNCTION hv_notify_data_change();
