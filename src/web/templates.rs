//! The shared page context every template gets, and rendering to a response.

use askama::Template;
use axum::response::{Html, IntoResponse, Response};

use crate::error::{AppResult, UserMessage};
use crate::i18n::Lang;

/// What every page needs besides its own data: language, the current URL
/// (for the language switch) and map settings.
#[derive(Debug, Clone)]
pub struct PageContext {
    pub lang: Lang,
    /// Path and query of the current request.
    pub current: String,
    pub tile_url: String,
    pub tile_attribution: String,
    /// The signed-in user, if any (see `web::session`).
    pub user: Option<crate::domain::user::CurrentUser>,
    /// For `<input type="hidden" name="csrf_token" value="{{ ctx.csrf_token }}">`
    /// in every POST form; the `auth_context` middleware checks it.
    pub csrf_token: String,
    /// The sources of the areas a page about one gemeente shows, for the
    /// footer ([`PageContext::name_area_sources`]); `None` on other pages,
    /// whose footer names the sources in general terms.
    pub area_sources: Option<String>,
}

impl PageContext {
    /// Names the sources of the areas of the gemeente `code` lies in (any
    /// area code) in the footer: the page shows that gemeente's areas.
    pub async fn name_area_sources(
        &mut self,
        db: impl sqlx::PgExecutor<'_>,
        code: &str,
    ) -> AppResult<()> {
        let sources = crate::db::areas::sources_in_gemeente(db, code).await?;
        self.area_sources = (!sources.is_empty()).then(|| sources.join("; "));
        Ok(())
    }

    /// An account's address as shown to staff: "verwijderde gebruiker" for
    /// a removed account.
    pub fn who(&self, email: &str) -> String {
        if crate::domain::user::is_removed_email(email) {
            self.t("removed-user")
        } else {
            email.to_owned()
        }
    }

    /// The footer's line on sources.
    pub fn footer_sources(&self) -> String {
        match &self.area_sources {
            Some(s) => self.t1("footer-sources-of", "areas", s),
            None => self.t("footer-sources-general"),
        }
    }

    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// Translation with one named argument, the common case in templates.
    pub fn t1(&self, key: &str, name: &str, value: impl ToString) -> String {
        self.lang.t_args(key, &[(name, value.to_string())])
    }

    pub fn msg(&self, m: &UserMessage) -> String {
        let args: Vec<(&str, String)> = m.args.iter().map(|(k, v)| (*k, v.clone())).collect();
        self.lang.t_args(m.key, &args)
    }

    pub fn int(&self, n: &i64) -> String {
        self.lang.int(*n)
    }

    pub fn dec1(&self, x: &f64) -> String {
        self.lang.dec1(*x)
    }

    pub fn date(&self, d: &chrono::NaiveDate) -> String {
        self.lang.date(*d)
    }

    /// The other language, for the switch in the header.
    pub fn other_lang(&self) -> Lang {
        match self.lang {
            Lang::Nl => Lang::En,
            Lang::En => Lang::Nl,
        }
    }

    /// URL of the language switch: it sets a cookie and comes back here.
    pub fn switch_url(&self) -> String {
        let back: String =
            serde_urlencoded::to_string([("terug", self.current.as_str())]).unwrap_or_default();
        format!("/taal/{}?{back}", self.other_lang().code())
    }
}

/// Renders an askama template as an HTML response.
pub fn render<T: Template>(template: &T) -> AppResult<Response> {
    Ok(Html(template.render()?).into_response())
}
