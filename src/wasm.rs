//! The wasm bindings: a thin shell around [`crate::analyze`].
//!
//! JS passes an array of `{ name, bytes }` and a settings object; the report
//! comes back as a JSON string (faster across the boundary than a JS object
//! tree; the page parses it). Usage errors become JS errors carrying the
//! core's message, and a panic hook turns any panic into a readable error
//! rather than "unreachable executed".

use crate::present::Listings;
use crate::{analyze_files, InputFile, Settings};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
fn start() {
    // The release build aborts on panic, which JS sees as "unreachable
    // executed". The hook runs first: it leaves what panicked and where on
    // the global object (`lenalyzePanic`), where the Worker picks it up and
    // words it in the page's language (www/i18n.js `error.internal`).
    std::panic::set_hook(Box::new(|info| {
        let detail = info.to_string();
        web_sys::console::error_1(&JsValue::from_str(&detail));
        let _ = js_sys::Reflect::set(
            &js_sys::global(),
            &JsValue::from_str("lenalyzePanic"),
            &JsValue::from_str(&detail),
        );
    }));
}

/// The file name that makes `analyze` panic, in a test build only (cargo
/// feature `panic-trigger`: `scripts/build-wasm.sh --test` builds it into
/// `target/e2e-pkg/`, never into `www/`). A page test drops a file of this
/// name to prove that a panic in the Worker reaches the reader as a
/// readable message and that the next analysis works; the shipped builds
/// do not have the feature, so no file or link can trigger it there (a test
/// checks that their wasm does not contain this name).
#[cfg(feature = "panic-trigger")]
pub const PANIC_TRIGGER_FILE: &str = "lenalyze-panic-trigger.csv";

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

/// Analyzes files and returns `{ report, presentation }`: the report as a
/// JSON string (language-free, byte-identical to the CLI's) and the report
/// laid out in `lang` as a JSON string (every table, figure and text the page
/// renders).
///
/// `files`: an array of `{ name: string, bytes: Uint8Array }`; `settings`: an
/// object with any of the analysis settings (missing ones take defaults), or
/// `undefined`; `lang`: a BCP 47 tag (`en`), English when unknown;
/// `claims`: a claims file `{ name, bytes }` to check against the analysis
/// (docs/claims.md), or `undefined`.
///
/// # Errors
/// A JS error when the arguments do not have that shape or a setting is out
/// of range. Problems in the files are diagnostics in the report, not errors.
#[wasm_bindgen]
pub fn analyze(
    files: js_sys::Array,
    settings: JsValue,
    lang: &str,
    claims: JsValue,
) -> Result<JsValue, JsError> {
    let report = report(&files, settings, claims)?;
    let presentation = crate::present::present(&report, language(lang));
    let out = js_sys::Object::new();
    let set = |key: &str, value: String| {
        js_sys::Reflect::set(&out, &JsValue::from_str(key), &JsValue::from_str(&value))
            .map_err(|_| JsError::new("could not build the result"))
    };
    set("report", report.to_json())?;
    set(
        "presentation",
        serde_json::to_string(&presentation).map_err(|e| js_error("presentation", e))?,
    )?;
    Ok(out.into())
}

/// Analyzes files and returns one table with every row, as a JSON string,
/// or `undefined` when the report has no table `id`: what a long listing's
/// CSV download holds (the page shows its first rows). Arguments as
/// [`analyze`].
///
/// # Errors
/// As [`analyze`].
#[wasm_bindgen]
pub fn whole_table(
    files: js_sys::Array,
    settings: JsValue,
    lang: &str,
    claims: JsValue,
    id: &str,
) -> Result<Option<String>, JsError> {
    let report = report(&files, settings, claims)?;
    let presentation = crate::present::present_with(&report, language(lang), Listings::Whole);
    let table = crate::present::tables(&presentation).find(|t| t.id == id);
    table
        .map(|t| serde_json::to_string(t).map_err(|e| js_error("table", e)))
        .transpose()
}

/// The report of `files` with `settings`, with the audit of `claims` when
/// given.
fn report(
    files: &js_sys::Array,
    settings: JsValue,
    claims: JsValue,
) -> Result<crate::Report, JsError> {
    let inputs = input_files(files)?;
    #[cfg(feature = "panic-trigger")]
    if inputs.iter().any(|f| f.name == PANIC_TRIGGER_FILE) {
        panic!("a test build's panic trigger ({PANIC_TRIGGER_FILE})");
    }
    let settings = settings_from_js(settings)?;
    // Site summaries dropped on the page are pooled (their own settings
    // hold; the full build reads them); any other file is analyzed.
    #[cfg(feature = "pool")]
    if inputs
        .iter()
        .any(|f| crate::pool::SiteSummary::sniff(&f.bytes))
    {
        return Ok(crate::pool::pool(&inputs));
    }
    let report = analyze_files(inputs, &settings);
    if claims.is_undefined() || claims.is_null() {
        return Ok(report);
    }
    let claims = js_sys::Array::of1(&claims);
    let file = input_files(&claims)?
        .pop()
        .ok_or_else(|| js_error("claims", "no file"))?;
    Ok(crate::check_claims(report, &file.name, &file.bytes))
}

/// Analyzes a site's files and returns `{ summary, name, note }`: the site
/// summary as JSON text (empty when the files have errors that stop the
/// analysis), a file name for it, and the disclosure note in `lang` (lines
/// joined by a line feed) for the site to read before sending it.
///
/// `site`: the site's label; blank takes the first file's name.
///
/// # Errors
/// A JS error when the arguments are malformed or a setting is out of
/// range.
#[cfg(feature = "pool")]
#[wasm_bindgen]
pub fn site_summary(
    files: js_sys::Array,
    settings: JsValue,
    site: &str,
    lang: &str,
) -> Result<JsValue, JsError> {
    let inputs = input_files(&files)?;
    let settings = settings_from_js(settings)?;
    let aggregated = crate::pool::aggregate(&inputs, &settings, site);
    let (summary, name, note) = match &aggregated.summary {
        Some(s) => {
            let safe: String = s
                .site
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            (
                s.to_json(),
                format!("{safe}.site-summary.json"),
                crate::pool::disclosure::note(s, crate::text::Text::new(language(lang))).join("\n"),
            )
        }
        None => (String::new(), String::new(), String::new()),
    };
    let out = js_sys::Object::new();
    for (key, value) in [("summary", summary), ("name", name), ("note", note)] {
        js_sys::Reflect::set(&out, &JsValue::from_str(key), &JsValue::from_str(&value))
            .map_err(|_| JsError::new("could not build the result"))?;
    }
    Ok(out.into())
}

/// The language of a tag, English when Lenalyze does not speak it.
fn language(tag: &str) -> crate::text::Lang {
    crate::text::Lang::from_tag(tag).unwrap_or_default()
}

/// The settings' defaults and accepted ranges as JSON
/// (`{ defaults, ranges }`), so the page keeps no copy of them.
#[wasm_bindgen]
pub fn settings_info() -> String {
    crate::settings::info_json()
}

/// Reads settings from JS; `undefined` or `null` means the defaults.
fn settings_from_js(settings: JsValue) -> Result<Settings, JsError> {
    let settings: Settings = if settings.is_undefined() || settings.is_null() {
        Settings::default()
    } else {
        serde_wasm_bindgen::from_value(settings).map_err(|e| js_error("settings", e))?
    };
    settings.validate().map_err(|e| JsError::new(&e))?;
    Ok(settings)
}

/// True when this build reads `bytes`' text encoding: always for a
/// workbook or text in UTF-8 or UTF-16, and for any other text (a CP949 CSV
/// from a Korean hospital's Excel, say) only in a build with the cargo
/// feature `legacy-encodings` (the full build, not the first-visit CSV
/// build). The Worker asks the CSV build this of each file
/// (`www/builds.js`) and sends the files to the full build when it says
/// false; the rule is the core's (`ingest::read::is_unicode`).
#[wasm_bindgen]
pub fn reads_text_encoding(bytes: &[u8]) -> bool {
    use crate::ingest::read::{is_unicode, sniff, Format};
    cfg!(feature = "legacy-encodings") || sniff(bytes) != Format::Text || is_unicode(bytes)
}

/// The Lenalyze version.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}

/// Analyzes the files and returns all tables, laid out in `lang`, as one
/// XLSX workbook.
///
/// # Errors
/// A JS error when the arguments are malformed.
#[cfg(feature = "export")]
#[wasm_bindgen]
pub fn export_xlsx(
    files: js_sys::Array,
    settings: JsValue,
    lang: &str,
    claims: JsValue,
) -> Result<Vec<u8>, JsError> {
    let presentation = presentation_for_export(&files, settings, lang, claims, Listings::Whole)?;
    crate::export::xlsx(&presentation).map_err(|e| js_error("xlsx", e))
}

/// Analyzes the files and returns the report, laid out in `lang`, with the
/// figures the page drew (`[{ id, png: Uint8Array }]`) as a Word document.
///
/// # Errors
/// A JS error when the arguments are malformed.
#[cfg(feature = "export")]
#[wasm_bindgen]
pub fn export_docx(
    files: js_sys::Array,
    settings: JsValue,
    lang: &str,
    figures: js_sys::Array,
    claims: JsValue,
) -> Result<Vec<u8>, JsError> {
    let presentation = presentation_for_export(&files, settings, lang, claims, Listings::Cut)?;
    let figures = figures
        .iter()
        .filter_map(|f| {
            let id = js_sys::Reflect::get(&f, &JsValue::from_str("id"))
                .ok()?
                .as_string()?;
            let png = js_sys::Reflect::get(&f, &JsValue::from_str("png")).ok()?;
            png.is_instance_of::<js_sys::Uint8Array>()
                .then(|| crate::export::FigurePng {
                    id,
                    png: js_sys::Uint8Array::new(&png).to_vec(),
                })
        })
        .collect::<Vec<_>>();
    crate::export::docx(&presentation, &figures).map_err(|e| js_error("docx", e))
}

#[cfg(feature = "export")]
fn presentation_for_export(
    files: &js_sys::Array,
    settings: JsValue,
    lang: &str,
    claims: JsValue,
    listings: Listings,
) -> Result<crate::present::Presentation, JsError> {
    let report = report(files, settings, claims)?;
    Ok(crate::present::present_with(
        &report,
        language(lang),
        listings,
    ))
}
