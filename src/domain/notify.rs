//! Notifications (issue 12): the kinds a user hears about, how each is
//! delivered, and the defaults when a user chose nothing.

use super::slug_enum;
use super::user::Role;

slug_enum!(
    /// What a notice is about; each user chooses a [`Delivery`] per kind:
    /// `Review` (a new proposal, tip or correction in a wijk the user
    /// reviews), `Decision` (the user's own proposal was accepted or
    /// rejected), `Followup` (a follow-up of a visit they were at is due).
    NoticeKind, "notice-kind", {
        Review => "review",
        Decision => "decision",
        Followup => "followup",
    }
);

slug_enum!(
    /// How a user hears of a kind of notice.
    Delivery, "notice-delivery", {
        Direct => "direct",
        Digest => "digest",
        Never => "never",
    }
);

slug_enum!(
    /// What happened, for the words of the mail.
    NoticeEvent, "notice-event", {
        Proposal => "proposal",
        Edit => "edit",
        Tip => "tip",
        Correction => "correction",
        Accepted => "accepted",
        Rejected => "rejected",
        Followup => "followup",
    }
);

impl NoticeEvent {
    pub fn kind(self) -> NoticeKind {
        match self {
            Self::Proposal | Self::Edit | Self::Tip | Self::Correction => NoticeKind::Review,
            Self::Accepted | Self::Rejected => NoticeKind::Decision,
            Self::Followup => NoticeKind::Followup,
        }
    }
}

impl NoticeKind {
    /// Whether a user of `role` can get this kind at all (the settings
    /// page shows only those).
    pub fn applies_to(self, role: Role) -> bool {
        match self {
            Self::Review => role != Role::Bewoner,
            Self::Decision => true,
            Self::Followup => role == Role::Wijkteam,
        }
    }

    /// The delivery when the user chose nothing. A wijkteam reviews one or
    /// a few wijken and should act soon, and was mailed at once before
    /// these settings existed: direct. The gemeente role and beheerders
    /// review many wijken: one digest a day instead of a mail per tip.
    /// A decision on one's own proposal is rare and awaited: direct. A
    /// due follow-up is found once a day anyway: direct.
    pub fn default_delivery(self, role: Role) -> Delivery {
        match (self, role) {
            (Self::Review, Role::Gemeente | Role::Beheerder) => Delivery::Digest,
            _ => Delivery::Direct,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_has_a_kind_and_defaults_fit_the_role() {
        assert_eq!(NoticeEvent::Correction.kind(), NoticeKind::Review);
        assert_eq!(NoticeEvent::Rejected.kind(), NoticeKind::Decision);
        assert_eq!(NoticeKind::Review.default_delivery(Role::Wijkteam), Delivery::Direct);
        assert_eq!(NoticeKind::Review.default_delivery(Role::Beheerder), Delivery::Digest);
        assert!(!NoticeKind::Review.applies_to(Role::Bewoner));
        assert!(!NoticeKind::Followup.applies_to(Role::Gemeente));
    }
}
