//! E-mail through a transactional outbox (issue 12; docs/mail.md).
//!
//! An operation that causes a mail renders it here ([`Outbox::enqueue`]) and
//! writes it to `mail_outbox` in its own transaction, so the mail exists
//! exactly when the event does. A worker in `serve` ([`worker`]) sends what
//! is due over SMTP ([`transport`]), with retries and backoff; several app
//! instances claim rows with `FOR UPDATE SKIP LOCKED`, so none is sent
//! twice. Without `HAARVATEN_SMTP_URL` nothing is queued and the pages that
//! need mail say so ([`Outbox::enabled`]).

pub mod messages;
pub mod notices;
pub mod render;
pub mod transport;
pub mod worker;

use sqlx::PgExecutor;

use crate::config::Config;
use crate::db::DbResult;
use crate::domain::slug_enum;
use crate::i18n::Lang;

slug_enum!(
    /// Why a mail is sent; stored with it in `mail_outbox.kind`.
    MailKind, "mail-kind", {
        PasswordReset => "password_reset",
        ConfirmEmail => "confirm_email",
        ContactMessage => "contact_message",
        Notification => "notification",
        ChangeEmail => "change_email",
        EmailChanged => "email_changed",
        CheckRequest => "check_request",
    }
);

/// A mail ready to be queued: who gets it, and what it says.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub kind: MailKind,
    pub to: String,
    /// For a relayed message: the sender, so the recipient can answer them
    /// without the sender learning the recipient's address.
    pub reply_to: Option<String>,
    pub lang: Lang,
    pub content: render::MailContent,
}

/// Where operations put their mail. Cheap to clone; one lives in the
/// application state.
#[derive(Debug, Clone)]
pub struct Outbox {
    enabled: bool,
    base_url: String,
}

impl Outbox {
    pub fn from_config(config: &Config) -> Self {
        Self { enabled: config.smtp_url.is_some(), base_url: config.base_url.clone() }
    }

    /// An outbox that queues nothing (the CLI, and `serve` without SMTP).
    pub fn disabled(base_url: &str) -> Self {
        Self { enabled: false, base_url: base_url.to_owned() }
    }

    /// False without `HAARVATEN_SMTP_URL`: no mail goes out, and pages that
    /// would send one say who to ask instead.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// An absolute link for a mail: `HAARVATEN_BASE_URL` + `path`.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Renders `mail` and queues it in the caller's transaction. Returns
    /// whether it was queued: not when mail is off.
    pub async fn enqueue(&self, db: impl PgExecutor<'_>, mail: Outgoing) -> DbResult<bool> {
        if !self.enabled {
            tracing::info!(kind = mail.kind.slug(), "no HAARVATEN_SMTP_URL: mail not sent");
            return Ok(false);
        }
        let rendered = render::render(&mail.content, mail.lang, &self.base_url)
            .map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        crate::db::outbox::insert(
            db,
            &crate::db::outbox::NewMail {
                kind: mail.kind,
                recipient: &mail.to,
                reply_to: mail.reply_to.as_deref(),
                subject: &mail.content.subject,
                body_text: &rendered.text,
                body_html: &rendered.html,
            },
        )
        .await?;
        Ok(true)
    }
}
