//! Logging and request tracing set-up.

use tracing_subscriber::{EnvFilter, fmt};

/// Installs a global subscriber. `RUST_LOG` overrides the default filter.
/// Safe to call more than once (tests do): later calls are ignored.
pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let _ = fmt().with_env_filter(filter).with_target(false).try_init();
}

/// Test logs stay silent unless `TEST_LOG` is set, so failures are readable.
pub fn init_for_tests() {
    if std::env::var_os("TEST_LOG").is_some() {
        init();
    }
}
