DELETE FROM account_tokens WHERE purpose = 'e-mail';
ALTER TABLE account_tokens DROP CONSTRAINT account_tokens_new_email_check;
ALTER TABLE account_tokens DROP CONSTRAINT account_tokens_purpose_check;
ALTER TABLE account_tokens ADD CONSTRAINT account_tokens_purpose_check
    CHECK (purpose IN ('wachtwoord', 'bevestigen'));
ALTER TABLE account_tokens DROP COLUMN new_email;
ALTER TABLE users DROP COLUMN removed_at;
ALTER TABLE users DROP COLUMN blocked_at;
