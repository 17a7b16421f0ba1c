//! Accounts: roles with their scope and the signed-in user. The credential
//! rules live in [`credentials`], the rights matrix in [`rights`]; both are
//! re-exported here, so `crate::domain::user::X` names every account type.

mod credentials;
mod rights;
mod token;

pub use credentials::{Email, Password, has_address_shape, random_token, verify_password};
pub use rights::{Action, RIGHTS, Standing, allowed, may, rights_table};
pub use token::{TokenPurpose, token_hash};

/// The domain of the address a removed account keeps (migration 0131):
/// `.invalid` is reserved, so no mail can ever reach it.
const REMOVED_DOMAIN: &str = "@verwijderd.invalid";

/// The address that replaces a removed account's own, unique per account.
pub fn removed_email(id: uuid::Uuid) -> String {
    format!("verwijderd-{id}{REMOVED_DOMAIN}")
}

/// Whether an address is that of a removed account (shown as "verwijderde
/// gebruiker").
pub fn is_removed_email(email: &str) -> bool {
    email.ends_with(REMOVED_DOMAIN)
}

use super::area::{AreaLevel, CbsCode};
use super::slug_enum;
use crate::error::UserMessage;

slug_enum!(
    /// What an account may do beyond signing in. Everyone who signs up is
    /// `Bewoner`; the other roles are given by a beheerder or the CLI. Stored
    /// as its slug in `users.role`, and read back typed (`AS "role: Role"`).
    Role, "role", {
        Bewoner => "bewoner",
        Wijkteam => "wijkteam",
        Gemeente => "gemeente",
        Beheerder => "beheerder",
    }
);

/// A role with its scope, checked: a wijkteam has at least one wijk code,
/// the gemeente role exactly one gemeente code, other roles neither.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleScope {
    pub role: Role,
    pub wijken: Vec<String>,
    pub gemeente: Option<String>,
}

impl RoleScope {
    /// What everyone who signs up gets: a bewoner, without wijken or gemeente.
    pub fn bewoner() -> Self {
        Self { role: Role::Bewoner, wijken: Vec::new(), gemeente: None }
    }

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
