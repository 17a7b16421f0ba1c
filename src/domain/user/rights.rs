//! The rights matrix: who may do what, relative to a wijk, written once as
//! data ([`RIGHTS`]), with the standing of a user towards a wijk as its
//! columns. Handlers ask [`CurrentUser::may`] or [`may`].

use super::{CurrentUser, Role, gemeente_of_wijk, wijk_of};
use crate::domain::area::{AreaLevel, CbsCode};

/// Declares a plain enum with `ALL`, every variant in declaration order, so
/// a list of all variants is generated and a new one cannot be forgotten.
macro_rules! enum_with_all {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
        }
    };
}

enum_with_all!(
    /// How a visitor stands towards the wijk an action is about: the columns
    /// of the rights matrix, in this order.
    Standing {
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
);

impl Standing {
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

enum_with_all!(
    /// Everything the rights matrix has an opinion about.
    Action {
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
        /// Import a places file through the web upload (`/beheer/import`)
        /// and save mappings; asked with the gemeente code it goes into.
        ImportPlaces,
    }
);

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
    (Action::ImportPlaces,        [N,   N,   N,   N,   Y,   N,   Y]),
];

/// One cell of [`RIGHTS`]. An action missing from the table is denied.
pub fn allowed(action: Action, standing: Standing) -> bool {
    RIGHTS.iter().find(|(a, _)| *a == action).is_some_and(|(_, row)| row[standing.column()])
}

/// Like [`CurrentUser::may`], for a visitor who may be anonymous.
pub fn may(user: Option<&CurrentUser>, action: Action, wijk_code: &str) -> bool {
    match user {
        Some(u) => u.may(action, wijk_code),
        None => allowed(action, Standing::Anonymous),
    }
}

impl CurrentUser {
    /// How this user stands towards a wijk: the column of the rights matrix.
    /// A buurt code counts as its wijk; a gemeente code (for actions on a
    /// whole gemeente, such as an import) is its own gemeente.
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
            Role::Gemeente => match (
                wijk.as_deref().and_then(gemeente_of_wijk).or_else(|| gemeente_code(wijk_code)),
                &self.gemeente,
            ) {
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

/// The code itself when it is a gemeente code (GM0599).
fn gemeente_code(code: &str) -> Option<String> {
    CbsCode::parse(code).filter(|c| c.level() == AreaLevel::Gemeente).map(CbsCode::into_string)
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

    /// `Action::ALL` is generated from the enum, so this covers every action,
    /// including one added later.
    #[test]
    fn every_action_has_a_row() {
        for a in Action::ALL {
            assert_eq!(RIGHTS.iter().filter(|(x, _)| x == a).count(), 1, "{a:?}");
        }
        assert_eq!(RIGHTS.len(), Action::ALL.len());
    }

    #[test]
    fn every_standing_has_a_column() {
        assert_eq!(Standing::ALL.len(), RIGHTS[0].1.len());
    }
}
