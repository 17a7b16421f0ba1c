-- Every published change to a place (revisions, with a full snapshot so a
-- restore is exact), proposals waiting for review, and annotations.
-- Hiding a place is a revision of kind 'hide' plus an audit entry.

CREATE TABLE place_revisions (
    id          bigserial PRIMARY KEY,
    place_id    uuid NOT NULL REFERENCES places (id) ON DELETE CASCADE,
    -- The place's version after this change.
    version     integer NOT NULL,
    kind        text NOT NULL,
    -- Who made the change (the proposer for an accepted proposal).
    author_id   uuid REFERENCES users (id) ON DELETE SET NULL,
    author_email text,
    -- Who accepted it, for changes that went through the review queue.
    reviewer_id uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    -- [{"field": "naam", "old": "...", "new": "..."}], Dutch field names.
    changes     jsonb NOT NULL DEFAULT '[]'::jsonb,
    -- Every field after the change, as a PlaceInput (see domain::revision).
    snapshot    jsonb NOT NULL,
    hidden      boolean NOT NULL DEFAULT false,
    note        text NOT NULL DEFAULT '',
    CONSTRAINT place_revisions_version_key UNIQUE (place_id, version),
    CONSTRAINT place_revisions_kind_check CHECK (kind IN
        ('create', 'edit', 'restore', 'close', 'verify', 'hide', 'unhide')),
    CONSTRAINT place_revisions_note_check CHECK (char_length(note) <= 1000)
);

CREATE TABLE place_proposals (
    id           uuid PRIMARY KEY,
    -- NULL for a proposed new place.
    place_id     uuid REFERENCES places (id) ON DELETE CASCADE,
    base_version integer,
    -- The place as the proposer saw it, so accepting applies only the
    -- fields they changed, on top of whatever is current by then.
    base_snapshot jsonb,
    input        jsonb NOT NULL,
    wijk_code    text NOT NULL REFERENCES areas (code),
    name         text NOT NULL,
    proposer_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status       text NOT NULL DEFAULT 'open',
    reviewer_id  uuid REFERENCES users (id) ON DELETE SET NULL,
    reason       text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    decided_at   timestamptz,
    CONSTRAINT place_proposals_status_check CHECK (status IN ('open', 'accepted', 'rejected')),
    CONSTRAINT place_proposals_reason_check CHECK (char_length(reason) <= 1000),
    CONSTRAINT place_proposals_decided_check CHECK ((status = 'open') = (decided_at IS NULL)),
    CONSTRAINT place_proposals_edit_check CHECK ((place_id IS NULL) = (base_version IS NULL))
);
CREATE INDEX place_proposals_open_idx ON place_proposals (wijk_code, created_at) WHERE status = 'open';
CREATE INDEX place_proposals_proposer_idx ON place_proposals (proposer_id, created_at DESC);

CREATE TABLE place_annotations (
    id          bigserial PRIMARY KEY,
    place_id    uuid NOT NULL REFERENCES places (id) ON DELETE CASCADE,
    author_id   uuid REFERENCES users (id) ON DELETE SET NULL,
    kind        text NOT NULL,
    body        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    resolved_by uuid REFERENCES users (id) ON DELETE SET NULL,
    resolved_at timestamptz,
    CONSTRAINT place_annotations_kind_check CHECK (kind IN ('tip', 'correctie', 'nog_open')),
    CONSTRAINT place_annotations_body_check CHECK (char_length(body) BETWEEN 1 AND 2000)
);
CREATE INDEX place_annotations_open_idx ON place_annotations (place_id) WHERE resolved_at IS NULL;
