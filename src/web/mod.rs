//! The web layer: the route table in one place, plus the middleware that
//! turns errors into pages and sets security headers.

pub mod display;
pub mod extractors;
pub mod forms;
pub mod handlers;
pub mod map_data;
pub mod page_cache;
pub mod query_text;
pub mod session;
pub mod state;
pub mod templates;

use askama::Template;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::error::ErrorPage;
use crate::web::state::AppState;
use handlers::{
    account_data, account_mail, account_self, addresses, admin, admin_accounts, annotations, api,
    auth, contact, edit, export, health, import_upload, lang, mine, near, notifications, overview,
    place_check, places, public, review, wijken, wijkteam,
};
use templates::PageContext;

pub fn router(state: AppState) -> Router {
    let static_files = Router::new()
        .fallback_service(ServeDir::new(&state.config.static_dir))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=86400"),
        ));

    Router::new()
        .route("/", get(public::home))
        .route("/zoeken", get(public::search))
        .route("/in-de-buurt", get(near::page))
        .route("/wijken", get(wijken::index))
        .route("/wijken/{code}", get(wijken::show))
        .route("/plekken/nieuw", get(edit::new_form).post(edit::create))
        .route("/plekken/{id}", get(places::show))
        .route("/plekken/{id}/bewerken", get(edit::edit_form).post(edit::update))
        .route("/plekken/{id}/opheffen", get(edit::close_form).post(edit::close))
        .route(
            "/plekken/{id}/opmerking",
            get(annotations::annotate_form).post(annotations::annotate),
        )
        .route("/plekken/{id}/gecontroleerd", post(places::verify))
        .route("/plekken/{id}/klopt-dit-nog", post(place_check::ask))
        .route("/plekken/{id}/verbergen", post(places::hide))
        .route("/plekken/{id}/tonen", post(places::unhide))
        .route("/plekken/{id}/geschiedenis", get(places::history))
        .route("/plekken/{id}/bericht", get(contact::contact_form).post(contact::contact))
        .route(
            "/plekken/{id}/klopt-er-iets-niet",
            get(contact::correction_form).post(contact::correction),
        )
        .route(
            "/plekken/{id}/geschiedenis/{version}/terugzetten",
            get(places::restore_form).post(places::restore),
        )
        .route("/beoordelen", get(review::queue))
        .route("/beoordelen/{id}", get(review::show))
        .route("/beoordelen/{id}/accepteren", post(review::accept))
        .route("/beoordelen/{id}/afwijzen", post(review::reject))
        .route("/opmerkingen/{id}/afgehandeld", post(annotations::resolve))
        .route("/opmerkingen/{id}/niet-tonen", post(annotations::unpublish))
        .route("/mijn-voorstellen", get(mine::mine))
        .route("/overzicht", get(overview::index))
        .route("/overzicht/{wijk}", get(overview::wijk))
        .route("/export/plekken", get(export::form))
        // plekken.csv, plekken.xlsx, plekken.geojson, plekken.hsds.json
        .route("/export/{file}", get(export::download))
        .route("/api", get(api::docs::page))
        .merge(api_routes(&state))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/taal/{lang}", get(lang::switch))
        .route("/registreren", get(auth::register_form).post(auth::register))
        .route("/inloggen", get(auth::login_form).post(auth::login))
        .route("/uitloggen", post(auth::logout))
        .route("/account", get(auth::account))
        .route("/account/wachtwoord", get(auth::password_form).post(auth::change_password))
        .route("/account/bevestigen", post(account_mail::resend))
        .route("/account/meldingen", get(notifications::form).post(notifications::save))
        .route("/klopt-dit-nog/{token}", get(place_check::show))
        .route("/klopt-dit-nog/{token}/ja", post(place_check::confirm))
        .route(
            "/klopt-dit-nog/{token}/veranderd",
            get(place_check::changed_form).post(place_check::changed),
        )
        .route("/account/e-mail", get(account_self::email_form).post(account_self::change_email))
        .route("/account/verwijderen", get(account_self::delete_form).post(account_self::delete))
        .route("/e-mail-wijzigen/{token}", get(account_self::confirm_email))
        .route("/wachtwoord-vergeten", get(account_mail::forgot_form).post(account_mail::forgot))
        .route(
            "/wachtwoord-herstellen/{token}",
            get(account_mail::reset_form).post(account_mail::reset),
        )
        .route("/e-mail-bevestigen/{token}", get(account_mail::confirm))
        .route("/account/mijn-gegevens.json", get(account_data::my_data))
        .route("/beheer/gebruikers", get(admin::users))
        .route("/beheer/gebruikers/{id}", get(admin::edit_user).post(admin::update_user))
        .route(
            "/beheer/gebruikers/{id}/blokkeren",
            get(admin_accounts::block_form).post(admin_accounts::block),
        )
        .route("/beheer/gebruikers/{id}/deblokkeren", post(admin_accounts::unblock))
        .route(
            "/beheer/gebruikers/{id}/verwijderen",
            get(admin_accounts::remove_form).post(admin_accounts::remove),
        )
        .route("/beheer/audit", get(admin::audit_log))
        .merge(import_routes())
        .route("/wijkteam", get(wijkteam::dashboard))
        .route("/wijkteam/drempel", post(wijkteam::set_threshold))
        .route("/wijkteam/bezoeken", post(wijkteam::create_visit))
        .route("/wijkteam/bezoeken/nieuw", get(wijkteam::new_visit))
        .route("/wijkteam/bezoeken/{id}", get(wijkteam::show_visit))
        .route("/wijkteam/bezoeken/{id}/opvolging-klaar", post(wijkteam::followup_done))
        .route(
            "/wijkteam/bezoeken/{id}/bewerken",
            get(wijkteam::edit_visit).post(wijkteam::update_visit),
        )
        .route(
            "/wijkteam/bezoeken/{id}/verwijderen",
            get(wijkteam::delete_form).post(wijkteam::delete_visit),
        )
        .route("/wijkteam/plekken/{id}", get(wijkteam::place_history))
        .route("/wijkteam/export.csv", get(wijkteam::export_csv))
        .route("/wijkteam/cijfers", get(wijkteam::figures))
        .nest("/static", static_files)
        .fallback(public::not_found)
        // Inside error_pages, so a request that takes too long gets the
        // friendly 503 page.
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            std::time::Duration::from_secs(state.config.request_timeout_secs),
        ))
        .layer(middleware::from_fn_with_state(state.clone(), error_pages))
        // Outside error_pages, so error pages know the user; checks CSRF.
        .layer(middleware::from_fn_with_state(state.clone(), session::auth_context))
        // Once more outside auth_context, for what it refuses bare (a body
        // too large to read for the CSRF token); without the user then.
        .layer(middleware::from_fn_with_state(state.clone(), error_pages))
        .layer(session::layer(&state))
        .layer(middleware::from_fn_with_state(HeaderPolicy::new(&state), security_headers))
        .layer(CompressionLayer::new())
        // Outside compression, sessions and security headers: keeps the
        // finished, compressed response; hits skip all of them.
        .layer(middleware::from_fn_with_state(state.clone(), page_cache::middleware))
        // Outside the page cache, so a kept answer is validated too.
        .layer(middleware::from_fn(api::http::not_modified))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The web upload of places (`/beheer/import`): its forms carry files, so
/// they may be larger than other forms (the session layer's CSRF check
/// reads multipart bodies up to the same size).
fn import_routes() -> Router<AppState> {
    use import_upload as iu;
    Router::new()
        .route("/beheer/import", get(iu::start).post(iu::upload))
        .route("/beheer/import/{id}", get(iu::mapping_page))
        .route("/beheer/import/{id}/mapping", post(iu::choose_mapping))
        .route("/beheer/import/{id}/mapping.toml", get(iu::download_mapping))
        .route("/beheer/import/{id}/mapping/bewaren", post(iu::save_mapping))
        .route("/beheer/import/{id}/voorbeeld", get(iu::preview))
        .route("/beheer/import/{id}/importeren", post(iu::import))
        .layer(axum::extract::DefaultBodyLimit::max(iu::MAX_BODY_BYTES))
}

/// Every route under `/api/`: read-only, for any origin (CORS), limited
/// per client. `tests/app/openapi.rs` checks that `docs/openapi.json`
/// describes each of them.
fn api_routes(state: &AppState) -> Router<AppState> {
    use api::hsds;
    let limit =
        api::http::RateLimit::new(state.config.api_rate_per_minute, state.config.trusted_proxy);
    Router::new()
        .route("/api/plekken.geojson", get(api::places))
        .route("/api/wijken.geojson", get(api::wijk_outlines))
        .route("/api/wijken/{code}/grens.geojson", get(api::wijk_outline))
        .route("/api/adres", get(addresses::suggest))
        .route("/api/openapi.json", get(api::docs::openapi))
        .route("/api/hsds/", get(hsds::meta))
        // Each HSDS resource is a paged list and its items by id.
        .merge(list_and_item("/api/hsds/services", hsds::services, hsds::service))
        .merge(list_and_item("/api/hsds/organizations", hsds::organizations, hsds::organization))
        .merge(list_and_item(
            "/api/hsds/service_at_locations",
            hsds::service_at_locations,
            hsds::service_at_location,
        ))
        .merge(list_and_item("/api/hsds/taxonomies", hsds::taxonomies, hsds::taxonomy))
        .merge(list_and_item("/api/hsds/taxonomy_terms", hsds::taxonomy_terms, hsds::taxonomy_term))
        .layer(middleware::from_fn_with_state(limit, api::http::rate_limit))
        // Outside the limit, so a refusal can be read cross-origin too.
        .layer(api::http::cors())
}

/// `GET path` for the list and `GET path/{id}` for one item, the shape of
/// every HSDS resource in the reference. `tests/app/openapi.rs` reads these
/// calls as the two routes they make.
fn list_and_item<L, LT, I, IT>(path: &str, list: L, item: I) -> Router<AppState>
where
    L: axum::handler::Handler<LT, AppState>,
    I: axum::handler::Handler<IT, AppState>,
    LT: 'static,
    IT: 'static,
{
    Router::new().route(path, get(list)).route(&format!("{path}/{{id}}"), get(item))
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    ctx: PageContext,
    title: String,
    message: String,
    reference: Option<String>,
}

/// Renders the `ErrorPage` marker an `AppError` left behind, in the
/// visitor's language: an HTML page, or JSON under `/api/`.
async fn error_pages(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    let ctx = <PageContext as axum::extract::FromRequestParts<AppState>>::from_request_parts(
        &mut parts, &state,
    )
    .await;
    let is_api = parts.uri.path().starts_with("/api/");
    let response = next.run(Request::from_parts(parts, body)).await;
    let page = match response.extensions().get::<ErrorPage>() {
        Some(page) => page.clone(),
        // axum's own rejections (extractors, 405, body limit) and the
        // request timeout: plain text in English, or nothing.
        None if is_bare_rejection(&response) => ErrorPage { message: None, reference: None },
        None => return response,
    };
    let Ok(ctx) = ctx else { return response };
    let status = response.status();
    let retry_after = response.headers().get(header::RETRY_AFTER).cloned();
    let title = ctx.t(match status {
        StatusCode::NOT_FOUND => "error-404-title",
        StatusCode::SERVICE_UNAVAILABLE => "error-503-title",
        StatusCode::BAD_REQUEST => "error-400-title",
        StatusCode::UNAUTHORIZED => "error-401-title",
        StatusCode::FORBIDDEN => "error-403-title",
        StatusCode::CONFLICT => "error-409-title",
        StatusCode::TOO_MANY_REQUESTS => "error-429-title",
        s if s.is_server_error() => "error-500-title",
        _ => "error-400-title",
    });
    let message = match &page.message {
        Some(m) => ctx.msg(m),
        None => ctx.t(match status {
            StatusCode::NOT_FOUND => "error-404-text",
            StatusCode::UNAUTHORIZED => "error-401-text",
            StatusCode::FORBIDDEN => "error-403-text",
            StatusCode::METHOD_NOT_ALLOWED => "error-405-text",
            StatusCode::PAYLOAD_TOO_LARGE => "error-413-text",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "error-415-text",
            StatusCode::SERVICE_UNAVAILABLE => "error-503-text",
            s if s.is_server_error() => "error-500-text",
            _ => "error-400-text",
        }),
    };
    let mut rendered = if is_api {
        let body = serde_json::json!({ "error": message, "status": status.as_u16() });
        (status, axum::Json(body)).into_response()
    } else {
        let page = ErrorTemplate { ctx, title, message, reference: page.reference };
        match page.render() {
            Ok(html) => (status, axum::response::Html(html)).into_response(),
            Err(e) => {
                tracing::error!(error = %e, "rendering the error page failed");
                (status, "Er ging iets mis.").into_response()
            }
        }
    };
    if let Some(v) = retry_after {
        rendered.headers_mut().insert(header::RETRY_AFTER, v);
    }
    if let Some(allow) = response.headers().get(header::ALLOW) {
        rendered.headers_mut().insert(header::ALLOW, allow.clone());
    }
    // The API's CORS headers, so other sites can read its errors too.
    for (name, value) in response.headers() {
        if name.as_str().starts_with("access-control-") || name == header::VARY {
            rendered.headers_mut().append(name, value.clone());
        }
    }
    rendered
}

/// An error response nobody made a page for: a 4xx or 5xx without a body
/// type or as plain text. Pages and JSON a handler wrote itself (a form
/// shown again with its errors) are left alone.
fn is_bare_rejection(response: &Response) -> bool {
    let status = response.status();
    let bare = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_none_or(|t| t.as_bytes().starts_with(b"text/plain"));
    (status.is_client_error() || status.is_server_error()) && bare
}

/// What [`security_headers`] adds, worked out once at start-up.
#[derive(Clone)]
struct HeaderPolicy {
    csp: Option<HeaderValue>,
    /// HSTS only when served over https (`HAARVATEN_SECURE_COOKIES`): over
    /// plain http a browser ignores it, and a development setup on
    /// localhost must not be pinned to https.
    hsts: bool,
}

impl HeaderPolicy {
    fn new(state: &AppState) -> Self {
        Self { csp: content_security_policy(state), hsts: state.config.secure_cookies }
    }
}

/// A year, and for every subdomain: the value HSTS preload lists ask for.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// The Content-Security-Policy, without inline script, built once: the
/// tile server is the only other origin the map may load images from.
fn content_security_policy(state: &AppState) -> Option<HeaderValue> {
    let tiles = state.config.tile_origin().unwrap_or_default();
    let csp = format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: {tiles}; \
         connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    match HeaderValue::from_str(&csp) {
        Ok(v) => Some(v),
        Err(e) => {
            tracing::error!(error = %e, "the tile URL makes an invalid Content-Security-Policy");
            None
        }
    }
}

/// Security headers, the Content-Security-Policy and HSTS. A response
/// made for one visitor (marked [`session::Personal`]: every response to a
/// signed-in user, including pages with a protected address) is sent with
/// `Cache-Control: private, no-store`, so no shared proxy keeps it.
async fn security_headers(
    State(policy): State<HeaderPolicy>,
    req: Request,
    next: Next,
) -> Response {
    let mut response = next.run(req).await;
    let personal = response.extensions().get::<session::Personal>().is_some();
    let headers = response.headers_mut();
    if let Some(v) = policy.csp {
        headers.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    if policy.hsts {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
    if personal {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(
        header::HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("geolocation=(self), camera=(), microphone=()"),
    );
    response
}
