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

use crate::common;

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
        let mut cells = common::split_csv(line);
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

fn public(name: &str) -> InputFile {
    file(&root().join("tests/data/redcap/public").join(name))
}

#[test]
fn real_public_redcap_projects_read_with_clear_messages() {
    // tests/data/redcap/public/README.md says where these come from.
    for project in [
        "simple",
        "repeating-instruments",
        "decimal-comma",
        "longitudinal-repeating",
    ] {
        let report = run(&[
            public(&format!("{project}-data.csv")),
            public(&format!("{project}-dictionary.csv")),
        ]);
        assert_eq!(report.status, "errors", "{project}");
        let missing: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == "missing-column")
            .flat_map(|d| d.message.params.iter().map(|(_, p)| format!("{p:?}")))
            .collect();
        let missing = missing.join(" ");
        // (A labs sheet can give the week-0 Hb, so with one hb_w0 is not
        // required.)
        let labs = project == "longitudinal-repeating";
        for column in ["diagnosis_date", "hb_w0"] {
            if !(labs && column == "hb_w0") {
                assert!(missing.contains(column), "{project}: {missing}");
            }
        }
        // Read as REDCap, with its dictionary, and every message renders.
        assert!(report.diagnostics.iter().any(|d| d.code == "redcap-export"));
        for d in report.diagnostics.iter() {
            assert!(!d.text(Lang::En).contains('⟦'), "{}", d.text(Lang::En));
            assert!(!d.text(Lang::Ko).contains('⟦'), "{}", d.text(Lang::Ko));
        }
    }
    // simple: the form-status and checkbox columns are not data.
    let simple = run(&[public("simple-data.csv"), public("simple-dictionary.csv")]);
    assert!(simple
        .ingest
        .ignored_columns
        .iter()
        .all(|c| !c.ends_with("_complete") && !c.contains("___")));
    assert!(simple.ingest.columns.iter().any(|c| c == "birth_date"));
    // "FALSE" in a radio field coded 0/1 is named with its record and field.
    let sex = simple
        .diagnostics
        .iter()
        .find(|d| d.location.column.as_deref() == Some("sex"))
        .unwrap();
    let place = sex.location.redcap.as_ref().unwrap();
    assert_eq!(place.record.as_deref(), Some("1"));
    assert_eq!(place.instrument.as_deref(), Some("demographics"));
    // repeating-instruments: the instrument `bp` is named, not read.
    let repeating = run(&[
        public("repeating-instruments-data.csv"),
        public("repeating-instruments-dictionary.csv"),
    ]);
    let bp = repeating
        .diagnostics
        .iter()
        .find(|d| d.code == "redcap-instrument-not-read")
        .unwrap();
    assert!(bp.text(Lang::En).contains("\"bp\""));
    // longitudinal-repeating: three events, two repeating instruments
    // that are not crf-v1 sheets (named, not read); one patient a record,
    // from its first event, however many events and instances follow.
    let longitudinal = run(&[
        public("longitudinal-repeating-data.csv"),
        public("longitudinal-repeating-dictionary.csv"),
    ]);
    let not_read: Vec<String> = longitudinal
        .diagnostics
        .iter()
        .filter(|d| d.code == "redcap-instrument-not-read")
        .map(|d| d.text(Lang::En))
        .collect();
    assert!(not_read[0].contains("\"medication\""), "{not_read:?}");
    // `laboratory` is taken for the labs sheet, which then lacks its date.
    assert!(longitudinal
        .diagnostics
        .iter()
        .any(|d| d.code == "missing-column"
            && d.text(Lang::En)
                .contains("The labs sheet needs a column \"lab_date\"")));
    // visit_date differs between events, but the CRF does not read it: no
    // conflict is reported for it (it is listed as ignored, once).
    assert!(!longitudinal
        .diagnostics
        .iter()
        .any(|d| d.code == "redcap-event-conflict"));
    let patients = longitudinal
        .ingest
        .sheets
        .iter()
        .find(|s| s.role == "patients")
        .unwrap();
    assert_eq!(patients.rows, 3, "{:?}", longitudinal.ingest.sheets);
    // decimal-comma: "1,54" (metres) is read as 1.54 and then questioned
    // as a height in cm; "52,3" kg is a weight.
    let comma = run(&[
        public("decimal-comma-data.csv"),
        public("decimal-comma-dictionary.csv"),
    ]);
    assert!(comma
        .diagnostics
        .iter()
        .any(|d| d.location.value.as_deref() == Some("1.54")));
    assert!(comma.ingest.columns.iter().any(|c| c == "weight_kg"));
    assert!(!comma
        .diagnostics
        .iter()
        .any(|d| d.location.column.as_deref() == Some("weight")));
}

#[test]
fn a_dictionary_alone_says_so_and_junk_never_crashes() {
    let alone = run(&[dictionary()]);
    assert!(alone
        .diagnostics
        .iter()
        .any(|d| d.code == "redcap-dictionary-alone"));
    // Cut exports at every tenth of their length: messages, never a panic.
    for name in ["longitudinal-raw.csv", "checkbox-labels-web.csv"] {
        let bytes = demo(name).bytes;
        for tenth in 1..10 {
            let cut = bytes.len() * tenth / 10;
            let _ = run(&[
                InputFile {
                    name: name.into(),
                    bytes: bytes[..cut].to_vec(),
                },
                dictionary(),
            ]);
        }
    }
}

#[test]
fn the_published_redcap_dictionary_has_redcaps_columns_and_every_crf_field() {
    // REDCap's data dictionary columns, in order, as REDCap's Data
    // Dictionary page writes them (the header of the real dictionaries in
    // tests/data/redcap/public, which add "Field Annotation" since REDCap 6;
    // also listed by the redcapdd package's get_dd_cols()).
    let documented = [
        "Variable / Field Name",
        "Form Name",
        "Section Header",
        "Field Type",
        "Field Label",
        "Choices, Calculations, OR Slider Labels",
        "Field Note",
        "Text Validation Type OR Show Slider Number",
        "Text Validation Min",
        "Text Validation Max",
        "Identifier?",
        "Branching Logic (Show field only if...)",
        "Required Field?",
        "Custom Alignment",
        "Question Number (surveys only)",
        "Matrix Group Name",
        "Matrix Ranking?",
        "Field Annotation",
    ];
    let real = String::from_utf8(public("decimal-comma-dictionary.csv").bytes).unwrap();
    assert_eq!(common::split_csv(real.lines().next().unwrap()), documented);
    for lang in Lang::ALL {
        let name = lenalyze::template::files(lang)[4].clone();
        let text = String::from_utf8(file(&root().join("www/template").join(&name)).bytes).unwrap();
        let text = text.trim_start_matches('\u{feff}');
        let mut lines = text.lines();
        assert_eq!(
            common::split_csv(lines.next().unwrap()),
            documented,
            "{name}"
        );
        let rows: Vec<Vec<String>> = lines.map(common::split_csv).collect();
        assert!(rows.iter().all(|r| r.len() == documented.len()));
        let names: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
        // Every crf-v1 column: the patients sheet's under their names, the
        // long sheets' under their REDCap names in their instruments.
        for e in lenalyze::template::dictionary(lang) {
            // The derived dataset's columns are Lenalyze's output, not CRF
            // fields a REDCap project collects.
            if e.sheet == "derived" || (e.column == "patient_id" && e.sheet != "patients") {
                continue;
            }
            let want = lenalyze::ingest::redcap::names::long_field(e.sheet, &e.column)
                .filter(|_| e.sheet != "patients")
                .unwrap_or(e.column.clone());
            let row = rows
                .iter()
                .find(|r| r[0] == want)
                .unwrap_or_else(|| panic!("{name}: no field {want}"));
            assert_eq!(row[1], e.sheet, "{want}");
        }
        assert_eq!(names[0], "patient_id");
    }
}
