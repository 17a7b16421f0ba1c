//! Liveness and readiness probes for load balancers and monitoring.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use sqlx::PgPool;

pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// Ready only when the database answers; otherwise 503 with `Retry-After`,
/// as pages answer during an outage.
pub async fn readyz(State(db): State<PgPool>) -> Response {
    match sqlx::query_scalar::<_, i32>("SELECT 1").fetch_one(&db).await {
        Ok(_) => Json(json!({ "status": "ok", "database": "ok" })).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, HeaderValue::from(crate::error::RETRY_AFTER_SECS))],
                Json(json!({ "status": "unavailable", "database": "unreachable" })),
            )
                .into_response()
        }
    }
}
