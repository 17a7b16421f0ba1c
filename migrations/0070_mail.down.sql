DROP TABLE IF EXISTS account_tokens;
ALTER TABLE users DROP COLUMN IF EXISTS email_confirmed_at;
ALTER TABLE users DROP COLUMN IF EXISTS lang;
DROP TRIGGER IF EXISTS mail_outbox_notify ON mail_outbox;
DROP FUNCTION IF EXISTS mail_outbox_notify();
DROP TABLE IF EXISTS mail_outbox;
