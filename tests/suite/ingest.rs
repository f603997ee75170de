//! Integration tests of ingest against crf-v1 (`shared/crf-v1.md`): the demo
//! and its variants read to the same patients, one test per contract rule,
//! and the broken-file corpus in `tests/data/bad` gives exact diagnostics.

// Native only: the tests write workbooks with rust_xlsxwriter.
#![cfg(not(target_arch = "wasm32"))]

use lenalyze::diagnostics::{Diagnostic, Diagnostics, Severity};
use lenalyze::ingest::patients::UnitConversion;
use lenalyze::ingest::{ingest, Ingested, InputFile};
use lenalyze::model::{Obs, Patient};
use lenalyze::text::Lang;
use std::path::{Path, PathBuf};

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn file(path: &str) -> InputFile {
    let p = data(path);
    InputFile {
        name: p.file_name().unwrap().to_string_lossy().into_owned(),
        bytes: std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
    }
}

fn text_file(name: &str, text: &str) -> InputFile {
    InputFile {
        name: name.to_string(),
        bytes: text.as_bytes().to_vec(),
    }
}

fn run(files: &[InputFile]) -> (Ingested, Diagnostics) {
    let mut diags = Diagnostics::new();
    let ingested = ingest(files, &mut diags);
    (ingested, diags)
}

/// Patients without where they came from and without the site name.
fn comparable(patients: &[Patient]) -> Vec<Patient> {
    patients
        .iter()
        .cloned()
        .map(|mut p| {
            p.source.file.clear();
            p.source.sheet = None;
            p.source.row = 0;
            p.site = Obs::Empty;
            p
        })
        .collect()
}

fn dump(diags: &Diagnostics) -> String {
    diags
        .iter()
        .map(|d| {
            format!(
                "{:?} {} {:?}: {}\n",
                d.severity,
                d.code,
                d.location,
                d.text(Lang::En)
            )
        })
        .collect()
}

/// The demo as the page's demo button loads it: the wide CSV and its
/// transfusion, dosing and lab logs (crf-v1.1), analyzed as one.
const DEMO_FILES: [&str; 4] = [
    "www/demo/lenalyze-demo.csv",
    "www/demo/lenalyze-demo-transfusions.csv",
    "www/demo/lenalyze-demo-dosing.csv",
    "www/demo/lenalyze-demo-labs.csv",
];

/// Patients without their logs: what the wide columns alone say.
fn without_logs(patients: &[Patient]) -> Vec<Patient> {
    patients
        .iter()
        .cloned()
        .map(|mut p| {
            p.lab_log.clear();
            p.transfusion_log.clear();
            p.dosing_log.clear();
            p
        })
        .collect()
}

#[test]
fn demo_and_variants_read_to_the_same_patients() {
    let (wide, diags) = run(&[file("www/demo/lenalyze-demo.csv")]);
    assert_eq!(wide.patients.len(), 31);
    assert!(diags.is_empty(), "{}", dump(&diags));
    let (full, diags) = run(&DEMO_FILES.map(file));
    assert!(diags.is_empty(), "{}", dump(&diags));
    // The logs change no recorded value: every lab row lies outside the
    // nominal-week windows (tools/check_demo.py checks the dates too).
    assert_eq!(without_logs(&full.patients), wide.patients);
    assert_eq!(full.summary.long_sheets.labs_assigned, 0);
    assert_eq!(full.summary.long_sheets.rows_read["transfusions"], 503);
    assert_eq!(full.summary.long_sheets.rows_read["dosing"], 68);
    assert_eq!(full.summary.long_sheets.rows_read["labs"], 404);
    assert!(full.patients.iter().all(|p| !p.transfusion_log.is_empty()
        && !p.dosing_log.is_empty()
        && !p.lab_log.is_empty()));
    for (path, expected) in [
        // The workbook holds the patients and the three logs as sheets.
        ("www/demo/lenalyze-demo.xlsx", &full),
        // The demo XLSX saved by LibreOffice 7.4 as ODS and as Excel 97 XLS:
        // `soffice --headless --convert-to ods|xls lenalyze-demo.xlsx`.
        ("tests/data/demo.ods", &full),
        ("tests/data/demo.xls", &full),
        // The wide CSV as sites write it (tests/data/make_variants.py).
        ("tests/data/demo-cp949-semicolon.csv", &wide),
        ("tests/data/demo-utf16.csv", &wide),
        ("tests/data/demo-wide-gL.csv", &wide),
    ] {
        let expected = comparable(&expected.patients);
        let (got, diags) = run(&[file(path)]);
        println!("{path}:\n{}", dump(&diags));
        assert!(!diags.has_errors(), "{path}: {}", dump(&diags));
        let got = comparable(&got.patients);
        assert_eq!(got.len(), expected.len(), "{path}");
        for (g, e) in got.iter().zip(&expected) {
            assert_eq!(g, e, "{path}: patient {}", e.patient_id);
        }
    }
}

#[test]
fn unit_conversions_are_reported() {
    // The counts at diagnosis (crf-v1.1) follow the week columns' unit.
    let times = ["dx", "w0", "w4", "w8", "w12", "w16", "w24", "w48"];
    let plt: Vec<String> = times.iter().map(|t| format!("plt_{t}")).collect();
    let hb: Vec<String> = times.iter().map(|t| format!("hb_{t}")).collect();
    let (demo, _) = run(&[file("www/demo/lenalyze-demo.csv")]);
    assert!(demo.summary.unit_conversions.is_empty());

    let (korean, _) = run(&[file("tests/data/demo-cp949-semicolon.csv")]);
    assert_eq!(
        korean.summary.unit_conversions,
        vec![UnitConversion {
            columns: plt,
            from_unit: "x10^3/uL".into(),
            to_unit: "/µL".into(),
            factor: 1000.0,
            decided_by: "header",
        }]
    );

    let (gl, diags) = run(&[file("tests/data/demo-wide-gL.csv")]);
    assert_eq!(
        gl.summary.unit_conversions,
        vec![UnitConversion {
            columns: hb,
            from_unit: "g/L".into(),
            to_unit: "g/dL".into(),
            factor: 0.1,
            decided_by: "values",
        }]
    );
    let notes: Vec<&Diagnostic> = diags.iter().collect();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].severity, Severity::Info);
    assert_eq!(notes[0].code, "unit-converted");
    assert_eq!(
        notes[0].text(Lang::En),
        "Hemoglobin values look like g/L rather than g/dL (columns hb_dx, hb_w0, hb_w4, \
         hb_w8, hb_w12, hb_w16, hb_w24, hb_w48); they were converted by × 0.1."
    );
}

// ---------------------------------------------------------------------------
// One test per crf-v1 rule, on small CSVs built here.

/// The required columns of crf-v1 with one valid value each.
const BASE: &[(&str, &str)] = &[
    ("patient_id", "P1"),
    ("sex", "F"),
    ("age", "66"),
    ("diagnosis_date", "2019-01-02"),
    ("who_class", "MDS with isolated del(5q)"),
    ("ipss", "Low"),
    ("karyotype", "46,XX,del(5)(q13q33)[20]"),
    ("rbc_units_8wk", "4"),
    ("start_date", "2019-03-04"),
    ("start_dose_mg", "10"),
    ("start_schedule", "QD 21/28"),
    ("hb_w0", "7.5"),
    ("anc_w0", "1500"),
    ("plt_w0", "200000"),
    ("alc_w0", "1200"),
    ("response", "RBC-TI"),
    ("dose_reduced", "N"),
    ("last_followup_date", "2020-01-01"),
];

/// A small CRF: a header and rows of text cells.
#[derive(Clone)]
struct Crf {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// `n` valid patients P1..Pn.
fn crf(n: usize) -> Crf {
    Crf {
        header: BASE.iter().map(|(h, _)| h.to_string()).collect(),
        rows: (1..=n)
            .map(|i| {
                BASE.iter()
                    .map(|(h, v)| {
                        if *h == "patient_id" {
                            format!("P{i}")
                        } else {
                            v.to_string()
                        }
                    })
                    .collect()
            })
            .collect(),
    }
}

impl Crf {
    fn col(&self, header: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == header)
            .unwrap_or_else(|| panic!("no column {header}"))
    }

    /// Sets one cell; `row` 0 is the first patient.
    fn set(mut self, header: &str, row: usize, value: &str) -> Crf {
        let c = self.col(header);
        self.rows[row][c] = value.to_string();
        self
    }

    /// Adds a column with one value per row (the last value repeats).
    fn add(mut self, header: &str, values: &[&str]) -> Crf {
        self.header.push(header.to_string());
        for (i, row) in self.rows.iter_mut().enumerate() {
            row.push(values[i.min(values.len() - 1)].to_string());
        }
        self
    }

    fn rename(mut self, from: &str, to: &str) -> Crf {
        let c = self.col(from);
        self.header[c] = to.to_string();
        self
    }

    fn drop(mut self, header: &str) -> Crf {
        let c = self.col(header);
        self.header.remove(c);
        for row in &mut self.rows {
            row.remove(c);
        }
        self
    }

    fn text(&self, delimiter: char) -> String {
        let quote = |s: &str| {
            if s.contains([delimiter, '"', '\n']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_string()
            }
        };
        let line = |cells: &[String]| {
            cells
                .iter()
                .map(|c| quote(c))
                .collect::<Vec<_>>()
                .join(&delimiter.to_string())
        };
        let mut out = line(&self.header);
        for row in &self.rows {
            out.push('\n');
            out.push_str(&line(row));
        }
        out.push('\n');
        out
    }

    fn file(&self, name: &str) -> InputFile {
        text_file(name, &self.text(','))
    }
}

fn run_crf(c: &Crf) -> (Ingested, Diagnostics) {
    run(&[c.file("crf.csv")])
}

/// One diagnostic as (severity, code, row, column, message).
type Problem = (Severity, &'static str, Option<u32>, Option<String>, String);

/// Diagnostics other than infos.
fn problems(diags: &Diagnostics) -> Vec<Problem> {
    diags
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .map(|d| {
            (
                d.severity,
                d.code,
                d.location.row,
                d.location.column.clone(),
                d.text(Lang::En),
            )
        })
        .collect()
}

fn date(s: &str) -> lenalyze::date::Date {
    let p: Vec<i32> = s.split('-').map(|x| x.parse().unwrap()).collect();
    lenalyze::date::Date::from_ymd(p[0], p[1] as u32, p[2] as u32).unwrap()
}

#[test]
fn base_crf_is_clean() {
    let (got, diags) = run_crf(&crf(2));
    assert_eq!(got.patients.len(), 2);
    assert!(diags.is_empty(), "{}", dump(&diags));
}

#[test]
fn headers_match_as_people_write_them() {
    let canonical = crf(1)
        .add("height_cm", &["160"])
        .add("hb_w4", &["8.1"])
        .add("anc_w4", &["900"])
        .add("plt_w4", &["150000"])
        .add("alc_w4", &["1000"])
        .add("ae_deep_vein_thrombosis", &["3"])
        .add("ae_pruritus", &["1"]);
    let written = canonical
        .clone()
        .rename("patient_id", "Patient ID")
        .rename("start_dose_mg", "Start dose (mg)")
        .rename("height_cm", "Height (cm)")
        .rename("hb_w0", "Hemoglobin baseline")
        .rename("anc_w0", "Neutrophils Week 0")
        .rename("plt_w0", "Platelets W0 (x10^3/uL)")
        .set("Platelets W0 (x10^3/uL)", 0, "200")
        .rename("alc_w0", "ALC_W0")
        .rename("hb_w4", "Hgb wk4")
        .rename("anc_w4", "ANC W4 (K/uL)")
        .set("ANC W4 (K/uL)", 0, "0.9")
        .rename("plt_w4", "PLT W4 (10^9/L)")
        .set("PLT W4 (10^9/L)", 0, "150")
        .rename("alc_w4", "Lymphocytes week 4")
        .rename("ae_deep_vein_thrombosis", "AE: deep vein thrombosis")
        .rename("ae_pruritus", "AE Pruritus");
    let (a, da) = run_crf(&canonical);
    let (b, db) = run_crf(&written);
    assert!(da.is_empty(), "{}", dump(&da));
    assert!(db.is_empty(), "{}", dump(&db));
    assert_eq!(comparable(&a.patients), comparable(&b.patients));
    assert_eq!(a.summary.columns, b.summary.columns);
    assert!(b
        .summary
        .ae_terms
        .contains(&"deep_vein_thrombosis".to_string()));
    let plt: Vec<&str> = b
        .summary
        .unit_conversions
        .iter()
        .flat_map(|c| c.columns.iter().map(String::as_str))
        .collect();
    assert_eq!(plt, ["anc_w4", "plt_w0", "plt_w4"]);
}

#[test]
fn bracketed_units_are_honoured() {
    let c = crf(1)
        .rename("hb_w0", "Hb W0 (g/L)")
        .set("Hb W0 (g/L)", 0, "75")
        .rename("anc_w0", "ANC W0 (10^9/L)")
        .set("ANC W0 (10^9/L)", 0, "1.5")
        .rename("alc_w0", "ALC W0 (/uL)");
    let (got, diags) = run_crf(&c);
    assert!(!diags.has_errors(), "{}", dump(&diags));
    let p = &got.patients[0];
    use lenalyze::schema::LabKind;
    assert_eq!(p.lab(LabKind::Hb, 0), Some(7.5));
    assert_eq!(p.lab(LabKind::Anc, 0), Some(1500.0));
    assert_eq!(p.lab(LabKind::Alc, 0), Some(1200.0));
}

#[test]
fn aliases_match() {
    let c = crf(1).add("site", &["SNUH"]).add("stop_reason", &[""]);
    let aliased = c
        .clone()
        .rename("patient_id", "Subject ID")
        .rename("site", "Institution")
        .rename("sex", "Gender")
        .rename("diagnosis_date", "Date of diagnosis")
        .rename("who_class", "WHO classification")
        .rename("ipss", "IPSS risk")
        .rename("karyotype", "Cytogenetics")
        .rename("rbc_units_8wk", "RBC units in 8 weeks")
        .rename("start_date", "Treatment start")
        .rename("start_dose_mg", "Starting dose")
        .rename("start_schedule", "Initial schedule")
        .rename("response", "Best response")
        .rename("dose_reduced", "Dose reduction")
        .rename("last_followup_date", "Last follow-up")
        .rename("stop_reason", "Reason for discontinuation");
    let (a, _) = run_crf(&c);
    let (b, diags) = run_crf(&aliased);
    assert!(diags.is_empty(), "{}", dump(&diags));
    assert_eq!(a.patients, b.patients);
}

#[test]
fn two_columns_for_one_field_is_an_error_naming_both() {
    let c = crf(1).add("Hemoglobin baseline", &["7.5"]);
    let (_, diags) = run_crf(&c);
    assert_eq!(
        problems(&diags),
        vec![(
            Severity::Error,
            "duplicate-column",
            Some(1),
            Some("Hemoglobin baseline".into()),
            "Columns \"hb_w0\" (L) and \"Hemoglobin baseline\" (S) both mean hb_w0; keep one \
             of them, or rename the other to something Lenalyze does not read."
                .into()
        )]
    );
}

#[test]
fn missing_required_column_names_it_and_its_purpose() {
    let (_, diags) = run_crf(&crf(1).drop("ipss").drop("age").drop("plt_w0"));
    assert_eq!(
        problems(&diags),
        vec![
            (
                Severity::Error,
                "missing-column",
                Some(1),
                None,
                "The required column \"age\" (or birth_date) is missing: age at lenalidomide \
                 start (or give birth_date). Add it to the header row (see the data dictionary)."
                    .into()
            ),
            (
                Severity::Error,
                "missing-column",
                Some(1),
                None,
                "The required column \"ipss\" is missing: IPSS risk group. Add it to the header \
                 row (see the data dictionary)."
                    .into()
            ),
            (
                Severity::Error,
                "missing-column",
                Some(1),
                None,
                "The required column \"plt_w0\" is missing: platelet count at baseline (week 0), \
                 needed for eligibility and Table 2. Add it to the header row."
                    .into()
            ),
        ]
    );
    // birth_date stands in for age.
    let c = crf(1).drop("age").add("birth_date", &["1950-03-05"]);
    let (got, diags) = run_crf(&c);
    assert!(diags.is_empty(), "{}", dump(&diags));
    assert_eq!(got.patients[0].age, Obs::Known(68.0));
}

#[test]
fn a_check_on_a_column_the_sheet_lacks_names_no_column() {
    // vital_status says dead, but there is no death_date column; stop_date is
    // filled, but there is no stop_reason column. The warnings are about
    // columns the sheet does not have: no column, and no letter (they were
    // located at column A, the patient ID).
    let c = crf(1)
        .add("vital_status", &["dead"])
        .add("stop_date", &["2019-09-01"]);
    let (_, diags) = run_crf(&c);
    let located: Vec<_> = diags
        .iter()
        .map(|d| {
            (
                d.code,
                d.location.row,
                d.location.column.clone(),
                d.location.column_letter.clone(),
            )
        })
        .collect();
    assert_eq!(
        located,
        [
            ("missing-stop-reason", Some(2), None, None),
            ("death-without-date", Some(2), None, None),
        ],
        "{}",
        dump(&diags)
    );
    // A column the sheet has still gets its letter.
    let c = crf(1)
        .add("stop_date", &["2019-02-01"])
        .add("stop_reason", &["toxicity"]);
    let (_, diags) = run_crf(&c);
    let d = diags
        .iter()
        .find(|d| d.code == "date-before-start")
        .unwrap();
    assert_eq!(d.location.column.as_deref(), Some("stop_date"));
    assert_eq!(
        d.location.column_letter.as_deref(),
        Some(&*lenalyze::diagnostics::column_letter(c.col("stop_date")))
    );
}

#[test]
fn a_long_cell_value_is_cut_in_the_diagnostic() {
    let long = "x".repeat(250);
    let (_, diags) = run_crf(&crf(1).set("sex", 0, &long));
    let d = diags.iter().find(|d| d.code == "invalid-value").unwrap();
    let cut = format!("{}…", "x".repeat(200));
    assert_eq!(d.location.value.as_deref(), Some(cut.as_str()));
    assert_eq!(
        d.text(Lang::En),
        format!(
            "\"{cut}\" is not M or F in column sex; the value is left out. Correct it in the file."
        )
    );
}

#[test]
fn empty_and_unknown_cells_are_counted_apart() {
    let c = crf(7).add("ipss_r", &["", "NA", "unknown", "-", "UK", "N/A", "Low"]);
    let (got, diags) = run_crf(&c);
    assert!(diags.is_empty(), "{}", dump(&diags));
    let m = got.summary.missing_cells["ipss_r"];
    assert_eq!((m.empty, m.unknown), (1, 5));
    assert_eq!(got.patients[0].ipss_r, Obs::Empty);
    assert_eq!(got.patients[1].ipss_r, Obs::Unknown);
    assert_eq!(got.patients[6].ipss_r, Obs::Known("Low".into()));
    let m = got.summary.missing_cells["ipss"];
    assert_eq!((m.empty, m.unknown), (0, 0));
}

#[test]
fn excel_serial_dates_in_csv() {
    let c = crf(1).set("start_date", 0, "43528");
    let (got, diags) = run_crf(&c);
    assert!(diags.is_empty(), "{}", dump(&diags));
    assert_eq!(got.patients[0].start_date, Obs::Known(date("2019-03-04")));
}

#[test]
fn slash_dates_are_ambiguous_unless_the_column_decides() {
    // 31/01/2019 can only be day-first, so 05/02/2019 is 5 February.
    let c = crf(2)
        .set("diagnosis_date", 0, "31/01/2019")
        .set("diagnosis_date", 1, "05/02/2019");
    let (got, diags) = run_crf(&c);
    assert!(diags.is_empty(), "{}", dump(&diags));
    assert_eq!(
        got.patients[1].diagnosis_date,
        Obs::Known(date("2019-02-05"))
    );
    // Month-first likewise.
    let c = crf(2)
        .set("diagnosis_date", 0, "01/31/2019")
        .set("diagnosis_date", 1, "02/05/2019");
    let (got, _) = run_crf(&c);
    assert_eq!(
        got.patients[1].diagnosis_date,
        Obs::Known(date("2019-02-05"))
    );
    // Nothing decides: an error on each ambiguous cell.
    let c = crf(2)
        .set("diagnosis_date", 0, "05/02/2019")
        .set("diagnosis_date", 1, "2019-01-02");
    let (got, diags) = run_crf(&c);
    assert_eq!(got.patients[0].diagnosis_date, Obs::Invalid);
    assert_eq!(
        problems(&diags),
        vec![(
            Severity::Error,
            "ambiguous-date",
            Some(2),
            Some("diagnosis_date".into()),
            "\"05/02/2019\" could be 2019-02-05 (day first) or 2019-05-02 (month first), and \
             no date in column diagnosis_date settles which; write the dates as YYYY-MM-DD."
                .into()
        )]
    );
    // Both orders in one column.
    let c = crf(2)
        .set("diagnosis_date", 0, "31/01/2019")
        .set("diagnosis_date", 1, "01/31/2019");
    let (_, diags) = run_crf(&c);
    let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["mixed-date-order", "mixed-date-order"]);
}

#[test]
fn decimal_comma_in_semicolon_files_only() {
    let c = crf(1).set("hb_w0", 0, "7,5").add("weight_kg", &["61,5"]);
    let (got, diags) = run(&[text_file("crf.csv", &c.text(';'))]);
    assert!(diags.is_empty(), "{}", dump(&diags));
    use lenalyze::schema::LabKind;
    assert_eq!(got.patients[0].lab(LabKind::Hb, 0), Some(7.5));
    assert_eq!(got.patients[0].weight_kg, Obs::Known(61.5));
    // In a comma file a comma groups thousands and nothing else.
    let c = crf(2).set("plt_w0", 0, "215,000").set("hb_w0", 1, "7,5");
    let (got, diags) = run_crf(&c);
    assert_eq!(got.patients[0].lab(LabKind::Plt, 0), Some(215_000.0));
    assert_eq!(got.patients[1].lab(LabKind::Hb, 0), None);
    assert_eq!(
        problems(&diags),
        vec![(
            Severity::Warning,
            "invalid-value",
            Some(3),
            Some("hb_w0".into()),
            "\"7,5\" is not a number; this hemoglobin value is left out. In a comma-separated \
             file write decimals with a point (7.5)."
                .into()
        )]
    );
}

#[test]
fn schedules_give_dose_intensity() {
    let schedules = [
        ("10", "10 mg once daily", 10.0),
        ("10", "10 mg once daily for 3 wk, 1-wk rest", 7.5),
        ("5", "5 mg once every other day", 2.5),
        ("5", "QD", 5.0),
        ("10", "QD 21/28", 7.5),
        ("5", "QOD", 2.5),
    ];
    let doses: Vec<&str> = schedules.iter().map(|s| s.0).collect();
    let texts: Vec<&str> = schedules.iter().map(|s| s.1).collect();
    let c = crf(schedules.len())
        .add("final_dose_mg", &doses)
        .add("final_schedule", &texts);
    let (got, diags) = run_crf(&c);
    assert!(diags.is_empty(), "{}", dump(&diags));
    for (p, (_, text, intensity)) in got.patients.iter().zip(schedules) {
        assert_eq!(
            p.final_dose_intensity_mg_per_day(),
            Some(intensity),
            "{text}"
        );
    }
}

#[test]
fn karyotype_derives_abnormalities_unless_given() {
    let c = crf(4)
        .set("karyotype", 1, "47,XX,del(5)(q13q33),+8[20]")
        .set("karyotype", 2, "45,XY,del(5)(q13q33),-7[20]")
        .set("karyotype", 3, "47,XX,del(5)(q13q33),+8[20]")
        .add("additional_abnormalities", &["", "", "", "2"])
        .add("chr7_abnormality", &["", "", "", "Y"]);
    let (got, diags) = run_crf(&c);
    assert!(diags.is_empty(), "{}", dump(&diags));
    let facts: Vec<_> = got
        .patients
        .iter()
        .map(|p| {
            (
                p.del5q.clone(),
                p.additional_abnormalities.clone(),
                p.chr7_abnormality.clone(),
            )
        })
        .collect();
    let k = |del5q, n, chr7| (Obs::Known(del5q), Obs::Known(n), Obs::Known(chr7));
    assert_eq!(
        facts,
        [
            k(true, 0, false),
            k(true, 1, false),
            k(true, 1, true),
            // The explicit columns win.
            k(true, 2, true),
        ]
    );
}

#[test]
fn karyotype_counts_clonal_abnormalities_and_notes_unread_parts() {
    let c = crf(3)
        // +8 in one cell is not clonal (ISCN: two cells), so not counted.
        .set(
            "karyotype",
            0,
            "46,XX,del(5)(q13q33)[18]/47,idem,+8[1]/46,XX[1]",
        )
        // The stemline's del(5q) is in the idem sideline: one lineage, two
        // abnormalities, a FISH result after it.
        .set(
            "karyotype",
            1,
            "46,XY,del(5)(q22q35)[10]/47,idem,+8[10].nuc ish(EGR1x1)[180/200]",
        )
        .set("karyotype", 2, "45,XY,del(5)(q13q33),-7[20]");
    let (got, diags) = run_crf(&c);
    let facts: Vec<_> = got
        .patients
        .iter()
        .map(|p| {
            (
                p.additional_abnormalities.clone(),
                p.chr7_abnormality.clone(),
            )
        })
        .collect();
    assert_eq!(
        facts,
        [
            (Obs::Known(0), Obs::Known(false)),
            (Obs::Known(1), Obs::Known(false)),
            (Obs::Known(1), Obs::Known(true)),
        ]
    );
    let notes: Vec<_> = diags
        .iter()
        .filter(|d| d.code == "karyotype-part-not-read")
        .collect();
    assert_eq!(notes.len(), 1, "{}", dump(&diags));
    assert_eq!(notes[0].severity, Severity::Info);
    assert_eq!(notes[0].location.row, Some(3));
    assert!(notes[0]
        .text(Lang::En)
        .contains("\"nuc ish(EGR1x1)[180/200]\""));
}

#[test]
fn an_unreadable_karyotype_leaves_chr7_unknown_not_no() {
    // Free text: del(5q) is read, but the absence of -7/del(7q) is not
    // known, so chr7_abnormality is not filled with "no"; a -7 that is read
    // is a "yes" even when the rest is not.
    let c = crf(3)
        .set("karyotype", 0, "5q- syndrome, monosomy 7")
        .set("karyotype", 1, "45,XY,del(5)(q13q33),-7,dell(3)(q21)[20]")
        .set("karyotype", 2, "5q- syndrome")
        .add("additional_abnormalities", &["", "", "0"]);
    let (got, diags) = run_crf(&c);
    let chr7: Vec<_> = got
        .patients
        .iter()
        .map(|p| (p.del5q.clone(), p.chr7_abnormality.clone()))
        .collect();
    assert_eq!(
        chr7,
        [
            (Obs::Known(true), Obs::Invalid),
            (Obs::Known(true), Obs::Known(true)),
            (Obs::Known(true), Obs::Invalid),
        ]
    );
    // One warning per patient, naming the part not read.
    let warnings: Vec<_> = diags
        .iter()
        .filter(|d| d.code == "karyotype-not-iscn")
        .map(|d| d.text(Lang::En))
        .collect();
    assert_eq!(warnings.len(), 3, "{}", dump(&diags));
    assert!(warnings[1].contains("\"dell(3)(q21)\""), "{}", warnings[1]);
}

/// A labs sheet for patient P1 (start 2019-03-04) as a separate CSV.
fn labs_csv(rows: &[(&str, &str)]) -> InputFile {
    let mut text = String::from("patient_id,date,hb\n");
    for (d, hb) in rows {
        text.push_str(&format!("P1,{d},{hb}\n"));
    }
    text_file("labs.csv", &text)
}

#[test]
fn labs_sheet_windows_closest_value_and_ties() {
    use lenalyze::schema::LabKind;
    let labs = labs_csv(&[
        // Week 0: the 14 days up to start; the latest counts.
        ("2019-02-19", "6.9"),
        ("2019-03-02", "7.1"),
        // Week 4 = 2019-04-01, ±4 days: the closest counts.
        ("2019-03-30", "8.0"),
        ("2019-04-01", "8.2"),
        // Week 8 = 2019-04-29: 2 days either side, a tie; the earlier counts.
        ("2019-05-01", "9.9"),
        ("2019-04-27", "9.1"),
        // Day 40: outside every window.
        ("2019-04-13", "8.8"),
        // Week 12 = 2019-05-27, ±7 days.
        ("2019-06-03", "10.1"),
    ]);
    let (got, diags) = run(&[crf(1).file("crf.csv"), labs]);
    let p = &got.patients[0];
    assert_eq!(p.lab(LabKind::Hb, 0), Some(7.1));
    assert_eq!(p.lab(LabKind::Hb, 4), Some(8.2));
    assert_eq!(p.lab(LabKind::Hb, 8), Some(9.1));
    assert_eq!(p.lab(LabKind::Hb, 12), Some(10.1));
    assert_eq!(got.summary.long_sheets.labs_outside_windows, 1);
    assert_eq!(got.summary.long_sheets.labs_assigned, 7);
    assert_eq!(got.summary.long_sheets.rows_read["labs"], 8);
    // The sheet overrode the wide hb_w0 of 7.5, and says so.
    assert_eq!(
        problems(&diags),
        vec![(
            Severity::Warning,
            "long-overrides-wide",
            Some(2),
            None,
            "The labs sheet gives 1 value(s) for this patient that differ from the wide lab \
             columns; the labs sheet is used."
                .into()
        )]
    );
    assert_eq!(got.summary.sheets[1].role, "labs");
}

/// A labs-sheet value that is not a number is said, where it is, like the
/// wide week columns' (it used to be dropped without a word); an unknown
/// token is missing, not a problem.
#[test]
fn labs_sheet_value_that_is_not_a_number_is_said() {
    let labs = labs_csv(&[
        ("2019-03-02", "7.1"),
        ("2019-04-01", "8..2"),
        ("2019-04-29", "NA"),
    ]);
    let (got, diags) = run(&[crf(1).file("crf.csv"), labs]);
    assert_eq!(got.patients[0].lab_log.len(), 1);
    let invalid: Vec<_> = diags.iter().filter(|d| d.code == "invalid-value").collect();
    assert_eq!(invalid.len(), 1, "{}", dump(&diags));
    let at = &invalid[0].location;
    assert_eq!(
        (at.file.as_str(), at.row, at.column.as_deref()),
        ("labs.csv", Some(3), Some("hb"))
    );
    assert_eq!(at.value.as_deref(), Some("8..2"));
    assert!(
        invalid[0]
            .text(Lang::En)
            .contains("\"8..2\" is not a number"),
        "{}",
        invalid[0].text(Lang::En)
    );
}

#[test]
fn adverse_events_sheet_worst_grade_and_contradiction() {
    let c = crf(2).add("ae_neutropenia", &["2", "3"]);
    let aes = text_file(
        "adverse_events.csv",
        "patient_id,term,grade,onset_date\n\
         P1,Neutropenia,1,2019-03-20\n\
         P1,neutropenia,3,2019-04-20\n\
         P1,Deep vein thrombosis,2,2019-05-01\n\
         P2,neutropenia,G3,\n",
    );
    let (got, diags) = run(&[c.file("crf.csv"), aes]);
    let p1 = &got.patients[0];
    assert_eq!(p1.worst_grade("neutropenia"), Obs::Known(3));
    assert_eq!(p1.worst_grade("deep_vein_thrombosis"), Obs::Known(2));
    assert_eq!(got.patients[1].worst_grade("neutropenia"), Obs::Known(3));
    assert_eq!(
        got.patients[1].worst_grade("deep_vein_thrombosis"),
        Obs::Known(0)
    );
    assert!(got
        .summary
        .ae_terms
        .contains(&"deep_vein_thrombosis".to_string()));
    assert_eq!(
        problems(&diags),
        vec![(
            Severity::Warning,
            "long-overrides-wide",
            Some(2),
            None,
            "The adverse_events sheet contradicts the ae_ columns for neutropenia (wide 2, \
             sheet 3); the sheet is used."
                .into()
        )]
    );
}

#[test]
fn long_sheet_csv_recognized_by_headers_whatever_its_name() {
    let aes = text_file("export (2).csv", "Patient ID,Term,Grade\nP1,rash,2\n");
    let (got, diags) = run(&[crf(1).file("crf.csv"), aes]);
    assert!(diags.is_empty(), "{}", dump(&diags));
    assert_eq!(got.summary.sheets[1].role, "adverse_events");
    assert_eq!(got.patients[0].worst_grade("rash"), Obs::Known(2));
}

/// Writes a workbook with the given sheets of text cells.
fn workbook(sheets: &[(&str, Vec<Vec<String>>)]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                if value.is_empty() {
                    continue;
                }
                match value.parse::<f64>() {
                    Ok(n) => ws.write_number(r as u32, c as u16, n).unwrap(),
                    Err(_) => ws.write_string(r as u32, c as u16, value).unwrap(),
                };
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

fn rows(lines: &[&str]) -> Vec<Vec<String>> {
    lines
        .iter()
        .map(|l| l.split('|').map(str::to_string).collect())
        .collect()
}

#[test]
fn workbook_with_patients_and_long_sheets() {
    use lenalyze::schema::LabKind;
    let c = crf(2);
    let mut patients = vec![c.header.clone()];
    patients.extend(c.rows.clone());
    let bytes = workbook(&[
        ("README", rows(&["Study CRF|version 1"])),
        ("patients", patients),
        (
            "labs",
            rows(&["patient_id|date|hb|plt (x10^3/uL)", "P2|2019-04-01|9.4|120"]),
        ),
        (
            "Adverse Events",
            rows(&["patient_id|term|grade", "P1|fatigue|2"]),
        ),
        (
            "transfusions",
            rows(&[
                "patient_id|date|units",
                "P1|2019-02-01|2",
                "P1|2019-01-10|2",
            ]),
        ),
        (
            "dosing",
            rows(&["patient_id|date|dose_mg|schedule", "P2|2019-05-01|5|QOD"]),
        ),
    ]);
    let (got, diags) = run(&[InputFile {
        name: "study.xlsx".into(),
        bytes,
    }]);
    let roles: Vec<&str> = got.summary.sheets.iter().map(|s| s.role.as_str()).collect();
    assert_eq!(
        roles,
        [
            "ignored",
            "patients",
            "labs",
            "adverse_events",
            "transfusions",
            "dosing"
        ]
    );
    let (p1, p2) = (&got.patients[0], &got.patients[1]);
    assert_eq!(p2.lab(LabKind::Hb, 4), Some(9.4));
    assert_eq!(p2.lab(LabKind::Plt, 4), Some(120_000.0));
    assert_eq!(p1.worst_grade("fatigue"), Obs::Known(2));
    // The transfusion and dosing sheets are logs, kept by date; what they
    // imply is derived and checked later (crate::derive), never written over
    // the recorded columns here (crf-v1.1).
    let dates: Vec<String> = p1
        .transfusion_log
        .iter()
        .map(|t| t.date.to_string())
        .collect();
    assert_eq!(dates, ["2019-01-10", "2019-02-01"]);
    assert_eq!(p1.transfusion_log[0].units, 2.0);
    assert_eq!(p1.transfusion_log[0].pre_hb, None);
    let recorded: f64 = c.rows[0][c.col("rbc_units_8wk")].parse().unwrap();
    assert_eq!(p1.rbc_units_8wk, Obs::Known(recorded));
    assert_eq!(p2.dosing_log.len(), 1);
    assert_eq!(p2.dosing_log[0].dose_mg, 5.0);
    assert_eq!(p2.lab_log.len(), 2);
    let codes: Vec<(Severity, &str)> = diags.iter().map(|d| (d.severity, d.code)).collect();
    assert_eq!(
        codes,
        [(Severity::Info, "ignored-sheet")],
        "{}",
        dump(&diags)
    );
}

// ---------------------------------------------------------------------------
// The broken-file corpus.

type Found = (
    Severity,
    &'static str,
    Option<u32>,
    Option<&'static str>,
    &'static str,
);

/// Asserts the exact diagnostics of a file of the corpus: severity, code,
/// row, column as written and message; every one names the file.
fn assert_bad(name: &str, expected: &[Found]) {
    let (_, diags) = run(&[file(&format!("tests/data/bad/{name}"))]);
    let got: Vec<_> = diags
        .iter()
        .map(|d| {
            assert_eq!(d.location.file, name);
            (
                d.severity,
                d.code,
                d.location.row,
                d.location.column.clone(),
                d.text(Lang::En),
            )
        })
        .collect();
    let expected: Vec<_> = expected
        .iter()
        .map(|(s, c, r, col, m)| (*s, *c, *r, col.map(str::to_string), m.to_string()))
        .collect();
    assert_eq!(got, expected, "{name}");
}

/// The value a diagnostic of a corpus file points at.
fn bad_value(name: &str, code: &str) -> Option<String> {
    let (_, diags) = run(&[file(&format!("tests/data/bad/{name}"))]);
    let d = diags.iter().find(|d| d.code == code)?;
    d.location.value.clone()
}

use Severity::{Error, Warning};

#[test]
fn bad_duplicate_ids() {
    assert_bad(
        "duplicate-ids.csv",
        &[(
            Error,
            "duplicate-patient-id",
            Some(4),
            Some("patient_id"),
            "Patient ID \"KR-01-001\" is used in row 2 and again in row 4; each patient must \
             have one row with a unique ID.",
        )],
    );
}

#[test]
fn bad_missing_required_column() {
    assert_bad(
        "missing-required-column.csv",
        &[(
            Error,
            "missing-column",
            Some(1),
            None,
            "The required column \"start_date\" is missing: first lenalidomide dose. Add it \
             to the header row (see the data dictionary).",
        )],
    );
}

#[test]
fn bad_date() {
    assert_bad(
        "bad-date.csv",
        &[(
            Warning,
            "invalid-date",
            Some(3),
            Some("start_date"),
            "\"2019-13-45\" is not a date Lenalyze can read in column start_date; the value is \
             left out. Write it as YYYY-MM-DD.",
        )],
    );
    assert_eq!(
        bad_value("bad-date.csv", "invalid-date").as_deref(),
        Some("2019-13-45")
    );
}

#[test]
fn bad_ambiguous_date_column() {
    assert_bad(
        "ambiguous-date-column.csv",
        &[
            (
                Error,
                "ambiguous-date",
                Some(2),
                Some("diagnosis_date"),
                "\"05/02/2019\" could be 2019-02-05 (day first) or 2019-05-02 (month first), \
                 and no date in column diagnosis_date settles which; write the dates as \
                 YYYY-MM-DD.",
            ),
            (
                Error,
                "ambiguous-date",
                Some(3),
                Some("diagnosis_date"),
                "\"03/01/2019\" could be 2019-01-03 or 2019-03-01; write it as YYYY-MM-DD.",
            ),
        ],
    );
}

#[test]
fn bad_grade_7() {
    assert_bad(
        "grade-7.csv",
        &[(
            Warning,
            "invalid-grade",
            Some(2),
            Some("ae_neutropenia"),
            "\"7\" is not a CTCAE grade, which is a whole number from 0 to 5 (0 or empty = \
             none); the value is left out. Correct it in the file.",
        )],
    );
}

#[test]
fn bad_negative_age() {
    assert_bad(
        "negative-age.csv",
        &[(
            Warning,
            "implausible-value",
            Some(2),
            Some("age"),
            "An age of -66 years is not possible; the age is left out. Correct it in the file.",
        )],
    );
}

#[test]
fn bad_stop_before_start() {
    assert_bad(
        "stop-before-start.csv",
        &[(
            Warning,
            "date-before-start",
            Some(3),
            Some("stop_date"),
            "stop_date 2019-02-01 is before start_date 2019-03-04: the last dose cannot come \
             before the first. The value is left out; correct one of the dates.",
        )],
    );
}

#[test]
fn bad_empty_file() {
    assert_bad(
        "empty.csv",
        &[(
            Error,
            "empty-file",
            None,
            None,
            "The file is empty. Export the CRF again and check that the file has a header row \
             and one row per patient.",
        )],
    );
}

#[test]
fn bad_header_only() {
    assert_bad(
        "header-only.csv",
        &[(
            Error,
            "no-patients",
            None,
            None,
            "The patients sheet has a header but no patient rows; add one row per patient \
             below the header.",
        )],
    );
}

#[test]
fn bad_binary_junk() {
    assert_bad(
        "binary-junk.csv",
        &[(
            Error,
            "not-a-table",
            None,
            None,
            "This file is neither a CSV nor a spreadsheet Lenalyze can read (it looks like \
             binary data). Save the CRF as CSV (UTF-8) or XLSX and try again.",
        )],
    );
}

#[test]
fn bad_truncated_xlsx() {
    assert_bad(
        "truncated.xlsx",
        &[(
            Error,
            "unreadable-workbook",
            None,
            None,
            "The workbook could not be opened (Cannot detect file format); it may be damaged \
             or only partly copied. Open it in Excel or LibreOffice, save it again as XLSX, \
             and retry.",
        )],
    );
}

#[test]
fn bad_unclosed_quote() {
    assert_bad(
        "unclosed-quote.csv",
        &[(
            Error,
            "unclosed-quote",
            Some(3),
            None,
            "A quote mark (\") in this row starts a cell that does not end where the cell \
             ends, so this row and the rows after it cannot be read correctly. Remove the \
             stray quote mark, or put the whole cell in quotes, then save the file again.",
        )],
    );
}

#[test]
fn bad_empty_patients_sheet() {
    assert_bad(
        "empty-patients-sheet.xlsx",
        &[(
            Error,
            "empty-sheet",
            None,
            None,
            "The \"patients\" sheet is empty. Put the header row and one row per patient in \
             it (see the CRF template), then save the workbook again.",
        )],
    );
}

#[test]
fn bad_two_columns_one_field() {
    assert_bad(
        "two-columns-one-field.csv",
        &[(
            Error,
            "duplicate-column",
            Some(1),
            Some("Hemoglobin baseline"),
            "Columns \"hb_w0\" (L) and \"Hemoglobin baseline\" (S) both mean hb_w0; keep one \
             of them, or rename the other to something Lenalyze does not read.",
        )],
    );
}

#[test]
fn bad_unknown_column() {
    assert_bad(
        "unknown-column.csv",
        &[(
            Warning,
            "ignored-column",
            Some(1),
            Some("Favourite colour"),
            "Column \"Favourite colour\" is not part of the CRF, so it is ignored; if it \
             should be read, rename it as in the data dictionary.",
        )],
    );
}

#[test]
fn bad_unreadable_schedule() {
    assert_bad(
        "unreadable-schedule.csv",
        &[(
            Warning,
            "unreadable-schedule",
            Some(3),
            Some("start_schedule"),
            "The schedule \"as directed\" could not be read, so this patient's dose intensity \
             is unknown; write it as in Table 4 (\"5 mg once every other day\") or as a code \
             (QD, QD 21/28, QOD).",
        )],
    );
}

#[test]
fn bad_non_iscn_karyotype() {
    assert_bad(
        "non-iscn-karyotype.csv",
        &[(
            Warning,
            "karyotype-not-iscn",
            Some(2),
            Some("karyotype"),
            "This karyotype could not be read as ISCN where it says \"del(5q) isolated\", so \
             what it says beyond del(5q) (the number of additional abnormalities, -7/del(7q)) \
             is unknown; fill additional_abnormalities and chr7_abnormality, or write the \
             karyotype as e.g. 46,XX,del(5)(q13q33)[20].",
        )],
    );
}

/// What a rendered sentence left unfilled: `{name}` placeholders and
/// `⟦key⟧` marks of keys the language lacks.
fn unfilled(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        if let Some(close) = rest.find('}') {
            let name = &rest[..close];
            if !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                out.push(format!("{{{name}}}"));
            }
        }
    }
    if text.contains('⟦') {
        out.push("⟦".into());
    }
    out
}

/// Asserts that every diagnostic of a report reads as a whole sentence in
/// every language; returns how many there were.
fn assert_rendered(what: &str, diags: &Diagnostics) -> usize {
    for d in diags.iter() {
        for lang in Lang::ALL {
            let text = d.text(lang);
            assert!(
                unfilled(&text).is_empty(),
                "{what}: {} ({}) left {:?} in {text:?}",
                d.code,
                d.message.key.name(),
                unfilled(&text)
            );
        }
    }
    diags.len()
}

#[test]
fn every_corpus_diagnostic_renders_without_placeholders() {
    let settings = lenalyze::Settings::default();
    let mut corpus: Vec<InputFile> = std::fs::read_dir(data("tests/data/bad"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "py"))
        .map(|p| {
            file(&format!(
                "tests/data/bad/{}",
                p.file_name().unwrap().to_string_lossy()
            ))
        })
        .collect();
    corpus.sort_by(|a, b| a.name.cmp(&b.name));
    let mut seen = 0;
    for f in &corpus {
        let report = lenalyze::analyze(std::slice::from_ref(f), &settings);
        seen += assert_rendered(&f.name, &report.diagnostics);
    }
    let report = lenalyze::analyze(&corpus, &settings);
    seen += assert_rendered("the whole corpus", &report.diagnostics);
    assert!(seen >= corpus.len(), "{seen} diagnostics");
    assert_eq!(unfilled("a {b} c ⟦d⟧ {} {A}"), ["{b}", "⟦"]);
}

#[test]
fn many_problems_at_once_render_without_placeholders() {
    // One file with a problem in nearly every column, and long sheets with
    // bad rows, so most sentences of the catalogue are filled in once.
    let c = crf(3)
        .set("sex", 0, "X")
        .set("ipss", 0, "Medium")
        .set("age", 1, "abc")
        .set("hb_w0", 0, "7,5")
        .set("anc_w0", 1, "many")
        .set("plt_w0", 2, "10")
        .set("karyotype", 1, "complex")
        .set("diagnosis_date", 2, "2019-05-01")
        .set("start_schedule", 0, "as directed")
        .set("rbc_units_8wk", 2, "-2")
        .add("Favourite colour", &["blue"])
        .add("hb_w6", &["8"])
        .add("Hb W4 (furlongs)", &["8"])
        .add("", &["stray"])
        .add("weight_kg", &["61,5", "400", "60"])
        .add("height_cm", &["500", "160", "160"])
        .add("ae_rash", &["7", "1", "0"])
        .add("stop_date", &["2019-01-01", "2019-08-01", ""])
        .add("stop_reason", &["toxicity", "", ""])
        .add("vital_status", &["alive", "dead", ""])
        .add("death_date", &["2019-12-01", "", ""])
        .add("final_dose_mg", &["10"])
        .add("final_schedule", &["5 mg once daily"])
        .add("response_date", &["2019-01-01", "", ""]);
    let labs = "patient_id,date,hb,plt\nP9,2019-04-01,8,100000\nP1,,8,100000\n\
                P1,2019-04-01,80,100000\nP2,01/02/2019,8,100000\n";
    let aes = "patient_id,term,grade\nP1,,2\nP1,rash,9\nP2,rash,3\n";
    let transfusions = "patient_id,date,units\nP1,2019-02-01,lots\nP2,2019-02-01,2\n";
    let dosing = "patient_id,date,dose_mg\nP1,2019-05-01,\nP3,2019-05-01,5\n";
    let dosing_without_dose = "patient_id,date\nP1,2019-05-01\n";
    let files = [
        c.file("crf.csv"),
        text_file("labs.csv", labs),
        text_file("adverse_events.csv", aes),
        text_file("transfusions.csv", transfusions),
        text_file("dosing.csv", dosing),
        text_file("site2_dosing.csv", dosing_without_dose),
        c.file("copy.csv"),
    ];
    let report = lenalyze::analyze(&files, &lenalyze::Settings::default());
    assert_rendered("many problems", &report.diagnostics);
    let mut keys: Vec<&str> = report
        .diagnostics
        .iter()
        .map(|d| d.message.key.name())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    assert!(keys.len() >= 30, "{}: {keys:?}", keys.len());
}

#[test]
fn every_corpus_file_has_a_test() {
    let mut names: Vec<String> = std::fs::read_dir(data("tests/data/bad"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".py"))
        .collect();
    names.sort();
    let source = include_str!("ingest.rs");
    for n in names {
        assert!(
            source.contains(&format!("\"{n}\"")),
            "tests/data/bad/{n} has no test"
        );
    }
}

// ---------------------------------------------------------------------------
// No input panics.

/// xorshift64: a tiny deterministic generator, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that matter to the parsers: delimiters, quotes, line ends, digits,
/// date separators, BOM and UTF-8/UTF-16 fragments, zip magic.
const INTERESTING: &[&[u8]] = &[
    b",",
    b";",
    b"\t",
    b"\"",
    b"\n",
    b"\r\n",
    b"0",
    b"9",
    b"-",
    b"/",
    b".",
    b"NA",
    b"(",
    b"[",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\x00",
    b"\xC3",
    b"PK\x03\x04",
    b"1e308",
    b"99999999999999999999",
    b"2019-02-29",
    b"05/06/2019",
    b"ae_",
    b"hb_w",
    b"\xEA\xB0\x80",
];

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for _ in 0..=rng.below(8) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(6) {
            0 if !bytes.is_empty() => {
                let i = at.min(bytes.len() - 1);
                bytes[i] = rng.next() as u8;
            }
            1 => {
                let piece = INTERESTING[rng.below(INTERESTING.len())];
                bytes.splice(at..at, piece.iter().copied());
            }
            2 => {
                let end = (at + rng.below(64)).min(bytes.len());
                bytes.drain(at..end);
            }
            3 => bytes.truncate(at),
            4 if !bytes.is_empty() => {
                // Duplicate a span, as a copy-paste slip would.
                let end = (at + rng.below(200)).min(bytes.len());
                let span: Vec<u8> = bytes[at.min(end)..end].to_vec();
                let to = rng.below(bytes.len() + 1);
                bytes.splice(to..to, span);
            }
            _ => {
                let n = rng.below(32);
                let noise: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                bytes.splice(at..at, noise);
            }
        }
    }
    bytes
}

#[test]
fn no_input_panics() {
    let settings = lenalyze::Settings::default();
    let mut seeds: Vec<InputFile> = std::fs::read_dir(data("tests/data/bad"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "py"))
        .map(|p| InputFile {
            name: p.file_name().unwrap().to_string_lossy().into_owned(),
            bytes: std::fs::read(&p).unwrap(),
        })
        .collect();
    seeds.sort_by(|a, b| a.name.cmp(&b.name));
    // Every corpus file alone and all of them together.
    for f in &seeds {
        let report = lenalyze::analyze(std::slice::from_ref(f), &settings);
        assert!(
            report.has_errors() || !report.diagnostics.is_empty(),
            "{}",
            f.name
        );
    }
    lenalyze::analyze(&seeds, &settings);
    // Small valid files, so most mutations get past the reader.
    seeds.push(crf(3).add("ae_rash", &["1", "2", "0"]).file("small.csv"));
    seeds.push(labs_csv(&[("2019-04-01", "8.1"), ("2019-03-01", "7.0")]));
    seeds.push(file("tests/data/demo-cp949-semicolon.csv"));
    let small_xlsx = {
        let c = crf(2);
        let mut patients = vec![c.header.clone()];
        patients.extend(c.rows.clone());
        workbook(&[
            ("patients", patients),
            ("labs", rows(&["patient_id|date|hb", "P1|2019-04-01|9.4"])),
        ])
    };
    seeds.push(InputFile {
        name: "small.xlsx".into(),
        bytes: small_xlsx,
    });
    // LENALYZE_FUZZ_SEED explores other inputs; the default keeps CI stable.
    let seed = std::env::var("LENALYZE_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_1E4A_11CE);
    let mut rng = Rng(seed);
    let mut cases = 0;
    for round in 0..3000 {
        let inputs: Vec<InputFile> = if round % 10 == 9 {
            // Pure noise, of any length.
            let n = rng.below(2048);
            vec![InputFile {
                name: format!("noise-{round}.csv"),
                bytes: (0..n).map(|_| rng.next() as u8).collect(),
            }]
        } else {
            let seed = &seeds[rng.below(seeds.len())];
            let mut inputs = vec![InputFile {
                name: seed.name.clone(),
                bytes: mutate(&mut rng, &seed.bytes),
            }];
            if round % 7 == 0 {
                // With a mutated long sheet alongside.
                inputs.push(InputFile {
                    name: "labs.csv".into(),
                    bytes: mutate(&mut rng, &seeds[seeds.len() - 3].bytes),
                });
            }
            inputs
        };
        let outcome = std::panic::catch_unwind(|| lenalyze::analyze(&inputs, &settings));
        if outcome.is_err() {
            let out = std::env::temp_dir().join(format!("lenalyze-panic-{round}.bin"));
            std::fs::write(&out, &inputs[0].bytes).unwrap();
            panic!(
                "analyze panicked on round {round} ({}); input saved to {}",
                inputs[0].name,
                out.display()
            );
        }
        cases += 1;
    }
    assert_eq!(cases, 3000);
}

/// The demo CSV with one column's values rewritten (`f(value)`) and,
/// optionally, its header renamed.
fn demo_with(column: &str, header: Option<&str>, f: impl Fn(&str) -> String) -> String {
    let mut reader = csv::Reader::from_path(data("www/demo/lenalyze-demo.csv")).unwrap();
    let head = reader.headers().unwrap().clone();
    let idx = head.iter().position(|h| h == column).unwrap();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(
            head.iter()
                .enumerate()
                .map(|(i, h)| if i == idx { header.unwrap_or(h) } else { h }),
        )
        .unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        let cells: Vec<String> = record
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i == idx && !c.is_empty() {
                    f(c)
                } else {
                    c.to_string()
                }
            })
            .collect();
        writer.write_record(&cells).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

fn thousands(c: &str) -> String {
    format!("{}", c.parse::<f64>().unwrap() / 1000.0)
}

#[test]
fn each_lab_column_decides_its_own_unit() {
    // Only the baseline platelets in ×10³/µL, no unit in the header.
    let csv = demo_with("plt_w0", None, thousands);
    let (got, diags) = run(&[text_file("crf.csv", &csv)]);
    let (demo, _) = run(&[file("www/demo/lenalyze-demo.csv")]);
    assert!(!diags.has_errors(), "{}", dump(&diags));
    let conv = &got.summary.unit_conversions;
    assert_eq!(conv.len(), 1, "{conv:?}");
    assert_eq!(conv[0].columns, vec!["plt_w0".to_string()]);
    assert_eq!(comparable(&got.patients), comparable(&demo.patients));
}

#[test]
fn a_header_unit_the_values_contradict_is_ignored_with_one_warning() {
    let csv = demo_with("plt_w0", Some("PLT W0 (10^3/uL)"), str::to_string);
    let (got, diags) = run(&[text_file("crf.csv", &csv)]);
    let problems = problems(&diags);
    assert_eq!(problems.len(), 1, "{}", dump(&diags));
    assert_eq!(problems[0].1, "header-unit-mismatch");
    assert_eq!(problems[0].3.as_deref(), Some("PLT W0 (10^3/uL)"));
    let (demo, _) = run(&[file("www/demo/lenalyze-demo.csv")]);
    assert_eq!(comparable(&got.patients), comparable(&demo.patients));
}

/// The demo's baseline platelets as a long `labs` sheet under `header`,
/// each value `f` of the demo's (per µL), dated two days before start.
fn demo_platelets_sheet(header: &str, f: impl Fn(f64) -> String) -> String {
    let (demo, _) = run(&[file("www/demo/lenalyze-demo.csv")]);
    let mut labs = format!("patient_id,date,{header}\n");
    for p in &demo.patients {
        let start = p.start_date.get().unwrap();
        let plt = p.lab(lenalyze::schema::LabKind::Plt, 0).unwrap();
        labs.push_str(&format!(
            "{},{},{}\n",
            p.patient_id,
            lenalyze::date::Date::from_days(start.days() - 2),
            f(plt)
        ));
    }
    labs
}

/// One unit rule for both shapes: a header unit the values contradict
/// (platelets per µL under `(10^3/uL)`) is ignored with one warning at the
/// header, in the wide week column and in the long `labs` sheet alike, and
/// the values are read as they stand. (Before, the long sheet converted
/// them by the header and then dropped every one as implausible.)
#[test]
fn a_contradicted_header_unit_is_ignored_alike_in_wide_and_long_sheets() {
    let (demo, _) = run(&[file("www/demo/lenalyze-demo.csv")]);
    let wide = vec![text_file(
        "crf.csv",
        &demo_with("plt_w0", Some("PLT W0 (10^3/uL)"), str::to_string),
    )];
    let long = vec![
        text_file(
            "crf.csv",
            &demo_with("plt_w0", Some("plt_w0_unused"), str::to_string),
        ),
        text_file(
            "labs.csv",
            &demo_platelets_sheet("PLT (10^3/uL)", |v| v.to_string()),
        ),
    ];
    for (shape, files) in [("wide", wide), ("long", long)] {
        let (got, diags) = run(&files);
        assert!(!diags.has_errors(), "{shape}: {}", dump(&diags));
        let mismatches: Vec<Problem> = problems(&diags)
            .into_iter()
            .filter(|p| p.1 == "header-unit-mismatch")
            .collect();
        assert_eq!(mismatches.len(), 1, "{shape}: {}", dump(&diags));
        assert!(
            mismatches[0]
                .3
                .as_deref()
                .is_some_and(|h| h.contains("10^3/uL")),
            "{shape}: {mismatches:?}"
        );
        assert!(
            !problems(&diags).iter().any(|p| p.1 == "implausible-value"),
            "{shape}: {}",
            dump(&diags)
        );
        assert!(
            got.summary.unit_conversions.is_empty(),
            "{shape}: {:?}",
            got.summary.unit_conversions
        );
        for (g, d) in got.patients.iter().zip(&demo.patients) {
            assert_eq!(
                g.lab(lenalyze::schema::LabKind::Plt, 0),
                d.lab(lenalyze::schema::LabKind::Plt, 0),
                "{shape}: {}",
                d.patient_id
            );
        }
    }
}

/// A unit Lenalyze does not know is said in both shapes, and the values
/// then decide (here: ×10³/µL, converted).
#[test]
fn an_unknown_header_unit_is_said_alike_in_wide_and_long_sheets() {
    let (demo, _) = run(&[file("www/demo/lenalyze-demo.csv")]);
    let wide = vec![text_file(
        "crf.csv",
        &demo_with("plt_w0", Some("PLT W0 (furlongs)"), thousands),
    )];
    let long = vec![
        text_file(
            "crf.csv",
            &demo_with("plt_w0", Some("plt_w0_unused"), str::to_string),
        ),
        text_file(
            "labs.csv",
            &demo_platelets_sheet("PLT (furlongs)", |v| (v / 1000.0).to_string()),
        ),
    ];
    for (shape, files) in [("wide", wide), ("long", long)] {
        let (got, diags) = run(&files);
        assert!(!diags.has_errors(), "{shape}: {}", dump(&diags));
        let unknown = problems(&diags)
            .into_iter()
            .filter(|p| p.1 == "unknown-unit")
            .count();
        assert_eq!(unknown, 1, "{shape}: {}", dump(&diags));
        assert!(
            got.summary
                .unit_conversions
                .iter()
                .any(|c| c.decided_by == "values" && c.factor == 1000.0),
            "{shape}: {:?}",
            got.summary.unit_conversions
        );
        for (g, d) in got.patients.iter().zip(&demo.patients) {
            assert_eq!(
                g.lab(lenalyze::schema::LabKind::Plt, 0),
                d.lab(lenalyze::schema::LabKind::Plt, 0),
                "{shape}: {}",
                d.patient_id
            );
        }
    }
}

#[test]
fn a_single_platelet_typo_is_named_not_silently_used() {
    let csv = demo_with("plt_w0", None, |c| {
        if c == "189000" {
            "189".into()
        } else {
            c.to_string()
        }
    });
    let (_, diags) = run(&[text_file("crf.csv", &csv)]);
    let problems = problems(&diags);
    assert!(
        problems
            .iter()
            .any(|p| p.1 == "implausible-value" && p.4.contains("189")),
        "{}",
        dump(&diags)
    );
}

#[test]
fn a_labs_sheet_in_thousands_is_converted_and_reported() {
    let patients = demo_with("plt_w0", Some("plt_w0_unused"), str::to_string);
    let mut labs = String::from("patient_id,date,plt\n");
    let (demo, _) = run(&[file("www/demo/lenalyze-demo.csv")]);
    for p in &demo.patients {
        let start = p.start_date.get().unwrap();
        let plt = p.lab(lenalyze::schema::LabKind::Plt, 0).unwrap();
        labs.push_str(&format!(
            "{},{},{}\n",
            p.patient_id,
            lenalyze::date::Date::from_days(start.days() - 2),
            plt / 1000.0
        ));
    }
    let (got, diags) = run(&[
        text_file("crf.csv", &patients),
        text_file("labs.csv", &labs),
    ]);
    assert!(!diags.has_errors(), "{}", dump(&diags));
    assert!(
        got.summary
            .unit_conversions
            .iter()
            .any(|c| c.decided_by == "values" && c.factor == 1000.0),
        "{:?}",
        got.summary.unit_conversions
    );
    for (g, d) in got.patients.iter().zip(&demo.patients) {
        assert_eq!(
            g.lab(lenalyze::schema::LabKind::Plt, 0),
            d.lab(lenalyze::schema::LabKind::Plt, 0),
            "{}",
            d.patient_id
        );
    }
}

#[test]
fn a_footer_row_with_only_an_id_is_not_a_patient() {
    let mut csv = std::fs::read_to_string(data("www/demo/lenalyze-demo.csv")).unwrap();
    csv.push_str("Total\n");
    let (got, diags) = run(&[text_file("crf.csv", &csv)]);
    assert_eq!(got.patients.len(), 31);
    let problems = problems(&diags);
    assert_eq!(problems.len(), 1, "{}", dump(&diags));
    assert_eq!((problems[0].1, problems[0].2), ("id-only-row", Some(33)));
}

#[test]
fn the_same_file_twice_is_read_once() {
    let demo = file("www/demo/lenalyze-demo.csv");
    let copy = InputFile {
        name: "copy.csv".into(),
        bytes: demo.bytes.clone(),
    };
    let (got, diags) = run(&[demo, copy]);
    assert_eq!(got.patients.len(), 31);
    assert!(!diags.has_errors(), "{}", dump(&diags));
    assert_eq!(
        problems(&diags).iter().map(|p| p.1).collect::<Vec<_>>(),
        vec!["same-file-twice"]
    );
}

#[test]
fn adverse_event_terms_in_a_sheet_may_carry_the_ae_prefix() {
    let (demo, _) = run(&[file("www/demo/lenalyze-demo.csv")]);
    let first = &demo.patients[0].patient_id;
    let ae = format!("patient_id,term,grade\n{first},AE: Pruritus,2\n{first},pruritus,1\n");
    let (got, diags) = run(&[
        file("www/demo/lenalyze-demo.csv"),
        text_file("adverse_events.csv", &ae),
    ]);
    assert!(!diags.has_errors(), "{}", dump(&diags));
    assert_eq!(
        got.patients[0].worst_grade("pruritus"),
        lenalyze::model::Obs::Known(2)
    );
    assert!(!got.summary.ae_terms.iter().any(|t| t == "ae_pruritus"));
}

/// The patients of `crf(n)` in a sheet, and a sheet `notes` with a note at
/// A1 and a stray cell at XFD1048576, the last cell of a sheet: calamine's
/// `worksheet_range` would build all 1.7×10¹⁰ cells of that used range.
fn workbook_with_far_cells(n: usize, far_in: &str) -> Vec<u8> {
    let c = crf(n);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("patients").unwrap();
    for (r, row) in std::iter::once(&c.header).chain(&c.rows).enumerate() {
        for (col, value) in row.iter().enumerate() {
            if !value.is_empty() {
                ws.write_string(r as u32, col as u16, value).unwrap();
            }
        }
    }
    let notes = wb.add_worksheet();
    notes.set_name("notes").unwrap();
    notes.write_string(0, 0, "Site 3, entered 2024-05").unwrap();
    let far = if far_in == "patients" {
        wb.worksheet_from_name("patients").unwrap()
    } else {
        wb.worksheet_from_name("notes").unwrap()
    };
    far.write_string(1_048_575, 16_383, "x").unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn far_apart_cells_in_an_xlsx_sheet_are_refused_and_the_other_sheets_read() {
    let bytes = workbook_with_far_cells(2, "notes");
    let (got, diags) = run(&[InputFile {
        name: "site3.xlsx".into(),
        bytes,
    }]);
    let errors: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{}", dump(&diags));
    let e = errors[0];
    assert_eq!(e.code, "sheet-too-spread");
    assert_eq!(e.location.file, "site3.xlsx");
    assert_eq!(e.location.sheet.as_deref(), Some("notes"));
    assert_eq!(
        e.text(Lang::En),
        "Sheet \"notes\" in site3.xlsx has filled cells as far apart as A1 and \
         XFD1048576: 17,179,869,184 cells between them, of which only 2 are filled. \
         Lenalyze cannot hold a sheet that large, so this sheet was not read. Delete \
         the stray cells far from the table, or copy the table to a new sheet, then \
         save the workbook again."
    );
    assert!(e.text(Lang::Ko).contains("XFD1048576"));
    // The patients sheet is read as before.
    assert_eq!(got.patients.len(), 2);
    let sheets: Vec<&str> = got
        .summary
        .sheets
        .iter()
        .filter_map(|s| s.sheet.as_deref())
        .collect();
    assert_eq!(sheets, ["patients"]);
}

#[test]
fn a_stray_cell_far_from_the_patients_table_is_a_located_error() {
    let bytes = workbook_with_far_cells(2, "patients");
    let (got, diags) = run(&[InputFile {
        name: "site3.xlsx".into(),
        bytes,
    }]);
    let codes: Vec<(&str, Option<&str>)> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.code, d.location.sheet.as_deref()))
        .collect();
    // The patients sheet is not read, so no patients (and no analysis).
    assert_eq!(
        codes,
        [("sheet-too-spread", Some("patients"))],
        "{}",
        dump(&diags)
    );
    assert!(got.patients.is_empty());
}
