//! Table 4: final stable dose of the responders, with the correlation of
//! dose intensity with BMI and body weight.

use super::tally::{Counts, Merge};
use super::values::{Computed, Count, Method};
use crate::ingest::schedule::Regimen;
use crate::model::Patient;
use crate::stats;
use crate::stats::correlation::CoMoments;
use serde::{Deserialize, Serialize};

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

/// A final dose as tallied: the dose, the regimen and the dose intensity
/// they give (ordered by value, so tallies sort the same everywhere).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct FinalDose {
    /// Dose, mg.
    pub dose_mg: f64,
    /// Regimen.
    pub regimen: Regimen,
    /// Dose intensity, mg/day.
    pub intensity: f64,
}

impl FinalDose {
    fn cmp_key(&self, other: &Self) -> std::cmp::Ordering {
        self.dose_mg
            .total_cmp(&other.dose_mg)
            .then(self.regimen.cmp(&other.regimen))
            .then(self.intensity.total_cmp(&other.intensity))
    }
}

impl PartialEq for FinalDose {
    fn eq(&self, other: &Self) -> bool {
        self.cmp_key(other).is_eq()
    }
}

impl Eq for FinalDose {}

impl PartialOrd for FinalDose {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for FinalDose {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.cmp_key(other)
    }
}

/// What Table 4 is computed from (see [`super::tally`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Table4Data {
    /// Responders.
    pub n: usize,
    /// Responders without a readable final dose and schedule.
    pub missing: usize,
    /// Responders by final dose.
    pub doses: Counts<FinalDose>,
    /// Co-moments of dose intensity with BMI, then with body weight
    /// (Pearson's r pools from them exactly).
    pub co_moments: [CoMoments; 2],
    /// The pairs themselves, for Spearman's ρ (ranks need every pair):
    /// kept for an analysis of the files, never written to a site summary,
    /// so a pooled Table 4 has no ρ.
    #[serde(skip)]
    pub pairs: Option<[(Vec<f64>, Vec<f64>); 2]>,
}

impl Merge for Table4Data {
    fn merge(&mut self, other: &Self) {
        self.n.merge(&other.n);
        self.missing.merge(&other.missing);
        self.doses.merge(&other.doses);
        for (a, b) in self.co_moments.iter_mut().zip(&other.co_moments) {
            *a = a.merge(b);
        }
        self.pairs = None;
    }
}

/// A patient's body-size measure.
type Measure = fn(&Patient) -> Option<f64>;

/// The body-size measures Table 4 correlates dose intensity with, in order.
const BODY_SIZES: [(BodySize, Measure); 2] = [
    (BodySize::Bmi, Patient::bmi),
    (BodySize::Weight, |p| p.weight_kg.get()),
];

/// Tallies Table 4 over the responders.
pub fn data(responders: &[&Patient]) -> Table4Data {
    let mut missing = 0;
    let mut doses = Vec::new();
    for p in responders {
        match (p.final_dose_mg.get(), p.final_schedule.get()) {
            (Some(dose), Some(schedule)) => doses.push(FinalDose {
                dose_mg: dose,
                regimen: schedule.regimen,
                intensity: dose * schedule.fraction_of_days,
            }),
            _ => missing += 1,
        }
    }
    let pairs = BODY_SIZES.map(|(_, measure)| -> (Vec<f64>, Vec<f64>) {
        responders
            .iter()
            .filter_map(|p| Some((p.final_dose_intensity_mg_per_day()?, measure(p)?)))
            .unzip()
    });
    Table4Data {
        n: responders.len(),
        missing,
        doses: Counts::of(doses),
        co_moments: [
            CoMoments::of(&pairs[0].0, &pairs[0].1),
            CoMoments::of(&pairs[1].0, &pairs[1].1),
        ],
        pairs: Some(pairs),
    }
}

/// Builds Table 4.
pub fn build(responders: &[&Patient]) -> Table4 {
    from_data(&data(responders))
}

/// Builds Table 4 from its tally.
pub fn from_data(d: &Table4Data) -> Table4 {
    let (n, missing) = (d.n, d.missing);
    let mut rows: Vec<DoseRow> = Vec::new();
    for (dose, k) in d.doses.iter() {
        match rows.iter_mut().find(|r| {
            r.dose_mg == dose.dose_mg
                && r.regimen == dose.regimen
                && (r.dose_intensity_mg_per_day - dose.intensity).abs() < 1e-9
        }) {
            Some(row) => row.count.n += k,
            None => rows.push(DoseRow {
                dose_mg: dose.dose_mg,
                regimen: dose.regimen,
                count: Count::new(k, n, 0),
                dose_intensity_mg_per_day: dose.intensity,
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
    let out = |method: Method| {
        move |c: stats::correlation::Correlation| CorrelationOut {
            r: c.r,
            n: c.n,
            p_value: c.p_value.value(),
            p_value_is_upper_bound: c.p_value.is_upper_bound(),
            method,
        }
    };
    let correlations = BODY_SIZES
        .iter()
        .enumerate()
        .map(|(i, (with, _))| {
            let moments = &d.co_moments[i];
            let spearman = match &d.pairs {
                Some(pairs) => stats::correlation::spearman(&pairs[i].0, &pairs[i].1),
                None => Err(stats::NotComputable::because(stats::Reason::NotPoolable)),
            };
            IntensityCorrelation {
                with: *with,
                pearson: Computed::from(stats::correlation::pearson_from(moments))
                    .map(out(Method::Pearson)),
                spearman: Computed::from(spearman).map(out(Method::Spearman)),
                missing: n - moments.n,
            }
        })
        .collect();
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
