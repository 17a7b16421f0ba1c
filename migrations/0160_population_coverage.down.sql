ALTER TABLE areas
    DROP COLUMN population_coverage,
    DROP COLUMN population_buurten_known,
    DROP COLUMN population_buurten;
DROP TABLE area_population;
