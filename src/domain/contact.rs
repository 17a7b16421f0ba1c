//! The public reaching a place (issue 12): "Stuur een bericht", relayed by
//! mail to the place or its wijkteam, and "Klopt er iets niet?", a
//! correction for the review queue. Parsing and limits; no I/O.

use sha2::{Digest, Sha256};

use super::proposal::NoteText;
use super::slug_enum;
use super::user::Email;
use crate::error::UserMessage;

slug_enum!(
    /// What the public sent about a place; stored in `place_messages.kind`
    /// for the rate limits.
    MessageKind, "message-kind", {
        Message => "bericht",
        Correction => "correctie",
    }
);

slug_enum!(
    /// What a correction is about (`place_annotations.topic`).
    CorrectionTopic, "correction-topic", {
        Stopped => "gestopt",
        Hours => "tijden",
        Address => "adres",
        Other => "anders",
    }
);

impl CorrectionTopic {
    /// A place that stopped is recorded as closed on a date; the reviewer
    /// is asked for it (the close form) instead of just marking it done.
    pub fn asks_for_closing_date(self) -> bool {
        self == CorrectionTopic::Stopped
    }
}

impl MessageKind {
    /// From one IP address, per hour. Loose enough for a shared address
    /// (a library, a community centre), tight enough against a script.
    pub fn max_per_ip_per_hour(self) -> i64 {
        10
    }

    /// To one place, per day: the place's mailbox is not to be flooded.
    pub fn max_per_place_per_day(self) -> i64 {
        10
    }

    /// From one e-mail address, per hour.
    pub fn max_per_sender_per_hour(self) -> i64 {
        3
    }
}

/// The longest message or correction, in characters.
pub const TEXT_MAX: usize = 2000;
/// The longest sender name.
pub const NAME_MAX: usize = 100;

/// A field and the message shown beside it.
pub type Problem = (&'static str, UserMessage);

/// A parsed "Stuur een bericht".
#[derive(Debug, Clone)]
pub struct ContactMessage {
    pub name: String,
    pub email: Email,
    pub text: NoteText,
}

/// A parsed "Klopt er iets niet?".
#[derive(Debug, Clone)]
pub struct Correction {
    pub topic: CorrectionTopic,
    pub text: NoteText,
    /// Where the writer wants an answer, if anywhere.
    pub reply_email: Option<Email>,
}

fn text_problem(raw: &str, problems: &mut Vec<Problem>) -> Option<NoteText> {
    NoteText::parse(raw, TEXT_MAX, "contact-error-text-required")
        .map_err(|(key, max)| problems.push(("tekst", UserMessage::new(key).arg("max", max))))
        .ok()
}

impl ContactMessage {
    /// Fields `naam` (optional), `email`, `tekst`.
    pub fn parse(name: &str, email: &str, text: &str) -> Result<Self, Vec<Problem>> {
        let mut problems = Vec::new();
        let name = name.trim();
        if name.chars().count() > NAME_MAX || super::text::has_control_characters(name, false) {
            problems.push(("naam", UserMessage::new("contact-error-name").arg("max", NAME_MAX)));
        }
        let email = Email::parse(email).map_err(|m| problems.push(("email", m))).ok();
        let text = text_problem(text, &mut problems);
        match (email, text) {
            (Some(email), Some(text)) if problems.is_empty() => {
                Ok(Self { name: name.to_owned(), email, text })
            }
            _ => Err(problems),
        }
    }
}

impl Correction {
    /// Fields `onderwerp`, `tekst`, `email` (optional).
    pub fn parse(topic: &str, text: &str, email: &str) -> Result<Self, Vec<Problem>> {
        let mut problems = Vec::new();
        let topic = CorrectionTopic::parse(topic);
        if topic.is_none() {
            problems.push(("onderwerp", UserMessage::new("correction-error-topic")));
        }
        let text = text_problem(text, &mut problems);
        let reply_email = match email.trim() {
            "" => None,
            e => Email::parse(e).map_err(|m| problems.push(("email", m))).ok(),
        };
        match (topic, text) {
            (Some(topic), Some(text)) if problems.is_empty() => {
                Ok(Self { topic, text, reply_email })
            }
            _ => Err(problems),
        }
    }
}

/// The honeypot field, hidden from people: a bot that fills it in gets the
/// usual thanks and nothing is sent.
pub fn is_bot(honeypot: &str) -> bool {
    !honeypot.trim().is_empty()
}

/// What the rate limits store of an IP or e-mail address: SHA-256, hex.
pub fn fingerprint(value: &str) -> String {
    Sha256::digest(value.trim().to_lowercase().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_needs_an_address_and_text() {
        let err = ContactMessage::parse("", "geen-adres", " ").unwrap_err();
        let fields: Vec<_> = err.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["email", "tekst"]);
        let ok = ContactMessage::parse(" Els ", "Els@Example.nl", " Hoi ").unwrap();
        assert_eq!(
            (ok.name.as_str(), ok.email.as_str(), ok.text.as_str()),
            ("Els", "els@example.nl", "Hoi")
        );
        assert!(ContactMessage::parse(&"x".repeat(101), "a@b.nl", "Hoi").is_err());
    }

    #[test]
    fn a_correction_needs_a_topic_and_the_address_is_optional() {
        let c = Correction::parse("gestopt", "Al een maand dicht", "").unwrap();
        assert!(c.topic.asks_for_closing_date() && c.reply_email.is_none());
        assert!(!CorrectionTopic::Hours.asks_for_closing_date());
        let err = Correction::parse("iets", "tekst", "fout").unwrap_err();
        let fields: Vec<_> = err.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["onderwerp", "email"]);
    }

    #[test]
    fn honeypot_and_fingerprint() {
        assert!(is_bot("http://spam"));
        assert!(!is_bot(" "));
        assert_eq!(fingerprint("A@b.nl "), fingerprint("a@b.nl"));
        assert_ne!(fingerprint("127.0.0.1"), "127.0.0.1");
    }
}
