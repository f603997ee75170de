//! The report's JSON Schema: the published copy is current, and every
//! report these tests can produce validates against it.
//!
//! Regenerate the published schema after changing a report type:
//! `UPDATE_SCHEMA=1 cargo test --test suite schema::`.

use crate::common;
use lenalyze::{analyze, InputFile, Settings};

use common::{inputs_under, root};

fn check_published(file: &str, generated: &str) {
    let path = root().join(file);
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, generated).unwrap();
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == generated,
        "{file} is stale: run UPDATE_SCHEMA=1 cargo test --test suite schema::"
    );
}

#[test]
fn published_schemas_are_current() {
    check_published("www/report.schema.json", &lenalyze::report::json_schema());
    check_published(
        "www/presentation.schema.json",
        &lenalyze::present::json_schema(),
    );
}

fn validator(schema: &str) -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(schema).unwrap();
    jsonschema::validator_for(&schema).expect("the schema itself is valid")
}

fn assert_valid(validator: &jsonschema::Validator, json: &serde_json::Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(json)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what}: {:?}",
        &errors[..errors.len().min(5)]
    );
}

/// Every report and every presentation of it these tests can produce
/// validates against the published schemas.
#[test]
fn every_report_validates() {
    let validator = validator(&lenalyze::report::json_schema());
    let presentation_validator = validator_for_presentation();
    let mut inputs = inputs_under(&root().join("www/demo"));
    inputs.extend(inputs_under(&root().join("tests/data")));
    assert!(!inputs.is_empty());
    let settings = [
        Settings::default(),
        Settings {
            apply_eligibility: false,
            two_by_two_test: lenalyze::settings::TwoByTwoTest::ChiSquareYates,
            ..Settings::default()
        },
    ];
    for path in &inputs {
        let bytes = std::fs::read(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for s in &settings {
            let report = analyze(
                &[InputFile {
                    name: name.clone(),
                    bytes: bytes.clone(),
                }],
                s,
            );
            let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
            assert_valid(&validator, &json, &path.display().to_string());
            for lang in lenalyze::text::Lang::ALL {
                let p = lenalyze::present::present(&report, lang);
                let json = serde_json::to_value(&p).unwrap();
                assert_valid(&presentation_validator, &json, &path.display().to_string());
            }
        }
    }
}

/// A report with the audit of a claims file (the paper's, and a broken one
/// with located problems) validates too, in both layouts.
#[test]
fn reports_with_an_audit_validate() {
    let validator = validator(&lenalyze::report::json_schema());
    let presentation_validator = validator_for_presentation();
    let demo = root().join("www/demo/lenalyze-demo.csv");
    let demo = InputFile {
        name: "lenalyze-demo.csv".into(),
        bytes: std::fs::read(demo).unwrap(),
    };
    let paper = std::fs::read(root().join("examples/paper-claims.csv")).unwrap();
    for claims in [&paper[..], b"table,row,printed\nx,y,1\n"] {
        let report = analyze(std::slice::from_ref(&demo), &Settings::default());
        let report = lenalyze::check_claims(report, "claims.csv", claims);
        let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
        assert!(json.get("audit").is_some());
        assert_valid(&validator, &json, "audit");
        for lang in lenalyze::text::Lang::ALL {
            let p = lenalyze::present::present(&report, lang);
            let json = serde_json::to_value(&p).unwrap();
            assert_valid(&presentation_validator, &json, "audit presentation");
        }
    }
}

fn validator_for_presentation() -> jsonschema::Validator {
    validator(&lenalyze::present::json_schema())
}
