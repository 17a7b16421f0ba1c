DROP TABLE IF EXISTS followup_notices;
DROP TABLE IF EXISTS notification_digests;
DROP TABLE IF EXISTS notifications;
DROP TABLE IF EXISTS notification_settings;
