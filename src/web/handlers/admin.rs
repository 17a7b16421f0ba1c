//! Beheer: accounts with their role and scope, and the audit log. Only for
//! the beheerder role; every change is audited.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use crate::db::audit::{self, AuditEntry, actions};
use crate::db::users::{self, UserSummary};
use crate::domain::user::{Role, RoleScope};
use crate::error::{AppError, AppResult, UserMessage};
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

#[derive(Deserialize)]
pub struct UsersQuery {
    opgeslagen: Option<String>,
}

pub async fn users(
    State(state): State<AppState>,
    ctx: PageContext,
    RequireBeheerder(_me): RequireBeheerder,
    Query(q): Query<UsersQuery>,
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
    let scope =
        match RoleScope::parse(&form.role, std::slice::from_ref(&form.wijken), &form.gemeente) {
            Ok(scope) => Some(scope),
            Err((field, message)) => {
                errors.add(&ctx, field, &message);
                None
            }
        };
    // A beheerder cannot demote themselves: if they were the last one, nobody
    // could manage accounts any more.
    if let Some(scope) = &scope {
        if me.id == id && scope.role != Role::Beheerder {
            errors.add(&ctx, "role", &UserMessage::new("admin-error-own-role"));
        }
        let mut codes = scope.wijken.clone();
        codes.extend(scope.gemeente.clone());
        let known = users::known_areas(&state.db, &codes).await?;
        if let Some(unknown) = codes.iter().find(|c| !known.contains(c)) {
            let field = if unknown.starts_with("GM") { "gemeente" } else { "wijken" };
            errors.add(
                &ctx,
                field,
                &UserMessage::new("admin-error-unknown-area").arg("code", unknown),
            );
        }
    }
    let (Some(scope), true) = (scope, errors.is_empty()) else {
        let page = EditPage {
            ctx,
            user,
            errors,
            roles: Role::ALL,
            role: form.role,
            wijken: form.wijken,
            gemeente: form.gemeente,
        };
        let html = page.render()?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, axum::response::Html(html)).into_response());
    };

    let mut tx = state.db.begin().await?;
    users::set_role(&mut tx, id, scope.role, &scope.wijken, scope.gemeente.as_deref()).await?;
    audit::record(
        &mut *tx,
        Some(me.id),
        actions::ROLE_CHANGED,
        &format!("user:{id}"),
        serde_json::json!({
            "email": user.email,
            "from": { "role": user.role.slug(), "wijken": user.wijken, "gemeente": user.gemeente },
            "to": { "role": scope.role.slug(), "wijken": scope.wijken, "gemeente": scope.gemeente },
        }),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/beheer/gebruikers?opgeslagen=1").into_response())
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

#[derive(Deserialize)]
pub struct AuditQuery {
    pagina: Option<i64>,
}

pub async fn audit_log(
    State(state): State<AppState>,
    ctx: PageContext,
    RequireBeheerder(_me): RequireBeheerder,
    Query(q): Query<AuditQuery>,
) -> AppResult<Response> {
    let total = audit::count(&state.db).await?;
    let pages = ((total + AUDIT_PAGE_SIZE - 1) / AUDIT_PAGE_SIZE).max(1);
    let page = q.pagina.unwrap_or(1).clamp(1, pages);
    let entries = audit::page(&state.db, AUDIT_PAGE_SIZE, (page - 1) * AUDIT_PAGE_SIZE).await?;
    render(&AuditPage { ctx, entries, page, pages })
}
