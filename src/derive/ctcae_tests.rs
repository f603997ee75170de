//! Every CTCAE v5.0 band edge, worked by hand from the table in the module
//! docs: a band is "< upper – lower", i.e. lower ≤ value < upper.

use super::*;

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd(y, m, day).unwrap()
}

fn g(lab: Lab, v: f64) -> Grade {
    let lln = CtcaeSettings::default().lln(lab, Some(Sex::Female));
    grade(lab, v, lln).unwrap()
}

#[test]
fn anemia_edges() {
    // Women's LLN 12.0: 12.0 is normal, 11.9 is < LLN and ≥ 10.0.
    assert_eq!(g(Lab::Hemoglobin, 12.0), Grade::G0);
    assert_eq!(g(Lab::Hemoglobin, 11.9), Grade::G1);
    // 10.0 is not < 10.0, so still grade 1; 9.99 is grade 2.
    assert_eq!(g(Lab::Hemoglobin, 10.0), Grade::G1);
    assert_eq!(g(Lab::Hemoglobin, 9.99), Grade::G2);
    // 8.0 is not < 8.0: grade 2; 7.99 is grade 3.
    assert_eq!(g(Lab::Hemoglobin, 8.0), Grade::G2);
    assert_eq!(g(Lab::Hemoglobin, 7.99), Grade::G3);
    // No lab-defined grade 4 for anemia: even 3.0 g/dL is grade 3.
    assert_eq!(g(Lab::Hemoglobin, 3.0), Grade::G3);
    assert_eq!(g(Lab::Hemoglobin, 0.0), Grade::G3);
}

#[test]
fn anemia_lln_depends_on_sex() {
    let s = CtcaeSettings::default();
    // 12.5 g/dL: normal for a woman (LLN 12.0), grade 1 for a man (13.0).
    assert_eq!(
        grade(
            Lab::Hemoglobin,
            12.5,
            s.lln(Lab::Hemoglobin, Some(Sex::Female))
        ),
        Some(Grade::G0)
    );
    assert_eq!(
        grade(
            Lab::Hemoglobin,
            12.5,
            s.lln(Lab::Hemoglobin, Some(Sex::Male))
        ),
        Some(Grade::G1)
    );
    // Sex unknown: the lower LLN, so 12.5 is not called abnormal.
    assert_eq!(s.lln(Lab::Hemoglobin, None), 12.0);
}

#[test]
fn neutrophil_edges() {
    assert_eq!(g(Lab::Neutrophils, 2000.0), Grade::G0);
    assert_eq!(g(Lab::Neutrophils, 1999.0), Grade::G1);
    assert_eq!(g(Lab::Neutrophils, 1500.0), Grade::G1);
    assert_eq!(g(Lab::Neutrophils, 1499.0), Grade::G2);
    assert_eq!(g(Lab::Neutrophils, 1000.0), Grade::G2);
    assert_eq!(g(Lab::Neutrophils, 999.0), Grade::G3);
    assert_eq!(g(Lab::Neutrophils, 500.0), Grade::G3);
    assert_eq!(g(Lab::Neutrophils, 499.0), Grade::G4);
    assert_eq!(g(Lab::Neutrophils, 0.0), Grade::G4);
}

#[test]
fn platelet_edges() {
    assert_eq!(g(Lab::Platelets, 150_000.0), Grade::G0);
    assert_eq!(g(Lab::Platelets, 149_000.0), Grade::G1);
    assert_eq!(g(Lab::Platelets, 75_000.0), Grade::G1);
    assert_eq!(g(Lab::Platelets, 74_999.0), Grade::G2);
    assert_eq!(g(Lab::Platelets, 50_000.0), Grade::G2);
    assert_eq!(g(Lab::Platelets, 49_999.0), Grade::G3);
    assert_eq!(g(Lab::Platelets, 25_000.0), Grade::G3);
    assert_eq!(g(Lab::Platelets, 24_999.0), Grade::G4);
}

#[test]
fn lymphocyte_edges() {
    assert_eq!(g(Lab::Lymphocytes, 1000.0), Grade::G0);
    assert_eq!(g(Lab::Lymphocytes, 999.0), Grade::G1);
    assert_eq!(g(Lab::Lymphocytes, 800.0), Grade::G1);
    assert_eq!(g(Lab::Lymphocytes, 799.0), Grade::G2);
    assert_eq!(g(Lab::Lymphocytes, 500.0), Grade::G2);
    assert_eq!(g(Lab::Lymphocytes, 499.0), Grade::G3);
    assert_eq!(g(Lab::Lymphocytes, 200.0), Grade::G3);
    assert_eq!(g(Lab::Lymphocytes, 199.0), Grade::G4);
}

#[test]
fn unusable_values_are_not_graded() {
    assert_eq!(grade(Lab::Neutrophils, f64::NAN, 2000.0), None);
    assert_eq!(grade(Lab::Neutrophils, -1.0, 2000.0), None);
    assert_eq!(grade(Lab::Neutrophils, f64::INFINITY, 2000.0), None);
}

#[test]
fn lln_at_a_bound_makes_a_grade_impossible() {
    // A lab whose ANC LLN is 1,500: 1,500 is normal, 1,499 is already
    // grade 2 (< 1,500), so grade 1 cannot occur.
    assert_eq!(grade(Lab::Neutrophils, 1500.0, 1500.0), Some(Grade::G0));
    assert_eq!(grade(Lab::Neutrophils, 1499.0, 1500.0), Some(Grade::G2));
    let s = CtcaeSettings {
        lln_anc_per_ul: 1500.0,
        ..CtcaeSettings::default()
    };
    assert_eq!(s.impossible_grades(Lab::Neutrophils, None), vec![Grade::G1]);
    // An LLN of 900 (below 1,000): grades 1 and 2 impossible; 950 normal.
    let s = CtcaeSettings {
        lln_anc_per_ul: 900.0,
        ..CtcaeSettings::default()
    };
    assert_eq!(
        s.impossible_grades(Lab::Neutrophils, None),
        vec![Grade::G1, Grade::G2]
    );
    assert_eq!(grade(Lab::Neutrophils, 950.0, 900.0), Some(Grade::G0));
    assert_eq!(grade(Lab::Neutrophils, 899.0, 900.0), Some(Grade::G3));
    // Defaults leave every grade possible, for every count and sex.
    let s = CtcaeSettings::default();
    for lab in Lab::ALL {
        for sex in [Some(Sex::Male), Some(Sex::Female), None] {
            assert!(s.impossible_grades(lab, sex).is_empty(), "{lab:?}");
        }
    }
    // Hb LLN 10.0 (a laboratory's own): grade 1 impossible, 10.0 normal.
    let s = CtcaeSettings {
        lln_hb_female_g_dl: 10.0,
        ..CtcaeSettings::default()
    };
    assert_eq!(
        s.impossible_grades(Lab::Hemoglobin, Some(Sex::Female)),
        vec![Grade::G1]
    );
}

fn period(stopped: bool) -> TreatmentPeriod {
    TreatmentPeriod {
        start: d(2019, 1, 1),
        end: d(2019, 3, 1),
        stopped,
    }
}

#[test]
fn worst_grade_window() {
    let s = CtcaeSettings::default();
    let values = [
        (d(2019, 1, 1), 300.0),  // on start_date: baseline, not toxicity
        (d(2019, 1, 2), 1200.0), // day 1: grade 2
        (d(2019, 2, 1), 800.0),  // grade 3
        (d(2019, 3, 1), 900.0),  // stop_date itself: grade 3, higher value
        (d(2019, 3, 20), 100.0), // 19 days after stop: grade 4
    ];
    let w = worst_on_treatment(Lab::Neutrophils, &values, &period(true), 2000.0, &s).unwrap();
    // Grade 3 twice: the lower value (800) is reported.
    assert_eq!(
        (w.grade, w.value, w.date),
        (Grade::G3, 800.0, d(2019, 2, 1))
    );
    // With a 30-day window after stop the day-19 value counts.
    let s30 = CtcaeSettings {
        days_after_stop: 30,
        ..s.clone()
    };
    let w = worst_on_treatment(Lab::Neutrophils, &values, &period(true), 2000.0, &s30).unwrap();
    assert_eq!(w.grade, Grade::G4);
    // Still on treatment: the window does not extend past the follow-up.
    let w = worst_on_treatment(Lab::Neutrophils, &values, &period(false), 2000.0, &s30).unwrap();
    assert_eq!(w.grade, Grade::G3);
    // Only a baseline value: not assessed, never grade 0.
    assert_eq!(
        worst_on_treatment(Lab::Neutrophils, &values[..1], &period(true), 2000.0, &s),
        None
    );
}

#[test]
fn baseline_is_last_value_in_lookback() {
    let s = CtcaeSettings::default();
    let start = d(2019, 1, 15);
    let values = [
        (d(2018, 12, 31), 20_000.0), // 15 days before: outside 14
        (d(2019, 1, 1), 60_000.0),   // 14 days before: inside
        (d(2019, 1, 10), 80_000.0),  // last before start: grade 1
        (d(2019, 1, 16), 10_000.0),  // on treatment
    ];
    let b = baseline(Lab::Platelets, &values, start, 150_000.0, &s).unwrap();
    assert_eq!((b.grade, b.value), (Grade::G1, 80_000.0));
    let b = baseline(Lab::Platelets, &values[..2], start, 150_000.0, &s).unwrap();
    assert_eq!(b.grade, Grade::G2);
    assert_eq!(
        baseline(Lab::Platelets, &values[..1], start, 150_000.0, &s),
        None
    );
}

#[test]
fn week_columns_are_dated_from_start() {
    let start = d(2019, 1, 1);
    let v = week_values(start, &[(0, 7.0), (4, 8.5)]);
    assert_eq!(v, vec![(d(2019, 1, 1), 7.0), (d(2019, 1, 29), 8.5)]);
    // Week 0 is baseline, week 4 on treatment.
    let s = CtcaeSettings::default();
    let p = period(false);
    assert_eq!(
        baseline(Lab::Hemoglobin, &v, start, 12.0, &s).map(|g| g.grade),
        Some(Grade::G3)
    );
    assert_eq!(
        worst_on_treatment(Lab::Hemoglobin, &v, &p, 12.0, &s).map(|g| g.grade),
        Some(Grade::G2)
    );
}

#[test]
fn shift_table_counts() {
    use Grade::*;
    let t = ShiftTable::from_pairs(
        Lab::Neutrophils,
        [
            (Some(G2), Some(G4)),
            (Some(G2), Some(G4)),
            (Some(G3), Some(G3)),
            (Some(G4), Some(G2)),
            (None, Some(G1)),
            (Some(G0), None),
        ],
    );
    assert_eq!(t.counts[2][4], 2);
    assert_eq!(t.counts[3][3], 1);
    assert_eq!(t.counts[4][2], 1);
    assert_eq!(t.counts[ShiftTable::NOT_ASSESSED][1], 1);
    assert_eq!(t.counts[0][ShiftTable::NOT_ASSESSED], 1);
    assert_eq!(t.total(), 6);
    // Worse than baseline, both known: the two 2 → 4.
    assert_eq!(t.worsened(), 2);
    let json = serde_json::to_value(&t).unwrap();
    assert_eq!(json["lab"], "neutrophils");
    assert_eq!(json["counts"][2][4], 2);
}

#[test]
fn grade_serializes_as_number() {
    assert_eq!(serde_json::to_string(&Grade::G3).unwrap(), "3");
    assert_eq!(serde_json::from_str::<Grade>("4").unwrap(), Grade::G4);
    assert!(serde_json::from_str::<Grade>("5").is_err());
}

#[test]
fn settings_round_trip_with_defaults() {
    let s: CtcaeSettings = serde_json::from_str(r#"{"lln_anc_per_ul": 1800}"#).unwrap();
    assert_eq!(s.lln_anc_per_ul, 1800.0);
    assert_eq!(s.lln_hb_male_g_dl, 13.0);
    assert!(serde_json::from_str::<CtcaeSettings>(r#"{"lnn": 1}"#).is_err());
}

#[test]
fn grades_beyond_the_labs() {
    // Anemia grade 4 is "life-threatening; urgent intervention", not a value.
    assert!(Lab::Hemoglobin.derivable_grade(3));
    assert!(!Lab::Hemoglobin.derivable_grade(4));
    assert!(Lab::Neutrophils.derivable_grade(4));
    assert!(!Lab::Platelets.derivable_grade(5));
}
