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

#[derive(serde::Deserialize)]
struct JsFile {
    name: String,
    #[serde(with = "serde_bytes_compat")]
    bytes: Vec<u8>,
}

mod serde_bytes_compat {
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        serde_bytes_like::deserialize(d)
    }

    mod serde_bytes_like {
        use serde::de::{Deserializer, SeqAccess, Visitor};
        use std::fmt;

        struct BytesVisitor;

        impl<'de> Visitor<'de> for BytesVisitor {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Uint8Array")
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<Vec<u8>, E> {
                Ok(v.to_vec())
            }
            fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
                Ok(v)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
                let mut out = Vec::new();
                while let Some(b) = seq.next_element()? {
                    out.push(b);
                }
                Ok(out)
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
            d.deserialize_byte_buf(BytesVisitor)
        }
    }
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
pub fn analyze(files: JsValue, settings: JsValue) -> Result<String, JsError> {
    let files: Vec<JsFile> =
        serde_wasm_bindgen::from_value(files).map_err(|e| JsError::new(&format!("files: {e}")))?;
    let settings: Settings = if settings.is_undefined() || settings.is_null() {
        Settings::default()
    } else {
        serde_wasm_bindgen::from_value(settings)
            .map_err(|e| JsError::new(&format!("settings: {e}")))?
    };
    settings.validate().map_err(|e| JsError::new(&e))?;
    let inputs: Vec<InputFile> = files
        .into_iter()
        .map(|f| InputFile {
            name: f.name,
            bytes: f.bytes,
        })
        .collect();
    Ok(analyze_core(&inputs, &settings).to_json())
}

/// The Lenalyze version.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}
