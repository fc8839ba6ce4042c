//! The API reference (`GET /v1/openapi.json`) against what the sandbox serves.
//!
//! axum cannot list its routes, so three sources are compared: the route table
//! (`idv_sandbox::routes::openapi::route_table`), the router itself (a request for each entry,
//! and every other method on its path), and the `.route(..)` calls written in the crate's
//! source. The document must describe exactly the table. Then real answers of a journey are
//! checked against the document's schemas, so a field added, renamed or dropped in the code
//! without the reference fails here.

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use idv_core::Step;
use idv_sandbox::routes::openapi::route_table;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::Path;

type Route = (String, String);

/// The methods tried on every path. `OPTIONS` is no route of the API: without `Origin` and
/// `Access-Control-Request-Method` it is refused like any other method not routed; a browser's
/// preflight on a client path is answered by the CORS layer instead (below, and tests/cors.rs).
const METHODS: [&str; 6] = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// The API's catch-alls: every other `/v1` path answers `404 not_found` through them.
const NOT_FOUND_ROUTES: [&str; 3] = ["/v1", "/v1/", "/v1/{*rest}"];

async fn served_document(h: &Harness) -> Value {
    let r = h.get("/v1/openapi.json", None).await;
    assert_eq!(r.headers["content-type"], "application/json", "{}", r.what);
    r.ok()
}

fn table() -> BTreeSet<Route> {
    let all = route_table();
    let set: BTreeSet<Route> = all
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(set.len(), all.len(), "the route table lists a route twice");
    set
}

fn documented(doc: &Value) -> BTreeSet<Route> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, _) in item.as_object().expect("path item") {
            assert!(
                METHODS.contains(&method.to_uppercase().as_str()),
                "{path}: {method} is not an operation"
            );
            out.insert((method.to_uppercase(), path.clone()));
        }
    }
    out
}

/// A concrete path for a route's template.
fn concrete(template: &str) -> String {
    template
        .replace("{session_id}", "123456789")
        .replace("{liveness_id}", "liv_0")
}

/// The `.route("<path>", <method router>)` calls in the crate's source: (method, path) for each
/// method the method router names, `ANY` for `any(..)` other than the not-found catch-alls.
fn declared_in_source() -> (BTreeSet<Route>, BTreeSet<String>) {
    let mut files = Vec::new();
    collect_rs(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut routes = BTreeSet::new();
    let mut catch_alls = BTreeSet::new();
    for file in files {
        // Compiled out without the feature, so not routed then.
        if file.ends_with("routes/sandbox.rs") && !cfg!(feature = "sandbox-api") {
            continue;
        }
        let src: String = std::fs::read_to_string(&file)
            .unwrap()
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        // Routes added any other way would escape this test: there must be none.
        for other in [
            ".nest(",
            ".nest_service(",
            ".route_service(",
            ".route_layer(",
        ] {
            assert!(
                !src.contains(other),
                "{}: {other}: add routes with .route(..) so tests/openapi.rs sees them",
                file.display()
            );
        }
        let mut rest = src.as_str();
        while let Some(at) = rest.find(".route(") {
            let args = balanced(&rest[at + ".route(".len()..]);
            let path = args
                .split('"')
                .nth(1)
                .unwrap_or_else(|| panic!("{}: .route( without a path literal", file.display()));
            let methods = method_calls(args);
            assert!(
                !methods.is_empty(),
                "{}: no method router for {path}",
                file.display()
            );
            for m in methods {
                if m == "ANY" && args.contains("any(api_not_found)") {
                    catch_alls.insert(path.to_owned());
                } else {
                    routes.insert((m, path.to_owned()));
                }
            }
            rest = &rest[at + ".route(".len() + args.len()..];
        }
    }
    (routes, catch_alls)
}

fn collect_rs(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_rs(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The text up to the parenthesis that closes the one just opened.
fn balanced(s: &str) -> &str {
    let mut depth = 1;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &s[..i];
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced .route(: {s}")
}

/// `get(`, `.post(` ... in a method router expression, upper-cased (`server::get` is a handler,
/// not a call, and `DefaultBodyLimit::max(` no method).
fn method_calls(expr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = expr.as_bytes();
    for name in [
        "get", "post", "put", "patch", "delete", "head", "options", "trace", "any",
    ] {
        let pat = format!("{name}(");
        let mut from = 0;
        while let Some(i) = expr[from..].find(&pat) {
            let at = from + i;
            let before = at.checked_sub(1).map(|j| bytes[j]);
            let starts_word = !before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_');
            if starts_word {
                out.push(name.to_uppercase());
            }
            from = at + pat.len();
        }
    }
    out
}

#[tokio::test]
async fn the_document_describes_exactly_the_routes_of_the_table() {
    let h = Harness::new();
    let doc = served_document(&h).await;
    assert_eq!(doc["openapi"], "3.1.0");
    let documented = documented(&doc);
    let table = table();
    let missing: Vec<_> = table.difference(&documented).collect();
    let extra: Vec<_> = documented.difference(&table).collect();
    assert!(missing.is_empty(), "routed but not documented: {missing:?}");
    assert!(extra.is_empty(), "documented but not routed: {extra:?}");
    // The servers entry is this sandbox's public origin.
    assert_eq!(doc["servers"][0]["url"], ORIGIN);
}

#[tokio::test]
async fn every_route_of_the_table_is_routed_and_takes_no_other_method() {
    let h = Harness::new();
    let table = table();
    let paths: BTreeSet<&String> = table.iter().map(|(_, p)| p).collect();
    for path in paths {
        let uri = concrete(path);
        for m in METHODS {
            let r = h
                .send(request(
                    Method::from_bytes(m.as_bytes()).unwrap(),
                    &uri,
                    None,
                    None,
                ))
                .await;
            let not_found =
                r.status == StatusCode::NOT_FOUND && r.body["error"]["code"] == "not_found";
            if table.contains(&(m.to_owned(), path.clone())) {
                assert!(
                    !not_found && r.status != StatusCode::METHOD_NOT_ALLOWED,
                    "{m} {path} is in the table but not routed: {} {}",
                    r.status,
                    r.text
                );
            } else {
                assert_eq!(
                    r.status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{m} {path} is routed but not in the table: {}",
                    r.text
                );
            }
        }
    }
}

// A preflight is CORS, not a route: answered (204) exactly on the table's client paths other
// than the websocket, with the methods the table gives the path; on every other path of the
// table it is the `OPTIONS` of the test above, refused. The document describes no `options`.
#[tokio::test]
async fn preflights_follow_the_table_and_are_not_documented() {
    let h = Harness::new();
    let doc = served_document(&h).await;
    let table = table();
    for (_, path) in &table {
        let r = h
            .send(
                axum::http::Request::builder()
                    .method(Method::OPTIONS)
                    .uri(concrete(path))
                    .header("origin", ORIGIN)
                    .header("access-control-request-method", "POST")
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        let methods: Vec<&str> = table
            .iter()
            .filter(|(_, p)| p == path)
            .map(|(m, _)| m.as_str())
            .collect();
        if path.starts_with("/v1/client/") && path != "/v1/client/ws" {
            assert_eq!(r.status, StatusCode::NO_CONTENT, "{}: {}", r.what, r.text);
            assert_eq!(
                r.headers["access-control-allow-methods"],
                methods.join(", "),
                "{}",
                r.what
            );
        } else {
            r.assert_error(405, "method_not_allowed");
            assert!(r.headers.get("access-control-allow-origin").is_none());
        }
        assert!(
            doc["paths"][path.as_str()].get("options").is_none(),
            "{path}: OPTIONS documented as an operation"
        );
    }
}

#[tokio::test]
async fn every_route_written_in_the_source_is_in_the_table() {
    let (declared, catch_alls) = declared_in_source();
    let table = table();
    assert_eq!(
        catch_alls,
        NOT_FOUND_ROUTES.iter().map(|s| s.to_string()).collect(),
        "the not-found catch-alls"
    );
    let missing: Vec<_> = declared.difference(&table).collect();
    let stale: Vec<_> = table.difference(&declared).collect();
    assert!(
        missing.is_empty(),
        "routed in the source but not in the table: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "in the table but in no .route(..) call: {stale:?}"
    );
    // And the catch-alls are what they say.
    let h = Harness::new();
    for path in ["/v1", "/v1/", "/v1/anything/else"] {
        h.get(path, None).await.assert_error(404, "not_found");
    }
}

#[test]
fn the_source_reader_sees_methods_and_handlers_apart() {
    assert_eq!(
        method_calls("\"/v1/x\", post(server::create).get(server::list)"),
        ["GET", "POST"]
    );
    assert_eq!(method_calls("\"/v1/x\", get(server::get)"), ["GET"]);
    assert_eq!(
        method_calls(
            "\"/v1/x\", post(media::upload).layer(DefaultBodyLimit::max(upload::UPLOAD_BODY_LIMIT))"
        ),
        ["POST"]
    );
    assert_eq!(balanced("a(b), c(d)) tail"), "a(b), c(d)");
}

// ---------------------------------------------------------------------------------------------
// Answers against the document's schemas.

/// Where the document lives for the validator: its schemas' `#/...` references are rewritten to
/// point here, so a schema taken out of the document still resolves them.
const DOC_URI: &str = "urn:idv-sandbox:openapi";

/// The document as the validators' registry, prepared once for the whole test binary.
fn registry() -> &'static jsonschema::Registry<'static> {
    static REGISTRY: std::sync::OnceLock<jsonschema::Registry<'static>> =
        std::sync::OnceLock::new();
    REGISTRY.get_or_init(|| {
        let doc: Value = serde_json::from_str(include_str!("../src/openapi.json"))
            .expect("the document is JSON");
        jsonschema::Registry::new()
            .add(DOC_URI, doc)
            .expect("the document is a resource")
            .prepare()
            .expect("every reference of the document resolves")
    })
}

/// `schema` with its local references made absolute (`#/x` → `urn:…#/x`).
fn anchored(schema: &Value) -> Value {
    match schema {
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| match (k.as_str(), v.as_str()) {
                    ("$ref", Some(r)) if r.starts_with('#') => {
                        (k.clone(), Value::String(format!("{DOC_URI}{r}")))
                    }
                    _ => (k.clone(), anchored(v)),
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(anchored).collect()),
        other => other.clone(),
    }
}

/// `v` against one of the document's schemas, by a full JSON Schema 2020-12 validator (the
/// `jsonschema` crate) with formats checked: every keyword the document uses (`pattern`,
/// `format`, lengths, item counts, `oneOf`, ...) is enforced, not a chosen few. The error names
/// every disagreement with its place in `v`.
fn validate(schema: &Value, v: &Value, at: &str) -> Result<(), String> {
    type Cache = std::collections::HashMap<String, std::sync::Arc<jsonschema::Validator>>;
    static VALIDATORS: std::sync::Mutex<Option<Cache>> = std::sync::Mutex::new(None);
    let key = schema.to_string();
    let validator = {
        let mut cache = VALIDATORS.lock().unwrap_or_else(|p| p.into_inner());
        let cache = cache.get_or_insert_with(Cache::new);
        cache
            .entry(key)
            .or_insert_with(|| {
                let built = jsonschema::options()
                    .with_draft(jsonschema::Draft::Draft202012)
                    .should_validate_formats(true)
                    .with_registry(registry())
                    .build(&anchored(schema))
                    .unwrap_or_else(|e| panic!("{at}: the schema {schema} does not build: {e}"));
                std::sync::Arc::new(built)
            })
            .clone()
    };
    let errors: Vec<String> = validator
        .iter_errors(v)
        .map(|e| format!("{at}{}: {e}", e.instance_path()))
        .collect();
    match errors.is_empty() {
        true => Ok(()),
        false => Err(format!("{}\nthe value: {v}", errors.join("\n"))),
    }
}

/// `#/a/b/c` in the document.
fn resolve<'a>(doc: &'a Value, r: &str) -> &'a Value {
    let target = doc
        .pointer(r.strip_prefix('#').expect("a local $ref"))
        .unwrap_or_else(|| panic!("{r} does not resolve"));
    match target["$ref"].as_str() {
        Some(next) => resolve(doc, next),
        None => target,
    }
}

struct Reference {
    doc: Value,
    checked: BTreeSet<Route>,
}

impl Reference {
    /// The answer `r` to `method template` against the document: a success must be a status
    /// the operation documents, with a body of its schema; an error the documented status's
    /// (or `default`) error shape.
    fn answer(&mut self, method: &str, template: &str, r: &Resp) {
        let op = &self.doc["paths"][template][method.to_lowercase()];
        assert!(op.is_object(), "{method} {template} is not documented");
        let status = r.status.as_u16().to_string();
        let documented = &op["responses"][&status];
        let response = match documented.is_object() {
            true => documented,
            false if r.status.is_client_error() || r.status.is_server_error() => {
                &op["responses"]["default"]
            }
            false => panic!("{}: {status} is not documented: {}", r.what, r.text),
        };
        let response = match response["$ref"].as_str() {
            Some(x) => resolve(&self.doc, x),
            None => response,
        };
        if response.get("content").is_none() {
            // A status documented without a body (`204`) must come without one.
            assert!(
                r.text.is_empty(),
                "{}: {status} with a body: {}",
                r.what,
                r.text
            );
            self.checked
                .insert((method.to_owned(), template.to_owned()));
            return;
        }
        let schema = &response["content"]["application/json"]["schema"];
        assert!(
            schema.is_object(),
            "{}: {status} has no JSON schema",
            r.what
        );
        if let Err(e) = validate(schema, &r.body, &r.what) {
            panic!("{e}\nthe answer: {}", r.text);
        }
        self.checked
            .insert((method.to_owned(), template.to_owned()));
    }

    /// A JSON request body against the operation's documented request schema.
    fn request(&self, method: &str, template: &str, body: &Value) {
        let op = &self.doc["paths"][template][method.to_lowercase()];
        let schema = &op["requestBody"]["content"]["application/json"]["schema"];
        assert!(
            schema.is_object(),
            "{method} {template}: no JSON request body"
        );
        if let Err(e) = validate(schema, body, &format!("{method} {template}")) {
            panic!("the request does not fit the document: {e}");
        }
    }
}

impl Harness {
    /// `POST` of a JSON body, checked against the document on the way out and back.
    async fn post_checked(
        &self,
        reference: &mut Reference,
        template: &str,
        path: &str,
        auth: Option<&str>,
        body: Value,
    ) -> Resp {
        reference.request("POST", template, &body);
        let r = self.post(path, auth, Some(body)).await;
        reference.answer("POST", template, &r);
        r
    }

    async fn get_checked(
        &self,
        reference: &mut Reference,
        template: &str,
        path: &str,
        auth: Option<&str>,
    ) -> Resp {
        let r = self.get(path, auth).await;
        reference.answer("GET", template, &r);
        r
    }

    async fn upload_checked(
        &self,
        reference: &mut Reference,
        template: &str,
        path: &str,
        token: &str,
        key: &str,
        parts: &[Part<'_>],
    ) -> Resp {
        let r = self
            .send(upload_request(path, Some(token), Some(key), parts))
            .await;
        reference.answer("POST", template, &r);
        r
    }
}

#[test]
fn the_schema_check_can_fail() {
    let schema = |at: &str| json!({ "$ref": format!("#/components/schemas/{at}") });
    let fits = |at: &str, v: Value| validate(&schema(at), &v, at).is_ok();

    let good = json!({"screen": "consent_screen", "seq": 1, "step": 1, "step_count": 3});
    assert!(fits("Preflight", good.clone()));
    let mut extra = good.clone();
    extra["surprise"] = json!(1);
    assert!(!fits("Preflight", extra));
    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("seq");
    assert!(!fits("Preflight", missing));
    let mut wrong = good.clone();
    wrong["seq"] = json!("1");
    assert!(!fits("Preflight", wrong));
    let mut screen = good;
    screen["screen"] = json!("nope_screen");
    assert!(!fits("Preflight", screen));

    // What the old hand-written check let through: patterns, formats, lengths, item counts.
    assert!(fits("CreateSessionRequest", json!({"ref_id": "order-1"})));
    assert!(!fits(
        "CreateSessionRequest",
        json!({"ref_id": "order\u{1}"})
    ));
    assert!(!fits(
        "CreateSessionRequest",
        json!({"ref_id": "x".repeat(129)})
    ));
    assert!(!fits("CreateSessionRequest", json!({"ref_id": ""})));
    assert!(fits(
        "PhoneInitiateRequest",
        json!({"phone": "+447700900123"})
    ));
    assert!(!fits("PhoneInitiateRequest", json!({"phone": "+1234"})));
    assert!(fits(
        "Session/properties/created_at",
        json!("2026-12-07T10:00:00Z")
    ));
    assert!(!fits("Session/properties/created_at", json!("yesterday")));
    assert!(!fits("Session/properties/start_url", json!("not a link")));
    assert!(fits(
        "FaultRequest/properties/push_frames",
        json!(vec!["{}"; 16])
    ));
    assert!(!fits(
        "FaultRequest/properties/push_frames",
        json!(vec!["{}"; 17])
    ));
    // oneOf: exactly one of the websocket's messages.
    let handoff = json!({"type": "handoff", "session_id": "123456789", "phone": "connected"});
    assert!(fits("ServerMessage", handoff.clone()));
    let mut short_id = handoff.clone();
    short_id["session_id"] = json!("12345");
    assert!(!fits("ServerMessage", short_id));
    let mut unknown = handoff;
    unknown["type"] = json!("gossip");
    assert!(!fits("ServerMessage", unknown));
}

// It reads codes and sets outcomes through the sandbox-only calls.
#[cfg(feature = "sandbox-api")]
#[tokio::test]
async fn real_answers_fit_the_documented_schemas() {
    let h = Harness::new();
    let mut reference = Reference {
        doc: served_document(&h).await,
        checked: BTreeSet::new(),
    };
    let re = &mut reference;
    let r = h.get("/v1/openapi.json", None).await;
    re.answer("GET", "/v1/openapi.json", &r);

    // Server side: create, reuse, read, list, errors.
    let create = json!({
        "ref_id": "openapi-user", "workflow_id": "kyc", "return_url": "https://bank.example/done",
        "locale": "de", "user": {"first_name": "Ada", "email": "ada@example.com"},
        "branding": {"name": "Bank Example", "primary_color": "#1f5fbf"}
    });
    let s = h
        .post_checked(
            re,
            "/v1/sessions",
            "/v1/sessions",
            Some(KEY),
            create.clone(),
        )
        .await;
    assert_eq!(s.status, StatusCode::CREATED);
    let id = str_of(&s.body, "session_id");
    let token = str_of(&s.body, "token");
    let again = h
        .post_checked(re, "/v1/sessions", "/v1/sessions", Some(KEY), create)
        .await;
    assert_eq!(again.status, StatusCode::OK);
    // A request the document itself forbids (minLength): only its answer is checked.
    let blank = h
        .post("/v1/sessions", Some(KEY), Some(json!({"ref_id": ""})))
        .await;
    re.answer("POST", "/v1/sessions", &blank);
    blank.assert_error(422, "invalid_ref_id");
    h.post_checked(
        re,
        "/v1/sessions",
        "/v1/sessions",
        Some("wrong-key-wrong-key"),
        json!({"ref_id": "x"}),
    )
    .await
    .assert_error(401, "unauthorized");
    h.get_checked(
        re,
        "/v1/sessions/{session_id}",
        &format!("/v1/sessions/{id}"),
        Some(KEY),
    )
    .await
    .ok();
    h.get_checked(
        re,
        "/v1/sessions/{session_id}",
        "/v1/sessions/000000000",
        Some(KEY),
    )
    .await
    .assert_error(404, "session_not_found");
    h.get_checked(
        re,
        "/v1/sessions",
        "/v1/sessions?ref_id=openapi-user",
        Some(KEY),
    )
    .await
    .ok();

    // The ephemeral device route: a device token creates one session.
    let device = h
        .post_checked(
            re,
            "/v1/devices/ephemeral",
            "/v1/devices/ephemeral",
            Some(KEY),
            json!({"ttl": 600}),
        )
        .await;
    assert_eq!(device.status, StatusCode::CREATED);
    let device_token = str_of(&device.body, "authorization");
    let d = h
        .post_checked(
            re,
            "/v1/sessions",
            "/v1/sessions?workflowId=consent_only",
            Some(&device_token),
            json!({"metadata": {"externalUserId": "openapi-device"}}),
        )
        .await;
    assert_eq!(d.status, StatusCode::CREATED, "{}", d.text);
    let device_id = str_of(&d.body, "session_id");

    // Client side, on the kyc session.
    h.get_checked(re, "/v1/client/session", "/v1/client/session", Some(&token))
        .await
        .ok();
    h.get_checked(
        re,
        "/v1/client/preflight",
        "/v1/client/preflight",
        Some(&token),
    )
    .await
    .ok();
    h.get_checked(
        re,
        "/v1/client/preflight",
        "/v1/client/preflight",
        Some("nope"),
    )
    .await
    .assert_error(401, "invalid_token");
    h.post_checked(
        re,
        "/v1/client/consent",
        "/v1/client/consent",
        Some(&token),
        json!({"accepted": true}),
    )
    .await
    .ok();
    let issued = h.post("/v1/client/handoff", Some(&token), None).await;
    re.answer("POST", "/v1/client/handoff", &issued);
    let handoff = str_of(&issued.body, "handoff_token");
    let exchanged = h
        .post("/v1/client/handoff/exchange", Some(&handoff), None)
        .await;
    re.answer("POST", "/v1/client/handoff/exchange", &exchanged);
    let again = h
        .post("/v1/client/handoff/exchange", Some(&handoff), None)
        .await;
    re.answer("POST", "/v1/client/handoff/exchange", &again);
    again.assert_error(410, "handoff_used");

    let front = jpeg(1000, 630, 3);
    let corners = "[[0.08,0.21],[0.93,0.18],[0.95,0.83],[0.05,0.86]]";
    h.upload_checked(
        re,
        "/v1/client/media",
        "/v1/client/media",
        &token,
        "front-0",
        &[
            field("side", "front"),
            field("corners", "[[0,0],[1,1],[1,0],[0,1]]"),
            file("front.jpg", "image/jpeg", &front),
        ],
    )
    .await
    .assert_error(422, "invalid_corners");
    // With corners, so the answer and the media listing show them against their schemas.
    let parts = [
        field("side", "front"),
        field("corners", corners),
        file("front.jpg", "image/jpeg", &front),
    ];
    let up = h
        .upload_checked(
            re,
            "/v1/client/media",
            "/v1/client/media",
            &token,
            "front-1",
            &parts,
        )
        .await;
    assert_eq!(up.status, StatusCode::CREATED, "{}", up.text);
    assert!(up.body["corners"].is_array(), "{}", up.text);
    let replay = h
        .upload_checked(
            re,
            "/v1/client/media",
            "/v1/client/media",
            &token,
            "front-1",
            &parts,
        )
        .await;
    assert_eq!(replay.headers["idempotent-replayed"], "true");
    h.skip_to(&id, Step::Liveness);
    let started = h
        .post("/v1/client/liveness/start", Some(&token), None)
        .await;
    re.answer("POST", "/v1/client/liveness/start", &started);
    let liveness_id = str_of(&started.body, "liveness_id");
    let frames: Vec<(String, Vec<u8>)> = started.body["challenge"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .flat_map(|(i, step)| {
            (0..3).map(move |j| {
                (
                    step.as_str().unwrap().to_owned(),
                    jpeg(640, 480, (i * 3 + j + 1) as u8),
                )
            })
        })
        .collect();
    let mut parts = Vec::new();
    for (k, (step, bytes)) in frames.iter().enumerate() {
        if k % 3 == 0 {
            parts.push(field("step", step));
        }
        parts.push(Part {
            name: "frame",
            filename: Some("frame.jpg"),
            content_type: Some("image/jpeg"),
            data: bytes,
        });
    }
    let done = h
        .upload_checked(
            re,
            "/v1/client/liveness/{liveness_id}/complete",
            &format!("/v1/client/liveness/{liveness_id}/complete"),
            &token,
            "liveness-1",
            &parts,
        )
        .await;
    assert_eq!(done.status, StatusCode::CREATED, "{}", done.text);
    h.post_checked(
        re,
        "/v1/sandbox/sessions/{session_id}/outcome",
        &format!("/v1/sandbox/sessions/{id}/outcome"),
        Some(KEY),
        json!({"status": "failed"}),
    )
    .await;
    for (template, path) in [
        ("/v1/sessions/{session_id}", format!("/v1/sessions/{id}")),
        (
            "/v1/sandbox/sessions/{session_id}/events",
            format!("/v1/sandbox/sessions/{id}/events"),
        ),
        (
            "/v1/sandbox/sessions/{session_id}/media",
            format!("/v1/sandbox/sessions/{id}/media"),
        ),
        (
            "/v1/sandbox/sessions/{session_id}/liveness",
            format!("/v1/sandbox/sessions/{id}/liveness"),
        ),
        (
            "/v1/sandbox/sessions",
            "/v1/sandbox/sessions?limit=5".to_owned(),
        ),
    ] {
        h.get_checked(re, template, &path, Some(KEY)).await.ok();
    }
    // Decided (the tests' decision delay is 0): the result and its checks.
    let finished = h.server_session(&id).await;
    assert!(finished["result"]["checks"].is_array(), "{finished}");

    // A full session: the documents, the codes, and the sandbox's views of them.
    let (full, ft) = h.on_step("openapi-full", "full", Step::Address).await;
    let bill = pdf(2, "Electricity bill");
    let r = h
        .upload_checked(
            re,
            "/v1/client/address",
            "/v1/client/address",
            &ft,
            "a-1",
            &[file("bill.pdf", "application/pdf", &bill)],
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let photo = jpeg(1200, 1600, 5);
    let r = h
        .upload_checked(
            re,
            "/v1/client/funds",
            "/v1/client/funds",
            &ft,
            "f-1",
            &[file("funds.jpg", "image/jpeg", &photo)],
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    h.get_checked(
        re,
        "/v1/sandbox/sessions/{session_id}/documents",
        &format!("/v1/sandbox/sessions/{full}/documents"),
        Some(KEY),
    )
    .await
    .ok();
    for (step, to) in [
        ("phone", json!({"phone": "+41791234567"})),
        ("email", json!({"email": "ada@example.com"})),
    ] {
        let initiate = format!("/v1/client/{step}/initiate");
        let complete = format!("/v1/client/{step}/complete");
        h.post_checked(re, &initiate, &initiate, Some(&ft), to.clone())
            .await
            .ok();
        h.post_checked(re, &initiate, &initiate, Some(&ft), to)
            .await
            .assert_error(429, "rate_limited");
        let codes = h
            .get_checked(
                re,
                "/v1/sandbox/sessions/{session_id}/codes",
                &format!("/v1/sandbox/sessions/{full}/codes"),
                Some(KEY),
            )
            .await
            .ok();
        let code = str_of(&codes["codes"][0], "code");
        h.post_checked(
            re,
            &complete,
            &complete,
            Some(&ft),
            json!({"code": "000000x"}),
        )
        .await;
        h.post_checked(re, &complete, &complete, Some(&ft), json!({"code": code}))
            .await
            .ok();
    }

    // Faults, a passport's chip step, cancels, the websocket route without an upgrade.
    let (pid, ptoken) = h.on_step("openapi-passport", "passport", Step::Nfc).await;
    h.post_checked(
        re,
        "/v1/sandbox/sessions/{session_id}/faults",
        &format!("/v1/sandbox/sessions/{pid}/faults"),
        Some(KEY),
        json!({"websocket": "mute", "fail_uploads": {"count": 2, "status": 503}, "upload_delay_ms": 10, "fail_preflight": {"count": 0, "status": 503}}),
    )
    .await
    .ok();
    h.post(
        &format!("/v1/sandbox/sessions/{pid}/steps/nfc/skip"),
        Some(KEY),
        None,
    )
    .await
    .ok();
    let skip = h
        .post(
            &format!("/v1/sandbox/sessions/{pid}/steps/nfc/skip"),
            Some(KEY),
            None,
        )
        .await;
    re.answer(
        "POST",
        "/v1/sandbox/sessions/{session_id}/steps/nfc/skip",
        &skip,
    );
    skip.assert_error(409, "step_out_of_order");
    let (lid, ltoken) = h.on_step("openapi-assisted", "kyc", Step::Liveness).await;
    let assisted = h
        .post("/v1/client/liveness/assisted", Some(&ltoken), None)
        .await;
    re.answer("POST", "/v1/client/liveness/assisted", &assisted);
    assert_eq!(assisted.status, StatusCode::OK, "{}", assisted.text);
    let _ = lid;
    let cancelled = h.post("/v1/client/cancel", Some(&ptoken), None).await;
    re.answer("POST", "/v1/client/cancel", &cancelled);
    cancelled.ok();
    let (sid, _) = h.session("openapi-cancel", "kyc").await;
    let r = h
        .post(&format!("/v1/sessions/{sid}/cancel"), Some(KEY), None)
        .await;
    re.answer("POST", "/v1/sessions/{session_id}/cancel", &r);
    r.ok();
    let r = h.get("/v1/client/ws", None).await;
    re.answer("GET", "/v1/client/ws", &r);
    let r = h
        .get_checked(
            re,
            "/v1/sessions/{session_id}",
            &format!("/v1/sessions/{device_id}"),
            Some(KEY),
        )
        .await;
    r.ok();

    // A browser's violation report, and a body that is none.
    let report = json!({"csp-report": {
        "document-uri": format!("{ORIGIN}/?authorization=secret"),
        "effective-directive": "img-src",
        "blocked-uri": "https://evil.example/x.png",
        "line-number": 3,
    }});
    let r = h
        .post_checked(re, "/v1/csp-reports", "/v1/csp-reports", None, report)
        .await;
    assert_eq!(r.status.as_u16(), 204, "{}", r.text);
    let r = h
        .post_checked(
            re,
            "/v1/csp-reports",
            "/v1/csp-reports",
            None,
            json!([{"type": "csp-violation", "body": {"effectiveDirective": "style-src-attr"}}]),
        )
        .await;
    assert_eq!(r.status.as_u16(), 204, "{}", r.text);
    let r = h
        .post("/v1/csp-reports", None, Some(json!({"csp": "report"})))
        .await;
    re.answer("POST", "/v1/csp-reports", &r);
    r.assert_error(400, "invalid_report");

    // Every documented operation was met at least once.
    let unchecked: Vec<_> = documented(&reference.doc)
        .difference(&reference.checked)
        .cloned()
        .collect();
    assert!(unchecked.is_empty(), "no answer checked for {unchecked:?}");
}

#[tokio::test]
async fn the_document_is_served_like_every_api_answer() {
    // `common::send` checks the security headers of every answer, this one included; here the
    // API's own: not cached, JSON, no credential needed, and every $ref resolves.
    let h = Harness::new();
    let r = h.get("/v1/openapi.json", None).await;
    assert_eq!(r.headers["cache-control"], "no-store");
    let doc = r.ok();
    let text = doc.to_string();
    let mut rest = text.as_str();
    let mut refs = 0;
    while let Some(at) = rest.find("\"$ref\":\"") {
        let tail = &rest[at + 8..];
        let end = tail.find('"').unwrap();
        resolve(&doc, &tail[..end]);
        refs += 1;
        rest = &tail[end..];
    }
    assert!(refs > 50, "{refs} references");
    // Each path's parameters in braces are declared.
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (_, op) in item.as_object().unwrap() {
            let declared: Vec<String> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| match p["$ref"].as_str() {
                    Some(r) => resolve(&doc, r)["name"].as_str().unwrap().to_owned(),
                    None => p["name"].as_str().unwrap().to_owned(),
                })
                .collect();
            for segment in path.split('/') {
                if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    assert!(
                        declared.iter().any(|d| d == name),
                        "{path}: {name} is not declared"
                    );
                }
            }
        }
    }
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The next message, which must be JSON text, within five seconds.
async fn next_text(ws: &mut Ws) -> Value {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::Message;
    match tokio::time::timeout(std::time::Duration::from_secs(5), ws.next()).await {
        Ok(Some(Ok(Message::Text(t)))) => serde_json::from_str(&t).unwrap(),
        other => panic!("expected a text message, got {other:?}"),
    }
}

/// The websocket's messages, both ways, against the schemas the document names in its
/// `x-websocket`: a real socket on port 0.
#[tokio::test]
async fn websocket_messages_fit_the_documented_schemas() {
    use futures_util::SinkExt;
    use tokio_tungstenite::tungstenite::Message;

    let h = Harness::new();
    let doc = served_document(&h).await;
    let ws_doc = &doc["paths"]["/v1/client/ws"]["get"]["x-websocket"];
    let (client, server) = (&ws_doc["client"], &ws_doc["server"]);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("ws://{}/v1/client/ws", listener.local_addr().unwrap());
    tokio::spawn(idv_sandbox::serve(listener, h.state.clone()));
    let check = |schema: &Value, v: &Value| {
        if let Err(e) = validate(schema, v, "websocket") {
            panic!("{e}");
        }
    };

    let (id, token) = h.session("openapi-ws", "kyc").await;
    let (mut desk, _) = tokio_tungstenite::connect_async(url.as_str())
        .await
        .unwrap();
    let auth = json!({"type": "auth", "token": token});
    check(client, &auth);
    desk.send(Message::text(auth.to_string())).await.unwrap();
    let first = next_text(&mut desk).await;
    check(server, &first);
    assert_eq!(first["type"], "preflight");
    h.consent(&token, true).await.ok();
    let pushed = next_text(&mut desk).await;
    check(server, &pushed);
    assert_eq!(pushed["session_id"], id.as_str());

    // A phone joins through a handoff link: the desktop hears of it.
    let issued = h.post("/v1/client/handoff", Some(&token), None).await;
    let handoff = str_of(&issued.body, "handoff_token");
    h.post("/v1/client/handoff/exchange", Some(&handoff), None)
        .await;
    let notice = next_text(&mut desk).await;
    check(server, &notice);
    assert_eq!(notice["type"], "handoff", "{notice}");

    // A refused auth: an error without a session.
    let (mut stranger, _) = tokio_tungstenite::connect_async(url.as_str())
        .await
        .unwrap();
    let wrong = json!({"type": "auth", "token": "not-a-token"});
    check(client, &wrong);
    stranger
        .send(Message::text(wrong.to_string()))
        .await
        .unwrap();
    let error = next_text(&mut stranger).await;
    check(server, &error);
    assert_eq!(error["type"], "error", "{error}");
}
