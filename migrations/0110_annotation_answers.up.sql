-- A reviewer's answer to a note a resident left (the resident reads it
-- under "mijn voorstellen"), and whether a tip is shown on the place page.
-- Only a tip that has been dealt with can be shown: corrections and "is
-- dit nog open?" questions are about the data, not for other residents.
ALTER TABLE place_annotations
    ADD COLUMN answer text NOT NULL DEFAULT '',
    ADD COLUMN published boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT place_annotations_answer_check CHECK (char_length(answer) <= 1000),
    ADD CONSTRAINT place_annotations_published_check
        CHECK (NOT published OR (kind = 'tip' AND resolved_at IS NOT NULL));
CREATE INDEX place_annotations_published_idx ON place_annotations (place_id) WHERE published;
CREATE INDEX place_annotations_author_idx ON place_annotations (author_id);
