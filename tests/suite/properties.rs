//! Property tests of the report's invariants on generated cohorts
//! (`common/cohort.rs`): row order never changes the analysis; an added
//! ineligible patient leaves every table of the safety population (and so of
//! its subsets) unchanged; every count fits its denominator, every
//! percentage is in [0, 100], every p in (0, 1], no number is NaN or
//! infinite, every interval is ordered; the report and its presentation
//! validate against the published schemas. `golden_set_is_current` keeps a
//! small set of generated cohorts with their native reports in
//! `tests/data/generated/`, which `tests/e2e/parity.test.mjs` analyses with
//! both shipped wasm builds and compares byte for byte (native = wasm on generated inputs).
//!
//! Case counts are kept small enough for the test command (each case is a
//! whole analysis); `PROPTEST_CASES` raises them for a longer run.
#![cfg(not(target_arch = "wasm32"))]

use crate::common::cohort;
use crate::entries;

use cohort::{cohort, patient, to_csv, Row};
use lenalyze::settings::{Settings, TwoByTwoTest};
use lenalyze::text::Lang;
use lenalyze::InputFile;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use std::sync::OnceLock;

fn analyze_rows(rows: &[Row], ids: &[usize], settings: &Settings) -> serde_json::Value {
    let files = [InputFile {
        name: "cohort.csv".into(),
        bytes: to_csv(rows, ids).into_bytes(),
    }];
    let json = lenalyze::analyze(&files, settings).to_json();
    serde_json::from_str(&json).expect("the report is JSON")
}

/// The report without the spreadsheet rows that listings name (a patient
/// moved to another row is still the same patient).
fn without_rows(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            map.remove("row");
            map.values_mut().for_each(without_rows);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(without_rows),
        _ => {}
    }
}

/// The first path where two JSON values differ, with both values there.
fn first_difference(a: &serde_json::Value, b: &serde_json::Value, path: &str) -> Option<String> {
    use serde_json::Value::{Array, Object};
    match (a, b) {
        (Object(x), Object(y)) => x
            .iter()
            .find_map(|(k, v)| {
                first_difference(
                    v,
                    y.get(k).unwrap_or(&serde_json::Value::Null),
                    &format!("{path}.{k}"),
                )
            })
            .or_else(|| (x.len() != y.len()).then(|| format!("{path}: keys differ"))),
        (Array(x), Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (v, w))| first_difference(v, w, &format!("{path}[{i}]"))),
        _ => (a != b).then(|| format!("{path}: {a} vs {b}")),
    }
}

fn settings() -> impl Strategy<Value = Settings> {
    (
        any::<bool>(),
        prop_oneof![
            Just(TwoByTwoTest::Fisher),
            Just(TwoByTwoTest::ChiSquare),
            Just(TwoByTwoTest::ChiSquareYates)
        ],
        prop_oneof![Just(0.95), Just(0.9), Just(0.99)],
    )
        .prop_map(
            |(apply_eligibility, two_by_two_test, confidence_level)| Settings {
                apply_eligibility,
                two_by_two_test,
                confidence_level,
                ..Settings::default()
            },
        )
}

fn validators() -> &'static (jsonschema::Validator, jsonschema::Validator) {
    static V: OnceLock<(jsonschema::Validator, jsonschema::Validator)> = OnceLock::new();
    V.get_or_init(|| {
        let load = |schema: String| {
            let schema: serde_json::Value = serde_json::from_str(&schema).unwrap();
            jsonschema::validator_for(&schema).unwrap()
        };
        (
            load(lenalyze::report::json_schema()),
            load(lenalyze::present::json_schema()),
        )
    })
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(cases),
        // The shrunk failure is reported in the test's output; no files.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(24))]

    /// Counts, percentages, p-values, finite numbers and intervals; the
    /// report and both languages' presentations fit their schemas.
    #[test]
    fn every_number_keeps_its_promise(rows in cohort(3, 40), s in settings()) {
        let ids: Vec<usize> = (0..rows.len()).collect();
        let files = [InputFile { name: "cohort.csv".into(), bytes: to_csv(&rows, &ids).into_bytes() }];
        let report = lenalyze::analyze(&files, &s);
        let value: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
        prop_assert!(value["analysis"].is_object(), "a generated cohort is analysed: {}", value["diagnostics"]);
        entries::check_report(&value, "$");
        let (report_schema, presentation_schema) = validators();
        if let Err(e) = report_schema.validate(&value) {
            return Err(TestCaseError::fail(format!("report schema: {e} at {}", e.instance_path())));
        }
        for lang in [Lang::En, Lang::Ko] {
            let p = serde_json::to_value(lenalyze::present::present(&report, lang)).unwrap();
            if let Err(e) = presentation_schema.validate(&p) {
                return Err(TestCaseError::fail(format!("presentation schema: {e} at {}", e.instance_path())));
            }
        }
    }

    /// The same patients in another order give the same analysis (the
    /// provenance's file hash and the rows named in diagnostics differ, as
    /// they should).
    #[test]
    fn row_order_never_changes_the_analysis(
        rows in cohort(3, 40),
        shuffle in any::<u64>(),
        s in settings(),
    ) {
        let ids: Vec<usize> = (0..rows.len()).collect();
        let mut order: Vec<usize> = ids.clone();
        // A deterministic permutation from `shuffle` (Fisher–Yates on an LCG).
        let mut state = shuffle | 1;
        for i in (1..order.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            order.swap(i, (state >> 33) as usize % (i + 1));
        }
        let shuffled: Vec<Row> = order.iter().map(|&i| rows[i].clone()).collect();
        let mut a = analyze_rows(&rows, &ids, &s);
        let mut b = analyze_rows(&shuffled, &order, &s);
        for r in [&mut a, &mut b] {
            without_rows(r);
            // The flow's patient listings follow the file's order (where a
            // reader finds them); as sets they must not change.
            if let Some(flow) = r["analysis"]["population_flow"].as_object_mut() {
                for list in flow.values_mut().filter_map(|v| v.as_array_mut()) {
                    list.sort_by_key(|x| x.to_string());
                }
            }
        }
        prop_assert!(a["analysis"] == b["analysis"], "{:?}", first_difference(&a["analysis"], &b["analysis"], "analysis"));
        prop_assert_eq!(&a["status"], &b["status"]);
    }

    /// A screened patient who is not eligible (aged 15) changes the flow's
    /// screened and excluded counts and nothing else of the analysis.
    #[test]
    fn an_ineligible_patient_changes_no_table(
        rows in cohort(3, 40),
        extra in patient(false),
        at in any::<proptest::sample::Index>(),
    ) {
        let s = Settings::default();
        let ids: Vec<usize> = (0..rows.len()).collect();
        let mut more = rows.clone();
        let position = at.index(rows.len() + 1);
        more.insert(position, extra);
        let mut more_ids = ids.clone();
        more_ids.insert(position, rows.len());
        let a = analyze_rows(&rows, &ids, &s);
        let b = analyze_rows(&more, &more_ids, &s);
        let (Some(a), Some(b)) = (a["analysis"].as_object(), b["analysis"].as_object()) else {
            return Err(TestCaseError::fail("both cohorts are analysed"));
        };
        for (key, table) in a {
            if key != "population_flow" {
                let other = b.get(key).unwrap_or(&serde_json::Value::Null);
                prop_assert!(table == other, "{:?}", first_difference(table, other, key));
            }
        }
        prop_assert_eq!(
            b["population_flow"]["screened"].as_u64(),
            a["population_flow"]["screened"].as_u64().map(|n| n + 1)
        );
        prop_assert_eq!(&a["population_flow"]["safety"], &b["population_flow"]["safety"]);
    }
}

/// The golden set: three generated cohorts (a fixed seed) and their native
/// report JSON, checked in; `tests/e2e/parity.test.mjs` analyses the same
/// files with both shipped wasm builds and compares the JSON text.
/// `UPDATE_GOLDEN=1` rewrites them after an intended change.
#[test]
fn golden_set_is_current() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/generated");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        ),
    );
    let sizes = [(12, 13), (25, 26), (40, 41)];
    for (i, (min, max)) in sizes.into_iter().enumerate() {
        let rows = cohort(min, max).new_tree(&mut runner).unwrap().current();
        let ids: Vec<usize> = (0..rows.len()).collect();
        let csv = to_csv(&rows, &ids);
        let name = format!("cohort-{}.csv", i + 1);
        let files = [InputFile {
            name: name.clone(),
            bytes: csv.clone().into_bytes(),
        }];
        let json = lenalyze::analyze(&files, &Settings::default()).to_json();
        let csv_path = dir.join(&name);
        let json_path = dir.join(format!("cohort-{}.report.json", i + 1));
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&csv_path, &csv).unwrap();
            std::fs::write(&json_path, &json).unwrap();
        }
        let saved_csv = std::fs::read_to_string(&csv_path).unwrap_or_default();
        let saved_json = std::fs::read_to_string(&json_path).unwrap_or_default();
        assert_eq!(saved_csv, csv, "{name}: generator changed; UPDATE_GOLDEN=1");
        assert_eq!(saved_json, json, "{name}: report changed; UPDATE_GOLDEN=1");
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert!(value["analysis"].is_object(), "{name} is analysed");
    }
}
