//! Public pages for residents: home, place list and map.

use askama::Template;
use axum::response::Response;

use crate::error::{AppError, AppResult};
use crate::web::templates::{PageContext, render};

#[derive(Template)]
#[template(path = "public/home.html")]
struct HomePage {
    ctx: PageContext,
}

pub async fn home(ctx: PageContext) -> AppResult<Response> {
    render(&HomePage { ctx })
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}
