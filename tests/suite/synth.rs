//! `lenalyze synth`: cohorts are deterministic from the seed, read without
//! errors in every layout, and the whole analysis runs on them with the
//! clinical proportions the generator draws.

#![cfg(feature = "synth")]

use lenalyze::analysis::populations::Criterion;
use lenalyze::schema::{Requirement, PATIENT_COLUMNS};
use lenalyze::synth::{self, CsvSheets, Options};
use lenalyze::{analyze, InputFile, Report, Settings, Severity};

fn options(patients: usize, seed: u64, long: bool) -> Options {
    Options {
        patients,
        seed,
        long,
    }
}

/// The cohort as CSV input files (the patients file, then the long sheets).
fn csv_files(o: &Options) -> Vec<InputFile> {
    let mut sheets = CsvSheets {
        patients: Vec::new(),
        long: o.long.then(|| std::array::from_fn(|_| Vec::new())),
    };
    synth::csv(o, &mut sheets).unwrap();
    let mut files = vec![InputFile {
        name: "synth.csv".into(),
        bytes: sheets.patients,
    }];
    if let Some(long) = sheets.long {
        for (name, bytes) in CsvSheets::<Vec<u8>>::LONG_NAMES.iter().zip(long) {
            files.push(InputFile {
                name: format!("synth-{name}.csv"),
                bytes,
            });
        }
    }
    files
}

fn assert_no_errors(report: &Report) {
    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.code, d.location.clone()))
        .collect();
    assert!(errors.is_empty(), "errors: {errors:?}");
    assert!(report.analysis.is_some());
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let a = csv_files(&options(300, 7, true));
    let b = csv_files(&options(300, 7, true));
    let c = csv_files(&options(300, 8, true));
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.bytes, y.bytes, "{}", x.name);
    }
    assert_ne!(a[0].bytes, c[0].bytes);
    // The workbook too (rust_xlsxwriter writes a fixed creation date only
    // when told; compare what it holds rather than its zip bytes).
    let x1 = analyze(
        &[InputFile {
            name: "s.xlsx".into(),
            bytes: synth::xlsx(&options(200, 7, false)).unwrap(),
        }],
        &Settings::default(),
    );
    let x2 = analyze(
        &[InputFile {
            name: "s.xlsx".into(),
            bytes: synth::xlsx(&options(200, 7, false)).unwrap(),
        }],
        &Settings::default(),
    );
    assert_eq!(
        serde_json::to_value(&x1.analysis).unwrap(),
        serde_json::to_value(&x2.analysis).unwrap()
    );
}

#[test]
fn wide_csv_reads_without_errors_with_the_crf_shape() {
    let files = csv_files(&options(2000, 1, false));
    let header = std::str::from_utf8(&files[0].bytes)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    // 34 fixed columns (more when the schema grows), 4 labs × 7 weeks, 30
    // adverse-event terms.
    let columns = header.split(',').count();
    assert_eq!(columns, PATIENT_COLUMNS.len() + 28 + 30);
    assert_eq!(header.matches(",ae_").count(), 30);
    // About 450 bytes a patient, as registries' files are.
    let per_patient = files[0].bytes.len() / 2000;
    assert!(
        (380..=560).contains(&per_patient),
        "{per_patient} bytes/patient"
    );

    let report = analyze(&files, &Settings::default());
    assert_no_errors(&report);
    // Every required column is filled for every patient; optional ones
    // have both kinds of missing cells.
    for spec in PATIENT_COLUMNS {
        let missing = report.ingest.missing_cells.get(spec.name);
        if spec.requirement == Requirement::Required {
            assert!(
                missing.is_none_or(|m| m.empty + m.unknown == 0),
                "{}: {missing:?}",
                spec.name
            );
        }
    }
    let height = report.ingest.missing_cells["height_cm"];
    assert!(height.empty > 0 && height.unknown > 0, "{height:?}");
    // Mixed spellings: several yes/no and sex spellings in one column.
    let text = std::str::from_utf8(&files[0].bytes).unwrap();
    for word in [
        ",Y,",
        ",Yes,",
        ",예,",
        ",F,",
        ",female,",
        ",여,",
        ",QD 21/28,",
    ] {
        assert!(text.contains(word), "no {word}");
    }
}

#[test]
fn analysis_of_a_synthetic_cohort_has_the_drawn_proportions() {
    let report = analyze(&csv_files(&options(3000, 3, false)), &Settings::default());
    assert_no_errors(&report);
    let a = report.analysis.as_ref().unwrap();
    let flow = &a.population_flow;
    assert_eq!(flow.screened, 3000);
    // About 8 % drawn ineligible, spread over six criteria.
    let excluded = flow.excluded.len() as f64 / 3000.0;
    assert!((0.05..0.12).contains(&excluded), "excluded {excluded}");
    for c in [
        Criterion::LowerRiskIpss,
        Criterion::Del5q,
        Criterion::TransfusionDependent,
        Criterion::NoChromosome7Abnormality,
        Criterion::BaselineAnc,
        Criterion::BaselinePlatelets,
    ] {
        assert!(
            flow.excluded_by_reason.get(&c).copied().unwrap_or(0) > 0,
            "{c:?}"
        );
    }
    // RBC-TI drawn at 64 % of evaluable patients.
    let ti = a.efficacy.as_ref().unwrap().rbc_ti.count.percent.unwrap();
    assert!((58.0..70.0).contains(&ti), "RBC-TI {ti} %");
    assert!(a.efficacy.as_ref().unwrap().n > 2400);
    // Grade 3–4 neutropenia, drawn at 60 %, is in the toxicity table.
    let json = serde_json::to_string(&a.table3).unwrap();
    assert!(json.contains("neutropenia") && json.contains("hypothyroidism"));
}

#[test]
fn long_sheets_and_workbooks_read_like_the_wide_csv() {
    let long = csv_files(&options(400, 5, true));
    assert_eq!(long.len(), 5);
    let report = analyze(&long, &Settings::default());
    assert_no_errors(&report);
    // Every drawn lab date falls in its week's window.
    let labs = &report.ingest.long_sheets;
    assert!(labs.labs_assigned > 400 * 4 * 3, "{labs:?}");
    assert_eq!(labs.labs_outside_windows, 0, "{labs:?}");

    // The same seed as CSV and as a workbook: the same analysis.
    for long in [false, true] {
        let o = options(400, 5, long);
        let from_csv = analyze(&csv_files(&o), &Settings::default());
        let from_xlsx = analyze(
            &[InputFile {
                name: "synth.xlsx".into(),
                bytes: synth::xlsx(&o).unwrap(),
            }],
            &Settings::default(),
        );
        assert_no_errors(&from_xlsx);
        assert_eq!(
            serde_json::to_value(&from_csv.analysis).unwrap(),
            serde_json::to_value(&from_xlsx.analysis).unwrap(),
            "long: {long}"
        );
    }
}

/// Listings that grow with the cohort are cut to their first rows in the
/// presentation (page, DOCX), with a footnote saying how many there are;
/// the whole presentation (a table's CSV, the XLSX) keeps every row. 1,200
/// patients give a 1,200-row derived dataset (issue 9: 479,570 listing
/// rows at 10⁵ patients).
#[test]
fn long_listings_show_their_first_rows_and_say_how_many() {
    use lenalyze::present::{present, present_with, tables, Listings};
    use lenalyze::text::Lang;
    let files = csv_files(&options(1200, 7, true));
    let report = analyze(&files, &Settings::default());
    let presentation = present(&report, Lang::En);
    let max = lenalyze::present::MAX_LISTED;
    let mut cut = 0;
    for table in tables(&presentation) {
        let rows: usize = table.groups.iter().map(|g| g.rows.len()).sum();
        match table.truncated {
            Some(t) => {
                cut += 1;
                assert!(table.listing, "{} is cut but is not a listing", table.id);
                assert_eq!((t.shown, rows), (max, max), "{}", table.id);
                assert!(t.total > max, "{}", table.id);
                let note = format!("The first {max} of {} rows are listed", t.total);
                assert!(
                    table.footnotes.iter().any(|f| f.contains(&note)),
                    "{}: {:?}",
                    table.id,
                    table.footnotes
                );
            }
            None => assert!(rows <= max, "{} has {rows} rows, uncut", table.id),
        }
    }
    assert!(cut >= 1, "no listing was long enough to cut");
    // Whole: every row of every listing (a table's CSV, the XLSX).
    let whole = present_with(&report, Lang::En, Listings::Whole);
    for table in tables(&presentation) {
        let Some(t) = table.truncated else { continue };
        let all = tables(&whole).find(|w| w.id == table.id).unwrap();
        let rows: usize = all.groups.iter().map(|g| g.rows.len()).sum();
        assert_eq!((rows, all.truncated), (t.total, None), "{}", table.id);
        assert_eq!(all.groups[0].rows[..5], table.groups[0].rows[..5]);
    }
    let dataset = tables(&whole).find(|w| w.id == "derived-dataset").unwrap();
    assert_eq!(
        dataset.groups.iter().map(|g| g.rows.len()).sum::<usize>(),
        1200
    );
    // No caption or footnote grows with the cohort: the week-0 note under
    // the risk tables names its first 20 patients and counts the rest (it
    // once named all of them, past Excel's 32,767 characters a cell at
    // about 1,000 patients, and the XLSX could not be written).
    for table in tables(&whole) {
        for text in std::iter::once(&table.caption).chain(&table.footnotes) {
            assert!(
                text.chars().count() < 4000,
                "{}: {} chars",
                table.id,
                text.chars().count()
            );
        }
    }
    let week0 = tables(&whole)
        .flat_map(|t| &t.footnotes)
        .find(|f| f.starts_with("Counts taken from week 0"))
        .expect("some patients' scores took week-0 counts");
    assert!(week0.contains(" more (the derived dataset"), "{week0}");
    #[cfg(feature = "export")]
    lenalyze::export::xlsx(&whole).expect("the whole tables make a workbook");
}
