//! The words of notification mails (issue 12): one notice mailed at once,
//! or everything of a day in one digest. Fluent keys in
//! `locales/*/notify.ftl`.

use super::render::MailContent;
use crate::domain::notify::{NoticeEvent, NoticeKind};
use crate::i18n::Lang;

/// One notice as the mail needs it; `link` is absolute.
#[derive(Debug, Clone)]
pub struct Notice {
    pub event: NoticeEvent,
    pub place: String,
    pub link: String,
    /// A rejection's reason, as the reviewer wrote it.
    pub detail: String,
}

fn line(lang: Lang, n: &Notice) -> String {
    lang.t_args(&format!("notice-line-{}", n.event.slug()), &[("place", n.place.clone())])
}

fn settings_line(lang: Lang, settings_link: &str) -> String {
    lang.t_args("notice-settings", &[("url", settings_link.to_owned())])
}

/// A notice mailed on its own, at once.
pub fn single(lang: Lang, n: &Notice, settings_link: &str) -> MailContent {
    let kind = n.event.kind().slug();
    let mut m = MailContent::new(
        lang.t_args(&format!("notice-subject-{}", n.event.slug()), &[("place", n.place.clone())]),
    )
    .paragraph(lang.t("mail-hello"))
    .paragraph(line(lang, n));
    if !n.detail.is_empty() {
        m = m.paragraph(lang.t("notice-reason")).quote(&n.detail);
    }
    m.action(lang.t(&format!("notice-action-{kind}")), n.link.clone())
        .after(lang.t(&format!("notice-why-{kind}")))
        .after(settings_line(lang, settings_link))
}

/// Everything that waited for the daily digest, in one mail.
pub fn digest(lang: Lang, notices: &[Notice], settings_link: &str) -> MailContent {
    let count = notices.len() as i64;
    let mut m =
        MailContent::new(lang.t_args("notice-digest-subject", &[("count", count.to_string())]))
            .paragraph(lang.t("mail-hello"))
            .paragraph(lang.t("notice-digest-intro"));
    for n in notices {
        let mut p = format!("• {}\n  {}", line(lang, n), n.link);
        if !n.detail.is_empty() {
            p.push_str(&format!("\n  {} {}", lang.t("notice-reason"), n.detail));
        }
        m = m.paragraph(p);
    }
    for kind in NoticeKind::ALL {
        if notices.iter().any(|n| n.event.kind() == *kind) {
            m = m.after(lang.t(&format!("notice-why-{}", kind.slug())));
        }
    }
    m.after(settings_line(lang, settings_link))
}
