-- Wijkteam visits to places, with their follow-up, the team members present,
-- and the per-wijk threshold after which a place counts as a blind spot.
--
-- Privacy: `notes`, `partners` and `followup_text` are free text that may
-- hold personal data. `haarvaten retention` empties them after a set period
-- and stamps `erased_at`; date, place and purpose stay for the statistics.

CREATE TABLE visits (
    id                uuid PRIMARY KEY,
    place_id          uuid NOT NULL REFERENCES places (id) ON DELETE CASCADE,
    -- The place's wijk when the visit was logged: access and statistics
    -- follow the team that made the visit, even if the place moves later.
    wijk_code         text NOT NULL,
    visited_on        date NOT NULL,
    duration_minutes  integer,
    purpose           text NOT NULL,
    -- What the team saw.
    notes             text NOT NULL DEFAULT '',
    -- Formal partners met there: organisations, not people.
    partners          text[] NOT NULL DEFAULT '{}',
    followup_text     text NOT NULL DEFAULT '',
    followup_due      date,
    followup_done_at  timestamptz,
    followup_done_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    next_visit_on     date,
    logged_by         uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    -- Set when retention emptied the free text.
    erased_at         timestamptz,
    CONSTRAINT visits_wijk_code_check CHECK (wijk_code ~ '^WK[0-9]{6}$'),
    CONSTRAINT visits_purpose_check CHECK (purpose IN
        ('kennismaken', 'contact_onderhouden', 'activiteit_bijwonen', 'signaal_opvolgen', 'anders')),
    CONSTRAINT visits_duration_check CHECK (duration_minutes IS NULL OR duration_minutes BETWEEN 1 AND 1440),
    CONSTRAINT visits_notes_check CHECK (char_length(notes) <= 4000),
    CONSTRAINT visits_followup_text_check CHECK (char_length(followup_text) <= 1000),
    CONSTRAINT visits_partners_check CHECK (cardinality(partners) <= 20),
    CONSTRAINT visits_next_visit_check CHECK (next_visit_on IS NULL OR next_visit_on >= visited_on)
);
CREATE INDEX visits_place_idx ON visits (place_id, visited_on DESC);
CREATE INDEX visits_wijk_idx ON visits (wijk_code, visited_on);
CREATE INDEX visits_open_followup_idx ON visits (followup_due)
    WHERE followup_due IS NOT NULL AND followup_done_at IS NULL;

-- The team members present; the member who logged the visit is always one.
CREATE TABLE visit_members (
    visit_id  uuid NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
    user_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (visit_id, user_id)
);
CREATE INDEX visit_members_user_idx ON visit_members (user_id);

-- Per wijk: after how many months without a visit a place is a blind spot.
-- No row means the default (6 months).
CREATE TABLE wijk_visit_settings (
    wijk_code         text PRIMARY KEY,
    threshold_months  integer NOT NULL,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    updated_by        uuid REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT wijk_visit_settings_code_check CHECK (wijk_code ~ '^WK[0-9]{6}$'),
    CONSTRAINT wijk_visit_settings_threshold_check CHECK (threshold_months BETWEEN 1 AND 36)
);
