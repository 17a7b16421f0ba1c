//! Credentials: the e-mail address and password rules, Argon2id hashing off
//! the async threads, and random tokens.

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::error::UserMessage;

/// A normalised (trimmed, lowercase) e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    /// Accepts what people really type, rejects what cannot be an address.
    /// Deliverability is not checked: there is no mail round-trip (yet).
    pub fn parse(input: &str) -> Result<Self, UserMessage> {
        let email = input.trim().to_lowercase();
        if email.is_empty() {
            return Err(UserMessage::new("auth-error-email-required"));
        }
        let valid = email.chars().count() <= Self::MAX_LEN
            && !email.chars().any(|c| c.is_whitespace() || c.is_control())
            && has_address_shape(&email);
        if valid { Ok(Self(email)) } else { Err(UserMessage::new("auth-error-email-invalid")) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `local@domain.tld`: one `@` with something before it, and a domain with
/// a dot that neither starts, ends nor doubles. The one shape rule for every
/// e-mail address the app accepts.
pub fn has_address_shape(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
        }
        None => false,
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password that meets the policy. Long beats complex (NIST 800-63B):
/// only a minimum length, and a maximum so hashing cannot be abused.
#[derive(Clone)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

impl Password {
    pub const MIN_LEN: usize = 10;
    pub const MAX_LEN: usize = 256;

    pub fn parse(input: &str) -> Result<Self, UserMessage> {
        let n = input.chars().count();
        if n < Self::MIN_LEN {
            return Err(UserMessage::new("auth-error-password-short").arg("min", Self::MIN_LEN));
        }
        if n > Self::MAX_LEN {
            return Err(UserMessage::new("auth-error-password-long").arg("max", Self::MAX_LEN));
        }
        Ok(Self(input.to_owned()))
    }

    /// A new password typed twice, as on the sign-up and password forms.
    /// The problem names its field: `password` or `password_repeat`.
    pub fn parse_repeated(
        password: &str,
        repeat: &str,
    ) -> Result<Self, (&'static str, UserMessage)> {
        let parsed = Self::parse(password).map_err(|m| ("password", m))?;
        if password != repeat {
            return Err(("password_repeat", UserMessage::new("auth-error-password-mismatch")));
        }
        Ok(parsed)
    }

    /// Argon2id PHC string. Runs on a blocking thread: hashing takes tens of
    /// milliseconds of CPU on purpose and must not stall the async workers.
    pub async fn hash(self) -> anyhow::Result<String> {
        tokio::task::spawn_blocking(move || hash_blocking(&self.0)).await?
    }
}

fn hash_blocking(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing the password failed: {e}"))
}

/// A hash of a random password, verified against when the account does not
/// exist, so that a login takes as long for unknown as for known addresses.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| hash_blocking(&random_token()).unwrap_or_default());

/// Checks a password against a stored PHC string, off the async threads.
/// `None` as the hash still spends the time, and says no.
pub async fn verify_password(password: String, hash: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| DUMMY_HASH.clone());
        let ok = PasswordHash::new(&hash)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false);
        known && ok
    })
    .await
    .unwrap_or(false)
}

/// 256 random bits as hex, for CSRF tokens and throw-away secrets.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_trimmed_and_lowercased() {
        assert_eq!(Email::parse("  Piet@Example.NL ").unwrap().as_str(), "piet@example.nl");
        assert!(Email::parse("piet").is_err());
        assert!(Email::parse("piet@localhost").is_err());
        assert!(Email::parse("pi et@example.nl").is_err());
        assert!(Email::parse("").is_err());
    }

    #[test]
    fn password_needs_ten_characters() {
        assert!(Password::parse("kort").is_err());
        assert!(Password::parse("precies10!").is_ok());
    }

    #[test]
    fn a_repeated_password_names_the_field_that_is_wrong() {
        assert_eq!(Password::parse_repeated("kort", "kort").unwrap_err().0, "password");
        let mismatch = Password::parse_repeated("precies10!", "precies11!").unwrap_err();
        assert_eq!(mismatch.0, "password_repeat");
        assert!(Password::parse_repeated("precies10!", "precies10!").is_ok());
    }
}
