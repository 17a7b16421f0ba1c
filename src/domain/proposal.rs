//! Proposals and annotations by residents: their states and kinds.

use super::slug_enum;

slug_enum!(
    /// Where a proposal stands; only an open one can be decided.
    ProposalStatus, "proposal-status", {
        Open => "open",
        Accepted => "accepted",
        Rejected => "rejected",
    }
);

impl ProposalStatus {
    pub fn is_open(self) -> bool {
        self == ProposalStatus::Open
    }
}

slug_enum!(
    /// What a resident's note on a place is about.
    AnnotationKind, "annotation-kind", {
        Tip => "tip",
        Correctie => "correctie",
        NogOpen => "nog_open",
    }
);

/// The longest note a resident can leave, in characters.
pub const ANNOTATION_MAX: usize = 2000;

/// The longest reason a reviewer can give, in characters.
pub const REASON_MAX: usize = 1000;

/// Text a resident or reviewer wrote: trimmed, not empty, at most `max`
/// characters. The error is a translation key with its `max` argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteText(String);

impl NoteText {
    pub fn parse(
        s: &str,
        max: usize,
        empty_key: &'static str,
    ) -> Result<Self, (&'static str, usize)> {
        let s = s.trim();
        if s.is_empty() {
            Err((empty_key, max))
        } else if super::text::has_control_characters(s, true) {
            Err((super::text::CONTROL_CHARACTERS, max))
        } else if s.chars().count() > max {
            Err(("annotation-error-too-long", max))
        } else {
            Ok(Self(s.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
