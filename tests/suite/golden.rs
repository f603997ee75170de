//! Golden test: the synthetic demo CRF reproduces every count the study
//! prints (reference/study-paper.txt, Tables 1–4 and the text), and the
//! tests on those counts give the values computed independently with scipy.
//!
//! Where the paper contradicts itself the demo follows the arithmetic; see
//! www/demo/README.md and docs/paper-reproduction.md.

use lenalyze::{analyze, InputFile, Settings};
use serde_json::Value;

fn demo() -> lenalyze::Report {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/demo/lenalyze-demo.csv"
    ))
    .unwrap();
    analyze(
        &[InputFile {
            name: "lenalyze-demo.csv".into(),
            bytes,
        }],
        &Settings::default(),
    )
}

fn demo_report() -> Value {
    serde_json::from_str(&demo().to_json()).unwrap()
}

fn demo_analysis() -> lenalyze::analysis::Analysis {
    demo().analysis.expect("the demo is analysed")
}

fn close(a: &Value, b: f64, tol: f64) {
    let a = a.as_f64().unwrap_or_else(|| panic!("not a number: {a}"));
    assert!((a - b).abs() <= tol * b.abs().max(1e-300), "{a} vs {b}");
}

#[test]
fn population_flow() {
    let r = demo_report();
    assert_eq!(r["status"], "ok");
    assert_eq!(r["diagnostic_counts"]["errors"], 0);
    assert_eq!(r["diagnostic_counts"]["warnings"], 0);
    let f = &r["analysis"]["population_flow"];
    assert_eq!(f["screened"], 31);
    assert_eq!(f["eligible"], 31);
    assert_eq!(f["safety"], 31);
    assert_eq!(f["evaluable"], 28);
    assert_eq!(f["responders"], 19);
    assert_eq!(f["non_responders"], 9);
    // "toxicity (1 patient; in 18 days), rapid AML transformation (1 patient;
    // in 20 days), and at will (1 patient, in 22 days)": the report JSON
    // counts them, the flow (and the presentation) lists them.
    assert_eq!(f["not_evaluable_patients"], 3);
    assert_eq!(f["excluded_patients"], 0);
    let listed = serde_json::to_value(&demo_analysis().population_flow.not_evaluable).unwrap();
    let ne: Vec<(String, i64)> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["stop_reason"].as_str().unwrap().to_string(),
                n["days_on_treatment"].as_i64().unwrap(),
            )
        })
        .collect();
    assert!(ne.contains(&("toxicity".into(), 18)));
    assert!(ne.contains(&("aml_progression".into(), 20)));
    assert!(ne.contains(&("patient_choice".into(), 22)));
}

fn level<'a>(row: &'a Value, name: &str) -> &'a Value {
    row["levels"]
        .as_array()
        .unwrap()
        .iter()
        // A level Lenalyze names (`{"code": …}`) or a CRF category.
        .find(|l| l[0]["code"] == name || l[0]["category"] == name)
        .map(|l| &l[1])
        .unwrap_or_else(|| panic!("no level {name}"))
}

fn t1_row<'a>(r: &'a Value, variable: &str) -> &'a Value {
    r["analysis"]["table1"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["variable"] == variable)
        .unwrap_or_else(|| panic!("no row {variable}"))
}

#[test]
fn table1_patient_characteristics() {
    let r = demo_report();
    let age = &t1_row(&r, "age")["describe"]["summary"]["value"];
    assert_eq!(age["median"], 66.0);
    assert_eq!(age["min"], 46.0);
    assert_eq!(age["max"], 83.0);
    let sex = t1_row(&r, "sex");
    assert_eq!(level(sex, "male")["n"], 8);
    assert_eq!(level(sex, "female")["n"], 23);
    let weeks = &t1_row(&r, "diagnosis_to_start")["describe"]["summary"]["value"];
    assert_eq!(weeks["median"].as_f64().unwrap().round(), 56.0);
    assert!(weeks["min"].as_f64().unwrap() < 0.5);
    assert_eq!(weeks["max"].as_f64().unwrap().round(), 424.0);
    let td = t1_row(&r, "transfusion_dependence");
    assert_eq!(level(td, "at_diagnosis")["n"], 23);
    assert_eq!(level(td, "at_start")["n"], 31);
    let k = t1_row(&r, "karyotype");
    assert_eq!(level(k, "isolated_del5q")["n"], 28);
    assert_eq!(level(k, "del5q_plus_one")["n"], 3);
    assert_eq!(level(k, "del5q_plus_two_or_more")["n"], 0);
    let who = t1_row(&r, "who_class");
    assert_eq!(level(who, "MDS with isolated del(5q)")["n"], 27);
    assert_eq!(level(who, "MDS-MLD")["n"], 2);
    assert_eq!(level(who, "MDS-EB-1")["n"], 1);
    assert_eq!(level(who, "MDS-U")["n"], 1);
    let ipss = t1_row(&r, "ipss");
    assert_eq!(level(ipss, "Low")["n"], 16);
    assert_eq!(level(ipss, "Int-1")["n"], 15);
    assert_eq!(level(ipss, "Int-2")["n"], 0);
    assert_eq!(level(ipss, "High")["n"], 0);
    let ipss_r = t1_row(&r, "ipss_r");
    assert_eq!(level(ipss_r, "Very low")["n"], 2);
    assert_eq!(level(ipss_r, "Low")["n"], 16);
    // The paper prints 15 (41.9%); 41.9% of 31 is 13, and 2 + 16 + 13 = 31.
    assert_eq!(level(ipss_r, "Intermediate")["n"], 13);
    let hb = &t1_row(&r, "baseline_hb")["describe"]["summary"]["value"];
    assert_eq!(hb["median"], 7.0);
    assert_eq!(hb["min"], 4.5);
    assert_eq!(hb["max"], 10.0);
    assert_eq!((hb["mean"].as_f64().unwrap() * 10.0).round(), 72.0);
    assert_eq!((hb["sem"].as_f64().unwrap() * 10.0).round(), 2.0);
    let rbc = &t1_row(&r, "rbc_units_8wk")["describe"]["summary"]["value"];
    assert_eq!(rbc["median"], 6.0);
    assert_eq!(rbc["min"], 2.0);
    assert_eq!(rbc["max"], 11.0);
    assert_eq!((rbc["mean"].as_f64().unwrap() * 10.0).round(), 53.0);
    assert_eq!((rbc["sem"].as_f64().unwrap() * 10.0).round(), 4.0);
    let esa = t1_row(&r, "prior_esa");
    assert_eq!(level(esa, "esa_treated")["n"], 12);
    assert_eq!(level(esa, "esa_ti")["n"], 4);
}

#[test]
fn efficacy() {
    let r = demo_report();
    let e = &r["analysis"]["efficacy"];
    let ti = &e["rbc_ti"]["interval"]["value"];
    assert_eq!(e["rbc_ti"]["count"]["n"], 19);
    assert_eq!(e["rbc_ti"]["count"]["denominator"], 28);
    // scipy 1.17.1: python3 -c "from scipy.stats import binomtest; print(binomtest(19, 28).proportion_ci(method='exact'))"
    // → ConfidenceInterval(low=0.47648359329013973, high=0.841223962113847)
    close(&ti["lower"], 0.476_483_593_290_139_73, 1e-9);
    close(&ti["upper"], 0.841_223_962_113_847, 1e-9);
    assert_eq!(e["hi_e_minor"]["count"]["n"], 1);
    assert_eq!(e["no_response"]["count"]["n"], 8);
    assert_eq!(e["any_hi_e"]["count"]["n"], 20);
    // Every rate has its exact (Clopper–Pearson) interval: the beta
    // quantiles Beta(a/2; x, n-x+1) and Beta(1-a/2; x+1, n-x), by bisection
    // on mpmath's regularized incomplete beta at 40 digits
    // (mpmath 1.3.0: betainc(a, b, 0, q, regularized=True)).
    for (k, lower, upper) in [
        (
            "hi_e_minor",
            0.000_903_798_755_658_057_7,
            0.183_477_597_544_623_64,
        ),
        (
            "no_response",
            0.132_236_512_571_125_11,
            0.486_668_315_448_940_7,
        ),
        ("any_hi_e", 0.513_331_684_551_059_3, 0.867_763_487_428_874_9),
    ] {
        close(&e[k]["interval"]["value"]["lower"], lower, 1e-9);
        close(&e[k]["interval"]["value"]["upper"], upper, 1e-9);
    }
    let d = &e["duration_months"];
    assert_eq!(
        (d["responders"]["summary"]["value"]["mean"]
            .as_f64()
            .unwrap()
            * 10.0)
            .round(),
        247.0
    );
    assert_eq!(
        (d["responders"]["summary"]["value"]["sem"].as_f64().unwrap() * 10.0).round(),
        25.0
    );
    assert_eq!(
        (d["non_responders"]["summary"]["value"]["mean"]
            .as_f64()
            .unwrap()
            * 10.0)
            .round(),
        91.0
    );
    assert_eq!(
        (d["non_responders"]["summary"]["value"]["sem"]
            .as_f64()
            .unwrap()
            * 10.0)
            .round(),
        26.0
    );
    // The paper: P < 0.001.
    assert!(d["welch"]["value"]["p_value"].as_f64().unwrap() < 0.001);
}

#[test]
fn table2_counts_and_fisher_p() {
    let r = demo_report();
    let rows = r["analysis"]["table2"]["rows"].as_array().unwrap();
    // (factor, counts as printed [[no, yes] level 1, [no, yes] level 2],
    // two-sided Fisher p from scipy 1.17.1 (the rows of a 2x2 as listed):
    // python3 -c "from scipy.stats import fisher_exact; print(fisher_exact(T).pvalue)")
    let expected: [(&str, [[u64; 2]; 2], f64); 8] = [
        ("sex", [[5, 2], [4, 17]], 0.019_575_352_184_047_84),
        ("age", [[7, 8], [2, 11]], 0.114_492_753_623_188_39),
        (
            "diagnosis_to_start",
            [[4, 11], [5, 8]],
            0.689_130_434_782_608_6,
        ),
        ("ipss", [[5, 10], [4, 9]], 1.0),
        (
            "rbc_transfusion",
            [[3, 11], [6, 8]],
            0.419_710_144_927_536_2,
        ),
        ("neutrophils", [[5, 16], [4, 3]], 0.165_247_795_682_578_3),
        ("platelets", [[5, 17], [4, 2]], 0.063_768_115_942_028_98),
        (
            "thrombocytopenia",
            [[1, 7], [8, 12]],
            0.214_350_866_524_779_6,
        ),
    ];
    assert_eq!(rows.len(), expected.len());
    for (row, (factor, counts, p)) in rows.iter().zip(expected) {
        assert_eq!(row["factor"], factor);
        let got: Vec<Vec<u64>> = serde_json::from_value(row["table"]["counts"].clone()).unwrap();
        assert_eq!(
            got,
            counts.iter().map(|r| r.to_vec()).collect::<Vec<_>>(),
            "{factor}"
        );
        close(&row["table"]["fisher"]["value"]["p_value"], p, 1e-9);
        assert_eq!(row["missing"], 0);
    }
    // Age split at the safety population's median (66).
    assert_eq!(r["analysis"]["table2"]["age_median"], 66.0);
}

#[test]
fn dose_modification() {
    let r = demo_report();
    let d = &r["analysis"]["dose_modification"];
    assert_eq!(d["reduction"]["responders"]["n"], 15);
    assert_eq!(d["reduction"]["responders"]["denominator"], 19);
    assert_eq!(d["reduction"]["non_responders"]["n"], 3);
    assert_eq!(d["reduction"]["non_responders"]["denominator"], 9);
    assert_eq!(d["reduction_overall"]["n"], 18);
    assert_eq!(d["interruption"]["responders"]["n"], 7);
    // scipy 1.17.1: python3 -c "from scipy.stats import fisher_exact; print(fisher_exact([[6,3],[4,15]]).pvalue)"
    // → 0.0346262433218955 (the paper prints P=0.03)
    close(
        &d["reduction"]["table"]["fisher"]["value"]["p_value"],
        0.034_626_243_321_895_5,
        1e-9,
    );
}

#[test]
fn table3_toxicity_row_by_row() {
    let r = demo_report();
    let rows = r["analysis"]["table3"]["rows"].as_array().unwrap();
    let expected: [(&str, [u64; 6]); 17] = [
        ("neutropenia", [7, 1, 1, 13, 9, 0]),
        ("lymphopenia", [20, 5, 3, 3, 0, 0]),
        ("thrombocytopenia", [11, 9, 3, 3, 5, 0]),
        ("febrile_neutropenia", [28, 0, 0, 3, 0, 0]),
        ("pruritus", [16, 8, 5, 2, 0, 0]),
        ("fatigue", [17, 12, 2, 0, 0, 0]),
        ("rash", [22, 5, 0, 4, 0, 0]),
        ("diarrhea", [26, 3, 2, 0, 0, 0]),
        ("dyspepsia", [28, 1, 2, 0, 0, 0]),
        ("constipation", [29, 2, 0, 0, 0, 0]),
        ("headache", [30, 0, 1, 0, 0, 0]),
        ("insomnia", [30, 0, 1, 0, 0, 0]),
        ("deep_vein_thrombosis", [30, 0, 1, 0, 0, 0]),
        ("dyspnea", [30, 1, 0, 0, 0, 0]),
        ("tongue_discoloration", [30, 1, 0, 0, 0, 0]),
        ("loss_of_appetite", [30, 1, 0, 0, 0, 0]),
        ("increased_creatinine", [30, 0, 1, 0, 0, 0]),
    ];
    assert_eq!(rows.len(), expected.len());
    for (label, grades) in expected {
        let row = rows
            .iter()
            .find(|x| x["term"] == label)
            .unwrap_or_else(|| panic!("{label}"));
        let got: Vec<u64> = serde_json::from_value(row["by_grade"].clone()).unwrap();
        assert_eq!(got, grades.to_vec(), "{label}");
        assert_eq!(
            row["any_grade"]["n"],
            grades[1..].iter().sum::<u64>(),
            "{label}"
        );
        assert_eq!(
            row["grade_3_or_higher"]["n"],
            grades[3..].iter().sum::<u64>(),
            "{label}"
        );
    }
    // Order: hematologic first, then any-grade count, grade >= 3, name.
    let order: Vec<&str> = rows.iter().map(|x| x["term"].as_str().unwrap()).collect();
    assert_eq!(
        &order[..5],
        &[
            "neutropenia",
            "thrombocytopenia",
            "lymphopenia",
            "febrile_neutropenia",
            "pruritus"
        ]
    );
}

#[test]
fn table4_final_stable_dose_row_by_row() {
    let r = demo_report();
    let t = &r["analysis"]["table4"];
    let rows: Vec<(String, u64, f64)> = t["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                format!("{} mg {}", x["dose_mg"], x["regimen"].as_str().unwrap()),
                x["count"]["n"].as_u64().unwrap(),
                x["dose_intensity_mg_per_day"].as_f64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("10.0 mg daily", 1, 10.0),
        ("10.0 mg daily_21_of_28", 3, 7.5),
        ("10.0 mg every_other_day", 1, 5.0),
        ("5.0 mg daily", 4, 5.0),
        ("5.0 mg daily_21_of_28", 4, 3.75),
        ("5.0 mg every_other_day", 6, 2.5),
    ];
    assert_eq!(rows.len(), expected.len());
    for (got, (dosing, n, intensity)) in rows.iter().zip(expected) {
        assert_eq!((got.0.as_str(), got.1, got.2), (dosing, n, intensity));
    }
    assert_eq!(t["missing"], 0);
    assert_eq!(t["correlations"][0]["pearson"]["value"]["n"], 19);
}

#[test]
fn toxicity_text_and_outcome() {
    let r = demo_report();
    let a = &r["analysis"];
    // "A total of 12 patients eventually discontinued lenalidomide: no
    // response (6), intolerable toxicity (4), AML progression (1), at will (1)."
    let d = &a["discontinuation"];
    assert_eq!(d["stopped"]["n"], 12);
    let reason = |name: &str| {
        d["by_reason"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["reason"] == name)
            .map(|x| x["count"]["n"].clone())
            .unwrap()
    };
    assert_eq!(reason("no_response"), 6);
    assert_eq!(reason("toxicity"), 4);
    assert_eq!(reason("aml_progression"), 1);
    assert_eq!(reason("patient_choice"), 1);
    assert_eq!(d["on_treatment"]["n"], 19);
    // No deaths; one AML progression.
    let os = &a["survival"][1]["estimate"]["value"];
    assert_eq!(os["events"], 0);
    assert!(os["median_days"].is_null());
    assert_eq!(a["survival"][2]["estimate"]["value"]["events"], 1);
    // Prior ESA: 12 of 31, 4 RBC-TI on ESA.
    assert_eq!(a["prior_esa"]["treated"]["n"], 12);
    assert_eq!(a["prior_esa"]["rbc_ti_on_esa"]["n"], 4);
}

#[test]
fn report_is_deterministic() {
    assert_eq!(demo_report(), demo_report());
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/demo/lenalyze-demo.csv"
    ))
    .unwrap();
    let files = [InputFile {
        name: "a.csv".into(),
        bytes,
    }];
    assert_eq!(
        analyze(&files, &Settings::default()).to_json(),
        analyze(&files, &Settings::default()).to_json()
    );
}

#[test]
fn row_order_never_changes_the_analysis() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/demo/lenalyze-demo.csv"
    ))
    .unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let analysis_of = |rows: &[csv::StringRecord]| -> Value {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&header).unwrap();
        for r in rows {
            w.write_record(r).unwrap();
        }
        let bytes = w.into_inner().unwrap();
        let report = analyze(
            &[InputFile {
                name: "crf.csv".into(),
                bytes,
            }],
            &Settings::default(),
        );
        // The report JSON lists no patient (the flow counts them), so
        // nothing in it may follow the file's order.
        let mut json: Value = serde_json::from_str(&report.to_json()).unwrap();
        json["analysis"].take()
    };
    let expected = analysis_of(&rows);
    let mut shuffled = rows.clone();
    // A fixed permutation (xorshift), then the reverse order.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in (1..shuffled.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        shuffled.swap(i, (state % (i as u64 + 1)) as usize);
    }
    assert_eq!(analysis_of(&shuffled), expected);
    shuffled.reverse();
    assert_eq!(analysis_of(&shuffled), expected);
}
