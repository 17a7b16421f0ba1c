-- Issue 12: e-mail. A transactional outbox (a mail is written in the same
-- transaction as the event that causes it; a worker in `serve` sends it),
-- the recipient's language, e-mail confirmation and single-use account
-- tokens (password reset, confirmation), stored as SHA-256 only.

CREATE TABLE mail_outbox (
    id              bigserial PRIMARY KEY,
    -- What caused it (a slug of mail::MailKind), for the log and tests.
    kind            text NOT NULL,
    recipient       text NOT NULL,
    reply_to        text,
    subject         text NOT NULL,
    -- Rendered when the event happened, in the recipient's language.
    -- Emptied once sent: the outbox is no archive of what people wrote.
    body_text       text NOT NULL,
    body_html       text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- When a worker may (next) try; a claim moves it into the future, so a
    -- worker that dies mid-send leaves the mail for another after a while.
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text,
    sent_at         timestamptz,
    -- Given up after too many failures; kept for the beheerder to see.
    failed_at       timestamptz,
    CONSTRAINT mail_outbox_kind_check CHECK (kind ~ '^[a-z_]+$'),
    CONSTRAINT mail_outbox_recipient_check CHECK (recipient LIKE '_%@_%')
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at)
    WHERE sent_at IS NULL AND failed_at IS NULL;

-- Wakes the workers of every instance at once (they also poll).
CREATE FUNCTION mail_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('haarvaten_mail', '');
    RETURN NULL;
END $$;
CREATE TRIGGER mail_outbox_notify AFTER INSERT ON mail_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION mail_outbox_notify();

-- The language mails to this account are written in: the one it signed up
-- or last logged in with.
ALTER TABLE users ADD COLUMN lang text NOT NULL DEFAULT 'nl'
    CONSTRAINT users_lang_check CHECK (lang IN ('nl', 'en'));
-- NULL until the owner follows the link in the confirmation mail. Only a
-- sign-up on the site sets it to NULL (ops::accounts::register); accounts
-- from before this migration and those a beheerder makes with `haarvaten
-- user create` count as confirmed.
ALTER TABLE users ADD COLUMN email_confirmed_at timestamptz DEFAULT now();

CREATE TABLE account_tokens (
    -- SHA-256 (hex) of the token in the link; the link itself is not kept.
    token_hash  text PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    CONSTRAINT account_tokens_purpose_check CHECK (purpose IN ('wachtwoord', 'bevestigen'))
);
CREATE INDEX account_tokens_user_idx ON account_tokens (user_id, purpose, created_at);
