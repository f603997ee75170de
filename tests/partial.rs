//! A file that lacks the columns of one analysis still gets every other
//! analysis (crf-v1 "Header matching"; issue: every table its columns
//! allow), while problems with the file as a whole still stop them all.

mod common;

use lenalyze::analysis::Part;
use lenalyze::present::{present, Block};
use lenalyze::text::Lang;
use lenalyze::{analyze, InputFile, Report, Settings};

/// The demo CRF without the named columns.
fn demo_without(drop: &[&str]) -> InputFile {
    let path = common::root().join("www/demo/lenalyze-demo.csv");
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let keep: Vec<usize> = (0..header.len())
        .filter(|&i| !drop.contains(&header[i].trim_start_matches('\u{feff}')))
        .collect();
    assert_eq!(
        keep.len(),
        header.len() - drop.len(),
        "every dropped column exists"
    );
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(keep.iter().map(|&i| header[i].as_str()))
        .unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        writer
            .write_record(keep.iter().map(|&i| &record[i]))
            .unwrap();
    }
    InputFile {
        name: "extract.csv".into(),
        bytes: writer.into_inner().unwrap(),
    }
}

fn not_built(report: &Report) -> Vec<(Part, Vec<String>)> {
    let a = report.analysis.as_ref().expect("the analysis runs");
    a.not_built
        .iter()
        .map(|n| (n.part, n.missing_columns.clone()))
        .collect()
}

/// The hint paragraph of a section, if the section is only that.
fn hint(report: &Report, section: &str) -> Option<String> {
    let p = present(report, Lang::En);
    let s = p.sections.iter().find(|s| s.id == section)?;
    match s.blocks.as_slice() {
        [Block::Text(t)] => Some(t.text.clone()),
        _ => None,
    }
}

#[test]
fn without_response_the_safety_tables_are_still_built() {
    let report = analyze(&[demo_without(&["response"])], &Settings::default());
    // The missing required column is an error (the CLI exits 1) …
    assert!(report.has_errors());
    let a = report.analysis.as_ref().unwrap();
    // … but Table 1, Table 3 and the outcome analyses are there, on the
    // same 31 patients as with the full file.
    assert_eq!(a.population_flow.safety, 31);
    assert!(a.table1.is_some() && a.table3.is_some() && a.survival.is_some());
    assert!(a.efficacy.is_none() && a.table2.is_none() && a.table4.is_none());
    let r = || vec!["response".to_string()];
    assert_eq!(
        not_built(&report),
        vec![
            (Part::Efficacy, r()),
            (Part::Predictors, r()),
            (Part::DoseModification, r()),
            (Part::FinalDose, r()),
            (Part::Hemoglobin, r()),
            (Part::PriorEsa, r()),
        ]
    );
    assert_eq!(
        hint(&report, "efficacy").as_deref(),
        Some(
            "Not built: the file has no response column, which this part of the analysis \
             needs. Every other part is built."
        )
    );
    assert_eq!(hint(&report, "toxicity"), None, "Table 3 is a real table");
}

#[test]
fn a_registry_extract_without_lenalidomide_columns_keeps_its_patients() {
    let lenalidomide = [
        "start_date",
        "start_dose_mg",
        "start_schedule",
        "response",
        "response_date",
        "dose_reduced",
        "dose_interrupted",
        "final_dose_mg",
        "final_schedule",
        "stop_date",
        "stop_reason",
    ];
    let report = analyze(&[demo_without(&lenalidomide)], &Settings::default());
    let a = report.analysis.as_ref().unwrap();
    assert_eq!(a.population_flow.screened, 31);
    assert_eq!(not_built(&report).len(), Part::ALL.len());
    for part in Part::ALL {
        assert!(
            not_built(&report)
                .iter()
                .any(|(p, cols)| *p == part && cols.contains(&"start_date".to_string())),
            "{part:?}"
        );
    }
    let p = present(&report, Lang::Ko);
    assert!(p.sections.iter().any(|s| s.id == "toxicity"));
}

#[test]
fn a_problem_with_the_file_as_a_whole_still_stops_the_analysis() {
    let mut file = demo_without(&["response"]);
    // The first patient's row twice: a duplicate ID.
    let text = String::from_utf8(file.bytes.clone()).unwrap();
    let first_row = text.lines().nth(1).unwrap().to_string();
    file.bytes = format!("{text}{first_row}\n").into_bytes();
    let report = analyze(&[file], &Settings::default());
    assert!(report.analysis.is_none());
}
