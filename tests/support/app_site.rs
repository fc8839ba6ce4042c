//! The built app served from a second origin, as an integrator deploys it apart from the
//! platform (docs/self-hosting.md): a copy of the dist folder whose `index.html` names the
//! platform's origin in `<meta name="idv-api-origin">`, served by a second sandbox (its own data;
//! its API is never called) with `IDV_API_ORIGIN` set, so that the page's CSP lets it reach the
//! platform.
//!
//! Two steps, because the platform's allow-list names the app's origin and the app's page names
//! the platform's: [`AppOrigin::reserve`] takes a free port first, [`AppOrigin::serve`] starts
//! serving once the platform's origin is known.

use idv_core::Session;
use std::path::Path;

const META: &str = "<meta name=\"idv-api-origin\" content=\"";

/// A free port on `127.0.0.1`, held until the app is served on it.
pub struct AppOrigin {
    listener: tokio::net::TcpListener,
    origin: String,
}

/// The app on its own origin, pointed at a platform elsewhere. Stops with the test process.
pub struct AppSite {
    origin: String,
    _dist: tempfile::TempDir,
    _data: tempfile::TempDir,
}

impl AppOrigin {
    pub async fn reserve() -> AppOrigin {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the app's server to a free port");
        let addr = listener.local_addr().expect("the app's address");
        AppOrigin {
            listener,
            origin: format!("http://{addr}"),
        }
    }

    /// `http://127.0.0.1:<port>`: another origin than the platform's (another port).
    pub fn origin(&self) -> String {
        self.origin.clone()
    }

    /// Serves the built app (`super::dist_dir()`) here, its meta set to `api_origin`.
    pub fn serve(self, api_origin: &str) -> AppSite {
        let dist = tempfile::tempdir().expect("a folder for the app's copy");
        copy_dir(&super::dist_dir(), dist.path());
        let index = dist.path().join("index.html");
        let html = std::fs::read_to_string(&index).expect("read index.html");
        std::fs::write(&index, with_api_origin(&html, api_origin)).expect("write index.html");

        let data = tempfile::tempdir().expect("a data directory for the app's server");
        let mut config = idv_sandbox::Config::for_tests(data.path().to_path_buf());
        config.dist_dir = Some(dist.path().to_path_buf());
        config.public_origin = self.origin.clone();
        config.api_origin = Some(api_origin.to_owned());
        let state = idv_sandbox::AppState::open(config).expect("open the app's server");
        let listener = self.listener;
        tokio::spawn(async move {
            if let Err(e) = idv_sandbox::serve(listener, state).await {
                panic!("the app's server stopped: {e}");
            }
        });
        AppSite {
            origin: self.origin,
            _dist: dist,
            _data: data,
        }
    }
}

impl AppSite {
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The session's start link on this origin: the platform (whose `IDV_PUBLIC_ORIGIN` the
    /// harness sets to its own) writes its own origin into `start_url`; the path and query are
    /// the same here.
    pub fn start_url(&self, session: &Session) -> String {
        let url = session.start_url.as_deref().expect("start_url");
        let rest = &url[url.find("/mobile").expect("a /mobile start link")..];
        format!("{}{rest}", self.origin)
    }
}

/// `html` with the meta's `content` replaced by `api_origin`. A build without the meta fails
/// the test: it would call its own origin and prove nothing.
pub fn with_api_origin(html: &str, api_origin: &str) -> String {
    let start = html.find(META).unwrap_or_else(|| {
        panic!(
            "the built app's index.html has no {META}...\">: build the app from a version that \
             reads it (IDV_DIST_DIR)"
        )
    }) + META.len();
    let end = start + html[start..].find('"').expect("the meta's closing quote");
    format!("{}{api_origin}{}", &html[..start], &html[end..])
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a folder of the app's copy");
    for entry in std::fs::read_dir(from).expect("read the dist folder") {
        let entry = entry.expect("a dist entry");
        let target = to.join(entry.file_name());
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if entry.file_type().expect("a file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else if name.ends_with(".html.br") || name.ends_with(".html.gz") {
            // The page is rewritten in the copy: a precompressed form of the original would be
            // served in its place.
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a file of the app");
        }
    }
}
