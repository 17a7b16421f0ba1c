//! The audit log as people read it: the actions this application records,
//! grouped by what they are about, each with a label key, and the filter of
//! the log page. An action missing here (one a later change adds) still
//! shows, as its stored name.

/// What an action is about: the part before the dot.
pub const FAMILIES: &[&str] = &[
    "auth",
    "user",
    "place",
    "proposal",
    "review",
    "annotation",
    "contact",
    "visit",
    "export",
    "import",
];

/// Every action recorded so far, by family.
pub const ACTIONS: &[&str] = &[
    "auth.login",
    "auth.login_failed",
    "auth.login_blocked",
    "auth.logout",
    "auth.signup",
    "auth.password_changed",
    "auth.reset_requested",
    "auth.password_reset",
    "auth.email_confirmed",
    "auth.email_change_requested",
    "auth.email_changed",
    "auth.account_deleted",
    "user.created",
    "user.role_changed",
    "user.blocked",
    "user.unblocked",
    "user.removed",
    "user.notifications_changed",
    "place.created",
    "place.edited",
    "place.closed",
    "place.verified",
    "place.restored",
    "place.hidden",
    "place.unhidden",
    "place.check_sent",
    "place.confirmed_by_place",
    "place.change_reported",
    "proposal.created",
    "review.accept",
    "review.reject",
    "review.annotation_resolved",
    "review.annotation_unpublished",
    "annotation.added",
    "contact.message",
    "contact.correction",
    "visit.created",
    "visit.updated",
    "visit.deleted",
    "visit.notes_viewed",
    "visit.exported",
    "visit.followup_done",
    "visit.threshold_changed",
    "visit.retention",
    "export.protected",
    "import.places",
    "import.mapping_saved",
];

/// The label key of a known action (`audit-action-place-edited`).
pub fn action_label_key(action: &str) -> Option<String> {
    ACTIONS.contains(&action).then(|| format!("audit-action-{}", action.replace(['.', '_'], "-")))
}

/// The label key of a family (`audit-family-place`).
pub fn family_label_key(family: &str) -> String {
    format!("audit-family-{family}")
}

/// A family from the filter form; anything else means "all".
pub fn parse_family(raw: &str) -> Option<&'static str> {
    FAMILIES.iter().copied().find(|f| *f == raw.trim())
}

/// Where the subject of an entry is shown, for a link: `place:<id>` and
/// the like. `None` for subjects without a page (an e-mail, a gemeente).
pub fn subject_path(subject: &str) -> Option<String> {
    let (kind, id) = subject.split_once(':')?;
    let id = uuid::Uuid::parse_str(id).ok()?;
    let base = match kind {
        "place" => "/plekken",
        "proposal" => "/beoordelen",
        "user" => "/beheer/gebruikers",
        "visit" => "/wijkteam/bezoeken",
        _ => return None,
    };
    Some(format!("{base}/{id}"))
}

/// The details of an entry as "key: value" pairs, strings without quotes
/// and lists joined, instead of raw JSON.
pub fn details_text(details: &serde_json::Value) -> String {
    use serde_json::Value;
    fn plain(v: &Value) -> String {
        match v {
            Value::String(s) => s.clone(),
            Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(", "),
            Value::Null => "—".into(),
            other => other.to_string(),
        }
    }
    match details {
        Value::Object(map) => {
            map.iter().map(|(k, v)| format!("{k}: {}", plain(v))).collect::<Vec<_>>().join("; ")
        }
        other => plain(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_a_known_family_and_a_key() {
        for a in ACTIONS {
            let family = a.split('.').next().unwrap();
            assert!(FAMILIES.contains(&family), "{a}");
            assert!(action_label_key(a).is_some());
        }
        assert_eq!(action_label_key("place.edited").as_deref(), Some("audit-action-place-edited"));
        assert_eq!(action_label_key("something.new"), None);
    }

    #[test]
    fn details_read_as_text_and_subjects_link() {
        let d = serde_json::json!({ "fields": ["naam", "telefoon"], "wijk": "WK059901" });
        assert_eq!(details_text(&d), "fields: naam, telefoon; wijk: WK059901");
        let id = uuid::Uuid::nil();
        assert_eq!(subject_path(&format!("place:{id}")), Some(format!("/plekken/{id}")));
        assert_eq!(subject_path("gemeente:GM0599"), None);
    }
}
