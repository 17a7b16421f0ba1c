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
use crate::db::audit::{self, AuditEntry};
use crate::db::users::{self, UserSummary};
use crate::domain::user::{Role, RoleScope};
use crate::error::{AppError, AppResult};
use crate::ops::accounts;
use crate::web::extractors::{Query, RequireBeheerder};
use crate::web::forms::FormErrors;
use crate::web::state::AppState;
use crate::web::templates::{PageContext, render};

pub const AUDIT_PAGE_SIZE: i64 = 50;

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    ctx: PageContext,
    users: Vec<UserSummary>,
    saved: bool,
}

/// The query strings of the beheer pages: `?opgeslagen` after saving a
/// user, `?pagina=N` on the audit log.
#[derive(Deserialize)]
pub struct AdminQuery {
    opgeslagen: Option<String>,
    pagina: Option<i64>,
}

pub async fn users(
    State(state): State<AppState>,
    ctx: PageContext,
    RequireBeheerder(_me): RequireBeheerder,
    Query(q): Query<AdminQuery>,
) -> AppResult<Response> {
    let users = users::list(&state.db).await?;
    render(&UsersPage { ctx, users, saved: q.opgeslagen.is_some() })
}

#[derive(Template)]
#[template(path = "admin/user_edit.html")]
struct EditPage {
    ctx: PageContext,
    user: UserSummary,
    errors: FormErrors,
    roles: &'static [Role],
    role: String,
    wijken: String,
    gemeente: String,
}

impl EditPage {
    fn role_label(&self, role: &Role) -> String {
        self.ctx.t(&role.label_key())
    }
}

pub async fn edit_user(
    State(state): State<AppState>,
    ctx: PageContext,
    RequireBeheerder(_me): RequireBeheerder,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let user = users::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let page = EditPage {
        ctx,
        role: user.role.slug().to_owned(),
        wijken: user.wijken.join(", "),
        gemeente: user.gemeente.clone().unwrap_or_default(),
        user,
        errors: FormErrors::default(),
        roles: Role::ALL,
    };
    render(&page)
}

#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    wijken: String,
    #[serde(default)]
    gemeente: String,
}

pub async fn update_user(
    State(state): State<AppState>,
    ctx: PageContext,
    RequireBeheerder(me): RequireBeheerder,
    Path(id): Path<Uuid>,
    Form(form): Form<RoleForm>,
) -> AppResult<Response> {
    let user = users::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let mut errors = FormErrors::default();
    match RoleScope::parse(&form.role, std::slice::from_ref(&form.wijken), &form.gemeente) {
        Ok(scope) => match accounts::change_role(&state.db, &me, &user, scope).await {
            Ok(()) => return Ok(Redirect::to("/beheer/gebruikers?opgeslagen=1").into_response()),
            Err(e) => add_problems(&ctx, &mut errors, e)?,
        },
        Err((field, message)) => errors.add(&ctx, field, &message),
    }
    let page = EditPage {
        ctx,
        user,
        errors,
        roles: Role::ALL,
        role: form.role,
        wijken: form.wijken,
        gemeente: form.gemeente,
    };
    form_page(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    ctx: PageContext,
    entries: Vec<AuditEntry>,
    page: i64,
    pages: i64,
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
        match &entry.details {
            serde_json::Value::Object(map) if map.is_empty() => String::new(),
            other => other.to_string(),
        }
    }
}

pub async fn audit_log(
    State(state): State<AppState>,
    ctx: PageContext,
    RequireBeheerder(_me): RequireBeheerder,
    Query(q): Query<AdminQuery>,
) -> AppResult<Response> {
    let total = audit::count(&state.db).await?;
    let pages = ((total + AUDIT_PAGE_SIZE - 1) / AUDIT_PAGE_SIZE).max(1);
    let page = q.pagina.unwrap_or(1).clamp(1, pages);
    let entries = audit::page(&state.db, AUDIT_PAGE_SIZE, (page - 1) * AUDIT_PAGE_SIZE).await?;
    render(&AuditPage { ctx, entries, page, pages })
}
