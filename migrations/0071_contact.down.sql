ALTER TABLE place_annotations DROP COLUMN IF EXISTS reply_email;
ALTER TABLE place_annotations DROP COLUMN IF EXISTS topic;
DROP TABLE IF EXISTS place_messages;
