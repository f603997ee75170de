//! Table 2 (predictors of RBC-TI) and dose modification, evaluable
//! population: each row a 2×2 table of a factor's two levels by response.

use super::two_by_two::{self, TwoByTwo};
use super::values::Count;
use crate::model::{Patient, Response};
use crate::schema::LabKind;
use crate::settings::Settings;
use crate::stats;
use serde::Serialize;

/// A factor of Table 2, in the plan's order.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Factor {
    /// Male vs female.
    Sex,
    /// Below vs at or above the safety population's median age.
    Age,
    /// Diagnosis to start below vs at or above the cut point (days).
    DiagnosisToStart,
    /// IPSS Low vs Int-1.
    Ipss,
    /// RBC units in 8 weeks at or below vs above the cut point.
    RbcTransfusion,
    /// Baseline ANC at or above vs below the cut point (/µL).
    Neutrophils,
    /// Baseline platelets at or above vs below the cut point (/µL).
    Platelets,
    /// Worst thrombocytopenia grade at or above vs below the cut point.
    Thrombocytopenia,
}

/// One factor of Table 2.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Predictor {
    /// Factor; its two levels are named from it and the cut point.
    pub factor: Factor,
    /// The cut point between the levels (the median age, or the setting);
    /// none for a categorical factor.
    pub cut: Option<f64>,
    /// Counts and tests; columns are response no / yes.
    pub table: TwoByTwo,
    /// Evaluable patients left out of this row for a missing factor.
    pub missing: usize,
}

/// Table 2.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table2 {
    /// Population.
    pub population: &'static str,
    /// N evaluable.
    pub n: usize,
    /// The age cut point: the median age of the safety population.
    pub age_median: Option<f64>,
    /// Rows in the plan's order.
    pub rows: Vec<Predictor>,
}

/// Builds Table 2. `safety_age_median` is the safety population's median age.
pub fn build(evaluable: &[&Patient], safety: &[&Patient], s: &Settings) -> Table2 {
    let ages: Vec<f64> = safety.iter().filter_map(|p| p.age.get()).collect();
    let age_median = stats::describe::median(&ages).ok();
    let c = &s.cut_points;
    type Level = fn(&Patient, &Settings, Option<f64>) -> Option<bool>;
    // Each factor: its cut point, and which level a patient is in
    // (Some(false) = level 1, Some(true) = level 2).
    let factors: Vec<(Factor, Option<f64>, Level)> = vec![
        (Factor::Sex, None, |p, _, _| {
            p.sex.get().map(|x| x == crate::model::Sex::Female)
        }),
        (Factor::Age, age_median, |p, _, m| Some(p.age.get()? >= m?)),
        (
            Factor::DiagnosisToStart,
            Some(c.diagnosis_to_start_days),
            |p, s, _| {
                Some(
                    f64::from(p.start_date.get()?.days() - p.diagnosis_date.get()?.days())
                        >= s.cut_points.diagnosis_to_start_days,
                )
            },
        ),
        (Factor::Ipss, None, |p, _, _| {
            match p.ipss.known().map(String::as_str) {
                Some("Low") => Some(false),
                Some("Int-1") => Some(true),
                _ => None,
            }
        }),
        (Factor::RbcTransfusion, Some(c.rbc_units_8wk), |p, s, _| {
            Some(p.rbc_units_8wk.get()? > s.cut_points.rbc_units_8wk)
        }),
        (Factor::Neutrophils, Some(c.anc_per_ul), |p, s, _| {
            Some(p.lab(LabKind::Anc, 0)? < s.cut_points.anc_per_ul)
        }),
        (Factor::Platelets, Some(c.platelets_per_ul), |p, s, _| {
            Some(p.lab(LabKind::Plt, 0)? < s.cut_points.platelets_per_ul)
        }),
        (
            Factor::Thrombocytopenia,
            Some(f64::from(c.thrombocytopenia_grade)),
            |p, s, _| {
                Some(p.worst_grade("thrombocytopenia").get()? < s.cut_points.thrombocytopenia_grade)
            },
        ),
    ];
    let rows = factors
        .into_iter()
        .map(|(factor, cut, level)| {
            let mut counts = [[0u64; 2]; 2];
            let mut missing = 0;
            for p in evaluable {
                let yes = p.response.get() == Some(Response::RbcTi);
                match level(p, s, age_median) {
                    Some(l2) => counts[usize::from(l2)][usize::from(yes)] += 1,
                    None => missing += 1,
                }
            }
            Predictor {
                table: two_by_two::analyze(counts, s),
                factor,
                cut,
                missing,
            }
        })
        .collect();
    Table2 {
        population: "evaluable",
        n: evaluable.len(),
        age_median,
        rows,
    }
}

/// Dose reduction or interruption by response.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DoseChange {
    /// In responders.
    pub responders: Count,
    /// In non-responders.
    pub non_responders: Count,
    /// Rows non-responders / responders, columns no / yes.
    pub table: TwoByTwo,
}

/// The dose-modification section.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DoseModification {
    /// Population.
    pub population: &'static str,
    /// Reduction.
    pub reduction: DoseChange,
    /// Interruption.
    pub interruption: DoseChange,
    /// Evaluable patients with a dose reduction (all).
    pub reduction_overall: Count,
}

/// Builds the dose-modification section.
pub fn dose_modification(evaluable: &[&Patient], s: &Settings) -> DoseModification {
    let change = |f: fn(&Patient) -> Option<bool>| {
        let mut counts = [[0u64; 2]; 2];
        let mut missing = [0usize; 2];
        let mut size = [0usize; 2];
        for p in evaluable {
            let responder = usize::from(p.response.get() == Some(Response::RbcTi));
            size[responder] += 1;
            match f(p) {
                Some(v) => counts[responder][usize::from(v)] += 1,
                None => missing[responder] += 1,
            }
        }
        DoseChange {
            responders: Count::new(counts[1][1] as usize, size[1], missing[1]),
            non_responders: Count::new(counts[0][1] as usize, size[0], missing[0]),
            table: two_by_two::analyze(counts, s),
        }
    };
    let reduction = change(|p| p.dose_reduced.get());
    let interruption = change(|p| p.dose_interrupted.get());
    let reduced = reduction.responders.n + reduction.non_responders.n;
    let missing = reduction.responders.missing + reduction.non_responders.missing;
    DoseModification {
        population: "evaluable",
        reduction_overall: Count::new(reduced, evaluable.len(), missing),
        reduction,
        interruption,
    }
}
