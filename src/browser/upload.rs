//! Multipart uploads with real progress: `fetch` cannot report upload bytes, so this uses
//! `XMLHttpRequest` and its `upload.onprogress`.

use js_sys::Promise;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, FormData, ProgressEvent, XmlHttpRequest};

/// One attempt may take this long before it counts as a network failure.
const TIMEOUT_MS: u32 = 60_000;

/// What came back: the status and body, or nothing at all.
pub enum Answer {
    Status(u16, String),
    NoAnswer,
}

pub struct Part<'a> {
    pub name: &'a str,
    pub value: PartValue<'a>,
}

pub enum PartValue<'a> {
    Text(&'a str),
    File(&'a Blob, &'a str),
}

/// Posts `parts` as `multipart/form-data` with the bearer token and idempotency key, calling
/// `on_progress(sent, total)` as bytes leave.
pub async fn post(
    path: &str,
    token: &str,
    idempotency_key: &str,
    parts: &[Part<'_>],
    on_progress: impl Fn(f64, f64) + 'static,
) -> Answer {
    let Some(xhr) = prepare(path, token, idempotency_key) else {
        return Answer::NoAnswer;
    };
    let Some(form) = form(parts) else {
        return Answer::NoAnswer;
    };
    let progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
        if e.length_computable() {
            on_progress(e.loaded(), e.total());
        }
    });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    // Every way the request can end (load, error, timeout, abort) fires `loadend` once.
    let mut on_end: Option<Closure<dyn FnMut()>> = None;
    let promise = Promise::new(&mut |resolve, _reject| {
        let done = Closure::<dyn FnMut()>::new(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        xhr.set_onloadend(Some(done.as_ref().unchecked_ref()));
        on_end = Some(done);
    });
    if xhr.send_with_opt_form_data(Some(&form)).is_err() {
        return Answer::NoAnswer;
    }
    let _ = JsFuture::from(promise).await;
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(None);
    }
    xhr.set_onloadend(None);
    drop(progress);
    drop(on_end);
    match xhr.status() {
        Ok(0) | Err(_) => Answer::NoAnswer,
        Ok(status) => Answer::Status(
            status,
            xhr.response_text().ok().flatten().unwrap_or_default(),
        ),
    }
}

fn prepare(path: &str, token: &str, key: &str) -> Option<XmlHttpRequest> {
    let xhr = XmlHttpRequest::new().ok()?;
    xhr.open_with_async("POST", &super::config::api_url(path), true)
        .ok()?;
    xhr.set_timeout(TIMEOUT_MS);
    xhr.set_request_header("Authorization", &format!("Bearer {token}"))
        .ok()?;
    xhr.set_request_header("Idempotency-Key", key).ok()?;
    xhr.set_request_header("Accept", "application/json").ok()?;
    Some(xhr)
}

fn form(parts: &[Part<'_>]) -> Option<FormData> {
    let form = FormData::new().ok()?;
    for part in parts {
        match part.value {
            PartValue::Text(text) => form.append_with_str(part.name, text).ok()?,
            PartValue::File(blob, name) => form
                .append_with_blob_and_filename(part.name, blob, name)
                .ok()?,
        }
    }
    Some(form)
}
