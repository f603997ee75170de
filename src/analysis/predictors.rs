//! Table 2 (predictors of RBC-TI) and dose modification, evaluable
//! population: each row a 2×2 table of a factor's two levels by response.

use super::tally::{Merge, Values};
use super::two_by_two::{self, TwoByTwo};
use super::values::Count;
use crate::model::{Patient, Response};
use crate::schema::LabKind;
use crate::settings::Settings;
use crate::stats;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A factor of Table 2, in the plan's order.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
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

/// A 2×2 tally: counts by the factor's level (row: level 1, level 2) and
/// response (column: no RBC-TI, RBC-TI), and patients whose level is
/// unknown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct LevelCounts {
    /// `[level][responder]`.
    pub counts: [[u64; 2]; 2],
    /// Level unknown.
    pub missing: usize,
}

crate::merge_fields!(LevelCounts { counts, missing });

/// What Table 2 is computed from (see [`super::tally`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Table2Data {
    /// Evaluable patients.
    pub n: usize,
    /// Ages of the safety population, for the median that splits age.
    pub safety_ages: Values,
    /// Ages of evaluable non-responders (`[0]`) and responders (`[1]`).
    pub evaluable_ages: [Values; 2],
    /// Evaluable patients without an age.
    pub evaluable_age_missing: usize,
    /// Every factor but age, split at its cut point from the settings.
    pub factors: BTreeMap<Factor, LevelCounts>,
}

crate::merge_fields!(Table2Data {
    n,
    safety_ages,
    evaluable_ages,
    evaluable_age_missing,
    factors
});

/// A factor's level of a patient: `Some(false)` = level 1, `Some(true)` =
/// level 2, `None` = unknown.
type LevelOf = fn(&Patient, &Settings) -> Option<bool>;

/// The factors of Table 2 in the plan's order; age (`None`) is split at
/// the safety population's median, known only once every site is in.
fn factors() -> [(Factor, Option<LevelOf>); 8] {
    [
        (
            Factor::Sex,
            Some(|p, _| p.sex.get().map(|x| x == crate::model::Sex::Female)),
        ),
        (Factor::Age, None),
        (
            Factor::DiagnosisToStart,
            Some(|p, s| {
                Some(
                    f64::from(p.start_date.get()?.days() - p.diagnosis_date.get()?.days())
                        >= s.cut_points.diagnosis_to_start_days,
                )
            }),
        ),
        (
            Factor::Ipss,
            Some(|p, _| match p.ipss.known().map(String::as_str) {
                Some("Low") => Some(false),
                Some("Int-1") => Some(true),
                _ => None,
            }),
        ),
        (
            Factor::RbcTransfusion,
            Some(|p, s| Some(p.rbc_units_8wk.get()? > s.cut_points.rbc_units_8wk)),
        ),
        (
            Factor::Neutrophils,
            Some(|p, s| Some(p.lab(LabKind::Anc, 0)? < s.cut_points.anc_per_ul)),
        ),
        (
            Factor::Platelets,
            Some(|p, s| Some(p.lab(LabKind::Plt, 0)? < s.cut_points.platelets_per_ul)),
        ),
        (
            Factor::Thrombocytopenia,
            Some(|p, s| {
                Some(p.worst_grade("thrombocytopenia").get()? < s.cut_points.thrombocytopenia_grade)
            }),
        ),
    ]
}

/// Tallies Table 2 over the evaluable population (and the safety
/// population's ages).
pub fn data(evaluable: &[&Patient], safety: &[&Patient], s: &Settings) -> Table2Data {
    let responder = |p: &Patient| usize::from(p.response.get() == Some(Response::RbcTi));
    let ages = |yes: usize| {
        Values::of(
            evaluable
                .iter()
                .filter(|p| responder(p) == yes)
                .filter_map(|p| p.age.get()),
        )
    };
    let factors = factors()
        .into_iter()
        .filter_map(|(factor, level)| Some((factor, level?)))
        .map(|(factor, level)| {
            let mut t = LevelCounts::default();
            for p in evaluable {
                match level(p, s) {
                    Some(l2) => t.counts[usize::from(l2)][responder(p)] += 1,
                    None => t.missing += 1,
                }
            }
            (factor, t)
        })
        .collect();
    Table2Data {
        n: evaluable.len(),
        safety_ages: Values::of(safety.iter().filter_map(|p| p.age.get())),
        evaluable_ages: [ages(0), ages(1)],
        evaluable_age_missing: evaluable.iter().filter(|p| p.age.get().is_none()).count(),
        factors,
    }
}

/// Builds Table 2.
pub fn build(evaluable: &[&Patient], safety: &[&Patient], s: &Settings) -> Table2 {
    from_data(&data(evaluable, safety, s), s)
}

/// Builds Table 2 from its tally.
pub fn from_data(d: &Table2Data, s: &Settings) -> Table2 {
    let age_median = stats::describe::median(&d.safety_ages.sorted()).ok();
    let c = &s.cut_points;
    let cut = |factor: Factor| match factor {
        Factor::Sex | Factor::Ipss => None,
        Factor::Age => age_median,
        Factor::DiagnosisToStart => Some(c.diagnosis_to_start_days),
        Factor::RbcTransfusion => Some(c.rbc_units_8wk),
        Factor::Neutrophils => Some(c.anc_per_ul),
        Factor::Platelets => Some(c.platelets_per_ul),
        Factor::Thrombocytopenia => Some(f64::from(c.thrombocytopenia_grade)),
    };
    let rows = factors()
        .into_iter()
        .map(|(factor, _)| {
            let t = match factor {
                Factor::Age => {
                    let mut t = LevelCounts {
                        missing: d.evaluable_age_missing,
                        ..LevelCounts::default()
                    };
                    for (yes, ages) in d.evaluable_ages.iter().enumerate() {
                        for &(age, k) in ages.counts() {
                            match age_median {
                                Some(m) => t.counts[usize::from(age >= m)][yes] += k as u64,
                                None => t.missing += k,
                            }
                        }
                    }
                    t
                }
                _ => {
                    let mut t = LevelCounts::default();
                    if let Some(x) = d.factors.get(&factor) {
                        t.merge(x);
                    }
                    t
                }
            };
            Predictor {
                table: two_by_two::analyze(t.counts, s),
                factor,
                cut: cut(factor),
                missing: t.missing,
            }
        })
        .collect();
    Table2 {
        population: "evaluable",
        n: d.n,
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

/// A dose change tallied by response: `counts[responder][changed]`, and
/// patients of each group with the change unknown and in all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct ChangeCounts {
    /// `[responder][changed]`.
    pub counts: [[u64; 2]; 2],
    /// Change unknown, `[non-responders, responders]`.
    pub missing: [usize; 2],
    /// Group sizes, `[non-responders, responders]`.
    pub size: [usize; 2],
}

crate::merge_fields!(ChangeCounts {
    counts,
    missing,
    size
});

/// What the dose-modification section is computed from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DoseModificationData {
    /// Evaluable patients.
    pub n: usize,
    /// Dose reduced.
    pub reduction: ChangeCounts,
    /// Dose interrupted.
    pub interruption: ChangeCounts,
}

crate::merge_fields!(DoseModificationData {
    n,
    reduction,
    interruption
});

/// Tallies dose modification over the evaluable population.
pub fn dose_modification_data(evaluable: &[&Patient]) -> DoseModificationData {
    let change = |f: fn(&Patient) -> Option<bool>| {
        let mut t = ChangeCounts::default();
        for p in evaluable {
            let responder = usize::from(p.response.get() == Some(Response::RbcTi));
            t.size[responder] += 1;
            match f(p) {
                Some(v) => t.counts[responder][usize::from(v)] += 1,
                None => t.missing[responder] += 1,
            }
        }
        t
    };
    DoseModificationData {
        n: evaluable.len(),
        reduction: change(|p| p.dose_reduced.get()),
        interruption: change(|p| p.dose_interrupted.get()),
    }
}

/// Builds the dose-modification section.
pub fn dose_modification(evaluable: &[&Patient], s: &Settings) -> DoseModification {
    dose_modification_from_data(&dose_modification_data(evaluable), s)
}

/// Builds the dose-modification section from its tally.
pub fn dose_modification_from_data(d: &DoseModificationData, s: &Settings) -> DoseModification {
    let change = |t: &ChangeCounts| DoseChange {
        responders: Count::new(t.counts[1][1] as usize, t.size[1], t.missing[1]),
        non_responders: Count::new(t.counts[0][1] as usize, t.size[0], t.missing[0]),
        table: two_by_two::analyze(t.counts, s),
    };
    let reduction = change(&d.reduction);
    let interruption = change(&d.interruption);
    let reduced = reduction.responders.n + reduction.non_responders.n;
    let missing = reduction.responders.missing + reduction.non_responders.missing;
    DoseModification {
        population: "evaluable",
        reduction_overall: Count::new(reduced, d.n, missing),
        reduction,
        interruption,
    }
}
