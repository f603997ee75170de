//! Efficacy in the evaluable population: response rates with the exact
//! interval, duration of use by response, time to response.

use super::populations::{days_on_treatment, treatment_end};
use super::tally::{Counts, Numbers, Values};
use super::values::{Computed, Count, Describe, Method, Missing, TestResult};
use crate::model::{Patient, Response};
use crate::settings::Settings;
use crate::stats;
use serde::{Deserialize, Serialize};

/// Days per month (365.25 / 12).
pub const DAYS_PER_MONTH: f64 = 30.4375;

/// A rate: n of N with its exact interval.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rate {
    /// n of N (shown even when the interval is not computable).
    pub count: Count,
    /// The interval of n/N.
    pub interval: Computed<Interval>,
}

/// An interval of a proportion.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interval {
    /// Lower limit, as a proportion (0–1).
    pub lower: f64,
    /// Upper limit, as a proportion (0–1).
    pub upper: f64,
    /// Confidence level.
    pub confidence_level: f64,
    /// Method.
    pub method: Method,
}

impl Rate {
    /// n of N with its Clopper–Pearson interval at `level`.
    pub fn exact(count: Count, level: f64) -> Rate {
        let interval = Computed::from(stats::binom::clopper_pearson(
            count.n as u64,
            count.denominator as u64,
            level,
        ))
        .map(|ci| Interval {
            lower: ci.lower,
            upper: ci.upper,
            confidence_level: ci.conf_level,
            method: Method::ClopperPearson,
        });
        Rate { count, interval }
    }
}

/// Duration of lenalidomide use by response group, in months (days /
/// 30.4375).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Duration {
    /// Responders.
    pub responders: Describe,
    /// Non-responders.
    pub non_responders: Describe,
    /// Welch's t-test, two-sided.
    pub welch: Computed<TestResult>,
    /// Mann–Whitney U (Wilcoxon rank-sum), two-sided.
    pub mann_whitney: Computed<TestResult>,
}

/// The efficacy section.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Efficacy {
    /// Population.
    pub population: &'static str,
    /// N evaluable.
    pub n: usize,
    /// RBC-TI (HI-E major), with its exact interval.
    pub rbc_ti: Rate,
    /// HI-E minor, with its exact interval.
    pub hi_e_minor: Rate,
    /// No response, with its exact interval.
    pub no_response: Rate,
    /// Any HI-E (RBC-TI or minor), with its exact interval.
    pub any_hi_e: Rate,
    /// Duration of use, months.
    pub duration_months: Duration,
    /// Time to response (response date − start), days, responders with a date.
    pub time_to_response_days: Describe,
}

/// What the efficacy section is computed from (see [`super::tally`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EfficacyData {
    /// Evaluable patients.
    pub n: usize,
    /// Evaluable patients by response.
    pub responses: Counts<Response>,
    /// Days on treatment of non-responders (`[0]`) and responders (`[1]`);
    /// missing counted by the kind of the date that ends treatment.
    pub days_on_treatment: [Numbers; 2],
    /// Days from start to response, responders.
    pub time_to_response_days: Numbers,
}

crate::merge_fields!(EfficacyData {
    n,
    responses,
    days_on_treatment,
    time_to_response_days
});

/// Tallies the evaluable population for the efficacy section.
pub fn data(evaluable: &[&Patient]) -> EfficacyData {
    let group = |responder: bool| -> Vec<&Patient> {
        evaluable
            .iter()
            .copied()
            .filter(|p| (p.response.get() == Some(Response::RbcTi)) == responder)
            .collect()
    };
    let days = |group: &[&Patient]| Numbers {
        n: group.len(),
        values: Values::of(
            group
                .iter()
                .filter_map(|p| days_on_treatment(p))
                .map(f64::from),
        ),
        missing: Missing::of(
            group
                .iter()
                .filter(|p| days_on_treatment(p).is_none())
                .map(|p| treatment_end(p)),
        ),
    };
    let responders = group(true);
    let ttr = Values::of(responders.iter().filter_map(|p| {
        Some(f64::from(
            p.response_date.get()?.days() - p.start_date.get()?.days(),
        ))
    }));
    EfficacyData {
        n: evaluable.len(),
        responses: Counts::of(evaluable.iter().filter_map(|p| p.response.get())),
        days_on_treatment: [days(&group(false)), days(&responders)],
        time_to_response_days: Numbers {
            n: responders.len(),
            missing: Missing::total(responders.len() - ttr.len()),
            values: ttr,
        },
    }
}

/// Builds the efficacy section.
pub fn build(evaluable: &[&Patient], s: &Settings) -> Efficacy {
    from_data(&data(evaluable), s)
}

/// Builds the efficacy section from its tally.
pub fn from_data(d: &EfficacyData, s: &Settings) -> Efficacy {
    let n = d.n;
    let count = |r: &[Response]| Count::new(r.iter().map(|x| d.responses.get(x)).sum(), n, 0);
    let rate = |r: &[Response]| Rate::exact(count(r), s.confidence_level);
    let months = |g: &Numbers| -> Vec<f64> {
        g.values
            .sorted()
            .into_iter()
            .map(|days| days / DAYS_PER_MONTH)
            .collect()
    };
    let [nr, r] = &d.days_on_treatment;
    let (r_months, r_missing) = (months(r), r.missing);
    let (nr_months, nr_missing) = (months(nr), nr.missing);
    let welch =
        Computed::from(stats::ttest::welch_t_test(&r_months, &nr_months)).map(|t| TestResult {
            method: Method::Welch,
            statistic: Some(t.t),
            df: Some(t.df),
            p_value: t.p_value.value(),
            p_value_is_upper_bound: t.p_value.is_upper_bound(),
        });
    let mann_whitney =
        Computed::from(stats::wilcox::mann_whitney(&r_months, &nr_months)).map(|w| TestResult {
            method: match w.method {
                stats::wilcox::WilcoxonMethod::Exact => Method::MannWhitneyExact,
                stats::wilcox::WilcoxonMethod::NormalApproximation => Method::MannWhitneyNormal,
            },
            statistic: Some(w.w),
            df: None,
            p_value: w.p_value.value(),
            p_value_is_upper_bound: w.p_value.is_upper_bound(),
        });
    let ttr = d.time_to_response_days.values.sorted();
    Efficacy {
        population: "evaluable",
        n,
        rbc_ti: rate(&[Response::RbcTi]),
        hi_e_minor: rate(&[Response::HiEMinor]),
        no_response: rate(&[Response::NoResponse]),
        any_hi_e: rate(&[Response::RbcTi, Response::HiEMinor]),
        duration_months: Duration {
            responders: Describe::of(&r_months, r_missing),
            non_responders: Describe::of(&nr_months, nr_missing),
            welch,
            mann_whitney,
        },
        time_to_response_days: Describe::of(&ttr, d.time_to_response_days.missing),
    }
}
