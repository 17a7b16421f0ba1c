-- "Klopt dit nog?" (issue 12, item 4): once a year, or when staff ask, a
-- place with a contact e-mail gets a signed link to confirm its data or
-- report a change. One row per link sent; `answered_at` makes it single
-- use. The overview counts asked and answered per wijk and year.
CREATE TABLE place_checks (
    id           bigserial PRIMARY KEY,
    place_id     uuid NOT NULL REFERENCES places (id) ON DELETE CASCADE,
    -- The place's wijk when asked, for the overview's counts.
    wijk_code    text NOT NULL,
    issued_on    date NOT NULL,
    -- Staff who sent it from the place page; NULL for the yearly job.
    asked_by     uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    answered_at  timestamptz,
    answer       text,
    CONSTRAINT place_checks_day_key UNIQUE (place_id, issued_on),
    CONSTRAINT place_checks_answer_check CHECK (answer IN ('klopt', 'veranderd')),
    CONSTRAINT place_checks_answered_check CHECK ((answer IS NULL) = (answered_at IS NULL))
);
CREATE INDEX place_checks_wijk_idx ON place_checks (wijk_code, issued_on);

-- The key that signs the links (see domain/place_check.rs); its own key,
-- so the cookie key never signs anything that leaves the site by mail.
INSERT INTO app_secrets (name, secret)
VALUES ('place_check_key',
        decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'))
ON CONFLICT (name) DO NOTHING;
