//! The words of each mail, in the recipient's language (Fluent keys in
//! `locales/*/mail.ftl`). Links are absolute (`Outbox::link`).

use super::render::MailContent;
use crate::i18n::Lang;

/// The link to set a new password; it works for an hour, once.
pub fn password_reset(lang: Lang, link: String) -> MailContent {
    MailContent::new(lang.t("mail-reset-subject"))
        .paragraph(lang.t("mail-hello"))
        .paragraph(lang.t("mail-reset-intro"))
        .action(lang.t("mail-reset-action"), link)
        .after(lang.t("mail-reset-valid"))
        .after(lang.t("mail-reset-not-you"))
}

/// The link that confirms a new account's address.
pub fn confirm_email(lang: Lang, link: String) -> MailContent {
    MailContent::new(lang.t("mail-confirm-subject"))
        .paragraph(lang.t("mail-hello"))
        .paragraph(lang.t("mail-confirm-intro"))
        .action(lang.t("mail-confirm-action"), link)
        .after(lang.t("mail-confirm-valid"))
        .after(lang.t("mail-confirm-not-you"))
}
