//! Table 4: final stable dose of the responders, with the correlation of
//! dose intensity with BMI and body weight.

use super::values::{Computed, Count};
use crate::ingest::sheet::format_number;
use crate::model::Patient;
use crate::stats;
use serde::Serialize;

/// One (dose, schedule) row.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DoseRow {
    /// E.g. `5 mg once every other day`.
    pub dosing: String,
    /// Dose, mg.
    pub dose_mg: f64,
    /// Schedule wording.
    pub schedule: String,
    /// Patients.
    pub count: Count,
    /// Dose intensity, mg/day.
    pub dose_intensity_mg_per_day: f64,
}

/// A correlation with its method.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CorrelationOut {
    /// Coefficient.
    pub r: f64,
    /// Pairs used.
    pub n: usize,
    /// Two-sided p.
    pub p_value: f64,
    /// Method name.
    pub method: &'static str,
}

/// Correlations of dose intensity with one body measure.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntensityCorrelation {
    /// `BMI` or `body weight`.
    pub with: &'static str,
    /// Pearson.
    pub pearson: Computed<CorrelationOut>,
    /// Spearman.
    pub spearman: Computed<CorrelationOut>,
    /// Responders left out for a missing value.
    pub missing: usize,
}

/// Table 4.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table4 {
    /// Population.
    pub population: &'static str,
    /// N responders.
    pub n: usize,
    /// Rows, highest intensity first (ties: higher dose first).
    pub rows: Vec<DoseRow>,
    /// Responders without a readable final dose and schedule.
    pub missing: usize,
    /// Correlations with BMI and body weight.
    pub correlations: Vec<IntensityCorrelation>,
}

/// Builds Table 4.
pub fn build(responders: &[&Patient]) -> Table4 {
    let n = responders.len();
    let mut rows: Vec<DoseRow> = Vec::new();
    let mut missing = 0;
    for p in responders {
        let (Some(dose), Some(schedule)) = (p.final_dose_mg.get(), p.final_schedule.get()) else {
            missing += 1;
            continue;
        };
        let intensity = dose * schedule.fraction_of_days;
        match rows.iter_mut().find(|r| {
            r.dose_mg == dose
                && r.schedule == schedule.wording
                && (r.dose_intensity_mg_per_day - intensity).abs() < 1e-9
        }) {
            Some(row) => row.count.n += 1,
            None => rows.push(DoseRow {
                dosing: format!("{} mg {}", format_number(dose), schedule.wording),
                dose_mg: dose,
                schedule: schedule.wording.to_string(),
                count: Count::new(1, n, 0),
                dose_intensity_mg_per_day: intensity,
            }),
        }
    }
    for row in &mut rows {
        row.count = Count::new(row.count.n, n, missing);
    }
    rows.sort_by(|a, b| {
        b.dose_intensity_mg_per_day
            .total_cmp(&a.dose_intensity_mg_per_day)
            .then(b.dose_mg.total_cmp(&a.dose_mg))
            .then(a.schedule.cmp(&b.schedule))
    });
    let correlation = |with: &'static str, measure: fn(&Patient) -> Option<f64>| {
        let pairs: Vec<(f64, f64)> = responders
            .iter()
            .filter_map(|p| Some((p.final_dose_intensity_mg_per_day()?, measure(p)?)))
            .collect();
        let (x, y): (Vec<f64>, Vec<f64>) = pairs.iter().copied().unzip();
        let out = |method: &'static str| {
            move |c: stats::correlation::Correlation| CorrelationOut {
                r: c.r,
                n: c.n,
                p_value: c.p_value,
                method,
            }
        };
        IntensityCorrelation {
            with,
            pearson: Computed::from(stats::correlation::pearson(&x, &y))
                .map(out("Pearson r, two-sided t test on n−2 df")),
            spearman: Computed::from(stats::correlation::spearman(&x, &y))
                .map(out("Spearman ρ, two-sided t approximation on n−2 df")),
            missing: n - pairs.len(),
        }
    };
    let correlations = vec![
        correlation("BMI", Patient::bmi),
        correlation("body weight", |p| p.weight_kg.get()),
    ];
    Table4 {
        population: "responders",
        n,
        rows,
        missing,
        correlations,
    }
}
