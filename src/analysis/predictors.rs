//! Table 2 (predictors of RBC-TI) and dose modification, evaluable
//! population: each row a 2×2 table of a factor's two levels by response.

use super::two_by_two::{self, TwoByTwo};
use super::values::Count;
use crate::model::{Patient, Response};
use crate::schema::LabKind;
use crate::settings::Settings;
use crate::stats;
use serde::Serialize;

/// One factor of Table 2.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Predictor {
    /// Factor.
    pub factor: String,
    /// Label of level 1 (first row).
    pub level1: String,
    /// Label of level 2 (second row).
    pub level2: String,
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

fn fmt(x: f64) -> String {
    crate::ingest::sheet::format_number(x)
}

/// Builds Table 2. `safety_age_median` is the safety population's median age.
pub fn build(evaluable: &[&Patient], safety: &[&Patient], s: &Settings) -> Table2 {
    let ages: Vec<f64> = safety.iter().filter_map(|p| p.age.get()).collect();
    let age_median = stats::describe::median(&ages).ok();
    let c = &s.cut_points;
    type Level = fn(&Patient, &Settings, Option<f64>) -> Option<bool>;
    // Each factor: name, level-1 label, level-2 label, and which level a
    // patient is in (Some(false) = level 1, Some(true) = level 2).
    let factors: Vec<(String, String, String, Level)> = vec![
        ("Sex".into(), "Male".into(), "Female".into(), |p, _, _| {
            p.sex.get().map(|x| x == crate::model::Sex::Female)
        }),
        (
            "Age".into(),
            "< median".into(),
            "≥ median".into(),
            |p, _, m| Some(p.age.get()? >= m?),
        ),
        (
            "MDS diagnosis to lenalidomide start".into(),
            format!("< {} days", fmt(c.diagnosis_to_start_days)),
            format!("≥ {} days", fmt(c.diagnosis_to_start_days)),
            |p, s, _| {
                Some(
                    f64::from(p.start_date.get()?.days() - p.diagnosis_date.get()?.days())
                        >= s.cut_points.diagnosis_to_start_days,
                )
            },
        ),
        (
            "IPSS".into(),
            "Low".into(),
            "Int-1".into(),
            |p, _, _| match p.ipss.known().map(String::as_str) {
                Some("Low") => Some(false),
                Some("Int-1") => Some(true),
                _ => None,
            },
        ),
        (
            "Pre-treatment RBC transfusion".into(),
            format!("≤ {} U/8 wk", fmt(c.rbc_units_8wk)),
            format!("> {} U/8 wk", fmt(c.rbc_units_8wk)),
            |p, s, _| Some(p.rbc_units_8wk.get()? > s.cut_points.rbc_units_8wk),
        ),
        (
            "Pre-treatment neutrophils".into(),
            format!("≥ {}/µL", fmt(c.anc_per_ul)),
            format!("< {}/µL", fmt(c.anc_per_ul)),
            |p, s, _| Some(p.lab(LabKind::Anc, 0)? < s.cut_points.anc_per_ul),
        ),
        (
            "Pre-treatment platelets".into(),
            format!("≥ {}/µL", fmt(c.platelets_per_ul)),
            format!("< {}/µL", fmt(c.platelets_per_ul)),
            |p, s, _| Some(p.lab(LabKind::Plt, 0)? < s.cut_points.platelets_per_ul),
        ),
        (
            "Thrombocytopenia during treatment".into(),
            format!("grade ≥ {}", c.thrombocytopenia_grade),
            format!("grade < {}", c.thrombocytopenia_grade),
            |p, s, _| {
                Some(p.worst_grade("thrombocytopenia").get()? < s.cut_points.thrombocytopenia_grade)
            },
        ),
    ];
    let rows = factors
        .into_iter()
        .map(|(factor, level1, level2, level)| {
            let mut counts = [[0u64; 2]; 2];
            let mut missing = 0;
            for p in evaluable {
                let yes = p.response.get() == Some(Response::RbcTi);
                match level(p, s, age_median) {
                    Some(l2) => counts[usize::from(l2)][usize::from(yes)] += 1,
                    None => missing += 1,
                }
            }
            let compares = format!("odds of RBC-TI, {level2} vs {level1}");
            Predictor {
                table: two_by_two::analyze(counts, compares, s),
                factor,
                level1,
                level2,
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
    /// `dose reduction` or `dose interruption`.
    pub what: &'static str,
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
    let change = |what: &'static str, f: fn(&Patient) -> Option<bool>| {
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
            what,
            responders: Count::new(counts[1][1] as usize, size[1], missing[1]),
            non_responders: Count::new(counts[0][1] as usize, size[0], missing[0]),
            table: two_by_two::analyze(
                counts,
                format!("odds of {what}, responders vs non-responders"),
                s,
            ),
        }
    };
    let reduction = change("dose reduction", |p| p.dose_reduced.get());
    let interruption = change("dose interruption", |p| p.dose_interrupted.get());
    let reduced = reduction.responders.n + reduction.non_responders.n;
    let missing = reduction.responders.missing + reduction.non_responders.missing;
    DoseModification {
        population: "evaluable",
        reduction_overall: Count::new(reduced, evaluable.len(), missing),
        reduction,
        interruption,
    }
}
