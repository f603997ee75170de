//! A file that lacks the columns of one analysis still gets every other
//! analysis (crf-v1 "Header matching"; issue: every table its columns
//! allow), while problems with the file as a whole still stop them all.

use crate::common;

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

    // The risk scores are derived without any lenalidomide column, worked
    // by hand from the demo's rows (Greenberg 1997 / 2012 bands):
    // KR-01-002: blasts 3 %, del(5q) alone, Hb 7.4, ANC 1,450, platelets
    //   210,000. IPSS: blasts < 5 → 0, good → 0, cytopenias Hb < 10 and
    //   ANC < 1,800 (2) → 0.5: 0.5, Int-1. IPSS-R: blasts > 2 to < 5 → 1,
    //   good → 1, Hb < 8 → 1.5, platelets ≥ 100,000 → 0, ANC ≥ 800 → 0:
    //   3.5, Intermediate (> 3–4.5).
    // KR-01-005: blasts 2 %, del(5q) in 17 of 20 cells, Hb 7.3, ANC 2,300,
    //   platelets 250,000. IPSS: 0 + 0 + one cytopenia (Hb) → 0: 0, Low.
    //   IPSS-R: blasts ≤ 2 → 0, good → 1, Hb < 8 → 1.5: 2.5, Low.
    // KR-01-007: blasts 1 %, Hb 8.6, ANC 1,850, platelets 395,000. IPSS:
    //   one cytopenia (Hb) → 0: 0, Low. IPSS-R: 0 + 1 + Hb 8 to < 10 → 1:
    //   2, Low.
    let d = report.derived.as_ref().expect("derived values");
    let subject = |id: &str| d.subjects.iter().find(|s| s.patient_id == id).unwrap();
    for (id, ipss, ipss_group, ipss_r, ipss_r_group) in [
        ("KR-01-002", 0.5, "Int-1", 3.5, "Intermediate"),
        ("KR-01-005", 0.0, "Low", 2.5, "Low"),
        ("KR-01-007", 0.0, "Low", 2.0, "Low"),
    ] {
        let s = subject(id);
        let i = s.ipss.as_ref().unwrap();
        let r = s.ipss_r.as_ref().unwrap();
        assert_eq!(
            (i.score, lenalyze::derive::checks::code(&i.category)),
            (ipss, ipss_group.to_string()),
            "{id}"
        );
        assert_eq!(
            (r.score, lenalyze::derive::checks::code(&r.category)),
            (ipss_r, ipss_r_group.to_string()),
            "{id}"
        );
        // All three counts at diagnosis: no week-0 fallback.
        assert!(s.counts_from_week0.is_empty(), "{id}");
        // Without start_date the age at diagnosis is unknown (crf-v1's age
        // is at lenalidomide start), so no IPSS-RA, with the reason.
        assert!(s.ipss_ra.is_none());
        assert!(s
            .risk_not_scored
            .contains(&lenalyze::derive::risk::Reason::Missing {
                component: lenalyze::derive::risk::Component::Age
            }));
    }
    // The derived dataset: one row per screened patient, these values in
    // their columns, and empty where nothing can be derived without a
    // start date (responses, CTCAE grades, dose).
    let p = present(&report, Lang::En);
    let t = lenalyze::present::tables(&p)
        .find(|t| t.id == "derived-dataset")
        .expect("the derived dataset");
    let rows = t.csv_rows();
    assert_eq!(rows.len(), 1 + 31);
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let row = rows.iter().find(|r| r[0] == "KR-01-002").unwrap();
    for (name, value) in [
        ("cyto_del5q", "yes"),
        ("cyto_abnormalities", "1"),
        ("ipss_cyto_group", "Good"),
        ("ipss_r_cyto", "Good"),
        ("ipss_score", "0.5"),
        ("ipss", "Int-1"),
        ("ipss_recorded", "Int-1"),
        ("ipss_r_score", "3.5"),
        ("ipss_r", "Intermediate"),
        ("counts_from_week0", "none"),
        ("age_at_diagnosis", ""),
        ("ipss_ra_score", ""),
        ("ctcae_anemia", ""),
        ("iwg2000", ""),
        ("response_recorded", ""),
        ("dose_reduced_derived", ""),
    ] {
        assert_eq!(row[col(name)], value, "{name}");
    }
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
