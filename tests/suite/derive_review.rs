//! The derivations' defects an independent review found (issue 10, review
//! of 2026-11-30), each on a small CRF run through the whole analysis, with
//! the expected values worked out by hand from the cited rule beside them.

use crate::common;

use lenalyze::derive::checks::Derived;
use lenalyze::derive::response_outcome::Iwg2000;
use lenalyze::derive::risk::{Component, Reason};
use lenalyze::derive::sources::{Kept, KeptReason};
use lenalyze::present::{present, tables};
use lenalyze::settings::Source;
use lenalyze::text::Lang;
use lenalyze::{analyze, InputFile, Report, Settings};

const HEADER: &str =
    "patient_id,sex,age,birth_date,diagnosis_date,who_class,ipss,ipss_r,karyotype,\
bm_blasts_pct,hb_dx,anc_dx,plt_dx,rbc_units_8wk,start_date,start_dose_mg,start_schedule,\
hb_w0,anc_w0,plt_w0,hb_w8,hb_w12,hb_w16,hb_w24,response,dose_reduced,last_followup_date";

/// A patient row: the columns of [`HEADER`] that vary, the rest fixed (a
/// woman with del(5q) alone, started 2020-01-01 on 10 mg QD 21/28,
/// followed to 2021-01-01, not reduced).
struct Row<'a> {
    id: &'a str,
    age: &'a str,
    birth: &'a str,
    dx_date: &'a str,
    ipss: &'a str,
    ipss_r: &'a str,
    karyotype: &'a str,
    blasts: &'a str,
    dx: [&'a str; 3],
    units_8wk: &'a str,
    w0: [&'a str; 3],
    hb: [&'a str; 4],
    response: &'a str,
}

impl Default for Row<'_> {
    fn default() -> Self {
        Row {
            id: "P1",
            age: "70",
            birth: "",
            dx_date: "2019-10-03",
            ipss: "Low",
            ipss_r: "Low",
            karyotype: "46,XX,del(5)(q13q33)[20]",
            blasts: "1",
            dx: ["11", "2000", "200000"],
            units_8wk: "0",
            w0: ["11", "2000", "200000"],
            hb: ["", "", "", ""],
            response: "none",
        }
    }
}

impl Row<'_> {
    fn line(&self) -> String {
        let [hb_dx, anc_dx, plt_dx] = self.dx;
        let [hb_w0, anc_w0, plt_w0] = self.w0;
        let [hb8, hb12, hb16, hb24] = self.hb;
        format!(
            "{},F,{},{},{},MDS with isolated del(5q),{},{},\"{}\",{},{hb_dx},{anc_dx},{plt_dx},{},\
2020-01-01,10,QD 21/28,{hb_w0},{anc_w0},{plt_w0},{hb8},{hb12},{hb16},{hb24},{},N,2021-01-01",
            self.id,
            self.age,
            self.birth,
            self.dx_date,
            self.ipss,
            self.ipss_r,
            self.karyotype,
            self.blasts,
            self.units_8wk,
            self.response,
        )
    }
}

fn file(name: &str, text: String) -> InputFile {
    InputFile {
        name: name.into(),
        bytes: text.into_bytes(),
    }
}

fn patients(rows: &[Row], extra_header: &str, extra: &[&str]) -> InputFile {
    let mut text = format!("{HEADER}{extra_header}\n");
    for (i, r) in rows.iter().enumerate() {
        text.push_str(&r.line());
        text.push_str(extra.get(i).copied().unwrap_or(""));
        text.push('\n');
    }
    file("review.csv", text)
}

fn derived(report: &Report) -> &Derived {
    report.derived.as_ref().expect("the derivations ran")
}

fn subject<'a>(report: &'a Report, id: &str) -> &'a lenalyze::derive::subject::Subject {
    derived(report)
        .subjects
        .iter()
        .find(|s| s.patient_id == id)
        .unwrap()
}

/// A transfusions sheet whose only row belongs to nobody compared here
/// (a patient with no row in a sheet that exists has no transfusion).
fn no_transfusions() -> InputFile {
    file(
        "review-transfusions.csv",
        "patient_id,date,units\nP9,2019-12-01,1\n".into(),
    )
}

/// Review V1: a patient not transfusion dependent (0 units before start)
/// whose Hb rises from 9.0 (week 0, the start date) to 11.5, 11.6, 11.6,
/// 11.7 at weeks 8, 12, 16, 24, recorded `RBC-TI`; V2 agrees (none).
fn v1() -> Vec<Row<'static>> {
    vec![
        Row {
            id: "V1",
            w0: ["9", "2000", "200000"],
            hb: ["11.5", "11.6", "11.6", "11.7"],
            response: "RBC-TI",
            ..Row::default()
        },
        Row {
            id: "V2",
            w0: ["9", "2000", "200000"],
            hb: ["9.1", "9.0", "9.2", "9.1"],
            response: "none",
            ..Row::default()
        },
    ]
}

#[test]
fn iwg2000_hb_major_is_counted_listed_and_named_as_kept() {
    // Cheson 2000: not transfusion dependent, pretreatment Hb < 11 (9.0):
    // major = Hb rise > 2 g/dL: 11.5 − 9.0 = 2.5 on day 56 and 11.6 − 9.0
    // = 2.6 on day 112, 56 days apart, no transfusion: HI-E major from
    // 2020-02-26 (day 56). V2's rises are ≤ 0.2: none.
    let files = [patients(&v1(), "", &[]), no_transfusions()];
    let report = analyze(&files, &Settings::default());
    assert_eq!(subject(&report, "V1").iwg2000, Some(Iwg2000::HiEMajor));
    assert_eq!(subject(&report, "V2").iwg2000, Some(Iwg2000::NoResponse));
    let c = &derived(&report).response.as_ref().unwrap().iwg2000;
    // Both patients are compared: 1 agrees (V2), V1 is listed.
    assert_eq!((c.n, c.agreeing), (2, 1));
    assert_eq!(c.categories, Iwg2000::ALL);
    // table[recorded RBC-TI = 0][derived HI-E major = 1] = 1.
    assert_eq!(c.table[0][1], 1);
    assert_eq!(c.disagreements.len(), 1);
    assert_eq!(
        (c.disagreements[0].recorded, c.disagreements[0].derived),
        (Iwg2000::RbcTi, Iwg2000::HiEMajor)
    );
    // The presentation lists it too.
    let p = present(&report, Lang::En);
    let listing = tables(&p)
        .find(|t| t.id == "derived-disagreements")
        .unwrap();
    let grid = listing.grid();
    assert!(grid
        .iter()
        .any(|r| r.len() == 4 && r[0] == "V1" && r[3] == "HI-E major (Hb rise)"));

    // With response_source = derived, V1 keeps its recorded value (the
    // CRF's response has no HI-E major), and the report counts it.
    let settings = Settings {
        response_source: Source::Derived,
        ..Settings::default()
    };
    let report = analyze(&files, &settings);
    let used = &derived(&report).sources;
    assert_eq!(used.response.source, Source::Derived);
    assert_eq!(
        used.response.kept_recorded,
        vec![Kept {
            reason: KeptReason::NoCrfCategory,
            patients: 1
        }]
    );
    assert_eq!(used.risk.source, Source::Recorded);
    assert!(used.risk.kept_recorded.is_empty());
    let p = present(&report, Lang::En);
    let sources = tables(&p).find(|t| t.id == "derived-sources").unwrap();
    let grid = sources.grid();
    let row = grid
        .iter()
        .find(|r| r.len() == 4 && r[0] == "Response (response)")
        .unwrap();
    assert_eq!(row[1], "Derived");
    assert_eq!(row[2], "1");
    assert!(row[3].contains("HI-E major"), "{row:?}");
    // Korean has the same table, in Korean.
    let p = present(&report, Lang::Ko);
    let sources = tables(&p).find(|t| t.id == "derived-sources").unwrap();
    assert!(sources
        .grid()
        .iter()
        .any(|r| r.len() == 4 && r[1] == "유도값"));
}

#[test]
fn without_a_transfusions_sheet_derived_response_keeps_every_recorded_value_and_says_why() {
    let settings = Settings {
        response_source: Source::Derived,
        risk_source: Source::Derived,
        ..Settings::default()
    };
    // No transfusions sheet: no response can be derived (2 patients kept).
    // Risk: P2 has no blasts, so neither IPSS nor IPSS-R (1 kept, blasts).
    let rows = vec![
        Row {
            id: "V1",
            ..Row::default()
        },
        Row {
            id: "P2",
            blasts: "",
            ..Row::default()
        },
    ];
    let report = analyze(&[patients(&rows, "", &[])], &settings);
    let used = &derived(&report).sources;
    assert_eq!(
        used.response.kept_recorded,
        vec![Kept {
            reason: KeptReason::NoTransfusionSheet,
            patients: 2
        }]
    );
    assert_eq!(
        used.risk.kept_recorded,
        vec![Kept {
            reason: KeptReason::ScorePartMissing {
                component: Component::Blasts
            },
            patients: 1
        }]
    );
}

#[test]
fn a_missing_ae_column_or_empty_cell_is_not_recorded_never_grade_0() {
    // Hb 9.0 on weeks 8–24 is CTCAE anemia grade 2 (< 10.0–8.0) for every
    // patient. Without ae_ columns nothing is recorded: nothing compared,
    // no disagreement, no kappa.
    let rows = vec![
        Row {
            id: "A1",
            hb: ["9", "9", "9", "9"],
            ..Row::default()
        },
        Row {
            id: "A2",
            hb: ["9", "9", "9", "9"],
            ..Row::default()
        },
    ];
    let report = analyze(&[patients(&rows, "", &[])], &Settings::default());
    assert_eq!(subject(&report, "A1").ctcae[0], Some(2));
    assert_eq!(subject(&report, "A1").ctcae_recorded[0], None);
    let anemia = &derived(&report).ctcae[0];
    assert_eq!(anemia.grades.n, 0);
    assert!(anemia.grades.disagreements.is_empty());
    // With ae_anemia: A1 recorded 2 (agrees), A2's cell empty (not
    // recorded): one patient compared, none listed.
    let report = analyze(
        &[patients(&rows, ",ae_anemia", &[",2", ","])],
        &Settings::default(),
    );
    let anemia = &derived(&report).ctcae[0];
    assert_eq!((anemia.grades.n, anemia.grades.agreeing), (1, 1));
    assert!(anemia.grades.disagreements.is_empty());
}

#[test]
fn ipss_ra_uses_the_age_at_diagnosis() {
    // Review Q01: IPSS-R 1 (blasts 1 % → 0, del(5q) alone → good 1, Hb 11
    // ≥ 10 → 0, platelets 200,000 → 0, ANC 2,000 ≥ 800 → 0). Age 70 at
    // start (crf-v1 `age`), diagnosed 2019-10-03, 90 days before the
    // 2020-01-01 start: age at diagnosis = 70 − 90/365.25 = 69.753593.
    // IPSS-RA = 1 + (69.753593 − 70) × (0.05 − 1 × 0.005)
    //         = 1 − 0.246407 × 0.045 = 0.988912 → 0.9889 (4 decimals).
    // (python3: 1 + (70 - 90/365.25 - 70) * 0.045 = 0.98891170…)
    let rows = vec![
        Row {
            id: "Q01",
            ..Row::default()
        },
        // Born 1950-01-01: 25,477 days to 2019-10-03 = 69.752225 years
        // (age 70 is ignored for the age at diagnosis when birth_date is
        // recorded): 1 + (69.752225 − 70) × 0.045 = 0.988850 → 0.9889.
        Row {
            id: "Q02",
            birth: "1950-01-01",
            ..Row::default()
        },
        // No diagnosis date: no age at diagnosis, so no IPSS-RA, with the
        // reason (derivations.md: a missing component makes the score
        // missing); IPSS-R itself is still 1.
        Row {
            id: "Q03",
            dx_date: "",
            ..Row::default()
        },
    ];
    let report = analyze(&[patients(&rows, "", &[])], &Settings::default());
    let q01 = subject(&report, "Q01");
    assert_eq!(q01.ipss_r.unwrap().score, 1.0);
    assert!((q01.age_at_diagnosis.unwrap() - (70.0 - 90.0 / 365.25)).abs() < 1e-12);
    assert_eq!(q01.ipss_ra.unwrap().score, 0.9889);
    let q02 = subject(&report, "Q02");
    assert!((q02.age_at_diagnosis.unwrap() - 25_477.0 / 365.25).abs() < 1e-12);
    assert_eq!(q02.ipss_ra.unwrap().score, 0.9889);
    let q03 = subject(&report, "Q03");
    assert_eq!(q03.ipss_r.unwrap().score, 1.0);
    assert!(q03.ipss_ra.is_none());
    assert!(q03.risk_not_scored.contains(&Reason::Missing {
        component: Component::DiagnosisDate
    }));
}

#[test]
fn week_0_stands_in_for_each_missing_diagnosis_count_on_its_own() {
    // Review W1: Hb 9 and platelets 150,000 at diagnosis, no ANC at
    // diagnosis, ANC 700 at week 0. IPSS-R: blasts 1 → 0, good → 1, Hb 9
    // (8 to < 10) → 1, platelets ≥ 100,000 → 0, ANC 700 < 800 → 0.5:
    // 2.5, Low (> 1.5–3). IPSS: blasts < 5 → 0, del(5q) alone → 0,
    // cytopenias Hb < 10 and ANC < 1,800 (2; platelets not < 100,000) →
    // 0.5: 0.5, Int-1.
    let rows = vec![Row {
        id: "W1",
        dx: ["9", "", "150000"],
        w0: ["12", "700", "300000"],
        ipss: "Int-1",
        ..Row::default()
    }];
    let report = analyze(&[patients(&rows, "", &[])], &Settings::default());
    let w1 = subject(&report, "W1");
    assert_eq!(w1.counts_from_week0, vec![Component::Neutrophils]);
    assert_eq!(w1.ipss_r.unwrap().score, 2.5);
    assert_eq!(w1.ipss.unwrap().score, 0.5);
    assert_eq!(
        derived(&report).risk.counts_from_week0,
        vec![("W1".to_string(), vec![Component::Neutrophils])]
    );
    // The report says so under the risk tables.
    let p = present(&report, Lang::En);
    let t = tables(&p).find(|t| t.id == "derived-ipss-r").unwrap();
    assert!(
        t.footnotes.iter().any(|f| f.contains("W1 (ANC)")),
        "{:?}",
        t.footnotes
    );
}

#[test]
fn the_derived_dataset_csv_is_a_plain_dataset_in_crf_spellings() {
    // V1 (del(5q) alone: IPSS-R cytogenetics Good) and Y1 (-Y alone: Very
    // good, Greenberg 2012), with a transfusions sheet so IWG is derived.
    let mut rows = v1();
    rows.push(Row {
        id: "Y1",
        karyotype: "45,X,-Y[20]",
        ..Row::default()
    });
    let files = [patients(&rows, "", &[]), no_transfusions()];
    let report = analyze(&files, &Settings::default());
    let p = present(&report, Lang::Ko);
    let t = tables(&p).find(|t| t.id == "derived-dataset").unwrap();
    let csv = lenalyze::export::csv(t);
    let csv = csv.trim_start_matches('\u{feff}');
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    // Header row = column codes, then one row per screened patient; no
    // caption or footnote line (in any language).
    assert_eq!(lines.len(), 1 + 3);
    assert!(lines[0].starts_with("patient_id,site,cyto_del5q,"));
    let header: Vec<&str> = lines[0].split(',').collect();
    let row = |id: &str| -> Vec<String> {
        let line = lines.iter().find(|l| l.starts_with(&format!("{id},")));
        common::split_csv(line.unwrap())
    };
    let col =
        |id: &str, name: &str| row(id)[header.iter().position(|h| *h == name).unwrap()].clone();
    assert_eq!(col("V1", "ipss_r_cyto"), "Good");
    assert_eq!(col("Y1", "ipss_r_cyto"), "Very good");
    assert_eq!(col("V1", "ipss_cyto_group"), "Good");
    assert_eq!(col("V1", "iwg2000"), "HI-E major");
    assert_eq!(col("V2", "iwg2000"), "none");
    // IWG 2018: V1 is NTD (0 units in 16 weeks); the baseline is the mean
    // of the two lowest consecutive Hb values before start, only week 0
    // (one value) here, so NE (no baseline Hb).
    assert_eq!(col("V1", "transfusion_burden_2018"), "NTD");
    assert_eq!(col("V1", "iwg2018"), "NE");
    assert_eq!(col("V1", "response_recorded"), "RBC-TI");
    assert_eq!(col("V1", "counts_from_week0"), "none");
    // 70 − 90/365.25 = 69.7536 → 69.75.
    assert_eq!(col("V1", "age_at_diagnosis"), "69.75");
}

#[test]
fn every_derived_dataset_value_is_one_the_data_dictionary_allows() {
    use lenalyze::present::dataset::DATASET_COLUMNS;
    let mut rows = v1();
    rows.push(Row {
        id: "Y1",
        karyotype: "45,X,-Y[20]",
        dx: ["9", "", "150000"],
        ..Row::default()
    });
    let files = [patients(&rows, "", &[]), no_transfusions()];
    let report = analyze(&files, &Settings::default());
    let p = present(&report, Lang::En);
    let t = tables(&p).find(|t| t.id == "derived-dataset").unwrap();
    let rows = t.csv_rows();
    let names: Vec<&str> = DATASET_COLUMNS.iter().map(|c| c.name).collect();
    assert_eq!(rows[0], names);
    for row in &rows[1..] {
        for (c, v) in DATASET_COLUMNS.iter().zip(row) {
            if v.is_empty() || c.codes.is_empty() {
                continue;
            }
            let ok = if c.name == "counts_from_week0" {
                v.split(' ').all(|x| c.codes.contains(&x))
            } else {
                c.codes.contains(&v.as_str())
            };
            assert!(ok, "{}: {v} not in {:?}", c.name, c.codes);
        }
    }
    // The dictionary (English and Korean) lists every dataset column on
    // the sheet `derived`, with these codes.
    for lang in Lang::ALL {
        let dict = lenalyze::template::dictionary(lang);
        for c in DATASET_COLUMNS {
            let e = dict
                .iter()
                .find(|e| e.sheet == "derived" && e.column == c.name)
                .unwrap_or_else(|| panic!("{} not in the dictionary", c.name));
            if !c.codes.is_empty() {
                assert_eq!(e.allowed_values, c.codes);
            }
            assert!(!e.meaning.is_empty());
        }
    }
}

#[test]
fn no_negative_zero_in_the_report() {
    // An empty float sum is −0.0 in Rust; the report printed
    // `"units_before_assessment": -0.0` (review, w/v.json). V1 and V2 have
    // no transfusion at all, so every burden and unit count is 0.
    // The per-patient values are in the derivations document (`--derivations`),
    // not in the report JSON; neither may hold −0.
    let files = [patients(&v1(), "", &[]), no_transfusions()];
    let report = analyze(&files, &Settings::default());
    let json = report.to_json();
    let derivations = report.derivations_json().expect("values were derived");
    assert!(
        derivations.contains("\"units_8_weeks\": 0.0"),
        "a burden of 0 is written"
    );
    for text in [&json, &derivations] {
        assert!(
            !text.contains("-0.0") && !text.contains(": -0,"),
            "−0 in the report or the derivations"
        );
    }
}
