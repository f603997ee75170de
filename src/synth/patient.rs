//! One synthetic patient's clinical course, as typed facts.
//!
//! The course is drawn first and written second (see `cells`), so every
//! column agrees with the others the way a real chart does: a responder's Hb
//! rises, a stop date has a reason, a death date is the last follow-up, the
//! week-48 labs are empty when treatment stopped at week 20. A few patients
//! are drawn outside the eligibility criteria of the analysis plan (IPSS
//! Int-2/High, no del(5q), -7, not transfusion dependent, low counts), so the
//! exclusion flow has something to count.

use super::rng::Rng;
use crate::date::Date;
use crate::schema::{LabKind, LAB_WEEKS};

/// Physician-assessed response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Response {
    /// RBC transfusion independence.
    RbcTi,
    /// HI-E minor.
    Minor,
    /// No response.
    None,
    /// Not evaluable.
    NotEvaluable,
}

/// Why lenalidomide was stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    /// No response.
    NoResponse,
    /// Toxicity.
    Toxicity,
    /// Progression to AML.
    AmlProgression,
    /// Patient's choice.
    PatientChoice,
    /// Anything else.
    Other,
}

/// A dosing schedule of the study's Table 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cycle {
    /// Once daily, continuously.
    Daily,
    /// Once daily for 21 days of 28.
    ThreeWeeksOfFour,
    /// Once every other day.
    EveryOtherDay,
}

/// A dose and its schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Regimen {
    /// Dose in mg.
    pub dose_mg: u32,
    /// Schedule.
    pub cycle: Cycle,
}

/// The index of a lab kind in [`Course::labs`].
pub fn lab_index(kind: LabKind) -> usize {
    match kind {
        LabKind::Hb => 0,
        LabKind::Anc => 1,
        LabKind::Plt => 2,
        LabKind::Alc => 3,
    }
}

/// One patient's drawn course.
#[derive(Debug, Clone)]
pub struct Course {
    /// Patient ID.
    pub id: String,
    /// Index of the site in [`super::SITES`].
    pub site: usize,
    /// Female.
    pub female: bool,
    /// Age at start, years.
    pub age: u32,
    /// Date of birth.
    pub birth_date: Date,
    /// Height, cm.
    pub height_cm: f64,
    /// Weight, kg.
    pub weight_kg: f64,
    /// Date of MDS diagnosis.
    pub diagnosis: Date,
    /// WHO category (index into `schema::WHO_CLASS`).
    pub who: usize,
    /// IPSS (index into `schema::IPSS`).
    pub ipss: usize,
    /// IPSS-R (index into `schema::IPSS_R`).
    pub ipss_r: usize,
    /// ISCN karyotype.
    pub karyotype: String,
    /// Abnormalities beyond del(5q).
    pub additional: u32,
    /// -7 or del(7q).
    pub chr7: bool,
    /// Transfusion dependent at diagnosis.
    pub td_at_diagnosis: bool,
    /// RBC units in the 8 weeks before start.
    pub rbc_units_8wk: u32,
    /// RBC units in the 6 months before start.
    pub rbc_units_6mo: u32,
    /// ESA before lenalidomide, and whether it gave RBC-TI.
    pub prior_esa: Option<bool>,
    /// First dose.
    pub start: Date,
    /// Starting regimen.
    pub start_regimen: Regimen,
    /// Labs by kind ([`lab_index`]) and week (index into `LAB_WEEKS`), in
    /// the analysis units (Hb g/dL, counts per µL); `None` = not drawn.
    pub labs: [[Option<f64>; 7]; 4],
    /// Response.
    pub response: Response,
    /// First day of the transfusion-free period.
    pub response_date: Option<Date>,
    /// Dose reduced, and when.
    pub reduced_on: Option<Date>,
    /// Dose interrupted.
    pub interrupted: bool,
    /// Final stable regimen.
    pub final_regimen: Regimen,
    /// Last dose and why.
    pub stop: Option<(Date, StopReason)>,
    /// Last follow-up.
    pub last_followup: Date,
    /// Died (on the last follow-up date).
    pub dead: bool,
    /// Transformation to AML.
    pub aml: Option<Date>,
    /// Bone-marrow blasts at diagnosis, %.
    pub bm_blasts_pct: f64,
    /// Hb (g/dL), ANC and platelets (per µL) at diagnosis.
    pub at_diagnosis: [f64; 3],
    /// Worst CTCAE grade per adverse-event term (index into the cohort's
    /// term list).
    pub ae_grades: Vec<u8>,
}

/// Worst-grade distributions (percent for grades 0–4) of the study's
/// hematologic terms; other terms use [`OTHER_AE`].
fn ae_distribution(term: &str) -> [u32; 5] {
    match term {
        "neutropenia" => [22, 4, 14, 35, 25],
        "thrombocytopenia" => [38, 12, 14, 24, 12],
        "anemia" => [70, 8, 10, 11, 1],
        "leukopenia" => [55, 8, 15, 17, 5],
        "lymphopenia" => [68, 8, 12, 10, 2],
        "febrile_neutropenia" => [94, 0, 0, 5, 1],
        "pruritus" | "rash" => [74, 14, 9, 3, 0],
        "diarrhea" | "fatigue" => [76, 13, 8, 3, 0],
        "deep_vein_thrombosis" => [96, 0, 2, 2, 0],
        _ => OTHER_AE,
    }
}

/// Grades 0–4 in percent for the less common terms.
const OTHER_AE: [u32; 5] = [90, 6, 3, 1, 0];

/// Draws one patient's course. `n` numbers the patient within the cohort.
pub fn draw(rng: &mut Rng, n: usize, ae_terms: &[&str]) -> Course {
    let site = rng.below(super::SITES.len() as u64) as usize;
    let female = rng.chance(0.58);
    // About one patient in twelve falls outside one eligibility criterion.
    let ineligible = if rng.chance(0.08) {
        Some(rng.below(6))
    } else {
        None
    };
    let age = rng.normal(70.0, 9.0).clamp(38.0, 94.0) as u32;
    let diagnosis = Date::from_days(
        Date::from_ymd(2009, 1, 1).map_or(0, Date::days) + rng.below(13 * 365) as i32,
    );
    let birth_days = diagnosis.days() - (age as i32) * 365 - rng.below(300) as i32;
    let start = Date::from_days(diagnosis.days() + 14 + rng.exponential(420.0).min(2500.0) as i32);
    let height_cm = round1(if female {
        rng.normal(156.0, 6.0)
    } else {
        rng.normal(169.0, 6.5)
    });
    let weight_kg = round1((rng.normal(23.0, 3.0).clamp(15.0, 38.0)) * (height_cm / 100.0).powi(2));

    let ipss = match ineligible {
        Some(0) => 2 + rng.below(2) as usize,
        _ => usize::from(rng.chance(0.55)),
    };
    let no_del5q = ineligible == Some(1);
    let chr7 = ineligible == Some(2);
    let additional = if chr7 {
        1 + rng.below(2) as u32
    } else if rng.chance(0.78) {
        0
    } else {
        1 + u32::from(rng.chance(0.25))
    };
    let karyotype = karyotype(rng, female, no_del5q, additional, chr7);
    let who = if no_del5q || additional > 0 {
        [1, 2, 3, 4][rng.below(4) as usize]
    } else if rng.chance(0.9) {
        0
    } else {
        2
    };
    let ipss_r = match ipss {
        0 => rng.below(2) as usize,
        1 => 1 + rng.below(2) as usize,
        _ => 2 + rng.below(3) as usize,
    };
    let not_td = ineligible == Some(3);
    let rbc_units_8wk = if not_td { 0 } else { 2 + rng.below(9) as u32 };
    let rbc_units_6mo = if not_td {
        rng.below(4) as u32
    } else {
        rbc_units_8wk * 2 + 3 + rng.below(8) as u32
    };
    let prior_esa = if rng.chance(0.45) {
        Some(rng.chance(0.2))
    } else {
        None
    };
    let start_regimen = Regimen {
        dose_mg: if rng.chance(0.9) { 10 } else { 5 },
        cycle: if rng.chance(0.7) {
            Cycle::ThreeWeeksOfFour
        } else {
            Cycle::Daily
        },
    };

    // Days on treatment and the response they allow.
    let early_stop = rng.chance(0.06);
    let days_on = if early_stop {
        3 + rng.below(24) as i32
    } else {
        (60.0 + rng.exponential(520.0)).min(3000.0) as i32
    };
    let response = if early_stop {
        Response::NotEvaluable
    } else {
        match rng.below(100) {
            0..=63 => Response::RbcTi,
            64..=72 => Response::Minor,
            _ => Response::None,
        }
    };
    let responded = matches!(response, Response::RbcTi | Response::Minor);
    let response_date = if responded {
        Some(start.plus(21 + rng.below(100) as i32))
    } else {
        None
    };
    let stopped = early_stop || rng.chance(if responded { 0.55 } else { 0.9 });
    let aml = if rng.chance(0.09) {
        Some(start.plus(days_on + rng.below(400) as i32))
    } else {
        None
    };
    let stop = stopped.then(|| {
        let reason = if early_stop {
            [
                StopReason::Toxicity,
                StopReason::PatientChoice,
                StopReason::Other,
            ][rng.below(3) as usize]
        } else if aml.is_some() && rng.chance(0.5) {
            StopReason::AmlProgression
        } else if !responded && rng.chance(0.7) {
            StopReason::NoResponse
        } else {
            [
                StopReason::Toxicity,
                StopReason::PatientChoice,
                StopReason::Other,
            ][rng.below(3) as usize]
        };
        (start.plus(days_on), reason)
    });
    let last_dose = start.plus(days_on);
    let mut last_followup = last_dose.plus(rng.below(900) as i32);
    if let Some(a) = aml {
        last_followup = last_followup.max(a.plus(rng.below(200) as i32));
    }
    let dead = rng.chance(if aml.is_some() { 0.7 } else { 0.25 });

    let reduced_on = (rng.chance(0.65) && days_on > 30)
        .then(|| start.plus(14 + rng.below((days_on - 14).max(1) as u64) as i32));
    let final_regimen = match reduced_on {
        Some(_) if start_regimen.dose_mg == 10 && rng.chance(0.7) => Regimen {
            dose_mg: 5,
            cycle: start_regimen.cycle,
        },
        Some(_) => Regimen {
            dose_mg: 5,
            cycle: Cycle::EveryOtherDay,
        },
        None => start_regimen,
    };
    let interrupted = (reduced_on.is_some() && rng.chance(0.8)) || rng.chance(0.1);

    let labs = labs(rng, ineligible, responded, days_on);
    let bm_blasts_pct = round1(rng.lognormal(1.8, 0.6).min(9.5));
    let baseline = |k: usize| labs[k][0].unwrap_or(0.0);
    let at_diagnosis = [
        round1(baseline(0) + rng.normal(0.9, 0.5)),
        round_tens(baseline(1) * rng.normal(1.1, 0.15).max(0.5)),
        round_thousands(baseline(2) * rng.normal(1.05, 0.1).max(0.5)),
    ];
    let ae_grades = ae_terms
        .iter()
        .map(|t| {
            let dist = ae_distribution(t);
            let mut roll = rng.below(100) as u32;
            let mut grade = 0;
            for (g, p) in dist.iter().enumerate() {
                if roll < *p {
                    grade = g as u8;
                    break;
                }
                roll -= p;
            }
            grade
        })
        .collect();

    Course {
        id: format!("SYN-{:02}-{:07}", site + 1, n + 1),
        site,
        female,
        age,
        birth_date: Date::from_days(birth_days),
        height_cm,
        weight_kg,
        diagnosis,
        who,
        ipss,
        ipss_r,
        karyotype,
        additional,
        chr7,
        td_at_diagnosis: !not_td && rng.chance(0.7),
        rbc_units_8wk,
        rbc_units_6mo,
        prior_esa,
        start,
        start_regimen,
        labs,
        response,
        response_date,
        reduced_on,
        interrupted,
        final_regimen,
        stop,
        last_followup,
        dead,
        aml,
        bm_blasts_pct,
        at_diagnosis,
        ae_grades,
    }
}

/// An ISCN karyotype with del(5q) (unless `no_del5q`) and the given number
/// of further abnormalities, some of them -7.
fn karyotype(rng: &mut Rng, female: bool, no_del5q: bool, additional: u32, chr7: bool) -> String {
    const OTHERS: [&str; 5] = [
        "+8",
        "del(20)(q11q13)",
        "-Y",
        "del(11)(q14q23)",
        "t(1;3)(p36;q21)",
    ];
    let sex = if female { "XX" } else { "XY" };
    let mut parts: Vec<&str> = Vec::new();
    let mut count = 46;
    if !no_del5q {
        parts.push(if rng.chance(0.8) {
            "del(5)(q13q33)"
        } else {
            "del(5)(q31q33)"
        });
    }
    for i in 0..additional {
        if chr7 && i == 0 {
            count -= 1;
            parts.push("-7");
        } else {
            let other = OTHERS[rng.below(OTHERS.len() as u64) as usize];
            match other {
                "+8" => count += 1,
                "-Y" if female => continue,
                "-Y" => count -= 1,
                _ => {}
            }
            parts.push(other);
        }
    }
    if no_del5q && parts.is_empty() {
        parts.push("del(20)(q11q13)");
    }
    let abnormal = 12 + rng.below(9);
    let mut k = format!("{count},{sex},{}[{abnormal}]", parts.join(","));
    if abnormal < 20 {
        k.push_str(&format!("/46,{sex}[{}]", 20 - abnormal));
    }
    k
}

/// Draws the weekly labs: Hb rises in responders, neutrophils and platelets
/// dip in the first eight weeks; weeks after the last dose are empty.
fn labs(
    rng: &mut Rng,
    ineligible: Option<u64>,
    responded: bool,
    days_on: i32,
) -> [[Option<f64>; 7]; 4] {
    let hb0 = rng.normal(8.1, 0.8).clamp(5.5, 10.5);
    let anc0 = if ineligible == Some(4) {
        200.0 + rng.below(290) as f64
    } else {
        rng.lognormal(1900.0, 0.45).max(520.0)
    };
    let plt0 = if ineligible == Some(5) {
        8_000.0 + rng.below(16_000) as f64
    } else {
        rng.lognormal(230_000.0, 0.5).max(26_000.0)
    };
    let alc0 = rng.lognormal(1400.0, 0.35);
    let mut out = [[None; 7]; 4];
    for (w, week) in LAB_WEEKS.iter().enumerate() {
        if *week > 0 && (7 * *week as i32 > days_on + 14 || rng.chance(0.04)) {
            continue;
        }
        let t = *week as f64;
        let hb_gain = if responded {
            (t / 12.0).min(1.0) * rng.normal(3.3, 0.8)
        } else {
            rng.normal(0.2, 0.5)
        };
        let dip = if (4..=8).contains(week) { 0.55 } else { 0.85 };
        let (anc_f, plt_f) = if *week == 0 { (1.0, 1.0) } else { (dip, dip) };
        out[0][w] = Some(round1((hb0 + hb_gain).clamp(4.0, 16.5)));
        out[1][w] = Some(round_tens(anc0 * anc_f * rng.normal(1.0, 0.12).max(0.3)));
        out[2][w] = Some(round_thousands(
            plt0 * plt_f * rng.normal(1.0, 0.1).max(0.3),
        ));
        out[3][w] = Some(round_tens(alc0 * rng.normal(1.0, 0.12).max(0.3)));
    }
    out
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round_tens(x: f64) -> f64 {
    (x / 10.0).round() * 10.0
}

fn round_thousands(x: f64) -> f64 {
    (x / 1000.0).round() * 1000.0
}

/// Date arithmetic the course needs.
trait Plus {
    fn plus(self, days: i32) -> Date;
}

impl Plus for Date {
    fn plus(self, days: i32) -> Date {
        Date::from_days(self.days() + days)
    }
}

/// Day offset helper for the writers.
pub fn plus(d: Date, days: i32) -> Date {
    d.plus(days)
}
