//! Discontinuation, Kaplan–Meier estimates (time on treatment, overall
//! survival, AML-free survival) and the prior-ESA subgroup.

use super::populations::days_on_treatment;
use super::tally::{Counts, Values};
use super::values::{Computed, Count, Method};
use crate::model::{Obs, Patient, Response, StopReason};
use crate::stats;
use serde::{Deserialize, Serialize};

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

/// What the discontinuation section is computed from (see
/// [`super::tally`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DiscontinuationData {
    /// Patients (the safety population).
    pub n: usize,
    /// With a stop date.
    pub stopped: usize,
    /// Stop date unknown or unreadable.
    pub stop_unknown: usize,
    /// No stop date recorded: still on treatment.
    pub on_treatment: usize,
    /// Stopped, by recorded reason.
    pub reasons: Counts<StopReason>,
    /// Stopped without a known reason.
    pub reason_unknown: usize,
}

crate::merge_fields!(DiscontinuationData {
    n,
    stopped,
    stop_unknown,
    on_treatment,
    reasons,
    reason_unknown
});

/// Tallies discontinuation over the safety population.
pub fn discontinuation_data(safety: &[&Patient]) -> DiscontinuationData {
    let stopped: Vec<&&Patient> = safety.iter().filter(|p| p.stop_date.is_known()).collect();
    DiscontinuationData {
        n: safety.len(),
        stopped: stopped.len(),
        stop_unknown: safety
            .iter()
            .filter(|p| matches!(p.stop_date, Obs::Unknown | Obs::Invalid))
            .count(),
        on_treatment: safety.iter().filter(|p| p.stop_date == Obs::Empty).count(),
        reasons: Counts::of(stopped.iter().filter_map(|p| p.stop_reason.get())),
        reason_unknown: stopped.iter().filter(|p| !p.stop_reason.is_known()).count(),
    }
}

/// Builds the discontinuation section.
pub fn discontinuation(safety: &[&Patient]) -> Discontinuation {
    discontinuation_from_data(&discontinuation_data(safety))
}

/// Builds the discontinuation section from its tally.
pub fn discontinuation_from_data(d: &DiscontinuationData) -> Discontinuation {
    let n = d.n;
    let mut by_reason: Vec<StopCount> = StopReason::ALL
        .iter()
        .map(|r| StopCount {
            reason: Some(*r),
            count: Count::new(d.reasons.get(r), n, 0),
        })
        .collect();
    if d.reason_unknown > 0 {
        by_reason.push(StopCount {
            reason: None,
            count: Count::new(d.reason_unknown, n, 0),
        });
    }
    Discontinuation {
        population: "safety",
        n,
        stopped: Count::new(d.stopped, n, d.stop_unknown),
        by_reason,
        on_treatment: Count::new(d.on_treatment, n, d.stop_unknown),
        stop_unknown: d.stop_unknown,
    }
}

/// Event and censoring times of one endpoint, in days from start.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Times {
    /// Patients left out (a time cannot be placed).
    pub excluded: usize,
    /// Days from start to the event, with how many patients.
    pub events: Values,
    /// Days from start to censoring, with how many patients.
    pub censored: Values,
}

crate::merge_fields!(Times {
    excluded,
    events,
    censored
});

/// What the Kaplan–Meier analyses are computed from: one [`Times`] per
/// endpoint, in the order of [`ENDPOINTS`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SurvivalData {
    /// Time on treatment, overall survival, AML-free survival.
    pub endpoints: [Times; 3],
}

crate::merge_fields!(SurvivalData { endpoints });

/// The endpoints in report order.
pub const ENDPOINTS: [Endpoint; 3] = [
    Endpoint::TimeOnTreatment,
    Endpoint::OverallSurvival,
    Endpoint::AmlFreeSurvival,
];

fn km(endpoint: Endpoint, t: &Times, level: f64) -> SurvivalAnalysis {
    let pairs: Vec<(f64, bool)> = t
        .events
        .sorted()
        .into_iter()
        .map(|x| (x, true))
        .chain(t.censored.sorted().into_iter().map(|x| (x, false)))
        .collect();
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
        excluded: t.excluded,
        estimate,
    }
}

fn days_from_start(p: &Patient, d: crate::date::Date) -> Option<f64> {
    Some(f64::from(d.days() - p.start_date.get()?.days()))
}

fn follow_up(p: &Patient) -> Option<f64> {
    days_from_start(p, p.last_followup_date.get()?)
}

/// A patient's time and whether it is an event, for one endpoint; `None`
/// when it cannot be placed.
fn time_of(endpoint: Endpoint, p: &Patient) -> Option<(f64, bool)> {
    // A death without a date cannot be placed in time: left out.
    let death = |p: &Patient| -> Option<Option<f64>> {
        match (p.dead.get(), p.death_date.get()) {
            (_, Some(d)) => Some(Some(days_from_start(p, d)?)),
            (Some(true), None) => None,
            _ => Some(None),
        }
    };
    match endpoint {
        Endpoint::TimeOnTreatment => match p.stop_date {
            Obs::Known(_) => Some((f64::from(days_on_treatment(p)?), true)),
            Obs::Empty => Some((follow_up(p)?, false)),
            _ => None,
        },
        Endpoint::OverallSurvival => match death(p)? {
            Some(t) => Some((t, true)),
            None => Some((follow_up(p)?, false)),
        },
        Endpoint::AmlFreeSurvival => {
            let aml = p.aml_date.get().and_then(|d| days_from_start(p, d));
            match (aml, death(p)?) {
                (Some(a), Some(d)) => Some((a.min(d), true)),
                (Some(a), None) | (None, Some(a)) => Some((a, true)),
                (None, None) => Some((follow_up(p)?, false)),
            }
        }
    }
}

/// Tallies the event and censoring times of the safety population.
pub fn survival_data(safety: &[&Patient]) -> SurvivalData {
    SurvivalData {
        endpoints: ENDPOINTS.map(|endpoint| {
            let times: Vec<(f64, bool)> =
                safety.iter().filter_map(|p| time_of(endpoint, p)).collect();
            Times {
                excluded: safety.len() - times.len(),
                events: Values::of(times.iter().filter(|t| t.1).map(|t| t.0)),
                censored: Values::of(times.iter().filter(|t| !t.1).map(|t| t.0)),
            }
        }),
    }
}

/// Builds the Kaplan–Meier analyses.
pub fn survival(safety: &[&Patient], level: f64) -> Vec<SurvivalAnalysis> {
    survival_from_data(&survival_data(safety), level)
}

/// Builds the Kaplan–Meier analyses from their tally.
pub fn survival_from_data(d: &SurvivalData, level: f64) -> Vec<SurvivalAnalysis> {
    ENDPOINTS
        .iter()
        .zip(&d.endpoints)
        .map(|(endpoint, t)| km(*endpoint, t, level))
        .collect()
}

/// What the prior-ESA subgroup is computed from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct PriorEsaData {
    /// Patients (the safety population).
    pub n: usize,
    /// Treated with an ESA.
    pub treated: usize,
    /// Prior ESA unknown.
    pub treated_missing: usize,
    /// RBC-TI on the ESA, of the treated.
    pub ti_on_esa: usize,
    /// RBC-TI on the ESA unknown, of the treated.
    pub ti_on_esa_missing: usize,
    /// Treated and evaluable for response to lenalidomide.
    pub evaluable: usize,
    /// Of those, RBC-TI on lenalidomide.
    pub ti_on_lenalidomide: usize,
}

crate::merge_fields!(PriorEsaData {
    n,
    treated,
    treated_missing,
    ti_on_esa,
    ti_on_esa_missing,
    evaluable,
    ti_on_lenalidomide
});

/// Tallies the prior-ESA subgroup of the safety population.
pub fn prior_esa_data(safety: &[&Patient]) -> PriorEsaData {
    let esa: Vec<&&Patient> = safety
        .iter()
        .filter(|p| p.prior_esa.get() == Some(true))
        .collect();
    let evaluable: Vec<&&&Patient> = esa
        .iter()
        .filter(|p| {
            p.response
                .get()
                .is_some_and(|r| r != Response::NotEvaluable)
        })
        .collect();
    PriorEsaData {
        n: safety.len(),
        treated: esa.len(),
        treated_missing: safety.iter().filter(|p| !p.prior_esa.is_known()).count(),
        ti_on_esa: esa
            .iter()
            .filter(|p| p.prior_esa_ti.get() == Some(true))
            .count(),
        ti_on_esa_missing: esa.iter().filter(|p| !p.prior_esa_ti.is_known()).count(),
        evaluable: evaluable.len(),
        ti_on_lenalidomide: evaluable
            .iter()
            .filter(|p| p.response.get() == Some(Response::RbcTi))
            .count(),
    }
}

/// Builds the prior-ESA subgroup.
pub fn prior_esa(safety: &[&Patient]) -> PriorEsa {
    prior_esa_from_data(&prior_esa_data(safety))
}

/// Builds the prior-ESA subgroup from its tally.
pub fn prior_esa_from_data(d: &PriorEsaData) -> PriorEsa {
    PriorEsa {
        treated: Count::new(d.treated, d.n, d.treated_missing),
        rbc_ti_on_esa: Count::new(d.ti_on_esa, d.treated, d.ti_on_esa_missing),
        rbc_ti_on_lenalidomide: Count::new(d.ti_on_lenalidomide, d.evaluable, 0),
    }
}
