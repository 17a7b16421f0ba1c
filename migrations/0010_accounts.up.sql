-- Accounts, roles with their scope, sessions, login attempts (for rate
-- limiting) and the audit log.

CREATE TABLE users (
    id              uuid PRIMARY KEY,
    email           text NOT NULL,
    password_hash   text NOT NULL,
    role            text NOT NULL DEFAULT 'bewoner',
    -- Only for role 'gemeente': the gemeente it may act for.
    gemeente_code   text,
    -- Raised when the password changes, so other sessions end.
    session_version integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    last_login_at   timestamptz,
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_email_check CHECK (email = lower(btrim(email)) AND email LIKE '_%@_%'),
    CONSTRAINT users_role_check CHECK (role IN ('bewoner', 'wijkteam', 'gemeente', 'beheerder')),
    CONSTRAINT users_gemeente_check CHECK (
        (role = 'gemeente' AND gemeente_code ~ '^GM[0-9]{4}$')
        OR (role <> 'gemeente' AND gemeente_code IS NULL))
);

-- The wijken a wijkteam member works in. No foreign key to areas: a team can
-- be set up before the area outlines are imported; the UI checks the code.
CREATE TABLE user_wijken (
    user_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    wijk_code text NOT NULL,
    PRIMARY KEY (user_id, wijk_code),
    CONSTRAINT user_wijken_code_check CHECK (wijk_code ~ '^WK[0-9]{6}$')
);
CREATE INDEX user_wijken_wijk_idx ON user_wijken (wijk_code);

-- Failed and successful logins within the rate-limit window. Kept in the
-- database so the limit holds across app instances; old rows are pruned.
CREATE TABLE login_attempts (
    id           bigserial PRIMARY KEY,
    email        text NOT NULL,
    ip           text NOT NULL,
    succeeded    boolean NOT NULL,
    attempted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_email_idx ON login_attempts (email, attempted_at);
CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, attempted_at);

CREATE TABLE audit_log (
    id         bigserial PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    -- Who did it; NULL for anonymous events such as a failed login.
    actor_id   uuid REFERENCES users (id) ON DELETE SET NULL,
    -- Kept as text so the log still reads well after a user is removed.
    actor_email text,
    action     text NOT NULL,
    -- What it was done to, e.g. 'user:<uuid>', 'place:<uuid>' or an e-mail.
    subject    text NOT NULL DEFAULT '',
    details    jsonb NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT audit_log_action_check CHECK (action ~ '^[a-z_.]+$')
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at DESC);

-- Sessions of tower-sessions (see src/db/sessions.rs), shared by all app
-- instances. `data` is the session's key/value map.
CREATE TABLE sessions (
    id          text PRIMARY KEY,
    data        jsonb NOT NULL,
    expiry_date timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry_date);
