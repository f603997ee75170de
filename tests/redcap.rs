//! REDCap in and out: the demo exported as REDCap would export it (raw with
//! the dictionary, API labels, web "CSV (labels)", repeating instruments, a
//! longitudinal project, missing-data codes, checkbox fields and comma
//! decimals) gives the same report as the crf-v1 files with the same data;
//! diagnostics name the record, event, instrument, instance and field; a
//! real public REDCap project's export reads with clear messages.
//!
//! The REDCap files under `tests/data/redcap/demo/` are written by
//! `tools/make_redcap_examples.py` (an encoder written from REDCap's
//! documented formats, independently of the reader) from the demo CSV and
//! the published dictionary.

mod common;

use common::{file, root};
use lenalyze::diagnostics::Severity;
use lenalyze::settings::Settings;
use lenalyze::text::{Lang, Text};
use lenalyze::{analyze, InputFile, Report};
use serde_json::Value;

fn demo_dir() -> std::path::PathBuf {
    root().join("tests/data/redcap/demo")
}

fn demo(name: &str) -> InputFile {
    file(&demo_dir().join(name))
}

fn dictionary() -> InputFile {
    file(&root().join("www/template/redcap-data-dictionary.csv"))
}

fn crf_demo() -> InputFile {
    file(&root().join("www/demo/lenalyze-demo.csv"))
}

/// The report without what names files and places: provenance, the sheets
/// read, and the diagnostics' locations (their codes, severities and
/// messages stay), and without the notes that say a REDCap export was read.
fn comparable(report: &Report) -> Value {
    let mut v = serde_json::to_value(report).unwrap();
    let o = v.as_object_mut().unwrap();
    o.remove("provenance");
    o.remove("diagnostic_counts");
    if let Some(ingest) = o.get_mut("ingest").and_then(Value::as_object_mut) {
        ingest.remove("sheets");
        // REDCap orders the columns as the dictionary does (labs after the
        // dates), the demo CSV as the template did: the same set.
        // A REDCap export has every field of the project and leaves out
        // (and lists) those without a value in any record; the demo CSV has
        // a few such columns (no patient died). Columns with no value are
        // not compared; every other column and count is.
        let patients = report_patients(report);
        let mut empty: Vec<String> = Vec::new();
        if let Some(Value::Object(missing)) = ingest.get_mut("missing_cells") {
            missing.retain(|name, m| {
                let all_empty = m["empty"].as_u64() == Some(patients as u64);
                if all_empty {
                    empty.push(name.clone());
                }
                !all_empty
            });
        }
        if let Some(Value::Array(columns)) = ingest.get_mut("columns") {
            columns.retain(|c| !empty.iter().any(|e| Some(e.as_str()) == c.as_str()));
            columns.sort_by_key(|c| c.as_str().unwrap_or_default().to_string());
        }
    }
    let diags: Vec<Value> = report
        .diagnostics
        .iter()
        .filter(|d| !d.code.starts_with("redcap-export"))
        .map(|d| {
            serde_json::json!({
                "severity": d.severity,
                "code": d.code,
                "message": d.message.key.name(),
                "params": d.message.params.iter()
                    .filter(|(name, _)| !matches!(*name, "row" | "file" | "first" | "letter"))
                    .map(|(name, p)| format!("{name}={p:?}"))
                    .collect::<Vec<_>>(),
            })
        })
        .collect();
    o.insert("diagnostics".into(), Value::Array(diags));
    v
}

/// Rows of the patients sheets read.
fn report_patients(report: &Report) -> usize {
    report
        .ingest
        .sheets
        .iter()
        .filter(|s| s.role == "patients")
        .map(|s| s.rows)
        .sum()
}

fn assert_same(a: &Report, b: &Report, what: &str) {
    let (a, b) = (comparable(a), comparable(b));
    if a != b {
        let (sa, sb) = (
            serde_json::to_string_pretty(&a).unwrap(),
            serde_json::to_string_pretty(&b).unwrap(),
        );
        let first = sa
            .lines()
            .zip(sb.lines())
            .enumerate()
            .find(|(_, (x, y))| x != y)
            .map(|(i, (x, y))| format!("line {i}:\n  crf-v1: {x}\n  REDCap: {y}"));
        panic!("{what}: reports differ at {first:?}");
    }
}

fn run(files: &[InputFile]) -> Report {
    analyze(files, &Settings::default())
}

fn codes(report: &Report, severity: Severity) -> Vec<&'static str> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .map(|d| d.code)
        .collect()
}

#[test]
fn the_demo_as_raw_redcap_data_with_its_dictionary_reads_as_the_demo() {
    let crf = run(&[crf_demo()]);
    assert_eq!(crf.status, "ok");
    let redcap = run(&[demo("raw.csv"), dictionary()]);
    assert_eq!(redcap.status, "ok", "{:?}", codes(&redcap, Severity::Error));
    assert_same(&crf, &redcap, "raw + dictionary");
    // The dictionary is listed as such; the export became a patients sheet.
    let roles: Vec<&str> = redcap
        .ingest
        .sheets
        .iter()
        .map(|s| s.role.as_str())
        .collect();
    assert_eq!(roles, ["redcap_dictionary", "patients"]);
    assert_eq!(redcap.ingest.sheets[1].rows, 31);
    // Dropped in either order.
    let reversed = run(&[dictionary(), demo("raw.csv")]);
    assert_same(&crf, &reversed, "dictionary first");
}

#[test]
fn both_label_exports_read_as_the_demo_with_or_without_the_dictionary() {
    let crf = run(&[crf_demo()]);
    for name in ["labels-api.csv", "labels-web.csv"] {
        let with = run(&[demo(name), dictionary()]);
        assert_same(&crf, &with, name);
        // Without a dictionary: Lenalyze's own REDCap dictionary knows the
        // field names and labels it wrote, and says so.
        let without = run(&[demo(name)]);
        assert_same(&crf, &without, &format!("{name} alone"));
        assert!(without
            .diagnostics
            .iter()
            .any(|d| d.message.key == lenalyze::text::keys::DIAG_REDCAP_OWN_DICTIONARY));
        // Form-status columns are not data: no duplicate or ignored column.
        assert!(
            with.ingest.ignored_columns.is_empty(),
            "{:?}",
            with.ingest.ignored_columns
        );
    }
}

#[test]
fn a_raw_export_alone_is_decoded_with_lenalyzes_dictionary() {
    let crf = run(&[crf_demo()]);
    let alone = run(&[demo("raw.csv")]);
    assert_same(&crf, &alone, "raw alone");
}

#[test]
fn repeating_instruments_become_the_long_sheets() {
    let crf = run(&[
        demo("patients-crf.csv"),
        demo("labs.csv"),
        demo("adverse_events.csv"),
    ]);
    assert_eq!(crf.status, "ok", "{:?}", codes(&crf, Severity::Error));
    let redcap = run(&[demo("repeating-raw.csv"), dictionary()]);
    assert_same(&crf, &redcap, "repeating instruments");
    let roles: Vec<&str> = redcap
        .ingest
        .sheets
        .iter()
        .map(|s| s.role.as_str())
        .collect();
    assert_eq!(
        roles,
        ["redcap_dictionary", "patients", "labs", "adverse_events"]
    );
    assert_eq!(redcap.ingest.long_sheets, crf.ingest.long_sheets);
}

#[test]
fn a_longitudinal_export_reads_events_and_restarting_instances() {
    let crf = run(&[
        demo("patients-crf.csv"),
        demo("labs.csv"),
        demo("adverse_events.csv"),
    ]);
    let redcap = run(&[demo("longitudinal-raw.csv"), dictionary()]);
    assert_same(&crf, &redcap, "longitudinal");
}

#[test]
fn missing_data_codes_are_explicit_unknowns() {
    let settings = Settings {
        redcap_missing_codes: vec!["-999".into()],
        ..Settings::default()
    };
    let crf = analyze(&[demo("missing-crf.csv")], &settings);
    let redcap = analyze(&[demo("missing-raw.csv"), dictionary()], &settings);
    assert_same(&crf, &redcap, "missing codes");
    let unknown = |r: &Report, c: &str| r.ingest.missing_cells.get(c).map_or(0, |m| m.unknown);
    assert_eq!(unknown(&redcap, "height_cm"), 1);
    assert_eq!(unknown(&redcap, "ipss_r"), 1);
    // A project's own code is a value unless the settings name it: -999 kg
    // is then an implausible weight, not an unknown.
    let plain = run(&[demo("missing-raw.csv"), dictionary()]);
    assert_eq!(unknown(&plain, "weight_kg"), 0);
    assert_eq!(unknown(&plain, "height_cm"), 1);
}

#[test]
fn checkbox_fields_and_comma_decimals() {
    let crf = run(&[demo("checkbox-crf.csv")]);
    let dict = demo("checkbox-dictionary.csv");
    for name in ["checkbox-raw.csv", "checkbox-labels-web.csv"] {
        let redcap = run(&[demo(name), dict.clone()]);
        assert_same(&crf, &redcap, name);
    }
}

#[test]
fn diagnostics_name_record_event_instrument_instance_and_field() {
    // A bad sex code at baseline and a bad lab date in instance 2 of labs
    // at the treatment event of the second record.
    let text = String::from_utf8(demo("longitudinal-raw.csv").bytes).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let sex = header.iter().position(|h| *h == "sex").unwrap();
    let lab_date = header.iter().position(|h| *h == "lab_date").unwrap();
    let record = "KR-01-005";
    let base = lines
        .iter()
        .position(|l| l.starts_with(&format!("{record},baseline_arm_1")))
        .unwrap();
    let lab2 = lines
        .iter()
        .position(|l| l.starts_with(&format!("{record},treatment_arm_1,labs,2,")))
        .unwrap();
    let set = |line: &str, col: usize, value: &str| -> String {
        let mut cells = split_csv(line);
        cells[col] = value.to_string();
        cells
            .iter()
            .map(|c| {
                if c.contains(',') {
                    format!("\"{c}\"")
                } else {
                    c.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    lines[base] = set(&lines[base], sex, "X");
    lines[lab2] = set(&lines[lab2], lab_date, "31/31/2019");
    let bytes = (lines.join("\n") + "\n").into_bytes();
    let report = run(&[
        InputFile {
            name: "export.csv".into(),
            bytes,
        },
        dictionary(),
    ]);
    let sex_diag = report
        .diagnostics
        .iter()
        .find(|d| d.location.redcap.as_ref().and_then(|r| r.field.as_deref()) == Some("sex"))
        .expect("a diagnostic on sex");
    let place = sex_diag.location.redcap.as_ref().unwrap();
    assert_eq!(place.record.as_deref(), Some(record));
    assert_eq!(place.event.as_deref(), Some("baseline_arm_1"));
    assert_eq!(place.instrument.as_deref(), Some("patients"));
    assert_eq!(sex_diag.location.row, Some(base as u32 + 1));
    assert_eq!(sex_diag.location.column.as_deref(), Some("sex"));
    assert_eq!(sex_diag.location.value.as_deref(), Some("X"));
    let lab_diag = report
        .diagnostics
        .iter()
        .find(|d| d.location.redcap.as_ref().and_then(|r| r.field.as_deref()) == Some("lab_date"))
        .expect("a diagnostic on lab_date");
    let place = lab_diag.location.redcap.as_ref().unwrap();
    assert_eq!(place.record.as_deref(), Some(record));
    assert_eq!(place.event.as_deref(), Some("treatment_arm_1"));
    assert_eq!(place.instrument.as_deref(), Some("labs"));
    assert_eq!(place.instance, Some(2));
    assert_eq!(lab_diag.location.row, Some(lab2 as u32 + 1));
    // The words: English and Korean.
    let en = place.render(Text::new(Lang::En), true);
    assert_eq!(
        en,
        format!(
            "record {record}, event treatment_arm_1, instrument labs, instance 2, field lab_date"
        )
    );
    assert!(place.render(Text::new(Lang::Ko), true).contains("레코드"));
    // last_followup_date came from the follow-up event.
    assert_eq!(report.status, "ok");
}

/// A CSV line's cells (quotes as the encoder writes them).
fn split_csv(line: &str) -> Vec<String> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(line.as_bytes());
    r.records()
        .next()
        .unwrap()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect()
}
