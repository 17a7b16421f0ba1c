//! Translations (Fluent files in `locales/`) and locale-aware formatting.
//! Templates never hold UI text: they ask `ctx.t("key")`.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use unic_langid::{LanguageIdentifier, langid};

static_loader! {
    pub static LOCALES = {
        locales: "./locales",
        fallback_language: "nl",
        // Isolation marks confuse screen readers and tests alike.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static NL: LanguageIdentifier = langid!("nl");
static EN: LanguageIdentifier = langid!("en");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Nl, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the first supported language from an `Accept-Language` header,
    /// honouring q-values.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut options: Vec<(f32, Lang)> = header
            .split(',')
            .filter_map(|part| {
                let mut bits = part.trim().split(';');
                let tag = bits.next()?.trim();
                let primary = tag.split('-').next()?;
                let lang = Lang::parse(primary)?;
                let q = bits
                    .find_map(|b| b.trim().strip_prefix("q="))
                    .and_then(|q| q.parse().ok())
                    .unwrap_or(1.0);
                Some((q, lang))
            })
            .collect();
        options.sort_by(|a, b| b.0.total_cmp(&a.0));
        options.first().map(|(_, l)| *l)
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Nl => &NL,
            Lang::En => &EN,
        }
    }

    /// Translates `key`; a missing key shows itself, so it is noticed (and the
    /// i18n test fails on it before it ships).
    pub fn t(self, key: &str) -> String {
        LOCALES.try_lookup(self.id(), key).unwrap_or_else(|| key.to_owned())
    }

    pub fn t_args(self, key: &str, args: &[(&str, String)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| {
                let value = match v.parse::<i64>() {
                    // Numbers as numbers, so plural rules apply.
                    Ok(n) => FluentValue::from(n),
                    Err(_) => FluentValue::from(v.clone()),
                };
                (Cow::Owned((*k).to_owned()), value)
            })
            .collect();
        LOCALES.try_lookup_with_args(self.id(), key, &map).unwrap_or_else(|| key.to_owned())
    }

    pub fn chrono_locale(self) -> chrono::Locale {
        match self {
            Lang::Nl => chrono::Locale::nl_NL,
            Lang::En => chrono::Locale::en_GB,
        }
    }

    /// "3 februari 2025" / "3 February 2025".
    pub fn date(self, date: NaiveDate) -> String {
        date.format_localized("%-d %B %Y", self.chrono_locale()).to_string()
    }

    /// "3-2-2025" style short dates for tables.
    pub fn short_date(self, date: NaiveDate) -> String {
        match self {
            Lang::Nl => date.format("%-d-%-m-%Y").to_string(),
            Lang::En => date.format("%-d/%-m/%Y").to_string(),
        }
    }

    pub fn date_time(self, dt: NaiveDateTime) -> String {
        format!("{} {}", self.date(dt.date()), dt.format("%H:%M"))
    }

    /// Whole numbers with the local thousands separator: 12.345 / 12,345.
    pub fn int(self, n: i64) -> String {
        use num_format::{Locale, ToFormattedString};
        match self {
            Lang::Nl => n.to_formatted_string(&Locale::nl),
            Lang::En => n.to_formatted_string(&Locale::en),
        }
    }

    /// A rate per 1,000 inhabitants, always with one decimal so a column
    /// reads alike ("0,1", "2,4"). A rate above zero that one decimal would
    /// show as "0,0" reads "minder dan 0,1": two decimals for only the small
    /// ones made "0,01" look more precise than "0,1" next to it.
    pub fn per_1000(self, x: f64) -> String {
        if x > 0.0 && x < 0.05 {
            return self.t_args("rate-below", &[("rate", self.dec1(0.1))]);
        }
        self.dec1(x)
    }

    /// A number with one decimal: 3,5 / 3.5.
    pub fn dec1(self, x: f64) -> String {
        let s = format!("{x:.1}");
        match self {
            Lang::Nl => s.replace('.', ","),
            Lang::En => s,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_highest_q() {
        assert_eq!(Lang::from_accept_language("en-GB,en;q=0.9,nl;q=0.8"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("de, nl;q=0.5, en;q=0.4"), Some(Lang::Nl));
        assert_eq!(Lang::from_accept_language("de, fr"), None);
    }

    #[test]
    fn dutch_number_and_date_formats() {
        assert_eq!(Lang::Nl.int(12345), "12.345");
        assert_eq!(Lang::En.int(12345), "12,345");
        assert_eq!(Lang::Nl.dec1(3.25), "3,2");
        // 11 and 1 place per 75,825 inhabitants: the same precision.
        assert_eq!(Lang::Nl.per_1000(11.0 * 1000.0 / 75_825.0), "0,1");
        assert_eq!(Lang::Nl.per_1000(1000.0 / 75_825.0), "minder dan 0,1");
        assert_eq!(Lang::En.per_1000(1000.0 / 75_825.0), "less than 0.1");
        assert_eq!(Lang::Nl.per_1000(0.0), "0,0");
        assert_eq!(Lang::Nl.per_1000(0.6), "0,6");
        let d = NaiveDate::from_ymd_opt(2025, 2, 3).unwrap();
        assert_eq!(Lang::Nl.date(d), "3 februari 2025");
        assert_eq!(Lang::En.date(d), "3 February 2025");
    }
}
