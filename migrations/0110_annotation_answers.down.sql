DROP INDEX IF EXISTS place_annotations_author_idx;
DROP INDEX IF EXISTS place_annotations_published_idx;
ALTER TABLE place_annotations
    DROP CONSTRAINT IF EXISTS place_annotations_published_check,
    DROP CONSTRAINT IF EXISTS place_annotations_answer_check,
    DROP COLUMN IF EXISTS published,
    DROP COLUMN IF EXISTS answer;
