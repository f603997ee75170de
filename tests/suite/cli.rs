//! The command line: exit codes, output, settings, and the published CRF
//! template, which must be exactly what `lenalyze template` writes and must
//! read back to the demo's patients once filled.

// Native only: runs the CLI and writes workbooks.
#![cfg(not(target_arch = "wasm32"))]

use lenalyze::template;

use lenalyze::diagnostics::{Diagnostics, Severity};
use lenalyze::ingest::{ingest, InputFile};
use lenalyze::model::{Obs, Patient};
use lenalyze::schema::ValueKind;
use lenalyze::text::Lang;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use template::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn lenalyze(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lenalyze"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run lenalyze")
}

/// A fresh directory under the system temp dir.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lenalyze-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const DEMO: &str = "www/demo/lenalyze-demo.csv";

#[test]
fn analyze_demo_exits_0() {
    let out = lenalyze(&["analyze", DEMO]);
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["diagnostic_counts"]["errors"], 0);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn patients_writes_the_derived_dataset_as_a_plain_csv() {
    // `--patients`: the header row of column codes, then one row per
    // screened patient (the demo screens 31), no caption or footnote, the
    // same bytes as the dataset's table CSV in --tables-dir (the page's
    // download is checked against those in tests/e2e/unit.test.mjs).
    let dir = temp_dir("patients");
    let csv = dir.join("derived.csv");
    let tables = dir.join("tables");
    let out = lenalyze(&[
        "analyze",
        DEMO,
        "-o",
        dir.join("r.json").to_str().unwrap(),
        "--patients",
        csv.to_str().unwrap(),
        "--tables-dir",
        tables.to_str().unwrap(),
        "--lang",
        "ko",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let bytes = std::fs::read(&csv).unwrap();
    assert_eq!(
        bytes,
        std::fs::read(tables.join("lenalyze-derived-dataset.csv")).unwrap()
    );
    let text = String::from_utf8(bytes).unwrap();
    let text = text
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark for Excel");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let names: Vec<&str> = lenalyze::present::dataset::DATASET_COLUMNS
        .iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(header, names);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 31);
    assert!(records.iter().all(|r| r.len() == names.len()));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn derivations_writes_every_patients_derived_values_outside_the_report() {
    // The report JSON lists no patient's derived values (issue 9);
    // `--derivations` writes them in full, one object per screened
    // patient, in the derived dataset's order.
    let dir = temp_dir("derivations");
    let report = dir.join("r.json");
    let derivations = dir.join("derivations.json");
    let csv = dir.join("derived.csv");
    let demo: Vec<String> = ["", "-labs", "-transfusions", "-dosing"]
        .iter()
        .map(|s| format!("www/demo/lenalyze-demo{s}.csv"))
        .collect();
    let mut args: Vec<&str> = vec!["analyze"];
    args.extend(demo.iter().map(String::as_str));
    for (flag, path) in [
        ("-o", &report),
        ("--derivations", &derivations),
        ("--patients", &csv),
    ] {
        args.push(flag);
        args.push(path.to_str().unwrap());
    }
    let out = lenalyze(&args);
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert!(report["derived"].is_object());
    assert!(report["derived"].get("subjects").is_none());
    let rows: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(&derivations).unwrap()).unwrap();
    let text = String::from_utf8(std::fs::read(&csv).unwrap()).unwrap();
    let dataset_ids: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let ids: Vec<&str> = rows
        .iter()
        .map(|r| r["patient_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, dataset_ids);
    assert_eq!(ids.len(), 31);
    // What the dataset does not hold: each score's parts and the reasons.
    assert!(rows.iter().all(|r| r["not_derived"].is_array()));
    assert!(rows.iter().any(|r| r["ipss"].is_object()));
    assert!(rows.iter().any(|r| r["dose"].is_object()));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn broken_file_exits_1_with_messages_on_stderr() {
    let out = lenalyze(&["analyze", "tests/data/bad/duplicate-ids.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: duplicate-ids.csv, row 4, column \"patient_id\": Patient ID \"KR-01-001\" is \
         used in row 2 and again in row 4; each patient must have one row with a unique ID.\n"
    );
    // The report is still written, with the error in it.
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["diagnostic_counts"]["errors"], 1);
}

#[test]
fn usage_errors_exit_2() {
    for (args, says) in [
        (&[][..], "no command given"),
        (&["analyze"][..], "no input files given"),
        (
            &["analyze", DEMO, "--frobnicate"][..],
            "unknown option \"--frobnicate\"",
        ),
        (&["analyse", DEMO][..], "unknown command \"analyse\""),
        (
            &["analyze", "no/such/file.csv"][..],
            "cannot read no/such/file.csv",
        ),
        (&["analyze", DEMO, "-o"][..], "-o needs a file name"),
        (&["template"][..], "template needs --out-dir DIR"),
    ] {
        let out = lenalyze(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with(&format!("lenalyze: {says}")),
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains("Usage:"), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn output_file_has_the_bytes_of_stdout() {
    let dir = temp_dir("output");
    let path = dir.join("report.json");
    let to_file = lenalyze(&["analyze", DEMO, "-o", path.to_str().unwrap()]);
    assert_eq!(to_file.status.code(), Some(0));
    assert!(to_file.stdout.is_empty());
    let to_stdout = lenalyze(&["analyze", DEMO]);
    assert_eq!(std::fs::read(&path).unwrap(), to_stdout.stdout);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn settings_file_is_applied() {
    let dir = temp_dir("settings");
    let path = dir.join("settings.json");
    std::fs::write(&path, r#"{"min_age_years": 70}"#).unwrap();
    let out = lenalyze(&["analyze", DEMO, "--settings", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["provenance"]["settings"]["min_age_years"], 70.0);
    let default: serde_json::Value =
        serde_json::from_slice(&lenalyze(&["analyze", DEMO]).stdout).unwrap();
    assert_ne!(report["analysis"], default["analysis"]);
    // A settings file that is not valid is a usage error.
    std::fs::write(&path, r#"{"min_age": 70}"#).unwrap();
    let out = lenalyze(&["analyze", DEMO, "--settings", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn published_template_files_are_current() {
    let dir = temp_dir("template");
    let out = lenalyze(&["template", "--out-dir", dir.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Every language by default: English as named, Korean with -ko.
    let mut written: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    let mut expected: Vec<String> = Lang::ALL.iter().flat_map(|l| template::files(*l)).collect();
    expected.sort();
    assert_eq!(written, expected);
    for name in &expected {
        let fresh = std::fs::read(dir.join(name)).unwrap();
        let published = std::fs::read(root().join("www/template").join(name)).unwrap();
        assert!(
            fresh == published,
            "www/template/{name} is stale: run `cargo run -- template --out-dir www/template`"
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn template_lang_writes_one_language() {
    let dir = temp_dir("template-ko");
    let out = lenalyze(&[
        "template",
        "--out-dir",
        dir.to_str().unwrap(),
        "--lang",
        "ko",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let mut written: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    let mut expected = template::files(Lang::Ko).to_vec();
    expected.sort();
    assert_eq!(written, expected);
    let out = lenalyze(&[
        "template",
        "--out-dir",
        dir.to_str().unwrap(),
        "--lang",
        "fr",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn template_columns_come_from_the_schema() {
    let csv = String::from_utf8(template::csv_template()).unwrap();
    let header: Vec<&str> = csv
        .trim_start_matches('\u{feff}')
        .trim_end()
        .split(',')
        .collect();
    // The fixed columns, 4 labs at 7 weeks, Hb/ANC/platelets at diagnosis,
    // 19 adverse events.
    assert_eq!(
        header.len(),
        lenalyze::schema::PATIENT_COLUMNS.len()
            + 4 * lenalyze::schema::LAB_WEEKS.len()
            + 3
            + lenalyze::schema::STUDY_AE_TERMS.len()
    );
    // Every header reads back as itself.
    let (ingested, _) = read(&[InputFile {
        name: "template.csv".into(),
        bytes: template::csv_template(),
    }]);
    assert!(ingested.summary.ignored_columns.is_empty());
    assert_eq!(ingested.summary.columns, header);
}

fn read(files: &[InputFile]) -> (lenalyze::ingest::Ingested, Diagnostics) {
    let mut diags = Diagnostics::new();
    let ingested = ingest(files, &mut diags);
    (ingested, diags)
}

/// The demo CSV's rows as template values, by the template's column order.
fn demo_rows_for_template() -> Vec<Vec<Option<Value>>> {
    let text = std::fs::read_to_string(root().join(DEMO)).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let columns = template::patient_columns(Lang::En);
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            columns
                .iter()
                .map(|column| {
                    let i = header.iter().position(|h| *h == column.column)?;
                    let cell = record.get(i).filter(|c| !c.is_empty())?;
                    Some(match column.kind {
                        ValueKind::Date => {
                            let p: Vec<u16> = cell.split('-').map(|x| x.parse().unwrap()).collect();
                            Value::Date(p[0], p[1] as u8, p[2] as u8)
                        }
                        ValueKind::Number | ValueKind::Integer | ValueKind::Grade => {
                            Value::Number(cell.parse().unwrap())
                        }
                        _ => Value::Text(cell.to_string()),
                    })
                })
                .collect()
        })
        .collect()
}

/// Patients without their source, and without grade-0 adverse events the
/// demo has no column for (the template has a column for every study term,
/// and an empty grade cell is grade 0).
fn comparable(patients: &[Patient], terms: &[String]) -> Vec<Patient> {
    patients
        .iter()
        .cloned()
        .map(|mut p| {
            p.source.file.clear();
            p.source.sheet = None;
            p.adverse_events.retain(|t, g| {
                terms.iter().any(|x| x.as_str() == &**t) || !matches!(g, Obs::Known(0) | Obs::Empty)
            });
            p
        })
        .collect()
}

#[test]
fn filled_template_reads_back_to_the_demo() {
    let bytes = template::workbook(Lang::En, &demo_rows_for_template()).unwrap();
    let filled = InputFile {
        name: "filled.xlsx".into(),
        bytes,
    };
    let demo = InputFile {
        name: "lenalyze-demo.csv".into(),
        bytes: std::fs::read(root().join(DEMO)).unwrap(),
    };
    let (expected, _) = read(std::slice::from_ref(&demo));
    let (got, _) = read(std::slice::from_ref(&filled));
    assert_eq!(got.patients.len(), 31);
    let terms = expected.summary.ae_terms.clone();
    assert_eq!(
        comparable(&got.patients, &terms),
        comparable(&expected.patients, &terms)
    );
    // The dictionary sheet is the only thing said about the workbook.
    let report = lenalyze::analyze(&[filled], &lenalyze::Settings::default());
    let said: Vec<(Severity, &str, Option<&str>)> = report
        .diagnostics
        .iter()
        .map(|d| (d.severity, d.code, d.location.sheet.as_deref()))
        .collect();
    assert_eq!(
        said,
        [(Severity::Info, "ignored-sheet", Some("dictionary"))]
    );
    assert!(report.analysis.is_some());
}

#[test]
fn korean_template_reads_like_the_english_one() {
    let rows = demo_rows_for_template();
    let en = template::workbook(Lang::En, &rows).unwrap();
    let ko = template::workbook(Lang::Ko, &rows).unwrap();
    // The same header row: the column names are the contract.
    let names = |lang| -> Vec<String> {
        template::patient_columns(lang)
            .into_iter()
            .map(|e| e.column)
            .collect()
    };
    assert_eq!(names(Lang::Ko), names(Lang::En));
    let (from_en, _) = read(&[InputFile {
        name: "filled.xlsx".into(),
        bytes: en,
    }]);
    let (from_ko, _) = read(&[InputFile {
        name: "filled.xlsx".into(),
        bytes: ko.clone(),
    }]);
    assert_eq!(from_ko.patients.len(), 31);
    assert_eq!(from_ko.patients, from_en.patients);
    // Both header rows, as read from the workbooks, are the same.
    assert_eq!(from_ko.summary.columns, from_en.summary.columns);
    assert_eq!(from_ko.summary.columns, names(Lang::En));
    // The Korean dictionary sheet is the only thing said about the workbook.
    let report = lenalyze::analyze(
        &[InputFile {
            name: "filled.xlsx".into(),
            bytes: ko,
        }],
        &lenalyze::Settings::default(),
    );
    let said: Vec<(Severity, &str, Option<&str>)> = report
        .diagnostics
        .iter()
        .map(|d| (d.severity, d.code, d.location.sheet.as_deref()))
        .collect();
    assert_eq!(
        said,
        [(Severity::Info, "ignored-sheet", Some("데이터 사전"))]
    );
}

/// `aggregate` writes a site summary and its disclosure note; `pool` turns
/// summaries into the report `analyze` writes for the files together, with
/// the same outputs; a summary given twice is an error (exit 1).
#[test]
fn aggregate_then_pool_gives_the_report_of_the_files_together() {
    let dir = temp_dir("pool");
    let text = std::fs::read_to_string(root().join(DEMO)).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    let mut summaries = Vec::new();
    for (i, part) in [&rows[..12], &rows[12..]].iter().enumerate() {
        let csv = dir.join(format!("site{i}.csv"));
        std::fs::write(&csv, format!("{header}\n{}\n", part.join("\n"))).unwrap();
        let json = dir.join(format!("site{i}.json"));
        let out = lenalyze(&[
            "aggregate",
            csv.to_str().unwrap(),
            "--site",
            &format!("Site {i}"),
            "-o",
            json.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0));
        let note = String::from_utf8_lossy(&out.stderr);
        assert!(note.contains("no patient rows, IDs or dates"), "{note}");
        assert!(note.contains("are below 5"), "{note}");
        summaries.push(json);
    }
    let both: Vec<&str> = summaries.iter().map(|p| p.to_str().unwrap()).collect();
    let tables = dir.join("tables");
    let out = lenalyze(
        &[
            &["pool"][..],
            &both,
            &["--tables-dir", tables.to_str().unwrap(), "--lang", "ko"],
        ]
        .concat(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pooled: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let direct: serde_json::Value = serde_json::from_slice(
        &lenalyze(&[
            "analyze",
            dir.join("site0.csv").to_str().unwrap(),
            dir.join("site1.csv").to_str().unwrap(),
        ])
        .stdout,
    )
    .unwrap();
    for part in ["table1", "table2", "table3", "efficacy", "survival"] {
        assert_eq!(pooled["analysis"][part], direct["analysis"][part], "{part}");
    }
    assert!(tables.join("lenalyze-flow-sites.csv").exists());
    let twice = lenalyze(&["pool", both[0], both[0]]);
    assert_eq!(twice.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&twice.stderr).contains("is given twice"));
}
