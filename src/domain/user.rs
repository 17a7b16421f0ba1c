//! Accounts: e-mail and password rules, roles with their scope, and the
//! rights matrix (who may do what, relative to a wijk) written once, as data.

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use super::area::{AreaLevel, CbsCode};
use super::slug_enum;
use crate::error::UserMessage;

slug_enum!(
    /// What an account may do beyond signing in. Everyone who signs up is
    /// `Bewoner`; the other roles are given by a beheerder or the CLI.
    Role, "role", {
        Bewoner => "bewoner",
        Wijkteam => "wijkteam",
        Gemeente => "gemeente",
        Beheerder => "beheerder",
    }
);

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
            && match email.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                        && !domain.contains("..")
                }
                None => false,
            };
        if valid { Ok(Self(email)) } else { Err(UserMessage::new("auth-error-email-invalid")) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
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

/// A role with its scope, checked: a wijkteam has at least one wijk code,
/// the gemeente role exactly one gemeente code, other roles neither.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleScope {
    pub role: Role,
    pub wijken: Vec<String>,
    pub gemeente: Option<String>,
}

impl RoleScope {
    /// `wijken` may hold codes separated by commas or spaces, in any case.
    /// An error names the form field it belongs to.
    pub fn parse(
        role: &str,
        wijken: &[String],
        gemeente: &str,
    ) -> Result<Self, (&'static str, UserMessage)> {
        let role = Role::parse(role).ok_or(("role", UserMessage::new("admin-error-role")))?;
        let mut codes = Vec::new();
        if role == Role::Wijkteam {
            for raw in wijken.iter().flat_map(|w| w.split([',', ' ', ';', '\n'])) {
                let raw = raw.trim();
                if raw.is_empty() {
                    continue;
                }
                match CbsCode::parse(raw).filter(|c| c.level() == AreaLevel::Wijk) {
                    Some(code) if !codes.contains(&code.as_str().to_owned()) => {
                        codes.push(code.into_string())
                    }
                    Some(_) => {}
                    None => {
                        return Err((
                            "wijken",
                            UserMessage::new("admin-error-wijk-code").arg("code", raw),
                        ));
                    }
                }
            }
            if codes.is_empty() {
                return Err(("wijken", UserMessage::new("admin-error-wijken-required")));
            }
        }
        let gemeente = if role == Role::Gemeente {
            let code = CbsCode::parse(gemeente)
                .filter(|c| c.level() == AreaLevel::Gemeente)
                .ok_or(("gemeente", UserMessage::new("admin-error-gemeente-code")))?;
            Some(code.into_string())
        } else {
            None
        };
        Ok(Self { role, wijken: codes, gemeente })
    }
}

/// The signed-in user as handlers see it: identity plus role and scope,
/// loaded fresh from the database on every request so that role changes
/// take effect at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser {
    pub id: uuid::Uuid,
    pub email: String,
    pub role: Role,
    /// Wijk codes (WK…) for a wijkteam member; empty otherwise.
    pub wijken: Vec<String>,
    /// Gemeente code (GM…) for the gemeente role.
    pub gemeente: Option<String>,
}

impl CurrentUser {
    pub fn is_beheerder(&self) -> bool {
        self.role == Role::Beheerder
    }

    /// How this user stands towards a wijk: the column of the rights matrix.
    /// A buurt code counts as its wijk.
    pub fn standing(&self, wijk_code: &str) -> Standing {
        let wijk = wijk_of(wijk_code);
        match self.role {
            Role::Bewoner => Standing::Bewoner,
            Role::Beheerder => Standing::Beheerder,
            Role::Wijkteam => match wijk {
                Some(w) if self.wijken.iter().any(|own| own.eq_ignore_ascii_case(&w)) => {
                    Standing::WijkteamOwn
                }
                _ => Standing::WijkteamOther,
            },
            Role::Gemeente => match (wijk.as_deref().and_then(gemeente_of_wijk), &self.gemeente) {
                (Some(gm), Some(own)) if gm.eq_ignore_ascii_case(own) => Standing::GemeenteOwn,
                _ => Standing::GemeenteOther,
            },
        }
    }

    /// The one question every handler asks: may this user do `action` in
    /// this wijk? Looks the answer up in [`RIGHTS`].
    pub fn may(&self, action: Action, wijk_code: &str) -> bool {
        allowed(action, self.standing(wijk_code))
    }

    /// Accept or reject proposals, publish edits directly, restore, verify.
    pub fn can_review_wijk(&self, wijk_code: &str) -> bool {
        self.may(Action::ReviewProposals, wijk_code)
    }

    /// Exact address and point of places with `buurt`/`straat` precision.
    pub fn sees_protected_fields_in_wijk(&self, wijk_code: &str) -> bool {
        self.may(Action::SeeProtectedFields, wijk_code)
    }

    /// Log visits and read visit notes (issue 4).
    pub fn is_wijkteam_of(&self, wijk_code: &str) -> bool {
        self.standing(wijk_code) == Standing::WijkteamOwn
    }
}

/// Like [`CurrentUser::may`], for a visitor who may be anonymous.
pub fn may(user: Option<&CurrentUser>, action: Action, wijk_code: &str) -> bool {
    match user {
        Some(u) => u.may(action, wijk_code),
        None => allowed(action, Standing::Anonymous),
    }
}

/// The wijk a wijk or buurt code lies in.
fn wijk_of(code: &str) -> Option<String> {
    let code = CbsCode::parse(code)?;
    match code.level() {
        AreaLevel::Wijk => Some(code.into_string()),
        AreaLevel::Buurt => code.parent().map(CbsCode::into_string),
        AreaLevel::Gemeente => None,
    }
}

/// WK059901 lies in GM0599: the CBS code carries its parents' digits.
pub fn gemeente_of_wijk(wijk_code: &str) -> Option<String> {
    CbsCode::parse(wijk_code)
        .filter(|c| c.level() == AreaLevel::Wijk)
        .and_then(|c| c.parent())
        .map(CbsCode::into_string)
}

/// How a visitor stands towards the wijk an action is about: the columns of
/// the rights matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Standing {
    Anonymous,
    Bewoner,
    /// Wijkteam member of this wijk.
    WijkteamOwn,
    /// Wijkteam member, but of other wijken only.
    WijkteamOther,
    /// Gemeente role, and the wijk lies in its gemeente.
    GemeenteOwn,
    GemeenteOther,
    Beheerder,
}

impl Standing {
    pub const ALL: [Standing; 7] = [
        Standing::Anonymous,
        Standing::Bewoner,
        Standing::WijkteamOwn,
        Standing::WijkteamOther,
        Standing::GemeenteOwn,
        Standing::GemeenteOther,
        Standing::Beheerder,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Standing::Anonymous => "anoniem",
            Standing::Bewoner => "bewoner",
            Standing::WijkteamOwn => "wijkteam (eigen wijk)",
            Standing::WijkteamOther => "wijkteam (andere wijk)",
            Standing::GemeenteOwn => "gemeente (eigen)",
            Standing::GemeenteOther => "gemeente (andere)",
            Standing::Beheerder => "beheerder",
        }
    }

    fn column(self) -> usize {
        Standing::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
}

/// Everything the rights matrix has an opinion about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read public pages, maps and public exports.
    ViewPublic,
    /// Propose a new place or an edit; the proposal waits for review.
    ProposePlace,
    /// Add a tip, correction or "is dit nog open?".
    Annotate,
    /// Accept or reject proposals in the review queue (never one's own).
    ReviewProposals,
    /// One's own edits publish without review.
    PublishDirectly,
    /// Restore an earlier version of a place.
    RestoreRevision,
    /// Confirm in one click that a place is current ("gecontroleerd op").
    VerifyPlace,
    /// Close a place (`opgeheven`) with a date and reason.
    ClosePlace,
    /// Hide or unhide a place (spam, privacy).
    HidePlace,
    /// Exact address and point of places with `buurt`/`straat` precision.
    SeeProtectedFields,
    /// Log a visit and see the wijkteam dashboard with notes.
    LogVisit,
    /// Read visit notes.
    ViewVisitNotes,
    /// Visit counts and coverage, never notes or names.
    ViewVisitAggregates,
    /// Exports that include protected fields.
    ExportProtected,
    /// Change roles and scopes of accounts.
    ManageUsers,
    /// Read the audit log.
    ViewAuditLog,
}

const N: bool = false;
const Y: bool = true;

/// The rights matrix. Columns follow [`Standing::ALL`]:
/// anonymous, bewoner, wijkteam own wijk, wijkteam other wijk, gemeente own,
/// gemeente other, beheerder. Exactly one answer per cell.
#[rustfmt::skip]
pub const RIGHTS: &[(Action, [bool; 7])] = &[
    //                            anon bew  wt   wt-x gm   gm-x beh
    (Action::ViewPublic,          [Y,   Y,   Y,   Y,   Y,   Y,   Y]),
    (Action::ProposePlace,        [N,   Y,   Y,   Y,   Y,   Y,   Y]),
    (Action::Annotate,            [N,   Y,   Y,   Y,   Y,   Y,   Y]),
    (Action::ReviewProposals,     [N,   N,   Y,   N,   Y,   N,   Y]),
    (Action::PublishDirectly,     [N,   N,   Y,   N,   Y,   N,   Y]),
    (Action::RestoreRevision,     [N,   N,   Y,   N,   Y,   N,   Y]),
    (Action::VerifyPlace,         [N,   N,   Y,   N,   Y,   N,   Y]),
    (Action::ClosePlace,          [N,   N,   Y,   N,   Y,   N,   Y]),
    (Action::HidePlace,           [N,   N,   N,   N,   N,   N,   Y]),
    (Action::SeeProtectedFields,  [N,   N,   Y,   N,   Y,   N,   Y]),
    (Action::LogVisit,            [N,   N,   Y,   N,   N,   N,   N]),
    (Action::ViewVisitNotes,      [N,   N,   Y,   N,   N,   N,   Y]),
    (Action::ViewVisitAggregates, [N,   N,   Y,   N,   Y,   N,   Y]),
    (Action::ExportProtected,     [N,   N,   N,   N,   Y,   N,   Y]),
    (Action::ManageUsers,         [N,   N,   N,   N,   N,   N,   Y]),
    (Action::ViewAuditLog,        [N,   N,   N,   N,   N,   N,   Y]),
];

/// One cell of [`RIGHTS`]. An action missing from the table is denied.
pub fn allowed(action: Action, standing: Standing) -> bool {
    RIGHTS.iter().find(|(a, _)| *a == action).is_some_and(|(_, row)| row[standing.column()])
}

/// The matrix as a plain-text table, for tests and documentation.
pub fn rights_table() -> String {
    let mut out = format!("{:<22}", "actie");
    for s in Standing::ALL {
        out.push_str(&format!(" | {:<22}", s.label()));
    }
    out.push('\n');
    for (action, row) in RIGHTS {
        out.push_str(&format!("{:<22}", format!("{action:?}")));
        for cell in row {
            out.push_str(&format!(" | {:<22}", if *cell { "ja" } else { "nee" }));
        }
        out.push('\n');
    }
    out
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
    fn wijk_code_lies_in_its_gemeente() {
        assert_eq!(gemeente_of_wijk("WK059901").as_deref(), Some("GM0599"));
        assert_eq!(gemeente_of_wijk("GM0599"), None);
    }

    #[test]
    fn role_scope_needs_the_right_codes() {
        let wk = |s: &str| vec![s.to_owned()];
        let ok = RoleScope::parse("wijkteam", &wk("wk059901, WK059902"), "").unwrap();
        assert_eq!(ok.wijken, vec!["WK059901", "WK059902"]);
        assert_eq!(RoleScope::parse("wijkteam", &[], "").unwrap_err().0, "wijken");
        assert_eq!(RoleScope::parse("wijkteam", &wk("GM0599"), "").unwrap_err().0, "wijken");
        assert_eq!(RoleScope::parse("gemeente", &[], "").unwrap_err().0, "gemeente");
        assert_eq!(
            RoleScope::parse("gemeente", &[], "gm0599").unwrap().gemeente.unwrap(),
            "GM0599"
        );
        assert_eq!(RoleScope::parse("koning", &[], "").unwrap_err().0, "role");
        assert!(RoleScope::parse("bewoner", &wk("WK059901"), "").unwrap().wijken.is_empty());
    }

    #[test]
    fn every_action_has_a_row() {
        let all = [
            Action::ViewPublic,
            Action::ProposePlace,
            Action::Annotate,
            Action::ReviewProposals,
            Action::PublishDirectly,
            Action::RestoreRevision,
            Action::VerifyPlace,
            Action::ClosePlace,
            Action::HidePlace,
            Action::SeeProtectedFields,
            Action::LogVisit,
            Action::ViewVisitNotes,
            Action::ViewVisitAggregates,
            Action::ExportProtected,
            Action::ManageUsers,
            Action::ViewAuditLog,
        ];
        for a in all {
            assert_eq!(RIGHTS.iter().filter(|(x, _)| *x == a).count(), 1, "{a:?}");
        }
    }
}
