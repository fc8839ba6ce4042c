//! What the browser says about the device: the input for the core's phone-or-desktop decision,
//! whether a webcam is there, and the page's origin. Failures read as "don't know", never panics.

use idv_core::device::{device_kind, DeviceKind, DeviceTraits};
use js_sys::Reflect;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

pub fn traits() -> DeviceTraits {
    let Some(window) = web_sys::window() else {
        return DeviceTraits::default();
    };
    let coarse_pointer = window
        .match_media("(pointer: coarse)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches());
    let navigator = window.navigator();
    // User-Agent Client Hints are not in every browser (nor in web-sys's stable API).
    let ua_mobile = Reflect::get(&navigator, &JsValue::from_str("userAgentData"))
        .ok()
        .filter(JsValue::is_object)
        .and_then(|data| Reflect::get(&data, &JsValue::from_str("mobile")).ok())
        .and_then(|mobile| mobile.as_bool());
    DeviceTraits {
        coarse_pointer,
        max_touch_points: navigator.max_touch_points().max(0) as u32,
        ua_mobile,
        user_agent: navigator.user_agent().unwrap_or_default(),
    }
}

/// Phone or desktop, `?device=` overriding the capabilities.
pub fn kind(override_param: Option<&str>) -> DeviceKind {
    device_kind(&traits(), override_param)
}

/// `location.origin`, e.g. `https://idv.example`.
pub fn origin() -> Option<String> {
    web_sys::window()?.location().origin().ok()
}

/// Whether a camera is attached. Asks for no permission: before one is granted the browser
/// still lists its kinds of devices, without their names.
pub async fn has_webcam() -> bool {
    // In a frame its host refuses the camera, no webcam can be used, whatever is plugged in.
    if idv_core::capture::CameraProblem::before_asking(&super::camera::facts()).is_some() {
        return false;
    }
    let Some(devices) = web_sys::window().and_then(|w| w.navigator().media_devices().ok()) else {
        return false;
    };
    let Ok(promise) = devices.enumerate_devices() else {
        return false;
    };
    let Ok(list) = JsFuture::from(promise).await else {
        return false;
    };
    js_sys::Array::from(&list).iter().any(|device| {
        Reflect::get(&device, &JsValue::from_str("kind"))
            .ok()
            .and_then(|k| k.as_string())
            .is_some_and(|k| k == "videoinput")
    })
}
