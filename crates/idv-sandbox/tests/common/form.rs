//! Multipart requests built by hand, as a browser's FormData sends them.

use axum::body::Body;
use axum::http::{header, Method, Request};

pub const BOUNDARY: &str = "----idv-test-boundary-7MA4YWxkTrZu0gW";

pub struct Part<'a> {
    pub name: &'a str,
    pub filename: Option<&'a str>,
    pub content_type: Option<&'a str>,
    pub data: &'a [u8],
}

pub fn field<'a>(name: &'a str, value: &'a str) -> Part<'a> {
    Part {
        name,
        filename: None,
        content_type: None,
        data: value.as_bytes(),
    }
}

pub fn file<'a>(filename: &'a str, content_type: &'a str, data: &'a [u8]) -> Part<'a> {
    Part {
        name: "file",
        filename: Some(filename),
        content_type: Some(content_type),
        data,
    }
}

pub fn multipart(parts: &[Part]) -> Vec<u8> {
    let mut body = Vec::new();
    for p in parts {
        body.extend(format!("--{BOUNDARY}\r\n").bytes());
        let mut disposition = format!("Content-Disposition: form-data; name=\"{}\"", p.name);
        if let Some(f) = p.filename {
            disposition.push_str(&format!("; filename=\"{f}\""));
        }
        body.extend(disposition.bytes());
        body.extend(b"\r\n");
        if let Some(ct) = p.content_type {
            body.extend(format!("Content-Type: {ct}\r\n").bytes());
        }
        body.extend(b"\r\n");
        body.extend_from_slice(p.data);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{BOUNDARY}--\r\n").bytes());
    body
}

/// `POST <path>` with a multipart body of `parts`, a session token and an `Idempotency-Key`.
pub fn upload_request(
    path: &str,
    auth: Option<&str>,
    key: Option<&str>,
    parts: &[Part],
) -> Request<Body> {
    let mut b = Request::builder().method(Method::POST).uri(path).header(
        header::CONTENT_TYPE,
        format!("multipart/form-data; boundary={BOUNDARY}"),
    );
    if let Some(token) = auth {
        b = b.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    if let Some(key) = key {
        b = b.header("Idempotency-Key", key);
    }
    b.body(Body::from(multipart(parts))).unwrap()
}
