//! Builds the application, binds its port and serves it. Tests bind port 0
//! and read the port back, as in zero-to-production.
//!
//! Serving is a small accept loop over hyper-util rather than
//! `axum::serve`, because `axum::serve` sets no timer, so hyper's header
//! read timeout cannot be set, and its graceful shutdown waits for every
//! client however long it dawdles. Here:
//! - a connection that has not sent a request's whole header within
//!   `header_timeout_secs` is closed; hyper starts that clock whenever it
//!   waits for a request, so it also ends idle keep-alive connections;
//! - the request timeout is a layer of the router (`web::router`);
//! - on SIGTERM or Ctrl-C the listener closes, open connections are asked
//!   to finish their request and close, and after `shutdown_grace_secs`
//!   whatever is left is dropped, so the process exits within 10 s.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use sqlx::PgPool;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tower::ServiceExt;

use crate::config::Config;
use crate::mail::Outbox;
use crate::mail::transport::Transport;
use crate::web::page_cache::PageCache;
use crate::web::state::AppState;

pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    port: u16,
    header_timeout: Duration,
    grace: Duration,
}

impl Application {
    /// Connects to (and prepares) the database, then binds the address.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let db = crate::db::connect_and_migrate(&config.database_url).await?;
        crate::retention::spawn_daily(db.clone(), config.retention_months);
        crate::notify::spawn_daily(db.clone(), Outbox::from_config(&config));
        Self::build_with_pool(config, db).await
    }

    /// For tests that already have a migrated pool (`#[sqlx::test]`).
    pub async fn build_with_pool(config: Config, db: PgPool) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(config.addr)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.addr))?;
        let port = listener.local_addr()?.port();
        let header_timeout = Duration::from_secs(config.header_timeout_secs);
        let grace = Duration::from_secs(config.shutdown_grace_secs);
        crate::web::session::start_session_cleanup(&db);
        let read_db = match &config.read_database_url {
            Some(url) => Some(crate::db::connect_replica(url).await?),
            None => None,
        };
        let page_cache = Arc::new(PageCache::new(config.page_cache_mb));
        page_cache.spawn_listener(db.clone(), read_db.clone());
        let geocoder = crate::geocode::Geocoder::from_config(&config);
        let mail = Outbox::from_config(&config);
        match &config.smtp_url {
            Some(url) => {
                let transport = Transport::new(url, &config.mail_from)?;
                crate::mail::worker::spawn(db.clone(), transport, config.mail_retry_secs);
            }
            None => tracing::warn!(
                "HAARVATEN_SMTP_URL is not set: no mail is sent (password reset, notices)"
            ),
        }
        let state = AppState {
            read_db: read_db.unwrap_or_else(|| db.clone()),
            db,
            config: Arc::new(config),
            page_cache,
            area_facts: Arc::default(),
            national_counts: Arc::default(),
            unfiltered_facets: Arc::default(),
            map_data: Arc::default(),
            hsds_order: Arc::default(),
            mail,
            geocoder,
        };
        let router = crate::web::router(state);
        Ok(Self { listener, router, port, header_timeout, grace })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes open requests.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `shutdown` completes, then drains as the module doc
    /// says; returns when every connection is closed or dropped.
    pub async fn run_until(self, shutdown: impl Future<Output = ()>) -> std::io::Result<()> {
        tracing::info!(addr = %self.listener.local_addr()?, "Haarvaten luistert");
        let mut builder = Builder::new(TokioExecutor::new());
        builder.http1().timer(TokioTimer::new()).header_read_timeout(self.header_timeout);
        let builder = Arc::new(builder);
        let (stop, stopped) = watch::channel(());
        let mut connections = JoinSet::new();
        tokio::pin!(shutdown);
        loop {
            let (tcp, peer) = tokio::select! {
                () = &mut shutdown => break,
                accepted = self.listener.accept() => match accepted {
                    Ok(accepted) => accepted,
                    Err(e) => {
                        // Out of file descriptors and the like: wait a
                        // little instead of spinning.
                        tracing::warn!(error = %e, "accepting a connection failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                },
            };
            // Finished connections leave the set as they go.
            while connections.try_join_next().is_some() {}
            let router = self.router.clone();
            connections.spawn(serve_connection(
                Arc::clone(&builder),
                tcp,
                peer,
                router,
                stopped.clone(),
            ));
        }
        drop(self.listener);
        let open = connections.len();
        tracing::info!(
            open_connections = open,
            grace_secs = self.grace.as_secs(),
            "Haarvaten stopt"
        );
        // Every connection finishes its request and closes.
        drop(stop);
        let drained = tokio::time::timeout(self.grace, async {
            while connections.join_next().await.is_some() {}
        })
        .await;
        if drained.is_err() {
            tracing::warn!(
                left = connections.len(),
                "closing connections that did not finish in time"
            );
            connections.shutdown().await;
        }
        tracing::info!("Haarvaten gestopt");
        Ok(())
    }
}

/// Serves one connection until it closes, or until the stop signal and
/// the end of the request being served.
async fn serve_connection(
    builder: Arc<Builder<TokioExecutor>>,
    tcp: TcpStream,
    peer: SocketAddr,
    router: axum::Router,
    mut stopped: watch::Receiver<()>,
) {
    // Without TCP_NODELAY a response written in more than one piece (a
    // file, a compressed body) waits for the client's delayed ACK: about
    // 40 ms added to every such request.
    if let Err(e) = tcp.set_nodelay(true) {
        tracing::warn!(error = %e, "cannot set TCP_NODELAY");
    }
    // The peer address feeds the login rate limit (see web::session::client_ip).
    let service = router.map_request(move |mut req: Request<hyper::body::Incoming>| {
        req.extensions_mut().insert(ConnectInfo(peer));
        req
    });
    let conn = builder
        .serve_connection_with_upgrades(TokioIo::new(tcp), TowerToHyperService::new(service));
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => return,
        _ = stopped.changed() => {}
    }
    conn.as_mut().graceful_shutdown();
    if let Err(e) = conn.await {
        tracing::debug!(error = %e, "connection ended with an error during shutdown");
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
