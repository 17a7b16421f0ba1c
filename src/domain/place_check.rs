//! "Klopt dit nog?" (issue 12): the signed link a place gets once a year
//! (or when staff ask) to confirm its data without an account. The link
//! holds the place id and the date it was issued, signed with HMAC-SHA256
//! under a server secret (`app_secrets`, migration 0141, shared by every
//! instance and the CLI without configuration); it works for
//! [`VALID_DAYS`] days and once (the use is recorded in `place_checks`).

use chrono::NaiveDate;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;
use uuid::Uuid;

/// How long a link works after it was issued.
pub const VALID_DAYS: i64 = 60;
/// How long after a check a place is asked again.
pub const ASK_AGAIN_DAYS: i64 = 365;

/// Why a link does not work; every case is a Dutch 4xx page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkError {
    /// Not a link we made, or changed on the way.
    Tampered,
    /// Older than [`VALID_DAYS`].
    Expired,
}

fn mac(key: &[u8], place: Uuid, issued: NaiveDate) -> Vec<u8> {
    // A purpose prefix, so a signature for one use never fits another.
    let mut m = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    m.update(format!("klopt-dit-nog:{place}:{}", issued.format("%Y%m%d")).as_bytes());
    m.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The token in the link: `{place}.{yyyymmdd}.{signature}`.
pub fn sign(key: &[u8], place: Uuid, issued: NaiveDate) -> String {
    format!("{}.{}.{}", place.simple(), issued.format("%Y%m%d"), hex(&mac(key, place, issued)))
}

/// The place and issue date of a token, if it is ours and still works on
/// `today`. The signature is compared in constant time.
pub fn verify(key: &[u8], token: &str, today: NaiveDate) -> Result<(Uuid, NaiveDate), LinkError> {
    let mut parts = token.trim().split('.');
    let (Some(place), Some(date), Some(sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(LinkError::Tampered);
    };
    let place = Uuid::try_parse(place).map_err(|_| LinkError::Tampered)?;
    let issued = NaiveDate::parse_from_str(date, "%Y%m%d").map_err(|_| LinkError::Tampered)?;
    let expected = hex(&mac(key, place, issued));
    if !bool::from(expected.as_bytes().ct_eq(sig.as_bytes())) {
        return Err(LinkError::Tampered);
    }
    let age = (today - issued).num_days();
    if !(0..=VALID_DAYS).contains(&age) {
        return Err(LinkError::Expired);
    }
    Ok((place, issued))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_signed_link_works_for_sixty_days_and_not_when_changed() {
        let key = [7u8; 32];
        let place = Uuid::new_v4();
        let token = sign(&key, place, day("2026-03-01"));
        assert_eq!(verify(&key, &token, day("2026-03-01")), Ok((place, day("2026-03-01"))));
        assert_eq!(verify(&key, &token, day("2026-04-30")), Ok((place, day("2026-03-01"))));
        assert_eq!(verify(&key, &token, day("2026-05-01")), Err(LinkError::Expired));
        // Another date, another place, another key, a cut or changed signature.
        let later = token.replace(".20260301.", ".20260401.");
        assert_eq!(verify(&key, &later, day("2026-04-02")), Err(LinkError::Tampered));
        let other =
            token.replace(&place.simple().to_string(), &Uuid::new_v4().simple().to_string());
        assert_eq!(verify(&key, &other, day("2026-03-02")), Err(LinkError::Tampered));
        assert_eq!(verify(&[8u8; 32], &token, day("2026-03-02")), Err(LinkError::Tampered));
        assert_eq!(
            verify(&key, &token[..token.len() - 1], day("2026-03-02")),
            Err(LinkError::Tampered)
        );
        assert_eq!(verify(&key, "onzin", day("2026-03-02")), Err(LinkError::Tampered));
    }
}
