//! The single error type of the statistics module. A result that cannot be
//! computed is an ordinary outcome in clinical data (an empty group, a
//! constant variable), so it is a value with a reason, never a panic or a
//! NaN. The reason is a code; the presentation layer says it in the
//! reader's language.

use serde::Serialize;
use std::fmt;

/// Why a statistic could not be computed.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// No patients in a group (or in the whole table).
    NoPatients,
    /// Fewer than 2 patients in a group.
    TooFewPatients,
    /// Fewer than 3 pairs of values.
    TooFewPairs,
    /// The two variables have different numbers of values.
    UnequalLengths,
    /// All values identical in one variable.
    ConstantVariable,
    /// All values identical within both groups.
    ConstantGroups,
    /// A row or column total is zero.
    ZeroMargin,
    /// A row or column total is zero, so the odds ratio is undefined.
    OddsRatioUndefined,
    /// The odds ratio could not be determined numerically.
    OddsRatioNotFound,
    /// More patients than the exact test supports.
    TooManyForExactTest,
    /// Counts or values too large to compute.
    TooLarge,
    /// No degrees of freedom.
    NoDegreesOfFreedom,
    /// The test statistic is undefined.
    StatisticUndefined,
    /// More responders than patients in a group.
    MoreEventsThanPatients,
    /// A value is missing or infinite.
    NotFinite,
    /// The confidence level is not between 0 and 1.
    InvalidConfidenceLevel,
    /// A numerical method failed to converge.
    NumericalFailure,
    /// Both ratings put every patient in one and the same category, so
    /// agreement beyond chance (kappa) is undefined.
    SingleCategory,
    /// The two ratings agree for every patient, so kappa is 1 and its
    /// standard error 0: no interval.
    PerfectAgreement,
    /// The statistic needs every patient's values side by side (ranks of
    /// pairs), which a pooled report built from site summaries does not
    /// have.
    NotPoolable,
}

impl Reason {
    /// The reason in English, for test messages and `Display`.
    pub fn english(self) -> &'static str {
        match self {
            Reason::NoPatients => "no patients in group",
            Reason::TooFewPatients => "fewer than 2 patients in a group",
            Reason::TooFewPairs => "fewer than 3 pairs",
            Reason::UnequalLengths => "the two variables have different numbers of values",
            Reason::ConstantVariable => "all values identical in one variable",
            Reason::ConstantGroups => "all values identical within both groups",
            Reason::ZeroMargin => "a row or column total is zero (expected count of zero)",
            Reason::OddsRatioUndefined => {
                "a row or column total is zero, so the odds ratio is undefined"
            }
            Reason::OddsRatioNotFound => "odds ratio could not be determined numerically",
            Reason::TooManyForExactTest => "more patients than the exact test supports",
            Reason::TooLarge => "values too large to compute",
            Reason::NoDegreesOfFreedom => "no degrees of freedom",
            Reason::StatisticUndefined => "test statistic undefined",
            Reason::MoreEventsThanPatients => "more responders than patients in group",
            Reason::NotFinite => "a value is missing or infinite",
            Reason::InvalidConfidenceLevel => "confidence level must be between 0 and 1",
            Reason::NumericalFailure => "numerical failure in the incomplete beta function",
            Reason::SingleCategory => "both ratings use one and the same category",
            Reason::PerfectAgreement => "the ratings agree for every patient",
            Reason::NotPoolable => "not available when pooling site summaries",
        }
    }
}

/// Why a statistic could not be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotComputable {
    /// The reason.
    pub reason: Reason,
}

impl NotComputable {
    /// The error for a reason.
    pub fn because(reason: Reason) -> Self {
        NotComputable { reason }
    }
}

impl fmt::Display for NotComputable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not computable: {}", self.reason.english())
    }
}

impl std::error::Error for NotComputable {}
