//! Beheer: blocking, unblocking and removing an account (issue 15, item
//! 18). Blocking and removing are asked first on a page of their own
//! (`GET …/blokkeren`, `GET …/verwijderen`); the list then says what was
//! done. The operations are in `ops::account_state`.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use super::auth::{add_problems, form_page};
use crate::db::users::{self, UserSummary};
use crate::error::{AppError, AppResult};
use crate::ops::account_state;
use crate::web::extractors::RequireBeheerder;
use crate::web::forms::FormErrors;
use crate::web::state::AppState;
use crate::web::templates::PageContext;

/// What the confirmation page asks.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Block,
    Remove,
}

impl Step {
    /// The page's path segment, and the part of its Fluent keys
    /// (`admin-confirm-{key}-…`).
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Step::Block => ("blokkeren", "block"),
            Step::Remove => ("verwijderen", "remove"),
        }
    }

    fn path(self) -> &'static str {
        self.names().0
    }

    fn key(self) -> &'static str {
        self.names().1
    }
}

#[derive(Template)]
#[template(path = "admin/account_confirm.html")]
struct ConfirmPage {
    ctx: PageContext,
    user: UserSummary,
    errors: FormErrors,
    /// `block` or `remove`: the Fluent keys `admin-confirm-{step}-…`.
    step: &'static str,
    action: String,
}

impl ConfirmPage {
    fn text(&self, part: &str) -> String {
        self.ctx.t1(&format!("admin-confirm-{}-{part}", self.step), "email", &self.user.email)
    }
}

async fn target(state: &AppState, id: Uuid) -> AppResult<UserSummary> {
    users::get(&state.db, id).await?.filter(|u| !u.removed).ok_or(AppError::NotFound)
}

fn confirm_page(
    ctx: PageContext,
    user: UserSummary,
    step: Step,
    errors: FormErrors,
) -> ConfirmPage {
    let action = format!("/beheer/gebruikers/{}/{}", user.id, step.path());
    ConfirmPage { ctx, user, errors, step: step.key(), action }
}

async fn ask(state: AppState, ctx: PageContext, id: Uuid, step: Step) -> AppResult<Response> {
    let user = target(&state, id).await?;
    form_page(StatusCode::OK, &confirm_page(ctx, user, step, FormErrors::default()))
}

/// `GET /beheer/gebruikers/{id}/blokkeren`: asks first.
pub async fn block_form(
    State(state): State<AppState>,
    ctx: PageContext,
    RequireBeheerder(_me): RequireBeheerder,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    ask(state, ctx, id, Step::Block).await
}

/// `GET /beheer/gebruikers/{id}/verwijderen`: asks first.
pub async fn remove_form(
    State(state): State<AppState>,
    ctx: PageContext,
    RequireBeheerder(_me): RequireBeheerder,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    ask(state, ctx, id, Step::Remove).await
}

async fn act(
    state: AppState,
    ctx: PageContext,
    me: crate::domain::user::CurrentUser,
    id: Uuid,
    step: Option<Step>,
) -> AppResult<Response> {
    let user = target(&state, id).await?;
    let (done, notice) = match step {
        Some(Step::Block) => {
            (account_state::set_blocked(&state.db, &me, &user, true).await, "geblokkeerd")
        }
        None => (account_state::set_blocked(&state.db, &me, &user, false).await, "gedeblokkeerd"),
        Some(Step::Remove) => (account_state::remove(&state.db, &me, &user).await, "verwijderd"),
    };
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/beheer/gebruikers?{notice}=1")).into_response()),
        Err(e) => {
            let mut errors = FormErrors::default();
            add_problems(&ctx, &mut errors, e)?;
            let page = confirm_page(ctx, user, step.unwrap_or(Step::Block), errors);
            form_page(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

/// `POST /beheer/gebruikers/{id}/blokkeren`.
pub async fn block(
    State(state): State<AppState>,
    ctx: PageContext,
    RequireBeheerder(me): RequireBeheerder,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    act(state, ctx, me, id, Some(Step::Block)).await
}

/// `POST /beheer/gebruikers/{id}/deblokkeren`: undoes a block at once.
pub async fn unblock(
    State(state): State<AppState>,
    ctx: PageContext,
    RequireBeheerder(me): RequireBeheerder,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    act(state, ctx, me, id, None).await
}

/// `POST /beheer/gebruikers/{id}/verwijderen`.
pub async fn remove(
    State(state): State<AppState>,
    ctx: PageContext,
    RequireBeheerder(me): RequireBeheerder,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    act(state, ctx, me, id, Some(Step::Remove)).await
}
