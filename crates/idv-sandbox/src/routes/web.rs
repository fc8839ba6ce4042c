//! The built app: static files, with `index.html` for every route the app handles itself.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse};
use axum::routing::MethodRouter;
use std::path::Path;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::{ServeDir, ServeFile};

pub fn service(dist: Option<&Path>) -> MethodRouter {
    match dist.filter(|d| d.join("index.html").is_file()) {
        // Compressed when the browser accepts it (brotli, else gzip): the first screen's
        // download is what a phone on a slow network waits for. A file with a `.br` / `.gz`
        // beside it (written at build time at the highest levels by `scripts/precompress`) is
        // sent as that; any other is compressed on the way out at level 5, not brotli's 11,
        // which takes longer per request than it saves on a fast link. An answer already
        // encoded is not compressed again.
        Some(dist) => axum::routing::get_service(
            ServeDir::new(dist)
                .precompressed_br()
                .precompressed_gzip()
                .fallback(
                    ServeFile::new(dist.join("index.html"))
                        .precompressed_br()
                        .precompressed_gzip(),
                ),
        )
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(5))),
        None => axum::routing::get(not_built),
    }
}

async fn not_built() -> impl IntoResponse {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Html(
            "<!doctype html><html lang=\"en\"><title>idv-capture</title>\
             <h1>The app is not built</h1>\
             <p>This sandbox serves the API only. Build the app with <code>scripts/run</code> \
             (or <code>trunk build --release</code>) and set IDV_DIST_DIR to its dist folder.</p>",
        ),
    )
}
