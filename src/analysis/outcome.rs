//! Discontinuation, Kaplan–Meier estimates (time on treatment, overall
//! survival, AML-free survival) and the prior-ESA subgroup.

use super::populations::days_on_treatment;
use super::values::{Computed, Count, Method};
use crate::model::{Obs, Patient, Response, StopReason};
use crate::stats;
use serde::Serialize;

/// Stops by reason.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Discontinuation {
    /// Population.
    pub population: &'static str,
    /// N.
    pub n: usize,
    /// Patients who stopped.
    pub stopped: Count,
    /// By reason, in table order; a last row without a reason counts the
    /// stops whose reason was not recorded.
    pub by_reason: Vec<StopCount>,
    /// Still on treatment at last follow-up.
    pub on_treatment: Count,
    /// Stop date unreadable or unknown.
    pub stop_unknown: usize,
}

/// One step of a Kaplan–Meier curve.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KmPoint {
    /// Days from start.
    pub time: f64,
    /// At risk just before.
    pub n_risk: usize,
    /// Events.
    pub n_event: usize,
    /// Censored.
    pub n_censor: usize,
    /// Survival after this time.
    pub survival: f64,
    /// Lower limit (log-log).
    pub lower: Option<f64>,
    /// Upper limit (log-log).
    pub upper: Option<f64>,
}

/// A Kaplan–Meier estimate.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KmOut {
    /// Patients.
    pub n: usize,
    /// Events.
    pub events: usize,
    /// Curve.
    pub steps: Vec<KmPoint>,
    /// Median in days; `None` = not reached.
    pub median_days: Option<f64>,
    /// Lower limit of the median; `None` = not reached.
    pub median_lower_days: Option<f64>,
    /// Upper limit of the median; `None` = not reached.
    pub median_upper_days: Option<f64>,
    /// Numbers at risk at `risk_times_days`.
    pub at_risk: Vec<(f64, usize)>,
    /// Confidence level.
    pub confidence_level: f64,
}

/// Patients who stopped for one reason.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StopCount {
    /// The reason; `None` when it was not recorded.
    pub reason: Option<StopReason>,
    /// Patients.
    pub count: Count,
}

/// What a Kaplan–Meier analysis measures (its name and event).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Endpoint {
    /// Time on treatment; event: stop of lenalidomide.
    TimeOnTreatment,
    /// Overall survival; event: death.
    OverallSurvival,
    /// AML-free survival; event: AML or death.
    AmlFreeSurvival,
}

/// One survival analysis.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurvivalAnalysis {
    /// What it measures.
    pub endpoint: Endpoint,
    /// Method.
    pub method: Method,
    /// Patients left out (no start date, no follow-up, death without date).
    pub excluded: usize,
    /// The estimate.
    pub estimate: Computed<KmOut>,
}

/// Prior-ESA subgroup.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriorEsa {
    /// Safety patients with prior ESA.
    pub treated: Count,
    /// Of those, RBC-TI on the ESA.
    pub rbc_ti_on_esa: Count,
    /// Of those who are evaluable, RBC-TI on lenalidomide.
    pub rbc_ti_on_lenalidomide: Count,
}

/// Builds the discontinuation section.
pub fn discontinuation(safety: &[&Patient]) -> Discontinuation {
    let n = safety.len();
    let stopped: Vec<&&Patient> = safety.iter().filter(|p| p.stop_date.is_known()).collect();
    let stop_unknown = safety
        .iter()
        .filter(|p| matches!(p.stop_date, Obs::Unknown | Obs::Invalid))
        .count();
    let mut by_reason: Vec<StopCount> = StopReason::ALL
        .iter()
        .map(|r| StopCount {
            reason: Some(*r),
            count: Count::new(
                stopped
                    .iter()
                    .filter(|p| p.stop_reason.get() == Some(*r))
                    .count(),
                n,
                0,
            ),
        })
        .collect();
    let unknown = stopped.iter().filter(|p| !p.stop_reason.is_known()).count();
    if unknown > 0 {
        by_reason.push(StopCount {
            reason: None,
            count: Count::new(unknown, n, 0),
        });
    }
    let on = safety.iter().filter(|p| p.stop_date == Obs::Empty).count();
    Discontinuation {
        population: "safety",
        n,
        stopped: Count::new(stopped.len(), n, stop_unknown),
        by_reason,
        on_treatment: Count::new(on, n, stop_unknown),
        stop_unknown,
    }
}

fn km(
    endpoint: Endpoint,
    safety: &[&Patient],
    level: f64,
    data: impl Fn(&Patient) -> Option<(f64, bool)>,
) -> SurvivalAnalysis {
    let pairs: Vec<(f64, bool)> = safety.iter().filter_map(|p| data(p)).collect();
    let excluded = safety.len() - pairs.len();
    let estimate = Computed::from(stats::survival::kaplan_meier(&pairs, level)).map(|k| {
        let max_time = pairs.iter().map(|p| p.0).fold(0.0, f64::max);
        // Numbers at risk every 3 months (91.3125 days) from 0 to the last time.
        let step = 3.0 * super::efficacy::DAYS_PER_MONTH;
        let times: Vec<f64> = (0..)
            .map(|i| f64::from(i) * step)
            .take_while(|t| *t <= max_time)
            .collect();
        let at_risk = stats::survival::numbers_at_risk(&pairs, &times).unwrap_or_default();
        KmOut {
            n: k.n,
            events: k.n_events,
            steps: k
                .steps
                .iter()
                .map(|s| KmPoint {
                    time: s.time,
                    n_risk: s.n_risk,
                    n_event: s.n_event,
                    n_censor: s.n_censor,
                    survival: s.survival,
                    lower: s.lower,
                    upper: s.upper,
                })
                .collect(),
            median_days: k.median.estimate,
            median_lower_days: k.median.lower,
            median_upper_days: k.median.upper,
            at_risk: times.into_iter().zip(at_risk).collect(),
            confidence_level: k.conf_level,
        }
    });
    SurvivalAnalysis {
        endpoint,
        method: Method::KaplanMeier,
        excluded,
        estimate,
    }
}

/// Days from start to a date.
fn days_from_start(p: &Patient, d: crate::date::Date) -> Option<f64> {
    Some(f64::from(d.days() - p.start_date.get()?.days()))
}

/// Follow-up in days, for censoring.
fn follow_up(p: &Patient) -> Option<f64> {
    days_from_start(p, p.last_followup_date.get()?)
}

/// Builds the three Kaplan–Meier analyses.
pub fn survival(safety: &[&Patient], level: f64) -> Vec<SurvivalAnalysis> {
    // A death without a date cannot be placed in time: left out.
    let death = |p: &Patient| -> Option<Option<f64>> {
        match (p.dead.get(), p.death_date.get()) {
            (_, Some(d)) => Some(Some(days_from_start(p, d)?)),
            (Some(true), None) => None,
            _ => Some(None),
        }
    };
    vec![
        km(Endpoint::TimeOnTreatment, safety, level, |p| {
            match p.stop_date {
                Obs::Known(_) => Some((f64::from(days_on_treatment(p)?), true)),
                Obs::Empty => Some((follow_up(p)?, false)),
                _ => None,
            }
        }),
        km(Endpoint::OverallSurvival, safety, level, |p| {
            match death(p)? {
                Some(t) => Some((t, true)),
                None => Some((follow_up(p)?, false)),
            }
        }),
        km(Endpoint::AmlFreeSurvival, safety, level, |p| {
            let aml = p.aml_date.get().and_then(|d| days_from_start(p, d));
            match (aml, death(p)?) {
                (Some(a), Some(d)) => Some((a.min(d), true)),
                (Some(a), None) | (None, Some(a)) => Some((a, true)),
                (None, None) => Some((follow_up(p)?, false)),
            }
        }),
    ]
}

/// Builds the prior-ESA subgroup.
pub fn prior_esa(safety: &[&Patient]) -> PriorEsa {
    let esa: Vec<&&Patient> = safety
        .iter()
        .filter(|p| p.prior_esa.get() == Some(true))
        .collect();
    let missing_esa = safety.iter().filter(|p| !p.prior_esa.is_known()).count();
    let ti_missing = esa.iter().filter(|p| !p.prior_esa_ti.is_known()).count();
    let evaluable: Vec<&&&Patient> = esa
        .iter()
        .filter(|p| {
            p.response
                .get()
                .is_some_and(|r| r != Response::NotEvaluable)
        })
        .collect();
    PriorEsa {
        treated: Count::new(esa.len(), safety.len(), missing_esa),
        rbc_ti_on_esa: Count::new(
            esa.iter()
                .filter(|p| p.prior_esa_ti.get() == Some(true))
                .count(),
            esa.len(),
            ti_missing,
        ),
        rbc_ti_on_lenalidomide: Count::new(
            evaluable
                .iter()
                .filter(|p| p.response.get() == Some(Response::RbcTi))
                .count(),
            evaluable.len(),
            0,
        ),
    }
}
