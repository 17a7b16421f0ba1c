-- Issue 15, items 18 and 21: a beheerder blocks an account (no login, no
-- session) and removes one; an owner removes their own and changes their
-- e-mail address through a link sent to the new address.
--
-- A removed account keeps its row, so the revisions, proposals and visits
-- that point at it stay and read "verwijderde gebruiker"; its address is
-- replaced by one that cannot receive mail (the constraints of 0010 stay)
-- and its password by a value no password matches.
ALTER TABLE users ADD COLUMN blocked_at timestamptz;
ALTER TABLE users ADD COLUMN removed_at timestamptz;

-- The new address of an e-mail change waits on its token until the link
-- in the mail to that address is followed.
ALTER TABLE account_tokens ADD COLUMN new_email text;
ALTER TABLE account_tokens DROP CONSTRAINT account_tokens_purpose_check;
ALTER TABLE account_tokens ADD CONSTRAINT account_tokens_purpose_check
    CHECK (purpose IN ('wachtwoord', 'bevestigen', 'e-mail'));
ALTER TABLE account_tokens ADD CONSTRAINT account_tokens_new_email_check
    CHECK ((purpose = 'e-mail') = (new_email IS NOT NULL));
