//! Single-use account tokens sent by mail (password reset, e-mail
//! confirmation): what each is for, how long it works, and the hash that is
//! stored instead of the token itself.

use sha2::{Digest, Sha256};

use crate::domain::slug_enum;

slug_enum!(
    /// What a token in a mail lets its holder do; stored in
    /// `account_tokens.purpose`.
    TokenPurpose, "token-purpose", {
        PasswordReset => "wachtwoord",
        ConfirmEmail => "bevestigen",
        ChangeEmail => "e-mail",
    }
);

impl TokenPurpose {
    /// How long a link works: an hour to set a new password (whoever reads
    /// the mailbox later cannot use it), a week to confirm an address.
    pub fn valid_for(self) -> chrono::Duration {
        match self {
            TokenPurpose::PasswordReset => chrono::Duration::hours(1),
            TokenPurpose::ConfirmEmail => chrono::Duration::days(7),
            // A day to confirm a new address: the change waits until then.
            TokenPurpose::ChangeEmail => chrono::Duration::days(1),
        }
    }

    /// At most this many mails of this purpose per account per hour, so the
    /// form cannot be used to flood someone's mailbox.
    pub fn max_per_hour(self) -> i64 {
        3
    }
}

/// The stored form of a token: SHA-256, hex. A database dump then holds no
/// working link. (The token is 256 random bits, so no salt is needed.)
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.trim().as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_hex_sha256_and_not_the_token() {
        let h = token_hash("abc");
        assert_eq!(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(token_hash(" abc\n"), h);
        assert_eq!(TokenPurpose::PasswordReset.valid_for(), chrono::Duration::hours(1));
    }
}
