//! The bound of the cache: many distinct targets in every encoding never
//! make moka hold more than the configured megabytes.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, header};
use axum::routing::get;
use tower::ServiceExt;
use tower_http::compression::CompressionLayer;

use super::PageCache;

/// A page of about 8 kB that differs per query and compresses only about
/// by half, so that every encoding stores kilobytes.
async fn search(uri: axum::http::Uri) -> axum::response::Html<String> {
    let q = uri.query().unwrap_or_default();
    let mut x = q
        .bytes()
        .fold(0x9e37_79b9_7f4a_7c15_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    let rows: String = (0..250)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            format!("<li>{x:016x}</li>")
        })
        .collect();
    axum::response::Html(format!("<ul>{rows}</ul>"))
}

#[tokio::test]
async fn stays_within_its_megabytes_whatever_the_urls_and_encodings() {
    let cache = Arc::new(PageCache::new(1));
    cache.listening.store(true, Ordering::SeqCst);
    let app = Router::new()
        .route("/zoeken", get(search))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(Arc::clone(&cache), super::middleware));
    let encodings = ["br", "gzip", "identity", "gzip, br", "deflate", "br;q=0, gzip"];
    let mut served_bytes = 0;
    for i in 0..1500 {
        let request = Request::get(format!("/zoeken?q=woord{i}"))
            .header(header::ACCEPT_ENCODING, encodings[i % encodings.len()])
            .body(Body::empty())
            .unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        served_bytes += bytes.len();
        if i % 100 == 99 && i > 300 {
            let (held, bound) = cache.weighed_bytes().await;
            assert!(held <= bound, "after {i} pages the cache holds {held} > {bound} bytes");
            assert!(bound <= 1024 * 1024);
            assert!(held > bound / 2, "the cache should be in use: {held} bytes");
        }
    }
    // The flood was several times the bound, so eviction did happen.
    assert!(served_bytes > 4 * 1024 * 1024, "only {served_bytes} bytes served");
    assert_eq!(cache.in_flight.bytes.load(Ordering::SeqCst), 0, "reservations are given back");
}
