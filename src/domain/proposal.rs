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

impl AnnotationKind {
    /// Whether a reviewer may show the note on the place page: a tip is
    /// for other residents; a correction or a question is about the data.
    pub fn is_publishable(self) -> bool {
        self == AnnotationKind::Tip
    }
}

/// The longest answer a reviewer can give to a note, in characters
/// (`place_annotations_answer_check`, migration 0110).
pub const ANSWER_MAX: usize = 1000;

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

    /// Like [`Self::parse`], but empty text is fine (`None`): an answer
    /// to a note is optional.
    pub fn parse_optional(s: &str, max: usize) -> Result<Option<Self>, (&'static str, usize)> {
        if s.trim().is_empty() { Ok(None) } else { Self::parse(s, max, "error-required").map(Some) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
