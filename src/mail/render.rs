//! A mail's words as plain text with an HTML alternative: one content type,
//! two askama templates (`templates/mail/message.{txt,html}`), so both
//! parts always say the same.

use askama::Template;

use crate::i18n::Lang;

/// What a mail says, already in the recipient's language.
#[derive(Debug, Clone, Default)]
pub struct MailContent {
    pub subject: String,
    /// Paragraphs before the button.
    pub paragraphs: Vec<String>,
    /// A message someone wrote, relayed as it is (quoted in the text part).
    pub quote: Option<String>,
    /// The one thing to do: a label and an absolute link.
    pub action: Option<Action>,
    /// Paragraphs after the button (why you get this, how long it works).
    pub after: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Action {
    pub label: String,
    pub url: String,
}

impl MailContent {
    pub fn new(subject: String) -> Self {
        Self { subject, ..Self::default() }
    }

    pub fn paragraph(mut self, text: String) -> Self {
        self.paragraphs.push(text);
        self
    }

    pub fn quote(mut self, text: &str) -> Self {
        self.quote = Some(text.to_owned());
        self
    }

    pub fn action(mut self, label: String, url: String) -> Self {
        self.action = Some(Action { label, url });
        self
    }

    pub fn after(mut self, text: String) -> Self {
        self.after.push(text);
        self
    }
}

#[derive(Template)]
#[template(path = "mail/message.txt")]
struct TextPart<'a> {
    m: &'a MailContent,
    quote_lines: Vec<&'a str>,
    footer: String,
}

#[derive(Template)]
#[template(path = "mail/message.html")]
struct HtmlPart<'a> {
    m: &'a MailContent,
    lang: &'static str,
    footer: String,
    base_url: &'a str,
}

/// Both parts of a mail.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub text: String,
    pub html: String,
}

pub fn render(m: &MailContent, lang: Lang, base_url: &str) -> Result<Rendered, askama::Error> {
    let footer = lang.t_args("mail-footer", &[("url", base_url.to_owned())]);
    let quote_lines = m.quote.as_deref().map(|q| q.lines().collect()).unwrap_or_default();
    let text = TextPart { m, quote_lines, footer: footer.clone() }.render()?;
    let html = HtmlPart { m, lang: lang.code(), footer, base_url }.render()?;
    Ok(Rendered { text, html })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_parts_hold_the_words_and_the_link_and_html_is_escaped() {
        let m = MailContent::new("Onderwerp".into())
            .paragraph("Hallo <b>daar</b>".into())
            .quote("regel 1\nregel 2")
            .action("Klik hier".into(), "https://example.nl/a?b=1&c=2".into());
        let r = render(&m, Lang::Nl, "https://example.nl").unwrap();
        assert!(r.text.contains("Hallo <b>daar</b>"), "{}", r.text);
        assert!(r.text.contains("> regel 1\n> regel 2"), "{}", r.text);
        assert!(r.text.contains("https://example.nl/a?b=1&c=2"), "{}", r.text);
        assert!(
            r.html.contains("Hallo &#60;b&#62;daar&#60;/b&#62;") || r.html.contains("&lt;b&gt;")
        );
        assert!(
            r.html.contains("href=\"https://example.nl/a?b=1&#38;c=2\"")
                || r.html.contains("&amp;c=2")
        );
        assert!(r.html.contains("<html lang=\"nl\">"), "{}", r.html);
    }
}
