-- Notifications (issue 12, item 3). Each user chooses per kind how they
-- hear of it: at once, in a daily digest, or not at all. A missing row
-- means the default for their role (domain/notify.rs). Every notice is a
-- row of its own, written in the transaction of the event; a direct one
-- has its mail queued in that same transaction, a digest one waits for the
-- daily job.

CREATE TABLE notification_settings (
    user_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind      text NOT NULL,
    delivery  text NOT NULL,
    PRIMARY KEY (user_id, kind),
    CONSTRAINT notification_settings_kind_check CHECK (kind IN ('review', 'decision', 'followup')),
    CONSTRAINT notification_settings_delivery_check CHECK (delivery IN ('direct', 'digest', 'never'))
);

CREATE TABLE notifications (
    id          bigserial PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        text NOT NULL,
    -- What happened: proposal, edit, tip, correction, accepted, rejected,
    -- followup (domain/notify.rs `NoticeEvent`).
    event       text NOT NULL,
    delivery    text NOT NULL,
    place_name  text NOT NULL,
    -- Path of the page the notice points to (the review queue, the place,
    -- the wijkteam dashboard); the mail makes it absolute.
    link        text NOT NULL,
    -- The reviewer's reason of a rejection; emptied once mailed.
    detail      text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    -- When its mail was queued: at once for direct, by the digest else.
    mailed_at   timestamptz,
    CONSTRAINT notifications_kind_check CHECK (kind IN ('review', 'decision', 'followup')),
    CONSTRAINT notifications_delivery_check CHECK (delivery IN ('direct', 'digest')),
    CONSTRAINT notifications_detail_check CHECK (char_length(detail) <= 2000)
);
CREATE INDEX notifications_pending_idx ON notifications (user_id, created_at)
    WHERE mailed_at IS NULL;

-- One digest per user per day, also when the job runs twice.
CREATE TABLE notification_digests (
    user_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day      date NOT NULL,
    PRIMARY KEY (user_id, day)
);

-- A follow-up whose date was reached was noticed once; never again.
CREATE TABLE followup_notices (
    visit_id    uuid PRIMARY KEY REFERENCES visits (id) ON DELETE CASCADE,
    noticed_at  timestamptz NOT NULL DEFAULT now()
);
