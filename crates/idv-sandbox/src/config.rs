//! Configuration from the environment, checked once at start so a typo fails loudly.

use crate::clock::{Clock, SystemClock};
use crate::token;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
/// Client tokens live 30 minutes from issue (API.md).
pub const TOKEN_TTL_MS: i64 = 30 * 60 * 1000;

#[derive(Clone)]
pub struct Config {
    /// `IDV_ADDR`: where the sandbox listens.
    pub addr: SocketAddr,
    /// `IDV_API_KEY`, or a development key kept in the data directory.
    pub api_key: String,
    /// True when the key was generated (and so should be printed at start).
    pub api_key_generated: bool,
    /// `IDV_DATA_DIR`: SQLite database and media files.
    pub data_dir: PathBuf,
    /// `IDV_PUBLIC_ORIGIN`: the origin written into `start_url` and `handoff_url`.
    pub public_origin: String,
    /// `IDV_DIST_DIR`: the built app to serve; `None` serves the API alone.
    pub dist_dir: Option<PathBuf>,
    /// `IDV_DECISION_DELAY_MS`: how long after the last step the sandbox "decides".
    pub decision_delay_ms: i64,
    /// `IDV_FRAME_ANCESTORS`: the CSP `frame-ancestors` sources (who may embed the app).
    pub frame_ancestors: String,
    /// `IDV_ALLOWED_ORIGINS` (comma-separated) plus `public_origin`: the origins the app may be
    /// served from, whose pages may call the client API across origins (CORS,
    /// `routes/cors.rs`) and open the websocket. A page elsewhere must not ride on a user's
    /// session.
    pub allowed_origins: Vec<String>,
    /// `IDV_API_ORIGIN`: the platform API's origin when the app this sandbox serves calls an API
    /// on another origin (its `<meta name="idv-api-origin">`); named in the CSP's `connect-src`,
    /// with its websocket form. `None`: the API is this origin.
    pub api_origin: Option<String>,
    /// `IDV_RETURN_ORIGINS` (comma-separated): when set, a session's `return_url` must be on one
    /// of these origins (the allow-list of the sandbox's one API key); empty allows any URL the
    /// return-URL rule accepts.
    pub return_origins: Vec<String>,
    /// `IDV_IMG_SOURCES`: CSP sources added to `img-src` (an integrator's logo host, say); empty
    /// by default, so images come only from the app's origin, `blob:` and `data:`.
    pub img_sources: String,
    pub token_ttl_ms: i64,
    pub clock: Arc<dyn Clock>,
    /// `IDV_IDLE_TIMEOUT_S` (default 30): a connection whose client sends nothing (headers, body,
    /// the next request, a websocket pong) for this long, or reads nothing of an answer, is
    /// closed (`crate::guard`). A slow upload that keeps sending is not.
    pub idle_timeout: std::time::Duration,
    /// `IDV_MAX_CONNECTIONS` (default 16,384): connections served at once; more wait in the
    /// operating system's accept queue until one closes.
    pub max_connections: usize,
    /// `IDV_RETENTION_DAYS` (default 30): a session's personal data is deleted this many days
    /// after it ended (`crate::retention`); `0` keeps nothing past the end.
    pub retention_days: u32,
}

/// The defaults of `IDV_IDLE_TIMEOUT_S` and `IDV_MAX_CONNECTIONS`.
pub const IDLE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);
pub const MAX_CONNECTIONS: usize = 16_384;
/// The default of `IDV_RETENTION_DAYS`.
pub const RETENTION_DAYS: u32 = 30;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("IDV_ADDR={0:?} is not a socket address such as 127.0.0.1:8080")]
    Addr(String),
    #[error("IDV_API_KEY must be at least 16 characters of letters, digits, '-' or '_'")]
    ApiKey,
    #[error("IDV_PUBLIC_ORIGIN={0:?} must be an origin such as https://idv.example.com (no path)")]
    PublicOrigin(String),
    #[error("IDV_DECISION_DELAY_MS={0:?} must be a whole number of milliseconds")]
    DecisionDelay(String),
    #[error("IDV_FRAME_ANCESTORS={0:?} may hold only CSP source expressions")]
    FrameAncestors(String),
    #[error("IDV_ALLOWED_ORIGINS={0:?} must be origins such as https://idv.example.com, comma-separated")]
    AllowedOrigins(String),
    #[error("IDV_API_ORIGIN={0:?} must be an origin such as https://api.example.com (no path)")]
    ApiOrigin(String),
    #[error("IDV_IMG_SOURCES={0:?} may hold only https:// origins, space-separated")]
    ImgSources(String),
    #[error("IDV_IDLE_TIMEOUT_S={0:?} must be a number of seconds from 1 to 3600")]
    IdleTimeout(String),
    #[error("IDV_MAX_CONNECTIONS={0:?} must be a number from 1 to 1000000")]
    MaxConnections(String),
    #[error("IDV_RETENTION_DAYS={0:?} must be a number of days from 0 to 3650")]
    RetentionDays(String),
    #[error(
        "IDV_RETURN_ORIGINS={0:?} must be origins such as https://bank.example, comma-separated"
    )]
    ReturnOrigins(String),
    #[error("cannot use the data directory {0}: {1}")]
    DataDir(PathBuf, std::io::Error),
}

impl Config {
    /// Reads the `IDV_*` variables; anything malformed is an error, never a silent default.
    pub fn from_env() -> Result<Config, ConfigError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let addr_text = var("IDV_ADDR").unwrap_or_else(|| DEFAULT_ADDR.to_owned());
        let addr: SocketAddr = addr_text
            .parse()
            .map_err(|_| ConfigError::Addr(addr_text.clone()))?;
        let data_dir = PathBuf::from(var("IDV_DATA_DIR").unwrap_or_else(|| ".data".to_owned()));
        crate::private::create_dir(&data_dir)
            .map_err(|e| ConfigError::DataDir(data_dir.clone(), e))?;
        let (api_key, api_key_generated) = match var("IDV_API_KEY") {
            Some(key) if is_api_key(&key) => (key, false),
            Some(_) => return Err(ConfigError::ApiKey),
            None => (dev_api_key(&data_dir)?, true),
        };
        let public_origin = match var("IDV_PUBLIC_ORIGIN") {
            Some(origin) => parse_origin(&origin).ok_or(ConfigError::PublicOrigin(origin))?,
            None => format!("http://{addr}"),
        };
        let dist_dir = match var("IDV_DIST_DIR") {
            Some(dir) => Some(PathBuf::from(dir)),
            None => Some(PathBuf::from("dist")).filter(|d| d.join("index.html").is_file()),
        };
        let decision_delay_ms = match var("IDV_DECISION_DELAY_MS") {
            Some(v) => v.parse().map_err(|_| ConfigError::DecisionDelay(v))?,
            None => 2000,
        };
        let frame_ancestors = match var("IDV_FRAME_ANCESTORS") {
            Some(v) if is_csp_source_list(&v) => v,
            Some(v) => return Err(ConfigError::FrameAncestors(v)),
            None => "'none'".to_owned(),
        };
        let allowed_origins = match var("IDV_ALLOWED_ORIGINS") {
            Some(v) => v
                .split(',')
                .map(|o| parse_origin(o.trim()))
                .collect::<Option<Vec<_>>>()
                .ok_or(ConfigError::AllowedOrigins(v))?,
            None => Vec::new(),
        };
        let api_origin = match var("IDV_API_ORIGIN") {
            Some(v) => Some(parse_origin(v.trim()).ok_or(ConfigError::ApiOrigin(v))?),
            None => None,
        };
        let return_origins = match var("IDV_RETURN_ORIGINS") {
            Some(v) => v
                .split(',')
                .map(|o| parse_origin(o.trim()))
                .collect::<Option<Vec<_>>>()
                .ok_or(ConfigError::ReturnOrigins(v))?,
            None => Vec::new(),
        };
        let img_sources = match var("IDV_IMG_SOURCES") {
            Some(v)
                if v.split(' ')
                    .all(|o| parse_origin(o).is_some_and(|o| o.starts_with("https://"))) =>
            {
                v
            }
            Some(v) => return Err(ConfigError::ImgSources(v)),
            None => String::new(),
        };
        let idle_timeout = match var("IDV_IDLE_TIMEOUT_S") {
            Some(v) => match v.parse::<u64>() {
                Ok(s) if (1..=3600).contains(&s) => std::time::Duration::from_secs(s),
                _ => return Err(ConfigError::IdleTimeout(v)),
            },
            None => IDLE_TIMEOUT,
        };
        let max_connections = match var("IDV_MAX_CONNECTIONS") {
            Some(v) => match v.parse::<usize>() {
                Ok(n) if (1..=1_000_000).contains(&n) => n,
                _ => return Err(ConfigError::MaxConnections(v)),
            },
            None => MAX_CONNECTIONS,
        };
        let retention_days = match var("IDV_RETENTION_DAYS") {
            Some(v) => match v.parse::<u32>() {
                Ok(d) if d <= 3650 => d,
                _ => return Err(ConfigError::RetentionDays(v)),
            },
            None => RETENTION_DAYS,
        };
        Ok(Config {
            addr,
            api_key,
            api_key_generated,
            data_dir,
            public_origin,
            dist_dir,
            decision_delay_ms,
            frame_ancestors,
            allowed_origins,
            api_origin,
            return_origins,
            img_sources,
            token_ttl_ms: TOKEN_TTL_MS,
            clock: Arc::new(SystemClock),
            idle_timeout,
            max_connections,
            retention_days,
        })
    }

    /// A configuration for tests: fixed key `test-api-key`, immediate decisions, no app files.
    pub fn for_tests(data_dir: PathBuf) -> Config {
        Config {
            addr: DEFAULT_ADDR.parse().expect("default address"),
            api_key: "test-api-key".to_owned(),
            api_key_generated: false,
            data_dir,
            public_origin: "http://127.0.0.1:8080".to_owned(),
            dist_dir: None,
            decision_delay_ms: 0,
            frame_ancestors: "'none'".to_owned(),
            allowed_origins: Vec::new(),
            api_origin: None,
            return_origins: Vec::new(),
            img_sources: String::new(),
            token_ttl_ms: TOKEN_TTL_MS,
            clock: Arc::new(SystemClock),
            idle_timeout: IDLE_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
            retention_days: RETENTION_DAYS,
        }
    }
}

impl Config {
    /// Whether a browser page of `origin` may call the client API across origins and open the
    /// websocket: the public origin, or one of `allowed_origins`. Compared as ASCII case-insensitive strings, as origins are serialised.
    pub fn allows_origin(&self, origin: &str) -> bool {
        std::iter::once(&self.public_origin)
            .chain(&self.allowed_origins)
            .any(|o| o.eq_ignore_ascii_case(origin))
    }

    /// The websocket origin of `public_origin` (`ws://` for `http://`, `wss://` for `https://`),
    /// named in `connect-src` for browsers whose `'self'` does not cover websockets (Safari
    /// before 15.4).
    pub fn websocket_origin(&self) -> String {
        websocket_form(&self.public_origin)
    }

    /// The CSP `connect-src` sources besides `'self'`: this origin's websocket form, and the API
    /// origin (`IDV_API_ORIGIN`) in both forms when the app calls an API elsewhere.
    pub fn connect_sources(&self) -> String {
        let own = self.websocket_origin();
        match &self.api_origin {
            Some(api) => format!("{own} {api} {}", websocket_form(api)),
            None => own,
        }
    }
}

/// `ws://host` for `http://host`, `wss://host` for `https://host`.
fn websocket_form(origin: &str) -> String {
    match origin.strip_prefix("https://") {
        Some(host) => format!("wss://{host}"),
        None => format!("ws://{}", origin.strip_prefix("http://").unwrap_or(origin)),
    }
}

fn is_api_key(key: &str) -> bool {
    key.len() >= 16
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A development key generated once and kept beside the database, so that a restart keeps the
/// key a developer already copied.
fn dev_api_key(data_dir: &std::path::Path) -> Result<String, ConfigError> {
    let path = data_dir.join("dev-api-key");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let existing = existing.trim().to_owned();
        if is_api_key(&existing) {
            return Ok(existing);
        }
    }
    let key = format!("dev_{}", token::random_hex(16));
    crate::private::write(&path, key.as_bytes())
        .map_err(|e| ConfigError::DataDir(data_dir.to_owned(), e))?;
    Ok(key)
}

/// `scheme://host[:port]` with no path, query or user-info; returned without a trailing slash.
pub fn parse_origin(s: &str) -> Option<String> {
    let s = s.strip_suffix('/').unwrap_or(s);
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))?;
    let ok = !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
    ok.then(|| s.to_owned())
}

fn is_csp_source_list(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b" -.:/*'_".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        assert_eq!(
            parse_origin("https://idv.example.com/").as_deref(),
            Some("https://idv.example.com")
        );
        assert_eq!(
            parse_origin("http://127.0.0.1:8080").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(parse_origin("https://idv.example.com/path"), None);
        assert_eq!(parse_origin("https://a@b"), None);
        assert_eq!(parse_origin("ftp://x"), None);
    }

    #[test]
    fn websocket_origin_and_allow_list() {
        let mut c = Config::for_tests(PathBuf::from("."));
        assert_eq!(c.websocket_origin(), "ws://127.0.0.1:8080");
        assert!(c.allows_origin("http://127.0.0.1:8080"));
        assert!(!c.allows_origin("http://127.0.0.1:8081"));
        assert!(!c.allows_origin("null"));
        c.public_origin = "https://idv.example.com".into();
        c.allowed_origins = vec!["https://app.bank.example".into()];
        assert_eq!(c.websocket_origin(), "wss://idv.example.com");
        assert!(c.allows_origin("https://app.bank.example"));
        assert!(c.allows_origin("HTTPS://IDV.EXAMPLE.COM"));
        assert!(!c.allows_origin("https://idv.example.com.evil.example"));
    }

    #[test]
    fn connect_sources_name_the_api_origin_in_both_forms() {
        let mut c = Config::for_tests(PathBuf::from("."));
        assert_eq!(c.connect_sources(), "ws://127.0.0.1:8080");
        c.api_origin = Some("https://api.example.com".into());
        assert_eq!(
            c.connect_sources(),
            "ws://127.0.0.1:8080 https://api.example.com wss://api.example.com"
        );
    }

    #[test]
    fn api_keys() {
        assert!(is_api_key("dev_0123456789abcdef"));
        assert!(!is_api_key("short"));
        assert!(!is_api_key("has spaces in it and more"));
    }

    #[test]
    fn frame_ancestors() {
        assert!(is_csp_source_list("'self' https://bank.example"));
        assert!(!is_csp_source_list("'none'; script-src *"));
    }

    #[test]
    fn dev_key_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let first = dev_api_key(dir.path()).unwrap();
        assert_eq!(dev_api_key(dir.path()).unwrap(), first);
        assert!(is_api_key(&first));
    }
}
