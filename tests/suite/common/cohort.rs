//! A compact proptest strategy for random but plausible cohorts: CRF v1
//! patients sheets (the demo's columns) whose values stay inside the
//! contract, so that most generated cohorts are analysed (not stopped by an
//! error) and the analysis' invariants are exercised on thousands of
//! different tables. Categorical values are the demo's spellings; dates are
//! generated from offsets so that their order is consistent (diagnosis ≤
//! start ≤ response, stop, follow-up).

use lenalyze::date::Date;
use proptest::prelude::*;

/// The patients sheet's header: the demo's columns.
pub const COLUMNS: &[&str] = &[
    "patient_id",
    "site",
    "sex",
    "age",
    "height_cm",
    "weight_kg",
    "diagnosis_date",
    "who_class",
    "ipss",
    "ipss_r",
    "karyotype",
    "additional_abnormalities",
    "chr7_abnormality",
    "td_at_diagnosis",
    "rbc_units_8wk",
    "rbc_units_6mo",
    "prior_esa",
    "prior_esa_ti",
    "start_date",
    "start_dose_mg",
    "start_schedule",
    "hb_w0",
    "anc_w0",
    "plt_w0",
    "alc_w0",
    "hb_w4",
    "anc_w4",
    "plt_w4",
    "alc_w4",
    "response",
    "response_date",
    "dose_reduced",
    "dose_interrupted",
    "final_dose_mg",
    "final_schedule",
    "stop_date",
    "stop_reason",
    "last_followup_date",
    "vital_status",
    "death_date",
    "aml_date",
    "ae_neutropenia",
    "ae_thrombocytopenia",
    "ae_rash",
];

const SITES: &[&str] = &[
    "Asan Medical Center",
    "Ajou Univ. Hosp.",
    "Dong-A Univ. Hosp.",
];
const WHO: &[&str] = &["MDS with isolated del(5q)", "MDS-MLD", "MDS-EB-1", "MDS-U"];
const IPSS: &[&str] = &["Low", "Int-1"];
const IPSS_R: &[&str] = &["Very low", "Low", "Intermediate"];
const KARYOTYPES: &[&str] = &[
    "46,XX,del(5)(q13q33)[20]",
    "46,XY,del(5)(q13q33)[17]/46,XY[3]",
    "46,XX,del(5)(q14q34),del(12)(p12)[14]/46,XX[6]",
    "46,XY,del(5)(q22q33)[18]/46,XY[2]",
];
const SCHEDULES: &[&str] = &[
    "once daily",
    "once daily for 3 wk, 1-wk rest",
    "once every other day",
];
const RESPONSES: &[&str] = &["RBC-TI", "HI-E minor", "none", "NE"];
const STOP_REASONS: &[&str] = &[
    "no response",
    "toxicity",
    "patient choice",
    "AML progression",
];

/// One generated patient's cells, in [`COLUMNS`] order (the id is set when
/// the cohort is written).
#[derive(Debug, Clone)]
pub struct Row(pub Vec<String>);

fn pick(options: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    proptest::sample::select(options)
}

fn yn() -> impl Strategy<Value = &'static str> {
    pick(&["Y", "N"])
}

fn date(days_from_2015: i32) -> String {
    let (y, m, d) = Date::from_ymd(2015, 1, 1)
        .map(|base| Date::from_days(base.days() + days_from_2015))
        .map(Date::ymd)
        .unwrap_or((2015, 1, 1));
    format!("{y:04}-{m:02}-{d:02}")
}

fn maybe(value: String, present: bool) -> String {
    if present {
        value
    } else {
        String::new()
    }
}

/// A patient who meets the eligibility criteria (age ≥ 19, ANC ≥ 500/µL,
/// platelets ≥ 25,000/µL) unless `eligible` is false, when the age is 15.
pub fn patient(eligible: bool) -> impl Strategy<Value = Row> {
    let who = (
        pick(SITES),
        pick(&["M", "F"]),
        if eligible { 19u32..92 } else { 15u32..16 },
        1450u32..1850,
        450u32..900,
        0i32..1500,
        pick(WHO),
        pick(IPSS),
        pick(IPSS_R),
        pick(KARYOTYPES),
        0u32..2,
        yn(),
    );
    let transfusions = (yn(), 0u32..12, 0u32..30, yn(), proptest::option::of(yn()));
    let start = (
        30i32..700,
        pick(&["10", "5"]),
        pick(SCHEDULES),
        (45u32..110, 600u32..4000, 30u32..450, 500u32..2500),
        proptest::option::of((50u32..130, 300u32..4000, 10u32..450, 300u32..2500)),
    );
    let course = (
        pick(RESPONSES),
        20i32..150,
        (yn(), yn(), pick(&["10", "5"]), pick(SCHEDULES)),
        proptest::option::of((60i32..900, pick(STOP_REASONS))),
        100i32..1500,
        proptest::option::of(0.0f64..1.0),
        (0u32..5, 0u32..5, 0u32..4),
    );
    (who, transfusions, start, course).prop_map(|(who, transfusions, start, course)| {
        let (site, sex, age, height, weight, dx, who_class, ipss, ipss_r, karyo, extra, chr7) = who;
        let (td, units8, units6, esa, esa_ti) = transfusions;
        let (after_dx, dose, schedule, w0, w4) = start;
        let (response, to_response, modification, stop, follow, death, ae) = course;
        let (reduced, interrupted, final_dose, final_schedule) = modification;
        let start_day = dx + after_dx;
        let responded = matches!(response, "RBC-TI" | "HI-E minor");
        let stop_day = stop.map(|(d, _)| start_day + d);
        let last = start_day + follow.max(stop.map_or(0, |(d, _)| d));
        let dead = death.is_some_and(|f| f < 0.15);
        let death_day = death.map(|f| start_day + (f * f64::from(follow)) as i32 + 1);
        let cells: Vec<String> = vec![
            String::new(),
            site.into(),
            sex.into(),
            age.to_string(),
            format!("{:.1}", f64::from(height) / 10.0),
            format!("{:.1}", f64::from(weight) / 10.0),
            date(dx),
            who_class.into(),
            ipss.into(),
            ipss_r.into(),
            karyo.into(),
            extra.to_string(),
            chr7.into(),
            td.into(),
            units8.to_string(),
            units6.to_string(),
            esa.into(),
            if esa == "Y" {
                esa_ti.unwrap_or("").into()
            } else {
                String::new()
            },
            date(start_day),
            dose.into(),
            format!("{dose} mg {schedule}"),
            format!("{:.1}", f64::from(w0.0) / 10.0),
            w0.1.to_string(),
            (w0.2 * 1000).to_string(),
            w0.3.to_string(),
            maybe(
                format!("{:.1}", f64::from(w4.map_or(0, |w| w.0)) / 10.0),
                w4.is_some(),
            ),
            maybe(w4.map_or(0, |w| w.1).to_string(), w4.is_some()),
            maybe((w4.map_or(0, |w| w.2) * 1000).to_string(), w4.is_some()),
            maybe(w4.map_or(0, |w| w.3).to_string(), w4.is_some()),
            response.into(),
            maybe(date(start_day + to_response), responded),
            reduced.into(),
            interrupted.into(),
            final_dose.into(),
            format!("{final_dose} mg {final_schedule}"),
            stop_day.map(date).unwrap_or_default(),
            stop.map(|(_, r)| r.to_string()).unwrap_or_default(),
            date(if dead {
                death_day.unwrap_or(last)
            } else {
                last
            }),
            if dead { "dead" } else { "alive" }.into(),
            maybe(death_day.map(date).unwrap_or_default(), dead),
            String::new(),
            ae.0.to_string(),
            ae.1.to_string(),
            ae.2.to_string(),
        ];
        Row(cells)
    })
}

/// A cohort of `min..max` eligible-or-not patients (about one in ten not
/// eligible).
pub fn cohort(min: usize, max: usize) -> impl Strategy<Value = Vec<Row>> {
    proptest::collection::vec(
        prop_oneof![9 => patient(true), 1 => patient(false)],
        min..max,
    )
}

fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// The cohort as CSV; patient `i` (in `rows`' order) gets the id in
/// `ids[i]`.
pub fn to_csv(rows: &[Row], ids: &[usize]) -> String {
    let mut out = COLUMNS.join(",");
    out.push('\n');
    for (row, id) in rows.iter().zip(ids) {
        let mut cells = row.0.clone();
        if let Some(first) = cells.first_mut() {
            *first = format!("GEN-{id:04}");
        }
        let line: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}
