//! `POST /v1/csp-reports`: where browsers report what the Content-Security-Policy blocked
//! (`report-uri` in the policy, `routes::content_security_policy`). A violation on a user's
//! phone is otherwise silent: a blocked script or style breaks a screen and nobody hears of it.
//! Every engine delivers these, which also lets the end-to-end tests see violations in WebKit
//! and Firefox, whose WebDriver offers no console.
//!
//! Browsers send reports without credentials, so anyone may post here: the body is small
//! (`REPORT_BODY_LIMIT`), only a few fields are kept, each cut short, URLs lose their query
//! and fragment (a report's `document-uri` can be the start link, token included), the log
//! takes at most `LOGGED_PER_MINUTE` a minute, and memory holds the last `KEPT` only.

use crate::error::AppError;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use serde_json::Value;
use std::collections::VecDeque;
use std::sync::Mutex;

/// A report is a few hundred bytes; a browser batching several stays well under this.
pub const REPORT_BODY_LIMIT: usize = 16 * 1024;
/// Reports kept in memory, newest last.
pub const KEPT: usize = 100;
/// Reports written to the log per minute; the rest are counted.
pub const LOGGED_PER_MINUTE: u32 = 20;
/// The longest a kept field may be, in characters.
const FIELD_CHARS: usize = 200;

/// One violation, as kept: nothing that could carry a token or personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CspReport {
    /// The directive that blocked it (`script-src-elem`, `img-src`, ...).
    pub directive: String,
    /// What was blocked: a URL without query or fragment, or a keyword (`inline`, `eval`).
    pub blocked: String,
    /// The page, without query or fragment.
    pub document: String,
    /// The script that caused it, if the browser says, without query or fragment.
    pub source: Option<String>,
    pub line: Option<u64>,
}

impl std::fmt::Display for CspReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} blocked {} on {}",
            self.directive, self.blocked, self.document
        )?;
        if let Some(source) = &self.source {
            write!(f, " from {source}")?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
            }
        }
        Ok(())
    }
}

/// The reports received, in memory only.
#[derive(Default)]
pub struct Reports(Mutex<Log>);

#[derive(Default)]
struct Log {
    kept: VecDeque<CspReport>,
    minute: i64,
    logged_this_minute: u32,
    not_logged: u64,
}

impl Reports {
    /// The reports kept, oldest first.
    pub fn recent(&self) -> Vec<CspReport> {
        self.lock().kept.iter().cloned().collect()
    }

    /// The reports kept, oldest first, and forgets them.
    pub fn take(&self) -> Vec<CspReport> {
        self.lock().kept.drain(..).collect()
    }

    fn record(&self, reports: Vec<CspReport>, now_ms: i64) {
        let mut log = self.lock();
        let minute = now_ms.div_euclid(60_000);
        if minute != log.minute {
            if log.not_logged > 0 {
                tracing::warn!(
                    "{} more Content-Security-Policy reports were not logged",
                    log.not_logged
                );
            }
            log.minute = minute;
            log.logged_this_minute = 0;
            log.not_logged = 0;
        }
        for report in reports {
            if log.logged_this_minute < LOGGED_PER_MINUTE {
                log.logged_this_minute += 1;
                tracing::warn!("Content-Security-Policy violation: {report}");
            } else {
                log.not_logged += 1;
            }
            if log.kept.len() == KEPT {
                log.kept.pop_front();
            }
            log.kept.push_back(report);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Log> {
        // A panic elsewhere while holding it leaves a log still worth reading.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub async fn receive(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, AppError> {
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    if !matches!(
        kind.as_str(),
        "application/csp-report" | "application/json" | "application/reports+json"
    ) {
        return Err(AppError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "A violation report is application/csp-report, application/reports+json or \
             application/json.",
        ));
    }
    let format = match kind.as_str() {
        "application/csp-report" => Format::ReportUri,
        "application/reports+json" => Format::ReportingApi,
        _ => Format::Either,
    };
    let reports = parse(&body, format).ok_or_else(|| {
        AppError::new(
            StatusCode::BAD_REQUEST,
            "invalid_report",
            "The body is not a Content-Security-Policy violation report.",
        )
    })?;
    state.csp_reports().record(reports, state.now());
    Ok(StatusCode::NO_CONTENT)
}

/// Which shape of report a body may have, from its `Content-Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `application/csp-report`: `report-uri`'s `{"csp-report": {...}}`.
    ReportUri,
    /// `application/reports+json`: the Reporting API's list.
    ReportingApi,
    /// `application/json`: either.
    Either,
}

/// The violations in a report body: `report-uri`'s `{"csp-report": {...}}`, or the Reporting
/// API's list of `{"type": "csp-violation", "body": {...}}` (other reports, and violations that
/// name no directive, are skipped). `None` when it is neither, or holds no violation.
pub fn parse(body: &[u8], format: Format) -> Option<Vec<CspReport>> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let reports = match &value {
        Value::Object(o) if format != Format::ReportingApi => vec![from_fields(
            o.get("csp-report")?,
            [
                "effective-directive",
                "violated-directive",
                "blocked-uri",
                "document-uri",
                "source-file",
                "line-number",
            ],
        )?],
        Value::Array(items) if format != Format::ReportUri => {
            let reports: Vec<CspReport> = items
                .iter()
                .filter(|r| r.get("type").and_then(Value::as_str) == Some("csp-violation"))
                .filter_map(|r| {
                    from_fields(
                        r.get("body")?,
                        [
                            "effectiveDirective",
                            "effectiveDirective",
                            "blockedURL",
                            "documentURL",
                            "sourceFile",
                            "lineNumber",
                        ],
                    )
                })
                .collect();
            if reports.is_empty() {
                return None;
            }
            reports
        }
        _ => return None,
    };
    Some(reports)
}

/// A report from its fields' names: directive, the older directive name, blocked, document,
/// source, line.
fn from_fields(
    fields: &Value,
    [directive, violated, blocked, document, source, line]: [&str; 6],
) -> Option<CspReport> {
    let text = |name: &str| {
        fields
            .get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let directive = text(directive).or_else(|| text(violated))?;
    // `violated-directive` may be the whole directive with its sources: its name is enough.
    let directive = directive.split_whitespace().next()?;
    Some(CspReport {
        directive: cut(directive),
        blocked: text(blocked).map_or_else(|| "(unknown)".to_owned(), without_query),
        document: text(document).map_or_else(|| "(unknown)".to_owned(), without_query),
        source: text(source).map(without_query),
        line: fields.get(line).and_then(Value::as_u64),
    })
}

/// `url` without its query, fragment and credentials, cut to `FIELD_CHARS`; a keyword
/// (`inline`, `eval`, `wasm-eval`) as it is, and a `data:` or `blob:` URL as its scheme.
pub fn without_query(url: &str) -> String {
    let url = url.trim();
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let mut url = &url[..end];
    for scheme in ["data:", "blob:"] {
        if url
            .get(..scheme.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
        {
            url = &url[..scheme.len() - 1];
        }
    }
    let url = match url.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            let host = authority.rsplit('@').next().unwrap_or(authority);
            format!("{scheme}://{host}{path}")
        }
        None => url.to_owned(),
    };
    cut(&url)
}

fn cut(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .take(FIELD_CHARS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_uri_report_keeps_no_token() {
        let body = br#"{"csp-report": {
            "document-uri": "https://idv.example/start?authorization=SECRET#x",
            "referrer": "", "violated-directive": "img-src",
            "effective-directive": "img-src",
            "original-policy": "default-src 'self'",
            "blocked-uri": "https://user:pw@evil.example/p.png?authorization=SECRET",
            "source-file": "https://idv.example/idv-journey.js?v=1", "line-number": 12,
            "status-code": 200}}"#;
        let reports = parse(body, Format::ReportUri).unwrap();
        assert_eq!(
            reports,
            [CspReport {
                directive: "img-src".into(),
                blocked: "https://evil.example/p.png".into(),
                document: "https://idv.example/start".into(),
                source: Some("https://idv.example/idv-journey.js".into()),
                line: Some(12),
            }]
        );
        assert!(!format!("{reports:?}").contains("SECRET"));
        assert_eq!(
            reports[0].to_string(),
            "img-src blocked https://evil.example/p.png on https://idv.example/start \
             from https://idv.example/idv-journey.js:12"
        );
    }

    #[test]
    fn the_older_directive_name_and_keywords() {
        let body = br#"{"csp-report": {"violated-directive": "script-src 'self'",
            "blocked-uri": "inline", "document-uri": "http://127.0.0.1:8080/"}}"#;
        let r = &parse(body, Format::Either).unwrap()[0];
        assert_eq!(
            (
                r.directive.as_str(),
                r.blocked.as_str(),
                r.source.as_deref()
            ),
            ("script-src", "inline", None)
        );
        assert_eq!(without_query("data:image/png;base64,AAAA"), "data");
        assert_eq!(without_query("BLOB:https://x/1"), "BLOB");
        assert_eq!(without_query("eval"), "eval");
        assert_eq!(without_query(&"a".repeat(500)).len(), FIELD_CHARS);
        assert_eq!(without_query("https://x/a\u{7}b"), "https://x/ab");
    }

    #[test]
    fn a_reporting_api_batch() {
        let body = br#"[
            {"type": "deprecation", "body": {}},
            {"type": "csp-violation", "body": {"effectiveDirective": " "}},
            {"type": "csp-violation", "url": "https://idv.example/",
             "body": {"documentURL": "https://idv.example/?authorization=T",
                      "blockedURL": "https://cdn.example/x.js", "effectiveDirective": "script-src-elem",
                      "sourceFile": "https://idv.example/boot.js", "lineNumber": 3}}]"#;
        let reports = parse(body, Format::ReportingApi).unwrap();
        assert_eq!(parse(body, Format::Either), Some(reports.clone()));
        assert_eq!(parse(body, Format::ReportUri), None);
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].directive, "script-src-elem");
        assert_eq!(reports[0].document, "https://idv.example/");
    }

    #[test]
    fn what_is_no_report() {
        for body in [
            &b"not json"[..],
            b"{}",
            b"[]",
            b"[{\"type\": \"deprecation\"}]",
            b"{\"csp-report\": {\"blocked-uri\": \"inline\"}}",
            b"{\"csp-report\": \"img-src\"}",
            b"[{\"type\": \"csp-violation\", \"body\": {}}]",
            b"42",
        ] {
            assert_eq!(
                parse(body, Format::Either),
                None,
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        let object = br#"{"csp-report": {"effective-directive": "img-src"}}"#;
        assert!(parse(object, Format::ReportUri).is_some());
        assert_eq!(parse(object, Format::ReportingApi), None);
    }

    #[test]
    fn memory_holds_the_newest_and_the_log_a_few_a_minute() {
        let reports = Reports::default();
        let one = |n: u64| CspReport {
            directive: "img-src".into(),
            blocked: "inline".into(),
            document: "/".into(),
            source: None,
            line: Some(n),
        };
        reports.record((0..(KEPT as u64 + 30)).map(one).collect(), 0);
        let kept = reports.recent();
        assert_eq!(kept.len(), KEPT);
        assert_eq!(kept[0].line, Some(30));
        assert_eq!(
            reports.lock().not_logged,
            KEPT as u64 + 30 - u64::from(LOGGED_PER_MINUTE)
        );
        reports.record(vec![one(1000)], 60_000);
        assert_eq!(reports.lock().logged_this_minute, 1);
        assert_eq!(reports.take().len(), KEPT);
        assert!(reports.recent().is_empty());
    }
}
