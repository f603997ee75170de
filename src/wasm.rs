//! The wasm bindings: a thin shell around [`crate::analyze`].
//!
//! JS passes an array of `{ name, bytes }` and a settings object; the report
//! comes back as a JSON string (faster across the boundary than a JS object
//! tree; the page parses it). Usage errors become JS errors carrying the
//! core's message, and a panic hook turns any panic into a readable error
//! rather than "unreachable executed".

use crate::{analyze as analyze_core, InputFile, Settings};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        let message = format!("Lenalyze stopped on an internal error; please report it with the file that caused it. ({info})");
        web_sys::console::error_1(&JsValue::from_str(&message));
    }));
}

fn js_error(context: &str, detail: impl std::fmt::Display) -> JsError {
    JsError::new(&format!("{context}: {detail}"))
}

/// Reads `[{ name, bytes }]` from JS.
fn input_files(files: &js_sys::Array) -> Result<Vec<InputFile>, JsError> {
    files
        .iter()
        .enumerate()
        .map(|(i, file)| {
            let name = js_sys::Reflect::get(&file, &JsValue::from_str("name"))
                .ok()
                .and_then(|v| v.as_string())
                .ok_or_else(|| js_error("files", format!("item {i} has no name")))?;
            let bytes = js_sys::Reflect::get(&file, &JsValue::from_str("bytes"))
                .map_err(|_| js_error("files", format!("{name} has no bytes")))?;
            if !bytes.is_instance_of::<js_sys::Uint8Array>() {
                return Err(js_error(
                    "files",
                    format!("{name}: bytes must be a Uint8Array"),
                ));
            }
            Ok(InputFile {
                name,
                bytes: js_sys::Uint8Array::new(&bytes).to_vec(),
            })
        })
        .collect()
}

/// Analyzes files and returns the report as a JSON string.
///
/// `files`: an array of `{ name: string, bytes: Uint8Array }`; `settings`: an
/// object with any of the analysis settings (missing ones take defaults), or
/// `undefined`.
///
/// # Errors
/// A JS error when the arguments do not have that shape or a setting is out
/// of range. Problems in the files are diagnostics in the report, not errors.
#[wasm_bindgen]
pub fn analyze(files: js_sys::Array, settings: JsValue) -> Result<String, JsError> {
    let inputs = input_files(&files)?;
    let settings: Settings = if settings.is_undefined() || settings.is_null() {
        Settings::default()
    } else {
        serde_wasm_bindgen::from_value(settings).map_err(|e| js_error("settings", e))?
    };
    settings.validate().map_err(|e| JsError::new(&e))?;
    Ok(analyze_core(&inputs, &settings).to_json())
}

/// The Lenalyze version.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}
