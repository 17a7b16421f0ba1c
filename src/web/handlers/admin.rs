//! Beheer: accounts with their role and scope, and the audit log. Only for
//! the beheerder role; every change is audited.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::auth::{add_problems, form_page};
use crate::db::audit::{self, AuditEntry, AuditFilter};
use crate::db::users::{self, UserSummary};
use crate::domain::audit as audit_text;
use crate::domain::user::{Role, RoleScope};
use crate::error::{AppError, AppResult};
use crate::ops::accounts;
use crate::web::extractors::{Query, RequireBeheerder, form_value};
use crate::web::forms::FormErrors;
use crate::web::state::AppState;
use crate::web::templates::{PageContext, render};

pub const AUDIT_PAGE_SIZE: i64 = 50;

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    ctx: PageContext,
    users: Vec<UserSummary>,
    notice: Option<&'static str>,
    search: String,
    role: String,
    roles: &'static [Role],
    /// "3 van 40 accounts".
    count_text: String,
}

/// The query strings of the beheer pages: `?opgeslagen` after saving a
/// user, `?pagina=N` on the audit log.
#[derive(Deserialize)]
pub struct AdminQuery {
    opgeslagen: Option<String>,
    /// After blocking, unblocking or removing an account.
    geblokkeerd: Option<String>,
    gedeblokkeerd: Option<String>,
    verwijderd: Option<String>,
    pagina: Option<i64>,
    /// Audit log: a family of actions, and text in the actor's e-mail.
    soort: Option<String>,
    wie: Option<String>,
    /// Users: text in the e-mail address, and a role.
    zoek: Option<String>,
    rol: Option<String>,
}

fn trimmed(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(|s| s.chars().take(100).collect())
}

pub async fn users(
    State(state): State<AppState>,
    ctx: PageContext,
    RequireBeheerder(_me): RequireBeheerder,
    Query(q): Query<AdminQuery>,
) -> AppResult<Response> {
    let all = users::list(&state.db).await?;
    let total = all.len();
    let search = trimmed(&q.zoek).unwrap_or_default();
    let role = trimmed(&q.rol).and_then(|r| Role::parse(&r));
    let needle = search.to_lowercase();
    let users: Vec<UserSummary> = all
        .into_iter()
        .filter(|u| needle.is_empty() || u.email.contains(&needle))
        .filter(|u| role.is_none_or(|r| u.role == r))
        .collect();
    let role = role.map(|r| r.slug().to_owned()).unwrap_or_default();
    let count_text = ctx.lang.t_args(
        "admin-search-count",
        &[("shown", users.len().to_string()), ("total", total.to_string())],
    );
    render(&UsersPage {
        ctx,
        users,
        notice: crate::web::forms::first_notice([
            (q.opgeslagen.is_some(), "admin-users-saved"),
            (q.geblokkeerd.is_some(), "admin-notice-blocked"),
            (q.gedeblokkeerd.is_some(), "admin-notice-unblocked"),
            (q.verwijderd.is_some(), "admin-notice-removed"),
        ]),
        search,
        role,
        roles: Role::ALL,
        count_text,
    })
}

#[derive(Template)]
#[template(path = "admin/user_edit.html")]
struct EditPage {
    ctx: PageContext,
    user: UserSummary,
    errors: FormErrors,
    roles: &'static [Role],
    role: String,
    /// Wijk checkboxes: the member's wijken and those of `shown_gemeente`.
    wijk_choices: Vec<WijkChoice>,
    /// Codes typed by hand that are not among the checkboxes.
    other_wijken: String,
    gemeenten: Vec<(String, String)>,
    shown_gemeente: String,
    gemeente: String,
}

/// One wijk to tick, with its name and gemeente.
pub struct WijkChoice {
    pub code: String,
    pub label: String,
    pub checked: bool,
}

impl EditPage {
    fn role_label(&self, role: &Role) -> String {
        self.ctx.t(&role.label_key())
    }
}

/// `?gemeente=GM…` on the edit page: whose wijken to list.
#[derive(Deserialize)]
pub struct EditQuery {
    gemeente: Option<String>,
}

/// The page's wijk choices: the `chosen` codes (with their names, wherever
/// they lie) and every wijk of `shown`; codes that are no wijk we know stay
/// in the text field.
async fn edit_page(
    state: &AppState,
    ctx: PageContext,
    user: UserSummary,
    chosen: Vec<String>,
    shown: Option<String>,
    (role, gemeente, errors): (String, String, FormErrors),
) -> AppResult<EditPage> {
    let gemeenten = crate::db::areas::gemeenten(&state.db).await?;
    let shown = shown
        .filter(|g| gemeenten.iter().any(|(c, _)| c == g))
        .or_else(|| chosen.first().and_then(|w| crate::domain::user::gemeente_of_wijk(w)))
        .or_else(|| user.gemeente.clone())
        .or_else(|| gemeenten.first().map(|(c, _)| c.clone()))
        .unwrap_or_default();
    let named = crate::db::areas::names(&state.db, &chosen).await?;
    let mut wijk_choices: Vec<WijkChoice> = chosen
        .iter()
        .filter_map(|c| named.iter().find(|(code, _)| code == c))
        .map(|(code, name)| WijkChoice {
            label: format!("{name} ({code})"),
            code: code.clone(),
            checked: true,
        })
        .collect();
    for (code, name) in crate::db::areas::wijken_of(&state.db, &shown).await? {
        if !wijk_choices.iter().any(|w| w.code == code) {
            wijk_choices.push(WijkChoice {
                label: format!("{name} ({code})"),
                code,
                checked: false,
            });
        }
    }
    let other_wijken =
        chosen.iter().filter(|c| !named.iter().any(|(n, _)| n == *c)).cloned().collect::<Vec<_>>();
    Ok(EditPage {
        ctx,
        user,
        errors,
        roles: Role::ALL,
        role,
        wijk_choices,
        other_wijken: other_wijken.join(", "),
        gemeenten,
        shown_gemeente: shown,
        gemeente,
    })
}

pub async fn edit_user(
    State(state): State<AppState>,
    ctx: PageContext,
    RequireBeheerder(_me): RequireBeheerder,
    Path(id): Path<Uuid>,
    Query(q): Query<EditQuery>,
) -> AppResult<Response> {
    let user = users::get(&state.db, id).await?.filter(|u| !u.removed).ok_or(AppError::NotFound)?;
    let fields = (
        user.role.slug().to_owned(),
        user.gemeente.clone().unwrap_or_default(),
        FormErrors::default(),
    );
    let chosen = user.wijken.clone();
    let shown = trimmed(&q.gemeente);
    render(&edit_page(&state, ctx, user, chosen, shown, fields).await?)
}

/// The role form: `wijken` repeats (one per ticked box, plus the text
/// field, which may hold several codes).
pub async fn update_user(
    State(state): State<AppState>,
    ctx: PageContext,
    RequireBeheerder(me): RequireBeheerder,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let user = users::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let role = form_value(&pairs, "role");
    let gemeente = form_value(&pairs, "gemeente");
    let wijken: Vec<String> =
        pairs.iter().filter(|(k, _)| k == "wijken").map(|(_, v)| v.clone()).collect();
    let mut errors = FormErrors::default();
    match RoleScope::parse(&role, &wijken, &gemeente) {
        Ok(scope) => match accounts::change_role(&state.db, &me, &user, scope).await {
            Ok(()) => return Ok(Redirect::to("/beheer/gebruikers?opgeslagen=1").into_response()),
            Err(e) => add_problems(&ctx, &mut errors, e)?,
        },
        Err((field, message)) => errors.add(&ctx, field, &message),
    }
    let chosen: Vec<String> = wijken
        .iter()
        .flat_map(|w| w.split([',', ' ', ';', '\n']))
        .map(|w| w.trim().to_uppercase())
        .filter(|w| !w.is_empty())
        .collect();
    let shown = Some(form_value(&pairs, "toon_gemeente"));
    let page = edit_page(&state, ctx, user, chosen, shown, (role, gemeente, errors)).await?;
    form_page(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    ctx: PageContext,
    entries: Vec<AuditEntry>,
    page: i64,
    pages: i64,
    families: Vec<(&'static str, String)>,
    family: String,
    actor: String,
    /// The filter as a query string, for the page links.
    filter_query: String,
}

impl AuditPage {
    fn when(&self, entry: &AuditEntry) -> String {
        let local = entry.at.with_timezone(&chrono_tz::Europe::Amsterdam).naive_local();
        self.ctx.lang.date_time(local)
    }

    fn page_label(&self) -> String {
        let args = [("page", self.page.to_string()), ("pages", self.pages.to_string())];
        self.ctx.lang.t_args("admin-audit-page", &args)
    }

    fn details(&self, entry: &AuditEntry) -> String {
        audit_text::details_text(&entry.details)
    }

    /// The action as people read it; an unknown one as stored.
    fn action(&self, entry: &AuditEntry) -> String {
        audit_text::action_label_key(&entry.action)
            .map(|k| self.ctx.t(&k))
            .unwrap_or_else(|| entry.action.clone())
    }

    fn subject_url(&self, entry: &AuditEntry) -> Option<String> {
        audit_text::subject_path(&entry.subject)
    }
}

pub async fn audit_log(
    State(state): State<AppState>,
    ctx: PageContext,
    RequireBeheerder(_me): RequireBeheerder,
    Query(q): Query<AdminQuery>,
) -> AppResult<Response> {
    let family = trimmed(&q.soort).and_then(|f| audit_text::parse_family(&f));
    let actor = trimmed(&q.wie);
    let filter = AuditFilter { family: family.map(str::to_owned), actor: actor.clone() };
    let total = audit::count(&state.db, &filter).await?;
    let pages = ((total + AUDIT_PAGE_SIZE - 1) / AUDIT_PAGE_SIZE).max(1);
    let page = q.pagina.unwrap_or(1).clamp(1, pages);
    let offset = (page - 1) * AUDIT_PAGE_SIZE;
    let entries = audit::page(&state.db, &filter, AUDIT_PAGE_SIZE, offset).await?;
    let filter_query = serde_urlencoded::to_string([
        ("soort", family.unwrap_or_default()),
        ("wie", actor.as_deref().unwrap_or_default()),
    ])
    .unwrap_or_default();
    let families = audit_text::FAMILIES
        .iter()
        .map(|f| (*f, ctx.t(&audit_text::family_label_key(f))))
        .collect();
    render(&AuditPage {
        ctx,
        entries,
        page,
        pages,
        families,
        family: family.unwrap_or_default().to_owned(),
        actor: actor.unwrap_or_default(),
        filter_query,
    })
}
