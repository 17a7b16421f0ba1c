-- Issue 15, item 11: where the outlines of an area come from, so the footer
-- of a page about one gemeente names the source of the areas it shows
-- ("Gemeente Rotterdam", "CBS Wijk- en buurtkaart 2024"). Set by
-- `haarvaten import areas --bron` and the demo; NULL for areas imported
-- before this migration (the footer then names the sources in general terms).
ALTER TABLE areas ADD COLUMN source text
    CONSTRAINT areas_source_check CHECK (source IS NULL OR length(btrim(source)) BETWEEN 1 AND 200);
