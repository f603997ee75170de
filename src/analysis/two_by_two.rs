//! 2×2 tables (Table 2, dose modification): the counts, the test the
//! settings chose, and Fisher's conditional odds ratio beside it.

use super::values::{Computed, Method, Num, OddsRatioOut, TestResult};
use crate::settings::{Settings, TwoByTwoTest};
use crate::stats;
use serde::Serialize;

/// A 2×2 table with its tests: rows are the two levels of a factor, columns
/// the outcome no / yes.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TwoByTwo {
    /// `[[no, yes] of level 1, [no, yes] of level 2]`.
    pub counts: [[u64; 2]; 2],
    /// The test chosen in the settings.
    pub test: Computed<TestResult>,
    /// Fisher's exact test (always reported).
    pub fisher: Computed<TestResult>,
    /// Pearson's chi-square without correction.
    pub chi_square: Computed<TestResult>,
    /// Pearson's chi-square with Yates' correction.
    pub chi_square_yates: Computed<TestResult>,
    /// Odds of "yes" in level 2 relative to level 1.
    pub odds_ratio: Computed<OddsRatioOut>,
}

/// Tests a 2×2 table.
pub fn analyze(counts: [[u64; 2]; 2], s: &Settings) -> TwoByTwo {
    let fisher_result = stats::fisher::fisher_exact_with_level(counts, s.confidence_level);
    let fisher: Computed<TestResult> = match &fisher_result {
        Ok(f) => Computed::Value(TestResult {
            method: Method::Fisher,
            statistic: None,
            df: None,
            p_value: f.p_value.value(),
            p_value_is_upper_bound: f.p_value.is_upper_bound(),
        }),
        Err(e) => Computed::NotComputable(e.reason),
    };
    let odds_ratio = match fisher_result {
        Ok(f) => Computed::from(f.odds_ratio).map(|or| OddsRatioOut {
            estimate: Num(or.estimate),
            lower: Num(or.lower),
            upper: Num(or.upper),
            confidence_level: or.conf_level,
            method: Method::ConditionalOddsRatio,
        }),
        Err(e) => Computed::NotComputable(e.reason),
    };
    let chi = |yates: bool| -> Computed<TestResult> {
        Computed::from(stats::chisq::chisq_2x2(counts, yates)).map(|c| TestResult {
            method: if yates {
                Method::ChiSquareYates
            } else {
                Method::ChiSquare
            },
            statistic: Some(c.statistic),
            df: Some(f64::from(c.df)),
            p_value: c.p_value.value(),
            p_value_is_upper_bound: c.p_value.is_upper_bound(),
        })
    };
    let chi_square = chi(false);
    let chi_square_yates = chi(true);
    let test = match s.two_by_two_test {
        TwoByTwoTest::Fisher => fisher.clone(),
        TwoByTwoTest::ChiSquare => chi_square.clone(),
        TwoByTwoTest::ChiSquareYates => chi_square_yates.clone(),
    };
    TwoByTwo {
        counts,
        test,
        fisher,
        chi_square,
        chi_square_yates,
        odds_ratio,
    }
}
