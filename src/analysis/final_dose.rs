//! Table 4: final stable dose of the responders, with the correlation of
//! dose intensity with BMI and body weight.

use super::values::{Computed, Count, Method};
use crate::ingest::schedule::Regimen;
use crate::model::Patient;
use crate::stats;
use serde::Serialize;

/// One (dose, schedule) row.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DoseRow {
    /// Dose, mg.
    pub dose_mg: f64,
    /// The regimen (`every_other_day`): with the dose, Table 4's "5 mg once
    /// every other day".
    pub regimen: Regimen,
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
    /// Two-sided p, in (0, 1].
    pub p_value: f64,
    /// True when `p_value` is an upper bound, not the p-value itself: the
    /// p-value is smaller than it (below 2.2e-308, the smallest normal
    /// double; an extreme tail, or an infinite statistic such as a perfect
    /// correlation, whose model p is 0).
    pub p_value_is_upper_bound: bool,
    /// Method name.
    pub method: Method,
}

/// Correlations of dose intensity with one body measure.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntensityCorrelation {
    /// `BMI` or `body weight`.
    pub with: BodySize,
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
                && r.regimen == schedule.regimen
                && (r.dose_intensity_mg_per_day - intensity).abs() < 1e-9
        }) {
            Some(row) => row.count.n += 1,
            None => rows.push(DoseRow {
                dose_mg: dose,
                regimen: schedule.regimen,
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
            .then(a.regimen.cmp(&b.regimen))
    });
    let correlation = |with: BodySize, measure: fn(&Patient) -> Option<f64>| {
        let pairs: Vec<(f64, f64)> = responders
            .iter()
            .filter_map(|p| Some((p.final_dose_intensity_mg_per_day()?, measure(p)?)))
            .collect();
        let (x, y): (Vec<f64>, Vec<f64>) = pairs.iter().copied().unzip();
        let out = |method: Method| {
            move |c: stats::correlation::Correlation| CorrelationOut {
                r: c.r,
                n: c.n,
                p_value: c.p_value.value(),
                p_value_is_upper_bound: c.p_value.is_upper_bound(),
                method,
            }
        };
        IntensityCorrelation {
            with,
            pearson: Computed::from(stats::correlation::pearson(&x, &y)).map(out(Method::Pearson)),
            spearman: Computed::from(stats::correlation::spearman(&x, &y))
                .map(out(Method::Spearman)),
            missing: n - pairs.len(),
        }
    };
    let correlations = vec![
        correlation(BodySize::Bmi, Patient::bmi),
        correlation(BodySize::Weight, |p| p.weight_kg.get()),
    ];
    Table4 {
        population: "responders",
        n,
        rows,
        missing,
        correlations,
    }
}

/// A measure of body size that dose intensity is correlated with.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodySize {
    /// Body-mass index.
    Bmi,
    /// Body weight.
    Weight,
}
