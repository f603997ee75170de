//! The tests a published p-value may have come from, computed on the same
//! data: what the report holds for the cell's comparison (a 2×2 table, two
//! groups' summaries and rank-sum statistic, a correlation).

use super::{Test, TestValue};
use crate::analysis::values::{Computed, Method};
use crate::analysis::Analysis;
use crate::stats;

/// The data behind a p-value cell.
pub enum Source<'a> {
    /// A 2×2 table (Table 2, dose modification).
    TwoByTwo(&'a crate::analysis::two_by_two::TwoByTwo),
    /// Duration of use by response.
    Duration(&'a crate::analysis::efficacy::Duration),
    /// A correlation coefficient's two-sided p-value.
    Correlation {
        /// The report's p.
        p: f64,
    },
}

/// The data behind the p-value in `table`'s row `row` (the matched row's
/// id) and column `column`, when it is a p-value the report can redo.
pub fn source<'a>(a: &'a Analysis, table: &str, row: &str, column: &str) -> Option<Source<'a>> {
    let first = row.split('.').next().unwrap_or(row);
    match (table, column) {
        ("table2", "p") => a
            .table2
            .as_ref()?
            .rows
            .iter()
            .find(|r| crate::present::code(&r.factor) == first)
            .map(|r| Source::TwoByTwo(&r.table)),
        ("dose-modification", "p") => match first {
            "reduction" => Some(Source::TwoByTwo(
                &a.dose_modification.as_ref()?.reduction.table,
            )),
            "interruption" => Some(Source::TwoByTwo(
                &a.dose_modification.as_ref()?.interruption.table,
            )),
            _ => None,
        },
        ("efficacy-duration", "p_welch" | "p_mann_whitney") => {
            Some(Source::Duration(&a.efficacy.as_ref()?.duration_months))
        }
        ("table4-correlations", "pearson_p" | "spearman_p") => {
            let c = a
                .table4
                .as_ref()?
                .correlations
                .iter()
                .find(|c| crate::present::code(&c.with) == first)?;
            let k = if column == "pearson_p" {
                &c.pearson
            } else {
                &c.spearman
            };
            match k {
                Computed::Value(v) => Some(Source::Correlation { p: v.p_value }),
                Computed::NotComputable(_) => None,
            }
        }
        _ => None,
    }
}

impl Source<'_> {
    /// The p-value the report shows for `column`.
    pub fn shown(&self, column: &str) -> Option<f64> {
        match self {
            Source::TwoByTwo(t) => value(&t.test),
            Source::Duration(d) if column == "p_welch" => value(&d.welch),
            Source::Duration(d) => value(&d.mann_whitney),
            Source::Correlation { p } => Some(*p),
        }
    }

    /// Every alternative test that can be computed on the same data.
    pub fn alternatives(&self) -> Vec<TestValue> {
        let mut out = Vec::new();
        let mut push = |test, p: Option<f64>| {
            if let Some(p) = p.filter(|p| p.is_finite()) {
                out.push(TestValue {
                    test,
                    p,
                    reproduces: false,
                });
            }
        };
        match self {
            Source::TwoByTwo(t) => {
                push(Test::FisherTwoSided, value(&t.fisher));
                let one = stats::fisher::fisher_one_sided(t.counts).ok();
                push(Test::FisherLess, one.map(|o| o.less));
                push(Test::FisherGreater, one.map(|o| o.greater));
                push(Test::ChiSquare, value(&t.chi_square));
                push(Test::ChiSquareYates, value(&t.chi_square_yates));
            }
            Source::Duration(d) => {
                let group = |g: &crate::analysis::values::Describe| match &g.summary {
                    Computed::Value(s) => s.sd.map(|sd| stats::ttest::GroupSummary {
                        mean: s.mean,
                        sd,
                        n: g.n,
                    }),
                    Computed::NotComputable(_) => None,
                };
                if let (Some(x), Some(y)) = (group(&d.responders), group(&d.non_responders)) {
                    push(
                        Test::WelchT,
                        stats::ttest::welch_from_summaries(x, y)
                            .ok()
                            .map(|r| r.p_value),
                    );
                    push(
                        Test::StudentT,
                        stats::ttest::student_from_summaries(x, y)
                            .ok()
                            .map(|r| r.p_value),
                    );
                }
                if let Computed::Value(mw) = &d.mann_whitney {
                    if mw.method == Method::MannWhitneyExact {
                        // Exact only without ties, so W alone gives every
                        // variant.
                        let (nx, ny) = (d.responders.n, d.non_responders.n);
                        use stats::wilcox::{p_from_w, RankSumVariant as V};
                        let w = mw.statistic.unwrap_or(f64::NAN);
                        for (test, v) in [
                            (Test::RankSumExact, V::Exact),
                            (Test::RankSumNormalCorrected, V::NormalCorrected),
                            (Test::RankSumNormalUncorrected, V::NormalUncorrected),
                        ] {
                            push(test, p_from_w(w, nx, ny, v).ok());
                        }
                    } else {
                        push(Test::RankSumNormalCorrected, Some(mw.p_value));
                    }
                }
            }
            Source::Correlation { p } => {
                push(Test::CorrelationTwoSided, Some(*p));
                push(Test::CorrelationOneSided, Some(*p / 2.0));
            }
        }
        out
    }
}

fn value(c: &Computed<crate::analysis::values::TestResult>) -> Option<f64> {
    match c {
        Computed::Value(r) => Some(r.p_value),
        Computed::NotComputable(_) => None,
    }
}
