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

fn report(files: &[(&str, &[u8])], settings: JsValue) -> serde_json::Value {
    let array: Array = files.iter().map(|(n, b)| file(n, b)).collect();
    let json = lenalyze::wasm::analyze(array, settings).unwrap();
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

#[wasm_bindgen_test]
fn wasm_json_equals_native_json() {
    let array: Array = [file("lenalyze-demo.csv", DEMO_CSV)].into_iter().collect();
    let wasm_json = lenalyze::wasm::analyze(array, JsValue::UNDEFINED).unwrap();
    let inputs = [lenalyze::InputFile {
        name: "lenalyze-demo.csv".into(),
        bytes: DEMO_CSV.to_vec(),
    }];
    let native_json = lenalyze::analyze(&inputs, &lenalyze::Settings::default()).to_json();
    assert_eq!(wasm_json, native_json);
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
    assert!(lenalyze::wasm::analyze(array, bad.into()).is_err());

    let not_files: Array = [JsValue::from_str("nope")].into_iter().collect();
    assert!(lenalyze::wasm::analyze(not_files, JsValue::UNDEFINED).is_err());
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
