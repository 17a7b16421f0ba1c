DROP TABLE IF EXISTS app_secrets;
DROP INDEX IF EXISTS login_attempts_device_idx;
ALTER TABLE login_attempts DROP COLUMN IF EXISTS device;
-- Hashed ids cannot be turned back into cookie values: sign everyone out.
DELETE FROM sessions;
