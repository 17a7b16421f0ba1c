-- Issue 12: the public reaches a place. "Stuur een bericht" is relayed by
-- mail and not kept; "Klopt er iets niet?" becomes an annotation of kind
-- 'correctie' in the review queue. place_messages keeps only what the rate
-- limits count: hashes of the sender's IP address and e-mail address.

CREATE TABLE place_messages (
    id          bigserial PRIMARY KEY,
    place_id    uuid NOT NULL REFERENCES places (id) ON DELETE CASCADE,
    kind        text NOT NULL,
    -- SHA-256 (hex); pruned after two days.
    ip_hash     text NOT NULL,
    sender_hash text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT place_messages_kind_check CHECK (kind IN ('bericht', 'correctie'))
);
CREATE INDEX place_messages_place_idx ON place_messages (place_id, kind, created_at);
CREATE INDEX place_messages_ip_idx ON place_messages (ip_hash, kind, created_at);
CREATE INDEX place_messages_sender_idx ON place_messages (sender_hash, kind, created_at)
    WHERE sender_hash IS NOT NULL;

-- What an anonymous correction is about, and where its writer wants an
-- answer (optional; erased when the note is marked done).
ALTER TABLE place_annotations ADD COLUMN topic text
    CONSTRAINT place_annotations_topic_check CHECK (topic IN ('gestopt', 'tijden', 'adres', 'anders'));
ALTER TABLE place_annotations ADD COLUMN reply_email text
    CONSTRAINT place_annotations_reply_email_check CHECK (reply_email LIKE '_%@_%');
