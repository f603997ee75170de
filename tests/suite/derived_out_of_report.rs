//! The per-patient derived values stay out of the report JSON and stay
//! reachable in the presentation (issue 9: at 10⁵ patients they were 102 MB
//! of a 131 MB report that the page copied, parsed and printed).
//!
//! `derived_section_is_current` keeps every table of the derived section
//! (whole, as the CLI's CSVs write them: the derived dataset, the
//! disagreement listing, the cross tables with their footnotes) and the
//! SHA-256 of the whole workbook for two inputs that exercise every
//! derivation (the demo with its four long sheets; a synthetic cohort with
//! long sheets) in `tests/data/generated/`. The files were written before
//! the per-patient values left the report, so an equal file now means the
//! user gets the same bytes as then. `UPDATE_GOLDEN=1` rewrites them after
//! an intended change of the presentation.
//!
//! `report_json_has_no_per_patient_derived_rows` checks the other side: the
//! `derived` part of the JSON names no patient and does not grow with the
//! cohort. `population_flow_counts_its_patients_and_the_presentation_lists_them`
//! does the same for the population flow's listings (excluded, without a
//! start date, not evaluable: about 13 bytes a screened patient, 1.32 MB at
//! 10⁵).
#![cfg(all(feature = "synth", feature = "export"))]

use lenalyze::present::{present_with, Listings};
use lenalyze::synth::{self, CsvSheets, Options};
use lenalyze::text::Lang;
use lenalyze::{analyze, InputFile, Report, Settings};
use sha2::{Digest, Sha256};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The demo: the patients file and its labs, transfusions and dosing logs.
fn demo() -> Vec<InputFile> {
    [
        "lenalyze-demo.csv",
        "lenalyze-demo-labs.csv",
        "lenalyze-demo-transfusions.csv",
        "lenalyze-demo-dosing.csv",
    ]
    .iter()
    .map(|name| InputFile {
        name: (*name).into(),
        bytes: std::fs::read(root().join("www/demo").join(name)).unwrap(),
    })
    .collect()
}

/// A synthetic cohort with long sheets (transfusion and dosing logs, so
/// the response, HIRA and dose derivations run).
fn synthetic(patients: usize, seed: u64) -> Vec<InputFile> {
    let options = Options {
        patients,
        seed,
        long: true,
    };
    let mut sheets = CsvSheets {
        patients: Vec::new(),
        long: Some(std::array::from_fn(|_| Vec::new())),
    };
    synth::csv(&options, &mut sheets).unwrap();
    let mut files = vec![InputFile {
        name: "synth.csv".into(),
        bytes: sheets.patients,
    }];
    for (name, bytes) in CsvSheets::<Vec<u8>>::LONG_NAMES
        .iter()
        .zip(sheets.long.unwrap())
    {
        files.push(InputFile {
            name: format!("synth-{name}.csv"),
            bytes,
        });
    }
    files
}

/// Every table of the derived section, whole, each CSV after a line with
/// its id.
fn derived_tables_csv(report: &Report) -> String {
    let whole = present_with(report, Lang::En, Listings::Whole);
    let section = whole
        .sections
        .iter()
        .find(|s| s.id == "derived")
        .expect("a derived section");
    let mut out = String::new();
    for block in &section.blocks {
        if let lenalyze::present::Block::Table(t) = block {
            out.push_str(&format!("## {}\n", t.id));
            out.push_str(&lenalyze::export::csv(t));
        }
    }
    out
}

/// SHA-256 (hex) of the workbook of every table, whole.
fn xlsx_sha256(report: &Report) -> String {
    let whole = present_with(report, Lang::En, Listings::Whole);
    let bytes = lenalyze::export::xlsx(&whole).unwrap();
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn derived_section_is_current() {
    let dir = root().join("tests/data/generated");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    for (name, files) in [("demo", demo()), ("synth-400-long", synthetic(400, 11))] {
        let report = analyze(&files, &Settings::default());
        assert!(report.derived.is_some(), "{name} is derived");
        let csv = derived_tables_csv(&report);
        let sha = format!("{}\n", xlsx_sha256(&report));
        let csv_path = dir.join(format!("{name}.derived-tables.csv"));
        let sha_path = dir.join(format!("{name}.xlsx.sha256"));
        if update {
            std::fs::write(&csv_path, &csv).unwrap();
            std::fs::write(&sha_path, &sha).unwrap();
        }
        let saved = std::fs::read_to_string(&csv_path).unwrap_or_default();
        assert!(
            saved == csv,
            "{name}: the derived section's tables changed; UPDATE_GOLDEN=1 if intended"
        );
        assert_eq!(
            std::fs::read_to_string(&sha_path).unwrap_or_default(),
            sha,
            "{name}: the workbook changed; UPDATE_GOLDEN=1 if intended"
        );
    }
}

/// Every string in a JSON value, with the path to it.
fn strings<'a>(v: &'a serde_json::Value, path: String, out: &mut Vec<(String, &'a str)>) {
    match v {
        serde_json::Value::String(s) => out.push((path, s)),
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                strings(x, format!("{path}[{i}]"), out);
            }
        }
        serde_json::Value::Object(o) => {
            for (k, x) in o {
                strings(x, format!("{path}.{k}"), out);
            }
        }
        _ => {}
    }
}

/// The `derived` part of a report's JSON.
fn derived_json(report: &Report) -> serde_json::Value {
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    json["derived"].clone()
}

#[test]
fn report_json_has_no_per_patient_derived_rows() {
    let small = analyze(&synthetic(150, 5), &Settings::default());
    let large = analyze(&synthetic(600, 5), &Settings::default());
    let d = large.derived.as_ref().unwrap();
    // The cohort has rows of every kind the JSON leaves out, so the checks
    // below see them gone, not absent from the start.
    assert_eq!(d.subjects.len(), 600);
    assert!(!d.risk.counts_from_week0.is_empty());
    assert!(!d.dose.is_empty());
    assert!(!d.hira.as_ref().unwrap().not_met_continued.is_empty());
    assert!(!d.ctcae[0].grades.disagreements.is_empty());
    let json = derived_json(&large);

    // No patient ID anywhere in it.
    let ids: std::collections::HashSet<&str> =
        d.subjects.iter().map(|s| s.patient_id.as_str()).collect();
    let mut found = Vec::new();
    strings(&json, "derived".into(), &mut found);
    let named: Vec<&(String, &str)> = found.iter().filter(|(_, s)| ids.contains(s)).collect();
    assert!(
        named.is_empty(),
        "patient IDs in the derived JSON: {named:?}"
    );
    for key in ["subjects", "burden", "dose"] {
        assert!(json.get(key).is_none(), "{key}");
    }
    assert!(json["ctcae"][0]["grades"].get("disagreements").is_none());

    // The lists left out are counted where no table of the JSON counts them.
    assert_eq!(
        json["risk"]["counts_from_week0_patients"],
        d.risk.counts_from_week0.len()
    );
    assert_eq!(json["dose_contradicted_patients"], d.dose.len());
    assert_eq!(json["burden_contradicted_patients"], d.burden.len());
    assert_eq!(
        json["hira"]["not_met_continued_patients"],
        d.hira.as_ref().unwrap().not_met_continued.len()
    );
    assert_eq!(
        json["cytogenetics"]["who_isolated_del5q_mismatches"],
        d.cytogenetics.who_isolated_del5q.len()
    );
    // The disagreements are the cross table's off-diagonal cells.
    let grades = &json["ctcae"][0]["grades"];
    let off_diagonal = grades["n"].as_u64().unwrap() - grades["agreeing"].as_u64().unwrap();
    assert_eq!(off_diagonal as usize, d.ctcae[0].grades.disagreements.len());

    // Four times the patients, about the same size: counts grow in digits,
    // not in entries.
    let size = |v: &serde_json::Value| serde_json::to_string(v).unwrap().len();
    let (a, b) = (size(&derived_json(&small)), size(&json));
    assert!(
        b < a + a / 5,
        "derived JSON {a} B at 150 patients, {b} B at 600"
    );
}

#[test]
fn population_flow_counts_its_patients_and_the_presentation_lists_them() {
    let report = analyze(&synthetic(600, 5), &Settings::default());
    let f = &report.analysis.as_ref().unwrap().population_flow;
    // Listings of each kind exist, so the checks see them gone from the JSON.
    assert!(!f.excluded.is_empty());
    assert!(!f.not_evaluable.is_empty());
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    let flow = &json["analysis"]["population_flow"];
    assert_eq!(flow["excluded_patients"], f.excluded.len());
    assert_eq!(flow["no_start_date_patients"], f.no_start_date.len());
    assert_eq!(flow["not_evaluable_patients"], f.not_evaluable.len());
    for key in ["excluded", "no_start_date", "not_evaluable"] {
        assert!(flow.get(key).is_none(), "{key}");
    }
    // No patient ID anywhere in the analysis.
    let ids: std::collections::HashSet<&str> = f
        .excluded
        .iter()
        .map(|x| x.patient_id.as_str())
        .chain(f.not_evaluable.iter().map(|x| x.patient_id.as_str()))
        .chain(f.no_start_date.iter().map(String::as_str))
        .collect();
    let mut found = Vec::new();
    strings(&json["analysis"], "analysis".into(), &mut found);
    let named: Vec<&(String, &str)> = found.iter().filter(|(_, s)| ids.contains(s)).collect();
    assert!(
        named.is_empty(),
        "patient IDs in the analysis JSON: {named:?}"
    );

    // The presentation lists every one of them (whole, as the CSVs and the
    // workbook have it), by ID in the file's order.
    let whole = present_with(&report, Lang::En, Listings::Whole);
    let listed = |id: &str| -> Vec<String> {
        let table = lenalyze::present::tables(&whole)
            .find(|t| t.id == id)
            .unwrap_or_else(|| panic!("no table {id}"));
        table.groups[0]
            .rows
            .iter()
            .map(|r| r[0].text.clone())
            .collect()
    };
    let excluded: Vec<String> = f.excluded.iter().map(|x| x.patient_id.clone()).collect();
    assert_eq!(listed("flow-excluded"), excluded);
    let not_evaluable: Vec<String> = f
        .not_evaluable
        .iter()
        .map(|x| x.patient_id.clone())
        .collect();
    assert_eq!(listed("flow-not-evaluable"), not_evaluable);
}
