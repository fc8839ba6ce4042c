//! The journey module: the Leptos app, fetched by the first module (src/shell) once the welcome
//! screen is up, and started by it through `start` when the user goes on.

use wasm_bindgen::prelude::wasm_bindgen;

fn main() {}

/// Called by the first module's loader (src/browser/loader.rs) once this module is instantiated.
#[wasm_bindgen]
pub fn start(handover: String) {
    idv_capture::run_journey(&handover);
}
