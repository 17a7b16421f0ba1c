//! The words of each mail, in the recipient's language (Fluent keys in
//! `locales/*/mail.ftl`). Links are absolute (`Outbox::link`).

use super::render::MailContent;
use crate::domain::contact::ContactMessage;
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

/// To the new address of an e-mail change: the link that makes it the
/// account's address.
pub fn change_email(lang: Lang, link: String) -> MailContent {
    MailContent::new(lang.t("mail-change-email-subject"))
        .paragraph(lang.t("mail-hello"))
        .paragraph(lang.t("mail-change-email-intro"))
        .action(lang.t("mail-change-email-action"), link)
        .after(lang.t("mail-change-email-valid"))
        .after(lang.t("mail-change-email-not-you"))
}

/// To the old address once the change is done, so a stolen session cannot
/// move an account away unnoticed.
pub fn email_changed(lang: Lang, new_email: &str) -> MailContent {
    MailContent::new(lang.t("mail-email-changed-subject"))
        .paragraph(lang.t("mail-hello"))
        .paragraph(lang.t_args("mail-email-changed-intro", &[("email", new_email.to_owned())]))
        .after(lang.t("mail-email-changed-not-you"))
}

/// A message from the public to a place, relayed; `via_team`: the place
/// has no address, so its wijkteam gets it to pass on.
pub fn contact_message(
    lang: Lang,
    place: &str,
    message: &ContactMessage,
    place_link: &str,
    via_team: bool,
) -> MailContent {
    let sender =
        if message.name.is_empty() { message.email.to_string() } else { message.name.clone() };
    let mut m =
        MailContent::new(lang.t_args("mail-contact-subject", &[("place", place.to_owned())]))
            .paragraph(lang.t("mail-hello"));
    if via_team {
        m = m.paragraph(lang.t_args("mail-contact-via-team", &[("place", place.to_owned())]));
    }
    m.paragraph(
        lang.t_args("mail-contact-intro", &[("sender", sender), ("place", place.to_owned())]),
    )
    .quote(message.text.as_str())
    .after(lang.t_args("mail-contact-reply", &[("email", message.email.to_string())]))
    .after(lang.t("mail-contact-privacy"))
    .action(lang.t("mail-contact-place-link"), place_link.to_owned())
}

/// "Klopt dit nog?" to a place: one link to confirm or correct its data.
pub fn place_check(lang: Lang, place: &str, link: String, valid_days: i64) -> MailContent {
    let args = [("place", place.to_owned())];
    MailContent::new(lang.t_args("check-mail-subject", &args))
        .paragraph(lang.t("mail-hello"))
        .paragraph(lang.t_args("check-mail-intro", &args))
        .paragraph(lang.t("check-mail-how"))
        .action(lang.t("check-mail-action"), link)
        .after(lang.t_args("check-mail-valid", &[("days", valid_days.to_string())]))
        .after(lang.t("check-mail-why"))
}
