//! Builds the application and binds its port. Tests bind port 0 and read
//! the port back, as in zero-to-production.

use std::sync::Arc;

use axum::serve::ListenerExt;
use sqlx::PgPool;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::web::page_cache::PageCache;
use crate::web::state::AppState;

pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    port: u16,
}

impl Application {
    /// Connects to (and prepares) the database, then binds the address.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let db = crate::db::connect_and_migrate(&config.database_url).await?;
        crate::retention::spawn_daily(db.clone(), config.retention_months);
        Self::build_with_pool(config, db).await
    }

    /// For tests that already have a migrated pool (`#[sqlx::test]`).
    pub async fn build_with_pool(config: Config, db: PgPool) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(config.addr)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.addr))?;
        let port = listener.local_addr()?.port();
        crate::web::session::start_session_cleanup(&db);
        let page_cache = Arc::new(PageCache::new(config.page_cache_mb));
        page_cache.spawn_listener(db.clone());
        let state =
            AppState { db, config: Arc::new(config), page_cache, area_facts: Arc::default() };
        let router = crate::web::router(state);
        Ok(Self { listener, router, port })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes open requests.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        tracing::info!(addr = %self.listener.local_addr()?, "Haarvaten luistert");
        // The peer address feeds the login rate limit (see web::session::client_ip).
        let service = self.router.into_make_service_with_connect_info::<std::net::SocketAddr>();
        // Without TCP_NODELAY a response written in more than one piece (a
        // file, a compressed body) waits for the client's delayed ACK: about
        // 40 ms added to every such request.
        let listener = self.listener.tap_io(|tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::warn!(error = %e, "cannot set TCP_NODELAY");
            }
        });
        axum::serve(listener, service).with_graceful_shutdown(shutdown_signal()).await
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
