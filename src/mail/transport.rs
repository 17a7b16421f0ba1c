//! SMTP through `lettre`. `HAARVATEN_SMTP_URL` takes lettre's URL forms:
//! `smtp://host:25` (plain, for a local relay), `smtp://user:pass@host:587?tls=required`
//! (STARTTLS), `smtps://user:pass@host:465` (TLS from the start). Certificates
//! are checked against the Mozilla roots (`webpki-roots`).

use std::time::Duration;

use anyhow::Context;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::db::outbox::ClaimedMail;

/// How long one SMTP conversation may take before it counts as failed.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Clone)]
pub struct Transport {
    smtp: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// Why a mail did not go out.
#[derive(Debug)]
pub enum SendError {
    /// The server refused it for good (5xx) or the address cannot be used:
    /// trying again will not help.
    Permanent(String),
    /// The server is down, slow or refused for now (4xx): try again later.
    Temporary(String),
}

impl Transport {
    /// Checks the URL and the sender address; the start-up stops on an error
    /// naming the variable (and never printing the password).
    pub fn new(url: &str, from: &str) -> anyhow::Result<Self> {
        let smtp = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("HAARVATEN_SMTP_URL is not a usable SMTP URL: {e}"))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        let from = parse_from(from)?;
        Ok(Self { smtp, from })
    }

    pub async fn send(&self, mail: &ClaimedMail) -> Result<(), SendError> {
        let message = self.message(mail)?;
        match self.smtp.send(message).await {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => Err(SendError::Permanent(e.to_string())),
            Err(e) => Err(SendError::Temporary(e.to_string())),
        }
    }

    fn message(&self, mail: &ClaimedMail) -> Result<Message, SendError> {
        let bad =
            |what: &str, e: &dyn std::fmt::Display| SendError::Permanent(format!("{what}: {e}"));
        let to: Mailbox = mail.recipient.parse().map_err(|e| bad("recipient", &e))?;
        let mut builder = Message::builder().from(self.from.clone()).to(to).subject(&mail.subject);
        if let Some(reply_to) = &mail.reply_to {
            builder = builder.reply_to(reply_to.parse().map_err(|e| bad("reply-to", &e))?);
        }
        builder
            .multipart(MultiPart::alternative_plain_html(
                mail.body_text.clone(),
                mail.body_html.clone(),
            ))
            .map_err(|e| bad("message", &e))
    }
}

/// `HAARVATEN_MAIL_FROM`: `Haarvaten <noreply@example.nl>` or a bare address.
pub fn parse_from(from: &str) -> anyhow::Result<Mailbox> {
    from.parse::<Mailbox>()
        .with_context(|| format!("HAARVATEN_MAIL_FROM is not an e-mail address: {from:?}"))
}
