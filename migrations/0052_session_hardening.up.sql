-- Issue 10: hashed session ids, login limiting per account and address (and
-- per known device), and the key that signs the CSRF and device cookies.

-- The table keeps SHA-256 of the session id (hex); the cookie keeps the id.
-- A database dump then holds no working login. Existing rows are hashed in
-- place so no raw id stays behind; they carry no login time, so the app
-- ends each of them on first use (everyone logs in once after the upgrade).
UPDATE sessions SET id = encode(sha256(convert_to(id, 'UTF8')), 'hex');

-- The known device (see src/web/session/device.rs) an attempt came from.
ALTER TABLE login_attempts ADD COLUMN device text;
CREATE INDEX login_attempts_device_idx ON login_attempts (device, attempted_at)
    WHERE device IS NOT NULL;

-- Secrets the app makes for itself and shares between its instances. The
-- cookie key signs the CSRF cookie of anonymous visitors and the device
-- cookie; gen_random_uuid() draws from the server's strong random source.
CREATE TABLE app_secrets (
    name   text PRIMARY KEY,
    secret bytea NOT NULL,
    CONSTRAINT app_secrets_length_check CHECK (octet_length(secret) >= 32)
);
INSERT INTO app_secrets (name, secret)
VALUES ('cookie_key',
        decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
