//! The wasm bindings in headless Chromium, through the JS-facing API.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn file(name: &str, bytes: &[u8]) -> JsValue {
    let obj = Object::new();
    Reflect::set(&obj, &"name".into(), &name.into()).unwrap();
    Reflect::set(&obj, &"bytes".into(), &Uint8Array::from(bytes).into()).unwrap();
    obj.into()
}

/// The report and the presentation JSON texts of `analyze`.
fn analyze(files: Array, settings: JsValue, lang: &str) -> Result<(String, String), ()> {
    let out = lenalyze::wasm::analyze(files, settings, lang, JsValue::UNDEFINED).map_err(|_| ())?;
    let text = |key: &str| {
        Reflect::get(&out, &key.into())
            .unwrap()
            .as_string()
            .unwrap()
    };
    Ok((text("report"), text("presentation")))
}

fn report(files: &[(&str, &[u8])], settings: JsValue) -> serde_json::Value {
    let array: Array = files.iter().map(|(n, b)| file(n, b)).collect();
    let (json, _) = analyze(array, settings, "en").unwrap();
    serde_json::from_str(&json).unwrap()
}

const DEMO_CSV: &[u8] = include_bytes!("../www/demo/lenalyze-demo.csv");
const DEMO_XLSX: &[u8] = include_bytes!("../www/demo/lenalyze-demo.xlsx");

#[wasm_bindgen_test]
fn demo_csv_gives_the_study_flow() {
    let r = report(&[("lenalyze-demo.csv", DEMO_CSV)], JsValue::UNDEFINED);
    assert_eq!(r["status"], "ok");
    let flow = &r["analysis"]["population_flow"];
    assert_eq!(flow["screened"], 31);
    assert_eq!(flow["evaluable"], 28);
    assert_eq!(flow["responders"], 19);
}

/// What the wasm build computes against what the same code computes when
/// called directly in this (wasm) test binary; native = wasm across builds is
/// `tests/e2e/parity.test.mjs`, which compares both wasm builds with the CLI.
#[wasm_bindgen_test]
fn bindings_return_the_core_report_and_presentation() {
    let array: Array = [file("lenalyze-demo.csv", DEMO_CSV)].into_iter().collect();
    let (wasm_json, wasm_presentation) = analyze(array, JsValue::UNDEFINED, "en").unwrap();
    let inputs = [lenalyze::InputFile {
        name: "lenalyze-demo.csv".into(),
        bytes: DEMO_CSV.to_vec(),
    }];
    let report = lenalyze::analyze(&inputs, &lenalyze::Settings::default());
    assert_eq!(wasm_json, report.to_json());
    let presentation = lenalyze::present::present(&report, lenalyze::text::Lang::En);
    assert_eq!(
        wasm_presentation,
        serde_json::to_string(&presentation).unwrap()
    );
    // An unknown language falls back to English.
    let array: Array = [file("lenalyze-demo.csv", DEMO_CSV)].into_iter().collect();
    let (_, fallback) = analyze(array, JsValue::UNDEFINED, "xx").unwrap();
    assert_eq!(fallback, wasm_presentation);
}

#[wasm_bindgen_test]
fn settings_info_matches_the_core() {
    let info: serde_json::Value = serde_json::from_str(&lenalyze::wasm::settings_info()).unwrap();
    assert_eq!(info["defaults"]["confidence_level"], 0.95);
    assert_eq!(
        info["ranges"].as_array().unwrap().len(),
        lenalyze::settings::RANGES.len()
    );
}

#[wasm_bindgen_test]
fn demo_xlsx_reads_in_the_browser() {
    let r = report(&[("lenalyze-demo.xlsx", DEMO_XLSX)], JsValue::UNDEFINED);
    assert_eq!(r["status"], "ok");
    assert_eq!(r["analysis"]["population_flow"]["responders"], 19);
}

#[wasm_bindgen_test]
fn settings_arrive_and_bad_settings_are_js_errors() {
    let settings = Object::new();
    Reflect::set(&settings, &"apply_eligibility".into(), &false.into()).unwrap();
    let r = report(&[("demo.csv", DEMO_CSV)], settings.into());
    assert_eq!(r["provenance"]["settings"]["apply_eligibility"], false);

    let bad = Object::new();
    Reflect::set(&bad, &"confidence_level".into(), &2.into()).unwrap();
    let array: Array = [file("demo.csv", DEMO_CSV)].into_iter().collect();
    assert!(analyze(array, bad.into(), "en").is_err());

    let not_files: Array = [JsValue::from_str("nope")].into_iter().collect();
    assert!(analyze(not_files, JsValue::UNDEFINED, "en").is_err());
}

#[wasm_bindgen_test]
fn junk_is_a_diagnostic_not_a_crash() {
    let junk: Vec<u8> = (0..5000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 24) as u8)
        .collect();
    let r = report(&[("junk.xlsx", &junk)], JsValue::UNDEFINED);
    assert_eq!(r["status"], "errors");
    let mut truncated = DEMO_XLSX.to_vec();
    truncated.truncate(DEMO_XLSX.len() / 2);
    let r = report(&[("truncated.xlsx", &truncated)], JsValue::UNDEFINED);
    assert_eq!(r["status"], "errors");
}

/// Native = wasm on generated inputs: the golden set of generated cohorts
/// (`tests/suite/properties.rs::golden_set_is_current` writes each cohort with
/// the report the native build made of it) analysed here in the browser.
#[wasm_bindgen_test]
fn generated_cohorts_match_native() {
    let golden: [(&str, &[u8], &str); 3] = [
        (
            "cohort-1.csv",
            include_bytes!("data/generated/cohort-1.csv"),
            include_str!("data/generated/cohort-1.report.json"),
        ),
        (
            "cohort-2.csv",
            include_bytes!("data/generated/cohort-2.csv"),
            include_str!("data/generated/cohort-2.report.json"),
        ),
        (
            "cohort-3.csv",
            include_bytes!("data/generated/cohort-3.csv"),
            include_str!("data/generated/cohort-3.report.json"),
        ),
    ];
    for (name, bytes, native) in golden {
        let array: Array = [file(name, bytes)].into_iter().collect();
        let (wasm, _) = analyze(array, JsValue::UNDEFINED, "en").unwrap();
        assert_eq!(wasm, native, "{name}");
    }
}
