//! Reading JSON with the browser's own parser (`JSON.parse`) and typed access. The first module
//! reads its few answers this way: serde_json's deserializer and the wire types' `Deserialize`
//! code would be about a sixth of its download (issue 10). The journey module uses serde.

use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};

/// The document, when `text` is JSON.
pub fn parse(text: &str) -> Option<JsValue> {
    JSON::parse(text).ok()
}

/// A member present and not `null`.
pub fn field(value: &JsValue, key: &str) -> Option<JsValue> {
    if !value.is_object() {
        return None;
    }
    Reflect::get(value, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

pub fn string(value: &JsValue, key: &str) -> Option<String> {
    field(value, key)?.as_string()
}

pub fn boolean(value: &JsValue, key: &str) -> Option<bool> {
    field(value, key)?.as_bool()
}

/// An array of strings, or `None` if it is not one.
pub fn strings(value: &JsValue) -> Option<Vec<String>> {
    value
        .dyn_ref::<Array>()?
        .iter()
        .map(|v| v.as_string())
        .collect()
}
