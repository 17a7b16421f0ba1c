DELETE FROM app_secrets WHERE name = 'place_check_key';
DROP TABLE IF EXISTS place_checks;
