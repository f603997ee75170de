//! Value types shared by the tables: counts with their denominators,
//! summaries, tests, and numbers that may be infinite or not computable.
//!
//! Every figure in the report carries what it was computed from (numerator,
//! denominator, missing) and the name of the method, so a reader can check
//! it by hand.

use crate::stats;
use serde::{Serialize, Serializer};

/// A number that may be infinite (an odds ratio or an interval limit).
/// JSON has no infinity, so infinite values are the strings `"Infinity"` and
/// `"-Infinity"`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num(pub f64);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.is_finite() {
            s.serialize_f64(self.0)
        } else if self.0 > 0.0 {
            s.serialize_str("Infinity")
        } else if self.0 < 0.0 {
            s.serialize_str("-Infinity")
        } else {
            s.serialize_none()
        }
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Num {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Num".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A number; an infinite value is the string \"Infinity\" or \"-Infinity\".",
            "oneOf": [{ "type": "number" }, { "enum": ["Infinity", "-Infinity"] }]
        })
    }
}

/// A result that is either computed or says why not.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Computed<T> {
    /// The value.
    Value(T),
    /// Why it could not be computed.
    NotComputable(stats::Reason),
}

impl<T> From<Result<T, stats::NotComputable>> for Computed<T> {
    fn from(r: Result<T, stats::NotComputable>) -> Self {
        match r {
            Ok(v) => Computed::Value(v),
            Err(e) => Computed::NotComputable(e.reason),
        }
    }
}

impl<T> Computed<T> {
    /// Maps a computed value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Computed<U> {
        match self {
            Computed::Value(v) => Computed::Value(f(v)),
            Computed::NotComputable(r) => Computed::NotComputable(r),
        }
    }
}

/// How many values were missing, by kind.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Missing {
    /// All missing values.
    pub total: usize,
    /// Empty cells (not recorded).
    pub not_recorded: usize,
    /// Written as unknown.
    pub unknown: usize,
    /// Written but unreadable or implausible.
    pub invalid: usize,
}

impl Missing {
    /// Counts the missing observations of a field.
    pub fn of<'a, T: 'a>(obs: impl IntoIterator<Item = &'a crate::model::Obs<T>>) -> Missing {
        let mut m = Missing::default();
        for o in obs {
            match o {
                crate::model::Obs::Known(_) => continue,
                crate::model::Obs::Empty => m.not_recorded += 1,
                crate::model::Obs::Unknown => m.unknown += 1,
                crate::model::Obs::Invalid => m.invalid += 1,
            }
            m.total += 1;
        }
        m
    }

    /// Only a total is known.
    pub fn total(n: usize) -> Missing {
        Missing {
            total: n,
            ..Missing::default()
        }
    }
}

/// n of N, with percentages of N and of the known values.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Count {
    /// Numerator.
    pub n: usize,
    /// Denominator: the population's N.
    pub denominator: usize,
    /// 100·n/N, unrounded; absent when N = 0.
    pub percent: Option<f64>,
    /// Values missing among the N.
    pub missing: usize,
    /// 100·n/(N − missing), unrounded; absent when nothing is known.
    pub percent_of_known: Option<f64>,
}

impl Count {
    /// n of N with `missing` unknown.
    pub fn new(n: usize, denominator: usize, missing: usize) -> Count {
        let pct = |d: usize| (d > 0).then(|| 100.0 * n as f64 / d as f64);
        Count {
            n,
            denominator,
            percent: pct(denominator),
            missing,
            percent_of_known: pct(denominator.saturating_sub(missing)),
        }
    }
}

/// Descriptive statistics of a continuous variable.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Describe {
    /// Values used.
    pub n: usize,
    /// Missing values among the population.
    pub missing: Missing,
    /// n, mean, SD, SEM, median, range.
    pub summary: Computed<SummaryOut>,
    /// Method.
    pub method: Method,
}

/// Serializable [`stats::describe::Summary`].
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryOut {
    /// Mean.
    pub mean: f64,
    /// SD (n − 1); absent for n = 1.
    pub sd: Option<f64>,
    /// SEM = SD/√n; absent for n = 1.
    pub sem: Option<f64>,
    /// Median.
    pub median: f64,
    /// Minimum.
    pub min: f64,
    /// Maximum.
    pub max: f64,
}

impl From<stats::describe::Summary> for SummaryOut {
    fn from(s: stats::describe::Summary) -> Self {
        SummaryOut {
            mean: s.mean,
            sd: s.sd,
            sem: s.sem,
            median: s.median,
            min: s.min,
            max: s.max,
        }
    }
}

impl Describe {
    /// Describes values, with the population's missing count.
    pub fn of(values: &[f64], missing: Missing) -> Describe {
        Describe {
            n: values.len(),
            missing,
            summary: Computed::from(stats::describe::summarize(values)).map(SummaryOut::from),
            method: Method::Describe,
        }
    }
}

/// A two-sided test result.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestResult {
    /// Method.
    pub method: Method,
    /// Test statistic, when the method has one.
    pub statistic: Option<f64>,
    /// Degrees of freedom, when the method has them.
    pub df: Option<f64>,
    /// Two-sided p-value, in (0, 1].
    pub p_value: f64,
    /// True when `p_value` is an upper bound, not the p-value itself: the
    /// p-value is smaller than it (below 2.2e-308, the smallest normal
    /// double; an extreme tail, or an infinite statistic such as a perfect
    /// correlation, whose model p is 0).
    pub p_value_is_upper_bound: bool,
}

/// An odds ratio with its interval.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OddsRatioOut {
    /// Conditional maximum-likelihood estimate.
    pub estimate: Num,
    /// Lower limit.
    pub lower: Num,
    /// Upper limit.
    pub upper: Num,
    /// Confidence level.
    pub confidence_level: f64,
    /// Method.
    pub method: Method,
}

/// The statistical method behind a figure; the presentation names it in the
/// reader's language.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Mean, SD (n − 1), SEM = SD/√n, median, range.
    Describe,
    /// Clopper–Pearson exact interval of a proportion.
    ClopperPearson,
    /// Welch's two-sample t-test, two-sided.
    Welch,
    /// Mann–Whitney U (Wilcoxon rank-sum), two-sided, exact.
    MannWhitneyExact,
    /// Mann–Whitney U, two-sided, normal approximation with continuity and
    /// tie correction.
    MannWhitneyNormal,
    /// Fisher's exact test, two-sided.
    Fisher,
    /// Pearson's chi-square.
    ChiSquare,
    /// Pearson's chi-square with Yates' continuity correction.
    ChiSquareYates,
    /// Conditional maximum-likelihood odds ratio with exact interval (as R
    /// fisher.test).
    ConditionalOddsRatio,
    /// Pearson r, two-sided t test on n − 2 df.
    Pearson,
    /// Spearman ρ, two-sided t approximation on n − 2 df.
    Spearman,
    /// Kaplan–Meier, Greenwood variance, log-log interval (as R
    /// survival::survfit).
    KaplanMeier,
    /// Mean ± SEM of the values at each nominal week.
    MeanByWeek,
}
